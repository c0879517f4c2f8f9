// Whether an action still needs reminding (issue 10). The one question the mail
// jobs ask about an action's status: when the statuses grow (sent back, assured,
// closed without completion), only this function needs to follow.
import { ACTION_STATUSES, isActionFinished, isActionStatus } from './action-plan.js'

/** Still the agency's to do: reminded before it is due and while it is overdue. */
export function isOpenForReminders(status: string): boolean {
  return isActionStatus(status) && !isActionFinished(status)
}

/** The statuses isOpenForReminders accepts: a query asks the database for these only. */
export const STATUSES_OPEN_FOR_REMINDERS: readonly string[] =
  ACTION_STATUSES.filter(isOpenForReminders)
