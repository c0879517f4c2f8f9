// Publishing a review (issue 9): the plan, the copies sent before publication
// and the rules a publication must meet. No I/O: the service reads the facts
// and the calendar, and this module answers with dates and with reasons, in
// words a coordinator can act on.
//
//   S13 publish the report, or only information about the improvements to be
//       made, with the reason (or nothing for now, S17: criminal proceedings,
//       an inquest, with a date to look at it again);
//   S14 name the reviewer(s);
//   S15 keep it public for at least the configured minimum (12 months);
//   S16 send the report to the Panel, the Secretary of State and Ofsted no
//       later than 7 working days before publication (configurable);
//   S18 a legacy SCR (WT2015) is sent to the national panel before publication.
import { addCalendarMonths, compareDates, parseCalendarDate } from '../calendar/calendar-date.js'
import type { CalendarDate } from '../calendar/calendar-date.js'
import type { WorkingDayCalendar } from '../calendar/working-days.js'
import { writtenDate } from '../calendar/written-date.js'
import type { FieldError } from '../errors.js'
import type { ReviewKind } from '../reviews/review-kinds.js'
import type { StatutoryPeriods } from '../statutory/periods.js'

export const PUBLICATION_SCOPES = ['full-report', 'improvements-only', 'not-yet'] as const
export type PublicationScope = (typeof PUBLICATION_SCOPES)[number]
/** What a publication makes public (a plan of "not yet" publishes nothing). */
export type PublishedScope = Exclude<PublicationScope, 'not-yet'>

export function isPublicationScope(value: unknown): value is PublicationScope {
  return typeof value === 'string' && (PUBLICATION_SCOPES as readonly string[]).includes(value)
}

export const PUBLICATION_SCOPE_NAMES: Record<PublicationScope, string> = {
  'full-report': 'The full report',
  'improvements-only': 'Information about the improvements to be made only (S13)',
  'not-yet': 'Nothing for now (S17)',
}

/** How the public page names the published file. */
export const PUBLISHED_SCOPE_TITLES: Record<PublishedScope, string> = {
  'full-report': 'The full report',
  'improvements-only': 'Information about the improvements to be made',
}

export const RECIPIENTS = ['panel', 'secretary-of-state', 'ofsted'] as const
export type Recipient = (typeof RECIPIENTS)[number]

export const RECIPIENT_NAMES: Record<Recipient, string> = {
  panel: 'the Child Safeguarding Practice Review Panel',
  'secretary-of-state': 'the Secretary of State',
  ofsted: 'Ofsted',
}

/** S16 for reviews under WT2018 and WT2023; S18 for a legacy SCR: the national panel. */
export function requiredRecipients(kind: ReviewKind): readonly Recipient[] {
  return kind === 'scr-2015' ? ['panel'] : RECIPIENTS
}

/** S14 makes the reviewers' names a requirement of a local CSPR's report. */
export function reviewerNamesRequired(kind: ReviewKind): boolean {
  return kind === 'lcspr'
}

export const SCOPE_REASON_MAX_LENGTH = 2000
export const REVIEWER_NAMES_MAX_LENGTH = 500
export const TAKE_DOWN_REASON_MAX_LENGTH = 2000

export interface PublicationPlan {
  readonly plannedOn: CalendarDate | null
  readonly scope: PublicationScope
  readonly scopeReason: string | null
  readonly lookAgainOn: CalendarDate | null
  readonly reviewerNames: string
}

export interface PlanInput {
  readonly plannedOn: string
  readonly scope: string
  readonly scopeReason: string
  readonly lookAgainOn: string
  readonly reviewerNames: string
}

/** A date typed on the form: '' when empty, 'not-a-date' when mangled, else YYYY-MM-DD. */
function readDate(
  text: string,
  field: string,
  label: string,
  errors: FieldError[],
): CalendarDate | null {
  if (text === '') {
    errors.push({ field, message: `Enter the ${label}` })
    return null
  }
  const date = parseCalendarDate(text)
  if (date === null) errors.push({ field, message: `The ${label} must be a real date` })
  return date
}

/**
 * Checks the plan a coordinator typed and answers with it, or with every
 * error at once. `today` keeps a plan from being made for a day gone by.
 */
