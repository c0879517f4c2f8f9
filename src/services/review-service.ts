// Use cases for reviews in progress (S10–S12, S18–S19): commissioning, the
// named reviewers, stages, monitoring checkpoints, delays, the lifecycle and
// the integrated chronology. Every change is checked against the policy module,
// validated by the domain, written and audited in one transaction.
//
// Two levels of editing: the business unit of the lead partnership oversees a
// review (details, reviewers, lifecycle, checkpoints (S11), delays (S12)); the
// reviewers named on it, and the business unit, do its work (stages, chronology).
import { randomUUID } from 'node:crypto'
import type { Db } from '../data/db.js'
import {
  findPartnershipById,
  listPartnerships,
} from '../data/repositories/partnership-repository.js'
import {
  countChronologyEntries,
  deleteReviewer,
  findAwarenessDateOfRapidReview,
  findChronologyEntry,
  findFamilyInvolvement,
  markChronologyEntryEnteredInError,
  updateChronologyEntry,
  type ChronologyEntryRow,
  saveFamilyInvolvement,
  type FamilyInvolvementRow,
  findReviewIdByRapidReview,
  findReviewWork,
  insertCheckpoint,
  insertChronologyEntries,
  insertDelay,
  insertReviewer,
  insertReviewWork,
  listChronologyEntries,
  listMembersWithRoles,
  listReviewsInProgress,
  refreshReviewerNames,
  replaceParticipatingPartnerships,
  updateCheckpointResponse,
  updateDelayToldDates,
  updateReviewWork,
  updateStageStatus,
  type ReviewWorkRecord,
} from '../data/repositories/review-work-repository.js'
import {
  assertCan,
  assertCanEditReview,
  can,
  canCommissionReview,
  canEditReview,
  canReadReview,
  partnershipsWhere,
  permissionsOf,
  type ReviewAccessScope,
} from '../domain/access/policy.js'
import { ROLES, type Actor } from '../domain/access/roles.js'
import { parseCalendarDate, type CalendarDate } from '../domain/calendar/calendar-date.js'
import {
  AccessDeniedError,
  NotFoundError,
  StaleVersionError,
  ValidationError,
  type FieldError,
} from '../domain/errors.js'
import {
  readCheckpoint,
  readResponseDate,
  type CheckpointInput,
} from '../domain/reviews/checkpoints.js'
import {
  agenciesIn,
  chronologyEntryKey,
  mergeTimeline,
  readChronologyEntry,
  type ChronologyEntryInput,
} from '../domain/reviews/chronology.js'
import { MAX_PROBLEMS_LISTED, parseChronologyCsv } from '../domain/reviews/chronology-csv.js'
import { readDelay, readToldDates, type DelayInput } from '../domain/reviews/delays.js'
import { readEnteredInErrorReason } from '../domain/reviews/findings.js'
import {
  readFamilyInvolvement,
  type FamilyInvolvementInput,
} from '../domain/reviews/family-involvement.js'
import {
  assertTransition,
  checkTransition,
  stageChangeRefusal,
  WORKING_STATUSES,
} from '../domain/reviews/lifecycle.js'
import { METHODOLOGY_DETAILS, REVIEWER_ROLE_NAMES } from '../domain/reviews/methodologies.js'
import { readReviewClock } from '../domain/reviews/review-clock.js'
import {
  decisionAfterRecordedEvents,
  decisionBeforeAwareness,
  defaultReviewTitle,
  isBlankReviewer,
  methodologyConflict,
  readKindAndEdition,
  readReviewDetails,
  readReviewer,
  type NamedReviewer,
  type ReviewDetailsInput,
  type ReviewerInput,
} from '../domain/reviews/review-details.js'
import {
  DIRECTLY_CREATED_KINDS,
  RAPID_REVIEW_DECISION_KINDS,
} from '../domain/reviews/review-kinds.js'
import {
  REVIEW_STAGES,
  finalReportStageRefusal,
  isReviewStage,
  isStageStatus,
  readStageDates,
  stageName,
  type StageDatesInput,
} from '../domain/reviews/stages.js'
import { reviewTargetOn } from '../domain/statutory/deadlines.js'
import { accessListsOf } from '../data/repositories/record-access-repository.js'
import { recordAudit, type AuditEntry } from './audit-trail.js'
import {
  accessListOf,
  auditAdministratorAccess,
  inheritIncidentRestriction,
  reviewAccess,
} from './record-access.js'
import {
  accessScope,
  accessScopeOf,
  checkpointOf,
  delayOf,
  earliestRecordedOn,
  lifecycleFacts,
  refuseIfClosed,
  reviewerOf,
  stagesOf,
  summaryOf,
  timelineEntryOf,
  type ChronologyView,
  type ClockReader,
  type NewReviewOptions,
  type ReviewSummary,
  type ReviewView,
  type ReviewerAccount,
} from './review-views.js'
import {
  agencyNamed,
  chronologyAgencies,
  readListedAgency,
  unlistedAgencyProblems,
} from './reviews/chronology-agencies.js'
import { CalendarService } from './calendar-service.js'
import { type ServiceContext, userActor } from './context.js'
import {
  checkpointAnswerSavedVersion,
  delayToldSavedVersion,
  reviewDetailsSavedVersion,
  reviewLifecycleSavedVersion,
  reviewStageSavedVersion,
  chronologyEntrySavedVersion,
  familyInvolvementSavedVersion,
  withSavedVersion,
  type SavedVersion,
} from './edit-conflicts.js'

/** The most reviewer rows the new-review form offers; more can be added afterwards. */
export const NEW_REVIEW_REVIEWER_ROWS = 3

export interface NewReviewInput extends ReviewDetailsInput {
  readonly kind?: string | null
  readonly guidanceEdition?: string | null
  readonly leadPartnershipId?: string | null
  readonly participatingPartnershipIds?: readonly string[]
  readonly reviewers?: readonly ReviewerInput[]
}

/** What a rapid review decision (S8, S9) hands over when it decides on a review. */
export interface RapidReviewDecisionInput {
  readonly rapidReviewId: string
  /** The lead partnership: the one whose partners made the decision. */
  readonly partnershipId: string
  /** The date of the decision to hold the review: the 6-month clock starts here (S12). */
  readonly decisionOn: string
  readonly kind: string
  readonly guidanceEdition: string
  readonly childPseudonym: string
  readonly participatingPartnershipIds?: readonly string[]
  readonly title?: string
  readonly methodology?: string
  readonly methodologyOther?: string
  readonly termsOfReference?: string
  readonly restricted?: boolean
}

