// When reminders go (issue 10), in working days (S21) and weeks. Pure: the
// caller brings the working-day calendar and "today".
import {
  addCalendarDays,
  compareDates,
  dayOfWeek,
  daysBetween,
  type CalendarDate,
} from '../calendar/calendar-date.js'
import type { WorkingDayCalendar } from '../calendar/working-days.js'

/** 10 and 2 working days before: a fortnight to act, and a last call. */
export const DEFAULT_REMINDER_WORKING_DAYS: readonly number[] = [10, 2]

export type ReminderDue =
  /** `workingDays` before the due date (one of the configured leads). */
  | { readonly kind: 'before'; readonly workingDays: number }
  /** Overdue: week 0 from the day after the due date, then week 1, 2 … each 7 days. */
  | { readonly kind: 'overdue'; readonly week: number }

/**
 * Which reminder is due today for something due on `dueOn`, if any. Before the
 * due date, the nearest lead whose day has come (so a job that did not run for
 * a while sends the last call, not a stale "two weeks to go" as well); on the
 * due date itself the 2-day (nearest) reminder still applies; after it, the
 * week of lateness. Each answer names one message: its idempotency key is made
 * from it, so asking again the same day (or the next) sends nothing new.
 *
 * @param leads working days before, in any order; each at least 1.
 * @throws OutsideCalendarError when the calendar lacks the due date's year (S22).
 */
export function reminderDue(
  dueOn: CalendarDate,
  today: CalendarDate,
  calendar: WorkingDayCalendar,
  leads: readonly number[] = DEFAULT_REMINDER_WORKING_DAYS,
): ReminderDue | null {
  if (compareDates(today, dueOn) > 0) {
    return { kind: 'overdue', week: Math.floor((daysBetween(dueOn, today) - 1) / 7) }
  }
  const nearestFirst = [...leads].sort((a, b) => a - b)
  for (const workingDays of nearestFirst) {
    if (compareDates(calendar.addWorkingDays(dueOn, -workingDays), today) <= 0) {
      return { kind: 'before', workingDays }
    }
  }
  return null
}

/** The Monday of the week `date` is in: the weekly digest's week. */
export function weekStarting(date: CalendarDate): CalendarDate {
  return addCalendarDays(date, 1 - dayOfWeek(date))
}
