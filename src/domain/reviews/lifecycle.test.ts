import assert from 'node:assert/strict'
import { writtenDate } from '../calendar/written-date.js'
import { describe, it } from 'node:test'
import { calendarDate } from '../calendar/calendar-date.js'
import { ValidationError } from '../errors.js'
import {
  assertTransition,
  checkTransition,
  recordChangeRefusal,
  stageChangeRefusal,
  type ReviewLifecycleFacts,
} from './lifecycle.js'
import { REVIEW_STAGES, type StageProgress } from './stages.js'

const d = calendarDate
const today = d('2024-06-14')

function review(overrides: Partial<ReviewLifecycleFacts> = {}): ReviewLifecycleFacts {
  return {
    kind: 'lcspr',
    status: 'commissioned',
    methodology: 'silp',
    termsOfReference: 'Consider how agencies shared information about Child C.',
    decisionOn: d('2024-01-10'),
    reviewers: [{ role: 'lead-reviewer' }],
    stages: REVIEW_STAGES.map((stage) => ({ stage, status: 'not-started' })),
    ...overrides,
  }
}

const allCompleted: StageProgress[] = REVIEW_STAGES.map((stage) => ({ stage, status: 'completed' }))

function reasons(check: ReturnType<typeof checkTransition>): readonly string[] {
  assert.equal(check.allowed, false)
  return check.allowed ? [] : check.reasons
}

describe('review lifecycle', () => {
  it('S10: starts a commissioned review with a reviewer, methodology and terms of reference', () => {
    assert.deepEqual(checkTransition(review(), 'start', { today }), {
      allowed: true,
      to: 'in-progress',
    })
  })

  it('S10: an LCSPR without a named reviewer or terms of reference cannot start, and says why', () => {
    const check = checkTransition(review({ reviewers: [], termsOfReference: '  ' }), 'start', {
      today,
    })
    assert.deepEqual(reasons(check), [
      'Name at least one reviewer before a local child safeguarding practice review starts (S10).',
      'Record the terms of reference before a local child safeguarding practice review starts (S10).',
    ])
  })

  it('S10: the methodology must be chosen, and its lead role filled, before the review starts', () => {
    assert.deepEqual(reasons(checkTransition(review({ methodology: null }), 'start', { today })), [
      'Choose the methodology before a local child safeguarding practice review starts (S10).',
    ])
    const check = checkTransition(
      review({
        methodology: 'scie-learning-together',
        reviewers: [{ role: 'review-team-member' }],
      }),
      'start',
      { today },
    )
    assert.deepEqual(reasons(check), [
      'Name a lead reviewer: SCIE Learning Together needs one before the review starts (S10).',
    ])
    const facilitated = checkTransition(
      review({ methodology: 'appreciative-inquiry', reviewers: [{ role: 'reviewer' }] }),
      'start',
      { today },
    )
    assert.match(reasons(facilitated)[0] ?? '', /Name a facilitator: Appreciative inquiry/)
    // "Another methodology" names no lead role: any reviewer will do.
    assert.equal(
      checkTransition(
        review({ methodology: 'other', reviewers: [{ role: 'reviewer' }] }),
        'start',
        {
          today,
        },
      ).allowed,
      true,
    )
  })

  it('refuses to start a review twice, naming the state it is in', () => {
    const check = checkTransition(review({ status: 'in-progress' }), 'start', { today })
    assert.deepEqual(reasons(check), [
      'This review cannot be started: it is in progress. Only a commissioned review can be started.',
    ])
  })

  it('the final report cannot be marked received before every stage is completed', () => {
    const stages = allCompleted.map((progress): StageProgress =>
      progress.stage === 'quality-assurance'
        ? { ...progress, status: 'in-progress' }
        : progress.stage === 'family-involvement'
          ? { ...progress, status: 'not-started' }
          : progress,
    )
    const check = checkTransition(
      review({ status: 'in-progress', stages }),
      'receive-final-report',
      {
        today,
        receivedOn: today,
      },
    )
    assert.deepEqual(reasons(check), [
      'The final report cannot be marked received before every stage is completed. Not completed yet: Family involvement (not yet started), Quality assurance (in progress).',
    ])
  })

  it('records the final report once every stage is completed, on a real past date', () => {
    const inProgress = review({ status: 'in-progress', stages: allCompleted })
    assert.deepEqual(
      checkTransition(inProgress, 'receive-final-report', { today, receivedOn: d('2024-06-01') }),
      { allowed: true, to: 'final-report-received' },
    )
    assert.deepEqual(
      reasons(
        checkTransition(inProgress, 'receive-final-report', { today, receivedOn: d('2024-06-15') }),
      ),
      [
        `The date the final report was received must be today or in the past: 15 June 2024 is after today, ${writtenDate(today)}.`,
      ],
    )
    assert.deepEqual(
      reasons(
        checkTransition(inProgress, 'receive-final-report', { today, receivedOn: d('2023-12-01') }),
      ),
      [
        'The date the final report was received must be on or after the decision to hold the review.',
      ],
    )
    assert.deepEqual(reasons(checkTransition(inProgress, 'receive-final-report', { today })), [
      'Enter the date the final report was received.',
    ])
  })

  it('a commissioned review cannot receive its final report: it has not started', () => {
    const check = checkTransition(review({ stages: allCompleted }), 'receive-final-report', {
      today,
      receivedOn: today,
    })
    assert.match(reasons(check)[0] ?? '', /has not started yet\. Start the review first/)
  })

  it('published and finished reviews cannot move backwards', () => {
    for (const status of ['final-report-received', 'published'] as const) {
      assert.equal(checkTransition(review({ status }), 'start', { today }).allowed, false)
      assert.equal(
        checkTransition(review({ status, stages: allCompleted }), 'receive-final-report', {
          today,
          receivedOn: today,
        }).allowed,
        false,
      )
    }
  })

  it('assertTransition throws every reason as a ValidationError on the transition field', () => {
    assert.throws(
      () => assertTransition(review({ reviewers: [], termsOfReference: '' }), 'start', { today }),
      (error: unknown) =>
        error instanceof ValidationError &&
        error.errors.length === 2 &&
        error.errors.every((fieldError) => fieldError.field === 'transition'),
    )
    assert.equal(assertTransition(review(), 'start', { today }), 'in-progress')
  })

  it('only scoping moves while a review is commissioned; nothing moves after the final report', () => {
    const commissioned = review()
    assert.equal(stageChangeRefusal(commissioned, 'scoping'), null)
    assert.match(
      stageChangeRefusal(commissioned, 'practitioner-event') ?? '',
      /^Start the review before recording progress on Practitioner learning event/,
    )
    assert.equal(stageChangeRefusal(review({ status: 'in-progress' }), 'drafting'), null)
    assert.match(
      stageChangeRefusal(review({ status: 'final-report-received' }), 'drafting') ?? '',
      /no longer change/,
    )
    assert.equal(recordChangeRefusal('final-report-received'), null)
    assert.match(recordChangeRefusal('published') ?? '', /published/)
  })
})
