// How often statutory deadlines were met, month by month: the figures behind the
// dashboard's "on time versus late" chart. A deadline counts in the month it
// fell due (not the month the work was done), so a month's bar answers "of what
// was due then, how much was done in time?" — the question partners are asked.
import type { CalendarDate } from '../calendar/calendar-date.js'

/** The statutory deadlines the history counts. */
export const DEADLINE_KINDS = [
  'notification',
  'rapid-review',
  'review',
  'publication-copy',
] as const
export type DeadlineKind = (typeof DEADLINE_KINDS)[number]

export const DEADLINE_KIND_NAMES: Record<DeadlineKind, string> = {
  notification: 'Notification to the Panel (S3)',
  'rapid-review': 'Rapid review to the Panel (S6)',
  review: 'Review final report (S12)',
  'publication-copy': 'Report to the Panel before publication (S16)',
}

/** A deadline whose step is done: met on or before the due date, or late (readClock). */
export interface CompletedDeadline {
  readonly kind: DeadlineKind
  readonly dueOn: CalendarDate
  readonly outcome: 'met' | 'late'
}

/** A calendar month as 'YYYY-MM'. */
export type CalendarMonth = string

export interface OutcomeCounts {
  readonly onTime: number
  readonly late: number
}

export interface MonthOfOutcomes extends OutcomeCounts {
  readonly month: CalendarMonth
  readonly byKind: Readonly<Record<DeadlineKind, OutcomeCounts>>
}

/** The months of the history: `count` months ending with the month `today` is in, oldest first. */
export function monthsEndingWith(today: CalendarDate, count: number): CalendarMonth[] {
  if (!Number.isInteger(count) || count < 1)
    throw new RangeError('count must be a whole number ≥ 1')
  const year = Number(today.slice(0, 4))
  const month = Number(today.slice(5, 7))
  // Months counted from year 0, so going back across a year end is plain arithmetic.
  const last = year * 12 + (month - 1)
  return Array.from({ length: count }, (_, index) => {
    const serial = last - (count - 1) + index
    const y = Math.floor(serial / 12)
    const m = (serial % 12) + 1
    return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}`
  })
}

/**
 * Counts completed deadlines into the month each fell due, over the `months`
 * months ending with today's month. Deadlines due outside that window (earlier,
 * or later but already met) are left out; every month of the window is present,
 * with zeros where nothing fell due.
 */
export function bucketByMonthDue(
  deadlines: readonly CompletedDeadline[],
  today: CalendarDate,
  months = 12,
): MonthOfOutcomes[] {
  const window = monthsEndingWith(today, months)
  const counts = new Map(
    window.map((month) => [
      month,
      Object.fromEntries(DEADLINE_KINDS.map((kind) => [kind, { onTime: 0, late: 0 }])) as Record<
        DeadlineKind,
        { onTime: number; late: number }
      >,
    ]),
  )
  for (const deadline of deadlines) {
    const bucket = counts.get(deadline.dueOn.slice(0, 7))
    if (!bucket) continue
    const kind = bucket[deadline.kind]
    if (deadline.outcome === 'met') kind.onTime += 1
    else kind.late += 1
  }
  return window.map((month) => {
    const byKind = counts.get(month)!
    return {
      month,
      onTime: DEADLINE_KINDS.reduce((sum, kind) => sum + byKind[kind].onTime, 0),
      late: DEADLINE_KINDS.reduce((sum, kind) => sum + byKind[kind].late, 0),
      byKind,
    }
  })
}

/** Totals over the whole history. */
export function totalOutcomes(history: readonly OutcomeCounts[]): OutcomeCounts {
  return history.reduce(
    (total, month) => ({ onTime: total.onTime + month.onTime, late: total.late + month.late }),
    { onTime: 0, late: 0 },
  )
}
