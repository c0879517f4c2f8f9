// What a coordinator records about a review (S10, S12): the child's pseudonym,
// methodology, terms of reference, decision date, and the named reviewers.
// Readers push every problem into `errors` and return null when their part is
// unusable, so a form reports all its problems in one go.
import { compareDates, type CalendarDate } from '../calendar/calendar-date.js'
import { writtenDate } from '../calendar/written-date.js'
import type { FieldError } from '../errors.js'
import { GUIDANCE_EDITIONS, type GuidanceEdition } from '../statutory/periods.js'
import {
  METHODOLOGIES,
  METHODOLOGY_DETAILS,
  REVIEWER_ROLE_NAMES,
  reviewerRolesFor,
  type Methodology,
  type ReviewerRole,
} from './methodologies.js'
import { REVIEW_KIND_NAMES, editionMismatch, type ReviewKind } from './review-kinds.js'
import { optionalText, requiredChoice, requiredDate, requiredText } from './text-fields.js'

export const REVIEW_TEXT_LIMITS = {
  title: 200,
  childPseudonym: 60,
  termsOfReference: 10_000,
  methodologyOther: 200,
  reviewerName: 120,
  reviewerOrganisation: 200,
} as const

/** The earliest decision date accepted: WT2015 SCRs are the oldest reviews run here. */
export const EARLIEST_DECISION_ON = '2010-01-01' as CalendarDate

export interface ReviewDetailsInput {
  readonly title?: string | null
  readonly childPseudonym?: string | null
  readonly methodology?: string | null
  readonly methodologyOther?: string | null
  readonly termsOfReference?: string | null
  readonly decisionOn?: string | null
  readonly restricted?: boolean
}

export interface ReviewDetails {
  /** Null when left blank: the review is then called by its kind and pseudonym. */
  readonly title: string | null
  readonly childPseudonym: string
  readonly methodology: Methodology | null
  readonly methodologyOther: string | null
  readonly termsOfReference: string
  readonly decisionOn: CalendarDate
  readonly restricted: boolean
}

export function defaultReviewTitle(kind: ReviewKind, childPseudonym: string): string {
  return `${REVIEW_KIND_NAMES[kind]}: ${childPseudonym}`
}

/**
 * Reads the details. `methodologyRequired` is false when a rapid review decision
 * creates the review: the partners may choose the methodology later, but before
 * the review starts (S10, enforced by the lifecycle).
 */
export function readReviewDetails(
  errors: FieldError[],
  input: ReviewDetailsInput,
  context: { today: CalendarDate; methodologyRequired: boolean },
): ReviewDetails | null {
  const before = errors.length
  const title = optionalText(errors, 'title', input.title, 'Title', REVIEW_TEXT_LIMITS.title)
  const childPseudonym = requiredText(
    errors,
    'childPseudonym',
    input.childPseudonym,
    {
      missing: 'Enter the pseudonym used for the child, like Child C',
      name: 'Pseudonym',
    },
    REVIEW_TEXT_LIMITS.childPseudonym,
  )
  const methodologyText = typeof input.methodology === 'string' ? input.methodology.trim() : ''
  let methodology: Methodology | null = null
  if (methodologyText !== '' || context.methodologyRequired) {
    methodology = requiredChoice(
      errors,
      'methodology',
      methodologyText,
      METHODOLOGIES,
      'Choose the methodology',
    )
  }
  let methodologyOther: string | null = null
  if (methodology === 'other') {
    methodologyOther = requiredText(
      errors,
      'methodologyOther',
      input.methodologyOther,
      { missing: 'Enter the name of the methodology', name: 'Methodology name' },
      REVIEW_TEXT_LIMITS.methodologyOther,
    )
  }
  const termsOfReference =
    optionalText(
      errors,
      'termsOfReference',
      input.termsOfReference,
      'Terms of reference',
      REVIEW_TEXT_LIMITS.termsOfReference,
    ) ?? ''
  const decisionOn = requiredDate(errors, 'decisionOn', input.decisionOn, 'Decision date', {
    notBefore: {
      date: EARLIEST_DECISION_ON,
      message: 'Decision date must be on or after 1 January 2010',
    },
  })
  // Named dates (issue 8): a decision in the future would start the 6-month clock (S12) wrongly.
  if (decisionOn !== null && compareDates(decisionOn, context.today) > 0) {
    errors.push({
      field: 'decisionOn',
      message: `Decision date must be today or in the past: ${writtenDate(decisionOn)} is after today, ${writtenDate(context.today)}`,
    })
  }
  if (errors.length > before || decisionOn === null) return null
  return {
    title,
    childPseudonym,
    methodology,
    methodologyOther,
    termsOfReference,
    decisionOn,
    restricted: input.restricted === true,
  }
}