export interface EditDetailsInput extends ReviewDetailsInput {
  readonly participatingPartnershipIds?: readonly string[]
}

/** Roles whose members can be linked as named reviewers: those that can edit reviews. */
const REVIEW_EDITING_ROLES = ROLES.filter((role) => permissionsOf(role).includes('reviews:edit'))

export type {
  CheckpointView,
  ChronologyView,
  DelayView,
  NewReviewOptions,
  Reviewer,
  ReviewerAccount,
  ReviewSummary,
  ReviewView,
  StageProgressView,
} from './review-views.js'

export class ReviewService {
  private readonly calendarService: CalendarService

  constructor(private readonly context: ServiceContext) {
    this.calendarService = new CalendarService(context)
  }

  // ── Reading ──────────────────────────────────────────────────────────────

  /** Reviews not yet published that the actor may read, with their target dates. */
  async listInProgress(actor: Actor | null): Promise<ReviewSummary[]> {
    return this.listWithStatuses(actor, WORKING_STATUSES)
  }

  /**
   * Published reviews the actor may read: their staff pages are where the
   * team writes the seven-minute briefing and keeps the report's versions.
   */
  async listPublished(actor: Actor | null): Promise<ReviewSummary[]> {
    return this.listWithStatuses(actor, ['published'])
  }

  private async listWithStatuses(
    actor: Actor | null,
    statuses: readonly string[],
  ): Promise<ReviewSummary[]> {
    assertCan(actor, 'reviews:read-internal')
    const rows = await listReviewsInProgress(
      this.context.db,
      partnershipsWhere(actor, 'reviews:read-internal'),
      statuses,
    )
    // Restricted reviews need their access lists (issue 4).
    const lists = await accessListsOf(
      this.context.db,
      'review',
      rows.filter((row) => row.accessRestricted).map((row) => row.id),
    )
    const readable = rows.filter((row) =>
      canReadReview(actor, accessScope(row, row.reviewerUserIds, lists.get(row.id) ?? [])),
    )
    const clocks = await this.clockReader()
    return readable.map((row) => summaryOf(row, clocks))
  }

  /** A review with everything its summary page shows. Unreadable reviews are "not found". */
  async get(actor: Actor | null, reviewId: string): Promise<ReviewView> {
    assertCan(actor, 'reviews:read-internal')
    const record = await this.load(this.context.db, reviewId)
    const scope = accessScopeOf(record, await accessListOf(this.context.db, 'review', record))
    const access = reviewAccess(actor, scope)
    if (access === 'refused') throw new NotFoundError('No such review')
    if (access === 'administrator') {
      await auditAdministratorAccess(this.context.db, this.context.now(), actor, {
        recordType: 'review',
        recordId: record.id,
        partnershipId: record.leadPartnership.id,
      })
    }
    const [clocks, chronologyEntries] = await Promise.all([
      this.clockReader(),
      countChronologyEntries(this.context.db, reviewId),
    ])
    const today = this.today()
    const summary = summaryOf(record, clocks)
    const facts = lifecycleFacts(record)
    return {
      ...summary,
      termsOfReference: record.termsOfReference,
      reviewers: record.reviewers.map(reviewerOf),
      stages: stagesOf(record),
      checkpoints: record.checkpoints.map((checkpoint) => checkpointOf(checkpoint, today)),
      delays: record.delays.map(delayOf),
      chronologyEntries,
      reviewPeriodMonths: clocks.periodMonths(summary.guidanceEdition),
      canOversee: canCommissionReview(actor, record.leadPartnership.id),
      canWork: canEditReview(actor, scope),
      canRestrict: can(actor, 'records:restrict', { partnershipId: record.leadPartnership.id }),
      transitions: {
        start: checkTransition(facts, 'start', { today }),
        receiveFinalReport: checkTransition(facts, 'receive-final-report', {
          today,
          receivedOn: today,
        }),
      },
    }
  }

  /** Choices for the new-review form: the actor's own partnerships lead (S10). */
  async newReviewOptions(actor: Actor | null): Promise<NewReviewOptions> {
    assertCan(actor, 'reviews:edit')
    const all = await listPartnerships(this.context.db)
    const leadPartnerships = all.filter((partnership) => canCommissionReview(actor, partnership.id))
    if (leadPartnerships.length === 0) {
      throw new AccessDeniedError('Not allowed: only the business unit commissions reviews')
    }
    const reviewerAccounts: Record<string, ReviewerAccount[]> = {}
    for (const partnership of leadPartnerships) {
      reviewerAccounts[partnership.id] = await this.reviewerAccounts(
        this.context.db,
        partnership.id,
      )
    }
    return {
      leadPartnerships,
      otherPartnerships: all,
      reviewerAccounts,
    }
  }

  /** Accounts that can be linked to a reviewer named on this review. */
  async reviewerAccountsFor(actor: Actor | null, reviewId: string): Promise<ReviewerAccount[]> {
    const review = await this.get(actor, reviewId)
    if (!review.canOversee) throw new AccessDeniedError('Not allowed: reviews:edit')
    return this.reviewerAccounts(this.context.db, review.leadPartnership.id)
  }

  /** The merged timeline (S10 integrated chronology), optionally for some agencies only. */
  async chronology(
    actor: Actor | null,
    reviewId: string,
    filter: { agencies?: readonly string[] } = {},
  ): Promise<ChronologyView> {
    const review = await this.get(actor, reviewId)
    const rows = await listChronologyEntries(this.context.db, reviewId)
    const all = rows.map(timelineEntryOf)
    const agencies = agenciesIn(all)
    const selectedAgencies = (filter.agencies ?? []).filter((agency) => agencies.includes(agency))
    return {
      review,
      canWork: review.canWork,
      entries: mergeTimeline(all, { agencies: selectedAgencies }),
      agencies,
      selectedAgencies,
      total: all.length,
    }
  }

  // ── Commissioning ────────────────────────────────────────────────────────

