import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { calendarDate } from '../../../domain/calendar/calendar-date.js'
import { DEFAULT_STATUTORY_PERIODS } from '../../../domain/statutory/periods.js'
import {
  bankHolidaysViewModel,
  formErrorsViewModel,
  longDate,
  periodValuesAsText,
  removeBankHolidayViewModel,
  statutoryPeriodsFormViewModel,
  statutoryPeriodsViewModel,
} from './view-model.js'

const HOLIDAYS = [
  { date: '2027-12-27', title: 'Christmas Day (substitute day)', source: 'gov-uk' },
  { date: '2027-01-01', title: 'New Year’s Day', source: 'gov-uk' },
  { date: '2028-01-03', title: 'New Year’s Day (substitute day)', source: 'administrator' },
]

describe('longDate', () => {
  it('writes the weekday, as substitute days need it (S22)', () => {
    assert.equal(longDate(calendarDate('2023-12-25')), 'Monday 25 December 2023')
    assert.equal(longDate(calendarDate('2028-01-03')), 'Monday 3 January 2028')
  })
})

describe('formErrorsViewModel', () => {
  it('links the summary to the anchor given for a field, else to the field', () => {
    const model = formErrorsViewModel(
      [
        { field: 'date', message: 'Enter the date' },
        { field: 'title', message: 'Enter the name' },
        { field: 'title', message: 'Second message' },
      ],
      { date: 'date-day' },
    )
    assert.deepEqual(model.errors, { date: 'Enter the date', title: 'Enter the name' })
    assert.deepEqual(
      model.errorSummary.map((item) => item.href),
      ['#date-day', '#title', '#title'],
    )
  })
})

describe('bankHolidaysViewModel', () => {
  it('groups the list by year, latest year first, dates in order, with the source named', () => {
    const model = bankHolidaysViewModel({ holidays: HOLIDAYS })
    assert.equal(model.firstYear, 2027)
    assert.equal(model.lastYear, 2028)
    assert.deepEqual(
      model.years.map((group) => [group.year, group.holidays.map((holiday) => holiday.date)]),
      [
        [2028, ['2028-01-03']],
        [2027, ['2027-01-01', '2027-12-27']],
      ],
    )
    const added = model.years[0]?.holidays[0]
    assert.equal(added?.sourceText, 'Added by an administrator')
    assert.equal(added?.dateText, 'Monday 3 January 2028')
    assert.equal(added?.removeHref, '/manage/settings/bank-holidays/2028-01-03/remove')
    assert.equal(model.years[1]?.holidays[0]?.sourceText, 'GOV.UK list')
    assert.deepEqual(model.errorSummary, [])
    assert.equal(model.notice, null)
  })

  it('marks the date parts in error and links the summary to the first of them', () => {
    const model = bankHolidaysViewModel({
      holidays: HOLIDAYS,
      form: { day: '3', month: '', year: '', title: 'x' },
      errors: [{ field: 'date', message: 'must include a month and year' }],
      datePartsInError: ['month', 'year'],
    })
    assert.deepEqual(
      model.dateItems.map((item) => [item.name, item.value, item.classes]),
      [
        ['day', '3', 'govuk-input--width-2'],
        ['month', '', 'govuk-input--width-2 govuk-input--error'],
        ['year', '', 'govuk-input--width-4 govuk-input--error'],
      ],
    )
    assert.equal(model.errorSummary[0]?.href, '#date-month')
    assert.equal(model.errors.date, 'must include a month and year')
  })

  it('announces an addition or a removal only when the list bears it out', () => {
    const notice = (kind: 'added' | 'removed', date: string) =>
      bankHolidaysViewModel({ holidays: HOLIDAYS, notice: { kind, date } }).notice
    assert.equal(
      notice('added', '2028-01-03'),
      'New Year’s Day (substitute day) on Monday 3 January 2028 added',
    )
    assert.equal(notice('added', '2028-05-01'), null)
    assert.equal(notice('removed', '2028-05-01'), 'Bank holiday on Monday 1 May 2028 removed')
    assert.equal(notice('removed', '2028-01-03'), null)
  })

  it('copes with an empty list', () => {
    const model = bankHolidaysViewModel({ holidays: [] })
    assert.deepEqual(model.years, [])
    assert.equal(model.firstYear, null)
  })
})

describe('removeBankHolidayViewModel', () => {
  it('asks the question in the page title and posts back to the same address', () => {
    const model = removeBankHolidayViewModel(HOLIDAYS[2]!)
    assert.equal(
      model.pageTitle,
      'Are you sure you want to remove New Year’s Day (substitute day) on Monday 3 January 2028?',
    )
    assert.equal(model.action, '/manage/settings/bank-holidays/2028-01-03/remove')
    assert.equal(model.holiday.sourceText, 'Added by an administrator')
    const refused = removeBankHolidayViewModel(HOLIDAYS[2]!, [
      { field: 'date', message: 'The last bank holiday on the list cannot be removed' },
    ])
    assert.equal(refused.errorSummary[0]?.href, '#remove')
  })
})

describe('statutoryPeriodsViewModel', () => {
  it('shows every edition’s five periods with their rules, and which differ from the rules', () => {
    const all = {
      ...DEFAULT_STATUTORY_PERIODS,
      WT2018: { ...DEFAULT_STATUTORY_PERIODS.WT2018, notificationWorkingDays: 1 },
    }
    const model = statutoryPeriodsViewModel(all, 'WT2018')
    assert.deepEqual(
      model.editions.map((edition) => edition.edition),
      ['WT2015', 'WT2018', 'WT2023'],
    )
    assert.equal(
      model.notice,
      'Statutory periods for Working Together to Safeguard Children 2018 saved',
    )
    const wt2018 = model.editions[1]!
    assert.equal(wt2018.changeHref, '/manage/settings/statutory-periods/WT2018')
    assert.deepEqual(wt2018.periods[0], {
      key: 'notificationWorkingDays',
      label: 'Notify the Panel within (S3)',
      value: '1 working day',
      isDefault: false,
      defaultText: '5 working days',
    })
    assert.equal(wt2018.periods[2]?.value, '6 months')
    assert.ok(model.editions[0]!.periods.every((period) => period.isDefault))
    assert.equal(statutoryPeriodsViewModel(all, null).notice, null)
  })
})

describe('statutoryPeriodsFormViewModel', () => {
  it('gives each period a field with its rule, the rules’ value and the bounds', () => {
    const model = statutoryPeriodsFormViewModel({
      edition: 'WT2023',
      values: periodValuesAsText(DEFAULT_STATUTORY_PERIODS.WT2023),
      version: 5,
      errors: [{ field: 'rapidReviewWorkingDays', message: 'Enter a whole number' }],
    })
    assert.equal(model.action, '/manage/settings/statutory-periods/WT2023')
    assert.equal(model.version, 5)
    assert.deepEqual(
      model.fields.map((field) => [field.key, field.value, field.unit]),
      [
        ['notificationWorkingDays', '5', 'working days'],
        ['rapidReviewWorkingDays', '15', 'working days'],
        ['reviewCompletionMonths', '6', 'months'],
        ['prePublicationWorkingDays', '7', 'working days'],
        ['publicationMinimumMonths', '12', 'months'],
      ],
    )
    assert.equal(
      model.fields[1]?.hint,
      'Rule S6. The rules’ value is 15 working days. Enter a whole number from 1 to 120.',
    )
    assert.deepEqual(model.errorSummary, [
      { text: 'Enter a whole number', href: '#rapidReviewWorkingDays' },
    ])
  })
})
