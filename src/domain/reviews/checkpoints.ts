// S11 (SI 2018/789 reg. 14): the partners monitor the time a review takes and
// its quality at regular intervals, and may request information or a draft.
// Such requests are made in writing, so each one is recorded with the date it
// was sent, what was asked for, when it is due and when the answer came.
import { compareDates, type CalendarDate } from '../calendar/calendar-date.js'
import type { FieldError } from '../errors.js'
import {
  optionalText,
  requiredChoice,
  requiredDate,
  requiredText,
  type DateRules,
} from './text-fields.js'

export const REQUEST_KINDS = ['information', 'draft'] as const
export type RequestKind = (typeof REQUEST_KINDS)[number]

export const REQUEST_KIND_NAMES: Record<RequestKind, string> = {
  information: 'Information',
  draft: 'A draft of the report',
}

export const CHECKPOINT_TEXT_LIMITS = { observations: 5000, requestDetail: 2000 } as const

export interface CheckpointInput {
  readonly heldOn?: string | null
  readonly observations?: string | null
  /** '' or 'none' when the checkpoint made no written request. */
  readonly requestKind?: string | null
  readonly requestDetail?: string | null
  readonly requestedOn?: string | null
  readonly requestDueOn?: string | null
}

export interface WrittenRequest {
  readonly kind: RequestKind
  readonly detail: string
  readonly requestedOn: CalendarDate
  readonly dueOn: CalendarDate
}

export interface Checkpoint {
  readonly heldOn: CalendarDate
  readonly observations: string | null
  readonly request: WrittenRequest | null
}

export function readCheckpoint(
  errors: FieldError[],
  input: CheckpointInput,
  context: { today: CalendarDate; decisionOn: CalendarDate | null },
): Checkpoint | null {
  const before = errors.length
  const rules = (name: string): DateRules => ({
    notAfter: { date: context.today, message: `${name} must be today or in the past` },
    ...(context.decisionOn === null
      ? {}
      : {
          notBefore: {
            date: context.decisionOn,
            message: `${name} must be on or after the decision to hold the review`,
          },
        }),
  })
  const heldOn = requiredDate(
    errors,
    'heldOn',
    input.heldOn,
    'Checkpoint date',
    rules('Checkpoint date'),
  )
  const observations = optionalText(
    errors,
    'observations',
    input.observations,
    'Notes on time and quality',
    CHECKPOINT_TEXT_LIMITS.observations,
  )
  const kindText = typeof input.requestKind === 'string' ? input.requestKind.trim() : ''
  let request: WrittenRequest | null = null
  if (kindText === '' || kindText === 'none') {
    const stray = [input.requestDetail, input.requestedOn, input.requestDueOn].some(
      (value) => typeof value === 'string' && value.trim() !== '',
    )
    if (stray) {
      errors.push({
        field: 'requestKind',
        message: 'Choose what was requested in writing, or clear the request details',
      })
    }
  } else {
    const kind = requiredChoice(
      errors,
      'requestKind',
      kindText,
      REQUEST_KINDS,
      'Choose whether information or a draft was requested',
    )
    const detail = requiredText(
      errors,
      'requestDetail',
      input.requestDetail,
      { missing: 'Enter what was requested', name: 'What was requested' },
      CHECKPOINT_TEXT_LIMITS.requestDetail,
    )
    const requestedOn = requiredDate(
      errors,
      'requestedOn',
      input.requestedOn,
      'Date the written request was sent',
      rules('Date the written request was sent'),
    )
    const dueOn = requiredDate(errors, 'requestDueOn', input.requestDueOn, 'Date the answer is due')
    if (requestedOn !== null && dueOn !== null && compareDates(dueOn, requestedOn) < 0) {
      errors.push({
        field: 'requestDueOn',
        message: 'Date the answer is due must be on or after the date the request was sent',
      })
    } else if (kind !== null && requestedOn !== null && dueOn !== null) {
      request = { kind, detail, requestedOn, dueOn }
    }
  }
  if (errors.length > before || heldOn === null) return null
  return { heldOn, observations, request }
}

/** The date the answer to a written request arrived. */
export function readResponseDate(
  errors: FieldError[],
  value: string | null | undefined,
  context: { today: CalendarDate; requestedOn: CalendarDate },
): CalendarDate | null {
  return requiredDate(errors, 'respondedOn', value, 'Date the answer was received', {
    notAfter: {
      date: context.today,
      message: 'Date the answer was received must be today or in the past',
    },
    notBefore: {
      date: context.requestedOn,
      message: 'Date the answer was received must be on or after the date the request was sent',
    },
  })
}

export type RequestStatus = 'awaiting' | 'overdue' | 'answered' | 'answered-late'

export const REQUEST_STATUS_NAMES: Record<RequestStatus, string> = {
  awaiting: 'Awaiting answer',
  overdue: 'Answer overdue',
  answered: 'Answered',
  'answered-late': 'Answered late',
}

/** How a written request stands today; computed on read like every deadline. */
export function requestStatus(
  request: { dueOn: CalendarDate; respondedOn: CalendarDate | null },
  today: CalendarDate,
): RequestStatus {
  if (request.respondedOn !== null) {
    return compareDates(request.respondedOn, request.dueOn) <= 0 ? 'answered' : 'answered-late'
  }
  return compareDates(today, request.dueOn) > 0 ? 'overdue' : 'awaiting'
}
