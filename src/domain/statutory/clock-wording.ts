// One wording for a statutory clock's state (issue 8), used by every page,
// document and feed that shows one: the dashboard, incidents, rapid reviews,
// reviews and "Your tasks". Pages used to say "Due soon" on one screen and "Due
// within 2 working days" or "Completed" on the next, for the same clock.
import type { ClockReading, ClockStatus } from './deadlines.js'

/** What a person is told about a clock: its status, with "due today" told apart from "due soon". */
export type ClockState = 'on-track' | 'due-soon' | 'due-today' | 'overdue' | 'met' | 'late'

export const CLOCK_STATE_LABELS: Readonly<Record<ClockState, string>> = Object.freeze({
  'on-track': 'On track',
  'due-soon': 'Due soon',
  'due-today': 'Due today',
  overdue: 'Overdue',
  met: 'Done on time',
  late: 'Done late',
})

/** The state of a clock as read on a day (see readClock): due today is due soon with no day left. */
export function clockStateOf(
  clock: Pick<ClockReading, 'workingDaysLeft'> & { readonly status: ClockStatus },
): ClockState {
  if (clock.status === 'due-soon' && clock.workingDaysLeft === 0) return 'due-today'
  return clock.status
}

export function clockLabel(
  clock: Pick<ClockReading, 'workingDaysLeft'> & { readonly status: ClockStatus },
): string {
  return CLOCK_STATE_LABELS[clockStateOf(clock)]
}

const workingDays = (n: number) => `${n} working ${n === 1 ? 'day' : 'days'}`

/**
 * The working days beside the label: "3 working days left", "Due today",
 * "2 working days overdue"; null once the step is done or the calendar cannot
 * count them (S22).
 */
export function clockDetail(
  clock: Pick<ClockReading, 'workingDaysLeft'> & { readonly status: ClockStatus },
): string | null {
  const left = clock.workingDaysLeft
  if (clock.status === 'met' || clock.status === 'late' || left === null) return null
  if (clock.status === 'overdue')
    return left === 0 ? 'Overdue' : `${workingDays(Math.abs(left))} overdue`
  return left === 0 ? 'Due today' : `${workingDays(left)} left`
}
