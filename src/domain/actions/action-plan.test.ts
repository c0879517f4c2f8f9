import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { calendarDate } from '../calendar/calendar-date.js'
import type { FieldError } from '../errors.js'
import {
  actionTimeliness,
  readNewAction,
  readProgressUpdate,
  readReopenReason,
  readSignOffNote,
  reopenRefusal,
  signOffRefusal,
  statusChoices,
} from './action-plan.js'

const TODAY = calendarDate('2026-11-27')
const SOON = calendarDate('2026-12-11')

describe('action plan rules', () => {
  it('timeliness: finished actions are never overdue; overdue after the due date; due soon within the window', () => {
    const at = (status: 'in-progress' | 'completed' | 'signed-off', dueOn: string) =>
      actionTimeliness({ status, dueOn: calendarDate(dueOn) }, TODAY, SOON)
    assert.equal(at('in-progress', '2026-11-26'), 'overdue')
    assert.equal(at('in-progress', '2026-11-27'), 'due-soon', 'due today is not yet overdue')
    assert.equal(at('in-progress', '2026-12-11'), 'due-soon')
    assert.equal(at('in-progress', '2026-12-12'), 'on-track')
    assert.equal(at('completed', '2020-01-01'), 'finished')
    assert.equal(at('signed-off', '2020-01-01'), 'finished')
  })

  it('a progress update never signs off or reopens: those are the business unit’s own steps (issue 8)', () => {
    for (const current of ['not-started', 'in-progress', 'completed'] as const) {
      assert.deepEqual(statusChoices(current), ['not-started', 'in-progress', 'completed'])
    }
    assert.deepEqual(statusChoices('signed-off'), [])
    assert.equal(signOffRefusal('completed'), null)
    assert.match(
      signOffRefusal('in-progress') ?? '',
      /Only a completed action can be signed off: this one is in progress/,
    )
    assert.match(signOffRefusal('signed-off') ?? '', /already been signed off/)
    assert.equal(reopenRefusal('signed-off'), null)
    assert.match(reopenRefusal('completed') ?? '', /Only a signed-off action/)
    const errors: FieldError[] = []
    assert.equal(readSignOffNote(errors, '  '), '')
    readReopenReason(errors, ' ')
    assert.deepEqual(
      errors.map((error) => error.field),
      ['note'],
    )
  })

  it('a progress update needs a permitted status and a note', () => {
    const errors: FieldError[] = []
    assert.equal(
      readProgressUpdate(
        errors,
        { status: 'signed-off', note: ' ' },
        {
          current: 'completed',
        },
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
        {
          current: 'in-progress',
        },
      ),
      { status: 'completed', note: 'Audit done' },
    )
    assert.deepEqual(ok, [])
  })

  it('a signed-off action is refused to an agency with a message saying who can reopen it', () => {
    const errors: FieldError[] = []
    readProgressUpdate(
      errors,
      { status: 'in-progress', note: 'More to do' },
      {
        current: 'signed-off',
      },
    )
    assert.match(errors[0]?.message ?? '', /signed off.*business unit/)
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
