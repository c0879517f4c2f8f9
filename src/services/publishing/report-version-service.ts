// A review's report versions (issue 9) and the redaction check on each (S17).
// A version is uploaded by the review team or an administrator, stored as a
// document (same size, type and content checks, same storage), read for its
// text from every place a reader can get at it, and checked at once for the
// children's identifying details and the review's names and details not to
// publish. Hits keep a masked excerpt only. Drafts are for the team and
// administrators; others who may open the review get "not allowed", and those
// who may not open it "not found". Nothing is deleted: a version is withdrawn
// with a reason, a hit is dismissed as a false alarm with a reason, audited.
import { randomUUID } from 'node:crypto'
import type { Db } from '../../data/db.js'
import { findDocumentContent } from '../../data/repositories/document-repository.js'
import { findChildIdentities } from '../../data/repositories/incident-repository.js'
import {
  findProtectedDetailValues,
  findReviewIncidentId,
  listChildPseudonyms,
  listProtectedDetails,
} from '../../data/repositories/publishing/protected-detail-repository.js'
import {
  countOpenHits,
  findReportVersion,
  insertReportVersion,
  listRedactionHits,
  listReportVersions,
  markHitDismissed,
  markReportVersionWithdrawn,
  replaceRedactionHits,
  replaceReportVersionText,
  reportVersionText,
  type RedactionHitRecord,
  type ReportVersionRecord,
} from '../../data/repositories/publishing/report-version-repository.js'
import {
  findReviewWork,
  type ReviewWorkRecord,
} from '../../data/repositories/review-work-repository.js'
import type { ReviewAccessScope } from '../../domain/access/policy.js'
import type { Actor } from '../../domain/access/roles.js'
import {
  AccessDeniedError,
  NotFoundError,
  StaleVersionError,
  ValidationError,
  type FieldError,
} from '../../domain/errors.js'
import {
  canDismissRedactionHits,
  draftReportAccess,
  isClearToPublish,
  MAX_REPORT_BYTES,
  REASON_MAX_LENGTH,
  REPORT_NOTE_MAX_LENGTH,
  type DraftReportAccess,
} from '../../domain/publishing/report-versions.js'
import {
  findRedactionHits,
  LOCATION_KINDS,
  type LocationKind,
  type TextSection,
} from '../../domain/redaction/redaction-check.js'
import { reviewTerms, type LabelledTerm } from '../../domain/redaction/review-terms.js'
import type { DocumentKind } from '../../domain/documents/content-type.js'
import type { PdfTextLimits } from '../../integrations/documents/pdf-text.js'
import { recordAudit } from '../audit-trail.js'
import { type ServiceContext, userActor } from '../context.js'
import { DocumentService } from '../document-service.js'
import { accessListOf, auditAdministratorAccess, reviewAccess } from '../record-access.js'
import { accessScopeOf } from '../review-views.js'
import { readReportSections } from './report-text.js'
import { indexReviewForStaffSearch } from '../learning/staff-search-service.js'

export interface ReportVersionUpload {
  readonly fileName: string
  readonly bytes: Uint8Array
  readonly declaredMediaType: string | null
  readonly note?: unknown
}

export interface RedactionHitView extends RedactionHitRecord {
  /** Which detail was found, in words ("Child A: date of birth"); null for a warning. */
  readonly termLabel: string | null
}

export interface ReportVersionPage {
  readonly review: { id: string; title: string; partnershipId: string }
  readonly version: ReportVersionRecord
  readonly hits: RedactionHitView[]
  readonly clear: boolean
  readonly canDismiss: boolean
  readonly canWithdraw: boolean
}

export interface ReviewReports {
  /** Draft versions are shown only to the team and administrators. */
  readonly access: DraftReportAccess
  readonly versions: ReportVersionRecord[]
  /** How many names and details not to publish the review lists. */
  readonly protectedDetails: number
}

export interface LoadedReview {
  readonly record: ReviewWorkRecord
  readonly scope: ReviewAccessScope
  readonly access: DraftReportAccess
}