  /**
   * Creates a legacy SCR (S18, S19: WT2015, no rapid review) or another
   * learning review directly, led by one of the actor's partnerships.
   */
  async create(actor: Actor | null, input: NewReviewInput): Promise<{ id: string }> {
    assertCan(actor, 'reviews:edit')
    const errors: FieldError[] = []
    const kindAndEdition = readKindAndEdition(errors, input, DIRECTLY_CREATED_KINDS)
    const details = readReviewDetails(errors, input, {
      today: this.today(),
      methodologyRequired: true,
    })
    const leadPartnershipId = (input.leadPartnershipId ?? '').trim()
    if (leadPartnershipId === '') {
      errors.push({ field: 'leadPartnershipId', message: 'Choose the lead partnership' })
    } else if (!canCommissionReview(actor, leadPartnershipId)) {
      errors.push({
        field: 'leadPartnershipId',
        message: 'Choose a partnership whose reviews you commission',
      })
    }
    // Form rows are numbered from 1 (reviewer1Name …); blank rows are ignored.
    const named: { field: string; reviewer: NamedReviewer }[] = []
    ;(input.reviewers ?? []).forEach((reviewerInput, index) => {
      if (isBlankReviewer(reviewerInput)) return
      const prefix = `reviewer${index + 1}`
      const reviewer = readReviewer(errors, reviewerInput, details?.methodology ?? null, prefix)
      if (reviewer) named.push({ field: `${prefix}UserId`, reviewer })
    })
    const reviewers = named.map(({ reviewer }) => reviewer)
    return this.inTransaction(async (trx) => {
      const participating = await this.checkPartnerships(
        trx,
        errors,
        leadPartnershipId,
        input.participatingPartnershipIds ?? [],
      )
      if (
        leadPartnershipId !== '' &&
        errors.every((error) => error.field !== 'leadPartnershipId')
      ) {
        await this.checkReviewerAccounts(trx, errors, leadPartnershipId, named)
      }
      if (errors.length > 0 || !kindAndEdition || !details) throw new ValidationError(errors)
      const id = randomUUID()
      const at = this.context.now()
      const title = details.title ?? defaultReviewTitle(kindAndEdition.kind, details.childPseudonym)
      await insertReviewWork(trx, {
        id,
        slug: `review-${id}`,
        title,
        kind: kindAndEdition.kind,
        guidanceEdition: kindAndEdition.guidanceEdition,
        status: 'commissioned',
        leadPartnershipId,
        participatingPartnershipIds: participating,
        childPseudonym: details.childPseudonym,
        methodology: details.methodology,
        methodologyOther: details.methodologyOther,
        decisionOn: details.decisionOn,
        termsOfReference: details.termsOfReference,
        rapidReviewId: null,
        restricted: details.restricted,
        createdByUserId: actor.userId,
        stages: REVIEW_STAGES,
        reviewers: reviewers.map((reviewer) => ({ id: randomUUID(), ...reviewer })),
        now: at.toISOString(),
      })
      await recordAudit(trx, at, {
        actor: userActor(actor),
        action: 'review.created',
        recordType: 'review',
        recordId: id,
        partnershipId: leadPartnershipId,
        after: {
          kind: kindAndEdition.kind,
          guidanceEdition: kindAndEdition.guidanceEdition,
          title,
          childPseudonym: details.childPseudonym,
          methodology: details.methodology,
          decisionOn: details.decisionOn,
          participatingPartnershipIds: participating,
          reviewers: reviewers.map((reviewer) => ({ name: reviewer.name, role: reviewer.role })),
          termsOfReferenceRecorded: details.termsOfReference !== '',
          restricted: details.restricted,
          createdDirectly: true,
        },
      })
      return { id }
    })
  }

  /**
   * Creates the review a rapid review decided on (S8, S9). Called by the rapid
   * review's use case with the decision's ids and dates; inside that use case's
   * transaction, build this service on the transaction
   * (`new ReviewService({ db: trx, now })`) and the review commits with it.
   * The methodology may follow later: the review cannot start without it (S10).
   */
  async createFromRapidReviewDecision(
    actor: Actor | null,
    input: RapidReviewDecisionInput,
  ): Promise<{ id: string }> {
    assertCan(actor, 'reviews:edit')
    const errors: FieldError[] = []
    const rapidReviewId = input.rapidReviewId.trim()
    if (rapidReviewId === '' || rapidReviewId.length > 100) {
      errors.push({ field: 'rapidReviewId', message: 'The rapid review is missing' })
    }
    if (!canCommissionReview(actor, input.partnershipId)) {
      throw new AccessDeniedError('Not allowed: commissioning a review for this partnership')
    }
    const kindAndEdition = readKindAndEdition(errors, input, RAPID_REVIEW_DECISION_KINDS)
    const details = readReviewDetails(
      errors,
      {
        title: input.title ?? null,
        childPseudonym: input.childPseudonym,
        methodology: input.methodology ?? null,
        methodologyOther: input.methodologyOther ?? null,
        termsOfReference: input.termsOfReference ?? null,
        decisionOn: input.decisionOn,
        restricted: input.restricted === true,
      },
      { today: this.today(), methodologyRequired: false },
    )
    return this.inTransaction(async (trx) => {
      const participating = await this.checkPartnerships(
        trx,
        errors,
        input.partnershipId,
        input.participatingPartnershipIds ?? [],
      )
      if (details && rapidReviewId !== '') {
        const late = decisionBeforeAwareness(
          details.decisionOn,
          parseCalendarDate((await findAwarenessDateOfRapidReview(trx, rapidReviewId)) ?? ''),
        )
        if (late) errors.push({ field: 'decisionOn', message: late })
      }
      if (rapidReviewId !== '' && (await findReviewIdByRapidReview(trx, rapidReviewId))) {
        errors.push({
          field: 'rapidReviewId',
          message: 'A review has already been created from this rapid review decision',
        })
      }
      if (errors.length > 0 || !kindAndEdition || !details) throw new ValidationError(errors)
      const id = randomUUID()
      const at = this.context.now()
      const title = details.title ?? defaultReviewTitle(kindAndEdition.kind, details.childPseudonym)
      await insertReviewWork(trx, {
        id,
        slug: `review-${id}`,
        title,
        kind: kindAndEdition.kind,
        guidanceEdition: kindAndEdition.guidanceEdition,
        status: 'commissioned',
        leadPartnershipId: input.partnershipId,
        participatingPartnershipIds: participating,
        childPseudonym: details.childPseudonym,
        methodology: details.methodology,
        methodologyOther: details.methodologyOther,
        decisionOn: details.decisionOn,
        termsOfReference: details.termsOfReference,
        rapidReviewId,
        restricted: details.restricted,
        createdByUserId: actor.userId,
        stages: REVIEW_STAGES,
        reviewers: [],
        now: at.toISOString(),
      })
      await recordAudit(trx, at, {
        actor: userActor(actor),
        action: 'review.created',
        recordType: 'review',
        recordId: id,
        partnershipId: input.partnershipId,
        after: {
          kind: kindAndEdition.kind,
          guidanceEdition: kindAndEdition.guidanceEdition,
          title,
          childPseudonym: details.childPseudonym,
          decisionOn: details.decisionOn,
          rapidReviewId,
          participatingPartnershipIds: participating,
        },
      })
      // A restricted incident's review starts restricted to the same people (issue 4).
      await inheritIncidentRestriction(trx, at, actor, {
        rapidReviewId,
        reviewId: id,
        partnershipId: input.partnershipId,
      })
      return { id }
    })
  }

