// Issue 7: the statutory clocks, the demo data and the pages that show them
// mean the same on every day of the year. Each day below is one the suite once
// failed on, or one where working days are easy to get wrong: a weekend, bank
// holidays (Good Friday, Easter Monday, Christmas and its substitute day, New
// Year), a leap day in a year the shipped calendar does not know, the day
// before a deadline. For each, the service runs on that day (its clock set by
// the test, on SQLite and on PostgreSQL) and every date and count a person
// reads is compared with one counted by hand on a paper calendar, never with
// one the service's own calendar worked out.
//
// S21: "within N working days of D" is the N-th working day after D (D is day
// 0 whatever day it is); working days exclude weekends and England and Wales
// bank holidays. S22: bank holidays come from the list; 2028's is not shipped,
// so on 29 February 2028 the administrator adds it first, as they would.
import assert from 'node:assert/strict'
import { clockFor } from '../support/test-clock.js'
import {
  type Browser,
  describeOnEachDatabase,
  itOnLeg,
  type Harness,
} from './support/app-harness.js'
import { decodeHtml, textOf } from './support/html.js'
import {
  ADMINISTRATOR,
  COORDINATOR,
  api,
  apiToken,
  dateFields,
  signedIn,
} from './support/incident-helpers.js'

const AGENCY_LEAD = 'agency-lead@wandsworth.example'

interface Day {
  /** Why this day is here. */
  readonly why: string
  readonly today: string
  /** Bank holidays the administrator adds before the day can be served (S22). */
  readonly addBankHolidays?: readonly { date: string; title: string }[]
  /** The demo's open incident (Child C): notification due 2 working days from today. */
  readonly childCNotifyBy: string
  /** An incident the partnership became aware of yesterday (a calendar day back). */
  readonly awareYesterday: {
    readonly awareOn: string
    readonly notifyBy: string
    readonly notifyLeft: number
    readonly rapidReviewBy: string
    readonly rapidReviewLeft: number
  }
  /** An incident aware 5 working days before the next working day: due "tomorrow" (S3). */
  readonly dueNextWorkingDay: { readonly awareOn: string; readonly notifyBy: string }
  /** 5 working days from today (the working-days API). */
  readonly fiveWorkingDaysOn: string
  /** The demo's overdue action: due 7 working days before today. */
  readonly overdueActionDueOn: string
  /** The demo's review in progress: decided 2 months ago, target 6 months after (S12). */
  readonly reviewTargetOn: string
}

/** 2028's bank holidays, not yet in the shipped list: New Year's Day falls on a Saturday. */
const BANK_HOLIDAYS_2028 = [
  { date: '2028-01-03', title: 'New Year’s Day (substitute day)' },
  { date: '2028-04-14', title: 'Good Friday' },
  { date: '2028-04-17', title: 'Easter Monday' },
  { date: '2028-05-01', title: 'Early May bank holiday' },
  { date: '2028-05-29', title: 'Spring bank holiday' },
  { date: '2028-08-28', title: 'Summer bank holiday' },
  { date: '2028-12-25', title: 'Christmas Day' },
  { date: '2028-12-26', title: 'Boxing Day' },
]