function readReason(value: unknown, field: string, required: string, errors: FieldError[]): string {
  const reason = typeof value === 'string' ? value.trim() : ''
  if (reason === '') errors.push({ field, message: required })
  else if (reason.length > REASON_MAX_LENGTH) {
    errors.push({ field, message: `The reason must be ${REASON_MAX_LENGTH} characters or fewer` })
  }
  return reason
}

/**
 * The review if the actor may open it (not found otherwise) and, for the
 * report's drafts, the team or an administrator (not allowed otherwise). For
 * the report's versions here and for publishing them.
 */
export async function openReviewReports(
  context: ServiceContext,
  actor: Actor | null,
  reviewId: string,
  audit = true,
): Promise<LoadedReview> {
  const { db } = context
  if (!actor) throw new AccessDeniedError('Sign in')
  const record = await findReviewWork(db, reviewId)
  if (!record) throw new NotFoundError('No such review')
  const scope = accessScopeOf(record, await accessListOf(db, 'review', record))
  const opened = reviewAccess(actor, scope)
  if (opened === 'refused') throw new NotFoundError('No such review')
  const access = draftReportAccess(actor, scope)
  if (access === 'none')
    throw new AccessDeniedError('Not allowed: draft reports are for the review team')
  if (audit && opened === 'administrator') {
    await auditAdministratorAccess(db, context.now(), actor, {
      recordType: 'review',
      recordId: record.id,
      partnershipId: record.leadPartnership.id,
    })
  }
  return { record, scope, access }
}

export class ReportVersionService {
  constructor(
    private readonly context: ServiceContext,
    private readonly pdfLimits?: Partial<PdfTextLimits>,
  ) {}

  private review(db: Db, actor: Actor | null, reviewId: string, audit = true) {
    return openReviewReports({ db, now: this.context.now }, actor, reviewId, audit)
  }

  private async version(db: Db, reviewId: string, versionId: string): Promise<ReportVersionRecord> {
    const version = await findReportVersion(db, versionId)
    if (!version || version.reviewId !== reviewId) throw new NotFoundError('No such report version')
    return version
  }

  /** For the review page: the versions, if the actor may see drafts (an empty list otherwise). */
  async forReviewPage(actor: Actor | null, reviewId: string): Promise<ReviewReports> {
    const { db } = this.context
    const record = await findReviewWork(db, reviewId)
    if (!record || !actor) return { access: 'none', versions: [], protectedDetails: 0 }
    const scope = accessScopeOf(record, await accessListOf(db, 'review', record))
    if (reviewAccess(actor, scope) === 'refused') throw new NotFoundError('No such review')
    const access = draftReportAccess(actor, scope)
    if (access === 'none') return { access, versions: [], protectedDetails: 0 }
    const [versions, details] = await Promise.all([
      listReportVersions(db, reviewId),
      listProtectedDetails(db, reviewId),
    ])
    return { access, versions, protectedDetails: details.length }
  }

  /** The review's title, for the upload page, if the actor may upload. */
  async uploadPage(actor: Actor | null, reviewId: string) {
    const { record } = await this.review(this.context.db, actor, reviewId)
    return {
      id: record.id,
      title: record.title,
      maxBytes: MAX_REPORT_BYTES,
      noteMaxLength: REPORT_NOTE_MAX_LENGTH,
    }
  }

