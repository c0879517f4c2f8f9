// Agency action plans (DESIGN.md: learning points and recommendations → agency
// action plans → assurance). An action answers one learning point or
// recommendation of a review, belongs to one agency, has a due date and moves
// through its statuses by progress updates. The agency reports it completed with
// its evidence; the business unit or a partner assures it, which is the
// partnership's word that the practice really changed (see action-status.ts).
// Pure rules: no I/O.
import { compareDates, type CalendarDate } from '../calendar/calendar-date.js'
import type { FieldError } from '../errors.js'
import { requiredChoice, requiredDate, requiredText } from '../reviews/text-fields.js'
import {
  completionRefusal,
  isActionFinished,
  progressStatusChoices,
  stepRefusal,
  type ActionStatus,
} from './action-status.js'

export {
  ACTION_STATUSES,
  ACTION_STATUS_NAMES,
  isActionFinished,
  isActionStatus,
  isOpenForReminders,
  type ActionStatus,
} from './action-status.js'

/** What an action answers: a learning point or a recommendation of the review. */
export const ACTION_SOURCE_KINDS = ['learning-point', 'recommendation'] as const
export type ActionSourceKind = (typeof ACTION_SOURCE_KINDS)[number]

export const ACTION_TEXT_LIMITS = { description: 2_000, note: 5_000 } as const

export type ActionTimeliness = 'finished' | 'overdue' | 'due-soon' | 'on-track'

/** Overdue after its due date; due soon within 14 days, the usual reporting cycle. */
export function actionTimeliness(
  action: { status: ActionStatus; dueOn: CalendarDate },
  today: CalendarDate,
  dueSoonOn: CalendarDate,
): ActionTimeliness {
  if (isActionFinished(action.status)) return 'finished'
  if (compareDates(action.dueOn, today) < 0) return 'overdue'
  if (compareDates(action.dueOn, dueSoonOn) <= 0) return 'due-soon'
  return 'on-track'
}

export interface ProgressUpdateInput {
  readonly status?: string | null
  readonly note?: string | null
}

export interface ProgressUpdate {
  readonly status: ActionStatus
  readonly note: string
}

/**
 * Reads a progress update; every problem goes into `errors`, null when unusable.
 * `evidenceCount` is the evidence the action will carry with this update's own:
 * completed needs at least one file or link.
 */
export function readProgressUpdate(
  errors: FieldError[],
  input: ProgressUpdateInput,
  context: { current: ActionStatus; evidenceCount: number },
): ProgressUpdate | null {
  const before = errors.length
  const choices = progressStatusChoices(context.current)
  if (choices.length === 0) {
    errors.push({
      field: 'status',
      message: stepRefusal('progress', context.current, ['agency']) ?? 'No more updates',
    })
    return null
  }
  const status = requiredChoice(errors, 'status', input.status, choices, 'Select the status now')
  const note = requiredText(
    errors,
    'note',
    input.note,
    { missing: 'Enter what has been done since the last update', name: 'The update' },
    ACTION_TEXT_LIMITS.note,
  )
  if (status !== null) {
    const refusal = completionRefusal(status, context.evidenceCount)
    if (refusal !== null) errors.push({ field: 'evidence', message: refusal })
  }
  if (errors.length > before || status === null) return null
  return { status, note }
}

export interface NewActionInput {
  /** 'learning-point:ID' or 'recommendation:ID', as the form's radios send it. */
  readonly source?: string | null
  readonly agencyId?: string | null
  readonly description?: string | null
  readonly dueOn?: string | null
}

export interface NewAction {
  readonly sourceKind: ActionSourceKind
  readonly sourceId: string
  readonly agencyId: string
  readonly description: string
  readonly dueOn: CalendarDate
}

/**
 * Reads a new action against what the review offers: the source must be one of
 * its learning points or recommendations, the agency one the actor may assign.
 * The due date is today or later: an action is planned, not recorded after the fact.
 */
export function readNewAction(
  errors: FieldError[],
  input: NewActionInput,
  context: {
    today: CalendarDate
    sources: readonly { kind: ActionSourceKind; id: string }[]
    agencyIds: readonly string[]
  },
): NewAction | null {
  const before = errors.length
  const sourceKeys = context.sources.map((source) => `${source.kind}:${source.id}`)
  const source = requiredChoice(
    errors,
    'source',
    input.source,
    sourceKeys,
    'Select the learning point or recommendation the action answers',
  )
  const agencyId = requiredChoice(
    errors,
    'agencyId',
    input.agencyId,
    context.agencyIds,
    'Select the agency that owns the action',
  )
  const description = requiredText(
    errors,
    'description',
    input.description,
    { missing: 'Enter what the agency will do', name: 'The action' },
    ACTION_TEXT_LIMITS.description,
  )
  const dueOn = requiredDate(errors, 'dueOn', input.dueOn, 'Due date', {
    notBefore: { date: context.today, message: 'The due date must be today or in the future' },
  })
  if (errors.length > before || source === null || agencyId === null || dueOn === null) {
    return null
  }
  const separator = source.indexOf(':')
  return {
    sourceKind: source.slice(0, separator) as ActionSourceKind,
    sourceId: source.slice(separator + 1),
    agencyId,
    description,
    dueOn,
  }
}
