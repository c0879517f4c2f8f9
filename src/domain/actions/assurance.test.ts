import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { calendarDate } from '../calendar/calendar-date.js'
import type { FieldError } from '../errors.js'
import {
  readAssurance,
  readDueDateDecision,
  readDueDateRequest,
  readEvidenceLink,
} from './assurance.js'

const TODAY = calendarDate('2026-11-27')

describe('assurance, evidence links and due-date changes (issue 10)', () => {
  it('an assurance needs the evidence of impact, what was checked and a future date to check again', () => {
    const errors: FieldError[] = []
    assert.equal(
      readAssurance(
        errors,
        { impact: ' ', checked: '', recheckOn: '2026-11-27' },
        { today: TODAY },
      ),
      null,
    )
    assert.deepEqual(
      errors.map((error) => error.field),
      ['impact', 'checked', 'recheckOn'],
    )
    assert.match(errors[2]?.message ?? '', /must be in the future/)
    const ok: FieldError[] = []
    assert.deepEqual(
      readAssurance(
        ok,
        { impact: 'Fewer repeat referrals', checked: 'Audit of 20 cases', recheckOn: '2027-05-31' },
        { today: TODAY },
      ),
      { impact: 'Fewer repeat referrals', checked: 'Audit of 20 cases', recheckOn: '2027-05-31' },
    )
  })

  it('evidence links are http or https web addresses only', () => {
    const errors: FieldError[] = []
    for (const bad of [
      'javascript:alert(1)',
      'file:///etc/passwd',
      'ftp://example.org/a',
      'not a link',
      'https://user:secret@example.org/',
      `https://example.org/${'a'.repeat(2_001)}`,
    ]) {
      assert.equal(readEvidenceLink(errors, 'evidenceLink', bad), null, bad)
    }
    assert.equal(errors.length, 6)
    const ok: FieldError[] = []
    assert.equal(
      readEvidenceLink(ok, 'evidenceLink', ' https://intranet.example.org/guidance '),
      'https://intranet.example.org/guidance',
    )
    assert.equal(readEvidenceLink(ok, 'evidenceLink', ''), null, 'blank: no link, no error')
    assert.deepEqual(ok, [])
  })

  it('a later due date must be after the current one, with a reason', () => {
    const errors: FieldError[] = []
    readDueDateRequest(
      errors,
      { requestedOn: '2027-01-31', reason: '' },
      { currentDueOn: calendarDate('2027-01-31') },
    )
    assert.deepEqual(
      errors.map((error) => error.field),
      ['requestedOn', 'reason'],
    )
    assert.match(errors[0]?.message ?? '', /after the current one, 31 January 2027/)
    assert.deepEqual(
      readDueDateRequest(
        [],
        { requestedOn: '2027-03-31', reason: 'Audit delayed' },
        { currentDueOn: calendarDate('2027-01-31') },
      ),
      { requestedOn: '2027-03-31', reason: 'Audit delayed' },
    )
  })

  it('refusing a new due date says why; agreeing needs no note', () => {
    const errors: FieldError[] = []
    assert.equal(readDueDateDecision(errors, { decision: 'refused', note: ' ' }), null)
    assert.equal(readDueDateDecision(errors, { decision: 'maybe' }), null)
    assert.deepEqual(
      errors.map((error) => error.field),
      ['note', 'decision'],
    )
    assert.deepEqual(readDueDateDecision([], { decision: 'agreed' }), {
      decision: 'agreed',
      note: '',
    })
  })
})
