// The working-day calendar's user-facing parts (S21, S22): the open-data API,
// the administrators' bank-holiday and statutory-period settings, their audit
// trail, and that a change reaches computed deadlines at once.
import assert from 'node:assert/strict'
import type { LightMyRequestResponse } from 'fastify'
import { listBankHolidays } from '../../src/data/repositories/calendar-repository.js'
import { listAuditEvents } from '../../src/data/repositories/audit-repository.js'
import { findUserByEmail } from '../../src/data/repositories/user-repository.js'
import { calendarDate } from '../../src/domain/calendar/calendar-date.js'
import { DEFAULT_STATUTORY_PERIODS } from '../../src/domain/statutory/periods.js'
import { Browser, describeOnEachDatabase, itOnLeg, type Harness } from './support/app-harness.js'
import { errorSummaryOf, headingOf, inlineErrorsOf, textOf, titleOf } from './support/html.js'

const ADMINISTRATOR = 'administrator@wandsworth.example'
const COORDINATOR = 'coordinator@wandsworth.example'
const PRACTITIONER = 'practitioner@wandsworth.example'
const BANK_HOLIDAYS = '/manage/settings/bank-holidays'
const PERIODS = '/manage/settings/statutory-periods'
const SCRIPT = '<script>alert(1)</script>'

interface ApiErrors {
  errors: { field: string; message: string }[]
}

async function workingDays(h: () => Harness, query: string): Promise<LightMyRequestResponse> {
  return h().app.inject({ method: 'GET', url: `/api/v1/calendar/working-days?${query}` })
}

async function dateAfter(h: () => Harness, from: string, add: number): Promise<string> {
  const response = await workingDays(h, `from=${from}&add=${add}`)
  assert.equal(response.statusCode, 200, response.body)
  return response.json<{ date: string }>().date
}

async function storedHolidays(h: () => Harness) {
  return listBankHolidays(h().runtime.database.db)
}

async function auditOf(h: () => Harness, recordType: string, recordId: string) {
  return listAuditEvents(h().runtime.database.db, { recordType, recordId, limit: 100 })
}

async function auditCount(h: () => Harness): Promise<number> {
  return (await listAuditEvents(h().runtime.database.db, { limit: 100_000 })).length
}

async function signedIn(h: () => Harness, email: string): Promise<Browser> {
  const browser = new Browser(h().app)
  assert.equal((await browser.signIn(email)).statusCode, 303, `${email} signs in`)
  return browser
}

const EMPTY_FORM = { 'date-day': '', 'date-month': '', 'date-year': '', title: '' }

