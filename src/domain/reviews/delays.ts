// S12: where other proceedings (a criminal investigation, an inquest, a
// prosecution) may delay the review or its publication, the partners tell the
// Panel and the Secretary of State why. Each delay records its reason and the
// dates both were told, so an untold delay shows up before anyone asks.
import type { CalendarDate } from '../calendar/calendar-date.js'
import type { FieldError } from '../errors.js'
import { optionalDate, requiredChoice, requiredDate, requiredText } from './text-fields.js'

export const DELAY_REASONS = [
  'criminal-investigation',
  'inquest',
  'prosecution',
  'other-proceedings',
] as const
export type DelayReason = (typeof DELAY_REASONS)[number]

export const DELAY_REASON_NAMES: Record<DelayReason, string> = {
  'criminal-investigation': 'Criminal investigation',
  inquest: 'Inquest',
  prosecution: 'Prosecution',
  'other-proceedings': 'Other proceedings',
}

export const DELAY_DETAILS_MAX_LENGTH = 2000

export interface DelayInput {
  readonly reason?: string | null
  readonly details?: string | null
  readonly identifiedOn?: string | null
  readonly panelToldOn?: string | null
  readonly secretaryOfStateToldOn?: string | null
}

export interface Delay {
  readonly reason: DelayReason
  readonly details: string
  readonly identifiedOn: CalendarDate
  readonly panelToldOn: CalendarDate | null
  readonly secretaryOfStateToldOn: CalendarDate | null
}

export function readDelay(
  errors: FieldError[],
  input: DelayInput,
  context: { today: CalendarDate; decisionOn: CalendarDate | null },
): Delay | null {
  const before = errors.length
  const reason = requiredChoice(
    errors,
    'reason',
    input.reason,
    DELAY_REASONS,
    'Choose the proceedings causing the delay',
  )
  const details = requiredText(
    errors,
    'details',
    input.details,
    { missing: 'Enter why the proceedings delay the review', name: 'Reasons' },
    DELAY_DETAILS_MAX_LENGTH,
  )
  const identifiedOn = requiredDate(
    errors,
    'identifiedOn',
    input.identifiedOn,
    'Date the delay was identified',
    {
      notAfter: {
        date: context.today,
        message: 'Date the delay was identified must be today or in the past',
      },
      ...(context.decisionOn === null
        ? {}
        : {
            notBefore: {
              date: context.decisionOn,
              message:
                'Date the delay was identified must be on or after the decision to hold the review',
            },
          }),
    },
  )
  const told = readToldDates(errors, input, { today: context.today, identifiedOn })
  if (errors.length > before || reason === null || identifiedOn === null || told === null) {
    return null
  }
  return { reason, details, identifiedOn, ...told }
}

/** The dates the Panel and the Secretary of State were told; either may still be blank. */
export function readToldDates(
  errors: FieldError[],
  input: Pick<DelayInput, 'panelToldOn' | 'secretaryOfStateToldOn'>,
  context: { today: CalendarDate; identifiedOn: CalendarDate | null },
): { panelToldOn: CalendarDate | null; secretaryOfStateToldOn: CalendarDate | null } | null {
  const before = errors.length
  const rules = (name: string) => ({
    notAfter: { date: context.today, message: `${name} must be today or in the past` },
    ...(context.identifiedOn === null
      ? {}
      : {
          notBefore: {
            date: context.identifiedOn,
            message: `${name} must be on or after the date the delay was identified`,
          },
        }),
  })
  const panelToldOn = optionalDate(
    errors,
    'panelToldOn',
    input.panelToldOn,
    'Date the Panel was told',
    rules('Date the Panel was told'),
  )
  const secretaryOfStateToldOn = optionalDate(
    errors,
    'secretaryOfStateToldOn',
    input.secretaryOfStateToldOn,
    'Date the Secretary of State was told',
    rules('Date the Secretary of State was told'),
  )
  if (errors.length > before) return null
  return { panelToldOn, secretaryOfStateToldOn }
}

/** Who still has to be told about the delay (S12). */
export function stillToBeTold(delay: {
  panelToldOn: CalendarDate | null
  secretaryOfStateToldOn: CalendarDate | null
}): string[] {
  return [
    ...(delay.panelToldOn === null ? ['the Panel'] : []),
    ...(delay.secretaryOfStateToldOn === null ? ['the Secretary of State'] : []),
  ]
}
