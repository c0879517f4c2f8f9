import { randomUUID } from 'node:crypto'
import type { Db } from '../data/db.js'
import {
  appendAuditEvent,
  claimNextAuditLink,
  listAuditEvents,
} from '../data/repositories/audit-repository.js'
import { GENESIS_HASH, hashAuditEvent, verifyChainSegment } from '../domain/audit/hash-chain.js'
import type { AuditActor } from './context.js'

export interface AuditEntry {
  actor: AuditActor
  action: string
  recordType: string
  recordId: string | null
  partnershipId: string | null
  /** A short before/after summary. Never restricted identity fields. */
  before?: Record<string, unknown>
  after?: Record<string, unknown>
}

/**
 * Writes one audit event. Call it with the transaction that makes the change,
 * so the change and its record commit together or not at all.
 */
export async function recordAudit(db: Db, at: Date, entry: AuditEntry): Promise<void> {
  // Claiming a link, writing the event and moving the head must be one unit:
  // outside a transaction two concurrent writers read the same previous hash
  // and the chain breaks (sign-in and sign-out events are written this way).
  if (!db.isTransaction) {
    await db.transaction().execute((trx) => recordAudit(trx, at, entry))
    return
  }
  const { sequence, previousHash } = await claimNextAuditLink(db)
  const content = {
    sequence,
    id: randomUUID(),
    occurredAt: at.toISOString(),
    actorUserId: entry.actor.kind === 'user' ? entry.actor.userId : null,
    actorLabel: entry.actor.label,
    action: entry.action,
    recordType: entry.recordType,
    recordId: entry.recordId,
    partnershipId: entry.partnershipId,
    summary: JSON.stringify({
      ...(entry.before ? { before: entry.before } : {}),
      ...(entry.after ? { after: entry.after } : {}),
    }),
  }
  await appendAuditEvent(db, {
    ...content,
    previousHash,
    hash: hashAuditEvent(previousHash, content),
  })
}

export type AuditVerification =
  | { ok: true; checked: number }
  | { ok: false; checked: number; brokenAtSequence: number; reason: string }

/** Walks the whole chain in pages so a long history does not fill memory. */
export async function verifyAuditTrail(db: Db, pageSize = 1000): Promise<AuditVerification> {
  // Removing the newest events breaks no later link, but the chain head (moved
  // in the same transaction as each event) still names the last one. It is read
  // before the walk: events appended meanwhile chain on from it and are checked too.
  const head = await db
    .selectFrom('audit_chain_head')
    .select(['last_sequence', 'last_hash'])
    .where('id', '=', 1)
    .executeTakeFirst()
  if (!head) {
    return { ok: false, checked: 0, brokenAtSequence: 1, reason: 'the chain head is missing' }
  }
  const headSequence = Number(head.last_sequence)
  let start = { previousHash: GENESIS_HASH, sequence: 0 }
  let checked = 0
  for (;;) {
    const page = await listAuditEvents(db, { afterSequence: start.sequence, limit: pageSize })
    if (page.length === 0) break
    const result = verifyChainSegment(page, start)
    checked += result.checked
    if (!result.ok) {
      return {
        ok: false,
        checked,
        brokenAtSequence: result.brokenAtSequence,
        reason: result.reason,
      }
    }
    const atHead = page.find((event) => event.sequence === headSequence)
    if (atHead && atHead.hash !== head.last_hash) {
      return {
        ok: false,
        checked,
        brokenAtSequence: headSequence,
        reason: 'it does not match the chain head',
      }
    }
    start = { previousHash: result.lastHash, sequence: result.lastSequence }
  }
  if (start.sequence < headSequence) {
    return {
      ok: false,
      checked,
      brokenAtSequence: start.sequence + 1,
      reason: `events ${start.sequence + 1} to ${headSequence} are missing from the end`,
    }
  }
  return { ok: true, checked }
}
