// Dates in messages, in GOV.UK style ("5 March 2026"), so a refusal can name the
// dates that contradict each other. Pure: calendar dates are YYYY-MM-DD text.
import type { CalendarDate } from '../calendar/calendar-date.js'

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const

/** '2026-03-05' → '5 March 2026'. */
export function writtenDate(date: CalendarDate | string): string {
  const [year = '', month = '', day = ''] = date.split('-')
  return `${Number(day)} ${MONTHS[Number(month) - 1] ?? ''} ${year}`
}