  /** Checks, stores, reads and checks a new version, all in one transaction with its audit events. */
  async upload(
    actor: Actor | null,
    reviewId: string,
    upload: ReportVersionUpload,
  ): Promise<{ id: string; number: number }> {
    const { db, now } = this.context
    const { record } = await this.review(db, actor, reviewId)
    const errors: FieldError[] = []
    const note = typeof upload.note === 'string' ? upload.note.trim() : ''
    if (note.length > REPORT_NOTE_MAX_LENGTH) {
      errors.push({
        field: 'note',
        message: `The note must be ${REPORT_NOTE_MAX_LENGTH} characters or fewer`,
      })
    }
    const documents = new DocumentService(this.context, this.pdfLimits as PdfTextLimits | undefined)
    const id = randomUUID()
    let prepared: Awaited<ReturnType<DocumentService['prepare']>> | null = null
    try {
      prepared = await documents.prepare(actor, {
        partnershipId: record.leadPartnership.id,
        recordType: 'report-version',
        recordId: id,
        fileName: upload.fileName,
        bytes: upload.bytes,
        accept: ['pdf', 'docx'],
        // The team check above is the real one; administrators hold this too.
        permission: 'reviews:read-internal',
        declaredMediaType: upload.declaredMediaType,
        maxBytes: MAX_REPORT_BYTES,
      })
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      errors.push(...error.errors)
    }
    let sections: TextSection[] = []
    if (prepared) {
      try {
        sections = await readReportSections(prepared.kind, prepared.bytes, this.pdfLimits)
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error
        errors.push(...error.errors)
      }
    }
    if (errors.length > 0 || !prepared) throw new ValidationError(errors)
    const ready = {
      ...prepared,
      extractedText: sections.map((section) => section.text).join('\n\n'),
    }
    const terms = await this.termsOf(db, reviewId)
    const at = now()
    return db.transaction().execute(async (trx) => {
      const document = await new DocumentService({ db: trx, now }).save(actor!, ready)
      const number = await insertReportVersion(trx, {
        id,
        reviewId,
        partnershipId: record.leadPartnership.id,
        documentId: document.id,
        note: note === '' ? null : note,
        uploadedBy: actor!.userId,
        uploadedAt: at.toISOString(),
      })
      await replaceReportVersionText(trx, id, sections, randomUUID)
      const hits = await this.storeCheck(trx, id, sections, terms, at)
      await recordAudit(trx, at, {
        actor: userActor(actor!),
        action: 'report-version.uploaded',
        recordType: 'review',
        recordId: reviewId,
        partnershipId: record.leadPartnership.id,
        after: {
          reportVersionId: id,
          number,
          documentId: document.id,
          kind: prepared.kind,
          sizeBytes: document.sizeBytes,
          termsChecked: terms.length,
          hits,
        },
      })
      // The staff search follows the reports in the same transaction (issue 11).
      await indexReviewForStaffSearch(trx, reviewId, at, { reports: true })
      return { id, number }
    })
  }

  /**
   * Runs the check on a document about to be published (the public copy of a
   * version, S17) and answers with the hits that no dismissal of the version's
   * own hits covers: a hit dismissed as a false alarm on the version stays
   * dismissed on its copy. Nothing is stored.
   */
  async checkPublicCopy(
    db: Db,
    reviewId: string,
    versionId: string,
    kind: DocumentKind,
    bytes: Uint8Array,
  ): Promise<{ location: string; page: number | null }[]> {
    const sections = await readReportSections(kind, bytes, this.pdfLimits)
    const terms = await this.termsOf(db, reviewId)
    const dismissed = (await listRedactionHits(db, versionId)).filter(
      (hit) => hit.dismissedAt !== null,
    )
    return findRedactionHits(sections, terms)
      .filter((hit) => {
        const termRef = hit.term === null ? null : (terms[hit.term]?.ref ?? null)
        return !dismissed.some(
          (one) => one.kind === hit.kind && one.termRef === termRef && one.excerpt === hit.excerpt,
        )
      })
      .map((hit) => ({ location: hit.location, page: hit.page }))
  }

  /** The terms for this review: restricted values, used here and never returned. */
  private async termsOf(db: Db, reviewId: string): Promise<LabelledTerm[]> {
    const incidentId = await findReviewIncidentId(db, reviewId)
    const children = incidentId === null ? [] : await childIdentitiesWithPseudonyms(db, incidentId)
    const details = await findProtectedDetailValues(db, reviewId)
    const described = await listProtectedDetails(db, reviewId)
    return reviewTerms(
      children,
      details.map((detail) => ({
        ...detail,
        description:
          described.find((one) => one.id === detail.id)?.description ?? 'A detail not to publish',
      })),
    )
  }

  private async storeCheck(
    trx: Db,
    versionId: string,
    sections: readonly TextSection[],
    terms: readonly LabelledTerm[],
    at: Date,
  ): Promise<number> {
    const hits = findRedactionHits(sections, terms)
    await replaceRedactionHits(
      trx,
      versionId,
      hits.map((hit) => ({
        kind: hit.kind,
        termRef: hit.term === null ? null : (terms[hit.term]?.ref ?? null),
        warning: hit.warning,
        location: hit.location,
        page: hit.page,
        excerpt: hit.excerpt,
      })),
      at.toISOString(),
      terms.length,
      randomUUID,
    )
    return hits.length
  }

