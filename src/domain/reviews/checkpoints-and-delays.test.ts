import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { calendarDate } from '../calendar/calendar-date.js'
import type { FieldError } from '../errors.js'
import { readCheckpoint, readResponseDate, requestStatus } from './checkpoints.js'
import { readDelay, readToldDates, stillToBeTold } from './delays.js'

const d = calendarDate
const context = { today: d('2024-06-14'), decisionOn: d('2024-01-10') }

describe('monitoring checkpoints and written requests (S11)', () => {
  it('reads a checkpoint with a written request for a draft', () => {
    const errors: FieldError[] = []
    const checkpoint = readCheckpoint(
      errors,
      {
        heldOn: '2024-03-01',
        observations: 'On time; agency reports in.',
        requestKind: 'draft',
        requestDetail: 'First draft of the report',
        requestedOn: '2024-03-02',
        requestDueOn: '2024-04-02',
      },
      context,
    )
    assert.deepEqual(errors, [])
    assert.deepEqual(checkpoint, {
      heldOn: '2024-03-01',
      observations: 'On time; agency reports in.',
      request: {
        kind: 'draft',
        detail: 'First draft of the report',
        requestedOn: '2024-03-02',
        dueOn: '2024-04-02',
      },
    })
  })

  it('a checkpoint without a request needs only its date', () => {
    const errors: FieldError[] = []
    assert.deepEqual(
      readCheckpoint(errors, { heldOn: '2024-03-01', requestKind: 'none' }, context),
      {
        heldOn: '2024-03-01',
        observations: null,
        request: null,
      },
    )
  })

  it('S11: a request must say what was asked, when it was sent in writing and when it is due', () => {
    const errors: FieldError[] = []
    readCheckpoint(errors, { heldOn: '2024-03-01', requestKind: 'information' }, context)
    assert.deepEqual(errors, [
      { field: 'requestDetail', message: 'Enter what was requested' },
      { field: 'requestedOn', message: 'Enter the date the written request was sent' },
      { field: 'requestDueOn', message: 'Enter the date the answer is due' },
    ])
  })

  it('refuses dates that are not real, in the future, before the decision or out of order', () => {
    const errors: FieldError[] = []
    readCheckpoint(
      errors,
      {
        heldOn: '2023-02-30',
        requestKind: 'information',
        requestDetail: 'Health records',
        requestedOn: '2024-01-01',
        requestDueOn: '2023-12-01',
      },
      context,
    )
    assert.deepEqual(errors, [
      { field: 'heldOn', message: 'Checkpoint date must be a real date' },
      {
        field: 'requestedOn',
        message:
          'Date the written request was sent must be on or after the decision to hold the review',
      },
    ])
    const order: FieldError[] = []
    readCheckpoint(
      order,
      {
        heldOn: '2024-06-15',
        requestKind: 'information',
        requestDetail: 'x',
        requestedOn: '2024-03-01',
        requestDueOn: '2024-02-01',
      },
      context,
    )
    assert.deepEqual(order, [
      { field: 'heldOn', message: 'Checkpoint date must be today or in the past' },
      {
        field: 'requestDueOn',
        message: 'Date the answer is due must be on or after the date the request was sent',
      },
    ])
  })

  it('asks for the kind of request when request details are filled in without one', () => {
    const errors: FieldError[] = []
    readCheckpoint(errors, { heldOn: '2024-03-01', requestDetail: 'Records' }, context)
    assert.equal(errors[0]?.field, 'requestKind')
  })

  it('reads the answer date and says how each request stands', () => {
    const errors: FieldError[] = []
    assert.equal(
      readResponseDate(errors, '2024-03-01', {
        today: context.today,
        requestedOn: d('2024-03-02'),
      }),
      null,
    )
    assert.match(errors[0]?.message ?? '', /on or after the date the request was sent/)
    const dueOn = d('2024-04-02')
    assert.equal(requestStatus({ dueOn, respondedOn: null }, d('2024-04-02')), 'awaiting')
    assert.equal(requestStatus({ dueOn, respondedOn: null }, d('2024-04-03')), 'overdue')
    assert.equal(
      requestStatus({ dueOn, respondedOn: d('2024-04-02') }, d('2024-05-01')),
      'answered',
    )
    assert.equal(
      requestStatus({ dueOn, respondedOn: d('2024-04-03') }, d('2024-05-01')),
      'answered-late',
    )
  })
})

describe('delays from parallel proceedings (S12)', () => {
  it('reads a delay and says who is still to be told', () => {
    const errors: FieldError[] = []
    const delay = readDelay(
      errors,
      {
        reason: 'criminal-investigation',
        details: 'Police investigation; publication may prejudice a trial.',
        identifiedOn: '2024-02-01',
        panelToldOn: '2024-02-05',
      },
      context,
    )
    assert.deepEqual(errors, [])
    assert.deepEqual(delay, {
      reason: 'criminal-investigation',
      details: 'Police investigation; publication may prejudice a trial.',
      identifiedOn: '2024-02-01',
      panelToldOn: '2024-02-05',
      secretaryOfStateToldOn: null,
    })
    assert.deepEqual(stillToBeTold(delay), ['the Secretary of State'])
    assert.deepEqual(stillToBeTold({ panelToldOn: null, secretaryOfStateToldOn: null }), [
      'the Panel',
      'the Secretary of State',
    ])
  })

  it('refuses a missing reason, empty details, bad dates and telling before the delay was known', () => {
    const errors: FieldError[] = []
    readDelay(
      errors,
      {
        reason: 'gossip',
        details: 'x'.repeat(2001),
        identifiedOn: '2024-02-01',
        panelToldOn: '2024-01-31',
        secretaryOfStateToldOn: '2024-02-30',
      },
      context,
    )
    assert.deepEqual(errors, [
      { field: 'reason', message: 'Choose the proceedings causing the delay' },
      { field: 'details', message: 'Reasons must be 2000 characters or fewer' },
      {
        field: 'panelToldOn',
        message: 'Date the Panel was told must be on or after the date the delay was identified',
      },
      {
        field: 'secretaryOfStateToldOn',
        message: 'Date the Secretary of State was told must be a real date',
      },
    ])
  })

  it('the told dates can be recorded later, each optional', () => {
    assert.deepEqual(
      readToldDates(
        [],
        { secretaryOfStateToldOn: '2024-03-01' },
        {
          today: context.today,
          identifiedOn: d('2024-02-01'),
        },
      ),
      { panelToldOn: null, secretaryOfStateToldOn: '2024-03-01' },
    )
  })
})
