// Publishing a review (issue 9, S13–S17): the publication plan, the copies
// sent before publication, publishing a checked version as a safe public
// copy, replacing it with a corrected version, and taking it down.
//
// The lead partnership's business unit plans and publishes; the review team
// and administrators see the page. A version is published only when its
// redaction check is clear; its public copy is made safe (text under black
// boxes refused, metadata, annotations, attachments, forms and scripts
// removed) and checked again before anything is stored. The public page, the
// report's file and the search index change in the same transaction as the
// publication, with its audit event, so a reader never sees half of it.
import { createHash, randomUUID } from 'node:crypto'
import type { Db } from '../../data/db.js'
import { findDocumentContent, insertDocument } from '../../data/repositories/document-repository.js'
import {
  findLivePublication,
  findPublicationPlan,
  findReviewWithdrawnAt,
  findPublicReportFile,
  insertPublicationPlan,
  insertReportPublication,
  listPlannedPublications,
  listReportPublications,
  markPublicationReplaced,
  markPublicationTakenDown,
  setReviewPublicUpdated,
  setReviewPublished,
  setReviewWithdrawn,
  updatePublicationPlan,
  type PlannedPublication,
  type PublicationPlanRecord,
  type PublicReportFile,
  type ReportPublicationRecord,
} from '../../data/repositories/publishing/publication-repository.js'
import {
  findReportVersion,
  listReportVersions,
  reportVersionText,
  type ReportVersionRecord,
} from '../../data/repositories/publishing/report-version-repository.js'
import type { ReviewWorkRecord } from '../../data/repositories/review-work-repository.js'
import { can, canCommissionReview } from '../../domain/access/policy.js'
import { isClearToPublish } from '../../domain/publishing/report-versions.js'
import type { Actor } from '../../domain/access/roles.js'
import {
  compareDates,
  parseCalendarDate,
  type CalendarDate,
} from '../../domain/calendar/calendar-date.js'
import type { WorkingDayCalendar } from '../../domain/calendar/working-days.js'
import { writtenDate } from '../../domain/calendar/written-date.js'
import type { DocumentKind } from '../../domain/documents/content-type.js'
import {
  AccessDeniedError,
  NotFoundError,
  StaleVersionError,
  ValidationError,
  type FieldError,
} from '../../domain/errors.js'
import {
  allSentOn,
  checkPublication,
  earliestPublicationOn,
  mayTakeDown,
  minimumAvailableUntil,
  PUBLISHED_SCOPE_TITLES,
  readPublicationPlan,
  readSentDates,
  requiredRecipients,
  sendReportBy,
  TAKE_DOWN_REASON_MAX_LENGTH,
  type PlanInput,
  type PublicationPlan,
  type PublicationScope,
  type PublishedScope,
  type Recipient,
  type SentDates,
} from '../../domain/publishing/publication.js'
import { isReviewKind, type ReviewKind } from '../../domain/reviews/review-kinds.js'
import { readClock, type ClockReading } from '../../domain/statutory/deadlines.js'
import { isGuidanceEdition, type StatutoryPeriods } from '../../domain/statutory/periods.js'
import { recordAudit } from '../audit-trail.js'
import { CalendarService } from '../calendar-service.js'
import { type ServiceContext, userActor } from '../context.js'
import type { PublicDownload } from '../public-site/public-learning-service.js'
import { PublicSearchService, indexReviewText } from '../public-site/public-search-service.js'
import { indexReviewForStaffSearch } from '../learning/staff-search-service.js'
import { openReviewReports, type ReportVersionService } from './report-version-service.js'

/** What the public copy of a version became, or why it may not be published (S17). */
export type PublicCopyResult =
  | { ok: true; bytes: Uint8Array; mediaType: string; removed: string[] }
  | { ok: false; reason: string; message: string; pages?: number[] }

/** Makes the public copy of a report version: integrations/documents/public-copy. */
export type PublicCopyMaker = (kind: 'pdf' | 'docx', bytes: Uint8Array) => Promise<PublicCopyResult>