  // ── Oversight: details, reviewers, lifecycle, checkpoints, delays ─────────

  async editDetails(
    actor: Actor | null,
    reviewId: string,
    expectedVersion: number,
    input: EditDetailsInput,
  ): Promise<void> {
    await this.oversee(actor, reviewId, async (trx, actor, review) => {
      // A conflict comes before any check of the values: they were typed
      // against a version that is no longer the saved one.
      if (review.version !== expectedVersion) {
        throw new StaleVersionError('review', review.id, reviewDetailsSavedVersion(review))
      }
      const errors: FieldError[] = []
      const details = readReviewDetails(errors, input, {
        today: this.today(),
        methodologyRequired: review.status !== 'commissioned' || review.methodology !== null,
      })
      if (details) {
        const conflict = methodologyConflict(details.methodology, review.reviewers.map(reviewerOf))
        if (conflict) errors.push({ field: 'methodology', message: conflict })
        if (details.termsOfReference === '' && review.status !== 'commissioned') {
          errors.push({
            field: 'termsOfReference',
            message: 'Terms of reference cannot be removed once the review has started (S10)',
          })
        }
        const tooLate = decisionAfterRecordedEvents(details.decisionOn, earliestRecordedOn(review))
        if (tooLate) errors.push({ field: 'decisionOn', message: tooLate })
        if (review.rapidReviewId !== null) {
          const beforeAwareness = decisionBeforeAwareness(
            details.decisionOn,
            parseCalendarDate(
              (await findAwarenessDateOfRapidReview(trx, review.rapidReviewId)) ?? '',
            ),
          )
          if (beforeAwareness) errors.push({ field: 'decisionOn', message: beforeAwareness })
        }
      }
      const participating = await this.checkPartnerships(
        trx,
        errors,
        review.leadPartnership.id,
        input.participatingPartnershipIds ?? [],
      )
      if (errors.length > 0 || !details) throw new ValidationError(errors)
      const kind = lifecycleFacts(review).kind
      const title = details.title ?? defaultReviewTitle(kind, details.childPseudonym)
      const at = this.context.now()
      await this.versioned(trx, review.id, reviewDetailsSavedVersion, () =>
        updateReviewWork(
          trx,
          review.id,
          expectedVersion,
          {
            title,
            childPseudonym: details.childPseudonym,
            methodology: details.methodology,
            methodologyOther: details.methodologyOther,
            decisionOn: details.decisionOn,
            termsOfReference: details.termsOfReference,
            restricted: details.restricted,
          },
          at.toISOString(),
        ),
      )
      await replaceParticipatingPartnerships(trx, review.id, participating)
      await this.auditReview(trx, at, actor, review, 'review.details-updated', {
        // Free text (terms of reference) is summarised, never copied: it may
        // describe the family in more detail than an audit summary should.
        before: {
          title: review.title,
          childPseudonym: review.childPseudonym,
          methodology: review.methodology,
          decisionOn: review.decisionOn,
          restricted: review.restricted,
          participatingPartnershipIds: review.participatingPartnerships.map((p) => p.id),
          version: review.version,
        },
        after: {
          title,
          childPseudonym: details.childPseudonym,
          methodology: details.methodology,
          decisionOn: details.decisionOn,
          restricted: details.restricted,
          participatingPartnershipIds: participating,
          termsOfReferenceChanged: details.termsOfReference !== review.termsOfReference,
          version: expectedVersion + 1,
        },
      })
    })
  }

  async addReviewer(
    actor: Actor | null,
    reviewId: string,
    input: ReviewerInput,
  ): Promise<{ id: string }> {
    return this.oversee(actor, reviewId, async (trx, actor, review) => {
      const errors: FieldError[] = []
      const methodology = lifecycleFacts(review).methodology
      const reviewer = readReviewer(errors, input, methodology)
      if (reviewer) {
        await this.checkReviewerAccounts(trx, errors, review.leadPartnership.id, [
          { field: 'userId', reviewer },
        ])
        if (
          reviewer.userId !== null &&
          review.reviewers.some((existing) => existing.userId === reviewer.userId)
        ) {
          errors.push({
            field: 'userId',
            message: 'That account is already linked to a reviewer on this review',
          })
        }
      }
      if (errors.length > 0 || !reviewer) throw new ValidationError(errors)
      const id = randomUUID()
      const at = this.context.now()
      await insertReviewer(trx, { id, reviewId: review.id, ...reviewer, now: at.toISOString() })
      await refreshReviewerNames(trx, review.id)
      await this.auditReview(trx, at, actor, review, 'review.reviewer-added', {
        after: {
          reviewerId: id,
          name: reviewer.name,
          role: reviewer.role,
          organisation: reviewer.organisation,
          userId: reviewer.userId,
        },
      })
      return { id }
    })
  }

  async removeReviewer(actor: Actor | null, reviewId: string, reviewerId: string): Promise<void> {
    await this.oversee(actor, reviewId, async (trx, actor, review) => {
      const reviewer = review.reviewers.find((candidate) => candidate.id === reviewerId)
      if (!reviewer) throw new NotFoundError('No such reviewer on this review')
      const facts = lifecycleFacts(review)
      const remaining = facts.reviewers.filter(
        (_, index) => review.reviewers[index]?.id !== reviewerId,
      )
      if (facts.status === 'in-progress') {
        const leadRole =
          facts.methodology === null ? null : METHODOLOGY_DETAILS[facts.methodology].leadRole
        const leaderless =
          leadRole !== null && !remaining.some((candidate) => candidate.role === leadRole)
        if (remaining.length === 0 || leaderless) {
          const needed =
            leadRole === null ? 'reviewer' : REVIEWER_ROLE_NAMES[leadRole].toLowerCase()
          throw new ValidationError([
            {
              field: 'reviewers',
              message: `A review in progress needs a ${needed}: name another before removing ${reviewer.name} (S10)`,
            },
          ])
        }
      }
      await deleteReviewer(trx, review.id, reviewerId)
      await refreshReviewerNames(trx, review.id)
      await this.auditReview(trx, this.context.now(), actor, review, 'review.reviewer-removed', {
        before: { reviewerId, name: reviewer.name, role: reviewer.role, userId: reviewer.userId },
      })
    })
  }

