// Whether an action still needs reminding (issue 10). The one question the mail
// jobs ask about an action's status: when the statuses grow (sent back, assured,
// closed without completion), only this function needs to follow.
import { isActionFinished, isActionStatus } from './action-plan.js'

/** Still the agency's to do: reminded before it is due and while it is overdue. */
export function isOpenForReminders(status: string): boolean {
  return isActionStatus(status) && !isActionFinished(status)
}
