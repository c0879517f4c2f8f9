// The step from a rapid review to the local review it decided on (S8, S9, S10).
//
// The partners decide next steps, the three statutory partners sign the
// decision off, and the rapid review goes to the Panel (S8). The local review is
// theirs to commission (S10) once the decision is signed off: waiting for the
// Panel's reply (about 10 days, not statutory) would only eat into the 6 months
// that run from the decision (S12). Only a decision to hold a local CSPR or
// another learning review leads to a review here; the Panel decides on national
// reviews itself.
import type { CalendarDate } from '../calendar/calendar-date.js'
import type { RapidReviewDecisionKind } from '../reviews/review-kinds.js'
import { partnersStillToSign, type RapidReviewFacts } from './rapid-review-lifecycle.js'
import {
  DECISION_NAMES,
  STATUTORY_PARTNER_NAMES,
  type RapidReviewDecision,
} from './rapid-review.js'

/** The kind of review each decision leads to; decisions without one are absent. */
export const REVIEW_KIND_OF_DECISION: Partial<
  Record<RapidReviewDecision, RapidReviewDecisionKind>
> = {
  'local-cspr': 'lcspr',
  'other-learning-review': 'other-learning',
}

export type CommissionCheck =
  | {
      readonly allowed: true
      readonly kind: RapidReviewDecisionKind
      /** The date of the decision to hold the review: its 6-month clock starts here (S12). */
      readonly decisionOn: CalendarDate
    }
  | { readonly allowed: false; readonly reason: string }

/** Whether the review the partners decided on can be commissioned now, and if not, why. */
export function checkReviewCommissioning(
  facts: Pick<RapidReviewFacts, 'state' | 'decision' | 'decidedOn' | 'signedOffBy'>,
  existingReviewId: string | null,
): CommissionCheck {
  if (existingReviewId !== null) {
    return {
      allowed: false,
      reason: 'The review has already been commissioned from this rapid review decision.',
    }
  }
  if (facts.decision === null) {
    return {
      allowed: false,
      reason:
        'A local review can be commissioned only after the partners decide to hold one: record the decision and its rationale first (S9).',
    }
  }
  const kind = REVIEW_KIND_OF_DECISION[facts.decision]
  if (kind === undefined) {
    return {
      allowed: false,
      reason:
        facts.decision === 'national-review-recommended'
          ? 'The partners recommended a national review: the Panel decides whether to hold it, so no local review is commissioned here.'
          : `The partners decided: ${DECISION_NAMES[facts.decision]}. There is no local review to commission.`,
    }
  }
  if (facts.state === 'in-progress' || facts.state === 'awaiting-sign-off') {
    const unsigned = partnersStillToSign(facts.signedOffBy)
    return {
      allowed: false,
      reason: `The local review can be commissioned once all three statutory partners have signed off the decision (S8). Still to sign: ${unsigned.map((partner) => STATUTORY_PARTNER_NAMES[partner]).join(', ')}.`,
    }
  }
  if (facts.decidedOn === null) {
    return {
      allowed: false,
      reason:
        'The date of the decision is missing: the review’s 6 months run from it (S12). Record the decision date first.',
    }
  }
  return { allowed: true, kind, decisionOn: facts.decidedOn }
}
