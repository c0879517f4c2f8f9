import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, it } from 'node:test'
import { parseGovUkBankHolidays } from '../calendar/bank-holidays.js'
import { calendarDate, type CalendarDate } from '../calendar/calendar-date.js'
import { WorkingDayCalendar } from '../calendar/working-days.js'
import { DEFAULT_STATUTORY_PERIODS } from '../statutory/periods.js'
import {
  checkPublication,
  earliestPublicationOn,
  mayTakeDown,
  minimumAvailableUntil,
  readPublicationPlan,
  readSentDates,
  sendReportBy,
  type PublicationPlan,
  type PublishFacts,
  type SentDates,
} from './publication.js'

const calendar = WorkingDayCalendar.fromBankHolidays(
  parseGovUkBankHolidays(
    JSON.parse(
      readFileSync(
        new URL('../calendar/bank-holidays-england-and-wales.json', import.meta.url),
        'utf8',
      ),
    ),
  ),
)
const periods = DEFAULT_STATUTORY_PERIODS.WT2023
const d = calendarDate

const plan: PublicationPlan = {
  plannedOn: d('2027-01-20'),
  scope: 'full-report',
  scopeReason: null,
  lookAgainOn: null,
  reviewerNames: 'Jane Reviewer',
}
const allSent = (on: CalendarDate): SentDates => ({
  panel: on,
  'secretary-of-state': on,
  ofsted: on,
})
const facts = (overrides: Partial<PublishFacts>): PublishFacts => ({
  kind: 'lcspr',
  status: 'final-report-received',
  plan,
  sent: allSent(d('2027-01-04')),
  today: d('2027-01-20'),
  availableUntil: null,
  ...overrides,
})
const messages = (check: ReturnType<typeof checkPublication>) =>
  check.allowed ? [] : check.errors.map((error) => error.message)

describe('S16: when to send the report and when publication may follow', () => {
  it('sends 7 working days before the planned date, across Christmas and New Year', () => {
    // Wed 6 Jan 2027 − 7 working days: 5, 4, 31 Dec, 30, 29, 24, 23 Dec (25, 26 weekend; 27, 28 holidays; 1 Jan holiday).
    assert.equal(sendReportBy(d('2027-01-06'), calendar, periods), '2026-12-23')
    // Planned on a Monday: back over the weekend.
    assert.equal(sendReportBy(d('2026-12-14'), calendar, periods), '2026-12-03')
  })

  it('publication may follow 7 working days after the last copy went out, never earlier', () => {
    // Sent Wed 23 Dec 2026: the 7th working day after is Wed 6 Jan 2027.
    assert.equal(earliestPublicationOn(d('2026-12-23'), calendar, periods), '2027-01-06')
    const sentBeforeChristmas = facts({ sent: allSent(d('2026-12-23')) })
    assert.deepEqual(
      messages(
        checkPublication({ ...sentBeforeChristmas, today: d('2027-01-05') }, calendar, periods),
      ),
      [
        'The report was sent on 23 December 2026: it cannot be published until 6 January 2027, 7 working days later (S16).',
      ],
    )
    assert.equal(
      checkPublication({ ...sentBeforeChristmas, today: d('2027-01-06') }, calendar, periods)
        .allowed,
      true,
    )
  })

  it('counts from the last of the three copies, and names every one not sent', () => {
    const late = facts({
      sent: {
        panel: d('2026-12-01'),
        'secretary-of-state': d('2026-12-01'),
        ofsted: d('2027-01-14'),
      },
      today: d('2027-01-20'),
    })
    assert.match(
      messages(checkPublication(late, calendar, periods))[0] ?? '',
      /sent on 14 January 2027.*until 25 January 2027/,
    )
    const none = facts({
      sent: { panel: d('2026-12-01'), 'secretary-of-state': null, ofsted: null },
    })
    assert.deepEqual(messages(checkPublication(none, calendar, periods)), [
      'Record when the report was sent to the Secretary of State and Ofsted: it must go 7 working days before publication (S16).',
    ])
  })

  it('S18: a legacy SCR needs the national panel’s copy only, on the 2012–2017 calendar', () => {
    const scr = facts({
      kind: 'scr-2015',
      sent: { panel: d('2016-12-22'), 'secretary-of-state': null, ofsted: null },
      today: d('2017-01-04'),
    })
    // Thu 22 Dec 2016 + 7 working days: 23, 28, 29, 30 Dec, 3, 4, 5 Jan 2017 (26 and 27 Dec and 2 Jan were bank holidays).
    assert.equal(earliestPublicationOn(d('2016-12-22'), calendar, periods), '2017-01-05')
    assert.match(
      messages(checkPublication(scr, calendar, periods))[0] ?? '',
      /until 5 January 2017/,
    )
    assert.equal(
      checkPublication({ ...scr, today: d('2017-01-05') }, calendar, periods).allowed,
      true,
    )
  })
})