export interface PublicationPage {
  readonly review: {
    id: string
    title: string
    kind: ReviewKind
    status: string
    slug: string
    version: number
    partnershipId: string
    publishedOn: string | null
    withdrawnAt: string | null
  }
  readonly plan: PublicationPlanRecord | null
  readonly recipients: readonly Recipient[]
  /** S16: send by this date, as a clock (met, late, due soon…); null without a planned date. */
  readonly sendBy: ClockReading | null
  /** S16 forwards: the first day publication may happen; null until every copy is sent. */
  readonly publishableFrom: CalendarDate | null
  readonly today: CalendarDate
  /** S15 for a publication today. */
  readonly minimumAvailableUntil: CalendarDate
  readonly periods: StatutoryPeriods
  /** Versions not withdrawn, with whether each may be published (S17). */
  readonly versions: (ReportVersionRecord & { clear: boolean })[]
  readonly live: ReportPublicationRecord | null
  readonly history: ReportPublicationRecord[]
  /** Why publishing today would be refused; empty when it would go ahead. */
  readonly publishRefusals: readonly FieldError[]
  readonly canPlan: boolean
  readonly canTakeDown: boolean
}

export interface PublishInput {
  readonly versionId: unknown
  /** YYYY-MM-DD, '' for the minimum (S15), or 'not-a-date'. */
  readonly availableUntil: unknown
}

function textOf(value: unknown): string {
  return typeof value === 'string' ? value.trim() : ''
}

function kindOf(record: ReviewWorkRecord): ReviewKind {
  if (!isReviewKind(record.kind)) throw new Error(`Unknown review kind ${record.kind}`)
  return record.kind
}

function planOf(record: PublicationPlanRecord | null): PublicationPlan | null {
  if (record === null) return null
  return {
    plannedOn: record.plannedOn as CalendarDate | null,
    scope: record.scope as PublicationScope,
    scopeReason: record.scopeReason,
    lookAgainOn: record.lookAgainOn as CalendarDate | null,
    reviewerNames: record.reviewerNames,
  }
}

function sentOf(record: PublicationPlanRecord | null): SentDates {
  return {
    panel: (record?.sentToPanelOn ?? null) as CalendarDate | null,
    'secretary-of-state': (record?.sentToSecretaryOfStateOn ?? null) as CalendarDate | null,
    ofsted: (record?.sentToOfstedOn ?? null) as CalendarDate | null,
  }
}

/** The public address of a published report file. */
export function publicReportPath(slug: string, publicationId: string, mediaType: string): string {
  return `/reviews/${slug}/report/${publicationId}.${mediaType === 'application/pdf' ? 'pdf' : 'docx'}`
}

export class PublicationService {
  private readonly calendarService: CalendarService

  constructor(
    private readonly context: ServiceContext,
    private readonly reportVersions: ReportVersionService,
    private readonly makePublicCopy: PublicCopyMaker,
  ) {
    this.calendarService = new CalendarService(context)
  }

  private async periodsOf(record: ReviewWorkRecord): Promise<StatutoryPeriods> {
    const edition = isGuidanceEdition(record.guidanceEdition) ? record.guidanceEdition : 'WT2023'
    return this.calendarService.periods(edition)
  }

