// Who may see a review's report while it is a draft (issue 9): the review
// team (the named reviewers and the lead partnership's business unit) and the
// lead partnership's administrators. Others who may open the review (partners,
// participating partnerships) do not see drafts: a draft names people.
import type { Actor } from '../access/roles.js'
import {
  can,
  canCommissionReview,
  canEditReview,
  type ReviewAccessScope,
} from '../access/policy.js'

export const MAX_REPORT_BYTES = 20 * 1024 * 1024
export const REPORT_NOTE_MAX_LENGTH = 500
export const REASON_MAX_LENGTH = 2000

export type DraftReportAccess = 'team' | 'administrator' | 'none'

export function draftReportAccess(
  actor: Actor | null,
  review: ReviewAccessScope,
): DraftReportAccess {
  if (canEditReview(actor, review)) return 'team'
  if (can(actor, 'records:open-restricted', { partnershipId: review.leadPartnershipId })) {
    return 'administrator'
  }
  return 'none'
}

/** Dismissing a hit as a false alarm is the coordinator's call (the lead business unit). */
export function canDismissRedactionHits(actor: Actor | null, review: ReviewAccessScope): boolean {
  return canEditReview(actor, review) && canCommissionReview(actor, review.leadPartnershipId)
}

/**
 * May this version be published (S17)? Not withdrawn, checked, and no hit
 * left that nobody dismissed.
 */
export function isClearToPublish(version: {
  readonly withdrawnAt: string | null
  readonly checkedAt: string | null
  readonly openHits: number
}): boolean {
  return version.withdrawnAt === null && version.checkedAt !== null && version.openHits === 0
}
