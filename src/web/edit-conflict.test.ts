import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { StaleVersionError } from '../domain/errors.js'
import {
  conflictViewModel,
  EditConflict,
  saveOrConflict,
  submittedValues,
} from './edit-conflict.js'

const FIELDS = [
  { name: 'meetingOn', label: 'Date of the meeting', kind: 'date' as const },
  { name: 'attendees', label: 'Attendees' },
  { name: 'partnerships', label: 'Partnerships', kind: 'choices' as const },
]

describe('the conflict page', () => {
  it('reads posted date inputs, lists and text, and ignores what is not text', () => {
    assert.deepEqual(
      submittedValues(
        {
          'meetingOn-day': '3',
          'meetingOn-month': '4',
          'meetingOn-year': '2024',
          attendees: { value: 'not text' },
          partnerships: ['a', 'b', 7],
        },
        FIELDS,
      ),
      { meetingOn: '2024-04-03', attendees: [], partnerships: ['a', 'b'] },
    )
    assert.deepEqual(
      submittedValues({ 'meetingOn-day': '31', 'meetingOn-month': 'x' }, FIELDS).meetingOn,
      '31 x',
    )
    assert.deepEqual(submittedValues(null, FIELDS).meetingOn, '')
  })

  it('turns a stale save into a conflict carrying what was typed', async () => {
    const conflict = await saveOrConflict(
      {
        'meetingOn-day': '3',
        'meetingOn-month': '4',
        'meetingOn-year': '2024',
        attendees: 'Chair',
      },
      { fields: FIELDS, reloadHref: '/manage/x' },
      async () => {
        throw new StaleVersionError('rapid review', 'r1', { Attendees: 'Someone else' })
      },
    ).catch((caught: unknown) => caught)
    assert.ok(conflict instanceof EditConflict)
    assert.deepEqual(conflict.yourChanges, {
      'Date of the meeting': '3 April 2024',
      Attendees: 'Chair',
      Partnerships: 'Not given',
    })
    const model = conflictViewModel(conflict)
    assert.equal(model.status, 409)
    assert.deepEqual(model.link, {
      href: '/manage/x',
      text: 'Reload the form with the saved version',
    })
    assert.deepEqual(model.savedNow, [
      { key: { text: 'Attendees' }, value: { html: 'Someone else' } },
    ])
  })

  it('escapes both versions and keeps their line breaks', () => {
    const model = conflictViewModel(
      new StaleVersionError('review', 'r1', { Terms: '<script>alert(1)</script>\nline "two"' }),
    )
    assert.equal(
      model.savedNow[0]?.value.html,
      '&lt;script&gt;alert(1)&lt;/script&gt;<br>line &quot;two&quot;',
    )
    assert.deepEqual(model.yourChanges, [])
    assert.equal(model.link.href, '/manage')
  })
})
