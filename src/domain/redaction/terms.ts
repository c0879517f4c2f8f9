// What the redaction check looks for (S17): the identifying details of the
// children in the review and the people and places the review team listed as
// "not to publish". Terms are restricted values: they are matched, never shown.
import { parseCalendarDate, type CalendarDate } from '../calendar/calendar-date.js'
import type { FieldError } from '../errors.js'

export const TERM_KINDS = ['name', 'date', 'postcode', 'nhs-number', 'reference', 'text'] as const
export type TermKind = (typeof TERM_KINDS)[number]

export const TERM_KIND_LABELS: Readonly<Record<TermKind, string>> = {
  name: 'Name',
  date: 'Date (such as a date of birth)',
  postcode: 'Postcode',
  'nhs-number': 'NHS number',
  reference: 'Reference (such as a local authority reference)',
  text: 'Other words (such as a school or a street)',
}

export interface RedactionTerm {
  readonly kind: TermKind
  readonly value: string
}

export const MAX_TERMS = 200
export const TERM_VALUE_MAX_LENGTH = 200

export function isTermKind(value: unknown): value is TermKind {
  return typeof value === 'string' && (TERM_KINDS as readonly string[]).includes(value)
}

const MONTHS = [
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
] as const

export function monthNames(): readonly string[] {
  return MONTHS
}

/**
 * A date term's day: `YYYY-MM-DD`, or a UK form people type (`3/3/2019`,
 * `03.03.2019`, `3 March 2019`). Null when it is not a real date.
 */
export function readTermDate(value: string): CalendarDate | null {
  const text = value.trim().toLowerCase()
  const iso = parseCalendarDate(text)
  if (iso) return iso
  let day: number
  let month: number
  let year: number
  const numeric = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text)
  const written = /^(\d{1,2})(?:st|nd|rd|th)? ([a-z]+),? (\d{4})$/.exec(text)
  if (numeric) {
    day = Number(numeric[1])
    month = Number(numeric[2])
    year = Number(numeric[3])
  } else if (written) {
    const index = MONTHS.findIndex((name) => name.startsWith(written[2] ?? '~'))
    if (index < 0 || (written[2] ?? '').length < 3) return null
    day = Number(written[1])
    month = index + 1
    year = Number(written[3])
  } else {
    return null
  }
  const pad = (number: number, width: number) => String(number).padStart(width, '0')
  return parseCalendarDate(`${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`)
}

/** Letters and digits only, upper case: how postcodes, NHS numbers and references compare. */
export function compactCode(value: string): string {
  return value.replace(/[^\p{L}\p{N}]/gu, '').toUpperCase()
}

/** A full UK postcode (outward and inward code), spaces optional. */
export const UK_POSTCODE = /^[A-Z]{1,2}\d[A-Z\d]?\d[ABD-HJLNP-UW-Z]{2}$/

/**
 * Checks one term as a person entered it; `field` names the form field for
 * errors. Returns the term with its value trimmed, or null (with an error).
 */
export function checkTerm(
  kind: unknown,
  value: unknown,
  field: string,
  errors: FieldError[],
): RedactionTerm | null {
  if (!isTermKind(kind)) {
    errors.push({
      field,
      message: `Choose what kind of detail it is: ${TERM_KINDS.join(', ')}`,
    })
    return null
  }
  const text = typeof value === 'string' ? value.trim() : ''
  if (text === '') {
    errors.push({ field, message: 'Enter the detail to look for' })
    return null
  }
  if (text.length > TERM_VALUE_MAX_LENGTH) {
    errors.push({
      field,
      message: `Each detail must be ${TERM_VALUE_MAX_LENGTH} characters or fewer`,
    })
    return null
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(text)) {
    errors.push({ field, message: 'Each detail must be a single line of plain text' })
    return null
  }
  if (kind === 'date' && readTermDate(text) === null) {
    errors.push({
      field,
      message: 'A date must be a real date, such as 2019-03-03 or 3 March 2019',
    })
    return null
  }
  if (kind === 'postcode' && !UK_POSTCODE.test(compactCode(text))) {
    errors.push({ field, message: 'A postcode must be a full UK postcode, such as SW1A 2AA' })
    return null
  }
  if ((kind === 'nhs-number' || kind === 'reference') && compactCode(text).length < 3) {
    errors.push({ field, message: 'A number or reference must have at least 3 letters or digits' })
    return null
  }
  if ((kind === 'name' || kind === 'text') && !/\p{L}|\p{N}/u.test(text)) {
    errors.push({ field, message: 'A name or words must contain letters or digits' })
    return null
  }
  return { kind, value: text }
}

/**
 * Reads the terms of the API and the stateless check: a JSON array of
 * `{ kind, value }`. Errors name the field `terms` (with the item's index), and
 * never repeat a value.
 */
export function readTermsJson(input: unknown, errors: FieldError[]): RedactionTerm[] | null {
  if (typeof input !== 'string' || input.trim() === '') {
    errors.push({ field: 'terms', message: 'Enter the details to look for' })
    return null
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(input)
  } catch {
    errors.push({
      field: 'terms',
      message: 'Terms must be a JSON array of {"kind", "value"} objects',
    })
    return null
  }
  return readTermList(parsed, errors)
}

export function readTermList(parsed: unknown, errors: FieldError[]): RedactionTerm[] | null {
  if (!Array.isArray(parsed)) {
    errors.push({
      field: 'terms',
      message: 'Terms must be a JSON array of {"kind", "value"} objects',
    })
    return null
  }
  if (parsed.length === 0) {
    errors.push({ field: 'terms', message: 'Enter at least one detail to look for' })
    return null
  }
  if (parsed.length > MAX_TERMS) {
    errors.push({ field: 'terms', message: `Enter ${MAX_TERMS} details or fewer` })
    return null
  }
  const terms: RedactionTerm[] = []
  parsed.forEach((item: unknown, index) => {
    const record =
      typeof item === 'object' && item !== null ? (item as Record<string, unknown>) : {}
    const term = checkTerm(record.kind, record.value, `terms[${index}]`, errors)
    if (term) terms.push(term)
  })
  return errors.length > 0 ? null : terms
}