  /** The publication page: for the review team and administrators (draft reports are theirs). */
  async page(actor: Actor | null, reviewId: string): Promise<PublicationPage> {
    const { db } = this.context
    const { record } = await openReviewReports(this.context, actor, reviewId)
    const kind = kindOf(record)
    const [planRecord, versions, history, calendar, periods] = await Promise.all([
      findPublicationPlan(db, reviewId),
      listReportVersions(db, reviewId),
      listReportPublications(db, reviewId),
      this.calendarService.calendar(),
      this.periodsOf(record),
    ])
    const today = this.calendarService.today()
    const plan = planOf(planRecord)
    const sent = sentOf(planRecord)
    const sentOn = allSentOn(kind, sent)
    const live = history.find((one) => one.replacedAt === null && one.takenDownAt === null) ?? null
    const check = checkPublication(
      { kind, status: record.status, plan, sent, today, availableUntil: null },
      calendar,
      periods,
    )
    const usable = versions.filter((version) => version.withdrawnAt === null)
    return {
      review: {
        id: record.id,
        title: record.title,
        kind,
        status: record.status,
        slug: record.slug,
        version: record.version,
        partnershipId: record.leadPartnership.id,
        publishedOn: record.publishedOn,
        withdrawnAt: await findReviewWithdrawnAt(db, reviewId),
      },
      plan: planRecord,
      recipients: requiredRecipients(kind),
      sendBy:
        plan?.plannedOn && plan.scope !== 'not-yet'
          ? readClock(sendReportBy(plan.plannedOn, calendar, periods), sentOn, today, calendar)
          : null,
      publishableFrom: sentOn === null ? null : earliestPublicationOn(sentOn, calendar, periods),
      today,
      minimumAvailableUntil: minimumAvailableUntil(today, periods),
      periods,
      // The list already counts each version's open hits: no query per version.
      versions: usable.map((version) => ({ ...version, clear: isClearToPublish(version) })),
      live,
      history,
      publishRefusals: check.allowed ? [] : check.errors,
      canPlan: canCommissionReview(actor, record.leadPartnership.id),
      canTakeDown:
        live !== null &&
        mayTakeDown(this.takerDown(actor, record), live.availableUntil as CalendarDate, today),
    }
  }

  private takerDown(actor: Actor | null, record: ReviewWorkRecord) {
    const partnershipId = record.leadPartnership.id
    return {
      administrator: can(actor, 'publications:take-down-early', { partnershipId }),
      businessUnit: canCommissionReview(actor, partnershipId),
    }
  }

  private assertPlans(actor: Actor | null, record: ReviewWorkRecord): asserts actor is Actor {
    if (!actor || !canCommissionReview(actor, record.leadPartnership.id)) {
      throw new AccessDeniedError(
        'Not allowed: the lead partnership’s business unit plans and publishes a review',
      )
    }
  }

  /** Makes or changes the plan (S13, S14, S17). `expectedVersion` null: the first plan. */
  async savePlan(
    actor: Actor | null,
    reviewId: string,
    expectedVersion: number | null,
    input: PlanInput,
  ): Promise<void> {
    const { db, now } = this.context
    const { record } = await openReviewReports(this.context, actor, reviewId, false)
    this.assertPlans(actor, record)
    if (record.status === 'published') {
      throw new ValidationError([
        {
          field: 'scope',
          message:
            'This review is published: its publication plan is the record of what happened and cannot change now',
        },
      ])
    }
    const read = readPublicationPlan(input, {
      kind: kindOf(record),
      today: this.calendarService.today(),
    })
    if ('errors' in read) throw new ValidationError(read.errors)
    const plan = read.plan
    const at = now()
    const change = { at: at.toISOString(), byName: actor.displayName }
    await db.transaction().execute(async (trx) => {
      const before = await findPublicationPlan(trx, reviewId)
      const saved =
        expectedVersion === null
          ? await insertPublicationPlan(trx, reviewId, plan, change)
          : await updatePublicationPlan(trx, reviewId, expectedVersion, plan, change)
      if (!saved) throw new StaleVersionError('publication plan', reviewId)
      await recordAudit(trx, at, {
        actor: userActor(actor),
        action: 'publication-plan.saved',
        recordType: 'review',
        recordId: reviewId,
        partnershipId: record.leadPartnership.id,
        ...(before === null ? {} : { before: { ...planOf(before), version: before.version } }),
        after: { ...plan, version: (expectedVersion ?? 0) + 1 },
      })
    })
  }

