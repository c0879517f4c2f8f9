import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { calendarDate } from '../calendar/calendar-date.js'
import type { FieldError } from '../errors.js'
import { actionTimeliness, readNewAction, readProgressUpdate } from './action-plan.js'

const TODAY = calendarDate('2026-11-27')
const SOON = calendarDate('2026-12-11')

describe('action plan rules', () => {
  it('timeliness: finished actions are never overdue; overdue after the due date; due soon within the window', () => {
    const at = (
      status: 'in-progress' | 'sent-back' | 'completed' | 'assured' | 'closed',
      dueOn: string,
    ) => actionTimeliness({ status, dueOn: calendarDate(dueOn) }, TODAY, SOON)
    assert.equal(at('in-progress', '2026-11-26'), 'overdue')
    assert.equal(at('sent-back', '2026-11-26'), 'overdue', 'sent back: the agency’s to do again')
    assert.equal(at('in-progress', '2026-11-27'), 'due-soon', 'due today is not yet overdue')
    assert.equal(at('in-progress', '2026-12-11'), 'due-soon')
    assert.equal(at('in-progress', '2026-12-12'), 'on-track')
    for (const finished of ['completed', 'assured', 'closed'] as const) {
      assert.equal(at(finished, '2020-01-01'), 'finished')
    }
  })

  it('a progress update needs a permitted status and a note', () => {
    const errors: FieldError[] = []
    assert.equal(
      readProgressUpdate(
        errors,
        { status: 'assured', note: ' ' },
        { current: 'completed', evidenceCount: 1 },
      ),
      null,
    )
    assert.deepEqual(
      errors.map((error) => error.field),
      ['status', 'note'],
    )
    const ok: FieldError[] = []
    assert.deepEqual(
      readProgressUpdate(
        ok,
        { status: 'completed', note: '  Audit done  ' },
        { current: 'in-progress', evidenceCount: 1 },
      ),
      { status: 'completed', note: 'Audit done' },
    )
    assert.deepEqual(ok, [])
  })

  it('completed without any evidence on the action is refused, with what to add', () => {
    const errors: FieldError[] = []
    assert.equal(
      readProgressUpdate(
        errors,
        { status: 'completed', note: 'Done' },
        { current: 'in-progress', evidenceCount: 0 },
      ),
      null,
    )
    assert.equal(errors[0]?.field, 'evidence')
    assert.match(errors[0]?.message ?? '', /Add evidence before reporting the action completed/)
    // In progress needs no evidence.
    const fine: FieldError[] = []
    assert.notEqual(
      readProgressUpdate(
        fine,
        { status: 'in-progress', note: 'Started' },
        { current: 'not-started', evidenceCount: 0 },
      ),
      null,
    )
  })

  it('an assured action takes no progress updates: the message says who sends it back', () => {
    const errors: FieldError[] = []
    readProgressUpdate(
      errors,
      { status: 'in-progress', note: 'More to do' },
      { current: 'assured', evidenceCount: 1 },
    )
    assert.match(errors[0]?.message ?? '', /assured.*business unit or a partner sends it back/)
  })

  it('a new action: a source and agency from the offered lists, a description, a due date not in the past', () => {
    const context = {
      today: TODAY,
      sources: [{ kind: 'learning-point' as const, id: 'lp-1' }],
      agencyIds: ['agency-1'],
    }
    const errors: FieldError[] = []
    assert.equal(
      readNewAction(
        errors,
        {
          source: 'learning-point:other',
          agencyId: 'agency-2',
          description: '',
          dueOn: '2026-11-26',
        },
        context,
      ),
      null,
    )
    assert.deepEqual(
      errors.map((error) => error.field),
      ['source', 'agencyId', 'description', 'dueOn'],
    )
    const bad: FieldError[] = []
    readNewAction(
      bad,
      {
        source: 'learning-point:lp-1',
        agencyId: 'agency-1',
        description: 'x',
        dueOn: '2027-02-30',
      },
      context,
    )
    assert.deepEqual(bad, [{ field: 'dueOn', message: 'Due date must be a real date' }])
    const ok: FieldError[] = []
    assert.deepEqual(
      readNewAction(
        ok,
        {
          source: 'learning-point:lp-1',
          agencyId: 'agency-1',
          description: ' Update the guidance ',
          dueOn: '2027-03-31',
        },
        context,
      ),
      {
        sourceKind: 'learning-point',
        sourceId: 'lp-1',
        agencyId: 'agency-1',
        description: 'Update the guidance',
        dueOn: '2027-03-31',
      },
    )
  })
})
