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
