import type { Db } from '../db.js'

export interface DocumentSummary {
  id: string
  partnershipId: string
  recordType: string
  recordId: string
  fileName: string
  kind: string
  mediaType: string
  sizeBytes: number
  sha256: string
  uploadedBy: string
  uploadedAt: string
}

export interface NewDocument extends DocumentSummary {
  content: Uint8Array
  extractedText: string | null
}

export async function insertDocument(db: Db, document: NewDocument): Promise<void> {
  await db
    .insertInto('document')
    .values({
      id: document.id,
      partnership_id: document.partnershipId,
      record_type: document.recordType,
      record_id: document.recordId,
      file_name: document.fileName,
      kind: document.kind,
      media_type: document.mediaType,
      size_bytes: document.sizeBytes,
      sha256: document.sha256,
      content: Buffer.from(document.content),
      extracted_text: document.extractedText,
      uploaded_by: document.uploadedBy,
      uploaded_at: document.uploadedAt,
    })
    .execute()
}

const summaryColumns = [
  'id',
  'partnership_id as partnershipId',
  'record_type as recordType',
  'record_id as recordId',
  'file_name as fileName',
  'kind',
  'media_type as mediaType',
  'size_bytes as sizeBytes',
  'sha256',
  'uploaded_by as uploadedBy',
  'uploaded_at as uploadedAt',
] as const

/** A record's documents, oldest first; withdrawn ones are off the list (issue 8). */
export function listDocumentsFor(
  db: Db,
  recordType: string,
  recordId: string,
): Promise<DocumentSummary[]> {
  return db
    .selectFrom('document')
    .select(summaryColumns)
    .where('record_type', '=', recordType)
    .where('record_id', '=', recordId)
    .where('withdrawn_at', 'is', null)
    .orderBy('uploaded_at')
    .execute()
}

/** A withdrawn document of a record, for administrators: kept, never served (issue 8). */
export interface WithdrawnDocument {
  readonly id: string
  readonly fileName: string
  readonly withdrawnAt: string
  readonly withdrawnByName: string | null
  readonly withdrawnReason: string | null
}

/** A record's withdrawn documents, in the order they were withdrawn. */
export async function listWithdrawnDocumentsFor(
  db: Db,
  recordType: string,
  recordId: string,
): Promise<WithdrawnDocument[]> {
  const rows = await db
    .selectFrom('document')
    .leftJoin('app_user', 'app_user.id', 'document.withdrawn_by')
    .select([
      'document.id',
      'document.file_name',
      'document.withdrawn_at',
      'document.withdrawn_reason',
      'app_user.display_name',
    ])
    .where('document.record_type', '=', recordType)
    .where('document.record_id', '=', recordId)
    .where('document.withdrawn_at', 'is not', null)
    .orderBy('document.withdrawn_at')
    .execute()
  return rows.map((row) => ({
    id: row.id,
    fileName: row.file_name,
    withdrawnAt: row.withdrawn_at ?? '',
    withdrawnByName: row.display_name,
    withdrawnReason: row.withdrawn_reason,
  }))
}

/** A document's details with its withdrawal, withdrawn or not (for the withdrawal itself). */
export interface DocumentRecord extends DocumentSummary {
  version: number
  withdrawnAt: string | null
  withdrawnBy: string | null
  withdrawnReason: string | null
}

export async function findDocument(db: Db, id: string): Promise<DocumentRecord | undefined> {
  const row = await db
    .selectFrom('document')
    .select([
      ...summaryColumns,
      'version',
      'withdrawn_at as withdrawnAt',
      'withdrawn_by as withdrawnBy',
      'withdrawn_reason as withdrawnReason',
    ])
    .where('id', '=', id)
    .executeTakeFirst()
  return row && { ...row, sizeBytes: Number(row.sizeBytes), version: Number(row.version) }
}

/** Marks a document withdrawn at the version read; false when it has changed since. */
export async function markDocumentWithdrawn(
  db: Db,
  id: string,
  expectedVersion: number,
  withdrawal: { at: string; by: string; reason: string },
): Promise<boolean> {
  const result = await db
    .updateTable('document')
    .set({
      withdrawn_at: withdrawal.at,
      withdrawn_by: withdrawal.by,
      withdrawn_reason: withdrawal.reason,
      version: expectedVersion + 1,
    })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .where('withdrawn_at', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

export async function findDocumentContent(
  db: Db,
  id: string,
): Promise<(DocumentSummary & { content: Uint8Array }) | undefined> {
  const row = await db
    .selectFrom('document')
    .select([...summaryColumns, 'content'])
    .where('id', '=', id)
    // A withdrawn document is no longer served to anyone (issue 8).
    .where('withdrawn_at', 'is', null)
    .executeTakeFirst()
  return row && { ...row, sizeBytes: Number(row.sizeBytes), content: new Uint8Array(row.content) }
}