  /** commissioned → in-progress: refused, with what is missing, until S10 is met. */
  async start(actor: Actor | null, reviewId: string, expectedVersion: number): Promise<void> {
    await this.oversee(actor, reviewId, async (trx, actor, review) => {
      const today = this.today()
      const to = assertTransition(lifecycleFacts(review), 'start', { today })
      await this.moveReview(trx, actor, review, expectedVersion, 'review.started', {
        status: to,
        startedOn: today,
      })
    })
  }

  /** in-progress → final-report-received: refused until every stage is completed. */
  async recordFinalReportReceived(
    actor: Actor | null,
    reviewId: string,
    expectedVersion: number,
    receivedOnText: string,
  ): Promise<void> {
    await this.oversee(actor, reviewId, async (trx, actor, review) => {
      const today = this.today()
      const text = receivedOnText.trim()
      const receivedOn = parseCalendarDate(text)
      if (text === '' || receivedOn === null) {
        throw new ValidationError([
          {
            field: 'receivedOn',
            message:
              text === ''
                ? 'Enter the date the final report was received'
                : 'Date the final report was received must be a real date',
          },
        ])
      }
      const to = assertTransition(lifecycleFacts(review), 'receive-final-report', {
        today,
        receivedOn,
      })
      await this.moveReview(trx, actor, review, expectedVersion, 'review.final-report-received', {
        status: to,
        finalReportReceivedOn: receivedOn,
      })
    })
  }

  /** S11: a monitoring checkpoint, with the written request it made, if any. */
  async addCheckpoint(
    actor: Actor | null,
    reviewId: string,
    input: CheckpointInput,
  ): Promise<{ id: string }> {
    return this.oversee(actor, reviewId, async (trx, actor, review) => {
      const errors: FieldError[] = []
      const checkpoint = readCheckpoint(errors, input, {
        today: this.today(),
        decisionOn: lifecycleFacts(review).decisionOn,
      })
      if (errors.length > 0 || !checkpoint) throw new ValidationError(errors)
      const id = randomUUID()
      const at = this.context.now()
      await insertCheckpoint(trx, {
        id,
        reviewId: review.id,
        heldOn: checkpoint.heldOn,
        observations: checkpoint.observations,
        requestKind: checkpoint.request?.kind ?? null,
        requestDetail: checkpoint.request?.detail ?? null,
        requestedOn: checkpoint.request?.requestedOn ?? null,
        requestDueOn: checkpoint.request?.dueOn ?? null,
        now: at.toISOString(),
      })
      await this.auditReview(trx, at, actor, review, 'review.checkpoint-added', {
        after: {
          checkpointId: id,
          heldOn: checkpoint.heldOn,
          request: checkpoint.request
            ? {
                kind: checkpoint.request.kind,
                requestedOn: checkpoint.request.requestedOn,
                dueOn: checkpoint.request.dueOn,
              }
            : null,
        },
      })
      return { id }
    })
  }

  async recordCheckpointResponse(
    actor: Actor | null,
    reviewId: string,
    checkpointId: string,
    expectedVersion: number,
    respondedOnText: string,
  ): Promise<void> {
    await this.oversee(actor, reviewId, async (trx, actor, review) => {
      const checkpoint = review.checkpoints.find((candidate) => candidate.id === checkpointId)
      if (!checkpoint) throw new NotFoundError('No such checkpoint on this review')
      const requestedOn = parseCalendarDate(checkpoint.requestedOn ?? '')
      if (requestedOn === null) {
        throw new ValidationError([
          { field: 'respondedOn', message: 'This checkpoint made no written request to answer' },
        ])
      }
      const errors: FieldError[] = []
      const respondedOn = readResponseDate(errors, respondedOnText, {
        today: this.today(),
        requestedOn,
      })
      if (errors.length > 0 || respondedOn === null) throw new ValidationError(errors)
      await this.versioned(
        trx,
        review.id,
        (saved) => checkpointAnswerSavedVersion(saved, checkpointId),
        () => updateCheckpointResponse(trx, review.id, checkpointId, expectedVersion, respondedOn),
      )
      await this.auditReview(trx, this.context.now(), actor, review, 'review.checkpoint-answered', {
        before: { checkpointId, respondedOn: checkpoint.respondedOn, version: checkpoint.version },
        after: { checkpointId, respondedOn, version: expectedVersion + 1 },
      })
    })
  }

  /** S12: a delay caused by parallel proceedings, with when the Panel and SoS were told. */
  async recordDelay(
    actor: Actor | null,
    reviewId: string,
    input: DelayInput,
  ): Promise<{ id: string }> {
    return this.oversee(actor, reviewId, async (trx, actor, review) => {
      const errors: FieldError[] = []
      const delay = readDelay(errors, input, {
        today: this.today(),
        decisionOn: lifecycleFacts(review).decisionOn,
      })
      if (errors.length > 0 || !delay) throw new ValidationError(errors)
      const id = randomUUID()
      const at = this.context.now()
      await insertDelay(trx, { id, reviewId: review.id, ...delay, now: at.toISOString() })
      await this.auditReview(trx, at, actor, review, 'review.delay-recorded', {
        after: {
          delayId: id,
          reason: delay.reason,
          identifiedOn: delay.identifiedOn,
          panelToldOn: delay.panelToldOn,
          secretaryOfStateToldOn: delay.secretaryOfStateToldOn,
        },
      })
      return { id }
    })
  }

  async recordDelayToldDates(
    actor: Actor | null,
    reviewId: string,
    delayId: string,
    expectedVersion: number,
    input: Pick<DelayInput, 'panelToldOn' | 'secretaryOfStateToldOn'>,
  ): Promise<void> {
    await this.oversee(actor, reviewId, async (trx, actor, review) => {
      const delay = review.delays.find((candidate) => candidate.id === delayId)
      if (!delay) throw new NotFoundError('No such delay on this review')
      const errors: FieldError[] = []
      const told = readToldDates(errors, input, {
        today: this.today(),
        identifiedOn: parseCalendarDate(delay.identifiedOn),
      })
      if (errors.length > 0 || !told) throw new ValidationError(errors)
      await this.versioned(
        trx,
        review.id,
        (saved) => delayToldSavedVersion(saved, delayId),
        () => updateDelayToldDates(trx, review.id, delayId, expectedVersion, told),
      )
      await this.auditReview(
        trx,
        this.context.now(),
        actor,
        review,
        'review.delay-told-dates-recorded',
        {
          before: {
            delayId,
            panelToldOn: delay.panelToldOn,
            secretaryOfStateToldOn: delay.secretaryOfStateToldOn,
            version: delay.version,
          },
          after: { delayId, ...told, version: expectedVersion + 1 },
        },
      )
    })
  }