export function readPublicationPlan(
  input: PlanInput,
  facts: { readonly kind: ReviewKind; readonly today: CalendarDate },
): { plan: PublicationPlan } | { errors: FieldError[] } {
  const errors: FieldError[] = []
  const scope = isPublicationScope(input.scope) ? input.scope : null
  if (scope === null) errors.push({ field: 'scope', message: 'Select what will be published' })

  let plannedOn: CalendarDate | null = null
  let lookAgainOn: CalendarDate | null = null
  if (scope !== 'not-yet') {
    plannedOn = readDate(input.plannedOn.trim(), 'plannedOn', 'planned date of publication', errors)
    if (plannedOn !== null && compareDates(plannedOn, facts.today) < 0) {
      errors.push({
        field: 'plannedOn',
        message: `The planned date of publication must be today (${writtenDate(facts.today)}) or later`,
      })
    }
  } else {
    lookAgainOn = readDate(
      input.lookAgainOn.trim(),
      'lookAgainOn',
      'date to look at publication again',
      errors,
    )
    if (lookAgainOn !== null && compareDates(lookAgainOn, facts.today) <= 0) {
      errors.push({
        field: 'lookAgainOn',
        message: `The date to look at publication again must be after today (${writtenDate(facts.today)})`,
      })
    }
  }

  const scopeReason = input.scopeReason.trim()
  if (scope === 'improvements-only' || scope === 'not-yet') {
    if (scopeReason === '') {
      errors.push({
        field: 'scopeReason',
        message:
          scope === 'not-yet'
            ? 'Enter why nothing will be published for now, such as criminal proceedings or an inquest'
            : 'Enter why only information about the improvements will be published (S13)',
      })
    }
  }
  if (scopeReason.length > SCOPE_REASON_MAX_LENGTH) {
    errors.push({
      field: 'scopeReason',
      message: `The reason must be ${SCOPE_REASON_MAX_LENGTH} characters or fewer`,
    })
  }

  const reviewerNames = input.reviewerNames.trim().replace(/\s+/g, ' ')
  if (reviewerNames === '' && reviewerNamesRequired(facts.kind)) {
    errors.push({
      field: 'reviewerNames',
      message: 'Enter the names of the reviewers, to be published with the report (S14)',
    })
  } else if (reviewerNames.length > REVIEWER_NAMES_MAX_LENGTH) {
    errors.push({
      field: 'reviewerNames',
      message: `The reviewers’ names must be ${REVIEWER_NAMES_MAX_LENGTH} characters or fewer`,
    })
  }

  if (errors.length > 0 || scope === null) return { errors }
  return {
    plan: {
      plannedOn,
      scope,
      scopeReason: scope === 'full-report' || scopeReason === '' ? null : scopeReason,
      lookAgainOn,
      reviewerNames,
    },
  }
}

export type SentDates = Readonly<Record<Recipient, CalendarDate | null>>

/**
 * Checks the dates the copies were sent: none in the future, and one at least
 * for each recipient the review needs (blank ones are "not sent yet").
 */
export function readSentDates(
  input: Readonly<Record<Recipient, string>>,
  today: CalendarDate,
): { sent: SentDates } | { errors: FieldError[] } {
  const errors: FieldError[] = []
  const sent: Record<Recipient, CalendarDate | null> = {
    panel: null,
    'secretary-of-state': null,
    ofsted: null,
  }
  for (const recipient of RECIPIENTS) {
    const field = sentField(recipient)
    const text = input[recipient].trim()
    if (text === '') continue
    const date = parseCalendarDate(text)
    if (date === null) {
      errors.push({
        field,
        message: `The date the report was sent to ${RECIPIENT_NAMES[recipient]} must be a real date`,
      })
    } else if (compareDates(date, today) > 0) {
      errors.push({
        field,
        message: `The date the report was sent to ${RECIPIENT_NAMES[recipient]} must be today or in the past`,
      })
    } else sent[recipient] = date
  }
  if (errors.length === 0 && RECIPIENTS.every((recipient) => sent[recipient] === null)) {
    errors.push({ field: sentField('panel'), message: 'Enter the date the report was sent' })
  }
  return errors.length > 0 ? { errors } : { sent }
}

/** The form field of a recipient's date. */
export function sentField(recipient: Recipient): string {
  switch (recipient) {
    case 'panel':
      return 'sentToPanelOn'
    case 'secretary-of-state':
      return 'sentToSecretaryOfStateOn'
    case 'ofsted':
      return 'sentToOfstedOn'
  }
}

/** S16: the latest day to send the report, for a plan with a date. */
export function sendReportBy(
  plannedOn: CalendarDate,
  calendar: WorkingDayCalendar,
  periods: StatutoryPeriods,
): CalendarDate {
  return calendar.addWorkingDays(plannedOn, -periods.prePublicationWorkingDays)
}

