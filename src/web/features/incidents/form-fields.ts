// Reading posted forms for the incident and rapid review pages. The body is
// untrusted: anything that is not a single string reads as a wrong type, which
// the domain rules turn into a clear message.
import type { ClockReading } from '../../../domain/statutory/deadlines.js'

import type { FormBody } from '../../form-fields.js'

export {
  dateField,
  dateParts,
  echo,
  INCOMPLETE_FORM,
  formBody,
  pageErrors,
  versionOf,
  type FormBody,
} from '../../form-fields.js'

/** A single text field; arrays (a repeated field) and other shapes pass through as they are. */
export function field(body: FormBody, name: string): unknown {
  return body[name] ?? ''
}

const CLOCK_TAGS: Record<ClockReading['status'], { text: string; classes: string }> = {
  'on-track': { text: 'On track', classes: 'govuk-tag--green' },
  'due-soon': { text: 'Due soon', classes: 'govuk-tag--yellow' },
  overdue: { text: 'Overdue', classes: 'govuk-tag--red' },
  met: { text: 'Done on time', classes: 'govuk-tag--green' },
  late: { text: 'Done late', classes: 'govuk-tag--red' },
}

export interface ClockViewModel {
  readonly dueOn: string
  readonly tag: { text: string; classes: string }
  /** "3 working days left", "Due today", "2 working days overdue", or null once done. */
  readonly detail: string | null
}

export function clockViewModel(clock: ClockReading | null): ClockViewModel | null {
  if (clock === null) return null
  const left = clock.workingDaysLeft
  let detail: string | null = null
  if (clock.status === 'overdue') {
    const late = Math.abs(left ?? 0)
    detail = late === 0 ? 'Overdue' : `${late} working ${late === 1 ? 'day' : 'days'} overdue`
  } else if (left !== null) {
    detail = left === 0 ? 'Due today' : `${left} working ${left === 1 ? 'day' : 'days'} left`
  }
  return { dueOn: clock.dueOn, tag: CLOCK_TAGS[clock.status], detail }
}
