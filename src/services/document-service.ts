import { createHash, randomUUID } from 'node:crypto'
import type { Db } from '../data/db.js'
import {
  findDocument,
  findDocumentContent,
  insertDocument,
  listDocumentsFor,
  markDocumentWithdrawn,
  type DocumentSummary,
} from '../data/repositories/document-repository.js'
import { assertCan, can, type Permission } from '../domain/access/policy.js'
import type { Actor } from '../domain/access/roles.js'
import {
  contentMismatch,
  detectDocumentKind,
  DOCUMENT_MEDIA_TYPES,
  type DocumentKind,
} from '../domain/documents/content-type.js'
import {
  AccessDeniedError,
  NotFoundError,
  StaleVersionError,
  ValidationError,
} from '../domain/errors.js'
import { extractOfficeText } from '../integrations/documents/office-text.js'
import { extractPdfText, type PdfTextLimits } from '../integrations/documents/pdf-text.js'
import { recordAudit } from './audit-trail.js'
import { type ServiceContext, userActor } from './context.js'
import { accessToOwner, auditAdministratorAccess } from './record-access.js'

export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
export const WITHDRAWAL_REASON_MAX_LENGTH = 2000
const FILE_NAME_MAX_LENGTH = 200

export interface DocumentUpload {
  partnershipId: string
  recordType: string
  recordId: string
  fileName: string
  bytes: Uint8Array
  /** Kinds this place accepts, e.g. agency summaries: pdf, docx, text. */
  accept: readonly DocumentKind[]
  /** The permission needed in the partnership to attach documents here. */
  permission: Permission
  /** The media type the browser declared, if any: it must agree with the content (issue 8). */
  declaredMediaType?: string | null
  /** A larger limit than MAX_DOCUMENT_BYTES where a place needs one (a review's report: 20 MB). */
  maxBytes?: number
}

const KIND_NAMES: Record<DocumentKind, string> = {
  pdf: 'PDF',
  docx: 'Word document (.docx)',
  xlsx: 'Excel workbook (.xlsx)',
  png: 'PNG image',
  jpeg: 'JPEG image',
  csv: 'CSV file',
  text: 'text file',
}

/** An upload that passed every check, ready to store. */
export interface PreparedDocument {
  readonly partnershipId: string
  readonly recordType: string
  readonly recordId: string
  /** Already made safe by safeFileName. */
  readonly fileName: string
  readonly kind: DocumentKind
  readonly bytes: Uint8Array
  readonly extractedText: string | null
}

