// Each audit event carries the hash of the one before it, so removing, reordering
// or editing any event breaks every later link and `verify-audit` finds it.
import { createHash } from 'node:crypto'

export interface ChainedEventContent {
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
}

export const GENESIS_HASH = 'genesis'

export function hashAuditEvent(previousHash: string, event: ChainedEventContent): string {
  // A fixed field order, not JSON.stringify of the object, so the hash does not
  // depend on how an object happened to be built.
  const canonical = JSON.stringify([
    event.sequence,
    event.id,
    event.occurredAt,
    event.actorUserId,
    event.actorLabel,
    event.action,
    event.recordType,
    event.recordId,
    event.partnershipId,
    event.summary,
  ])
  return createHash('sha256').update(previousHash).update('\n').update(canonical).digest('hex')
}

export type ChainCheck =
  | { ok: true; checked: number }
  | { ok: false; checked: number; brokenAtSequence: number; reason: string }

/** Checks a run of events in sequence order, starting from `previousHash`. */
export function verifyChainSegment(
  events: readonly (ChainedEventContent & { previousHash: string; hash: string })[],
  start: { previousHash: string; sequence: number },
): ChainCheck & { lastHash: string; lastSequence: number } {
  let previousHash = start.previousHash
  let expectedSequence = start.sequence + 1
  let checked = 0
  for (const event of events) {
    const fail = (reason: string) => ({
      ok: false as const,
      checked,
      brokenAtSequence: event.sequence,
      reason,
      lastHash: previousHash,
      lastSequence: expectedSequence - 1,
    })
    if (event.sequence !== expectedSequence) {
      return fail(`event ${expectedSequence} is missing (found ${event.sequence} next)`)
    }
    if (event.previousHash !== previousHash) {
      return fail('its link to the previous event does not match')
    }
    if (hashAuditEvent(previousHash, event) !== event.hash) {
      return fail('its content does not match its hash (it was changed after it was written)')
    }
    previousHash = event.hash
    expectedSequence += 1
    checked += 1
  }
  return { ok: true, checked, lastHash: previousHash, lastSequence: expectedSequence - 1 }
}