  /** S16: when the copies of the report went to the Panel, the Secretary of State and Ofsted. */
  async recordSent(
    actor: Actor | null,
    reviewId: string,
    expectedVersion: number,
    input: Readonly<Record<Recipient, string>>,
  ): Promise<void> {
    const { db, now } = this.context
    const { record } = await openReviewReports(this.context, actor, reviewId, false)
    this.assertPlans(actor, record)
    const read = readSentDates(input, this.calendarService.today())
    if ('errors' in read) throw new ValidationError(read.errors)
    const at = now()
    await db.transaction().execute(async (trx) => {
      const before = await findPublicationPlan(trx, reviewId)
      if (before === null) {
        throw new ValidationError([
          {
            field: 'sentToPanelOn',
            message: 'Make the publication plan before recording when the report was sent',
          },
        ])
      }
      const values = {
        sentToPanelOn: read.sent.panel,
        sentToSecretaryOfStateOn: read.sent['secretary-of-state'],
        sentToOfstedOn: read.sent.ofsted,
      }
      const saved = await updatePublicationPlan(trx, reviewId, expectedVersion, values, {
        at: at.toISOString(),
        byName: actor.displayName,
      })
      if (!saved) throw new StaleVersionError('publication plan', reviewId)
      await recordAudit(trx, at, {
        actor: userActor(actor),
        action: 'publication-plan.report-sent',
        recordType: 'review',
        recordId: reviewId,
        partnershipId: record.leadPartnership.id,
        before: {
          sentToPanelOn: before.sentToPanelOn,
          sentToSecretaryOfStateOn: before.sentToSecretaryOfStateOn,
          sentToOfstedOn: before.sentToOfstedOn,
          version: expectedVersion,
        },
        after: { ...values, version: expectedVersion + 1 },
      })
    })
  }

  /**
   * Reads the version, refuses one that is not clear (S17), makes its safe
   * public copy and checks the copy again. Errors are on the `versionId` field.
   */
  private async preparePublicCopy(
    db: Db,
    reviewId: string,
    versionIdValue: unknown,
  ): Promise<{
    version: ReportVersionRecord
    copy: { bytes: Uint8Array; mediaType: string; removed: string[]; kind: DocumentKind }
  }> {
    const refuse = (message: string): never => {
      throw new ValidationError([{ field: 'versionId', message }])
    }
    const versionId = textOf(versionIdValue)
    if (versionId === '') refuse('Select the version of the report to publish')
    const version = await findReportVersion(db, versionId)
    if (!version || version.reviewId !== reviewId || version.withdrawnAt !== null) {
      return refuse('Select a version of this review’s report that has not been withdrawn')
    }
    if (!(await this.reportVersions.isVersionClearToPublish(version.id, db))) {
      refuse(
        `Version ${version.number} cannot be published: the redaction check found details that are not resolved. Open the version and resolve every hit first (S17).`,
      )
    }
    const document = await findDocumentContent(db, version.documentId)
    if (!document || (document.kind !== 'pdf' && document.kind !== 'docx')) {
      return refuse(`Version ${version.number} cannot be read: upload it again`)
    }
    const made = await this.makePublicCopy(document.kind, new Uint8Array(document.content))
    if (!made.ok) return refuse(`Version ${version.number} cannot be published: ${made.message}`)
    const kind: DocumentKind = made.mediaType === 'application/pdf' ? 'pdf' : 'docx'
    let left: { location: string; page: number | null }[]
    try {
      left = await this.reportVersions.checkPublicCopy(db, reviewId, version.id, kind, made.bytes)
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      return refuse(`Version ${version.number}’s public copy could not be read to check it again`)
    }
    if (left.length > 0) {
      const where = [
        ...new Set(left.map((hit) => (hit.page === null ? hit.location : `page ${hit.page}`))),
      ]
      refuse(
        `Version ${version.number}’s public copy still shows details the redaction check looks for (${where.join(', ')}). Correct the report and upload it again (S17).`,
      )
    }
    return { version, copy: { ...made, kind } }
  }