  /**
   * Runs the check again on the stored text with the review's terms as they
   * are now (after a detail was added to the list, say). Dismissals of hits
   * found again are kept.
   */
  async recheck(actor: Actor | null, reviewId: string, versionId: string): Promise<number> {
    const { db, now } = this.context
    const { record } = await this.review(db, actor, reviewId)
    const version = await this.version(db, reviewId, versionId)
    if (version.withdrawnAt !== null) throw new NotFoundError('No such report version')
    const sections = (await reportVersionText(db, versionId)).map((section): TextSection => ({
      location: (LOCATION_KINDS as readonly string[]).includes(section.location)
        ? (section.location as LocationKind)
        : 'body',
      page: section.page,
      text: section.text,
    }))
    const terms = await this.termsOf(db, reviewId)
    const at = now()
    return db.transaction().execute(async (trx) => {
      const hits = await this.storeCheck(trx, versionId, sections, terms, at)
      await recordAudit(trx, at, {
        actor: userActor(actor!),
        action: 'report-version.checked',
        recordType: 'review',
        recordId: reviewId,
        partnershipId: record.leadPartnership.id,
        after: { reportVersionId: versionId, termsChecked: terms.length, hits },
      })
      return hits
    })
  }

  async page(actor: Actor | null, reviewId: string, versionId: string): Promise<ReportVersionPage> {
    const { db } = this.context
    const { record, scope } = await this.review(db, actor, reviewId)
    const version = await this.version(db, reviewId, versionId)
    const [hits, terms] = await Promise.all([
      listRedactionHits(db, versionId),
      this.labelsOf(db, reviewId),
    ])
    return {
      review: { id: record.id, title: record.title, partnershipId: record.leadPartnership.id },
      version,
      hits: hits.map((hit) => ({
        ...hit,
        termLabel:
          hit.termRef === null
            ? null
            : (terms.get(hit.termRef) ?? 'A detail no longer on the list'),
      })),
      clear: version.checkedAt !== null && hits.every((hit) => hit.dismissedAt !== null),
      canDismiss: version.withdrawnAt === null && canDismissRedactionHits(actor, scope),
      canWithdraw: version.withdrawnAt === null,
    }
  }

  /** Term references to labels, without reading any restricted value. */
  private async labelsOf(db: Db, reviewId: string): Promise<Map<string, string>> {
    const incidentId = await findReviewIncidentId(db, reviewId)
    const labels = new Map<string, string>()
    if (incidentId !== null) {
      const children = await listChildPseudonyms(db, incidentId)
      for (const child of children) {
        const ref = (field: string) => `child:${Number(child.position)}:${field}`
        labels.set(ref('name'), `${child.pseudonym}: name`)
        labels.set(ref('date-of-birth'), `${child.pseudonym}: date of birth`)
        labels.set(ref('postcode'), `${child.pseudonym}: postcode`)
        labels.set(ref('address'), `${child.pseudonym}: address`)
        labels.set(ref('la-reference'), `${child.pseudonym}: local authority reference`)
        labels.set(ref('nhs-number'), `${child.pseudonym}: NHS number`)
      }
    }
    for (const detail of await listProtectedDetails(db, reviewId)) {
      labels.set(`detail:${detail.id}`, detail.description)
    }
    return labels
  }

  /** The file, for the team and administrators; the download is audited. */
  async download(actor: Actor | null, reviewId: string, versionId: string) {
    const { db, now } = this.context
    const { record } = await this.review(db, actor, reviewId)
    const version = await this.version(db, reviewId, versionId)
    if (version.withdrawnAt !== null) throw new NotFoundError('No such report version')
    const document = await findDocumentContent(db, version.documentId)
    if (!document) throw new NotFoundError('No such report version')
    await recordAudit(db, now(), {
      actor: userActor(actor!),
      action: 'report-version.downloaded',
      recordType: 'review',
      recordId: reviewId,
      partnershipId: record.leadPartnership.id,
      after: { reportVersionId: versionId, documentId: version.documentId },
    })
    return document
  }