  // ── Work: stages and chronology ───────────────────────────────────────────

  async updateStage(
    actor: Actor | null,
    reviewId: string,
    stageKey: string,
    expectedVersion: number,
    status: string,
    dates: StageDatesInput = {},
  ): Promise<void> {
    if (!isReviewStage(stageKey)) throw new NotFoundError('No such stage')
    await this.work(actor, reviewId, async (trx, actor, review) => {
      const saved = review.stages.find((stage) => stage.stage === stageKey)
      if (saved && saved.version !== expectedVersion) {
        throw new StaleVersionError('stage', review.id, reviewStageSavedVersion(review, stageKey))
      }
      if (!isStageStatus(status)) {
        throw new ValidationError([
          {
            field: 'status',
            message: 'Choose whether the stage is not started, in progress or completed',
          },
        ])
      }
      const facts = lifecycleFacts(review)
      const refusal = stageChangeRefusal(facts, stageKey)
      if (refusal) throw new ValidationError([{ field: 'status', message: refusal }])
      const errors: FieldError[] = []
      if (stageKey === 'final-report' && status === 'completed') {
        const open = finalReportStageRefusal(facts.stages, (stage) =>
          stageName(stage, facts.methodology),
        )
        if (open) errors.push({ field: 'status', message: open })
      }
      const stageDates = readStageDates(errors, dates, { status, today: this.today() })
      if (errors.length > 0 || stageDates === null) throw new ValidationError(errors)
      const before = review.stages.find((stage) => stage.stage === stageKey)
      if (!before) throw new NotFoundError('No such stage on this review')
      const at = this.context.now()
      await this.versioned(
        trx,
        review.id,
        (saved) => reviewStageSavedVersion(saved, stageKey),
        () =>
          updateStageStatus(
            trx,
            review.id,
            stageKey,
            expectedVersion,
            status,
            at.toISOString(),
            stageDates,
          ),
      )
      await this.auditReview(trx, at, actor, review, 'review.stage-updated', {
        before: {
          stage: stageKey,
          status: before.status,
          startedOn: before.startedOn,
          completedOn: before.completedOn,
          version: before.version,
        },
        after: { stage: stageKey, status, ...stageDates, version: expectedVersion + 1 },
      })
    })
  }

  /** The family involvement stage's record (S10), with whether this person may record it. */
  async familyInvolvement(
    actor: Actor | null,
    reviewId: string,
  ): Promise<{ review: ReviewView; record: FamilyInvolvementRow | null }> {
    const review = await this.get(actor, reviewId)
    return { review, record: await findFamilyInvolvement(this.context.db, reviewId) }
  }

  /** Records how the family were invited, whether they took part and what they said (S10). */
  async recordFamilyInvolvement(
    actor: Actor | null,
    reviewId: string,
    expectedVersion: number,
    input: FamilyInvolvementInput,
  ): Promise<void> {
    await this.work(actor, reviewId, async (trx, actor, review) => {
      const errors: FieldError[] = []
      const record = readFamilyInvolvement(errors, input, {
        today: this.today(),
        decisionOn: lifecycleFacts(review).decisionOn,
      })
      if (!record) throw new ValidationError(errors)
      const before = await findFamilyInvolvement(trx, review.id)
      const at = this.context.now()
      await withSavedVersion(
        async () => {
          const saved = await findFamilyInvolvement(trx, review.id)
          return saved && familyInvolvementSavedVersion(saved)
        },
        () => saveFamilyInvolvement(trx, review.id, expectedVersion, record, at.toISOString()),
      )
      await this.auditReview(trx, at, actor, review, 'review.family-involvement-recorded', {
        // What the family said stays out of the audit: it is theirs, and may name people.
        before: before
          ? {
              invitedOn: before.invitedOn,
              invitedHow: before.invitedHow,
              tookPart: before.tookPart,
              version: before.version,
            }
          : undefined,
        after: {
          invitedOn: record.invitedOn,
          invitedHow: record.invitedHow,
          tookPart: record.tookPart,
          familyViewsRecorded: record.familyViews !== null,
          version: expectedVersion + 1,
        },
      })
    })
  }

  async addChronologyEntry(
    actor: Actor | null,
    reviewId: string,
    input: ChronologyEntryInput,
  ): Promise<{ id: string }> {
    return this.work(actor, reviewId, async (trx, actor, review) => {
      const errors: FieldError[] = []
      const agency = readListedAgency(errors, await chronologyAgencies(trx, review), input.agency)
      const entry = readChronologyEntry(errors, input, this.today(), { agency: 'from-list' })
      if (errors.length > 0 || !entry || !agency) throw new ValidationError(errors)
      const id = randomUUID()
      const at = this.context.now()
      await insertChronologyEntries(
        trx,
        review.id,
        [
          {
            id,
            ...entry,
            agency: agency.name,
            agencyId: agency.id,
            enteredBy: 'form',
            sourceLine: null,
          },
        ],
        { userId: actor.userId, now: at.toISOString() },
      )
      await this.auditReview(trx, at, actor, review, 'chronology.entry-added', {
        // The event text may name people: the audit keeps only where and when.
        after: { entryId: id, agency: entry.agency, occurredOn: entry.occurredOn },
      })
      return { id }
    })
  }

