// Statutory deadlines, computed from the dates a case records and never stored:
// when a bank holiday is added or a period setting changes, every open case's
// deadlines are right on the next read, with nothing to recompute.
import { addCalendarMonths, compareDates, type CalendarDate } from '../calendar/calendar-date.js'
import type { WorkingDayCalendar } from '../calendar/working-days.js'
import type { StatutoryPeriods } from './periods.js'

/** S3: the Panel must be notified within N working days of the LA becoming aware. */
export function notificationDueOn(
  awareOn: CalendarDate,
  calendar: WorkingDayCalendar,
  periods: StatutoryPeriods,
): CalendarDate {
  return calendar.addWorkingDays(awareOn, periods.notificationWorkingDays)
}

/** S6: the rapid review must be complete within N working days of becoming aware. */
export function rapidReviewDueOn(
  awareOn: CalendarDate,
  calendar: WorkingDayCalendar,
  periods: StatutoryPeriods,
): CalendarDate {
  return calendar.addWorkingDays(awareOn, periods.rapidReviewWorkingDays)
}

/** S12/S18: aim to complete the review within N months of the decision to hold it. */
export function reviewTargetOn(decisionOn: CalendarDate, periods: StatutoryPeriods): CalendarDate {
  return addCalendarMonths(decisionOn, periods.reviewCompletionMonths)
}

/** S16: the latest day to send the report to the Panel, SoS and Ofsted before publication. */
export function panelCopyDueOn(
  publicationOn: CalendarDate,
  calendar: WorkingDayCalendar,
  periods: StatutoryPeriods,
): CalendarDate {
  return calendar.addWorkingDays(publicationOn, -periods.prePublicationWorkingDays)
}

/** S15: the earliest day a published report may be taken down. */
export function publishedUntilAtLeast(
  publishedOn: CalendarDate,
  periods: StatutoryPeriods,
): CalendarDate {
  return addCalendarMonths(publishedOn, periods.publicationMinimumMonths)
}

export type ClockStatus = 'met' | 'late' | 'on-track' | 'due-soon' | 'overdue'

export interface ClockReading {
  readonly dueOn: CalendarDate
  readonly status: ClockStatus
  /** Working days from today to the due date: negative when overdue; null once met. */
  readonly workingDaysLeft: number | null
}

/** Within this many working days a deadline shows as "due soon". */
export const DUE_SOON_WORKING_DAYS = 2

/**
 * Reads a clock: met or late once the step is done (by `doneOn`), otherwise on
 * track, due soon or overdue by working days left from `today`.
 */
export function readClock(
  dueOn: CalendarDate,
  doneOn: CalendarDate | null,
  today: CalendarDate,
  calendar: WorkingDayCalendar,
): ClockReading {
  if (doneOn !== null) {
    return {
      dueOn,
      status: compareDates(doneOn, dueOn) <= 0 ? 'met' : 'late',
      workingDaysLeft: null,
    }
  }
  const workingDaysLeft = calendar.workingDaysBetween(today, dueOn)
  const status: ClockStatus =
    compareDates(today, dueOn) > 0
      ? 'overdue'
      : workingDaysLeft <= DUE_SOON_WORKING_DAYS
        ? 'due-soon'
        : 'on-track'
  return { dueOn, status, workingDaysLeft }
}
