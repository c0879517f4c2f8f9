// The tag a statutory clock shows, everywhere: the words come from the domain's
// one label map (domain/statutory/clock-wording.ts), the colours from here.
import {
  CLOCK_STATE_LABELS,
  clockStateOf,
  type ClockState,
} from '../domain/statutory/clock-wording.js'
import type { ClockStatus } from '../domain/statutory/deadlines.js'

export interface ClockTag {
  readonly text: string
  readonly classes: string
}

const CLOCK_TAG_CLASSES: Readonly<Record<ClockState, string>> = {
  'on-track': 'govuk-tag--green',
  'due-soon': 'govuk-tag--yellow',
  'due-today': 'govuk-tag--orange',
  overdue: 'govuk-tag--red',
  met: 'govuk-tag--green',
  late: 'govuk-tag--red',
}

/** Each state's tag, for a template that draws each once (the dashboard's table). */
export const CLOCK_STATE_TAGS: Readonly<Record<ClockState, ClockTag>> = Object.freeze(
  Object.fromEntries(
    (Object.keys(CLOCK_STATE_LABELS) as ClockState[]).map((state) => [
      state,
      { text: CLOCK_STATE_LABELS[state], classes: CLOCK_TAG_CLASSES[state] },
    ]),
  ) as Record<ClockState, ClockTag>,
)

export function clockTag(clock: {
  readonly status: ClockStatus
  readonly workingDaysLeft: number | null
}): ClockTag {
  return CLOCK_STATE_TAGS[clockStateOf(clock)]
}
