// The shapes the review service hands to the web and the API, and the
// mapping from stored rows to them. Stored rows carry plain strings; here they
// become the domain's types, checked, so a corrupt row fails loudly instead of
// showing something wrong.
import type {
  ChronologyEntryRow,
  ReviewWorkRecord,
  ReviewWorkRow,
} from '../data/repositories/review-work-repository.js'
import type { ReviewAccessScope } from '../domain/access/policy.js'
import type { Partnership } from '../data/repositories/partnership-repository.js'
import {
  compareDates,
  parseCalendarDate,
  type CalendarDate,
} from '../domain/calendar/calendar-date.js'
import { ValidationError } from '../domain/errors.js'
import {
  REQUEST_KINDS,
  requestStatus,
  type RequestKind,
  type RequestStatus,
} from '../domain/reviews/checkpoints.js'
import type { TimelineEntry } from '../domain/reviews/chronology.js'
import { DELAY_REASONS, stillToBeTold, type DelayReason } from '../domain/reviews/delays.js'
import {
  isReviewStatus,
  recordChangeRefusal,
  type ReviewLifecycleFacts,
  type ReviewStatus,
  type TransitionCheck,
} from '../domain/reviews/lifecycle.js'
import {
  isMethodology,
  isReviewerRole,
  type Methodology,
  type ReviewerRole,
} from '../domain/reviews/methodologies.js'
import { isReviewKind, type ReviewKind } from '../domain/reviews/review-kinds.js'
import {
  REVIEW_STAGES,
  STAGE_STATUSES,
  isStageStatus,
  type ReviewStage,
  type StageStatus,
} from '../domain/reviews/stages.js'
import type { ClockReading } from '../domain/statutory/deadlines.js'
import { isGuidanceEdition, type GuidanceEdition } from '../domain/statutory/periods.js'

export interface Reviewer {
  readonly id: string
  readonly name: string
  readonly role: ReviewerRole
  readonly organisation: string | null
  readonly userId: string | null
  readonly userDisplayName: string | null
}

export interface StageProgressView {
  readonly stage: ReviewStage
  readonly status: StageStatus
  readonly version: number
  readonly updatedAt: string
  readonly startedOn: CalendarDate | null
  readonly completedOn: CalendarDate | null
}

export interface CheckpointView {
  readonly id: string
  readonly heldOn: CalendarDate
  readonly observations: string | null
  readonly request: {
    readonly kind: RequestKind
    readonly detail: string
    readonly requestedOn: CalendarDate
    readonly dueOn: CalendarDate
    readonly respondedOn: CalendarDate | null
    readonly status: RequestStatus
  } | null
  readonly version: number
}

export interface DelayView {
  readonly id: string
  readonly reason: DelayReason
  readonly details: string
  readonly identifiedOn: CalendarDate
  readonly panelToldOn: CalendarDate | null
  readonly secretaryOfStateToldOn: CalendarDate | null
  /** Who still has to be told (S12). */
  readonly stillToBeTold: readonly string[]
  readonly version: number
}

export interface ReviewSummary {
  readonly id: string
  readonly title: string
  readonly kind: ReviewKind
  readonly guidanceEdition: GuidanceEdition
  readonly status: ReviewStatus
  readonly childPseudonym: string
  readonly leadPartnership: { id: string; slug: string; name: string }
  readonly participatingPartnerships: readonly { id: string; slug: string; name: string }[]
  readonly methodology: Methodology | null
  readonly methodologyOther: string | null
  readonly decisionOn: CalendarDate | null
  readonly startedOn: CalendarDate | null
  readonly finalReportReceivedOn: CalendarDate | null
  readonly rapidReviewId: string | null
  readonly restricted: boolean
  /** Restricted to its access list (issue 4). */
  readonly accessRestricted: boolean
  readonly version: number
  /** Decision date + the edition's review period (S12, S18); null without a decision date. */
  readonly targetOn: CalendarDate | null
  readonly clock: ClockReading | null
}