describe('S13–S15: what may be published, and for how long', () => {
  it('S15: available for at least 12 months, or longer when asked; never less', () => {
    const allowed = checkPublication(facts({}), calendar, periods)
    assert.deepEqual(allowed, { allowed: true, availableUntil: '2028-01-20', scope: 'full-report' })
    assert.equal(minimumAvailableUntil(d('2028-02-29'), periods), '2029-02-28')
    const longer = checkPublication(facts({ availableUntil: d('2030-01-01') }), calendar, periods)
    assert.equal(longer.allowed && longer.availableUntil, '2030-01-01')
    const shorter = checkPublication(facts({ availableUntil: d('2028-01-19') }), calendar, periods)
    assert.deepEqual(shorter.allowed ? [] : shorter.errors, [
      {
        field: 'availableUntil',
        message:
          'The report must stay available until at least 20 January 2028, 12 months after publication (S15).',
      },
    ])
  })

  it('refuses without a plan, with a plan of "not yet", before the final report, and twice', () => {
    assert.match(
      messages(checkPublication(facts({ plan: null }), calendar, periods)).join(' '),
      /publication plan first/,
    )
    const notYet = { ...plan, scope: 'not-yet' as const, plannedOn: null }
    assert.match(
      messages(checkPublication(facts({ plan: notYet }), calendar, periods)).join(' '),
      /nothing will be published for now/,
    )
    assert.match(
      messages(checkPublication(facts({ status: 'in-progress' }), calendar, periods)).join(' '),
      /final report was received/,
    )
    assert.match(
      messages(checkPublication(facts({ status: 'published' }), calendar, periods)).join(' '),
      /already published/,
    )
  })

  it('S14: a local CSPR’s plan names the reviewers; an SCR’s may leave them out', () => {
    const input = {
      plannedOn: '2027-02-01',
      scope: 'full-report',
      scopeReason: '',
      lookAgainOn: '',
      reviewerNames: ' ',
    }
    const lcspr = readPublicationPlan(input, { kind: 'lcspr', today: d('2027-01-10') })
    assert.deepEqual('errors' in lcspr && lcspr.errors.map((error) => error.field), [
      'reviewerNames',
    ])
    const scr = readPublicationPlan(input, { kind: 'scr-2015', today: d('2027-01-10') })
    assert.ok('plan' in scr)
  })

  it('S13, S17: "improvements only" and "not yet" need a reason; "not yet" a later date to look again', () => {
    const today = d('2027-01-10')
    const base = { plannedOn: '', scopeReason: '', lookAgainOn: '', reviewerNames: 'A Reviewer' }
    const improvements = readPublicationPlan(
      { ...base, scope: 'improvements-only' },
      { kind: 'lcspr', today },
    )
    assert.deepEqual('errors' in improvements && improvements.errors.map((error) => error.field), [
      'plannedOn',
      'scopeReason',
    ])
    const notYet = readPublicationPlan(
      { ...base, scope: 'not-yet', lookAgainOn: '2027-01-10' },
      { kind: 'lcspr', today },
    )
    assert.deepEqual('errors' in notYet && notYet.errors.map((error) => error.message), [
      'The date to look at publication again must be after today (10 January 2027)',
      'Enter why nothing will be published for now, such as criminal proceedings or an inquest',
    ])
    const ok = readPublicationPlan(
      {
        ...base,
        scope: 'not-yet',
        lookAgainOn: '2027-06-01',
        scopeReason: 'Criminal proceedings',
        plannedOn: '2027-02-01',
      },
      { kind: 'lcspr', today },
    )
    assert.deepEqual('plan' in ok && ok.plan, {
      plannedOn: null,
      scope: 'not-yet',
      scopeReason: 'Criminal proceedings',
      lookAgainOn: '2027-06-01',
      reviewerNames: 'A Reviewer',
    })
    const nonsense = readPublicationPlan(
      { ...base, scope: 'everything', plannedOn: 'not-a-date' },
      { kind: 'lcspr', today },
    )
    assert.deepEqual('errors' in nonsense && nonsense.errors.map((error) => error.field), [
      'scope',
      'plannedOn',
    ])
    const past = readPublicationPlan(
      { ...base, scope: 'full-report', plannedOn: '2027-01-09' },
      { kind: 'lcspr', today },
    )
    assert.match(
      'errors' in past ? (past.errors[0]?.message ?? '') : '',
      /today \(10 January 2027\) or later/,
    )
  })

  it('sent dates: real, not in the future, at least one', () => {
    const today = d('2027-01-10')
    assert.deepEqual(readSentDates({ panel: '', 'secretary-of-state': '', ofsted: '' }, today), {
      errors: [{ field: 'sentToPanelOn', message: 'Enter the date the report was sent' }],
    })
    const wrong = readSentDates(
      { panel: '2027-01-11', 'secretary-of-state': 'not-a-date', ofsted: '2027-01-10' },
      today,
    )
    assert.deepEqual('errors' in wrong && wrong.errors.map((error) => error.field), [
      'sentToPanelOn',
      'sentToSecretaryOfStateOn',
    ])
    assert.deepEqual(
      readSentDates({ panel: '2027-01-08', 'secretary-of-state': '', ofsted: '' }, today),
      {
        sent: { panel: '2027-01-08', 'secretary-of-state': null, ofsted: null },
      },
    )
  })

  it('S15: before "available until" only an administrator takes it down; after, the business unit too', () => {
    const until = d('2028-01-20')
    assert.equal(
      mayTakeDown({ administrator: false, businessUnit: true }, until, d('2028-01-19')),
      false,
    )
    assert.equal(
      mayTakeDown({ administrator: true, businessUnit: false }, until, d('2028-01-19')),
      true,
    )
    assert.equal(
      mayTakeDown({ administrator: false, businessUnit: true }, until, d('2028-01-20')),
      true,
    )
    assert.equal(
      mayTakeDown({ administrator: false, businessUnit: false }, until, d('2029-01-20')),
      false,
    )
  })
})
