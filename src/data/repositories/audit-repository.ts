import type { CompiledQuery } from 'kysely'
import type { Db } from '../db.js'

export interface AuditEventRecord {
  sequence: number
  id: string
  occurredAt: string
  actorUserId: string | null
  actorLabel: string
  action: string
  recordType: string
  recordId: string | null
  partnershipId: string | null
  summary: string
  previousHash: string
  hash: string
}

/**
 * The sequence of the newest audit event. Every change writes an audit event
 * in its own transaction, so this number moves, once committed, with every
 * change to the data: a cheap "has anything changed?" for caches.
 */
export async function readAuditHeadSequence(db: Db): Promise<number> {
  // Compiled once per database: the public pages' cache asks on every request.
  let compiled = compiledHeadQueries.get(db)
  if (compiled === undefined) {
    compiled = db
      .selectFrom('audit_chain_head')
      .select('last_sequence')
      .where('id', '=', 1)
      .compile()
    compiledHeadQueries.set(db, compiled)
  }
  const result = await db.executeQuery(compiled)
  return Number(result.rows[0]?.last_sequence ?? 0)
}

const compiledHeadQueries = new WeakMap<
  Db,
  CompiledQuery<{ last_sequence: number | string | bigint }>
>()

/**
 * Claims the next link of the chain. The update takes the head row's lock, so
 * concurrent writers on PostgreSQL queue here; SQLite has one writer anyway.
 */
export async function claimNextAuditLink(
  db: Db,
): Promise<{ sequence: number; previousHash: string }> {
  const head = await db
    .updateTable('audit_chain_head')
    .set((eb) => ({ last_sequence: eb('last_sequence', '+', 1) }))
    .where('id', '=', 1)
    .returning(['last_sequence', 'last_hash'])
    .executeTakeFirstOrThrow()
  return { sequence: Number(head.last_sequence), previousHash: head.last_hash }
}

export async function appendAuditEvent(db: Db, event: AuditEventRecord): Promise<void> {
  await db
    .insertInto('audit_event')
    .values({
      sequence: event.sequence,
      id: event.id,
      occurred_at: event.occurredAt,
      actor_user_id: event.actorUserId,
      actor_label: event.actorLabel,
      action: event.action,
      record_type: event.recordType,
      record_id: event.recordId,
      partnership_id: event.partnershipId,
      summary: event.summary,
      previous_hash: event.previousHash,
      hash: event.hash,
    })
    .execute()
  await db
    .updateTable('audit_chain_head')
    .set({ last_hash: event.hash })
    .where('id', '=', 1)
    .execute()
}

export async function listAuditEvents(
  db: Db,
  filter: { recordType?: string; recordId?: string; afterSequence?: number; limit: number },
): Promise<AuditEventRecord[]> {
  let query = db.selectFrom('audit_event').selectAll()
  if (filter.recordType !== undefined) query = query.where('record_type', '=', filter.recordType)
  if (filter.recordId !== undefined) query = query.where('record_id', '=', filter.recordId)
  if (filter.afterSequence !== undefined) {
    query = query.where('sequence', '>', filter.afterSequence)
  }
  const rows = await query.orderBy('sequence').limit(filter.limit).execute()
  return rows.map((row) => ({
    sequence: Number(row.sequence),
    id: row.id,
    occurredAt: row.occurred_at,
    actorUserId: row.actor_user_id,
    actorLabel: row.actor_label,
    action: row.action,
    recordType: row.record_type,
    recordId: row.record_id,
    partnershipId: row.partnership_id,
    summary: row.summary,
    previousHash: row.previous_hash,
    hash: row.hash,
  }))
}

export interface AuditSearch {
  actorUserId?: string
  recordId?: string
  action?: string
  /** Inclusive ISO timestamps. */
  from?: string
  to?: string
  /** Events of these partnerships, plus those tied to no partnership (sign-ins, settings). */
  partnershipIds: string[]
  limit: number
  offset: number
}

export async function searchAuditEvents(
  db: Db,
  search: AuditSearch,
): Promise<{ events: AuditEventRecord[]; total: number }> {
  let query = db
    .selectFrom('audit_event')
    .where((eb) =>
      eb.or([
        eb('partnership_id', 'is', null),
        ...(search.partnershipIds.length > 0
          ? [eb('partnership_id', 'in', search.partnershipIds)]
          : []),
      ]),
    )
  if (search.actorUserId !== undefined)
    query = query.where('actor_user_id', '=', search.actorUserId)
  if (search.recordId !== undefined) query = query.where('record_id', '=', search.recordId)
  if (search.action !== undefined) query = query.where('action', '=', search.action)
  if (search.from !== undefined) query = query.where('occurred_at', '>=', search.from)
  if (search.to !== undefined) query = query.where('occurred_at', '<=', search.to)
  const [rows, count] = await Promise.all([
    query
      .selectAll()
      .orderBy('sequence', 'desc')
      .limit(search.limit)
      .offset(search.offset)
      .execute(),
    query.select((eb) => eb.fn.countAll<string | number>().as('total')).executeTakeFirstOrThrow(),
  ])
  return {
    total: Number(count.total),
    events: rows.map((row) => ({
      sequence: Number(row.sequence),
      id: row.id,
      occurredAt: row.occurred_at,
      actorUserId: row.actor_user_id,
      actorLabel: row.actor_label,
      action: row.action,
      recordType: row.record_type,
      recordId: row.record_id,
      partnershipId: row.partnership_id,
      summary: row.summary,
      previousHash: row.previous_hash,
      hash: row.hash,
    })),
  }
}

export async function distinctAuditActions(db: Db): Promise<string[]> {
  const rows = await db
    .selectFrom('audit_event')
    .select('action')
    .distinct()
    .orderBy('action')
    .execute()
  return rows.map((row) => row.action)
}