export interface ReviewView extends ReviewSummary {
  readonly termsOfReference: string
  readonly reviewers: readonly Reviewer[]
  readonly stages: readonly StageProgressView[]
  readonly checkpoints: readonly CheckpointView[]
  readonly delays: readonly DelayView[]
  readonly chronologyEntries: number
  readonly reviewPeriodMonths: number
  /** Oversight: details, reviewers, lifecycle, checkpoints, delays. */
  readonly canOversee: boolean
  /** Work: stages and chronology. */
  readonly canWork: boolean
  /** Restrict the review to an access list (issue 4): the lead partnership's business unit. */
  readonly canRestrict: boolean
  readonly transitions: {
    readonly start: TransitionCheck
    readonly receiveFinalReport: TransitionCheck
  }
}

export interface NewReviewOptions {
  readonly leadPartnerships: readonly Partnership[]
  readonly otherPartnerships: readonly Partnership[]
  /** Accounts that can be linked to a named reviewer, by lead partnership id. */
  readonly reviewerAccounts: Readonly<Record<string, readonly ReviewerAccount[]>>
}

export interface ReviewerAccount {
  readonly userId: string
  readonly displayName: string
  readonly email: string
}

export interface ChronologyView {
  readonly review: ReviewSummary
  readonly canWork: boolean
  readonly entries: readonly (TimelineEntry & { id: string; enteredBy: string })[]
  readonly agencies: readonly string[]
  readonly selectedAgencies: readonly string[]
  readonly total: number
}

export interface ClockReader {
  periodMonths(edition: GuidanceEdition): number
  read(
    edition: GuidanceEdition,
    decisionOn: CalendarDate | null,
    finalReportReceivedOn: CalendarDate | null,
  ): { targetOn: CalendarDate | null; clock: ClockReading | null }
}

export function refuseIfClosed(review: ReviewWorkRecord): void {
  const refusal = recordChangeRefusal(lifecycleFacts(review).status)
  if (refusal) throw new ValidationError([{ field: 'review', message: refusal }])
}

export function accessScope(
  row: ReviewWorkRow,
  namedUserIds: readonly string[],
  accessList: readonly string[] = [],
): ReviewAccessScope {
  return {
    leadPartnershipId: row.leadPartnership.id,
    participatingPartnershipIds: row.participatingPartnerships.map((partnership) => partnership.id),
    namedUserIds,
    restricted: row.restricted,
    accessRestricted: row.accessRestricted,
    accessList,
  }
}

export function accessScopeOf(
  record: ReviewWorkRecord,
  accessList: readonly string[] = [],
): ReviewAccessScope {
  return accessScope(
    record,
    record.reviewers.flatMap((reviewer) => (reviewer.userId === null ? [] : [reviewer.userId])),
    accessList,
  )
}

export function dateOrNull(value: string | null): CalendarDate | null {
  return value === null ? null : parseCalendarDate(value)
}

/** Rows are written only by this service, so a value outside the domain's lists is a fault. */
export function corrupt(what: string, value: unknown): never {
  throw new Error(`Stored review has an unknown ${what}: ${String(value)}`)
}

export function lifecycleFacts(record: ReviewWorkRecord): ReviewLifecycleFacts {
  return {
    kind: isReviewKind(record.kind) ? record.kind : corrupt('kind', record.kind),
    status: isReviewStatus(record.status) ? record.status : corrupt('status', record.status),
    methodology:
      record.methodology === null
        ? null
        : isMethodology(record.methodology)
          ? record.methodology
          : corrupt('methodology', record.methodology),
    termsOfReference: record.termsOfReference,
    decisionOn: dateOrNull(record.decisionOn),
    reviewers: record.reviewers.map(reviewerOf),
    stages: stagesOf(record),
  }
}

export function summaryOf(row: ReviewWorkRow, clocks: ClockReader): ReviewSummary {
  const guidanceEdition = isGuidanceEdition(row.guidanceEdition)
    ? row.guidanceEdition
    : corrupt('guidance edition', row.guidanceEdition)
  const decisionOn = dateOrNull(row.decisionOn)
  const finalReportReceivedOn = dateOrNull(row.finalReportReceivedOn)
  const { targetOn, clock } = clocks.read(guidanceEdition, decisionOn, finalReportReceivedOn)
  return {
    id: row.id,
    title: row.title,
    kind: isReviewKind(row.kind) ? row.kind : corrupt('kind', row.kind),
    guidanceEdition,
    status: isReviewStatus(row.status) ? row.status : corrupt('status', row.status),
    childPseudonym: row.childPseudonym,
    leadPartnership: row.leadPartnership,
    participatingPartnerships: row.participatingPartnerships,
    methodology:
      row.methodology === null
        ? null
        : isMethodology(row.methodology)
          ? row.methodology
          : corrupt('methodology', row.methodology),
    methodologyOther: row.methodologyOther,
    decisionOn,
    startedOn: dateOrNull(row.startedOn),
    finalReportReceivedOn,
    rapidReviewId: row.rapidReviewId,
    restricted: row.restricted,
    accessRestricted: row.accessRestricted,
    version: row.version,
    targetOn,
    clock,
  }
}