/** When the last copy the review needs went out; null while one has not. */
export function allSentOn(kind: ReviewKind, sent: SentDates): CalendarDate | null {
  let latest: CalendarDate | null = null
  for (const recipient of requiredRecipients(kind)) {
    const on = sent[recipient]
    if (on === null) return null
    if (latest === null || compareDates(on, latest) > 0) latest = on
  }
  return latest
}

/** S16 read forwards: the first day publication may happen after the last copy went out. */
export function earliestPublicationOn(
  sentOn: CalendarDate,
  calendar: WorkingDayCalendar,
  periods: StatutoryPeriods,
): CalendarDate {
  return calendar.addWorkingDays(sentOn, periods.prePublicationWorkingDays)
}

/** S15: the first day a publication may come down without an administrator. */
export function minimumAvailableUntil(
  publishedOn: CalendarDate,
  periods: StatutoryPeriods,
): CalendarDate {
  return addCalendarMonths(publishedOn, periods.publicationMinimumMonths)
}

export interface PublishFacts {
  readonly kind: ReviewKind
  readonly status: string
  readonly plan: PublicationPlan | null
  readonly sent: SentDates
  readonly today: CalendarDate
  /** The "available until" date asked for; null for the minimum. */
  readonly availableUntil: CalendarDate | null
}

export type PublishCheck =
  | {
      readonly allowed: true
      readonly availableUntil: CalendarDate
      readonly scope: PublishedScope
    }
  | { readonly allowed: false; readonly errors: readonly FieldError[] }

/**
 * May the review be published today, and until when? Every reason it may not,
 * at once. The version's own redaction check is the service's (it reads it).
 */
export function checkPublication(
  facts: PublishFacts,
  calendar: WorkingDayCalendar,
  periods: StatutoryPeriods,
): PublishCheck {
  const errors: FieldError[] = []
  const refuse = (message: string, field = 'publication') => errors.push({ field, message })
  if (facts.status === 'published') {
    refuse('This review is already published. To put a corrected version up, replace the report.')
  } else if (facts.status !== 'final-report-received') {
    refuse('Record that the final report was received before publishing the review.')
  }
  const plan = facts.plan
  if (plan === null) {
    refuse('Make a publication plan first: what will be published, and when (S13).')
  } else if (plan.scope === 'not-yet') {
    refuse(
      'The publication plan says nothing will be published for now. Change the plan before publishing.',
    )
  } else if (reviewerNamesRequired(facts.kind) && plan.reviewerNames === '') {
    refuse('Add the reviewers’ names to the publication plan (S14).')
  }

  const missing = requiredRecipients(facts.kind).filter(
    (recipient) => facts.sent[recipient] === null,
  )
  if (missing.length > 0) {
    refuse(
      `Record when the report was sent to ${listInWords(missing.map((recipient) => RECIPIENT_NAMES[recipient]))}: ` +
        `it must go ${periods.prePublicationWorkingDays} working days before publication (S16).`,
    )
  } else {
    const sentOn = allSentOn(facts.kind, facts.sent)!
    const earliest = earliestPublicationOn(sentOn, calendar, periods)
    if (compareDates(facts.today, earliest) < 0) {
      refuse(
        `The report was sent on ${writtenDate(sentOn)}: it cannot be published until ` +
          `${writtenDate(earliest)}, ${periods.prePublicationWorkingDays} working days later (S16).`,
      )
    }
  }

  const minimum = minimumAvailableUntil(facts.today, periods)
  const availableUntil = facts.availableUntil ?? minimum
  if (compareDates(availableUntil, minimum) < 0) {
    refuse(
      `The report must stay available until at least ${writtenDate(minimum)}, ` +
        `${periods.publicationMinimumMonths} months after publication (S15).`,
      'availableUntil',
    )
  }
  if (errors.length > 0 || plan === null || plan.scope === 'not-yet') {
    return { allowed: false, errors }
  }
  return { allowed: true, availableUntil, scope: plan.scope }
}

/**
 * S15: taking a publication down before its "available until" date is an
 * administrator's decision; after it, the business unit's too. A reason always.
 */
export function mayTakeDown(
  who: { readonly administrator: boolean; readonly businessUnit: boolean },
  availableUntil: CalendarDate,
  today: CalendarDate,
): boolean {
  if (who.administrator) return true
  return who.businessUnit && compareDates(today, availableUntil) >= 0
}

function listInWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('')
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`
}