  /**
   * Imports a chronology CSV: all rows or none. Bad rows come back as one
   * ValidationError listing each with its line number (field `csv`). Entries
   * already on the chronology (same agency, date and event) are skipped and
   * counted, so importing a file twice does not double it; a file with nothing
   * new is refused, saying so (issue 8).
   */
  async importChronologyCsv(
    actor: Actor | null,
    reviewId: string,
    csvText: string,
  ): Promise<{ imported: number; duplicates: number; agencies: string[] }> {
    return this.work(actor, reviewId, async (trx, actor, review) => {
      const result = parseChronologyCsv(csvText, this.today())
      if (!result.ok) {
        const errors = result.problems.map((problem) => ({
          field: 'csv',
          message: problem.message,
        }))
        if (result.moreProblems > 0) {
          errors.push({
            field: 'csv',
            message: `And ${result.moreProblems} more problems. Fix the ones above, then import again to see the rest`,
          })
        }
        throw new ValidationError(errors)
      }
      // Every agency named must be on the list (issue 8): all or nothing, as for bad rows.
      const listed = await chronologyAgencies(trx, review)
      const unlisted = unlistedAgencyProblems(listed, result.entries, MAX_PROBLEMS_LISTED)
      if (unlisted.messages.length > 0) {
        const errors = unlisted.messages.map((message) => ({ field: 'csv', message }))
        if (unlisted.more > 0) {
          errors.push({
            field: 'csv',
            message: `And ${unlisted.more} more agencies not on the list. Nothing was imported`,
          })
        }
        throw new ValidationError(errors)
      }
      // Each row takes the list's spelling of its agency, so one agency is one name.
      const rows = result.entries.map((entry) => {
        const agency = agencyNamed(listed, entry.agency)
        return { ...entry, agency: agency?.name ?? entry.agency, agencyId: agency?.id ?? null }
      })
      const present = new Set(
        (await listChronologyEntries(trx, review.id)).map((entry) => chronologyEntryKey(entry)),
      )
      const fresh = rows.filter((entry) => !present.has(chronologyEntryKey(entry)))
      const duplicates = rows.length - fresh.length
      if (fresh.length === 0) {
        throw new ValidationError([
          {
            field: 'csv',
            message: `Every entry in this file is already in the chronology (${duplicates} ${duplicates === 1 ? 'entry' : 'entries'} with the same agency, date and event): it looks like it was imported before. Nothing was imported`,
          },
        ])
      }
      const at = this.context.now()
      await insertChronologyEntries(
        trx,
        review.id,
        fresh.map(({ line, ...entry }) => ({
          id: randomUUID(),
          ...entry,
          enteredBy: 'csv',
          sourceLine: line,
        })),
        { userId: actor.userId, now: at.toISOString() },
      )
      const agencies = agenciesIn(fresh)
      await this.auditReview(trx, at, actor, review, 'chronology.csv-imported', {
        after: { entries: fresh.length, duplicatesSkipped: duplicates, agencies },
      })
      return { imported: fresh.length, duplicates, agencies }
    })
  }

  /**
   * The agencies a chronology entry may name, for the form's list: the review's
   * partnerships' agencies, and the entry's own if the list has since retired it.
   */
  async chronologyAgencyNames(
    actor: Actor | null,
    reviewId: string,
    entryId?: string,
  ): Promise<string[]> {
    const review = await this.get(actor, reviewId)
    const entry = entryId ? await findChronologyEntry(this.context.db, reviewId, entryId) : null
    const agencies = await chronologyAgencies(this.context.db, review, {
      agencyId: entry?.agencyId ?? null,
    })
    return agencies.map((agency) => agency.name)
  }

  /** One entry of the chronology, for its change and entered-in-error pages. */
  async chronologyEntry(
    actor: Actor | null,
    reviewId: string,
    entryId: string,
  ): Promise<{ review: ReviewView; entry: ChronologyEntryRow }> {
    const review = await this.get(actor, reviewId)
    const entry = await findChronologyEntry(this.context.db, reviewId, entryId)
    if (!entry) throw new NotFoundError('No such chronology entry')
    return { review, entry }
  }

  /** Corrects a chronology entry: versioned, audited (where and when, never the event text). */
  async editChronologyEntry(
    actor: Actor | null,
    reviewId: string,
    entryId: string,
    expectedVersion: number,
    input: ChronologyEntryInput,
  ): Promise<void> {
    await this.work(actor, reviewId, async (trx, actor, review) => {
      const before = await findChronologyEntry(trx, review.id, entryId)
      if (!before) throw new NotFoundError('No such chronology entry')
      const errors: FieldError[] = []
      const agency = readListedAgency(
        errors,
        await chronologyAgencies(trx, review, { agencyId: before.agencyId }),
        input.agency,
      )
      const read = readChronologyEntry(errors, input, this.today(), { agency: 'from-list' })
      if (errors.length > 0 || !read || !agency) throw new ValidationError(errors)
      const entry = { ...read, agency: agency.name, agencyId: agency.id }
      const at = this.context.now()
      await withSavedVersion(
        async () => {
          const saved = await findChronologyEntry(trx, review.id, entryId)
          return saved ? chronologyEntrySavedVersion(saved) : null
        },
        () =>
          updateChronologyEntry(trx, review.id, entryId, expectedVersion, entry, at.toISOString()),
      )
      await this.auditReview(trx, at, actor, review, 'chronology.entry-corrected', {
        before: {
          entryId,
          agency: before.agency,
          occurredOn: before.occurredOn,
          version: expectedVersion,
        },
        after: {
          entryId,
          agency: entry.agency,
          occurredOn: entry.occurredOn,
          eventChanged: entry.event !== before.event,
          version: expectedVersion + 1,
        },
      })
    })
  }

  /** Takes an entry off the chronology with a reason: kept and audited, never deleted. */
  async markChronologyEntryEnteredInError(
    actor: Actor | null,
    reviewId: string,
    entryId: string,
    expectedVersion: number,
    reasonText: string | null,
  ): Promise<void> {
    await this.work(actor, reviewId, async (trx, actor, review) => {
      const before = await findChronologyEntry(trx, review.id, entryId)
      if (!before) throw new NotFoundError('No such chronology entry')
      const errors: FieldError[] = []
      const reason = readEnteredInErrorReason(errors, reasonText)
      if (reason === null) throw new ValidationError(errors)
      const at = this.context.now()
      await withSavedVersion(
        async () => {
          const saved = await findChronologyEntry(trx, review.id, entryId)
          return saved ? chronologyEntrySavedVersion(saved) : null
        },
        () =>
          markChronologyEntryEnteredInError(
            trx,
            review.id,
            entryId,
            expectedVersion,
            { reason, byName: actor.displayName },
            at.toISOString(),
          ),
      )
      await this.auditReview(trx, at, actor, review, 'chronology.entry-entered-in-error', {
        before: { entryId, agency: before.agency, occurredOn: before.occurredOn },
        after: { entryId, reason, version: expectedVersion + 1 },
      })
    })
  }

  // ── Helpers ──────────────────────────────────────────────────────────────

  private today(): CalendarDate {
    return this.calendarService.today()
  }

  /**
   * Runs in the caller's transaction when this service was built on one (the
   * rapid review's decision creating its review), otherwise in a new one.
   */
  private inTransaction<T>(work: (trx: Db) => Promise<T>): Promise<T> {
    const { db } = this.context
    return db.isTransaction ? work(db) : db.transaction().execute(work)
  }