  async withdraw(
    actor: Actor | null,
    reviewId: string,
    versionId: string,
    expectedVersion: number,
    input: { reason?: unknown },
  ): Promise<ReportVersionRecord> {
    const { db, now } = this.context
    const { record } = await this.review(db, actor, reviewId)
    const version = await this.version(db, reviewId, versionId)
    if (version.withdrawnAt !== null) throw new NotFoundError('No such report version')
    const errors: FieldError[] = []
    const reason = readReason(
      input.reason,
      'reason',
      'Enter why the version is being withdrawn',
      errors,
    )
    if (errors.length > 0) throw new ValidationError(errors)
    const at = now()
    await db.transaction().execute(async (trx) => {
      const done = await markReportVersionWithdrawn(trx, versionId, expectedVersion, {
        at: at.toISOString(),
        by: actor!.userId,
        reason,
      })
      if (!done) throw new StaleVersionError('report version', versionId)
      await indexReviewForStaffSearch(trx, reviewId, at, { reports: true })
      await recordAudit(trx, at, {
        actor: userActor(actor!),
        action: 'report-version.withdrawn',
        recordType: 'review',
        recordId: reviewId,
        partnershipId: record.leadPartnership.id,
        before: { reportVersionId: versionId, number: version.number, version: expectedVersion },
        after: {
          reportVersionId: versionId,
          withdrawn: true,
          reason,
          version: expectedVersion + 1,
        },
      })
    })
    return version
  }

  /** Marks a hit a false alarm, with a reason (the coordinator's call; audited). */
  async dismissHit(
    actor: Actor | null,
    reviewId: string,
    versionId: string,
    hitId: string,
    expectedVersion: number,
    input: { reason?: unknown },
  ): Promise<void> {
    const { db, now } = this.context
    const { record, scope } = await this.review(db, actor, reviewId)
    if (!canDismissRedactionHits(actor, scope)) {
      throw new AccessDeniedError(
        'Not allowed: the lead partnership’s coordinator decides on false alarms',
      )
    }
    const version = await this.version(db, reviewId, versionId)
    if (version.withdrawnAt !== null) throw new NotFoundError('No such report version')
    const hit = (await listRedactionHits(db, versionId)).find((candidate) => candidate.id === hitId)
    if (!hit || hit.dismissedAt !== null) throw new NotFoundError('No such hit')
    const errors: FieldError[] = []
    const reason = readReason(input.reason, 'reason', 'Enter why this is a false alarm', errors)
    if (errors.length > 0) throw new ValidationError(errors)
    const at = now()
    await db.transaction().execute(async (trx) => {
      const done = await markHitDismissed(trx, hitId, versionId, expectedVersion, {
        at: at.toISOString(),
        by: actor!.userId,
        reason,
      })
      if (!done) throw new StaleVersionError('redaction check hit', hitId)
      await recordAudit(trx, at, {
        actor: userActor(actor!),
        action: 'redaction-hit.dismissed',
        recordType: 'review',
        recordId: reviewId,
        partnershipId: record.leadPartnership.id,
        // The masked excerpt only: the hit's value is never in the audit trail.
        after: {
          reportVersionId: versionId,
          hitId,
          kind: hit.kind,
          location: hit.location,
          excerpt: hit.excerpt,
          reason,
        },
      })
    })
  }

  /**
   * May this version be published (S17)? Only a version not withdrawn, whose
   * check has run, with no hit left that nobody dismissed. For the publication
   * work, which checks it again in its own transaction.
   */
  async isVersionClearToPublish(versionId: string, db: Db = this.context.db): Promise<boolean> {
    const version = await findReportVersion(db, versionId)
    if (!version) return false
    return isClearToPublish({ ...version, openHits: await countOpenHits(db, versionId) })
  }
}

/** The children's identity fields with their pseudonyms, for the terms only. */
async function childIdentitiesWithPseudonyms(db: Db, incidentId: string) {
  const [identities, children] = await Promise.all([
    findChildIdentities(db, incidentId),
    listChildPseudonyms(db, incidentId),
  ])
  return identities.map((identity) => ({
    ...identity,
    pseudonym:
      children.find((child) => Number(child.position) === identity.position)?.pseudonym ??
      `Child ${identity.position}`,
  }))
}