/** Cleans a browser-supplied file name down to something safe to show and to send back. */
export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? ''
  // eslint-disable-next-line no-control-regex
  const cleaned = base.replace(/[\u0000-\u001f\u007f"<>|:*?]/g, '_').trim()
  return (cleaned === '' ? 'document' : cleaned).slice(0, FILE_NAME_MAX_LENGTH)
}

/**
 * The checks every upload passes before anything reads it: not empty, within
 * the size limit, and by its content one of the kinds the place accepts, which
 * its name and declared type must agree with (issue 8). Also used by checks
 * that store nothing, such as the stateless redaction check.
 */
export function checkUploadedFile(
  upload: Pick<DocumentUpload, 'fileName' | 'bytes' | 'accept' | 'declaredMediaType' | 'maxBytes'>,
): { fileName: string; kind: DocumentKind } {
  const acceptable = upload.accept.map((kind) => KIND_NAMES[kind]).join(', ')
  if (upload.bytes.length === 0) {
    throw new ValidationError([{ field: 'file', message: 'The selected file is empty' }])
  }
  const maxBytes = upload.maxBytes ?? MAX_DOCUMENT_BYTES
  if (upload.bytes.length > maxBytes) {
    throw new ValidationError([
      {
        field: 'file',
        message: `The selected file must be smaller than ${Math.round(maxBytes / (1024 * 1024))} MB`,
      },
    ])
  }
  const fileName = safeFileName(upload.fileName)
  const kind = detectDocumentKind(upload.bytes, fileName)
  // A file must be what its name and declared type say (issue 8): a text file
  // named fake.pdf would otherwise be served back as fake.pdf. Say what it is.
  const mismatch =
    kind === null
      ? null
      : contentMismatch({ fileName, declaredMediaType: upload.declaredMediaType, actual: kind })
  if (mismatch !== null) {
    throw new ValidationError([
      {
        field: 'file',
        message: `${mismatch}. Choose the file again, or rename it to match what it is`,
      },
    ])
  }
  if (kind === null || !upload.accept.includes(kind)) {
    throw new ValidationError([
      { field: 'file', message: `The selected file must be a ${acceptable}` },
    ])
  }
  return { fileName, kind }
}

/**
 * checkUploadedFile, then the file's text read where it has text (a PDF in the
 * sandboxed worker, Word and Excel from their XML). Throws ValidationError
 * with a message for the `file` field.
 */
export async function inspectUpload(
  upload: Pick<DocumentUpload, 'fileName' | 'bytes' | 'accept' | 'declaredMediaType' | 'maxBytes'>,
  pdfLimits?: PdfTextLimits,
): Promise<{ fileName: string; kind: DocumentKind; extractedText: string | null }> {
  const { fileName, kind } = checkUploadedFile(upload)
  let extractedText: string | null = null
  if (kind === 'pdf') {
    const result = await extractPdfText(upload.bytes, pdfLimits)
    if (!result.ok) {
      throw new ValidationError([
        {
          field: 'file',
          message:
            result.reason === 'unreadable'
              ? 'The selected PDF could not be read. It may be damaged: save it again as a PDF and upload it again'
              : result.reason === 'too-much-memory'
                ? 'The selected PDF is too complex to read safely: it needs more memory to read than we allow. Save it again as a simpler PDF, or upload it as a Word document'
                : 'The selected PDF is too complex to read safely. Save it again as a simpler PDF, or upload it as a Word document',
        },
      ])
    }
    extractedText = result.text
  } else if (kind === 'text' || kind === 'csv') {
    extractedText = new TextDecoder().decode(upload.bytes)
  } else if (kind === 'docx' || kind === 'xlsx') {
    // The content check already passed: text that cannot be read (an
    // unusual or very large file) is only text not kept, not a refusal.
    const result = extractOfficeText(upload.bytes, kind)
    extractedText = result.ok ? result.text : null
  }
  return { fileName, kind, extractedText }
}

/** Uploaded evidence and reports: checked by content, PDFs read in a sandboxed worker. */
export class DocumentService {
  constructor(
    private readonly context: ServiceContext,
    private readonly pdfLimits?: PdfTextLimits,
  ) {}

  async upload(actor: Actor | null, upload: DocumentUpload): Promise<DocumentSummary> {
    const prepared = await this.prepare(actor, upload)
    return this.save(actor!, prepared)
  }

  /**
   * Every check of an upload (permission, size, type by content, a PDF's text
   * read in the worker) without storing anything, so a form can report a bad
   * file beside its other errors and store the file with its other changes.
   */
  async prepare(actor: Actor | null, upload: DocumentUpload): Promise<PreparedDocument> {
    assertCan(actor, upload.permission, { partnershipId: upload.partnershipId })
    const { fileName, kind, extractedText } = await inspectUpload(upload, this.pdfLimits)
    return {
      partnershipId: upload.partnershipId,
      recordType: upload.recordType,
      recordId: upload.recordId,
      fileName,
      kind,
      bytes: upload.bytes,
      extractedText,
    }
  }

  /**
   * Stores a prepared document and audits it. Built on a transaction
   * (`new DocumentService({ db: trx, now })`), it joins that transaction, so the
   * document commits with the change it belongs to.
   */
  async save(actor: Actor, prepared: PreparedDocument): Promise<DocumentSummary> {
    const { db, now } = this.context
    const at = now()
    const summary: DocumentSummary = {
      id: randomUUID(),
      partnershipId: prepared.partnershipId,
      recordType: prepared.recordType,
      recordId: prepared.recordId,
      fileName: prepared.fileName,
      kind: prepared.kind,
      mediaType: DOCUMENT_MEDIA_TYPES[prepared.kind],
      sizeBytes: prepared.bytes.length,
      sha256: createHash('sha256').update(prepared.bytes).digest('hex'),
      uploadedBy: actor.userId,
      uploadedAt: at.toISOString(),
    }
    const store = async (trx: Db) => {
      await insertDocument(trx, {
        ...summary,
        content: prepared.bytes,
        extractedText: prepared.extractedText,
      })
      await recordAudit(trx, at, {
        actor: userActor(actor),
        action: 'document.uploaded',
        recordType: prepared.recordType,
        recordId: prepared.recordId,
        partnershipId: prepared.partnershipId,
        after: {
          documentId: summary.id,
          kind: prepared.kind,
          sizeBytes: summary.sizeBytes,
          sha256: summary.sha256,
        },
      })
    }
    await (db.isTransaction ? store(db) : db.transaction().execute(store))
    return summary
  }

  /**
   * Withdraws a document uploaded by mistake (issue 8): marked "entered in
   * error" with a reason and audited in the same transaction; never deleted.
   * It leaves every list and is no longer served; the audit trail (for
   * administrators) keeps its name, who withdrew it and why. Only someone who
   * may attach documents to the record (`permission`) and open the record may.
   */
  async withdraw(
    actor: Actor | null,
    id: string,
    expectedVersion: number,
    input: { reason?: unknown },
    permission: Permission,
  ): Promise<DocumentSummary> {
    const { db, now } = this.context
    const document = await findDocument(db, id)
    if (!document || document.withdrawnAt !== null) throw new NotFoundError('No such document')
    if (!can(actor, permission, { partnershipId: document.partnershipId })) {
      throw actor ? new NotFoundError('No such document') : new AccessDeniedError('Sign in')
    }
    const owner = await accessToOwner(db, actor, document.recordType, document.recordId)
    if (owner !== null && owner.access !== 'open') throw new NotFoundError('No such document')
    const reason = typeof input.reason === 'string' ? input.reason.trim() : ''
    if (reason === '') {
      throw new ValidationError([
        { field: 'reason', message: 'Enter why the document is being withdrawn' },
      ])
    }
    if (reason.length > WITHDRAWAL_REASON_MAX_LENGTH) {
      throw new ValidationError([
        {
          field: 'reason',
          message: `The reason must be ${WITHDRAWAL_REASON_MAX_LENGTH} characters or fewer`,
        },
      ])
    }
    const at = now()
    await db.transaction().execute(async (trx) => {
      const withdrawn = await markDocumentWithdrawn(trx, id, expectedVersion, {
        at: at.toISOString(),
        by: actor!.userId,
        reason,
      })
      if (!withdrawn) throw new StaleVersionError('document', id)
      await recordAudit(trx, at, {
        actor: userActor(actor!),
        action: 'document.withdrawn',
        recordType: document.recordType,
        recordId: document.recordId,
        partnershipId: document.partnershipId,
        before: { documentId: id, fileName: document.fileName, version: expectedVersion },
        after: { documentId: id, withdrawn: true, reason, version: expectedVersion + 1 },
      })
    })
    return document
  }

  /** One document's details for the withdrawal page, for someone who may withdraw it. */
  async forWithdrawal(actor: Actor | null, id: string, permission: Permission) {
    const document = await findDocument(this.context.db, id)
    if (!document || document.withdrawnAt !== null) throw new NotFoundError('No such document')
    if (!can(actor, permission, { partnershipId: document.partnershipId })) {
      throw actor ? new NotFoundError('No such document') : new AccessDeniedError('Sign in')
    }
    const owner = await accessToOwner(
      this.context.db,
      actor,
      document.recordType,
      document.recordId,
    )
    if (owner !== null && owner.access !== 'open') throw new NotFoundError('No such document')
    return document
  }

  listFor(recordType: string, recordId: string): Promise<DocumentSummary[]> {
    return listDocumentsFor(this.context.db, recordType, recordId)
  }

  /** The file, for someone who may read the partnership's records; the download is audited. */
  async download(actor: Actor | null, id: string, permission: Permission) {
    const document = await findDocumentContent(this.context.db, id)
    if (!document) throw new NotFoundError('No such document')
    if (!can(actor, permission, { partnershipId: document.partnershipId })) {
      // Others do not learn that the document exists.
      throw actor ? new NotFoundError('No such document') : new AccessDeniedError('Sign in')
    }
    const { db, now } = this.context
    // A document of a restricted incident or review is as hidden as the record (issue 4).
    const owner = await accessToOwner(db, actor, document.recordType, document.recordId)
    if (owner?.access === 'refused') throw new NotFoundError('No such document')
    if (owner?.access === 'administrator') {
      await auditAdministratorAccess(db, now(), actor!, {
        ...owner.owner,
        partnershipId: document.partnershipId,
      })
    }
    await db.transaction().execute((trx) =>
      recordAudit(trx, now(), {
        actor: userActor(actor!),
        action: 'document.downloaded',
        recordType: document.recordType,
        recordId: document.recordId,
        partnershipId: document.partnershipId,
        after: { documentId: id },
      }),
    )
    return document
  }
}