  private async storePublicCopy(
    trx: Db,
    actor: Actor,
    record: ReviewWorkRecord,
    publicationId: string,
    copy: { bytes: Uint8Array; mediaType: string; kind: DocumentKind },
    at: Date,
  ): Promise<string> {
    const documentId = randomUUID()
    await insertDocument(trx, {
      id: documentId,
      partnershipId: record.leadPartnership.id,
      recordType: 'report-publication',
      recordId: publicationId,
      fileName: `${record.slug}-report.${copy.kind}`,
      kind: copy.kind,
      mediaType: copy.mediaType,
      sizeBytes: copy.bytes.byteLength,
      sha256: createHash('sha256').update(copy.bytes).digest('hex'),
      content: copy.bytes,
      extractedText: null,
      uploadedBy: actor.userId,
      uploadedAt: at.toISOString(),
    })
    return documentId
  }

  /** The published report's text in the public search, replacing any earlier version's. */
  private async indexReport(
    trx: Db,
    record: ReviewWorkRecord,
    versionId: string,
    scope: PublishedScope,
    publishedOn: string,
  ): Promise<void> {
    const sections = await reportVersionText(trx, versionId)
    await new PublicSearchService({ db: trx, now: this.context.now }).indexPublishedText(
      {
        sourceKind: 'report',
        sourceId: record.id,
        reviewId: record.id,
        title: `${record.title}: ${PUBLISHED_SCOPE_TITLES[scope].toLowerCase()}`,
        body: sections.map((section) => section.text).join('\n\n'),
        url: `/reviews/${record.slug}`,
        publishedOn,
      },
      trx,
    )
  }

  /**
   * Publishes the review with the chosen version (S13–S17): refused with every
   * reason at once, and nothing stored, unless all is in order.
   */
  async publish(
    actor: Actor | null,
    reviewId: string,
    expectedReviewVersion: number,
    input: PublishInput,
  ): Promise<{ publishedOn: CalendarDate; availableUntil: CalendarDate }> {
    const { db, now } = this.context
    const { record } = await openReviewReports(this.context, actor, reviewId, false)
    this.assertPlans(actor, record)
    const kind = kindOf(record)
    const [planRecord, calendar, periods] = await Promise.all([
      findPublicationPlan(db, reviewId),
      this.calendarService.calendar(),
      this.periodsOf(record),
    ])
    const today = this.calendarService.today()
    const errors: FieldError[] = []
    const untilText = textOf(input.availableUntil)
    const availableUntil = untilText === '' ? null : parseCalendarDate(untilText)
    if (untilText !== '' && availableUntil === null) {
      errors.push({
        field: 'availableUntil',
        message: 'The date it is available until must be a real date',
      })
    }
    const check = checkPublication(
      {
        kind,
        status: record.status,
        plan: planOf(planRecord),
        sent: sentOf(planRecord),
        today,
        availableUntil,
      },
      calendar,
      periods,
    )
    if (!check.allowed) errors.push(...check.errors)
    let prepared: Awaited<ReturnType<PublicationService['preparePublicCopy']>> | null = null
    try {
      prepared = await this.preparePublicCopy(db, reviewId, input.versionId)
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      errors.push(...error.errors)
    }
    if (errors.length > 0 || !check.allowed || prepared === null || planRecord === null) {
      throw new ValidationError(errors)
    }
    const { version, copy } = prepared
    const at = now()
    const publicationId = randomUUID()
    await db.transaction().execute(async (trx) => {
      const documentId = await this.storePublicCopy(trx, actor, record, publicationId, copy, at)
      await insertReportPublication(trx, {
        id: publicationId,
        reviewId,
        reportVersionId: version.id,
        publicDocumentId: documentId,
        scope: check.scope,
        publishedOn: today,
        availableUntil: check.availableUntil,
        publishedAt: at.toISOString(),
        publishedBy: actor.userId,
        publishedByName: actor.displayName,
        removed: copy.removed,
      })
      const live = await setReviewPublished(trx, reviewId, expectedReviewVersion, {
        publishedOn: today,
        reviewerNames: planRecord.reviewerNames,
        at: at.toISOString(),
      })
      if (!live) throw new StaleVersionError('review', reviewId)
      await indexReviewText(trx, reviewId, at)
      // The staff search dates the review's learning by its publication (issue 11).
      await indexReviewForStaffSearch(trx, reviewId, at, { reports: true })
      await this.indexReport(trx, record, version.id, check.scope, today)
      await recordAudit(trx, at, {
        actor: userActor(actor),
        action: 'review.published',
        recordType: 'review',
        recordId: reviewId,
        partnershipId: record.leadPartnership.id,
        before: { status: record.status, version: expectedReviewVersion },
        after: {
          status: 'published',
          publicationId,
          reportVersionId: version.id,
          number: version.number,
          scope: check.scope,
          publishedOn: today,
          availableUntil: check.availableUntil,
          removedFromPublicCopy: copy.removed,
          version: expectedReviewVersion + 1,
        },
      })
    })
    return { publishedOn: today, availableUntil: check.availableUntil }
  }

