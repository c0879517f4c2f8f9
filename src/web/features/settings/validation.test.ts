import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import {
  checkBankHolidayForm,
  readBankHolidayForm,
  readDateParts,
  readStatutoryPeriodsForm,
} from './validation.js'

const DESCRIPTION = 'the date of the bank holiday'

function read(day: string, month: string, year: string) {
  return readDateParts({ day, month, year }, 'date', DESCRIPTION)
}

describe('readBankHolidayForm', () => {
  it('reads the GOV.UK date input fields and the name, trimmed', () => {
    assert.deepEqual(
      readBankHolidayForm({
        'date-day': ' 8 ',
        'date-month': '5',
        'date-year': '2028',
        title: '  Early May bank holiday ',
      }),
      { day: '8', month: '5', year: '2028', title: 'Early May bank holiday' },
    )
  })

  it('treats a missing body, missing fields and non-text values as empty', () => {
    const empty = { day: '', month: '', year: '', title: '' }
    assert.deepEqual(readBankHolidayForm(undefined), empty)
    assert.deepEqual(readBankHolidayForm('date-day=1'), empty)
    assert.deepEqual(readBankHolidayForm({ 'date-day': ['1', '2'], title: 3 }), empty)
  })

  it('cuts absurdly long input so it is not echoed back whole', () => {
    const form = readBankHolidayForm({ title: 'x'.repeat(10_000) })
    assert.equal(form.title.length, 500)
  })
})

describe('readDateParts (S21 dates from a GOV.UK date input)', () => {
  it('reads a real date, padding day and month', () => {
    assert.deepEqual(read('3', '5', '2028'), { date: '2028-05-03', error: null, partsInError: [] })
    assert.equal(read('25', '12', '2023').date, '2023-12-25')
    assert.equal(read('29', '02', '2024').date, '2024-02-29')
  })

  it('accepts month names and three-letter abbreviations, as the Design System asks', () => {
    assert.equal(read('8', 'May', '2028').date, '2028-05-08')
    assert.equal(read('25', 'december', '2028').date, '2028-12-25')
    assert.equal(read('1', 'JAN', '2029').date, '2029-01-01')
    assert.equal(read('1', 'Ja', '2029').date, null)
  })

  it('asks for the date when nothing is entered, marking every part', () => {
    const reading = read('', '', '')
    assert.deepEqual(reading.error, {
      field: 'date',
      message: 'Enter the date of the bank holiday',
    })
    assert.deepEqual(reading.partsInError, ['day', 'month', 'year'])
  })

  it('names the missing parts and marks only those', () => {
    assert.deepEqual(
      read('3', '', '2028').error?.message,
      'The date of the bank holiday must include a month',
    )
    assert.deepEqual(read('3', '', '2028').partsInError, ['month'])
    assert.equal(
      read('', '', '2028').error?.message,
      'The date of the bank holiday must include a day and month',
    )
    assert.equal(
      read('3', '', '').error?.message,
      'The date of the bank holiday must include a month and year',
    )
    assert.deepEqual(read('', '5', '').partsInError, ['day', 'year'])
  })

  it('refuses dates that do not exist, such as 30 February 2023', () => {
    for (const [day, month, year] of [
      ['30', '2', '2023'],
      ['29', '2', '2023'],
      ['31', '4', '2024'],
      ['0', '1', '2024'],
      ['1', '13', '2024'],
      ['1', '0', '2024'],
    ] as const) {
      const reading = read(day, month, year)
      assert.equal(reading.date, null, `${day}/${month}/${year}`)
      assert.equal(reading.error?.message, 'The date of the bank holiday must be a real date')
    }
  })

  it('marks the part that is not a number', () => {
    assert.deepEqual(read('first', '5', '2028').partsInError, ['day'])
    assert.deepEqual(read('1.5', '5', '2028').partsInError, ['day'])
    assert.deepEqual(read('3', 'Mayday', '2028').partsInError, ['month'])
    assert.deepEqual(read('<b>', '<i>', '2028').partsInError, ['day', 'month'])
  })

  it('wants a four-digit year', () => {
    for (const year of ['28', '20288', 'two', '-2028']) {
      const reading = read('3', '5', year)
      assert.equal(reading.error?.message, 'Year must include 4 numbers', year)
      assert.deepEqual(reading.partsInError, ['year'])
    }
  })
})

describe('checkBankHolidayForm', () => {
  it('passes a good form', () => {
    const checked = checkBankHolidayForm({
      day: '8',
      month: '5',
      year: '2028',
      title: 'Early May bank holiday',
    })
    assert.deepEqual(checked, { date: '2028-05-08', errors: [], datePartsInError: [] })
  })

  it('reports the date and the name together', () => {
    const checked = checkBankHolidayForm({ day: '30', month: '2', year: '2023', title: '' })
    assert.deepEqual(
      checked.errors.map((error) => error.field),
      ['date', 'title'],
    )
    assert.equal(checked.date, null)
  })

  it('refuses a name that is too long or carries markup', () => {
    const base = { day: '8', month: '5', year: '2028' }
    assert.deepEqual(checkBankHolidayForm({ ...base, title: 'x'.repeat(100) }).errors, [])
    assert.deepEqual(checkBankHolidayForm({ ...base, title: 'x'.repeat(101) }).errors, [
      { field: 'title', message: 'Name must be 100 characters or fewer' },
    ])
    assert.deepEqual(checkBankHolidayForm({ ...base, title: '<script>alert(1)</script>' }).errors, [
      { field: 'title', message: 'Name must not include the characters < or >' },
    ])
    assert.deepEqual(
      checkBankHolidayForm({ ...base, title: 'New Year’s Day (substitute day)' }).errors,
      [],
    )
  })
})

describe('readStatutoryPeriodsForm', () => {
  it('reads all five periods as text and the version', () => {
    const form = readStatutoryPeriodsForm({
      notificationWorkingDays: ' 5 ',
      rapidReviewWorkingDays: '15',
      reviewCompletionMonths: '6',
      prePublicationWorkingDays: '7',
      publicationMinimumMonths: '12',
      version: '10',
      extra: 'ignored',
    })
    assert.deepEqual(form, {
      values: {
        notificationWorkingDays: '5',
        rapidReviewWorkingDays: '15',
        reviewCompletionMonths: '6',
        prePublicationWorkingDays: '7',
        publicationMinimumMonths: '12',
      },
      version: 10,
    })
  })

  it('leaves missing periods empty for the service to refuse', () => {
    assert.equal(readStatutoryPeriodsForm({}).values.notificationWorkingDays, '')
  })

  it('gives no version when it is missing or mangled', () => {
    for (const version of [undefined, '', 'abc', '1.5', '-1', '1e3']) {
      assert.equal(readStatutoryPeriodsForm({ version }).version, null, String(version))
    }
    assert.equal(readStatutoryPeriodsForm({ version: '0' }).version, 0)
  })
})
