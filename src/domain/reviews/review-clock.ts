// S12 (S18 for legacy SCRs): aim to complete the final report within the
// edition's review period (6 months by default) of the decision to hold the
// review. The target is computed on read from the decision date, never stored.
import { compareDates, type CalendarDate } from '../calendar/calendar-date.js'
import type { WorkingDayCalendar } from '../calendar/working-days.js'
import { readClock, reviewTargetOn, type ClockReading } from '../statutory/deadlines.js'
import type { StatutoryPeriods } from '../statutory/periods.js'

export interface ReviewClockFacts {
  readonly decisionOn: CalendarDate | null
  readonly finalReportReceivedOn: CalendarDate | null
}

/** The target completion date and how the review stands against it; null without a decision date. */
export function readReviewClock(
  review: ReviewClockFacts,
  periods: StatutoryPeriods,
  calendar: WorkingDayCalendar,
  today: CalendarDate,
): ClockReading | null {
  if (review.decisionOn === null) return null
  const targetOn = reviewTargetOn(review.decisionOn, periods)
  const doneOn = review.finalReportReceivedOn
  // A legacy SCR decided in 2016 has a target in a year the working-day
  // calendar may not know (S22). Working days left cannot be counted then, but
  // whether the target has passed can still be said.
  if (doneOn === null && !(calendar.covers(targetOn) && calendar.covers(today))) {
    return {
      dueOn: targetOn,
      status: compareDates(today, targetOn) > 0 ? 'overdue' : 'on-track',
      workingDaysLeft: null,
    }
  }
  return readClock(targetOn, doneOn, today, calendar)
}
