import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { calendarDate } from '../calendar/calendar-date.js'
import type { Transition } from '../incidents/incident-lifecycle.js'
import {
  RAPID_REVIEW_STATES,
  changesSignedContent,
  nextRapidReviewState,
  partnersStillToSign,
  type RapidReviewEvent,
  type RapidReviewFacts,
  type RapidReviewState,
} from './rapid-review-lifecycle.js'
import { REG_11_CRITERIA, STATUTORY_PARTNERS } from './rapid-review.js'

const d = calendarDate

function facts(
  state: RapidReviewState,
  overrides: Partial<RapidReviewFacts> = {},
): RapidReviewFacts {
  const decided = state !== 'in-progress'
  return {
    state,
    decision: decided ? 'local-cspr' : null,
    rationale: decided ? 'Criteria (a) and (c) are met.' : null,
    decidedOn: decided ? d('2024-03-18') : null,
    criteriaAnswered: [...REG_11_CRITERIA],
    signedOffBy:
      state === 'in-progress' || state === 'awaiting-sign-off' ? [] : [...STATUTORY_PARTNERS],
    sentToPanelOn:
      state === 'sent-to-panel' || state === 'panel-responded' ? d('2024-03-22') : null,
    panelNotifiedOn: d('2024-03-05'),
    ...overrides,
  }
}

function refused(result: Transition<RapidReviewState>, pattern: RegExp): string[] {
  assert.equal(result.allowed, false, 'expected the step to be refused')
  if (result.allowed) return []
  assert.match(result.reason, pattern)
  return [...result.missing]
}

function allowedTo(result: Transition<RapidReviewState>, to: RapidReviewState): void {
  assert.deepEqual(result, { allowed: true, to })
}

const edit: RapidReviewEvent = { type: 'edit-details' }
const decide: RapidReviewEvent = {
  type: 'record-decision',
  decision: 'local-cspr',
  rationale: 'Criteria (a) and (c) are met.',
}
const send: RapidReviewEvent = { type: 'send-to-panel', on: d('2024-03-22') }
const respond: RapidReviewEvent = { type: 'record-panel-response', on: d('2024-04-05') }

