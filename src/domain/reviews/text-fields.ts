// Small readers for what people type into review forms and send to the API.
// Each returns the cleaned value or adds a GOV.UK-style message to `errors`,
// so one pass over a form reports every problem at once.
import { compareDates, parseCalendarDate, type CalendarDate } from '../calendar/calendar-date.js'
import type { FieldError } from '../errors.js'

/** Text that must be given: trimmed, not empty, at most `max` characters. */
export function requiredText(
  errors: FieldError[],
  field: string,
  value: string | null | undefined,
  label: { missing: string; name: string },
  max: number,
): string {
  const text = typeof value === 'string' ? value.trim() : ''
  if (text === '') {
    errors.push({ field, message: label.missing })
  } else if (text.length > max) {
    errors.push({ field, message: `${label.name} must be ${max} characters or fewer` })
  }
  return text
}

/** Text that may be left blank: null when blank. */
export function optionalText(
  errors: FieldError[],
  field: string,
  value: string | null | undefined,
  name: string,
  max: number,
): string | null {
  const text = typeof value === 'string' ? value.trim() : ''
  if (text === '') return null
  if (text.length > max) {
    errors.push({ field, message: `${name} must be ${max} characters or fewer` })
  }
  return text
}

/** One of a fixed list of choices (radios, selects). */
export function requiredChoice<T extends string>(
  errors: FieldError[],
  field: string,
  value: string | null | undefined,
  choices: readonly T[],
  missing: string,
): T | null {
  if (typeof value === 'string' && (choices as readonly string[]).includes(value)) return value as T
  errors.push({ field, message: missing })
  return null
}

export interface DateRules {
  /** The date may not be after this day (usually today: nothing is recorded in advance). */
  notAfter?: { date: CalendarDate; message: string }
  /** The date may not be before this day (say, the decision to hold the review). */
  notBefore?: { date: CalendarDate; message: string }
}

/**
 * A calendar date written YYYY-MM-DD. Strict: 2023-02-30 is refused, not
 * rolled over to March, because a guessed date would move a statutory deadline.
 */
export function requiredDate(
  errors: FieldError[],
  field: string,
  value: string | null | undefined,
  name: string,
  rules: DateRules = {},
): CalendarDate | null {
  const text = typeof value === 'string' ? value.trim() : ''
  if (text === '') {
    errors.push({ field, message: `Enter the ${lowerFirst(name)}` })
    return null
  }
  return checkedDate(errors, field, text, name, rules)
}

export function optionalDate(
  errors: FieldError[],
  field: string,
  value: string | null | undefined,
  name: string,
  rules: DateRules = {},
): CalendarDate | null {
  const text = typeof value === 'string' ? value.trim() : ''
  if (text === '') return null
  return checkedDate(errors, field, text, name, rules)
}

function checkedDate(
  errors: FieldError[],
  field: string,
  text: string,
  name: string,
  rules: DateRules,
): CalendarDate | null {
  const date = parseCalendarDate(text)
  if (date === null) {
    errors.push({ field, message: `${name} must be a real date` })
    return null
  }
  if (rules.notAfter && compareDates(date, rules.notAfter.date) > 0) {
    errors.push({ field, message: rules.notAfter.message })
    return null
  }
  if (rules.notBefore && compareDates(date, rules.notBefore.date) < 0) {
    errors.push({ field, message: rules.notBefore.message })
    return null
  }
  return date
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1)
}
