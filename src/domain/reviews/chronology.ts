// The integrated chronology: each agency's entries about the child and family,
// merged into one timeline (DESIGN.md, chronology_entry). A chronology is about
// what happened before the review, so no entry is dated in the future.
import { compareDates, type CalendarDate } from '../calendar/calendar-date.js'
import type { FieldError } from '../errors.js'
import { optionalText, requiredDate, requiredText } from './text-fields.js'

export const CHRONOLOGY_TEXT_LIMITS = { agency: 120, event: 2000, source: 200 } as const

/** Chronologies reach back through a parent's own childhood, not further. */
export const EARLIEST_CHRONOLOGY_DATE = '1900-01-01' as CalendarDate

const TIME_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)$/

export interface ChronologyEntryInput {
  readonly agency?: string | null
  readonly occurredOn?: string | null
  readonly time?: string | null
  readonly event?: string | null
  readonly source?: string | null
}

export interface ChronologyEntry {
  readonly agency: string
  readonly occurredOn: CalendarDate
  /** 24-hour HH:MM, or null when the agency's record gives no time. */
  readonly occurredAt: string | null
  readonly event: string
  readonly source: string | null
}

/**
 * An entry's fields. The agency is read as text here (a CSV row names it);
 * `agency: 'from-list'` leaves it to the caller, which matches the name against
 * the partnership's list of agencies (issue 8) and reports its own error.
 */
export function readChronologyEntry(
  errors: FieldError[],
  input: ChronologyEntryInput,
  today: CalendarDate,
  options: { agency: 'text' | 'from-list' } = { agency: 'text' },
): ChronologyEntry | null {
  const before = errors.length
  const agency =
    options.agency === 'from-list'
      ? (input.agency ?? '').trim()
      : requiredText(
          errors,
          'agency',
          input.agency,
          { missing: 'Enter the agency', name: 'Agency' },
          CHRONOLOGY_TEXT_LIMITS.agency,
        )
  const occurredOn = requiredDate(errors, 'occurredOn', input.occurredOn, 'Date', {
    notAfter: { date: today, message: 'Date must be today or in the past' },
    notBefore: {
      date: EARLIEST_CHRONOLOGY_DATE,
      message: 'Date must be on or after 1 January 1900',
    },
  })
  const occurredAt = readTime(errors, input.time)
  const event = requiredText(
    errors,
    'event',
    input.event,
    { missing: 'Enter what happened', name: 'What happened' },
    CHRONOLOGY_TEXT_LIMITS.event,
  )
  const source = optionalText(
    errors,
    'source',
    input.source,
    'Source',
    CHRONOLOGY_TEXT_LIMITS.source,
  )
  if (errors.length > before || occurredOn === null) return null
  return { agency, occurredOn, occurredAt, event, source }
}

function readTime(errors: FieldError[], value: string | null | undefined): string | null {
  const text = typeof value === 'string' ? value.trim() : ''
  if (text === '') return null
  // Accept 9:05 as well as 09:05: that is how many case-recording systems export it.
  const padded = /^\d:\d\d$/.test(text) ? `0${text}` : text
  if (!TIME_PATTERN.test(padded)) {
    errors.push({ field: 'time', message: 'Time must be a real 24-hour time, like 09:30 or 17:05' })
    return null
  }
  return padded
}

export interface TimelineEntry extends ChronologyEntry {
  /** When it was entered, and its line in an imported file: keeps equal entries in entry order. */
  readonly createdAt: string
  readonly sourceLine: number | null
}

/**
 * One timeline from every agency's entries: by date, then time (entries with
 * no time first, as "sometime that day"), then agency, then the order entered.
 * Sorted here rather than in SQL because the two databases disagree about
 * where NULL times go.
 */
export function mergeTimeline<T extends TimelineEntry>(
  entries: readonly T[],
  filter: { agencies?: readonly string[] } = {},
): T[] {
  const wanted = filter.agencies && filter.agencies.length > 0 ? new Set(filter.agencies) : null
  return entries
    .filter((entry) => wanted === null || wanted.has(entry.agency))
    .sort(
      (a, b) =>
        compareDates(a.occurredOn, b.occurredOn) ||
        compareTimes(a.occurredAt, b.occurredAt) ||
        a.agency.localeCompare(b.agency, 'en-GB') ||
        compareText(a.createdAt, b.createdAt) ||
        (a.sourceLine ?? 0) - (b.sourceLine ?? 0),
    )
}

/** The agencies with entries, in alphabetical order: the choices of the agency filter. */
export function agenciesIn(entries: readonly { agency: string }[]): string[] {
  return [...new Set(entries.map((entry) => entry.agency))].sort((a, b) =>
    a.localeCompare(b, 'en-GB'),
  )
}

function compareTimes(a: string | null, b: string | null): number {
  if (a === b) return 0
  if (a === null) return -1
  if (b === null) return 1
  return compareText(a, b)
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/**
 * What makes two entries the same record (issue 8: importing a file twice must
 * not double the chronology): the same agency, date and event, ignoring case
 * and spacing, which spreadsheets change between exports.
 */
export function chronologyEntryKey(entry: {
  agency: string
  occurredOn: string
  event: string
}): string {
  const plain = (text: string) => text.trim().replace(/\s+/g, ' ').toLowerCase()
  return `${plain(entry.agency)}\u0000${entry.occurredOn}\u0000${plain(entry.event)}`
}
