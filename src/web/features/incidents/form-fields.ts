// Reading posted forms for the incident and rapid review pages. The body is
// untrusted: anything that is not a single string reads as a wrong type, which
// the domain rules turn into a clear message.
import type { FieldError } from '../../../domain/errors.js'
import type { ClockReading } from '../../../domain/statutory/deadlines.js'
import { errorViewModel } from '../../form-errors.js'

export type FormBody = Record<string, unknown>

export function formBody(body: unknown): FormBody {
  return typeof body === 'object' && body !== null ? (body as FormBody) : {}
}

/** A single text field; arrays (a repeated field) and other shapes pass through as they are. */
export function field(body: FormBody, name: string): unknown {
  return body[name] ?? ''
}

/**
 * A GOV.UK date input (three fields: name-day, name-month, name-year) as
 * `YYYY-MM-DD` text for the domain to check. All empty gives ''; anything not
 * made of digits, or a year that is not four digits, gives text that is not a
 * date, so the domain answers "must be a real date" and never guesses.
 */
export function dateField(body: FormBody, name: string): string {
  const parts = ['day', 'month', 'year'].map((part) => body[`${name}-${part}`] ?? '')
  if (parts.some((part) => typeof part !== 'string')) return 'not-a-date'
  const [day, month, year] = (parts as string[]).map((part) => part.trim())
  if (day === '' && month === '' && year === '') return ''
  if (
    !/^\d{1,2}$/.test(day ?? '') ||
    !/^\d{1,2}$/.test(month ?? '') ||
    !/^\d{4}$/.test(year ?? '')
  ) {
    return 'not-a-date'
  }
  return `${year}-${(month ?? '').padStart(2, '0')}-${(day ?? '').padStart(2, '0')}`
}

/** The three parts of a stored date, to fill a date input. */
export function dateParts(name: string, date: string | null): Record<string, string> {
  if (date === null || !/^\d{4}-\d{2}-\d{2}$/.test(date)) {
    return { [`${name}-day`]: '', [`${name}-month`]: '', [`${name}-year`]: '' }
  }
  return {
    [`${name}-day`]: String(Number(date.slice(8, 10))),
    [`${name}-month`]: String(Number(date.slice(5, 7))),
    [`${name}-year`]: date.slice(0, 4),
  }
}

/** Form values to echo back into inputs: only strings (Nunjucks escapes them). */
export function echo(body: FormBody): Record<string, string> {
  const values: Record<string, string> = {}
  for (const [key, value] of Object.entries(body)) {
    if (key !== '_csrf' && typeof value === 'string') values[key] = value
  }
  return values
}

/** The hidden version field; a missing or mangled one is a stale or tampered form. */
export function versionOf(body: FormBody): number | null {
  const value = body.version
  return typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : null
}

export const INCOMPLETE_FORM: FieldError = {
  field: 'version',
  message: 'The form was incomplete. Reload the page and try again.',
}

/**
 * The error summary and inline messages; a date field's summary link goes to
 * its day input, which is where GOV.UK puts the focus.
 */
export function pageErrors(errors: readonly FieldError[], dateFields: readonly string[]) {
  const model = errorViewModel(errors)
  return {
    ...model,
    errorSummary: errors.map((error) => ({
      text: error.message,
      href: dateFields.includes(error.field) ? `#${error.field}-day` : `#${error.field}`,
    })),
  }
}

const CLOCK_TAGS: Record<ClockReading['status'], { text: string; classes: string }> = {
  'on-track': { text: 'On track', classes: 'govuk-tag--green' },
  'due-soon': { text: 'Due soon', classes: 'govuk-tag--yellow' },
  overdue: { text: 'Overdue', classes: 'govuk-tag--red' },
  met: { text: 'Done on time', classes: 'govuk-tag--green' },
  late: { text: 'Done late', classes: 'govuk-tag--red' },
}

export interface ClockViewModel {
  readonly dueOn: string
  readonly tag: { text: string; classes: string }
  /** "3 working days left", "Due today", "2 working days overdue", or null once done. */
  readonly detail: string | null
}

export function clockViewModel(clock: ClockReading | null): ClockViewModel | null {
  if (clock === null) return null
  const left = clock.workingDaysLeft
  let detail: string | null = null
  if (clock.status === 'overdue') {
    const late = Math.abs(left ?? 0)
    detail = late === 0 ? 'Overdue' : `${late} working ${late === 1 ? 'day' : 'days'} overdue`
  } else if (left !== null) {
    detail = left === 0 ? 'Due today' : `${left} working ${left === 1 ? 'day' : 'days'} left`
  }
  return { dueOn: clock.dueOn, tag: CLOCK_TAGS[clock.status], detail }
}
