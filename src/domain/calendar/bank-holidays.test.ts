import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { BankHolidayDocumentError, parseGovUkBankHolidays } from './bank-holidays.js'

const shippedDocument = JSON.parse(
  readFileSync(new URL('./bank-holidays-england-and-wales.json', import.meta.url), 'utf8'),
) as unknown

function documentWith(events: unknown): unknown {
  return { 'england-and-wales': { division: 'england-and-wales', events } }
}

function assertMalformed(json: unknown, messagePart: RegExp): void {
  assert.throws(
    () => parseGovUkBankHolidays(json),
    (error: unknown) => {
      assert.ok(error instanceof BankHolidayDocumentError)
      assert.equal(error.name, 'BankHolidayDocumentError')
      assert.match(error.message, /^Malformed bank-holiday document: /)
      assert.match(error.message, messagePart)
      return true
    },
  )
}

describe('parseGovUkBankHolidays with the shipped list', () => {
  const holidays = parseGovUkBankHolidays(shippedDocument)

  it('reads all 132 England & Wales holidays for 2012–2027 (2012–2017 for legacy SCRs), in date order', () => {
    assert.equal(holidays.length, 132)
    assert.deepEqual(holidays[0], { date: '2012-01-02', title: 'New Year’s Day' })
    assert.deepEqual(holidays.at(-1), { date: '2027-12-28', title: 'Boxing Day' })
    const dates = holidays.map((holiday) => holiday.date)
    assert.deepEqual(dates, [...dates].sort())
  })

  it('includes the one-off holidays with their titles', () => {
    const titleOn = new Map(holidays.map((holiday) => [holiday.date as string, holiday.title]))
    assert.equal(titleOn.get('2020-05-08'), 'Early May bank holiday (VE day)')
    assert.equal(titleOn.get('2022-06-02'), 'Spring bank holiday')
    assert.equal(titleOn.get('2022-06-03'), 'Platinum Jubilee bank holiday')
    assert.equal(
      titleOn.get('2022-09-19'),
      'Bank Holiday for the State Funeral of Queen Elizabeth II',
    )
    assert.equal(titleOn.get('2023-05-08'), 'Bank holiday for the coronation of King Charles III')
  })

  it('returns only date and title', () => {
    for (const holiday of holidays) assert.deepEqual(Object.keys(holiday).sort(), ['date', 'title'])
  })
})

describe('parseGovUkBankHolidays with other well-formed documents', () => {
  it('sorts by date and ignores other divisions and the unused fields', () => {
    const holidays = parseGovUkBankHolidays({
      'england-and-wales': {
        events: [
          { title: 'Boxing Day', date: '2030-12-26' },
          { title: 'Christmas Day', date: '2030-12-25', notes: '', bunting: true },
        ],
      },
      scotland: { events: [{ title: 'St Andrew’s Day', date: '2030-12-02' }] },
    })
    assert.deepEqual(holidays, [
      { date: '2030-12-25', title: 'Christmas Day' },
      { date: '2030-12-26', title: 'Boxing Day' },
    ])
  })
})

describe('parseGovUkBankHolidays with malformed documents', () => {
  it('rejects a document that is not an object', () => {
    assertMalformed(null, /the document must be a JSON object/)
    assertMalformed([], /the document must be a JSON object/)
    assertMalformed('{"england-and-wales":{}}', /the document must be a JSON object/)
  })

  it('rejects a document without the England & Wales division', () => {
    assertMalformed({}, /england-and-wales must be an object/)
    assertMalformed({ scotland: { events: [] } }, /england-and-wales must be an object/)
  })

  it('rejects missing, non-array or empty events', () => {
    assertMalformed({ 'england-and-wales': {} }, /england-and-wales\.events must be an array/)
    assertMalformed(documentWith({}), /england-and-wales\.events must be an array/)
    assertMalformed(documentWith([]), /england-and-wales\.events is empty/)
  })

  it('names the event whose date is missing or invalid', () => {
    const good = { title: 'Christmas Day', date: '2023-12-25' }
    assertMalformed(documentWith([good, 'Boxing Day']), /events\[1\] must be an object/)
    assertMalformed(
      documentWith([good, { title: 'Boxing Day' }]),
      /events\[1\]\.date must be a string/,
    )
    assertMalformed(
      documentWith([good, { title: 'Boxing Day', date: 20231226 }]),
      /events\[1\]\.date must be a string/,
    )
    assertMalformed(
      documentWith([good, { title: 'Oops', date: '2023-02-30' }]),
      /events\[1\]\.date "2023-02-30" is not a valid YYYY-MM-DD date/,
    )
    assertMalformed(
      documentWith([{ title: 'Oops', date: '26/12/2023' }]),
      /events\[0\]\.date "26\/12\/2023" is not a valid/,
    )
  })

  it('names the event whose title is missing or blank', () => {
    assertMalformed(
      documentWith([{ date: '2023-12-25' }]),
      /events\[0\]\.title must be a non-empty string/,
    )
    assertMalformed(documentWith([{ date: '2023-12-25', title: '  ' }]), /events\[0\]\.title/)
  })

  it('rejects a date listed twice', () => {
    assertMalformed(
      documentWith([
        { title: 'Christmas Day', date: '2023-12-25' },
        { title: 'Christmas Day again', date: '2023-12-25' },
      ]),
      /events\[1\]\.date 2023-12-25 appears more than once/,
    )
  })
})
