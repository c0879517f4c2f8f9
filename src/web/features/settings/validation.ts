// Reading the settings forms. The GOV.UK date input sends a date as three
// fields; turning them into one YYYY-MM-DD date, with the Design System's error
// messages, is the web layer's job. The rules for the values themselves (the
// name, the periods' bounds) live in the calendar service.
import { parseCalendarDate, type CalendarDate } from '../../../domain/calendar/calendar-date.js'
import type { FieldError } from '../../../domain/errors.js'
import {
  STATUTORY_PERIOD_KEYS,
  type StatutoryPeriodKey,
} from '../../../domain/statutory/periods.js'
import { bankHolidayTitleErrors } from '../../../services/calendar-service.js'

export type DatePart = 'day' | 'month' | 'year'
export const DATE_PARTS: readonly DatePart[] = ['day', 'month', 'year']

export interface BankHolidayForm {
  readonly day: string
  readonly month: string
  readonly year: string
  readonly title: string
}

export interface DateReading {
  readonly date: CalendarDate | null
  readonly error: FieldError | null
  /** The fields to mark as wrong: GOV.UK highlights only the parts at fault. */
  readonly partsInError: readonly DatePart[]
}

// Longer than any real value, short enough that a pasted essay is not echoed back.
const MAX_FIELD_LENGTH = 500

function textField(fields: Record<string, unknown>, name: string): string {
  const value = fields[name]
  return typeof value === 'string' ? value.trim().slice(0, MAX_FIELD_LENGTH) : ''
}

function fieldsOf(body: unknown): Record<string, unknown> {
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {}
}

/** Reads the add-a-bank-holiday form without trusting its shape. */
export function readBankHolidayForm(body: unknown): BankHolidayForm {
  const fields = fieldsOf(body)
  return {
    day: textField(fields, 'date-day'),
    month: textField(fields, 'date-month'),
    year: textField(fields, 'date-year'),
    title: textField(fields, 'title'),
  }
}

const MONTH_NAMES = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
]

/** 1–12 from "5", "05", "May" or "may"; null if it is none of those. */
function monthNumber(text: string): number | null {
  if (/^\d{1,2}$/.test(text)) {
    const month = Number(text)
    return month >= 1 && month <= 12 ? month : null
  }
  // The Design System asks services to accept month names, written in full or
  // shortened to three letters, because people type them.
  const lower = text.toLowerCase()
  const index = MONTH_NAMES.findIndex(
    (name) => name === lower || (lower.length === 3 && name.startsWith(lower)),
  )
  return index === -1 ? null : index + 1
}

function joinParts(parts: readonly DatePart[]): string {
  return parts.length === 1
    ? (parts[0] ?? '')
    : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1) ?? ''}`
}

/**
 * The date a GOV.UK date input describes, or the one error to show for it, in
 * the Design System's order: nothing entered, a part missing, a year that is
 * not 4 digits, not a real date (31 April, 30 February, month 13).
 */
export function readDateParts(
  form: Pick<BankHolidayForm, DatePart>,
  field: string,
  description: string,
): DateReading {
  const fail = (message: string, partsInError: readonly DatePart[]): DateReading => ({
    date: null,
    error: { field, message },
    partsInError,
  })
  const missing = DATE_PARTS.filter((part) => form[part] === '')
  if (missing.length === DATE_PARTS.length) return fail(`Enter ${description}`, DATE_PARTS)
  const capitalised = description.charAt(0).toUpperCase() + description.slice(1)
  if (missing.length > 0) {
    return fail(`${capitalised} must include a ${joinParts(missing)}`, missing)
  }
  const month = monthNumber(form.month)
  const dayOk = /^\d{1,2}$/.test(form.day)
  if (!dayOk || month === null) {
    const wrong = DATE_PARTS.filter((part) =>
      part === 'day' ? !dayOk : part === 'month' && month === null,
    )
    return fail(`${capitalised} must be a real date`, wrong)
  }
  if (!/^\d{4}$/.test(form.year)) return fail('Year must include 4 numbers', ['year'])
  const text = `${form.year}-${String(month).padStart(2, '0')}-${form.day.padStart(2, '0')}`
  const date = parseCalendarDate(text)
  if (date === null) return fail(`${capitalised} must be a real date`, DATE_PARTS)
  return { date, error: null, partsInError: [] }
}

export interface CheckedBankHolidayForm {
  readonly date: CalendarDate | null
  readonly errors: FieldError[]
  readonly datePartsInError: readonly DatePart[]
}

/** Every problem with the form at once: the date fields and the name. */
export function checkBankHolidayForm(form: BankHolidayForm): CheckedBankHolidayForm {
  const reading = readDateParts(form, 'date', 'the date of the bank holiday')
  return {
    date: reading.date,
    errors: [...(reading.error ? [reading.error] : []), ...bankHolidayTitleErrors(form.title)],
    datePartsInError: reading.partsInError,
  }
}

export interface StatutoryPeriodsForm {
  readonly values: Record<StatutoryPeriodKey, string>
  /** Null when the hidden field is missing or mangled: the form cannot be trusted. */
  readonly version: number | null
}

/** Reads the statutory periods form; the service checks the values. */
export function readStatutoryPeriodsForm(body: unknown): StatutoryPeriodsForm {
  const fields = fieldsOf(body)
  const values = Object.fromEntries(
    STATUTORY_PERIOD_KEYS.map((key) => [key, textField(fields, key)]),
  ) as Record<StatutoryPeriodKey, string>
  const versionText = textField(fields, 'version')
  const version = /^\d{1,9}$/.test(versionText) ? Number(versionText) : null
  return { values, version }
}