  /** A corrected version takes the published one's place; the public page says when. */
  async replace(
    actor: Actor | null,
    reviewId: string,
    expectedPublicationVersion: number,
    input: { versionId: unknown },
  ): Promise<void> {
    const { db, now } = this.context
    const { record } = await openReviewReports(this.context, actor, reviewId, false)
    this.assertPlans(actor, record)
    const live = await findLivePublication(db, reviewId)
    if (record.status !== 'published' || live === null) {
      throw new ValidationError([
        { field: 'versionId', message: 'Only a published report can be replaced' },
      ])
    }
    const { version, copy } = await this.preparePublicCopy(db, reviewId, input.versionId)
    if (version.id === live.reportVersionId) {
      throw new ValidationError([
        {
          field: 'versionId',
          message: `Version ${version.number} is the one published now: choose the corrected version`,
        },
      ])
    }
    const today = this.calendarService.today()
    const at = now()
    const publicationId = randomUUID()
    const scope = live.scope as PublishedScope
    await db.transaction().execute(async (trx) => {
      const documentId = await this.storePublicCopy(trx, actor, record, publicationId, copy, at)
      // The replacement keeps the first publication's dates: S15 runs from when it went public.
      await insertReportPublication(trx, {
        id: publicationId,
        reviewId,
        reportVersionId: version.id,
        publicDocumentId: documentId,
        scope,
        publishedOn: live.publishedOn,
        availableUntil: live.availableUntil,
        publishedAt: at.toISOString(),
        publishedBy: actor.userId,
        publishedByName: actor.displayName,
        removed: copy.removed,
      })
      const replaced = await markPublicationReplaced(trx, live.id, expectedPublicationVersion, {
        at: at.toISOString(),
        byId: publicationId,
      })
      if (!replaced) throw new StaleVersionError('publication', live.id)
      await setReviewPublicUpdated(trx, reviewId, { updatedOn: today, at: at.toISOString() })
      await indexReviewText(trx, reviewId, at)
      // The staff search dates the review's learning by its publication (issue 11).
      await indexReviewForStaffSearch(trx, reviewId, at, { reports: true })
      await this.indexReport(trx, record, version.id, scope, live.publishedOn)
      await recordAudit(trx, at, {
        actor: userActor(actor),
        action: 'review.report-replaced',
        recordType: 'review',
        recordId: reviewId,
        partnershipId: record.leadPartnership.id,
        before: {
          publicationId: live.id,
          reportVersionId: live.reportVersionId,
          version: expectedPublicationVersion,
        },
        after: {
          publicationId,
          reportVersionId: version.id,
          number: version.number,
          updatedOn: today,
          removedFromPublicCopy: copy.removed,
        },
      })
    })
  }

