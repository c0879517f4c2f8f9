// The action's statuses and who may move it where (issue 10). Partnerships
// track more than "done": an agency reports an action completed with its
// evidence; the business unit or a statutory partner then either assures it
// (the practice really changed: the evidence of impact, what was checked, and
// when to check again) or sends it back to the agency with the reason; the
// business unit alone may close an action that will not be completed, with the
// reason. Overdue and "due soon" are worked out from the due date, never stored.
// Pure rules: no I/O.

export const ACTION_STATUSES = [
  'not-started',
  'in-progress',
  'completed',
  'assured',
  'sent-back',
  'closed',
] as const
export type ActionStatus = (typeof ACTION_STATUSES)[number]

export const ACTION_STATUS_NAMES: Record<ActionStatus, string> = {
  'not-started': 'Not started',
  'in-progress': 'In progress',
  completed: 'Completed',
  assured: 'Assured',
  'sent-back': 'Sent back',
  closed: 'Closed without completion',
}

export function isActionStatus(value: string): value is ActionStatus {
  return (ACTION_STATUSES as readonly string[]).includes(value)
}

/**
 * Who someone is to an action. One person may be more than one (a business
 * unit may also report progress on an agency's behalf).
 *  - agency: may report progress (the owning agency's lead, or the business unit);
 *  - business-unit: runs the partnership's action plans;
 *  - partner: a statutory partner's delegate, who may assure or send back.
 */
export type ActionRole = 'agency' | 'business-unit' | 'partner'

/** The steps that move an action from one status to another. */
export type ActionStep = 'progress' | 'assure' | 'send-back' | 'close'

/** The agency is done with it: no longer counts as due or overdue. */
export function isActionFinished(status: ActionStatus): boolean {
  return status === 'completed' || status === 'assured' || status === 'closed'
}

/**
 * Still the agency's to do, so reminders about its due date still apply. A
 * completed action waits for the partnership's assurance, not for the agency;
 * a sent-back one is the agency's again. Reminders (issue 10, the mail and jobs
 * slice) ask this and nothing else.
 */
export function isOpenForReminders(status: string): boolean {
  return status === 'not-started' || status === 'in-progress' || status === 'sent-back'
}

/** No more progress updates, due-date changes or evidence: assured or closed. */
export function isActionSettled(status: ActionStatus): boolean {
  return status === 'assured' || status === 'closed'
}

/** Statuses a progress update may leave the action in (the agency's own step). */
export function progressStatusChoices(current: ActionStatus): ActionStatus[] {
  if (isActionSettled(current)) return []
  // Sent back: the agency starts again from where it left off, not from scratch.
  if (current === 'sent-back') return ['in-progress', 'completed']
  return ['not-started', 'in-progress', 'completed']
}

const STEP_ROLES: Record<Exclude<ActionStep, 'progress'>, readonly ActionRole[]> = {
  assure: ['business-unit', 'partner'],
  'send-back': ['business-unit', 'partner'],
  close: ['business-unit'],
}

const STEP_FROM: Record<Exclude<ActionStep, 'progress'>, readonly ActionStatus[]> = {
  assure: ['completed'],
  // An assured action whose change did not stick goes back too (the old "reopen").
  'send-back': ['completed', 'assured'],
  close: ['not-started', 'in-progress', 'completed', 'sent-back'],
}

export const STEP_RESULT: Record<Exclude<ActionStep, 'progress'>, ActionStatus> = {
  assure: 'assured',
  'send-back': 'sent-back',
  close: 'closed',
}

const STEP_NAMES: Record<ActionStep, string> = {
  progress: 'updated',
  assure: 'assured',
  'send-back': 'sent back',
  close: 'closed',
}

/** Is this step ever theirs to take, whatever the status? (Who, before when.) */
export function isStepFor(step: ActionStep, roles: readonly ActionRole[]): boolean {
  if (step === 'progress') return roles.includes('agency')
  return roles.some((role) => STEP_ROLES[step].includes(role))
}

/** May someone with these roles take this step now? */
export function mayTakeStep(
  step: ActionStep,
  current: ActionStatus,
  roles: readonly ActionRole[],
): boolean {
  return stepRefusal(step, current, roles) === null
}

/**
 * Why someone with these roles may not take this step on an action with this
 * status, or null when they may. The message is shown to them, so it says what
 * would make the step possible.
 */
export function stepRefusal(
  step: ActionStep,
  current: ActionStatus,
  roles: readonly ActionRole[],
): string | null {
  if (step === 'progress') {
    if (!roles.includes('agency')) {
      return 'Only the agency that owns the action and the business unit report progress'
    }
    if (current === 'assured') {
      return 'This action has been assured. If more needs doing, the business unit or a partner sends it back to the agency'
    }
    if (current === 'closed') return 'This action has been closed without completion'
    return null
  }
  const allowed = STEP_ROLES[step]
  if (!roles.some((role) => allowed.includes(role))) {
    return step === 'close'
      ? 'Only the business unit closes an action without completion'
      : `Only the business unit or a statutory partner may say an action is ${STEP_NAMES[step]}`
  }
  if (!STEP_FROM[step].includes(current)) {
    const now = ACTION_STATUS_NAMES[current].toLowerCase()
    if (step === 'assure') {
      return current === 'assured'
        ? 'This action has already been assured'
        : `Only a completed action can be assured: this one is ${now}. The agency reports it completed, with its evidence, first`
    }
    if (step === 'send-back') {
      return `Only a completed or assured action can be sent back: this one is ${now}`
    }
    return `This action is ${now}: it cannot be closed`
  }
  return null
}

/** The steps these roles may take now, for the action page's buttons. */
export function availableSteps(
  current: ActionStatus,
  roles: readonly ActionRole[],
): Exclude<ActionStep, 'progress'>[] {
  return (['assure', 'send-back', 'close'] as const).filter((step) =>
    mayTakeStep(step, current, roles),
  )
}

/**
 * Completed means "here is what we did": the agency reports it completed only
 * when the action carries evidence, a file or a link, kept or added now.
 */
export function completionRefusal(status: ActionStatus, evidenceCount: number): string | null {
  if (status !== 'completed' || evidenceCount > 0) return null
  return 'Add evidence before reporting the action completed: a file or a link that shows the change, like an audit, revised guidance or training records'
}
