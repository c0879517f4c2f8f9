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
  let start = { previousHash: GENESIS_HASH, sequence: 0 }
  let checked = 0
  for (;;) {
    const page = await listAuditEvents(db, { afterSequence: start.sequence, limit: pageSize })
    if (page.length === 0) return { ok: true, checked }
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
    start = { previousHash: result.lastHash, sequence: result.lastSequence }
  }
}