  /**
   * Takes the published review down (S15): before its "available until" date
   * only an administrator may; a reason always. The public page then answers
   * 410 Gone, saying when; the search forgets it at once.
   */
  async takeDown(
    actor: Actor | null,
    reviewId: string,
    expectedPublicationVersion: number,
    input: { reason: unknown },
  ): Promise<void> {
    const { db, now } = this.context
    const { record } = await openReviewReports(this.context, actor, reviewId, false)
    const live = await findLivePublication(db, reviewId)
    if (live === null) throw new NotFoundError('This review has no published report to take down')
    const today = this.calendarService.today()
    if (
      !actor ||
      !mayTakeDown(this.takerDown(actor, record), live.availableUntil as CalendarDate, today)
    ) {
      throw new AccessDeniedError(
        compareDates(today, live.availableUntil as CalendarDate) < 0
          ? `Not allowed: before ${writtenDate(live.availableUntil)} only an administrator may take the report down (S15)`
          : 'Not allowed: the lead partnership’s business unit or an administrator takes a report down',
      )
    }
    const reason = textOf(input.reason)
    if (reason === '') {
      throw new ValidationError([
        { field: 'reason', message: 'Enter why the report is being taken down' },
      ])
    }
    if (reason.length > TAKE_DOWN_REASON_MAX_LENGTH) {
      throw new ValidationError([
        {
          field: 'reason',
          message: `The reason must be ${TAKE_DOWN_REASON_MAX_LENGTH} characters or fewer`,
        },
      ])
    }
    const at = now()
    await db.transaction().execute(async (trx) => {
      const done = await markPublicationTakenDown(trx, live.id, expectedPublicationVersion, {
        at: at.toISOString(),
        by: actor.userId,
        reason,
      })
      if (!done) throw new StaleVersionError('publication', live.id)
      await setReviewWithdrawn(trx, reviewId, { at: at.toISOString(), reason })
      await new PublicSearchService({ db: trx, now: this.context.now }).removeReviewFromIndex(
        reviewId,
        trx,
      )
      await recordAudit(trx, at, {
        actor: userActor(actor),
        action: 'review.taken-down',
        recordType: 'review',
        recordId: reviewId,
        partnershipId: record.leadPartnership.id,
        before: {
          publicationId: live.id,
          availableUntil: live.availableUntil,
          version: expectedPublicationVersion,
        },
        after: {
          takenDown: true,
          reason,
          early: compareDates(today, live.availableUntil as CalendarDate) < 0,
        },
      })
    })
  }

  /** The report's download on the review's public page (PublicReviewExtras). */
  async publicDownloadsOf(db: Db, reviewId: string): Promise<PublicDownload[]> {
    const live = await findLivePublication(db, reviewId)
    if (live === null) return []
    return [
      {
        title: PUBLISHED_SCOPE_TITLES[live.scope as PublishedScope] ?? 'The report',
        href: publicReportPath(live.reviewSlug, live.id, live.mediaType),
        mediaType: live.mediaType,
        sizeBytes: live.sizeBytes,
      },
    ]
  }

  /** The live public copy, for anyone; null once replaced, taken down or never published. */
  publicReportFile(slug: string, publicationId: string): Promise<PublicReportFile | null> {
    return findPublicReportFile(this.context.db, slug, publicationId)
  }

  /** S16 dates of unpublished reviews with a planned date, for the dashboard and calendar feeds. */
  plannedPublications(partnershipIds: readonly string[]): Promise<PlannedPublication[]> {
    return listPlannedPublications(this.context.db, partnershipIds)
  }

  /** The S16 "send by" clock of a planned publication. */
  static sendByClock(
    planned: PlannedPublication,
    calendar: WorkingDayCalendar,
    periods: StatutoryPeriods,
    today: CalendarDate,
  ): ClockReading | null {
    if (!isReviewKind(planned.reviewKind)) return null
    const sentOn = allSentOn(planned.reviewKind, {
      panel: planned.sentToPanelOn as CalendarDate | null,
      'secretary-of-state': planned.sentToSecretaryOfStateOn as CalendarDate | null,
      ofsted: planned.sentToOfstedOn as CalendarDate | null,
    })
    return readClock(
      sendReportBy(planned.plannedOn as CalendarDate, calendar, periods),
      sentOn,
      today,
      calendar,
    )
  }
}

export { type Recipient } from '../../domain/publishing/publication.js'
