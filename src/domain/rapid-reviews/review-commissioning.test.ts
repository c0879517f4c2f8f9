import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { calendarDate } from '../calendar/calendar-date.js'
import type { RapidReviewState } from './rapid-review-lifecycle.js'
import { DECISIONS, STATUTORY_PARTNERS, type RapidReviewDecision } from './rapid-review.js'
import { checkReviewCommissioning, type CommissionCheck } from './review-commissioning.js'

const decidedOn = calendarDate('2024-03-18')

function facts(state: RapidReviewState, decision: RapidReviewDecision | null = 'local-cspr') {
  return {
    state,
    decision,
    decidedOn: decision === null ? null : decidedOn,
    signedOffBy:
      state === 'in-progress'
        ? []
        : state === 'awaiting-sign-off'
          ? (['police'] as const)
          : STATUTORY_PARTNERS,
  }
}

function refused(check: CommissionCheck, pattern: RegExp): void {
  assert.equal(check.allowed, false)
  if (!check.allowed) assert.match(check.reason, pattern)
}

describe('commissioning the review a rapid review decided on (S8, S9, S10)', () => {
  it('S8: allowed once all three partners have signed off, whether or not it has gone to the Panel', () => {
    for (const state of ['signed-off', 'sent-to-panel', 'panel-responded'] as const) {
      assert.deepEqual(checkReviewCommissioning(facts(state), null), {
        allowed: true,
        kind: 'lcspr',
        decisionOn: decidedOn,
      })
    }
  })

  it('another learning review becomes an other-learning review', () => {
    const check = checkReviewCommissioning(facts('signed-off', 'other-learning-review'), null)
    assert.equal(check.allowed && check.kind, 'other-learning')
  })

  it('S8: refused before sign-off is complete, naming who is still to sign', () => {
    refused(
      checkReviewCommissioning(facts('awaiting-sign-off'), null),
      /signed off the decision \(S8\)\. Still to sign: Local authority, Health/,
    )
  })

  it('S9: refused before a decision is recorded', () => {
    refused(checkReviewCommissioning(facts('in-progress', null), null), /record the decision/)
  })

  it('refused for decisions that lead to no local review', () => {
    refused(
      checkReviewCommissioning(facts('signed-off', 'no-local-review'), null),
      /No local review\. There is no local review to commission/,
    )
    refused(
      checkReviewCommissioning(facts('sent-to-panel', 'national-review-recommended'), null),
      /the Panel decides/,
    )
    const leadingToReviews = DECISIONS.filter(
      (decision) => checkReviewCommissioning(facts('signed-off', decision), null).allowed,
    )
    assert.deepEqual(leadingToReviews, ['local-cspr', 'other-learning-review'])
  })

  it('refused a second time: one review per rapid review decision', () => {
    refused(
      checkReviewCommissioning(facts('sent-to-panel'), 'a-review-id'),
      /already been commissioned/,
    )
  })

  it('S12: refused without the decision date the 6 months run from', () => {
    refused(
      checkReviewCommissioning({ ...facts('signed-off'), decidedOn: null }, null),
      /date of the decision is missing/,
    )
  })
})