// Counted by hand. For example, Saturday 5 December 2026: Child C's
// notification is due Tuesday 8 (Mon 7 is the 1st working day, Tue 8 the 2nd);
// aware Friday 4, notify by Friday 11 (Mon 7 … Fri 11), 5 working days left
// from the Saturday.
const DAYS: readonly Day[] = [
  {
    why: 'a Saturday',
    today: '2026-12-05',
    childCNotifyBy: '2026-12-08',
    awareYesterday: {
      awareOn: '2026-12-04',
      notifyBy: '2026-12-11',
      notifyLeft: 5,
      rapidReviewBy: '2026-12-29',
      rapidReviewLeft: 15,
    },
    dueNextWorkingDay: { awareOn: '2026-11-30', notifyBy: '2026-12-07' },
    fiveWorkingDaysOn: '2026-12-11',
    overdueActionDueOn: '2026-11-26',
    reviewTargetOn: '2027-04-05',
  },
  {
    why: 'a Sunday',
    today: '2026-12-06',
    childCNotifyBy: '2026-12-08',
    awareYesterday: {
      awareOn: '2026-12-05',
      notifyBy: '2026-12-11',
      notifyLeft: 5,
      rapidReviewBy: '2026-12-29',
      rapidReviewLeft: 15,
    },
    dueNextWorkingDay: { awareOn: '2026-11-30', notifyBy: '2026-12-07' },
    fiveWorkingDaysOn: '2026-12-11',
    overdueActionDueOn: '2026-11-26',
    reviewTargetOn: '2027-04-06',
  },
  {
    why: 'a Monday after a bank holiday (New Year’s Day on the Friday)',
    today: '2027-01-04',
    childCNotifyBy: '2027-01-06',
    awareYesterday: {
      awareOn: '2027-01-03',
      notifyBy: '2027-01-08',
      notifyLeft: 4,
      rapidReviewBy: '2027-01-22',
      rapidReviewLeft: 14,
    },
    dueNextWorkingDay: { awareOn: '2026-12-24', notifyBy: '2027-01-05' },
    fiveWorkingDaysOn: '2027-01-11',
    overdueActionDueOn: '2026-12-21',
    reviewTargetOn: '2027-05-04',
  },
  {
    why: 'Good Friday',
    today: '2026-04-03',
    childCNotifyBy: '2026-04-08',
    awareYesterday: {
      awareOn: '2026-04-02',
      notifyBy: '2026-04-13',
      notifyLeft: 5,
      rapidReviewBy: '2026-04-27',
      rapidReviewLeft: 15,
    },
    dueNextWorkingDay: { awareOn: '2026-03-27', notifyBy: '2026-04-07' },
    fiveWorkingDaysOn: '2026-04-13',
    overdueActionDueOn: '2026-03-25',
    reviewTargetOn: '2026-08-03',
  },
  {
    why: 'Easter Monday',
    today: '2026-04-06',
    childCNotifyBy: '2026-04-08',
    awareYesterday: {
      awareOn: '2026-04-05',
      notifyBy: '2026-04-13',
      notifyLeft: 5,
      rapidReviewBy: '2026-04-27',
      rapidReviewLeft: 15,
    },
    dueNextWorkingDay: { awareOn: '2026-03-27', notifyBy: '2026-04-07' },
    fiveWorkingDaysOn: '2026-04-13',
    overdueActionDueOn: '2026-03-25',
    reviewTargetOn: '2026-08-06',
  },
  {
    why: '24 December (Christmas Day on the Friday, Boxing Day’s substitute on the Monday)',
    today: '2026-12-24',
    childCNotifyBy: '2026-12-30',
    awareYesterday: {
      awareOn: '2026-12-23',
      notifyBy: '2027-01-04',
      notifyLeft: 4,
      rapidReviewBy: '2027-01-18',
      rapidReviewLeft: 14,
    },
    dueNextWorkingDay: { awareOn: '2026-12-18', notifyBy: '2026-12-29' },
    fiveWorkingDaysOn: '2027-01-05',
    overdueActionDueOn: '2026-12-15',
    reviewTargetOn: '2027-04-24',
  },
  {
    why: '27 December, a Sunday between Christmas Day and its substitute day',
    today: '2026-12-27',
    childCNotifyBy: '2026-12-30',
    awareYesterday: {
      awareOn: '2026-12-26',
      notifyBy: '2027-01-05',
      notifyLeft: 5,
      rapidReviewBy: '2027-01-19',
      rapidReviewLeft: 15,
    },
    dueNextWorkingDay: { awareOn: '2026-12-18', notifyBy: '2026-12-29' },
    fiveWorkingDaysOn: '2027-01-05',
    overdueActionDueOn: '2026-12-16',
    reviewTargetOn: '2027-04-27',
  },
  {
    why: '31 December, the day before a bank holiday and a new year',
    today: '2026-12-31',
    childCNotifyBy: '2027-01-05',
    awareYesterday: {
      awareOn: '2026-12-30',
      notifyBy: '2027-01-07',
      notifyLeft: 4,
      rapidReviewBy: '2027-01-21',
      rapidReviewLeft: 14,
    },
    dueNextWorkingDay: { awareOn: '2026-12-23', notifyBy: '2027-01-04' },
    fiveWorkingDaysOn: '2027-01-08',
    overdueActionDueOn: '2026-12-18',
    // Decided 31 October, so the target is the last day of April (there is no 31 April).
    reviewTargetOn: '2027-04-30',
  },
  {
    why: '29 February 2028, a leap day in a year whose bank holidays are added by hand',
    today: '2028-02-29',
    addBankHolidays: BANK_HOLIDAYS_2028,
    childCNotifyBy: '2028-03-02',
    awareYesterday: {
      awareOn: '2028-02-28',
      notifyBy: '2028-03-06',
      notifyLeft: 4,
      rapidReviewBy: '2028-03-20',
      rapidReviewLeft: 14,
    },
    dueNextWorkingDay: { awareOn: '2028-02-23', notifyBy: '2028-03-01' },
    fiveWorkingDaysOn: '2028-03-07',
    overdueActionDueOn: '2028-02-18',
    // Decided 29 December 2027.
    reviewTargetOn: '2028-06-29',
  },
  {
    why: 'the day before a statutory deadline',
    today: '2026-12-10',
    childCNotifyBy: '2026-12-14',
    awareYesterday: {
      awareOn: '2026-12-09',
      notifyBy: '2026-12-16',
      notifyLeft: 4,
      rapidReviewBy: '2027-01-04',
      rapidReviewLeft: 14,
    },
    dueNextWorkingDay: { awareOn: '2026-12-04', notifyBy: '2026-12-11' },
    fiveWorkingDaysOn: '2026-12-17',
    overdueActionDueOn: '2026-12-01',
    reviewTargetOn: '2027-04-10',
  },
]

