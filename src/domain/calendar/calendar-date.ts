// Calendar dates for statutory deadlines.
//
// Every deadline in the product (S3, S6, S12, S16, S21) is a whole day on the
// England calendar, never an instant. So a date is kept as its `YYYY-MM-DD` text
// and never passes through a local-time `Date`: a local `Date` would shift by a
// day around midnight and British Summer Time changes. Arithmetic runs on UTC
// midnights, where every day is exactly 24 hours long.
//
// Fixed-width `YYYY-MM-DD` text sorts in date order, so dates can be compared and
// used as Set/Map keys directly.

declare const calendarDateBrand: unique symbol

/**
 * A real date on the proleptic Gregorian calendar, written `YYYY-MM-DD`
 * (years 0000–9999). Only `parseCalendarDate`, `calendarDate`,
 * `isValidCalendarDate` and the arithmetic below produce one, so holding a
 * `CalendarDate` means it has been checked.
 */
export type CalendarDate = string & { readonly [calendarDateBrand]: true }

/** ISO 8601 day of the week: 1 = Monday … 7 = Sunday (not JavaScript's 0 = Sunday). */
export type DayOfWeek = 1 | 2 | 3 | 4 | 5 | 6 | 7

const MS_PER_DAY = 86_400_000
const CALENDAR_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/
const FIRST_YEAR = 0
const LAST_YEAR = 9999

/**
 * Reads a `YYYY-MM-DD` date, or returns null if the text is not one.
 * Strict on purpose: `2023-2-3`, `2023-02-30`, surrounding spaces or a time part
 * are refused rather than guessed at, because a guessed deadline is worse than a
 * form error.
 */
export function parseCalendarDate(text: string): CalendarDate | null {
  const match = CALENDAR_DATE_PATTERN.exec(text)
  if (match === null) return null
  const year = Number(match[1])
  const month = Number(match[2])
  const day = Number(match[3])
  if (month < 1 || month > 12) return null
  if (day < 1 || day > daysInMonth(year, month)) return null
  return text as CalendarDate
}

/** Type guard for values arriving from outside (request bodies, database rows). */
export function isValidCalendarDate(value: unknown): value is CalendarDate {
  return typeof value === 'string' && parseCalendarDate(value) !== null
}

/**
 * Like `parseCalendarDate` but throws a RangeError on bad text. For dates the
 * code itself supplies (tests, fixtures), where bad text is a programming error.
 */
export function calendarDate(text: string): CalendarDate {
  const date = parseCalendarDate(text)
  if (date === null) throw new RangeError(`Not a valid YYYY-MM-DD calendar date: "${text}"`)
  return date
}

/** The date `days` days later (earlier if negative). */
export function addCalendarDays(date: CalendarDate, days: number): CalendarDate {
  assertWholeNumber(days, 'days')
  return fromDayNumber(toDayNumber(date) + days)
}

/**
 * The same day of the month `months` months later (earlier if negative). When
 * that month is shorter, the result is its last day (31 Aug + 6 months = 28 or
 * 29 Feb), which is how "within 6 months" (S12) is read: the deadline never
 * spills into the month after.
 */
export function addCalendarMonths(date: CalendarDate, months: number): CalendarDate {
  assertWholeNumber(months, 'months')
  const { year, month, day } = partsOf(date)
  const monthIndex = year * 12 + (month - 1) + months
  const newYear = Math.floor(monthIndex / 12)
  const newMonth = monthIndex - newYear * 12 + 1
  assertYearInRange(newYear)
  return format(newYear, newMonth, Math.min(day, daysInMonth(newYear, newMonth)))
}

/** ISO day of the week, 1 = Monday … 7 = Sunday. */
export function dayOfWeek(date: CalendarDate): DayOfWeek {
  const jsDay = new Date(toDayNumber(date) * MS_PER_DAY).getUTCDay()
  return (jsDay === 0 ? 7 : jsDay) as DayOfWeek
}

/** Saturday or Sunday: never a working day (S21). */
export function isWeekend(date: CalendarDate): boolean {
  return dayOfWeek(date) >= 6
}

/** Negative if `a` is before `b`, 0 if the same day, positive if after; fits `Array#sort`. */
export function compareDates(a: CalendarDate, b: CalendarDate): -1 | 0 | 1 {
  // Fixed-width YYYY-MM-DD text orders the same way as the dates it names.
  return a < b ? -1 : a > b ? 1 : 0
}

/** Calendar days from `from` to `to`: positive if `to` is later, negative if earlier. */
export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  return toDayNumber(to) - toDayNumber(from)
}

/** The four-digit year of a date, as a number. */
export function calendarYear(date: CalendarDate): number {
  return partsOf(date).year
}

function partsOf(date: CalendarDate): { year: number; month: number; day: number } {
  // Safe to slice: the brand guarantees the YYYY-MM-DD shape.
  return {
    year: Number(date.slice(0, 4)),
    month: Number(date.slice(5, 7)),
    day: Number(date.slice(8, 10)),
  }
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31
}

/**
 * Days since 1970-01-01 (negative before it). For code that steps through many
 * days, such as the working-day calendar: whole numbers add and compare without
 * parsing or formatting text at each step.
 */
export function toDayNumber(date: CalendarDate): number {
  const { year, month, day } = partsOf(date)
  // setUTCFullYear rather than Date.UTC: Date.UTC reads years 0–99 as 1900–1999.
  const utcMidnight = new Date(0)
  utcMidnight.setUTCFullYear(year, month - 1, day)
  return utcMidnight.getTime() / MS_PER_DAY
}

/**
 * The date `dayNumber` days after 1970-01-01; the inverse of `toDayNumber`.
 * @throws RangeError if that date is outside the years 0000–9999.
 */
export function fromDayNumber(dayNumber: number): CalendarDate {
  const utcMidnight = new Date(dayNumber * MS_PER_DAY)
  const year = utcMidnight.getUTCFullYear()
  assertYearInRange(year)
  return format(year, utcMidnight.getUTCMonth() + 1, utcMidnight.getUTCDate())
}

function format(year: number, month: number, day: number): CalendarDate {
  const text = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
  return text as CalendarDate
}

// A result outside 0000–9999 cannot be written as YYYY-MM-DD, so it is refused
// instead of producing text that is not a CalendarDate.
function assertYearInRange(year: number): void {
  if (!Number.isSafeInteger(year) || year < FIRST_YEAR || year > LAST_YEAR) {
    throw new RangeError(`Date arithmetic left the years ${FIRST_YEAR}–${LAST_YEAR}`)
  }
}

function assertWholeNumber(value: number, name: string): void {
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`${name} must be a whole number, got ${String(value)}`)
  }
}