export function reviewerOf(row: ReviewWorkRecord['reviewers'][number]): Reviewer {
  return {
    id: row.id,
    name: row.name,
    role: isReviewerRole(row.role) ? row.role : corrupt('reviewer role', row.role),
    organisation: row.organisation,
    userId: row.userId,
    userDisplayName: row.userDisplayName,
  }
}

export function stagesOf(record: ReviewWorkRecord): StageProgressView[] {
  return REVIEW_STAGES.map((stage) => {
    const row = record.stages.find((candidate) => candidate.stage === stage)
    if (!row) {
      return {
        stage,
        status: STAGE_STATUSES[0],
        version: 1,
        updatedAt: record.createdAt,
        startedOn: null,
        completedOn: null,
      }
    }
    return {
      stage,
      status: isStageStatus(row.status) ? row.status : corrupt('stage status', row.status),
      version: row.version,
      updatedAt: row.updatedAt,
      startedOn: dateOrNull(row.startedOn),
      completedOn: dateOrNull(row.completedOn),
    }
  })
}

export function checkpointOf(
  row: ReviewWorkRecord['checkpoints'][number],
  today: CalendarDate,
): CheckpointView {
  const requestedOn = dateOrNull(row.requestedOn)
  const dueOn = dateOrNull(row.requestDueOn)
  const respondedOn = dateOrNull(row.respondedOn)
  const kind = REQUEST_KINDS.find((candidate) => candidate === row.requestKind)
  const request =
    kind !== undefined && requestedOn !== null && dueOn !== null
      ? {
          kind,
          detail: row.requestDetail ?? '',
          requestedOn,
          dueOn,
          respondedOn,
          status: requestStatus({ dueOn, respondedOn }, today),
        }
      : null
  return {
    id: row.id,
    heldOn: dateOrNull(row.heldOn) ?? corrupt('checkpoint date', row.heldOn),
    observations: row.observations,
    request,
    version: row.version,
  }
}

export function delayOf(row: ReviewWorkRecord['delays'][number]): DelayView {
  const panelToldOn = dateOrNull(row.panelToldOn)
  const secretaryOfStateToldOn = dateOrNull(row.secretaryOfStateToldOn)
  return {
    id: row.id,
    reason: (DELAY_REASONS as readonly string[]).includes(row.reason)
      ? (row.reason as DelayReason)
      : corrupt('delay reason', row.reason),
    details: row.details,
    identifiedOn: dateOrNull(row.identifiedOn) ?? corrupt('delay date', row.identifiedOn),
    panelToldOn,
    secretaryOfStateToldOn,
    stillToBeTold: stillToBeTold({ panelToldOn, secretaryOfStateToldOn }),
    version: row.version,
  }
}

export function timelineEntryOf(
  row: ChronologyEntryRow,
): TimelineEntry & { id: string; enteredBy: string } {
  return {
    id: row.id,
    agency: row.agency,
    occurredOn: dateOrNull(row.occurredOn) ?? corrupt('chronology date', row.occurredOn),
    occurredAt: row.occurredAt,
    event: row.event,
    source: row.source,
    createdAt: row.createdAt,
    sourceLine: row.sourceLine,
    enteredBy: row.enteredBy,
  }
}

/** The earliest date already recorded against the decision: the decision cannot move after it. */
export function earliestRecordedOn(review: ReviewWorkRecord): CalendarDate | null {
  const dates = [
    ...review.checkpoints.flatMap((checkpoint) => [checkpoint.heldOn, checkpoint.requestedOn]),
    ...review.delays.map((delay) => delay.identifiedOn),
    review.finalReportReceivedOn,
  ]
    .map((value) => (value === null ? null : parseCalendarDate(value)))
    .filter((value): value is CalendarDate => value !== null)
    .sort(compareDates)
  return dates[0] ?? null
}