describeOnEachDatabase('Working-day calendar: API and settings (S21, S22)', (h) => {
  itOnLeg(
    'API: S21’s example, 21 Dec 2023 + 5 working days = 2 Jan 2024, open to all',
    async () => {
      const response = await workingDays(h, 'from=2023-12-21&add=5')
      assert.equal(response.statusCode, 200)
      assert.deepEqual(response.json(), { from: '2023-12-21', add: 5, date: '2024-01-02' })
      assert.equal(response.headers['access-control-allow-origin'], '*')
      // Public open data: no token needed, and a bad token does not matter.
      const withJunkToken = await h().app.inject({
        method: 'GET',
        url: '/api/v1/calendar/working-days?from=2023-12-21&add=5',
        headers: { authorization: 'Bearer not-a-real-token-at-all' },
      })
      assert.equal(withJunkToken.statusCode, 200)
    },
  )

  itOnLeg(
    'API: counts backwards for negative N and skips one-off holidays (S21, S22)',
    async () => {
      assert.equal(await dateAfter(h, '2024-01-02', -5), '2023-12-21')
      assert.equal(await dateAfter(h, '2023-12-27', -1), '2023-12-22')
      assert.equal(await dateAfter(h, '2022-06-06', -1), '2022-06-01') // Jubilee, 2–3 June 2022
      assert.equal(await dateAfter(h, '2023-05-05', 1), '2023-05-09') // coronation, 8 May 2023
      assert.equal(await dateAfter(h, '2022-09-16', 1), '2022-09-20') // State Funeral, 19 Sep 2022
      assert.equal(await dateAfter(h, '2023-12-23', 0), '2023-12-23') // day 0 as it is
      const minusZero = await workingDays(h, 'from=2023-12-21&add=-0')
      assert.deepEqual(minusZero.json(), { from: '2023-12-21', add: 0, date: '2023-12-21' })
    },
  )

  itOnLeg('API: refuses each bad question with 400 and the field named', async () => {
    const cases: [query: string, field: string][] = [
      ['from=2023-02-30&add=5', 'from'],
      ['from=2023-2-3&add=5', 'from'],
      ['from=&add=5', 'from'],
      ['add=5', 'from'],
      [`from=${encodeURIComponent(SCRIPT)}&add=5`, 'from'],
      ['from=2023-12-21&from=2023-12-22&add=5', 'from'],
      ['from=2023-12-21&add=1.5', 'add'],
      ['from=2023-12-21&add=abc', 'add'],
      ['from=2023-12-21&add=1e3', 'add'],
      ['from=2023-12-21&add=0x10', 'add'],
      ['from=2023-12-21&add=+5', 'add'],
      ['from=2023-12-21&add=', 'add'],
      ['from=2023-12-21', 'add'],
      ['from=2023-12-21&add=1&add=2', 'add'],
      ['from=2023-12-21&add=5001', 'add'],
      ['from=2023-12-21&add=-99999999999999999999', 'add'],
      // Outside the years the calendar knows (2012–2027): OutsideCalendarError.
      ['from=2023-12-21&add=2000', 'add'],
      ['from=2012-01-04&add=-5', 'add'],
      ['from=2030-01-01&add=1', 'from'],
      ['from=2011-06-01&add=0', 'from'],
      ['from=2023-12-21&add=5&extra=1', 'extra'],
    ]
    for (const [query, field] of cases) {
      const response = await workingDays(h, query)
      assert.equal(response.statusCode, 400, query)
      assert.match(String(response.headers['content-type']), /^application\/json/, query)
      const body = response.json<ApiErrors>()
      assert.ok(body.errors.length > 0, query)
      assert.ok(
        body.errors.some((error) => error.field === field && error.message.length > 0),
        `${query}: names ${field}, got ${JSON.stringify(body.errors)}`,
      )
      assert.ok(!response.body.includes('<script>'), `${query}: nothing echoed as markup`)
    }
    const outside = (await workingDays(h, 'from=2030-01-01&add=1')).json<ApiErrors>()
    assert.match(outside.errors[0]?.message ?? '', /2012 to 2027/)
  })

  itOnLeg('API: lists the bank holidays the calendar uses, publicly', async () => {
    const response = await h().app.inject({ method: 'GET', url: '/api/v1/calendar/bank-holidays' })
    assert.equal(response.statusCode, 200)
    const body = response.json<{
      firstYear: number
      lastYear: number
      bankHolidays: { date: string; title: string; source: string }[]
    }>()
    // 2012–2017 for legacy SCRs (S18, S19), then 2018–2027.
    assert.equal(body.firstYear, 2012)
    assert.equal(body.lastYear, 2027)
    assert.equal(body.bankHolidays.length, 132)
    assert.deepEqual(
      body.bankHolidays.find((holiday) => holiday.date === '2023-05-08'),
      {
        date: '2023-05-08',
        title: 'Bank holiday for the coronation of King Charles III',
        source: 'gov-uk',
      },
    )
    const dates = body.bankHolidays.map((holiday) => holiday.date)
    assert.deepEqual(dates, [...dates].sort())
    const unknown = await h().app.inject({
      method: 'GET',
      url: '/api/v1/calendar/bank-holidays?year=2023',
    })
    assert.equal(unknown.statusCode, 400)
    assert.equal(unknown.json<ApiErrors>().errors[0]?.field, 'year')
  })

  itOnLeg('API: both calendar endpoints are described in the OpenAPI document', async () => {
    const response = await h().app.inject({ method: 'GET', url: '/api/docs/openapi.json' })
    const document = response.json<{
      paths: Record<
        string,
        { get: { security: unknown[]; parameters?: { name: string; required: boolean }[] } }
      >
    }>()
    const workingDaysPath = document.paths['/calendar/working-days']?.get
    assert.ok(workingDaysPath)
    assert.deepEqual(workingDaysPath.security, [])
    assert.deepEqual(
      workingDaysPath.parameters?.map((parameter) => [parameter.name, parameter.required]),
      [
        ['from', true],
        ['add', true],
      ],
    )
    assert.deepEqual(document.paths['/calendar/bank-holidays']?.get.security, [])
  })

  itOnLeg('settings pages: administrators only; others get 403 and change nothing', async () => {
    const pages = [
      '/manage/settings',
      BANK_HOLIDAYS,
      `${BANK_HOLIDAYS}/2023-12-25/remove`,
      PERIODS,
      `${PERIODS}/WT2018`,
    ]
    const signedOut = new Browser(h().app)
    for (const page of pages) {
      const response = await signedOut.get(page)
      assert.equal(response.statusCode, 302, page)
      assert.equal(response.headers.location, '/sign-in', page)
    }
    const before = await storedHolidays(h)
    for (const email of [PRACTITIONER, COORDINATOR]) {
      const browser = await signedIn(h, email)
      for (const page of pages) {
        const response = await browser.get(page)
        assert.equal(response.statusCode, 403, `${email} ${page}`)
        assert.equal(headingOf(response.body), 'You do not have permission to view this page')
      }
      // A valid CSRF token from a page they may see: the refusal is about the role.
      const posts: [string, Record<string, string>][] = [
        [
          BANK_HOLIDAYS,
          { 'date-day': '4', 'date-month': '1', 'date-year': '2027', title: 'Not allowed' },
        ],
        [`${BANK_HOLIDAYS}/2023-12-25/remove`, {}],
        [`${PERIODS}/WT2018`, { notificationWorkingDays: '9', version: '0' }],
      ]
      for (const [action, fields] of posts) {
        const response = await browser.submit('/manage', fields, action)
        assert.equal(response.statusCode, 403, `${email} POST ${action}`)
      }
      const home = await browser.get('/manage')
      assert.ok(!home.body.includes('href="/manage/settings"'), `${email}: no Settings link`)
    }
    assert.deepEqual(await storedHolidays(h), before)
    assert.deepEqual(
      await h().services.calendar.periods('WT2018'),
      DEFAULT_STATUTORY_PERIODS.WT2018,
    )

    const admin = await signedIn(h, ADMINISTRATOR)
    const home = await admin.get('/manage')
    assert.match(home.body, /<a class="govuk-link" href="\/manage\/settings">Settings<\/a>/)
    const settings = await admin.get('/manage/settings')
    assert.equal(settings.statusCode, 200)
    assert.equal(headingOf(settings.body), 'Settings')
    assert.match(settings.body, /href="\/manage\/settings\/bank-holidays"/)
    assert.match(settings.body, /href="\/manage\/settings\/statutory-periods"/)
  })

  itOnLeg(
    'bank holidays page: lists the dates by year with their source and the warning',
    async () => {
      const admin = await signedIn(h, ADMINISTRATOR)
      const page = await admin.get(BANK_HOLIDAYS)
      assert.equal(page.statusCode, 200)
      assert.equal(headingOf(page.body), 'Bank holidays')
      const text = textOf(page.body)
      assert.match(text, /The calendar knows the bank holidays of 2012 to 2027\./)
      assert.match(text, /changes the deadlines of open cases at once/)
      for (let year = 2012; year <= 2027; year += 1) {
        assert.ok(page.body.includes(`data-testid="bank-holidays-${year}"`), `table for ${year}`)
      }
      const table2023 = /data-testid="bank-holidays-2023">([\s\S]*?)<\/table>/.exec(page.body)?.[1]
      assert.ok(table2023)
      assert.match(
        textOf(table2023),
        /Monday 8 May 2023 Bank holiday for the coronation of King Charles III GOV\.UK list Remove/,
      )
      assert.match(table2023, /href="\/manage\/settings\/bank-holidays\/2023-05-08\/remove"/)
      // A GOV.UK date input: three fields, day, month and year.
      for (const part of ['day', 'month', 'year']) {
        assert.match(page.body, new RegExp(`id="date-${part}" name="date-${part}"`))
      }
    },
  )

  itOnLeg('adding a date moves computed deadlines at once, and is audited', async () => {
    const admin = await signedIn(h, ADMINISTRATOR)
    const auditBefore = await auditCount(h)

    // Beyond the list: unknown until an administrator adds the next year (S22).
    assert.equal((await workingDays(h, 'from=2027-12-31&add=1')).statusCode, 400)
    const added = await admin.submit(BANK_HOLIDAYS, {
      'date-day': '3',
      'date-month': 'Jan',
      'date-year': '2028',
      title: 'New Year’s Day (substitute day)',
    })
    assert.equal(added.statusCode, 303)
    assert.equal(added.headers.location, `${BANK_HOLIDAYS}?added=2028-01-03`)
    assert.equal(await dateAfter(h, '2027-12-31', 1), '2028-01-04')

    const page = await admin.get(String(added.headers.location))
    const text = textOf(page.body)
    assert.match(text, /Success New Year’s Day \(substitute day\) on Monday 3 January 2028 added/)
    assert.match(text, /The calendar knows the bank holidays of 2012 to 2028\./)
    assert.match(
      text,
      /Monday 3 January 2028 New Year’s Day \(substitute day\) Added by an administrator/,
    )

    // Inside the known years: the S21 example itself moves by a day.
    assert.equal(await dateAfter(h, '2023-12-21', 5), '2024-01-02')
    const extra = await admin.submit(BANK_HOLIDAYS, {
      'date-day': '29',
      'date-month': '12',
      'date-year': '2023',
      title: 'Extra day off',
    })
    assert.equal(extra.statusCode, 303)
    assert.equal(await dateAfter(h, '2023-12-21', 5), '2024-01-03')
    assert.equal(
      (await h().services.calendar.calendar()).addWorkingDays(calendarDate('2023-12-21'), 5),
      '2024-01-03',
    )

    const events = await auditOf(h, 'bank-holiday', '2028-01-03')
    assert.equal(events.length, 1)
    assert.equal(events[0]?.action, 'bank-holiday.added')
    const adminUser = await findUserByEmail(h().runtime.database.db, ADMINISTRATOR)
    assert.equal(events[0]?.actorUserId, adminUser?.id)
    assert.deepEqual(JSON.parse(events[0]?.summary ?? '{}'), {
      after: { date: '2028-01-03', title: 'New Year’s Day (substitute day)' },
    })
    assert.equal(await auditCount(h), auditBefore + 2)
    assert.deepEqual(await h().services.verifyAuditTrail(), {
      ok: true,
      checked: await auditCount(h),
    })
  })

  itOnLeg(
    'removing a date asks first, needs the CSRF token, moves deadlines back, is audited',
    async () => {
      const admin = await signedIn(h, ADMINISTRATOR)
      assert.equal(await dateAfter(h, '2023-12-21', 5), '2024-01-03') // 29 Dec added above
      const confirmUrl = `${BANK_HOLIDAYS}/2023-12-29/remove`

      const confirm = await admin.get(confirmUrl)
      assert.equal(confirm.statusCode, 200)
      assert.equal(
        headingOf(confirm.body),
        'Are you sure you want to remove Extra day off on Friday 29 December 2023?',
      )
      assert.match(confirm.body, new RegExp(`<form method="post" action="${confirmUrl}"`))
      assert.match(confirm.body, /name="_csrf"/)
      assert.match(confirm.body, /href="\/manage\/settings\/bank-holidays">No, keep it<\/a>/)
      // Opening the confirmation removes nothing.
      assert.equal(await dateAfter(h, '2023-12-21', 5), '2024-01-03')

      const forged = await admin.post(confirmUrl, {})
      assert.equal(forged.statusCode, 403)
      assert.equal(await dateAfter(h, '2023-12-21', 5), '2024-01-03')

      const removed = await admin.submit(confirmUrl, {})
      assert.equal(removed.statusCode, 303)
      assert.equal(removed.headers.location, `${BANK_HOLIDAYS}?removed=2023-12-29`)
      assert.equal(await dateAfter(h, '2023-12-21', 5), '2024-01-02')
      const list = await admin.get(String(removed.headers.location))
      assert.match(textOf(list.body), /Bank holiday on Friday 29 December 2023 removed/)
      assert.ok(!(await storedHolidays(h)).some((holiday) => holiday.date === '2023-12-29'))

      const events = await auditOf(h, 'bank-holiday', '2023-12-29')
      assert.deepEqual(
        events.map((event) => event.action),
        ['bank-holiday.added', 'bank-holiday.removed'],
      )
      assert.deepEqual(JSON.parse(events[1]?.summary ?? '{}'), {
        before: { date: '2023-12-29', title: 'Extra day off', source: 'administrator' },
      })

      // Gone now, or never a bank holiday, or not a date: not found.
      for (const url of [
        confirmUrl,
        `${BANK_HOLIDAYS}/2023-12-28/remove`,
        `${BANK_HOLIDAYS}/2023-02-30/remove`,
      ]) {
        assert.equal((await admin.get(url)).statusCode, 404, url)
      }
      assert.equal((await admin.submit(BANK_HOLIDAYS, {}, confirmUrl)).statusCode, 404)

      // The only date of a year in the middle of the list cannot go: that year's
      // holidays would silently count as working days.
      const only2028 = `${BANK_HOLIDAYS}/2028-01-03/remove`
      await admin.submit(BANK_HOLIDAYS, {
        'date-day': '2',
        'date-month': '1',
        'date-year': '2029',
        title: 'New Year’s Day (substitute day)',
      })
      const refused = await admin.submit(only2028, {})
      assert.equal(refused.statusCode, 400)
      assert.match(
        errorSummaryOf(refused.body)?.items[0]?.text ?? '',
        /only bank holiday left in 2028/,
      )
      assert.equal(errorSummaryOf(refused.body)?.items[0]?.href, '#remove')
      assert.ok((await storedHolidays(h)).some((holiday) => holiday.date === '2028-01-03'))
      // Removing from the edge of the list is fine: 2029 becomes unknown again.
      assert.equal((await admin.submit(`${BANK_HOLIDAYS}/2029-01-02/remove`, {})).statusCode, 303)
      assert.equal((await h().services.calendar.calendar()).lastYear, 2028)
    },
  )

  itOnLeg(
    'bad bank-holiday input re-renders with an error summary and stores nothing',
    async () => {
      const admin = await signedIn(h, ADMINISTRATOR)
      const before = await storedHolidays(h)
      const auditBefore = await auditCount(h)
      const date = { 'date-day': '4', 'date-month': '1', 'date-year': '2027' }
      // Earlier tests may have added years; the message names those in between.
      const { lastYear } = await h().services.calendar.calendar()
      const between = Array.from({ length: 2034 - lastYear }, (_, index) => lastYear + 1 + index)
      const cases: [
        label: string,
        fields: Record<string, string>,
        expected: string[],
        href: string,
      ][] = [
        [
          'nothing entered',
          EMPTY_FORM,
          ['date: Enter the date of the bank holiday', 'title: Enter the name of the bank holiday'],
          '#date-day',
        ],
        [
          '30 February 2023',
          { 'date-day': '30', 'date-month': '2', 'date-year': '2023', title: 'Leap' },
          ['date: The date of the bank holiday must be a real date'],
          '#date-day',
        ],
        [
          'a month missing',
          { 'date-day': '3', 'date-month': '', 'date-year': '2023', title: 'Missing month' },
          ['date: The date of the bank holiday must include a month'],
          '#date-month',
        ],
        [
          'a two-digit year',
          { 'date-day': '3', 'date-month': '2', 'date-year': '23', title: 'Short year' },
          ['date: Year must include 4 numbers'],
          '#date-year',
        ],
        [
          'an empty name',
          { ...date, title: '   ' },
          ['title: Enter the name of the bank holiday'],
          '#title',
        ],
        [
          'a 101-character name',
          { ...date, title: 'x'.repeat(101) },
          ['title: Name must be 100 characters or fewer'],
          '#title',
        ],
        [
          'a script in the name',
          { ...date, title: SCRIPT },
          ['title: Name must not include the characters < or >'],
          '#title',
        ],
        [
          'a date already on the list',
          { 'date-day': '25', 'date-month': '12', 'date-year': '2023', title: 'Christmas again' },
          ['date: 2023-12-25 is already a bank holiday'],
          '#date-day',
        ],
        [
          'a date years beyond the list',
          { 'date-day': '1', 'date-month': '1', 'date-year': '2035', title: 'Far ahead' },
          [
            `date: 2035-01-01 is too far from the years the calendar knows: add the bank holidays of ${between.slice(0, -1).join(', ')} and ${between.at(-1)} first`,
          ],
          '#date-day',
        ],
      ]
      for (const [label, fields, expected, href] of cases) {
        const response = await admin.submit(BANK_HOLIDAYS, fields)
        assert.equal(response.statusCode, 400, label)
        assert.ok(titleOf(response.body).startsWith('Error: Bank holidays'), label)
        const summary = errorSummaryOf(response.body)
        assert.equal(summary?.title, 'There is a problem', label)
        assert.equal(summary?.items[0]?.href, href, label)
        assert.deepEqual(inlineErrorsOf(response.body), expected, label)
        // What was typed comes back, escaped.
        for (const part of ['day', 'month', 'year']) {
          const typed = fields[`date-${part}`] ?? ''
          assert.match(response.body, new RegExp(`name="date-${part}"[^>]*value="${typed}"`), label)
        }
      }
      const scripted = await admin.submit(BANK_HOLIDAYS, { ...date, title: SCRIPT })
      assert.ok(!scripted.body.includes(SCRIPT), 'the script is never rendered as markup')
      assert.match(
        scripted.body,
        /name="title"[^>]*value="&lt;script&gt;alert\(1\)&lt;\/script&gt;"/,
      )

      assert.deepEqual(await storedHolidays(h), before)
      assert.equal(await auditCount(h), auditBefore)
    },
  )

  itOnLeg(
    'statutory periods: defaults shown, a save changes periods at once and is audited',
    async () => {
      const admin = await signedIn(h, ADMINISTRATOR)
      const overview = await admin.get(PERIODS)
      assert.equal(overview.statusCode, 200)
      assert.equal(headingOf(overview.body), 'Statutory periods')
      const text = textOf(overview.body)
      for (const name of ['2015 (WT2015)', '2018 (WT2018)', '2023 (WT2023)']) {
        assert.match(
          text,
          new RegExp(`Working Together to Safeguard Children ${name.replace(/[()]/g, '\\$&')}`),
        )
      }
      assert.match(text, /Notify the Panel within \(S3\) 5 working days \(the rules’ value\)/)
      assert.match(text, /moves the deadlines of open cases under that edition at once/)
      assert.match(overview.body, /href="\/manage\/settings\/statutory-periods\/WT2018"/)

      // An open case under WT2018, aware on Thursday 21 December 2023 (S21's example).
      const coordinatorUser = await findUserByEmail(h().runtime.database.db, COORDINATOR)
      const coordinator = await h().services.auth.actorFor(coordinatorUser?.id ?? '')
      const openCase = await h().services.incidents.record(coordinator, 'wandsworth', {
        guidanceEdition: 'WT2018',
        abuseOrNeglect: 'suspected',
        harm: 'serious-harm',
        incidentOn: '2023-12-20',
        awareOn: '2023-12-21',
        lookedAfter: false,
        careLeaver: false,
        children: [{ pseudonym: 'Child Period' }],
      })
      const notificationDue = async () =>
        (await h().services.incidents.get(coordinator, openCase.id)).notificationDueOn
      assert.equal(await notificationDue(), '2024-01-02', 'S21: 5 working days')

      const form = await admin.get(`${PERIODS}/WT2018`)
      assert.equal(form.statusCode, 200)
      assert.match(form.body, /name="notificationWorkingDays"[^>]*value="5"/)
      assert.match(
        textOf(form.body),
        /Rule S6\. The rules’ value is 15 working days\. Enter a whole number from 1 to 120\./,
      )
      assert.match(form.body, /name="version" value="0"/)

      const saved = await admin.submit(`${PERIODS}/WT2018`, {
        notificationWorkingDays: '6',
        rapidReviewWorkingDays: '15',
        reviewCompletionMonths: '6',
        prePublicationWorkingDays: '7',
        publicationMinimumMonths: '12',
        version: '0',
      })
      assert.equal(saved.statusCode, 303)
      assert.equal(saved.headers.location, `${PERIODS}?updated=WT2018`)
      assert.deepEqual(await h().services.calendar.periods('WT2018'), {
        ...DEFAULT_STATUTORY_PERIODS.WT2018,
        notificationWorkingDays: 6,
      })
      assert.deepEqual(
        await h().services.calendar.periods('WT2023'),
        DEFAULT_STATUTORY_PERIODS.WT2023,
      )
      // The open case's notification deadline moves at once: 6 working days now.
      assert.equal(await notificationDue(), '2024-01-03')
      const after = textOf((await admin.get(String(saved.headers.location))).body)
      assert.match(after, /Statutory periods for Working Together to Safeguard Children 2018 saved/)
      assert.match(after, /6 working days \(changed: the rules’ value is 5 working days\)/)

      const events = await auditOf(h, 'statutory-setting', 'WT2018')
      assert.equal(events.length, 1)
      assert.equal(events[0]?.action, 'statutory-periods.updated')
      const summary = JSON.parse(events[0]?.summary ?? '{}') as {
        before: Record<string, number>
        after: Record<string, number>
      }
      assert.equal(summary.before.notificationWorkingDays, 5)
      assert.equal(summary.after.notificationWorkingDays, 6)

      // A save based on the form as it was before someone else's save is refused.
      const stale = await admin.submit(`${PERIODS}/WT2018`, {
        notificationWorkingDays: '9',
        rapidReviewWorkingDays: '15',
        reviewCompletionMonths: '6',
        prePublicationWorkingDays: '7',
        publicationMinimumMonths: '12',
        version: '0',
      })
      assert.equal(stale.statusCode, 409)
      assert.equal((await h().services.calendar.periods('WT2018')).notificationWorkingDays, 6)

      assert.equal((await admin.get(`${PERIODS}/WT2099`)).statusCode, 404)
      assert.equal((await admin.get(`${PERIODS}/wt2018`)).statusCode, 404)
    },
  )

  itOnLeg(
    'statutory periods: 0, 1000, abc and empty are refused per field, nothing saved',
    async () => {
      const admin = await signedIn(h, ADMINISTRATOR)
      const before = await h().services.calendar.periods('WT2018')
      const auditBefore = await auditCount(h)
      const { version } = await h().services.calendar.periodsForEditing('WT2018')
      const response = await admin.submit(`${PERIODS}/WT2018`, {
        notificationWorkingDays: '0',
        rapidReviewWorkingDays: '1000',
        reviewCompletionMonths: 'abc',
        prePublicationWorkingDays: '',
        publicationMinimumMonths: SCRIPT,
        version: String(version),
      })
      assert.equal(response.statusCode, 400)
      assert.ok(titleOf(response.body).startsWith('Error: '))
      assert.deepEqual(
        errorSummaryOf(response.body)?.items.map((item) => item.href),
        [
          '#notificationWorkingDays',
          '#rapidReviewWorkingDays',
          '#reviewCompletionMonths',
          '#prePublicationWorkingDays',
          '#publicationMinimumMonths',
        ],
      )
      assert.deepEqual(inlineErrorsOf(response.body), [
        'notificationWorkingDays: Enter a whole number of working days from 1 to 60 for “Notify the Panel within”',
        'rapidReviewWorkingDays: Enter a whole number of working days from 1 to 120 for “Complete the rapid review within”',
        'reviewCompletionMonths: Enter a whole number of months from 1 to 36 for “Complete the review within”',
        'prePublicationWorkingDays: Enter a whole number of working days from 1 to 60 for “Send the report to the Panel before publication by”',
        'publicationMinimumMonths: Enter a whole number of months from 1 to 120 for “Keep the report published for at least”',
      ])
      assert.ok(!response.body.includes(SCRIPT))
      assert.match(response.body, /name="rapidReviewWorkingDays"[^>]*value="1000"/)
      assert.deepEqual(await h().services.calendar.periods('WT2018'), before)
      assert.equal(await auditCount(h), auditBefore)

      // One bad field among good ones still saves nothing.
      const oneBad = await admin.submit(`${PERIODS}/WT2018`, {
        notificationWorkingDays: '8',
        rapidReviewWorkingDays: '15',
        reviewCompletionMonths: '6',
        prePublicationWorkingDays: '7',
        publicationMinimumMonths: '1.5',
        version: String(version),
      })
      assert.equal(oneBad.statusCode, 400)
      assert.deepEqual(await h().services.calendar.periods('WT2018'), before)

      const noVersion = await admin.submit(`${PERIODS}/WT2018`, { notificationWorkingDays: '8' })
      assert.equal(noVersion.statusCode, 400)
      assert.deepEqual(await h().services.calendar.periods('WT2018'), before)
    },
  )
})
