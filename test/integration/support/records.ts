// Direct reads and writes of the test database, for facts no page shows (what
// is stored, what the audit trail holds) and for states no service can make.
import { createHash, randomUUID } from 'node:crypto'
import type { Db } from '../../../src/data/db.js'
import { findPartnershipBySlug } from '../../../src/data/repositories/partnership-repository.js'
import { findUserByEmail, insertUser } from '../../../src/data/repositories/user-repository.js'
import { hashPassword } from '../../../src/services/passwords.js'
import type { Harness } from './app-harness.js'
import { DEMO_PASSWORD } from './app-harness.js'
import { testNow } from '../../support/test-clock.js'

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex')
}

export function dbOf(harness: Harness): Db {
  return harness.runtime.database.db
}

/** Child D's rapid review, the demo's "seen before" case (demo-seen-before.ts). */
export async function demoChildDRapidReviewId(db: Db): Promise<string> {
  const row = await db
    .selectFrom('rapid_review')
    .innerJoin('incident', 'incident.id', 'rapid_review.incident_id')
    .select('rapid_review.id as id')
    .where('incident.description', 'like', 'Demonstration rapid review%')
    .executeTakeFirstOrThrow()
  return row.id
}

export async function partnershipNamed(harness: Harness, slug: string) {
  const partnership = await findPartnershipBySlug(dbOf(harness), slug)
  if (!partnership) throw new Error(`No partnership ${slug}`)
  return partnership
}

export async function userIdOf(harness: Harness, email: string): Promise<string> {
  const user = await findUserByEmail(dbOf(harness), email)
  if (!user) throw new Error(`No user ${email}`)
  return user.id
}

/** An account with no membership at all: the services cannot make one. */
export async function insertUserWithoutMembership(
  harness: Harness,
  email: string,
  password = DEMO_PASSWORD,
): Promise<string> {
  const id = randomUUID()
  await insertUser(dbOf(harness), {
    id,
    email,
    displayName: 'Person Without Roles',
    passwordHash: await hashPassword(password),
    createdAt: testNow().toISOString(),
  })
  return id
}

export interface StoredAuditEvent {
  sequence: number
  action: string
  actorUserId: string | null
  actorLabel: string
  recordType: string
  recordId: string | null
  partnershipId: string | null
  summary: unknown
}

export async function auditEvents(
  harness: Harness,
  filter: { action?: string; afterSequence?: number } = {},
): Promise<StoredAuditEvent[]> {
  let query = dbOf(harness).selectFrom('audit_event').selectAll().orderBy('sequence')
  if (filter.action !== undefined) query = query.where('action', '=', filter.action)
  if (filter.afterSequence !== undefined) query = query.where('sequence', '>', filter.afterSequence)
  const rows = await query.execute()
  return rows.map((row) => ({
    sequence: Number(row.sequence),
    action: row.action,
    actorUserId: row.actor_user_id,
    actorLabel: row.actor_label,
    recordType: row.record_type,
    recordId: row.record_id,
    partnershipId: row.partnership_id,
    summary: JSON.parse(row.summary) as unknown,
  }))
}

export async function lastAuditSequence(harness: Harness): Promise<number> {
  const row = await dbOf(harness)
    .selectFrom('audit_event')
    .select((eb) => eb.fn.max('sequence').as('last'))
    .executeTakeFirst()
  return Number(row?.last ?? 0)
}

export async function countRows(
  harness: Harness,
  table:
    | 'partnership'
    | 'review'
    | 'app_user'
    | 'membership'
    | 'api_token'
    | 'user_session'
    | 'audit_event'
    | 'learning_point'
    | 'recommendation'
    | 'agency'
    | 'content_section',
): Promise<number> {
  const row = await dbOf(harness)
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<string | number>().as('count'))
    .executeTakeFirstOrThrow()
  return Number(row.count)
}

/** The session id inside a signed session cookie (`id.signature`). */
export function sessionIdOf(cookieValue: string | undefined): string {
  const id = cookieValue?.split('.')[0]
  if (!id) throw new Error('No session cookie')
  return id
}
