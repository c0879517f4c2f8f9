// Evidence on actions (files kept in `document`, links) and requests for a
// later due date (0020-action-evidence-and-assurance). Withdrawn evidence and
// decided requests are kept: the action's story shows what was there and why
// it changed.
import type { Db } from '../../db.js'

export interface ActionEvidenceRecord {
  id: string
  actionId: string
  updateId: string | null
  kind: 'file' | 'link'
  documentId: string | null
  fileName: string | null
  mediaType: string | null
  sizeBytes: number | null
  url: string | null
  addedByName: string
  addedAt: string
  withdrawnAt: string | null
  withdrawnByName: string | null
  withdrawnReason: string | null
  version: number
}

function evidenceQuery(db: Db) {
  return db
    .selectFrom('action_evidence')
    .leftJoin('document', 'document.id', 'action_evidence.document_id')
    .select([
      'action_evidence.id',
      'action_evidence.action_id',
      'action_evidence.update_id',
      'action_evidence.kind',
      'action_evidence.document_id',
      'document.file_name',
      'document.media_type',
      'document.size_bytes',
      'action_evidence.url',
      'action_evidence.added_by_name',
      'action_evidence.added_at',
      'action_evidence.withdrawn_at',
      'action_evidence.withdrawn_by_name',
      'action_evidence.withdrawn_reason',
      'action_evidence.version',
    ])
}

type EvidenceRow = Awaited<ReturnType<ReturnType<typeof evidenceQuery>['executeTakeFirstOrThrow']>>

function toEvidence(row: EvidenceRow): ActionEvidenceRecord {
  return {
    id: row.id,
    actionId: row.action_id,
    updateId: row.update_id,
    kind: row.kind === 'file' ? 'file' : 'link',
    documentId: row.document_id,
    fileName: row.file_name,
    mediaType: row.media_type,
    sizeBytes: row.size_bytes === null ? null : Number(row.size_bytes),
    url: row.url,
    addedByName: row.added_by_name,
    addedAt: row.added_at,
    withdrawnAt: row.withdrawn_at,
    withdrawnByName: row.withdrawn_by_name,
    withdrawnReason: row.withdrawn_reason,
    version: Number(row.version),
  }
}

/** All the action's evidence, withdrawn too, oldest first. */
export async function listActionEvidence(
  db: Db,
  actionId: string,
): Promise<ActionEvidenceRecord[]> {
  const rows = await evidenceQuery(db)
    .where('action_evidence.action_id', '=', actionId)
    .orderBy('action_evidence.added_at')
    .orderBy('action_evidence.id')
    .execute()
  return rows.map(toEvidence)
}

export async function findActionEvidence(db: Db, id: string): Promise<ActionEvidenceRecord | null> {
  const row = await evidenceQuery(db).where('action_evidence.id', '=', id).executeTakeFirst()
  return row ? toEvidence(row) : null
}

/** Evidence not withdrawn: what "completed" rests on. */
export async function countLiveActionEvidence(db: Db, actionId: string): Promise<number> {
  const row = await db
    .selectFrom('action_evidence')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('action_id', '=', actionId)
    .where('withdrawn_at', 'is', null)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

export interface NewActionEvidenceRow {
  id: string
  actionId: string
  updateId: string | null
  kind: 'file' | 'link'
  documentId: string | null
  url: string | null
  addedByUserId: string | null
  addedByName: string
  addedAt: string
}

export async function insertActionEvidence(db: Db, row: NewActionEvidenceRow): Promise<void> {
  await db
    .insertInto('action_evidence')
    .values({
      id: row.id,
      action_id: row.actionId,
      update_id: row.updateId,
      kind: row.kind,
      document_id: row.documentId,
      url: row.url,
      added_by_user_id: row.addedByUserId,
      added_by_name: row.addedByName,
      added_at: row.addedAt,
    })
    .execute()
}

/** Marks evidence withdrawn if nobody changed it since `expectedVersion`; false when stale. */
export async function markActionEvidenceWithdrawn(
  db: Db,
  id: string,
  expectedVersion: number,
  withdrawal: { at: string; byName: string; reason: string },
): Promise<boolean> {
  const result = await db
    .updateTable('action_evidence')
    .set({
      withdrawn_at: withdrawal.at,
      withdrawn_by_name: withdrawal.byName,
      withdrawn_reason: withdrawal.reason,
      version: expectedVersion + 1,
    })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .where('withdrawn_at', 'is', null)
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}

// ── Requests for a later due date ──────────────────────────────────────────

export interface DueDateRequestRecord {
  id: string
  actionId: string
  currentDueOn: string
  requestedOn: string
  reason: string
  requestedByName: string
  requestedAt: string
  state: 'pending' | 'agreed' | 'refused'
  decidedByName: string | null
  decidedAt: string | null
  decisionNote: string | null
}

export async function listDueDateRequests(
  db: Db,
  actionId: string,
): Promise<DueDateRequestRecord[]> {
  const rows = await db
    .selectFrom('action_due_date_request')
    .selectAll()
    .where('action_id', '=', actionId)
    .orderBy('requested_at')
    .orderBy('id')
    .execute()
  return rows.map((row) => ({
    id: row.id,
    actionId: row.action_id,
    currentDueOn: row.current_due_on,
    requestedOn: row.requested_on,
    reason: row.reason,
    requestedByName: row.requested_by_name,
    requestedAt: row.requested_at,
    state: row.state as DueDateRequestRecord['state'],
    decidedByName: row.decided_by_name,
    decidedAt: row.decided_at,
    decisionNote: row.decision_note,
  }))
}

export async function insertDueDateRequest(
  db: Db,
  row: {
    id: string
    actionId: string
    currentDueOn: string
    requestedOn: string
    reason: string
    requestedByUserId: string | null
    requestedByName: string
    requestedAt: string
  },
): Promise<void> {
  await db
    .insertInto('action_due_date_request')
    .values({
      id: row.id,
      action_id: row.actionId,
      current_due_on: row.currentDueOn,
      requested_on: row.requestedOn,
      reason: row.reason,
      requested_by_user_id: row.requestedByUserId,
      requested_by_name: row.requestedByName,
      requested_at: row.requestedAt,
      state: 'pending',
    })
    .execute()
}

/** Records the decision on a pending request; false when it was no longer pending. */
export async function decideDueDateRequest(
  db: Db,
  id: string,
  decision: { state: 'agreed' | 'refused'; byName: string; at: string; note: string },
): Promise<boolean> {
  const result = await db
    .updateTable('action_due_date_request')
    .set({
      state: decision.state,
      decided_by_name: decision.byName,
      decided_at: decision.at,
      decision_note: decision.note === '' ? null : decision.note,
    })
    .where('id', '=', id)
    .where('state', '=', 'pending')
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}