/** "8 December 2026", as the pages write a date. */
function long(date: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${date}T00:00:00Z`))
}

function daysLeft(n: number): string {
  return `${n} working ${n === 1 ? 'day' : 'days'} left`
}

/** The statutory clocks table's rows on /manage: due date (data-due) and the row's text. */
function clockRows(html: string): { dueOn: string; text: string }[] {
  const table =
    /<table class="govuk-table" data-testid="statutory-clocks">([\s\S]*?)<\/table>/.exec(html)?.[1]
  return [
    ...(table ?? '').matchAll(
      /<tr class="govuk-table__row" data-kind="[^"]+" data-due="([^"]+)">([\s\S]*?)<\/tr>/g,
    ),
  ].map((match) => ({ dueOn: match[1] ?? '', text: textOf(match[2] ?? '') }))
}

/** Each VEVENT of an iCalendar feed, unfolded, as its lines. */
function eventsOf(ics: string): string[] {
  return [...ics.replace(/\r\n[ \t]/g, '').matchAll(/BEGIN:VEVENT\r\n([\s\S]*?)END:VEVENT/g)].map(
    (match) => match[1] ?? '',
  )
}

/** The administrator adds bank holidays on the settings page, one at a time (S22). */
async function addBankHolidays(harness: Harness, holidays: Day['addBankHolidays']): Promise<void> {
  if (!holidays) return
  const administrator = await signedIn(harness.app, ADMINISTRATOR)
  for (const holiday of holidays) {
    const added = await administrator.submit('/manage/settings/bank-holidays', {
      ...dateFields('date', holiday.date),
      title: holiday.title,
    })
    assert.equal(
      added.statusCode,
      303,
      `${holiday.date} added: ${textOf(added.body).slice(0, 500)}`,
    )
  }
}

/** Records an incident over the API, aware on `awareOn`, and answers its due dates. */
async function recordIncident(
  harness: Harness,
  pseudonym: string,
  awareOn: string,
): Promise<{ id: string; notificationDueOn: string; rapidReviewDueOn: string }> {
  const token = await apiToken(harness, COORDINATOR)
  const response = await api(harness.app, token, 'POST', '/api/v1/incidents', {
    partnership: 'wandsworth',
    childPseudonym: pseudonym,
    incidentOn: awareOn,
    awareOn,
    harm: 'serious-harm',
    abuseOrNeglect: 'suspected',
  })
  assert.equal(response.statusCode, 201, response.body)
  return response.json()
}

for (const day of DAYS) {
  describeOnEachDatabase(
    `Any day: ${day.why}, ${day.today}`,
    (h) => {
      let ready = false
      // The service starts whatever the day (on 29 February 2028 without the
      // dated demo cases, which wait for the year's bank holidays); then the
      // administrator adds what the calendar lacks and the demo data is
      // checked again, as at the next start.
      const prepared = async (): Promise<Harness> => {
        const harness = h()
        if (!ready) {
          if (day.addBankHolidays) {
            assert.doesNotMatch(await incidentListOf(harness), /Child [BC]/)
            await addBankHolidays(harness, day.addBankHolidays)
            const again = await harness.services.loadDemoData('unused: accounts exist')
            assert.equal(again.datedCasesSkipped, undefined)
            // Child B, Child C and Child D (whose findings repeat Child A's learning, issue 11).
            assert.equal(again.incidents, 3)
            assert.match(await incidentListOf(harness), /Child C/)
          }
          ready = true
        }
        return harness
      }

      itOnLeg(
        `the demo's open incident (Child C) is due soon, notification by ${day.childCNotifyBy}, 2 working days left (S3)`,
        async () => {
          const harness = await prepared()
          const browser = await signedIn(harness.app, COORDINATOR)
          const list = textOf((await browser.get('/manage/incidents')).body)
          assert.match(
            list,
            new RegExp(`Child C .*${long(day.childCNotifyBy)}.* Due soon 2 working days left`),
          )
          const dashboard = await browser.get('/manage')
          const row = clockRows(dashboard.body).find(
            (candidate) => candidate.text.includes('Child C') && candidate.text.includes('(S3)'),
          )
          assert.ok(row, 'Child C’s notification is on the clocks dashboard')
          assert.equal(row.dueOn, day.childCNotifyBy)
          assert.match(row.text, /2 working days left/)
          // The demo's completed rapid review (Child B), answered by the Panel,
          // stays done on time whatever the day.
          assert.match(list, /Child B .* Panel responded .* Done on time/)
        },
      )

      itOnLeg(
        `an incident the partnership became aware of on ${day.awareYesterday.awareOn}: notify by ${day.awareYesterday.notifyBy} (S3), rapid review by ${day.awareYesterday.rapidReviewBy} (S6)`,
        async () => {
          const harness = await prepared()
          const expected = day.awareYesterday
          const incident = await recordIncident(harness, 'Child Y1', expected.awareOn)
          assert.equal(incident.notificationDueOn, expected.notifyBy)
          assert.equal(incident.rapidReviewDueOn, expected.rapidReviewBy)
          const browser = await signedIn(harness.app, COORDINATOR)
          const page = textOf((await browser.get(`/manage/incidents/${incident.id}`)).body)
          assert.match(
            page,
            new RegExp(
              `Notify the Panel \\(S3\\) ${long(expected.notifyBy)} On track ${daysLeft(expected.notifyLeft)}`,
            ),
          )
          assert.match(
            page,
            new RegExp(
              `Rapid review \\(S6\\) ${long(expected.rapidReviewBy)} On track ${daysLeft(expected.rapidReviewLeft)}`,
            ),
          )
        },
      )

      itOnLeg(
        `an incident whose notification falls on the next working day (${day.dueNextWorkingDay.notifyBy}) is due soon with 1 working day left`,
        async () => {
          const harness = await prepared()
          const expected = day.dueNextWorkingDay
          const incident = await recordIncident(harness, 'Child Y2', expected.awareOn)
          assert.equal(incident.notificationDueOn, expected.notifyBy)
          const browser = await signedIn(harness.app, COORDINATOR)
          const page = textOf((await browser.get(`/manage/incidents/${incident.id}`)).body)
          assert.match(
            page,
            new RegExp(
              `Notify the Panel \\(S3\\) ${long(expected.notifyBy)} Due soon 1 working day left`,
            ),
          )
        },
      )

      itOnLeg(
        `5 working days from today is ${day.fiveWorkingDaysOn} (the working-days API, S21)`,
        async () => {
          const harness = await prepared()
          const response = await harness.app.inject({
            method: 'GET',
            url: `/api/v1/calendar/working-days?from=${day.today}&add=5`,
          })
          assert.equal(response.statusCode, 200, response.body)
          assert.equal(response.json<{ date: string }>().date, day.fiveWorkingDaysOn)
        },
      )

      itOnLeg(
        `the demo's overdue action (due ${day.overdueActionDueOn}) is overdue for its agency lead`,
        async () => {
          const harness = await prepared()
          const token = await apiToken(harness, AGENCY_LEAD)
          const response = await api(harness.app, token, 'GET', '/api/v1/actions')
          assert.equal(response.statusCode, 200, response.body)
          const actions = response.json<{ actions: { dueOn: string; timeliness: string }[] }>()
            .actions
          const overdue = actions.filter((action) => action.timeliness === 'overdue')
          assert.deepEqual(
            overdue.map((action) => action.dueOn),
            [day.overdueActionDueOn],
          )
          const browser = await signedIn(harness.app, AGENCY_LEAD)
          const list = textOf((await browser.get('/manage/actions')).body)
          assert.match(list, new RegExp(`${long(day.overdueActionDueOn)}.*Overdue`))
        },
      )

      itOnLeg(
        `the demo's review in progress is on track for its target, ${day.reviewTargetOn} (S12)`,
        async () => {
          const harness = await prepared()
          const browser = await signedIn(harness.app, COORDINATOR)
          const dashboard = await browser.get('/manage')
          const row = clockRows(dashboard.body).find((candidate) =>
            candidate.text.includes('(S12)'),
          )
          assert.ok(row, 'the review’s target is on the clocks dashboard')
          assert.equal(row.dueOn, day.reviewTargetOn)
          assert.match(row.text, /On track$/)
        },
      )

      itOnLeg(
        `the calendar feed holds Child C's notification on ${day.childCNotifyBy}`,
        async () => {
          const harness = await prepared()
          const browser = await signedIn(harness.app, COORDINATOR)
          const feed = await feedOf(browser)
          const childC = eventsOf(feed).find(
            (event) => event.includes('Child C') && event.includes('S3'),
          )
          assert.ok(childC, `Child C's notification is in the feed:\n${feed.slice(0, 2000)}`)
          assert.match(
            childC,
            new RegExp(`DTSTART;VALUE=DATE:${day.childCNotifyBy.replace(/-/g, '')}`),
          )
        },
      )
    },
    { now: clockFor(day.today) },
  )
}

/** The coordinator's list of incidents, as text. */
async function incidentListOf(harness: Harness): Promise<string> {
  const browser = await signedIn(harness.app, COORDINATOR)
  const list = await browser.get('/manage/incidents')
  assert.equal(list.statusCode, 200)
  return textOf(list.body)
}

/** Makes the person's calendar feed link and fetches the feed, as a calendar app would. */
async function feedOf(browser: Browser): Promise<string> {
  const page = await browser.get('/manage/calendar-feed')
  const version = /name="version" value="(\d+)"/.exec(page.body)?.[1]
  const made = await browser.submit('/manage/calendar-feed', version ? { version } : {})
  assert.equal(made.statusCode, 200, made.body)
  const link = /<input\s[^>]*id="calendarLink"[^>]*value="([^"]+)"/.exec(made.body)?.[1]
  assert.ok(link, 'the new link is shown')
  const feed = await browser.get(new URL(decodeHtml(link)).pathname)
  assert.equal(feed.statusCode, 200)
  return feed.body
}
