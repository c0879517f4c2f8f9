// What the review pages show, in the words and tags of the GOV.UK patterns:
// status tags, the stage task list, clocks, radios and checkboxes.
import { clockTag } from '../../clock-tags.js'
import { clockDetail } from '../../../domain/statutory/clock-wording.js'
import { can } from '../../../domain/access/policy.js'
import type { Actor } from '../../../domain/access/roles.js'
import {
  REQUEST_KIND_NAMES,
  REQUEST_STATUS_NAMES,
  type RequestStatus,
} from '../../../domain/reviews/checkpoints.js'
import { DELAY_REASONS, DELAY_REASON_NAMES } from '../../../domain/reviews/delays.js'
import { REVIEW_STATUS_NAMES, type ReviewStatus } from '../../../domain/reviews/lifecycle.js'
import {
  METHODOLOGIES,
  METHODOLOGY_DETAILS,
  REVIEWER_ROLE_NAMES,
  methodologyLabel,
  reviewerRolesFor,
  type Methodology,
} from '../../../domain/reviews/methodologies.js'
import {
  DIRECTLY_CREATED_KINDS,
  REVIEW_KIND_NAMES,
  type ReviewKind,
} from '../../../domain/reviews/review-kinds.js'
import {
  REVIEW_STAGE_HINTS,
  STAGE_STATUSES,
  STAGE_STATUS_NAMES,
  stageName,
  type StageStatus,
} from '../../../domain/reviews/stages.js'
import type { ClockReading } from '../../../domain/statutory/deadlines.js'
import { GUIDANCE_EDITIONS, GUIDANCE_EDITION_NAMES } from '../../../domain/statutory/periods.js'
import type {
  ReviewSummary,
  ReviewView,
  ReviewerAccount,
} from '../../../services/review-service.js'

export interface Tag {
  readonly text: string
  readonly classes: string
}

const STATUS_TAG_CLASSES: Record<ReviewStatus, string> = {
  commissioned: 'govuk-tag--grey',
  'in-progress': 'govuk-tag--light-blue',
  'final-report-received': 'govuk-tag--green',
  published: 'govuk-tag--purple',
}

export function reviewStatusTag(status: ReviewStatus): Tag {
  return { text: REVIEW_STATUS_NAMES[status], classes: STATUS_TAG_CLASSES[status] }
}

export interface ClockViewModel {
  readonly dueOn: string
  readonly tag: Tag
  /** "12 working days left", "Due today", "3 working days overdue", or null. */
  readonly detail: string | null
}

export function clockViewModel(clock: ClockReading | null): ClockViewModel | null {
  if (clock === null) return null
  // One wording for every clock (issue 8): domain/statutory/clock-wording.ts.
  return { dueOn: clock.dueOn, tag: clockTag(clock), detail: clockDetail(clock) }
}

/** GOV.UK task list statuses: completed as plain text, the rest as tags. */
export function stageStatusView(status: StageStatus): { text?: string; tag?: Tag } {
  if (status === 'completed') return { text: STAGE_STATUS_NAMES.completed }
  return {
    tag: {
      text: STAGE_STATUS_NAMES[status],
      classes: status === 'in-progress' ? 'govuk-tag--light-blue' : 'govuk-tag--blue',
    },
  }
}

const REQUEST_STATUS_CLASSES: Record<RequestStatus, string> = {
  awaiting: 'govuk-tag--blue',
  overdue: 'govuk-tag--red',
  answered: 'govuk-tag--green',
  'answered-late': 'govuk-tag--orange',
}

