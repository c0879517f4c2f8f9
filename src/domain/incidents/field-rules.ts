// Small checks shared by the incident and rapid review forms, so every text and
// date field answers bad input with the same kind of message. Messages name the
// field but never repeat what was typed: a typed value may be a child's name, and
// messages reach logs.
import { compareDates, parseCalendarDate, type CalendarDate } from '../calendar/calendar-date.js'
import type { FieldError } from '../errors.js'

// Tab, line feed and carriage return are ordinary in text areas; any other
// control character (NUL above all, which PostgreSQL cannot store) is refused.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/

export interface TextRule {
  readonly field: string
  /** How the field is named in a sentence, capitalised: 'Pseudonym', 'Place of the incident'. */
  readonly label: string
  readonly max: number
  /** The message when empty; omit for optional fields. */
  readonly requiredMessage?: string
  readonly multiline?: boolean
}

/** Trims and checks a text field. Returns the text ('' when optional and empty) or null on error. */
export function checkText(value: unknown, rule: TextRule, errors: FieldError[]): string | null {
  if (value !== undefined && value !== null && typeof value !== 'string') {
    errors.push({ field: rule.field, message: `${rule.label} must be text` })
    return null
  }
  const text = (value ?? '').trim()
  if (text === '') {
    if (rule.requiredMessage !== undefined) {
      errors.push({ field: rule.field, message: rule.requiredMessage })
      return null
    }
    return ''
  }
  if (text.length > rule.max) {
    errors.push({
      field: rule.field,
      message: `${rule.label} must be ${rule.max} characters or fewer`,
    })
    return null
  }
  if (CONTROL_CHARACTERS.test(text) || (!rule.multiline && /[\r\n]/.test(text))) {
    errors.push({
      field: rule.field,
      message: `${rule.label} must not contain ${rule.multiline ? 'control characters' : 'line breaks or control characters'}`,
    })
    return null
  }
  return text
}

export interface DateRule {
  readonly field: string
  /** Capitalised: 'Date of the incident'. */
  readonly label: string
  readonly requiredMessage?: string
  /** The date may not be after this day (usually today). */
  readonly notAfter?: CalendarDate
}

/**
 * Checks a `YYYY-MM-DD` date. Returns the date, null when optional and empty, or
 * undefined on error (so callers can tell "not given" from "wrong").
 */
export function checkDate(
  value: unknown,
  rule: DateRule,
  errors: FieldError[],
): CalendarDate | null | undefined {
  if (value !== undefined && value !== null && typeof value !== 'string') {
    errors.push({ field: rule.field, message: `${rule.label} must be a real date` })
    return undefined
  }
  const text = (value ?? '').trim()
  if (text === '') {
    if (rule.requiredMessage !== undefined) {
      errors.push({ field: rule.field, message: rule.requiredMessage })
      return undefined
    }
    return null
  }
  const date = parseCalendarDate(text)
  // Years before 1900 are typing mistakes (a two-digit year), not records.
  if (date === null || date < '1900-01-01') {
    errors.push({ field: rule.field, message: `${rule.label} must be a real date` })
    return undefined
  }
  if (rule.notAfter !== undefined && compareDates(date, rule.notAfter) > 0) {
    errors.push({ field: rule.field, message: `${rule.label} must be today or in the past` })
    return undefined
  }
  return date
}

/** Reads a yes/no radio answer; null (with an error) when missing or anything else. */
export function checkYesNo(
  value: unknown,
  field: string,
  requiredMessage: string,
  errors: FieldError[],
): boolean | null {
  if (value === 'yes' || value === true) return true
  if (value === 'no' || value === false) return false
  errors.push({ field, message: requiredMessage })
  return null
}

/** Reads one of a fixed set of options; null (with an error) otherwise. */
export function checkOption<T extends string>(
  value: unknown,
  options: readonly T[],
  field: string,
  requiredMessage: string,
  errors: FieldError[],
): T | null {
  if (typeof value === 'string' && (options as readonly string[]).includes(value)) {
    return value as T
  }
  errors.push({ field, message: requiredMessage })
  return null
}
