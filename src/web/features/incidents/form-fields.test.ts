import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { calendarDate } from '../../../domain/calendar/calendar-date.js'
import { clockViewModel, dateField, dateParts, echo, pageErrors, versionOf } from './form-fields.js'

const parts = (day: unknown, month: unknown, year: unknown) => ({
  'awareOn-day': day,
  'awareOn-month': month,
  'awareOn-year': year,
})

describe('incident form fields', () => {
  it('reads a GOV.UK date input as YYYY-MM-DD, padding day and month', () => {
    assert.equal(dateField(parts('2', '1', '2024'), 'awareOn'), '2024-01-02')
    assert.equal(dateField(parts(' 21 ', '12', '2023'), 'awareOn'), '2023-12-21')
  })

  it('all empty is "not given"; anything else that is not digits is not a date (never guessed)', () => {
    assert.equal(dateField({}, 'awareOn'), '')
    assert.equal(dateField(parts('', '', ''), 'awareOn'), '')
    for (const bad of [
      parts('2', '', '2024'),
      parts('x', '1', '2024'),
      parts('2', '1', '24'),
      parts('2', '1', '20245'),
      parts('2.5', '1', '2024'),
      parts(['2', '3'], '1', '2024'),
    ]) {
      assert.equal(dateField(bad, 'awareOn'), 'not-a-date', JSON.stringify(bad))
    }
    // 30 February passes through as text; the domain refuses it as not a real date.
    assert.equal(dateField(parts('30', '2', '2023'), 'awareOn'), '2023-02-30')
  })

  it('fills a date input from a stored date', () => {
    assert.deepEqual(dateParts('awareOn', '2024-01-02'), {
      'awareOn-day': '2',
      'awareOn-month': '1',
      'awareOn-year': '2024',
    })
    assert.deepEqual(dateParts('awareOn', null), {
      'awareOn-day': '',
      'awareOn-month': '',
      'awareOn-year': '',
    })
  })

  it('echoes only text fields, never the CSRF token', () => {
    assert.deepEqual(echo({ _csrf: 't', place: 'Home', list: ['a'], n: 3 }), { place: 'Home' })
  })

  it('reads the version only when it is a whole number', () => {
    assert.equal(versionOf({ version: '3' }), 3)
    for (const version of [undefined, '', 'abc', '1.5', ['1'], '-1']) {
      assert.equal(versionOf({ version }), null, String(version))
    }
  })

  it('links a date field’s error to its day input', () => {
    const model = pageErrors(
      [
        { field: 'awareOn', message: 'Enter the date' },
        { field: 'place', message: 'Too long' },
      ],
      ['awareOn'],
    )
    assert.deepEqual(model.errorSummary, [
      { text: 'Enter the date', href: '#awareOn-day' },
      { text: 'Too long', href: '#place' },
    ])
    assert.deepEqual(model.errors, { awareOn: 'Enter the date', place: 'Too long' })
  })

  it('describes a clock in words: days left, due today, days overdue, done', () => {
    const dueOn = calendarDate('2024-01-02')
    assert.equal(clockViewModel(null), null)
    assert.equal(
      clockViewModel({ dueOn, status: 'on-track', workingDaysLeft: 3 })?.detail,
      '3 working days left',
    )
    assert.equal(
      clockViewModel({ dueOn, status: 'due-soon', workingDaysLeft: 1 })?.detail,
      '1 working day left',
    )
    assert.equal(
      clockViewModel({ dueOn, status: 'due-soon', workingDaysLeft: 0 })?.detail,
      'Due today',
    )
    assert.equal(
      clockViewModel({ dueOn, status: 'overdue', workingDaysLeft: -2 })?.detail,
      '2 working days overdue',
    )
    const met = clockViewModel({ dueOn, status: 'met', workingDaysLeft: null })
    assert.deepEqual(met?.tag, { text: 'Done on time', classes: 'govuk-tag--green' })
    assert.equal(met?.detail, null)
  })
})
