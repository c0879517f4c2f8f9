import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { calendarDate } from '../calendar/calendar-date.js'
import {
  incidentStatus,
  INCIDENT_STATES,
  nextIncidentState,
  type IncidentEvent,
  type IncidentFacts,
  type IncidentState,
  type Transition,
} from './incident-lifecycle.js'

const d = calendarDate

const seriousCase = {
  notifyPanel: true,
  rapidReviewRequired: true,
  notifySecretaryOfStateAndOfsted: false,
}

function facts(state: IncidentState, overrides: Partial<IncidentFacts> = {}): IncidentFacts {
  return {
    state,
    awareOn: d('2024-03-04'),
    panelNotifiedOn: state === 'recorded' ? null : d('2024-03-05'),
    secretaryOfStateNotifiedOn: null,
    assessment: seriousCase,
    ...overrides,
  }
}

function refused(result: Transition<IncidentState>, pattern: RegExp): void {
  assert.equal(result.allowed, false, 'expected the step to be refused')
  if (!result.allowed) assert.match(result.reason, pattern)
}

function allowedTo(result: Transition<IncidentState>, to: IncidentState): void {
  assert.deepEqual(result, { allowed: true, to })
}

const notify: IncidentEvent = { type: 'record-panel-notification', on: d('2024-03-06') }
const start: IncidentEvent = { type: 'start-rapid-review' }
const sent: IncidentEvent = { type: 'rapid-review-sent', on: d('2024-03-20') }
const close: IncidentEvent = { type: 'close' }

describe('incident lifecycle', () => {
  it('the happy path: recorded → notified → rapid review → decided → closed', () => {
    allowedTo(nextIncidentState(facts('recorded'), notify), 'notified')
    allowedTo(nextIncidentState(facts('notified'), start), 'rapid-review-in-progress')
    allowedTo(nextIncidentState(facts('rapid-review-in-progress'), sent), 'decided')
    allowedTo(nextIncidentState(facts('decided'), close), 'closed')
  })

  it('S8: the rapid review may start before the notification is recorded; recording it later keeps the state', () => {
    allowedTo(nextIncidentState(facts('recorded'), start), 'rapid-review-in-progress')
    allowedTo(
      nextIncidentState(facts('rapid-review-in-progress', { panelNotifiedOn: null }), notify),
      'rapid-review-in-progress',
    )
    allowedTo(nextIncidentState(facts('notified'), notify), 'notified')
  })

  it('record notification: refused when closed, after the rapid review was sent, or before becoming aware', () => {
    refused(nextIncidentState(facts('closed'), notify), /closed/)
    refused(
      nextIncidentState(facts('decided'), notify),
      /sent to the Panel.*can no longer be changed/,
    )
    const early = nextIncidentState(facts('recorded'), {
      type: 'record-panel-notification',
      on: d('2024-03-01'),
    })
    refused(early, /before the local authority became aware/)
    assert.equal(early.allowed, false)
    if (!early.allowed) assert.equal(early.missing.length, 1)
  })

  it('start rapid review: refused when already started, decided, closed, or not a serious case (S1, S6)', () => {
    refused(nextIncidentState(facts('rapid-review-in-progress'), start), /already been started/)
    refused(nextIncidentState(facts('decided'), start), /already been started/)
    refused(nextIncidentState(facts('closed'), start), /closed/)
    refused(
      nextIncidentState(
        facts('notified', {
          assessment: {
            notifyPanel: true,
            rapidReviewRequired: false,
            notifySecretaryOfStateAndOfsted: false,
          },
        }),
        start,
      ),
      /serious child safeguarding case \(S1, S6\)/,
    )
  })

  it('S7: the rapid review cannot be sent without a prior notification, or before it', () => {
    const result = nextIncidentState(
      facts('rapid-review-in-progress', { panelNotifiedOn: null }),
      sent,
    )
    refused(result, /without a prior notification \(S7\)/)
    if (!result.allowed) assert.deepEqual(result.missing, ['the date the Panel was notified'])
    refused(
      nextIncidentState(
        facts('rapid-review-in-progress', { panelNotifiedOn: d('2024-03-21') }),
        sent,
      ),
      /before the Panel was notified/,
    )
  })

  it('rapid review sent: refused from every state but rapid-review-in-progress', () => {
    for (const state of INCIDENT_STATES.filter((s) => s !== 'rapid-review-in-progress')) {
      refused(nextIncidentState(facts(state), sent), /no rapid review in progress/)
    }
  })

  it('close: refused when closed, during the rapid review, or for a serious case without one', () => {
    refused(nextIncidentState(facts('closed'), close), /already closed/)
    refused(nextIncidentState(facts('rapid-review-in-progress'), close), /still in progress/)
    refused(nextIncidentState(facts('recorded'), close), /must hold a rapid review \(S6\)/)
    refused(nextIncidentState(facts('notified'), close), /must hold a rapid review \(S6\)/)
  })

  it('close: an incident needing no rapid review closes once its notifications are recorded (S4, WT2023)', () => {
    const lookedAfterDeath = {
      notifyPanel: true,
      rapidReviewRequired: false,
      notifySecretaryOfStateAndOfsted: false,
    }
    refused(
      nextIncidentState(facts('recorded', { assessment: lookedAfterDeath }), close),
      /Record the date the Panel was notified first/,
    )
    allowedTo(
      nextIncidentState(facts('notified', { assessment: lookedAfterDeath }), close),
      'closed',
    )

    const careLeaverDeath = {
      notifyPanel: false,
      rapidReviewRequired: false,
      notifySecretaryOfStateAndOfsted: true,
    }
    refused(
      nextIncidentState(facts('recorded', { assessment: careLeaverDeath }), close),
      /Secretary of State and Ofsted were notified/,
    )
    allowedTo(
      nextIncidentState(
        facts('recorded', {
          assessment: careLeaverDeath,
          secretaryOfStateNotifiedOn: d('2024-03-05'),
        }),
        close,
      ),
      'closed',
    )
    const notNotifiable = {
      notifyPanel: false,
      rapidReviewRequired: false,
      notifySecretaryOfStateAndOfsted: false,
    }
    allowedTo(nextIncidentState(facts('recorded', { assessment: notNotifiable }), close), 'closed')
  })
})

describe('the incident’s status follows the Panel’s response and the review (issue 8)', () => {
  const on = calendarDate('2026-12-03')
  it('is the state until the rapid review is sent', () => {
    assert.equal(
      incidentStatus('recorded', { panelRespondedOn: on, localReviewStatus: null }),
      'recorded',
    )
    assert.equal(
      incidentStatus('closed', { panelRespondedOn: on, localReviewStatus: 'in-progress' }),
      'closed',
    )
  })
  it('then the Panel’s response, then the local review', () => {
    assert.equal(
      incidentStatus('decided', { panelRespondedOn: null, localReviewStatus: null }),
      'decided',
    )
    assert.equal(
      incidentStatus('decided', { panelRespondedOn: on, localReviewStatus: null }),
      'panel-responded',
    )
    assert.equal(
      incidentStatus('decided', { panelRespondedOn: on, localReviewStatus: 'commissioned' }),
      'local-review-in-progress',
    )
    assert.equal(
      incidentStatus('decided', { panelRespondedOn: on, localReviewStatus: 'published' }),
      'local-review-completed',
    )
  })
})
