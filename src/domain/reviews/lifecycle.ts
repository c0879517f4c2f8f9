// The lifecycle of a review as an explicit state machine. Every move is asked
// of `checkTransition`, which answers with the reasons it is refused: what is
// wrong and what is missing, in words a coordinator can act on.
//
//   commissioned ──start──▶ in-progress ──receive-final-report──▶ final-report-received
//
// Publication (S13–S17) comes later and is its own transition; published
// reviews already in the product (the public learning pages) sit at 'published'.
import { compareDates, type CalendarDate } from '../calendar/calendar-date.js'
import { ValidationError } from '../errors.js'
import { writtenDate } from '../calendar/written-date.js'
import { REVIEW_KIND_NAMES, type ReviewKind } from './review-kinds.js'
import {
  METHODOLOGY_DETAILS,
  REVIEWER_ROLE_NAMES,
  type Methodology,
  type ReviewerRole,
} from './methodologies.js'
import {
  REVIEW_STAGE_NAMES,
  STAGE_STATUS_NAMES,
  incompleteStages,
  stageName,
  type ReviewStage,
  type StageProgress,
} from './stages.js'

export const REVIEW_STATUSES = [
  'commissioned',
  'in-progress',
  'final-report-received',
  'published',
] as const
export type ReviewStatus = (typeof REVIEW_STATUSES)[number]

export function isReviewStatus(value: unknown): value is ReviewStatus {
  return typeof value === 'string' && (REVIEW_STATUSES as readonly string[]).includes(value)
}

export const REVIEW_STATUS_NAMES: Record<ReviewStatus, string> = {
  commissioned: 'Commissioned',
  'in-progress': 'In progress',
  'final-report-received': 'Final report received',
  published: 'Published',
}

/** Statuses of reviews still being worked on (not yet published). */
export const WORKING_STATUSES = [
  'commissioned',
  'in-progress',
  'final-report-received',
] as const satisfies readonly ReviewStatus[]

export const REVIEW_TRANSITIONS = {
  start: { from: 'commissioned', to: 'in-progress', name: 'Start the review' },
  'receive-final-report': {
    from: 'in-progress',
    to: 'final-report-received',
    name: 'Record that the final report was received',
  },
} as const satisfies Record<string, { from: ReviewStatus; to: ReviewStatus; name: string }>

export type ReviewTransition = keyof typeof REVIEW_TRANSITIONS

/** What the lifecycle needs to know about a review. */
export interface ReviewLifecycleFacts {
  readonly kind: ReviewKind
  readonly status: ReviewStatus
  readonly methodology: Methodology | null
  readonly termsOfReference: string
  readonly decisionOn: CalendarDate | null
  readonly reviewers: readonly { readonly role: ReviewerRole }[]
  readonly stages: readonly StageProgress[]
}

export interface TransitionContext {
  readonly today: CalendarDate
  /** For receive-final-report: the day the final report arrived. */
  readonly receivedOn?: CalendarDate
}

export type TransitionCheck =
  | { readonly allowed: true; readonly to: ReviewStatus }
  | { readonly allowed: false; readonly reasons: readonly string[] }

export function checkTransition(
  review: ReviewLifecycleFacts,
  transition: ReviewTransition,
  context: TransitionContext,
): TransitionCheck {
  const { from, to } = REVIEW_TRANSITIONS[transition]
  if (review.status !== from) {
    return { allowed: false, reasons: [wrongState(review.status, transition)] }
  }
  const reasons =
    transition === 'start' ? missingToStart(review) : missingForFinalReport(review, context)
  return reasons.length === 0 ? { allowed: true, to } : { allowed: false, reasons }
}

/** Throws a ValidationError (field `transition`) with every reason the move is refused. */
export function assertTransition(
  review: ReviewLifecycleFacts,
  transition: ReviewTransition,
  context: TransitionContext,
): ReviewStatus {
  const check = checkTransition(review, transition, context)
  if (!check.allowed) {
    throw new ValidationError(check.reasons.map((message) => ({ field: 'transition', message })))
  }
  return check.to
}