/** Reads the kind and guidance edition together: a legacy SCR is always WT2015 (S18, S19). */
export function readKindAndEdition<K extends ReviewKind>(
  errors: FieldError[],
  input: { kind?: string | null; guidanceEdition?: string | null },
  allowedKinds: readonly K[],
): { kind: K; guidanceEdition: GuidanceEdition } | null {
  const kind = requiredChoice(errors, 'kind', input.kind, allowedKinds, 'Choose the kind of review')
  const guidanceEdition = requiredChoice(
    errors,
    'guidanceEdition',
    input.guidanceEdition,
    GUIDANCE_EDITIONS,
    'Choose the guidance edition the review follows',
  )
  if (kind === null || guidanceEdition === null) return null
  const mismatch = editionMismatch(kind, guidanceEdition)
  if (mismatch !== null) {
    errors.push({ field: 'guidanceEdition', message: mismatch })
    return null
  }
  return { kind, guidanceEdition }
}

export interface ReviewerInput {
  readonly name?: string | null
  readonly role?: string | null
  readonly organisation?: string | null
  /** The reviewer's account, if they use the service; checked against the partnership by the caller. */
  readonly userId?: string | null
}

export interface NamedReviewer {
  readonly name: string
  readonly role: ReviewerRole
  readonly organisation: string | null
  readonly userId: string | null
}

/** One named reviewer; with a `prefix` like `reviewer1`, errors name fields `reviewer1Name`. */
export function readReviewer(
  errors: FieldError[],
  input: ReviewerInput,
  methodology: Methodology | null,
  prefix = '',
): NamedReviewer | null {
  const before = errors.length
  const field = (name: string) =>
    prefix === '' ? name : `${prefix}${name.charAt(0).toUpperCase()}${name.slice(1)}`
  const name = requiredText(
    errors,
    field('name'),
    input.name,
    { missing: 'Enter the reviewer’s name', name: 'Reviewer’s name' },
    REVIEW_TEXT_LIMITS.reviewerName,
  )
  const roles = reviewerRolesFor(methodology)
  const role = requiredChoice(
    errors,
    field('role'),
    input.role,
    roles,
    methodology === null
      ? 'Choose the reviewer’s role'
      : `Choose the reviewer’s role: ${METHODOLOGY_DETAILS[methodology].name} names ${roles
          .map((candidate) => REVIEWER_ROLE_NAMES[candidate].toLowerCase())
          .join(', ')}`,
  )
  const organisation = optionalText(
    errors,
    field('organisation'),
    input.organisation,
    'Organisation',
    REVIEW_TEXT_LIMITS.reviewerOrganisation,
  )
  const userId =
    typeof input.userId === 'string' && input.userId.trim() !== '' ? input.userId.trim() : null
  if (errors.length > before || role === null) return null
  return { name, role, organisation, userId }
}

/** Whether a filled-in reviewer row is blank (form rows left empty are ignored). */
export function isBlankReviewer(input: ReviewerInput): boolean {
  return [input.name, input.role, input.organisation, input.userId].every(
    (value) => typeof value !== 'string' || value.trim() === '',
  )
}

/**
 * Refuses a methodology change that would leave reviewers in roles the new
 * methodology does not use: the partners re-appoint them first (S10).
 */
export function methodologyConflict(
  methodology: Methodology | null,
  reviewers: readonly { name: string; role: ReviewerRole }[],
): string | null {
  if (methodology === null) return null
  const roles = reviewerRolesFor(methodology)
  const outside = reviewers.filter((reviewer) => !roles.includes(reviewer.role))
  if (outside.length === 0) return null
  const list = outside
    .map((reviewer) => `${reviewer.name} (${REVIEWER_ROLE_NAMES[reviewer.role].toLowerCase()})`)
    .join(', ')
  return `${METHODOLOGY_DETAILS[methodology].name} does not use the role of ${list}. Remove or re-appoint them first.`
}

/**
 * The decision to hold a review follows the rapid review of an incident the
 * partnership knew of: a decision dated before the awareness date is a typing
 * mistake, and would move the 6-month target (S12) earlier (issue 8).
 */
export function decisionBeforeAwareness(
  decisionOn: CalendarDate,
  awareOn: CalendarDate | null,
): string | null {
  if (awareOn === null || compareDates(decisionOn, awareOn) >= 0) return null
  return `Decision date (${writtenDate(decisionOn)}) must be on or after the date the partnership became aware of the incident (${writtenDate(awareOn)})`
}

/** A decision date may not move past events already recorded against it. */
export function decisionAfterRecordedEvents(
  decisionOn: CalendarDate,
  earliestRecordedOn: CalendarDate | null,
): string | null {
  if (earliestRecordedOn === null || compareDates(decisionOn, earliestRecordedOn) <= 0) return null
  return 'Decision date must be on or before the earliest checkpoint, delay or final report recorded for this review'
}
