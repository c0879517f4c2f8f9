// Reading posted forms for the incident and rapid review pages. The body is
// untrusted: anything that is not a single string reads as a wrong type, which
// the domain rules turn into a clear message.
import { clockTag } from '../../clock-tags.js'
import { clockDetail } from '../../../domain/statutory/clock-wording.js'
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

export interface ClockViewModel {
  readonly dueOn: string
  readonly tag: { text: string; classes: string }
  /** "3 working days left", "Due today", "2 working days overdue", or null once done. */
  readonly detail: string | null
}

export function clockViewModel(clock: ClockReading | null): ClockViewModel | null {
  if (clock === null) return null
  // One wording for every clock (issue 8): domain/statutory/clock-wording.ts.
  return { dueOn: clock.dueOn, tag: clockTag(clock), detail: clockDetail(clock) }
}