  /**
   * A versioned write inside `trx`; when someone else saved first, refused with
   * what is saved now, read through the same transaction (the refused UPDATE
   * wrote nothing, and on PostgreSQL this read sees the other person's commit).
   */
  private versioned(
    trx: Db,
    reviewId: string,
    saved: (review: ReviewWorkRecord) => SavedVersion,
    write: () => Promise<void>,
  ): Promise<void> {
    return withSavedVersion(async () => saved(await this.load(trx, reviewId)), write)
  }

  private async load(db: Db, reviewId: string): Promise<ReviewWorkRecord> {
    const record = await findReviewWork(db, reviewId)
    if (!record) throw new NotFoundError('No such review')
    return record
  }

  /** Loads the review in the transaction and checks the actor oversees it (S10, S11, S12). */
  private oversee<T>(
    actor: Actor | null,
    reviewId: string,
    change: (trx: Db, actor: Actor, review: ReviewWorkRecord) => Promise<T>,
  ): Promise<T> {
    return this.changeReview(actor, reviewId, change, (actor, review) => {
      // Off the access list, overseeing too is refused (as not found, before this).
      if (!canCommissionReview(actor, review.leadPartnership.id)) {
        throw new AccessDeniedError('Not allowed: only the lead partnership oversees a review')
      }
    })
  }

  /** Loads the review in the transaction and checks the actor may work on it. */
  private work<T>(
    actor: Actor | null,
    reviewId: string,
    change: (trx: Db, actor: Actor, review: ReviewWorkRecord) => Promise<T>,
  ): Promise<T> {
    return this.changeReview(actor, reviewId, change, (actor, _review, scope) =>
      assertCanEditReview(actor, scope),
    )
  }

  /**
   * A change to a review, in one transaction: the review is read there, a
   * person who may not read it learns nothing of it (not found), `allowed`
   * refuses anyone else, and a closed review takes no more changes.
   */
  private changeReview<T>(
    actor: Actor | null,
    reviewId: string,
    change: (trx: Db, actor: Actor, review: ReviewWorkRecord) => Promise<T>,
    allowed: (actor: Actor, review: ReviewWorkRecord, scope: ReviewAccessScope) => void,
  ): Promise<T> {
    assertCan(actor, 'reviews:edit')
    return this.inTransaction(async (trx) => {
      const review = await this.load(trx, reviewId)
      const scope = accessScopeOf(review, await accessListOf(trx, 'review', review))
      if (!canReadReview(actor, scope)) throw new NotFoundError('No such review')
      allowed(actor, review, scope)
      refuseIfClosed(review)
      return change(trx, actor, review)
    })
  }

  /** A lifecycle step (S10, S12): the versioned status change and its audit event. */
  private async moveReview(
    trx: Db,
    actor: Actor,
    review: ReviewWorkRecord,
    expectedVersion: number,
    action: string,
    change: { status: string; startedOn?: string; finalReportReceivedOn?: string },
  ): Promise<void> {
    const at = this.context.now()
    await this.versioned(trx, review.id, reviewLifecycleSavedVersion, () =>
      updateReviewWork(trx, review.id, expectedVersion, change, at.toISOString()),
    )
    await this.auditReview(trx, at, actor, review, action, {
      before: { status: review.status, version: review.version },
      after: { ...change, version: expectedVersion + 1 },
    })
  }

  /** The audit event of a change to a review, in the change's own transaction. */
  private auditReview(
    trx: Db,
    at: Date,
    actor: Actor,
    review: Pick<ReviewWorkRecord, 'id' | 'leadPartnership'>,
    action: string,
    summary: Pick<AuditEntry, 'before' | 'after'>,
  ): Promise<void> {
    return recordAudit(trx, at, {
      actor: userActor(actor),
      action,
      recordType: 'review',
      recordId: review.id,
      partnershipId: review.leadPartnership.id,
      ...summary,
    })
  }

  /** Participating partnerships must exist and not be the lead; duplicates are dropped. */
  private async checkPartnerships(
    db: Db,
    errors: FieldError[],
    leadPartnershipId: string,
    ids: readonly string[],
  ): Promise<string[]> {
    const unique = [...new Set(ids.map((id) => id.trim()).filter((id) => id !== ''))]
    const result: string[] = []
    for (const id of unique) {
      if (id === leadPartnershipId) continue
      const partnership = /^[0-9a-f-]{36}$/i.test(id)
        ? await findPartnershipById(db, id)
        : undefined
      if (!partnership) {
        errors.push({
          field: 'participatingPartnershipIds',
          message: 'Choose participating partnerships from the list',
        })
        return []
      }
      result.push(id)
    }
    return result
  }

  private async checkReviewerAccounts(
    db: Db,
    errors: FieldError[],
    partnershipId: string,
    reviewers: readonly { field: string; reviewer: NamedReviewer }[],
  ): Promise<void> {
    if (reviewers.every(({ reviewer }) => reviewer.userId === null)) return
    const accounts = await this.reviewerAccounts(db, partnershipId)
    const linked = new Set<string>()
    for (const { field, reviewer } of reviewers) {
      if (reviewer.userId === null) continue
      if (linked.has(reviewer.userId)) {
        errors.push({ field, message: 'Link each account to one reviewer only' })
      } else if (!accounts.some((account) => account.userId === reviewer.userId)) {
        errors.push({
          field,
          message: 'Choose the reviewer’s account from the list, or leave it blank',
        })
      }
      linked.add(reviewer.userId)
    }
  }

  private reviewerAccounts(db: Db, partnershipId: string): Promise<ReviewerAccount[]> {
    return listMembersWithRoles(db, partnershipId, REVIEW_EDITING_ROLES)
  }

  /** Reads target dates for many reviews with one calendar and one settings read. */
  private async clockReader(): Promise<ClockReader> {
    const [calendar, periods] = await Promise.all([
      this.calendarService.calendar(),
      this.calendarService.allPeriods(),
    ])
    const today = this.today()
    return {
      periodMonths: (edition) => periods[edition].reviewCompletionMonths,
      read: (edition, decisionOn, finalReportReceivedOn) => {
        if (decisionOn === null) return { targetOn: null, clock: null }
        return {
          targetOn: reviewTargetOn(decisionOn, periods[edition]),
          clock: readReviewClock(
            { decisionOn, finalReportReceivedOn },
            periods[edition],
            calendar,
            today,
          ),
        }
      },
    }
  }
}
