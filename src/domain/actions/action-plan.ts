// Agency action plans (DESIGN.md: learning points and recommendations → agency
// action plans → assurance). An action answers one learning point or
// recommendation of a review, belongs to one agency, has a due date and moves
// through its statuses by progress updates. The agency reports it completed; the
// business unit signs it off, which is the partnership's assurance that the
// practice really changed. Pure rules: no I/O.
import { compareDates, type CalendarDate } from '../calendar/calendar-date.js'
import type { FieldError } from '../errors.js'
import { requiredChoice, requiredDate, requiredText } from '../reviews/text-fields.js'

export const ACTION_STATUSES = ['not-started', 'in-progress', 'completed', 'signed-off'] as const
export type ActionStatus = (typeof ACTION_STATUSES)[number]

export const ACTION_STATUS_NAMES: Record<ActionStatus, string> = {
  'not-started': 'Not started',
  'in-progress': 'In progress',
  completed: 'Completed',
  'signed-off': 'Signed off',
}

export function isActionStatus(value: string): value is ActionStatus {
  return (ACTION_STATUSES as readonly string[]).includes(value)
}

/** What an action answers: a learning point or a recommendation of the review. */
export const ACTION_SOURCE_KINDS = ['learning-point', 'recommendation'] as const
export type ActionSourceKind = (typeof ACTION_SOURCE_KINDS)[number]

export const ACTION_TEXT_LIMITS = { description: 2_000, note: 5_000 } as const

/** Finished from the agency's side: no longer counts as due or overdue. */
export function isActionFinished(status: ActionStatus): boolean {
  return status === 'completed' || status === 'signed-off'
}

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

/**
 * The statuses a person may give the action in a progress update. Signing off
 * is not one of them: it is the business unit's assurance, a step of its own
 * with its own page (issue 8), as is reopening. Once signed off, the action
 * takes no progress updates until the business unit reopens it.
 */
export function statusChoices(current: ActionStatus): ActionStatus[] {
  if (current === 'signed-off') return []
  return ['not-started', 'in-progress', 'completed']
}

/** Why the action cannot be signed off now, or null. Only a completed action can. */
export function signOffRefusal(current: ActionStatus): string | null {
  if (current === 'completed') return null
  if (current === 'signed-off') return 'This action has already been signed off'
  return `Only a completed action can be signed off: this one is ${ACTION_STATUS_NAMES[current].toLowerCase()}. The agency reports it completed first`
}

/** Why the action cannot be reopened now, or null. Only a signed-off action is reopened. */
export function reopenRefusal(current: ActionStatus): string | null {
  return current === 'signed-off' ? null : 'Only a signed-off action can be reopened'
}

/** The sign-off's note: optional (what assured the business unit), within the limit. */
export function readSignOffNote(errors: FieldError[], value: string | null | undefined): string {
  const note = typeof value === 'string' ? value.trim() : ''
  if (note.length > ACTION_TEXT_LIMITS.note) {
    errors.push({
      field: 'note',
      message: `The note must be ${ACTION_TEXT_LIMITS.note} characters or fewer`,
    })
  }
  return note
}

/** Why a signed-off action is reopened: required, the agency needs to know what to do. */
export function readReopenReason(errors: FieldError[], value: string | null | undefined): string {
  return requiredText(
    errors,
    'note',
    value,
    { missing: 'Enter why the action is reopened and what more is needed', name: 'The reason' },
    ACTION_TEXT_LIMITS.note,
  )
}

export interface ProgressUpdateInput {
  readonly status?: string | null
  readonly note?: string | null
}

export interface ProgressUpdate {
  readonly status: ActionStatus
  readonly note: string
}

/** Reads a progress update; every problem goes into `errors`, null when unusable. */
export function readProgressUpdate(
  errors: FieldError[],
  input: ProgressUpdateInput,
  context: { current: ActionStatus },
): ProgressUpdate | null {
  const before = errors.length
  const choices = statusChoices(context.current)
  if (choices.length === 0) {
    errors.push({
      field: 'status',
      message: 'This action has been signed off. Ask the business unit to reopen it',
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