function wrongState(status: ReviewStatus, transition: ReviewTransition): string {
  const now = REVIEW_STATUS_NAMES[status].toLowerCase()
  if (transition === 'start') {
    return `This review cannot be started: it is ${now}. Only a commissioned review can be started.`
  }
  if (status === 'commissioned') {
    return 'The final report cannot be recorded as received: the review has not started yet. Start the review first.'
  }
  return `The final report cannot be recorded as received: the review is ${now}, not in progress.`
}

/** S10: the partners appoint the reviewer(s) and agree terms of reference and methodology first. */
function missingToStart(review: ReviewLifecycleFacts): string[] {
  const kind = REVIEW_KIND_NAMES[review.kind].toLowerCase()
  const reasons: string[] = []
  if (review.decisionOn === null) {
    reasons.push(
      `Record the date of the decision to hold the review before a ${kind} starts (S12).`,
    )
  }
  if (review.methodology === null) {
    reasons.push(`Choose the methodology before a ${kind} starts (S10).`)
  }
  if (review.reviewers.length === 0) {
    reasons.push(`Name at least one reviewer before a ${kind} starts (S10).`)
  } else if (review.methodology !== null) {
    const { leadRole, name } = METHODOLOGY_DETAILS[review.methodology]
    if (leadRole !== null && !review.reviewers.some((reviewer) => reviewer.role === leadRole)) {
      reasons.push(
        `Name a ${REVIEWER_ROLE_NAMES[leadRole].toLowerCase()}: ${name} needs one before the review starts (S10).`,
      )
    }
  }
  if (review.termsOfReference.trim() === '') {
    reasons.push(`Record the terms of reference before a ${kind} starts (S10).`)
  }
  return reasons
}

function missingForFinalReport(review: ReviewLifecycleFacts, context: TransitionContext): string[] {
  const reasons: string[] = []
  const incomplete = incompleteStages(review.stages)
  if (incomplete.length > 0) {
    const list = incomplete
      .map(
        (progress) =>
          `${stageName(progress.stage, review.methodology)} (${STAGE_STATUS_NAMES[progress.status].toLowerCase()})`,
      )
      .join(', ')
    reasons.push(
      `The final report cannot be marked received before every stage is completed. Not completed yet: ${list}.`,
    )
  }
  const receivedOn = context.receivedOn
  if (receivedOn === undefined) {
    reasons.push('Enter the date the final report was received.')
  } else {
    if (compareDates(receivedOn, context.today) > 0) {
      reasons.push(
        `The date the final report was received must be today or in the past: ${writtenDate(receivedOn)} is after today, ${writtenDate(context.today)}.`,
      )
    }

    if (review.decisionOn !== null && compareDates(receivedOn, review.decisionOn) < 0) {
      reasons.push(
        'The date the final report was received must be on or after the decision to hold the review.',
      )
    }
  }
  return reasons
}

/**
 * Whether a stage's progress may change now, and why not. Scoping is how a
 * review gets ready to start, so it may move while commissioned; every other
 * stage waits for the review to start, and nothing moves once the final report
 * is in.
 */
export function stageChangeRefusal(
  review: Pick<ReviewLifecycleFacts, 'status' | 'methodology'>,
  stage: ReviewStage,
): string | null {
  if (review.status === 'in-progress') return null
  if (review.status === 'commissioned') {
    return stage === 'scoping'
      ? null
      : `Start the review before recording progress on ${stageName(stage, review.methodology)}: only ${REVIEW_STAGE_NAMES.scoping.toLowerCase()} can happen while a review is commissioned.`
  }
  return `Stages can no longer change: the review is ${REVIEW_STATUS_NAMES[review.status].toLowerCase()}.`
}

/**
 * Whether the review's record (details, reviewers, checkpoints, delays,
 * chronology) may still be changed. Monitoring (S11) and delays (S12) carry on
 * after the final report arrives, until publication.
 */
export function recordChangeRefusal(status: ReviewStatus): string | null {
  return status === 'published'
    ? 'This review has been published: its record can no longer change here.'
    : null
}
