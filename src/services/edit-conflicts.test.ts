import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { StaleVersionError, ValidationError } from '../domain/errors.js'
import {
  displayValue,
  labelledValues,
  NOT_GIVEN,
  STATUTORY_PERIOD_FIELDS,
  statutoryPeriodsSavedVersion,
  withSavedVersion,
} from './edit-conflicts.js'

describe('conflict page values', () => {
  it('formats dates as GOV.UK does and shows impossible ones as typed', () => {
    const field = { name: 'decidedOn', label: 'Date of the decision', kind: 'date' as const }
    assert.equal(displayValue(field, '2024-01-02'), '2 January 2024')
    assert.equal(displayValue(field, '2023-02-30'), '2023-02-30')
    assert.equal(displayValue(field, '30 2 2023'), '30 2 2023')
    assert.equal(displayValue(field, ''), NOT_GIVEN)
    assert.equal(displayValue(field, null), NOT_GIVEN)
  })

  it('names options, joins several, keeps unknown codes and adds units', () => {
    const options = { yes: 'Yes', no: 'No' }
    assert.equal(displayValue({ name: 'a', label: 'A', kind: 'choice', options }, 'no'), 'No')
    assert.equal(
      displayValue({ name: 'a', label: 'A', kind: 'choice', options }, '<script>'),
      '<script>',
    )
    assert.equal(
      displayValue({ name: 'a', label: 'A', kind: 'choices', options }, ['yes', 'no']),
      'Yes, No',
    )
    assert.equal(
      displayValue({ name: 'd', label: 'D', unit: 'working days' }, '5'),
      '5 working days',
    )
    assert.equal(displayValue({ name: 't', label: 'T' }, ['  ', '']), NOT_GIVEN)
  })

  it('labels values in form order', () => {
    const values = labelledValues(
      [
        { name: 'b', label: 'Second field' },
        { name: 'a', label: 'First field' },
      ],
      { a: 'one', b: 'two' },
    )
    assert.deepEqual(Object.entries(values), [
      ['Second field', 'two'],
      ['First field', 'one'],
    ])
  })

  it('statutory periods: every period with its rule and unit (S3, S6, S12, S15, S16)', () => {
    const saved = statutoryPeriodsSavedVersion({
      notificationWorkingDays: 5,
      rapidReviewWorkingDays: 15,
      reviewCompletionMonths: 6,
      prePublicationWorkingDays: 7,
      publicationMinimumMonths: 12,
    })
    assert.equal(Object.keys(saved).length, STATUTORY_PERIOD_FIELDS.length)
    assert.equal(saved['Notify the Panel within (S3)'], '5 working days')
    assert.equal(saved['Complete the review within (S12)'], '6 months')
  })
})

describe('withSavedVersion', () => {
  it('adds the saved version to a bare StaleVersionError', async () => {
    const error = await withSavedVersion(
      async () => ({ Name: 'Saved first' }),
      async () => {
        throw new StaleVersionError('partnership', 'p1')
      },
    ).catch((caught: unknown) => caught)
    assert.ok(error instanceof StaleVersionError)
    assert.deepEqual(error.current, { Name: 'Saved first' })
    assert.equal(error.recordId, 'p1')
  })

  it('keeps a saved version already given, and passes other errors through', async () => {
    let read = false
    const saved = async () => {
      read = true
      return { Name: 'later' }
    }
    const kept = await withSavedVersion(saved, async () => {
      throw new StaleVersionError('partnership', 'p1', { Name: 'earlier' })
    }).catch((caught: unknown) => caught)
    assert.deepEqual((kept as StaleVersionError).current, { Name: 'earlier' })
    const other = await withSavedVersion(saved, async () => {
      throw new ValidationError([{ field: 'name', message: 'Enter the name' }])
    }).catch((caught: unknown) => caught)
    assert.ok(other instanceof ValidationError)
    assert.equal(read, false, 'nothing is read when nothing is stale')
    assert.equal(await withSavedVersion(saved, async () => 42), 42)
  })
})
