// Reads GOV.UK's bank-holiday document (https://www.gov.uk/bank-holidays.json),
// the source S22 names for the shipped list. Only the England & Wales division
// matters: the statutory guidance (S21) covers England, whose bank holidays are
// shared with Wales. Scotland and Northern Ireland have different holidays and
// are ignored if present.
//
// No file reading here: the domain stays pure; a loader imports
// `bank-holidays-england-and-wales.json` and passes its content in.

import type { CalendarDate } from './calendar-date.js'
import { compareDates, parseCalendarDate } from './calendar-date.js'

export interface BankHoliday {
  readonly date: CalendarDate
  readonly title: string
}

/** The document does not have the shape GOV.UK publishes; the message names the faulty part. */
export class BankHolidayDocumentError extends Error {
  override readonly name = 'BankHolidayDocumentError'
}

const DIVISION = 'england-and-wales'

/**
 * The England & Wales bank holidays in a GOV.UK document
 * (`{ "england-and-wales": { events: [{ title, date, notes, bunting }] } }`),
 * sorted by date. `notes` and `bunting` are not needed and not checked.
 *
 * Strict because a silently skipped entry would make a bank holiday count as a
 * working day and move statutory deadlines: any wrong shape, invalid date,
 * missing title, repeated date or empty list throws a BankHolidayDocumentError.
 */
export function parseGovUkBankHolidays(json: unknown): BankHoliday[] {
  if (!isRecord(json)) fail('the document', 'must be a JSON object')
  const division = json[DIVISION]
  if (!isRecord(division)) fail(DIVISION, 'must be an object')
  const events = division['events']
  if (!Array.isArray(events)) fail(`${DIVISION}.events`, 'must be an array')
  if (events.length === 0) fail(`${DIVISION}.events`, 'is empty')

  const holidays: BankHoliday[] = []
  const seen = new Set<CalendarDate>()
  events.forEach((event: unknown, index) => {
    const where = `${DIVISION}.events[${index}]`
    if (!isRecord(event)) fail(where, 'must be an object')
    const { date: dateText, title } = event
    if (typeof dateText !== 'string') fail(`${where}.date`, 'must be a string')
    const date = parseCalendarDate(dateText)
    if (date === null) fail(`${where}.date`, `"${dateText}" is not a valid YYYY-MM-DD date`)
    if (seen.has(date)) fail(`${where}.date`, `${date} appears more than once`)
    if (typeof title !== 'string' || title.trim() === '') {
      fail(`${where}.title`, 'must be a non-empty string')
    }
    seen.add(date)
    holidays.push({ date, title })
  })
  return holidays.sort((a, b) => compareDates(a.date, b.date))
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function fail(where: string, problem: string): never {
  throw new BankHolidayDocumentError(`Malformed bank-holiday document: ${where} ${problem}`)
}
