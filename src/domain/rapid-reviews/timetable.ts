// A rapid review's own timetable (S8's typical local flow, as the seed page's
// partnership runs it): letters to agencies on working day 1, agency summaries
// by working day 10, the meeting between working days 10 and 12, the partners'
// sign-off by working day 15. Working days count from the day the local
// authority became aware (day 0, S21). Each partnership may set its own, but
// sign-off can never be later than the rapid review itself is due (S6: 15).
import { compareDates, type CalendarDate } from '../calendar/calendar-date.js'
import type { WorkingDayCalendar } from '../calendar/working-days.js'
import type { FieldError } from '../errors.js'

export interface RapidReviewTimetable {
  readonly lettersWorkingDay: number
  readonly summariesWorkingDay: number
  readonly meetingFromWorkingDay: number
  readonly meetingToWorkingDay: number
  readonly signOffWorkingDay: number
}

/** The seed page's timetable: the default until a partnership sets its own. */
export const DEFAULT_RAPID_REVIEW_TIMETABLE: RapidReviewTimetable = {
  lettersWorkingDay: 1,
  summariesWorkingDay: 10,
  meetingFromWorkingDay: 10,
  meetingToWorkingDay: 12,
  signOffWorkingDay: 15,
}

/** S6: the rapid review is complete within 15 working days, so sign-off is no later. */
export const LATEST_SIGN_OFF_WORKING_DAY = 15

export const TIMETABLE_FIELDS = [
  'lettersWorkingDay',
  'summariesWorkingDay',
  'meetingFromWorkingDay',
  'meetingToWorkingDay',
  'signOffWorkingDay',
] as const satisfies readonly (keyof RapidReviewTimetable)[]

export const TIMETABLE_FIELD_LABELS: Record<keyof RapidReviewTimetable, string> = {
  lettersWorkingDay: 'Letters to agencies',
  summariesWorkingDay: 'Agency summaries due',
  meetingFromWorkingDay: 'Rapid review meeting, from',
  meetingToWorkingDay: 'Rapid review meeting, until',
  signOffWorkingDay: 'Partners’ sign-off by',
}

/**
 * Checks a timetable as typed: whole working days from 0, in the order the
 * work happens, sign-off no later than working day 15 (S6).
 */
export function checkTimetable(input: Readonly<Record<string, unknown>>): {
  timetable: RapidReviewTimetable | null
  errors: FieldError[]
} {
  const errors: FieldError[] = []
  const values: Partial<Record<keyof RapidReviewTimetable, number>> = {}
  for (const field of TIMETABLE_FIELDS) {
    const raw = input[field]
    const text = typeof raw === 'string' ? raw.trim() : typeof raw === 'number' ? String(raw) : ''
    const label = TIMETABLE_FIELD_LABELS[field]
    if (text === '') {
      errors.push({ field, message: `Enter the working day for “${label}”` })
    } else if (!/^\d{1,3}$/.test(text)) {
      errors.push({ field, message: `“${label}” must be a whole number of working days, like 10` })
    } else if (Number(text) > LATEST_SIGN_OFF_WORKING_DAY) {
      errors.push({
        field,
        message: `“${label}” must be working day ${LATEST_SIGN_OFF_WORKING_DAY} or earlier: the rapid review is due within ${LATEST_SIGN_OFF_WORKING_DAY} working days (S6)`,
      })
    } else {
      values[field] = Number(text)
    }
  }
  const order: [keyof RapidReviewTimetable, keyof RapidReviewTimetable][] = [
    ['summariesWorkingDay', 'lettersWorkingDay'],
    ['meetingFromWorkingDay', 'lettersWorkingDay'],
    ['meetingToWorkingDay', 'meetingFromWorkingDay'],
    ['signOffWorkingDay', 'meetingToWorkingDay'],
  ]
  for (const [later, earlier] of order) {
    const laterValue = values[later]
    const earlierValue = values[earlier]
    if (laterValue === undefined || earlierValue === undefined) continue
    if (laterValue < earlierValue) {
      errors.push({
        field: later,
        message: `“${TIMETABLE_FIELD_LABELS[later]}” (working day ${laterValue}) must be the same as or after “${TIMETABLE_FIELD_LABELS[earlier]}” (working day ${earlierValue})`,
      })
    }
  }
  if (errors.length > 0) return { timetable: null, errors }
  return { timetable: values as RapidReviewTimetable, errors }
}

export type MilestoneStatus = 'done' | 'due' | 'overdue'

export interface Milestone {
  readonly key: 'letters' | 'summaries' | 'meeting' | 'sign-off'
  readonly name: string
  /** The first day of a window (the meeting); otherwise null. */
  readonly fromOn: CalendarDate | null
  /** The day it is due by (the last day of the meeting's window). */
  readonly dueOn: CalendarDate | null
  readonly status: MilestoneStatus
  /** When it was done, if known. */
  readonly doneOn: CalendarDate | null
}

/** What a rapid review has done so far, as the milestones judge it. */
export interface MilestoneProgress {
  /** The first request to an agency. */
  readonly firstRequestOn: CalendarDate | null
  /** Every request answered (and at least one made): the last answer's date. */
  readonly allSummariesReceivedOn: CalendarDate | null
  readonly meetingOn: CalendarDate | null
  /** All three partners signed: the last signature's date. */
  readonly signedOffOn: CalendarDate | null
}

/**
 * The timetable's milestones for one rapid review, with their dates and where
 * each stands today. A date beyond the calendar's known years is left null
 * rather than guessed.
 */
export function rapidReviewMilestones(
  awareOn: CalendarDate,
  timetable: RapidReviewTimetable,
  calendar: WorkingDayCalendar,
  progress: MilestoneProgress,
  today: CalendarDate,
): Milestone[] {
  const day = (n: number): CalendarDate | null => {
    try {
      return calendar.addWorkingDays(awareOn, n)
    } catch {
      return null
    }
  }
  const statusOf = (doneOn: CalendarDate | null, dueOn: CalendarDate | null): MilestoneStatus =>
    doneOn !== null ? 'done' : dueOn !== null && compareDates(today, dueOn) > 0 ? 'overdue' : 'due'
  const letters = day(timetable.lettersWorkingDay)
  const summaries = day(timetable.summariesWorkingDay)
  const meetingFrom = day(timetable.meetingFromWorkingDay)
  const meetingTo = day(timetable.meetingToWorkingDay)
  const signOff = day(timetable.signOffWorkingDay)
  return [
    {
      key: 'letters',
      name: 'Letters to agencies',
      fromOn: null,
      dueOn: letters,
      doneOn: progress.firstRequestOn,
      status: statusOf(progress.firstRequestOn, letters),
    },
    {
      key: 'summaries',
      name: 'Agency summaries',
      fromOn: null,
      dueOn: summaries,
      doneOn: progress.allSummariesReceivedOn,
      status: statusOf(progress.allSummariesReceivedOn, summaries),
    },
    {
      key: 'meeting',
      name: 'Rapid review meeting',
      fromOn: meetingFrom,
      dueOn: meetingTo,
      doneOn: progress.meetingOn,
      status: statusOf(progress.meetingOn, meetingTo),
    },
    {
      key: 'sign-off',
      name: 'Partners’ sign-off',
      fromOn: null,
      dueOn: signOff,
      doneOn: progress.signedOffOn,
      status: statusOf(progress.signedOffOn, signOff),
    },
  ]
}