describe('rapid review lifecycle', () => {
  it('the happy path: in progress → awaiting sign-off → signed off → sent → Panel responded', () => {
    allowedTo(nextRapidReviewState(facts('in-progress'), decide), 'awaiting-sign-off')
    allowedTo(
      nextRapidReviewState(facts('awaiting-sign-off'), { type: 'sign-off', partner: 'police' }),
      'awaiting-sign-off',
    )
    allowedTo(
      nextRapidReviewState(facts('awaiting-sign-off', { signedOffBy: ['police', 'health'] }), {
        type: 'sign-off',
        partner: 'local-authority',
      }),
      'signed-off',
    )
    allowedTo(nextRapidReviewState(facts('signed-off'), send), 'sent-to-panel')
    allowedTo(nextRapidReviewState(facts('sent-to-panel'), respond), 'panel-responded')
    allowedTo(nextRapidReviewState(facts('panel-responded'), respond), 'panel-responded')
  })

  it('details can be corrected until it is sent (voiding signatures: back to awaiting sign-off); then they are read-only', () => {
    allowedTo(nextRapidReviewState(facts('in-progress'), edit), 'in-progress')
    allowedTo(nextRapidReviewState(facts('awaiting-sign-off'), edit), 'awaiting-sign-off')
    allowedTo(
      nextRapidReviewState(facts('awaiting-sign-off', { signedOffBy: ['police'] }), edit),
      'awaiting-sign-off',
    )
    allowedTo(nextRapidReviewState(facts('signed-off'), edit), 'awaiting-sign-off')
    assert.equal(changesSignedContent(edit), true)
    assert.equal(changesSignedContent(decide), true)
    assert.equal(changesSignedContent(send), false)
    refused(nextRapidReviewState(facts('sent-to-panel'), edit), /sent to the Panel/)
    refused(nextRapidReviewState(facts('panel-responded'), edit), /sent to the Panel/)
  })

  it('S9: the decision needs all four criteria answered and a rationale', () => {
    const missing = refused(
      nextRapidReviewState(facts('in-progress', { criteriaAnswered: ['a', 'c'] }), {
        ...decide,
        rationale: '  ',
      }),
      /reg\. 11 criteria .*\(S9\)/,
    )
    assert.deepEqual(missing, [
      'an answer to reg. 11 criteria (b), (d)',
      'the rationale for the decision',
    ])
    allowedTo(nextRapidReviewState(facts('awaiting-sign-off'), decide), 'awaiting-sign-off')
  })

  it('the decision can be corrected after signing (signatures void) but not after it was sent', () => {
    allowedTo(
      nextRapidReviewState(facts('awaiting-sign-off', { signedOffBy: ['health'] }), decide),
      'awaiting-sign-off',
    )
    allowedTo(nextRapidReviewState(facts('signed-off'), decide), 'awaiting-sign-off')
    refused(nextRapidReviewState(facts('sent-to-panel'), decide), /sent to the Panel/)
    refused(nextRapidReviewState(facts('panel-responded'), decide), /sent to the Panel/)
  })

  it('a delegate withdraws their partner’s signature before sending, never after (issue 8)', () => {
    allowedTo(
      nextRapidReviewState(facts('signed-off'), { type: 'withdraw-sign-off', partner: 'police' }),
      'awaiting-sign-off',
    )
    refused(
      nextRapidReviewState(facts('awaiting-sign-off', { signedOffBy: ['health'] }), {
        type: 'withdraw-sign-off',
        partner: 'police',
      }),
      /Police has not signed/,
    )
    refused(
      nextRapidReviewState(facts('sent-to-panel'), {
        type: 'withdraw-sign-off',
        partner: 'police',
      }),
      /can no longer be withdrawn/,
    )
  })

  it('sign-off: refused before a decision with rationale, twice by one partner, or after sending', () => {
    for (const partner of STATUTORY_PARTNERS) {
      const missing = refused(
        nextRapidReviewState(facts('in-progress'), { type: 'sign-off', partner }),
        /cannot be signed off before the partners’ decision and its rationale/,
      )
      assert.deepEqual(missing, ['the decision with its rationale'])
    }
    refused(
      nextRapidReviewState(facts('awaiting-sign-off', { rationale: '' }), {
        type: 'sign-off',
        partner: 'police',
      }),
      /before the partners’ decision/,
    )
    refused(
      nextRapidReviewState(facts('awaiting-sign-off', { signedOffBy: ['police'] }), {
        type: 'sign-off',
        partner: 'police',
      }),
      /Police has already signed off/,
    )
    refused(
      nextRapidReviewState(facts('signed-off'), { type: 'sign-off', partner: 'health' }),
      /already signed off/,
    )
    refused(
      nextRapidReviewState(facts('sent-to-panel'), { type: 'sign-off', partner: 'health' }),
      /already been sent/,
    )
    refused(
      nextRapidReviewState(facts('panel-responded'), { type: 'sign-off', partner: 'police' }),
      /already been sent/,
    )
  })

  it('S7 and S8: sending needs a prior notification and all three sign-offs, and says what is missing', () => {
    const missing = refused(
      nextRapidReviewState(
        facts('awaiting-sign-off', { panelNotifiedOn: null, signedOffBy: ['police'] }),
        send,
      ),
      /without a prior notification of the incident \(S7\).*still to sign: Local authority, Health/,
    )
    assert.deepEqual(missing, [
      'the date the Panel was notified',
      'sign-off by Local authority',
      'sign-off by Health (integrated care board)',
    ])
    refused(
      nextRapidReviewState(facts('signed-off', { panelNotifiedOn: null }), send),
      /prior notification of the incident \(S7\)/,
    )
    refused(nextRapidReviewState(facts('awaiting-sign-off'), send), /all three statutory partners/)
    refused(nextRapidReviewState(facts('in-progress'), send), /decision and its rationale.*\(S9\)/)
  })

  it('sending: refused before the notification date or the decision date, or twice', () => {
    refused(
      nextRapidReviewState(facts('signed-off', { panelNotifiedOn: d('2024-03-25') }), send),
      /sent to the Panel \(22 March 2024\) before the Panel was notified of the incident \(25 March 2024, S7\)/,
    )
    refused(
      nextRapidReviewState(facts('signed-off', { decidedOn: d('2024-03-25') }), send),
      /sent to the Panel \(22 March 2024\) before the decision was made \(25 March 2024\)/,
    )
    refused(
      nextRapidReviewState(facts('sent-to-panel'), send),
      /already sent to the Panel on 2024-03-22/,
    )
    refused(nextRapidReviewState(facts('panel-responded'), send), /already sent/)
  })

  it('the Panel’s response: only after sending, and not dated before it', () => {
    for (const state of RAPID_REVIEW_STATES.filter(
      (s) => s !== 'sent-to-panel' && s !== 'panel-responded',
    )) {
      refused(
        nextRapidReviewState(facts(state), respond),
        /only be recorded once the rapid review has been sent/,
      )
    }
    refused(
      nextRapidReviewState(facts('sent-to-panel'), {
        type: 'record-panel-response',
        on: d('2024-03-21'),
      }),
      /before the rapid review was sent/,
    )
  })

  it('partners still to sign keep the statutory order', () => {
    assert.deepEqual(partnersStillToSign(['health']), ['local-authority', 'police'])
    assert.deepEqual(partnersStillToSign([...STATUTORY_PARTNERS]), [])
  })
})