export function reviewListViewModel(
  reviews: readonly ReviewSummary[],
  canCreate: boolean,
  published: readonly ReviewSummary[] = [],
) {
  return {
    pageTitle: 'Reviews in progress',
    canCreate,
    published: published.map((review) => ({
      id: review.id,
      title: review.title,
      childPseudonym: review.childPseudonym,
      kindName: REVIEW_KIND_NAMES[review.kind],
      leadPartnershipName: review.leadPartnership.name,
    })),
    reviews: reviews.map((review) => ({
      id: review.id,
      title: review.title,
      childPseudonym: review.childPseudonym,
      kindName: REVIEW_KIND_NAMES[review.kind],
      leadPartnershipName: review.leadPartnership.name,
      statusTag: reviewStatusTag(review.status),
      clock: clockViewModel(review.clock),
    })),
  }
}

/**
 * The rapid review whose decision commissioned the review (S8–S10), for those
 * who may read rapid reviews in the lead partnership; null for anyone else.
 */
export function rapidReviewHrefFor(actor: Actor | null, review: ReviewSummary): string | null {
  if (review.rapidReviewId === null) return null
  if (!can(actor, 'incidents:read', { partnershipId: review.leadPartnership.id })) return null
  return `/manage/rapid-reviews/${review.rapidReviewId}`
}

export function reviewPageViewModel(review: ReviewView) {
  const methodology = review.methodology
  return {
    pageTitle: review.title,
    review: {
      id: review.id,
      title: review.title,
      version: review.version,
      kindName: REVIEW_KIND_NAMES[review.kind],
      editionName: `${review.guidanceEdition}: ${GUIDANCE_EDITION_NAMES[review.guidanceEdition]}`,
      childPseudonym: review.childPseudonym,
      leadPartnershipName: review.leadPartnership.name,
      participatingPartnershipNames: review.participatingPartnerships.map((p) => p.name),
      methodologyName: methodologyLabel(methodology, review.methodologyOther),
      methodologyImplies: methodology === null ? [] : METHODOLOGY_DETAILS[methodology].implies,
      decisionOn: review.decisionOn,
      startedOn: review.startedOn,
      finalReportReceivedOn: review.finalReportReceivedOn,
      reviewPeriodMonths: review.reviewPeriodMonths,
      origin:
        review.rapidReviewId === null
          ? review.kind === 'scr-2015'
            ? 'Created directly: a legacy serious case review has no rapid review (S19)'
            : 'Created directly, without a rapid review'
          : 'From a rapid review decision',
      restricted: review.restricted,
      accessRestricted: review.accessRestricted,
      termsOfReference: review.termsOfReference,
      statusTag: reviewStatusTag(review.status),
      status: review.status,
      clock: clockViewModel(review.clock),
      chronologyEntries: review.chronologyEntries,
    },
    canOversee: review.canOversee,
    canWork: review.canWork,
    canRestrict: review.canRestrict,
    startBlockers:
      review.status === 'commissioned' && !review.transitions.start.allowed
        ? review.transitions.start.reasons
        : [],
    canStart: review.status === 'commissioned' && review.transitions.start.allowed,
    canReceiveFinalReport: review.status === 'in-progress',
    finalReportBlockers:
      review.status === 'in-progress' && !review.transitions.receiveFinalReport.allowed
        ? review.transitions.receiveFinalReport.reasons
        : [],
    reviewers: review.reviewers.map((reviewer) => ({
      id: reviewer.id,
      name: reviewer.name,
      roleName: REVIEWER_ROLE_NAMES[reviewer.role],
      organisation: reviewer.organisation,
      account: reviewer.userDisplayName,
    })),
    stages: review.stages.map((stage) => ({
      key: stage.stage,
      name: stageName(stage.stage, methodology),
      hint: REVIEW_STAGE_HINTS[stage.stage],
      status: stageStatusView(stage.status),
    })),
    checkpoints: review.checkpoints.map((checkpoint) => ({
      id: checkpoint.id,
      heldOn: checkpoint.heldOn,
      observations: checkpoint.observations,
      request:
        checkpoint.request === null
          ? null
          : {
              kindName: REQUEST_KIND_NAMES[checkpoint.request.kind],
              detail: checkpoint.request.detail,
              requestedOn: checkpoint.request.requestedOn,
              dueOn: checkpoint.request.dueOn,
              respondedOn: checkpoint.request.respondedOn,
              statusTag: {
                text: REQUEST_STATUS_NAMES[checkpoint.request.status],
                classes: REQUEST_STATUS_CLASSES[checkpoint.request.status],
              },
            },
    })),
    delays: review.delays.map((delay) => ({
      id: delay.id,
      reasonName: DELAY_REASON_NAMES[delay.reason],
      details: delay.details,
      identifiedOn: delay.identifiedOn,
      panelToldOn: delay.panelToldOn,
      secretaryOfStateToldOn: delay.secretaryOfStateToldOn,
      stillToBeTold: delay.stillToBeTold.join(' and '),
    })),
  }
}

