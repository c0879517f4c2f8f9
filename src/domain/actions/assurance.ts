// What people write when they assure an action, send it back, close it, ask
// for a later due date or decide on that request, and the evidence links they
// give (issue 10). Each reader adds GOV.UK-style messages to `errors` so one
// pass reports every problem; null when the input cannot be used. No I/O.
import { addCalendarDays, compareDates, type CalendarDate } from '../calendar/calendar-date.js'
import { writtenDate } from '../calendar/written-date.js'
import type { FieldError } from '../errors.js'
import { requiredChoice, requiredDate, requiredText } from '../reviews/text-fields.js'

export const ASSURANCE_TEXT_LIMIT = 5_000
export const EVIDENCE_LINK_LIMITS = { url: 2_000, title: 200, perUpdate: 10 } as const

export interface AssuranceInput {
  readonly impact?: string | null
  readonly checked?: string | null
  readonly recheckOn?: string | null
}

export interface Assurance {
  /** The evidence of impact: what is different for children and families now. */
  readonly impact: string
  /** What the assurer looked at (an audit, case files, a survey of staff). */
  readonly checked: string
  /** When the partnership checks again that the change has lasted. */
  readonly recheckOn: CalendarDate
}

export function readAssurance(
  errors: FieldError[],
  input: AssuranceInput,
  context: { today: CalendarDate },
): Assurance | null {
  const before = errors.length
  const impact = requiredText(
    errors,
    'impact',
    input.impact,
    { missing: 'Enter the evidence of impact', name: 'The evidence of impact' },
    ASSURANCE_TEXT_LIMIT,
  )
  const checked = requiredText(
    errors,
    'checked',
    input.checked,
    { missing: 'Enter what you checked', name: 'What you checked' },
    ASSURANCE_TEXT_LIMIT,
  )
  const recheckOn = requiredDate(errors, 'recheckOn', input.recheckOn, 'Date to check again', {
    notBefore: {
      date: addCalendarDays(context.today, 1),
      message: 'The date to check again must be in the future',
    },
  })
  if (errors.length > before || recheckOn === null) return null
  return { impact, checked, recheckOn }
}

/** Why the action goes back to the agency, or why it is closed: always required. */
export function readReason(
  errors: FieldError[],
  value: string | null | undefined,
  missing: string,
): string {
  return requiredText(
    errors,
    'reason',
    value,
    { missing, name: 'The reason' },
    ASSURANCE_TEXT_LIMIT,
  )
}

/**
 * An evidence link: an absolute http or https address. Anything else (a
 * javascript: or file: address, a path on someone's computer) is refused,
 * because the link is shown to everyone who can see the action.
 */
export function readEvidenceLink(
  errors: FieldError[],
  field: string,
  value: string | null | undefined,
): string | null {
  const text = typeof value === 'string' ? value.trim() : ''
  if (text === '') return null
  if (text.length > EVIDENCE_LINK_LIMITS.url) {
    errors.push({
      field,
      message: `The link must be ${EVIDENCE_LINK_LIMITS.url} characters or fewer`,
    })
    return null
  }
  let url: URL
  try {
    url = new URL(text)
  } catch {
    errors.push({
      field,
      message: 'Enter the link as a full web address, like https://www.example.org/audit',
    })
    return null
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.hostname === '') {
    errors.push({ field, message: 'The link must start with https:// or http://' })
    return null
  }
  if (url.username !== '' || url.password !== '') {
    errors.push({ field, message: 'The link must not contain a user name or password' })
    return null
  }
  return url.href
}

export interface DueDateRequestInput {
  readonly requestedOn?: string | null
  readonly reason?: string | null
}

export interface DueDateRequest {
  readonly requestedOn: CalendarDate
  readonly reason: string
}

/** A later due date and why: the new date must be after the current one. */
export function readDueDateRequest(
  errors: FieldError[],
  input: DueDateRequestInput,
  context: { currentDueOn: CalendarDate },
): DueDateRequest | null {
  const before = errors.length
  const requestedOn = requiredDate(errors, 'requestedOn', input.requestedOn, 'New due date', {
    notBefore: {
      date: addCalendarDays(context.currentDueOn, 1),
      message: `The new due date must be after the current one, ${writtenDate(context.currentDueOn)}`,
    },
  })
  const reason = requiredText(
    errors,
    'reason',
    input.reason,
    { missing: 'Enter why the agency needs more time', name: 'The reason' },
    ASSURANCE_TEXT_LIMIT,
  )
  if (errors.length > before || requestedOn === null) return null
  return { requestedOn, reason }
}

export type DueDateDecision = 'agreed' | 'refused'

export interface DueDateDecisionInput {
  readonly decision?: string | null
  readonly note?: string | null
}

/** Agree or refuse; a refusal says why, so the agency knows what to do instead. */
export function readDueDateDecision(
  errors: FieldError[],
  input: DueDateDecisionInput,
): { decision: DueDateDecision; note: string } | null {
  const before = errors.length
  const decision = requiredChoice<DueDateDecision>(
    errors,
    'decision',
    input.decision,
    ['agreed', 'refused'],
    'Select whether you agree to the new due date',
  )
  const raw = typeof input.note === 'string' ? input.note.trim() : ''
  if (decision === 'refused' && raw === '') {
    errors.push({ field: 'note', message: 'Enter why the new due date is refused' })
  } else if (raw.length > ASSURANCE_TEXT_LIMIT) {
    errors.push({
      field: 'note',
      message: `The note must be ${ASSURANCE_TEXT_LIMIT} characters or fewer`,
    })
  }
  if (errors.length > before || decision === null) return null
  return { decision, note: raw }
}

/** Is `dueOn` within `days` days from today (and not already past)? For "due within N days". */
export function isDueWithin(dueOn: CalendarDate, today: CalendarDate, days: number): boolean {
  return compareDates(dueOn, today) >= 0 && compareDates(dueOn, addCalendarDays(today, days)) <= 0
}
