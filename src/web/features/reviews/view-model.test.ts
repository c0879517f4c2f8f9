import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { calendarDate } from '../../../domain/calendar/calendar-date.js'
import { dateField, dateParts, list, pageErrors, text, versionOf } from './form-fields.js'
import { clockViewModel, kindItems, roleItems, stageStatusView } from './view-model.js'

describe('review form fields', () => {
  it('reads a GOV.UK date input strictly, never guessing', () => {
    assert.equal(dateField({ 'd-day': '5', 'd-month': '3', 'd-year': '2018' }, 'd'), '2018-03-05')
    assert.equal(dateField({}, 'd'), '')
    assert.equal(dateField({ 'd-day': '30', 'd-month': '2', 'd-year': '2023' }, 'd'), '2023-02-30')
    assert.equal(dateField({ 'd-day': 'ab', 'd-month': '2', 'd-year': '2023' }, 'd'), 'not-a-date')
    assert.equal(dateField({ 'd-day': '1', 'd-month': '2', 'd-year': '23' }, 'd'), 'not-a-date')
    assert.equal(
      dateField({ 'd-day': ['1', '2'], 'd-month': '2', 'd-year': '2023' }, 'd'),
      'not-a-date',
    )
    assert.deepEqual(dateParts('d', '2018-03-05'), {
      'd-day': '5',
      'd-month': '3',
      'd-year': '2018',
    })
  })

  it('treats repeated or odd fields as not given, and reads checkboxes as lists', () => {
    assert.equal(text({ a: 'x' }, 'a'), 'x')
    assert.equal(text({}, 'a'), '')
    assert.equal(text({ a: ['x', 'y'] }, 'a'), null)
    assert.deepEqual(list({ a: 'x' }, 'a'), ['x'])
    assert.deepEqual(list({ a: ['x', 3, 'y'] }, 'a'), ['x', 'y'])
    assert.deepEqual(list({}, 'a'), [])
    assert.equal(versionOf({ version: '3' }), 3)
    assert.equal(versionOf({ version: '0' }), null)
    assert.equal(versionOf({ version: 'abc' }), null)
  })

  it('links date errors to the day input', () => {
    const model = pageErrors(
      [
        { field: 'decisionOn', message: 'Enter the decision date' },
        { field: 'title', message: 'Too long' },
      ],
      ['decisionOn'],
    )
    assert.deepEqual(
      model.errorSummary.map((item) => item.href),
      ['#decisionOn-day', '#title'],
    )
    assert.equal(model.errors.decisionOn, 'Enter the decision date')
  })
})

describe('review view models', () => {
  it('shows the clock as a tag with working days left or overdue', () => {
    const dueOn = calendarDate('2024-07-10')
    assert.deepEqual(clockViewModel({ dueOn, status: 'on-track', workingDaysLeft: 12 }), {
      dueOn,
      tag: { text: 'On track', classes: 'govuk-tag--green' },
      detail: '12 working days left',
    })
    assert.equal(
      clockViewModel({ dueOn, status: 'due-soon', workingDaysLeft: 0 })?.detail,
      'Due today',
    )
    assert.equal(
      clockViewModel({ dueOn, status: 'overdue', workingDaysLeft: -1 })?.detail,
      '1 working day overdue',
    )
    assert.equal(clockViewModel({ dueOn, status: 'overdue', workingDaysLeft: null })?.detail, null)
    assert.equal(clockViewModel(null), null)
  })

  it('shows completed stages as text and the others as tags (GOV.UK task list)', () => {
    assert.deepEqual(stageStatusView('completed'), { text: 'Completed' })
    assert.deepEqual(stageStatusView('in-progress'), {
      tag: { text: 'In progress', classes: 'govuk-tag--light-blue' },
    })
    assert.equal(stageStatusView('not-started').tag?.text, 'Not yet started')
  })

  it('offers the directly created kinds and the methodology’s roles', () => {
    assert.deepEqual(
      kindItems('scr-2015').map((item) => [item.value, item.checked]),
      [
        ['scr-2015', true],
        ['other-learning', false],
      ],
    )
    assert.deepEqual(
      roleItems('appreciative-inquiry', 'facilitator').map((item) => item.value),
      ['', 'facilitator', 'reviewer'],
    )
  })
})
