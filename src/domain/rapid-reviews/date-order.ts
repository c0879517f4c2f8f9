// Dates of a rapid review checked against each other (issue 8): a date that
// contradicts another is refused with a message naming both, so the person
// sees which of the two to put right. Each check speaks of one field.
import { compareDates, type CalendarDate } from '../calendar/calendar-date.js'
import type { FieldError } from '../errors.js'

const LONG_DATE = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
})

/** '2024-01-02' → '2 January 2024', as GOV.UK writes dates. */
export function longDate(date: CalendarDate): string {
  return LONG_DATE.format(new Date(`${date}T00:00:00Z`))
}

/** A date with what it is, for one side of a message: "the date of the meeting (2 January 2024)". */
export interface NamedDate {
  readonly date: CalendarDate | null | undefined
  /** Lower case, as in a sentence: 'the date of the rapid review meeting'. */
  readonly name: string
}

/**
 * `later` must be the same as or after `earlier`: refused with both dates
 * named ("The date of the decision (1 March 2026) must be the same as or after
 * the date of the rapid review meeting (3 March 2026)"). Nothing when either
 * date is missing.
 */
export function checkNotBefore(
  field: string,
  later: NamedDate,
  earlier: NamedDate,
  errors: FieldError[],
): void {
  if (!later.date || !earlier.date) return
  if (compareDates(later.date, earlier.date) >= 0) return
  errors.push({
    field,
    message: `${capitalise(later.name)} (${longDate(later.date)}) must be the same as or after ${earlier.name} (${longDate(earlier.date)})`,
  })
}

/** `earlier` must be the same as or before `later`: the same check, spoken of the earlier field. */
export function checkNotAfter(
  field: string,
  earlier: NamedDate,
  later: NamedDate,
  errors: FieldError[],
): void {
  if (!later.date || !earlier.date) return
  if (compareDates(earlier.date, later.date) <= 0) return
  errors.push({
    field,
    message: `${capitalise(earlier.name)} (${longDate(earlier.date)}) must be the same as or before ${later.name} (${longDate(later.date)})`,
  })
}

/** `date` must not be in the future: "… (9 March 2026) cannot be after today (7 March 2026)…". */
export function checkNotFuture(
  field: string,
  date: NamedDate,
  today: CalendarDate,
  errors: FieldError[],
  why = '',
): void {
  if (!date.date || compareDates(date.date, today) <= 0) return
  errors.push({
    field,
    message: `${capitalise(date.name)} (${longDate(date.date)}) cannot be after today (${longDate(today)})${why}`,
  })
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