/** Radios for the kinds a coordinator creates directly (S18, S19). */
export function kindItems(selected: string | undefined) {
  const hints: Partial<Record<ReviewKind, string>> = {
    'scr-2015':
      'A legacy serious case review started under Working Together 2015. It follows the 2015 guidance to the end (S18, S19).',
    'other-learning':
      'A learning review of a case that does not need a local child safeguarding practice review.',
  }
  return DIRECTLY_CREATED_KINDS.map((kind) => ({
    value: kind,
    text: REVIEW_KIND_NAMES[kind],
    hint: { text: hints[kind] ?? '' },
    checked: selected === kind,
  }))
}

export function editionItems(selected: string | undefined) {
  return GUIDANCE_EDITIONS.map((edition) => ({
    value: edition,
    text: `${edition}: ${GUIDANCE_EDITION_NAMES[edition]}`,
    checked: selected === edition,
  }))
}

export function methodologyItems(selected: string | undefined) {
  return METHODOLOGIES.map((methodology) => {
    const details = METHODOLOGY_DETAILS[methodology]
    return {
      value: methodology,
      text: details.name,
      hint: {
        text:
          details.implies.length > 0
            ? `Implies: ${details.implies.join(', ').toLowerCase()}.`
            : 'Name it below.',
      },
      checked: selected === methodology,
    }
  })
}

/** The reviewer roles on offer: the methodology's, or every role while none is chosen. */
export function roleItems(methodology: Methodology | null, selected: string | undefined) {
  return [
    { value: '', text: 'Choose a role', selected: selected === undefined || selected === '' },
    ...reviewerRolesFor(methodology).map((role) => ({
      value: role,
      text: REVIEWER_ROLE_NAMES[role],
      selected: selected === role,
    })),
  ]
}

export function accountItems(accounts: readonly ReviewerAccount[], selected: string | undefined) {
  return [
    { value: '', text: 'No account', selected: selected === undefined || selected === '' },
    ...accounts.map((account) => ({
      value: account.userId,
      text: `${account.displayName} (${account.email})`,
      selected: selected === account.userId,
    })),
  ]
}

export function partnershipItems(
  partnerships: readonly { id: string; name: string }[],
  selected: readonly string[],
  excludeId: string | null,
) {
  return partnerships
    .filter((partnership) => partnership.id !== excludeId)
    .map((partnership) => ({
      value: partnership.id,
      text: partnership.name,
      checked: selected.includes(partnership.id),
    }))
}

export function stageStatusItems(selected: string) {
  return STAGE_STATUSES.map((status) => ({
    value: status,
    text: STAGE_STATUS_NAMES[status],
    checked: selected === status,
  }))
}

export function requestKindItems(selected: string | undefined) {
  return [
    { value: 'none', text: 'No written request', checked: !selected || selected === 'none' },
    { value: 'information', text: 'Information', checked: selected === 'information' },
    { value: 'draft', text: 'A draft of the report', checked: selected === 'draft' },
  ]
}

export function delayReasonItems(selected: string | undefined) {
  return DELAY_REASONS.map((reason) => ({
    value: reason,
    text: DELAY_REASON_NAMES[reason],
    checked: selected === reason,
  }))
}
