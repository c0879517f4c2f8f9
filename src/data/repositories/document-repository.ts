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
    .orderBy('uploaded_at')
    .execute()
}

export async function findDocumentContent(
  db: Db,
  id: string,
): Promise<(DocumentSummary & { content: Uint8Array }) | undefined> {
  const row = await db
    .selectFrom('document')
    .select([...summaryColumns, 'content'])
    .where('id', '=', id)
    .executeTakeFirst()
  return row && { ...row, sizeBytes: Number(row.sizeBytes), content: new Uint8Array(row.content) }
}
