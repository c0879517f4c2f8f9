// The statutory clocks dashboard on /manage (S3, S6, S12 computed on read), its
// on time versus late chart, and each person's iCalendar feed of deadlines.
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import type { CalendarDate } from '../../src/domain/calendar/calendar-date.js'
import { formatDate } from '../../src/web/plugins/views.js'
import { Browser, describeOnEachDatabase, itOnLeg, type Harness } from './support/app-harness.js'
import { decodeHtml, textOf } from './support/html.js'
import {
  ADMINISTRATOR,
  COORDINATOR,
  PARTNER,
  PRACTITIONER,
  SCRIPT,
  SOUTHWARK_COORDINATOR,
  dateFields,
  idFromLocation,
  signedIn,
  versionIn,
  workingDaysFromToday,
} from './support/incident-helpers.js'
import { dbOf, sha256, userIdOf } from './support/records.js'

const AGENCY_LEAD = 'agency-lead@wandsworth.example'
const WANDSWORTH = 'Wandsworth Safeguarding Children Partnership'

// Fictional identity fields: they must never reach the dashboard or a calendar.
const RESTRICTED = {
  name: 'Peregrine Calendarfield-Test',
  address: '12 Hidden Mews, Nowhereton',
  reference: 'LA-REF-CAL-4242',
}

interface ClockRow {
  kind: string
  dueOn: string
  href: string
  text: string
}

/** The rows of the statutory clocks table, as a person reads them. */
function clockRows(html: string): ClockRow[] {
  const table =
    /<table class="govuk-table" data-testid="statutory-clocks">([\s\S]*?)<\/table>/.exec(html)?.[1]
  if (!table) return []
  return [
    ...table.matchAll(
      /<tr class="govuk-table__row" data-kind="([^"]+)" data-due="([^"]+)">([\s\S]*?)<\/tr>/g,
    ),
  ].map((match) => ({
    kind: match[1] ?? '',
    dueOn: match[2] ?? '',
    href: decodeHtml(/href="([^"]+)"/.exec(match[3] ?? '')?.[1] ?? ''),
    text: textOf(match[3] ?? ''),
  }))
}

/** The chart's data table: month → on time and late. */
function onTimeTable(html: string): Map<string, { onTime: number; late: number }> {
  const table = /data-testid="on-time-table">([\s\S]*?)<\/table>/.exec(html)?.[1] ?? ''
  const rows = new Map<string, { onTime: number; late: number }>()
  for (const match of table.matchAll(
    /<th scope="row" class="govuk-table__header">([^<]+)<\/th>\s*<td[^>]*>(\d+)<\/td>\s*<td[^>]*>(\d+)<\/td>/g,
  )) {
    rows.set(textOf(match[1] ?? ''), { onTime: Number(match[2]), late: Number(match[3]) })
  }
  return rows
}

const monthOf = (date: string) =>
  new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${date}T00:00:00Z`),
  )

/** Undoes RFC 5545 line folding. */
const unfold = (ics: string) => ics.replace(/\r\n[ \t]/g, '')

/** Each VEVENT's properties (unfolded), by name. */
function eventsOf(ics: string): Record<string, string>[] {
  return [...unfold(ics).matchAll(/BEGIN:VEVENT\r\n([\s\S]*?)END:VEVENT\r\n/g)].map((match) =>
    Object.fromEntries(
      (match[1] ?? '')
        .split('\r\n')
        .filter((line) => line !== '')
        .map((line) => {
          const colon = line.indexOf(':')
          return [line.slice(0, colon), line.slice(colon + 1)]
        }),
    ),
  )
}

/** Records an incident on the form (as the coordinator) and returns its id. */
async function recordIncident(
  harness: Harness,
  browser: Browser,
  pseudonym: string,
  awareOn: CalendarDate,
  extra: Record<string, string> = {},
): Promise<string> {
  const { wd } = await workingDaysFromToday(harness)
  const incidentOn = awareOn <= wd(-1) ? awareOn : wd(-1)
  const created = await browser.submit('/manage/incidents/new', {
    partnership: 'wandsworth',
    abuseOrNeglect: 'known',
    harm: 'serious-harm',
    lookedAfter: 'no',
    careLeaver: 'no',
    guidanceEdition: 'WT2023',
    ...dateFields('incidentOn', incidentOn),
    ...dateFields('awareOn', awareOn),
    child1Pseudonym: pseudonym,
    ...extra,
  })
  return idFromLocation(created, '/manage/incidents/')
}

async function feedLink(browser: Browser, action = '/manage/calendar-feed'): Promise<string> {
  const page = await browser.get('/manage/calendar-feed')
  const version = /name="version" value="(\d+)"/.exec(page.body)?.[1]
  const response = await browser.submit('/manage/calendar-feed', version ? { version } : {}, action)
  assert.equal(response.statusCode, 200, response.body)
  const link = /<input\s[^>]*id="calendarLink"[^>]*value="([^"]+)"/.exec(response.body)?.[1]
  assert.ok(link, 'the new link is shown')
  return decodeHtml(link)
}

function pathOf(link: string): string {
  return new URL(link).pathname
}

describeOnEachDatabase('Statutory clocks dashboard, chart and calendar feed', (h) => {
  itOnLeg(
    'S3: the demo incident "Child C" aware 3 working days ago is "Due soon", with the review (S12) on track',
    async () => {
      const harness = h()
      const { wd } = await workingDaysFromToday(harness)
      const browser = await signedIn(harness.app, COORDINATOR)
      const page = await browser.get('/manage')
      assert.equal(page.statusCode, 200)
      const rows = clockRows(page.body)
      const incident = rows.find((row) => row.kind === 'incident' && /Child C/.test(row.text))
      assert.ok(incident, JSON.stringify(rows))
      assert.match(incident.href, /^\/manage\/incidents\/[0-9a-f-]{36}$/)
      assert.equal(incident.dueOn, wd(2))
      assert.match(incident.text, /Serious incident/)
      assert.match(incident.text, new RegExp(WANDSWORTH))
      assert.match(incident.text, /Notify the Panel \(S3\)/)
      assert.ok(incident.text.includes(formatDate(wd(2))))
      assert.match(incident.text, /2 working days left/)
      assert.match(incident.text, /Due soon$/)

      const review = rows.find((row) => row.kind === 'review')
      assert.ok(review, 'the demo review in progress')
      assert.match(review.href, /^\/manage\/reviews\/[0-9a-f-]{36}$/)
      assert.match(review.text, /Child C .*Final report target \(S12\).*On track$/)

      // Child B's rapid review went to the Panel: nothing of it is open.
      assert.ok(!rows.some((row) => /Child B/.test(row.text)))
      // Each row links to a record the coordinator can open.
      for (const row of rows) assert.equal((await browser.get(row.href)).statusCode, 200, row.href)
      // The other pages are still reachable from /manage.
      assert.match(page.body, /href="\/manage\/incidents"/)
      assert.match(page.body, /href="\/manage\/reviews"/)
      assert.match(page.body, /href="\/manage\/calendar-feed"/)
      assert.match(textOf(page.body), new RegExp(`${WANDSWORTH} Business unit coordinator`))
    },
  )

  itOnLeg(
    'S3/S6: an overdue deadline says how many working days overdue; kind filter and sort links work without JavaScript',
    async () => {
      const harness = h()
      const { wd } = await workingDaysFromToday(harness)
      const browser = await signedIn(harness.app, COORDINATOR)
      // Aware 20 working days ago and notified late: the S6 clock is 5 working days overdue.
      const lateId = await recordIncident(harness, browser, 'Child Overdue', wd(-20))
      const latePage = await browser.get(`/manage/incidents/${lateId}`)
      const notified = await browser.submit(
        `/manage/incidents/${lateId}`,
        { version: versionIn(latePage.body), ...dateFields('panelNotifiedOn', wd(-5)) },
        `/manage/incidents/${lateId}/notifications`,
      )
      assert.equal(notified.statusCode, 303, notified.body)
      // A rapid review under way carries the S6 clock of its incident.
      const rrIncident = await recordIncident(harness, browser, 'Child Rapid', wd(-1))
      const rrPage = await browser.get(`/manage/incidents/${rrIncident}`)
      const started = await browser.submit(
        `/manage/incidents/${rrIncident}`,
        { version: versionIn(rrPage.body) },
        `/manage/incidents/${rrIncident}/rapid-review`,
      )
      const rapidReviewId = idFromLocation(started, '/manage/rapid-reviews/')

      const all = clockRows((await browser.get('/manage')).body)
      const overdue = all.find((row) => /Child Overdue/.test(row.text))
      assert.ok(overdue)
      assert.equal(overdue.kind, 'incident')
      assert.match(overdue.text, /Rapid review to the Panel \(S6\)/)
      assert.match(overdue.text, /5 working days overdue Overdue$/)
      const rapid = all.filter((row) => /Child Rapid/.test(row.text))
      assert.deepEqual(
        rapid.map((row) => [row.kind, row.href]),
        [
          ['incident', `/manage/incidents/${rrIncident}`],
          ['rapid-review', `/manage/rapid-reviews/${rapidReviewId}`],
        ],
        'the incident shows S3, its rapid review S6',
      )

      // Filter by kind (a GET form: the filters are in the address).
      for (const kind of ['incident', 'rapid-review', 'review']) {
        const filtered = await browser.get(`/manage?kind=${kind}`)
        const rows = clockRows(filtered.body)
        assert.ok(rows.length > 0, kind)
        assert.ok(
          rows.every((row) => row.kind === kind),
          `${kind}: ${rows.map((row) => row.kind).join()}`,
        )
        assert.match(filtered.body, new RegExp(`<option value="${kind}" selected>`))
        assert.match(filtered.body, /href="\/manage">Clear filters<\/a>/)
      }
      const form = (await browser.get('/manage')).body
      assert.match(form, /<form method="get" action="\/manage"/)

      // Sort order: soonest first by default, and each header a link that turns it round.
      const dues = (rows: ClockRow[]) => rows.map((row) => row.dueOn)
      const ascending = dues(all)
      assert.deepEqual(ascending, [...ascending].sort())
      assert.match(
        form,
        /aria-sort="ascending">\s*<a [^>]*href="\/manage\?sort=due&amp;order=desc">Due/,
      )
      assert.match(
        form,
        /aria-sort="none">\s*<a [^>]*href="\/manage\?sort=kind&amp;order=asc">Kind/,
      )
      const descendingPage = await browser.get('/manage?sort=due&order=desc')
      assert.deepEqual(dues(clockRows(descendingPage.body)), [...ascending].sort().reverse())
      assert.match(
        descendingPage.body,
        /aria-sort="descending">\s*<a [^>]*href="\/manage\?sort=due&amp;order=asc">Due/,
      )
      const byKind = clockRows((await browser.get('/manage?sort=kind&order=asc')).body)
      const kinds = byKind.map((row) => row.kind)
      assert.deepEqual(
        kinds,
        [...kinds].sort(
          (a, b) =>
            ['incident', 'rapid-review', 'review'].indexOf(a) -
            ['incident', 'rapid-review', 'review'].indexOf(b),
        ),
      )
      const byStatus = clockRows((await browser.get('/manage?sort=status')).body)
      assert.match(byStatus[0]?.text ?? '', /Overdue$/, 'most urgent first')
      // The filters keep the sort, and the sort links keep the filters.
      const both = await browser.get('/manage?kind=incident&sort=due&order=desc')
      assert.match(both.body, /<input type="hidden" name="sort" value="due">/)
      assert.match(both.body, /<input type="hidden" name="order" value="desc">/)
      assert.match(both.body, /href="\/manage\?kind=incident&amp;sort=record&amp;order=asc"/)
      assert.deepEqual(
        dues(clockRows(both.body)),
        dues(all.filter((row) => row.kind === 'incident'))
          .sort()
          .reverse(),
      )

      // Made-up or hostile values fall back to the defaults and are never echoed unescaped.
      const hostile = await browser.get(
        `/manage?kind=${encodeURIComponent(SCRIPT)}&partnership=${encodeURIComponent(SCRIPT)}&sort=bogus&order=sideways`,
      )
      assert.equal(hostile.statusCode, 200)
      assert.ok(!hostile.body.includes(SCRIPT))
      assert.deepEqual(dues(clockRows(hostile.body)), ascending)
    },
  )

  itOnLeg(
    'who sees what: a practitioner and an agency lead see an empty state; the Southwark coordinator no Wandsworth rows',
    async () => {
      const harness = h()
      for (const email of [PRACTITIONER, AGENCY_LEAD]) {
        const browser = await signedIn(harness.app, email)
        const page = await browser.get('/manage')
        assert.equal(page.statusCode, 200)
        assert.deepEqual(clockRows(page.body), [], email)
        assert.match(
          textOf(page.body),
          /Your role does not include serious incidents, rapid reviews or reviews/,
        )
        assert.ok(!page.body.includes('data-testid="on-time-chart"'), `${email}: no chart`)
        assert.ok(!page.body.includes('Child C'), email)
      }
      const southwark = await signedIn(harness.app, SOUTHWARK_COORDINATOR)
      const page = await southwark.get('/manage')
      assert.deepEqual(clockRows(page.body), [])
      assert.match(textOf(page.body), /There are no open statutory deadlines/)
      assert.ok(!page.body.includes('Child C') && !page.body.includes(WANDSWORTH))
      // Asking for another partnership's rows shows nothing of it either.
      const other = await southwark.get('/manage?partnership=wandsworth')
      assert.deepEqual(clockRows(other.body), [])
      assert.ok(!other.body.includes(WANDSWORTH))
      const totals = onTimeTable(page.body).get('Total')
      assert.deepEqual(totals, { onTime: 0, late: 0 })
    },
  )

  itOnLeg(
    'the chart: an SVG image with title and summary, and a data table of on time and late by month due',
    async () => {
      const harness = h()
      const { services } = harness
      const { wd } = await workingDaysFromToday(harness)
      const browser = await signedIn(harness.app, COORDINATOR)
      // A notification done late: due 15 working days ago, done 5 ago.
      const lateId = await recordIncident(harness, browser, 'Child Late', wd(-20))
      const latePage = await browser.get(`/manage/incidents/${lateId}`)
      await browser.submit(
        `/manage/incidents/${lateId}`,
        { version: versionIn(latePage.body), ...dateFields('panelNotifiedOn', wd(-5)) },
        `/manage/incidents/${lateId}/notifications`,
      )

      // What the table must say, from the incidents' own clocks.
      const actor = await services.auth.actorFor(await userIdOf(harness, COORDINATOR))
      const expected = new Map<string, { onTime: number; late: number }>()
      const count = (dueOn: string, status: string) => {
        const month = monthOf(dueOn)
        const entry = expected.get(month) ?? { onTime: 0, late: 0 }
        if (status === 'met') entry.onTime += 1
        if (status === 'late') entry.late += 1
        expected.set(month, entry)
      }
      const incidents = await services.incidents.list(actor)
      for (const incident of incidents) {
        for (const clock of [incident.clocks.panelNotification, incident.clocks.rapidReview]) {
          if (clock && (clock.status === 'met' || clock.status === 'late')) {
            count(clock.dueOn, clock.status)
          }
        }
      }
      const childB = incidents.find((incident) => incident.children[0]?.pseudonym === 'Child B')
      const childLate = incidents.find((incident) => incident.id === lateId)
      assert.ok(
        childB?.notificationDueOn && childB.rapidReviewDueOn && childLate?.notificationDueOn,
      )
      assert.equal(childLate.clocks.panelNotification?.status, 'late')

      const page = await browser.get('/manage')
      const table = onTimeTable(page.body)
      assert.equal(table.size, 13, 'twelve months and a total')
      const months = [...table.keys()].slice(0, 12)
      assert.equal(months.at(-1), monthOf(wd(0)), 'the window ends with this month')
      for (const month of months) {
        assert.deepEqual(table.get(month), expected.get(month) ?? { onTime: 0, late: 0 }, month)
      }
      // Child B's two deadlines were met (demo data); Child Late's notification was late.
      assert.ok((table.get(monthOf(childB.notificationDueOn))?.onTime ?? 0) >= 1)
      assert.ok((table.get(monthOf(childB.rapidReviewDueOn))?.onTime ?? 0) >= 1)
      assert.ok((table.get(monthOf(childLate.notificationDueOn))?.late ?? 0) >= 1)
      const total = table.get('Total')
      assert.ok(total)
      assert.equal(
        total.onTime,
        [...expected.values()].reduce((sum, m) => sum + m.onTime, 0),
      )
      assert.equal(
        total.late,
        [...expected.values()].reduce((sum, m) => sum + m.late, 0),
      )

      const svg = /<svg [^>]*data-testid="on-time-chart"[\s\S]*?<\/svg>/.exec(page.body)?.[0] ?? ''
      assert.match(svg, /role="img"/)
      assert.match(svg, /aria-labelledby="on-time-chart-title on-time-chart-desc"/)
      assert.match(svg, /<title id="on-time-chart-title">Statutory deadlines on time and late, /)
      const desc = textOf(/<desc id="on-time-chart-desc">([\s\S]*?)<\/desc>/.exec(svg)?.[1] ?? '')
      assert.match(
        desc,
        new RegExp(`${total.onTime} deadlines? met on time and ${total.late} late`),
      )
      assert.match(desc, /The table beside the chart gives the figures/)
      assert.match(
        svg,
        /<pattern id="on-time-chart-late-hatch"/,
        'late bars are hatched, not only red',
      )
      assert.ok(
        !svg.includes('style='),
        'presentation attributes only (the CSP forbids inline styles)',
      )
    },
  )

  itOnLeg(
    'iCalendar feed: made once by POST, RFC 5545 all-day events with pseudonyms only, no session needed',
    async () => {
      const harness = h()
      const { app } = harness
      const { wd } = await workingDaysFromToday(harness)
      const browser = await signedIn(app, COORDINATOR)
      const restrictedId = await recordIncident(harness, browser, 'Child Feed', wd(-2), {
        child1Name: RESTRICTED.name,
        child1Address: RESTRICTED.address,
        child1LocalAuthorityReference: RESTRICTED.reference,
      })

      // Signed out, the page sends people to sign in; a POST without the token is refused.
      assert.equal((await new Browser(app).get('/manage/calendar-feed')).statusCode, 302)
      assert.equal((await browser.post('/manage/calendar-feed', {})).statusCode, 403)

      const page = await browser.get('/manage/calendar-feed')
      assert.equal(page.statusCode, 200)
      assert.match(page.body, /Create my calendar link/)
      const link = await feedLink(browser)
      assert.match(link, /^http:\/\/localhost:\d+\/calendar\/[A-Za-z0-9_-]{43}\.ics$/)
      const token = /\/calendar\/([^/]+)\.ics$/.exec(link)?.[1] ?? ''

      // Only the SHA-256 hash is stored; the audit trail has neither.
      const userId = await userIdOf(harness, COORDINATOR)
      const stored = await dbOf(harness).selectFrom('calendar_feed').selectAll().execute()
      assert.equal(stored.length, 1)
      assert.equal(stored[0]?.user_id, userId)
      assert.equal(stored[0]?.token_hash, sha256(token))
      assert.ok(!JSON.stringify(stored).includes(token))
      const audit = await dbOf(harness)
        .selectFrom('audit_event')
        .select(['action', 'summary'])
        .where('record_type', '=', 'calendar-feed')
        .execute()
      assert.deepEqual(
        audit.map((event) => event.action),
        ['calendar-feed.created'],
      )
      assert.ok(
        !JSON.stringify(audit).includes(token) && !JSON.stringify(audit).includes(sha256(token)),
      )

      // Shown once: the page afterwards offers a reset, not the link.
      const after = await browser.get('/manage/calendar-feed')
      assert.ok(!after.body.includes(token))
      assert.match(after.body, /Reset the link/)
      // Asking again for a new link is refused with a clear message.
      const again = await browser.submit('/manage/calendar-feed', {})
      assert.equal(again.statusCode, 400)
      assert.match(textOf(again.body), /You already have a calendar link/)

      // The feed, with no cookies at all.
      const feed = await app.inject({ method: 'GET', url: pathOf(link) })
      assert.equal(feed.statusCode, 200)
      assert.equal(feed.headers['content-type'], 'text/calendar; charset=utf-8')
      assert.equal(feed.headers['cache-control'], 'no-store')
      const ics = feed.body
      assert.ok(ics.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:'))
      assert.ok(ics.endsWith('END:VCALENDAR\r\n'))
      for (const line of ics.split('\r\n')) assert.ok(Buffer.byteLength(line) <= 75, line)
      const events = eventsOf(ics)
      const summaries = events.map((event) => event.SUMMARY)
      assert.ok(
        summaries.includes(`Notification due: Child C (${WANDSWORTH})`),
        summaries.join('\n'),
      )
      assert.ok(summaries.includes(`Rapid review due: Child C (${WANDSWORTH})`))
      assert.ok(summaries.includes(`Review final report target: Child C (${WANDSWORTH})`))
      assert.ok(summaries.includes(`Notification due: Child Feed (${WANDSWORTH})`))
      const childC = events.find(
        (event) => event.SUMMARY === `Notification due: Child C (${WANDSWORTH})`,
      )
      assert.ok(childC)
      assert.equal(childC['DTSTART;VALUE=DATE'], wd(2).replace(/-/g, ''))
      assert.match(childC.DTSTAMP ?? '', /^\d{8}T\d{6}Z$/)
      assert.match(childC.UID ?? '', /^incident-[0-9a-f-]{36}-notification@localhost:\d+$/)
      assert.match(childC.URL ?? '', /^http:\/\/localhost:\d+\/manage\/incidents\/[0-9a-f-]{36}$/)
      assert.equal(new Set(events.map((event) => event.UID)).size, events.length, 'UIDs unique')
      const feedEvent = events.find((event) => event.URL?.endsWith(restrictedId))
      assert.ok(feedEvent, 'the new incident is in the feed')
      for (const value of Object.values(RESTRICTED)) {
        assert.ok(!unfold(ics).includes(value), 'no restricted identity field in the feed')
        assert.ok(!unfold(ics).includes(value.replace(/,/g, '\\,')))
      }
      // Stable UIDs: the same deadlines on the next poll.
      const second = eventsOf((await app.inject({ method: 'GET', url: pathOf(link) })).body)
      assert.deepEqual(
        second.map((event) => event.UID).sort(),
        events.map((event) => event.UID).sort(),
      )
      const used = await dbOf(harness)
        .selectFrom('calendar_feed')
        .select('last_used_at')
        .executeTakeFirst()
      assert.ok(used?.last_used_at, 'last use recorded')
    },
  )

  itOnLeg(
    'iCalendar feed: reset invalidates the old link at once (audited); unknown links 404; each person sees their own deadlines',
    async () => {
      const harness = h()
      const { app } = harness
      const browser = await signedIn(app, COORDINATOR)
      const status = await browser.get('/manage/calendar-feed')
      const old = status.body.includes('Reset the link') ? null : await feedLink(browser)
      const fresh = await feedLink(browser, '/manage/calendar-feed/reset')
      assert.notEqual(fresh, old)
      if (old) assert.equal((await app.inject({ method: 'GET', url: pathOf(old) })).statusCode, 404)
      assert.equal((await app.inject({ method: 'GET', url: pathOf(fresh) })).statusCode, 200)
      const resets = await dbOf(harness)
        .selectFrom('audit_event')
        .select(['summary', 'actor_user_id'])
        .where('action', '=', 'calendar-feed.reset')
        .execute()
      assert.ok(resets.length >= 1)
      assert.ok(resets.every((event) => !event.summary.includes(pathOf(fresh).slice(10, 53))))
      // A second reset: the link from the first reset stops too.
      const third = await feedLink(browser, '/manage/calendar-feed/reset')
      assert.equal((await app.inject({ method: 'GET', url: pathOf(fresh) })).statusCode, 404)
      assert.equal((await app.inject({ method: 'GET', url: pathOf(third) })).statusCode, 200)
      // A stale reset form (an old version) is refused, not applied.
      const stale = await browser.submit(
        '/manage/calendar-feed',
        { version: '1' },
        '/manage/calendar-feed/reset',
      )
      assert.equal(stale.statusCode, 409)
      assert.equal((await app.inject({ method: 'GET', url: pathOf(third) })).statusCode, 200)

      // Unknown, malformed and path-like links are all "not found".
      for (const url of [
        `/calendar/${randomBytes(32).toString('base64url')}.ics`,
        '/calendar/short.ics',
        `/calendar/${randomBytes(32).toString('base64url')}.txt`,
        '/calendar/',
        '/calendar/..%2Fmanage.ics',
      ]) {
        assert.equal((await app.inject({ method: 'GET', url })).statusCode, 404, url)
      }

      // The Southwark coordinator's feed has no Wandsworth deadline; a practitioner's is empty.
      const southwark = await signedIn(app, SOUTHWARK_COORDINATOR)
      const southwarkFeed = (
        await app.inject({ method: 'GET', url: pathOf(await feedLink(southwark)) })
      ).body
      assert.ok(southwarkFeed.startsWith('BEGIN:VCALENDAR'))
      assert.ok(!unfold(southwarkFeed).includes('Wandsworth'))
      const practitioner = await signedIn(app, PRACTITIONER)
      const practitionerFeed = (
        await app.inject({ method: 'GET', url: pathOf(await feedLink(practitioner)) })
      ).body
      assert.equal(eventsOf(practitionerFeed).length, 0)
    },
  )

  itOnLeg(
    'the dashboard, kept between requests, follows each change at once: a new incident, a bank holiday, a restriction, a partnership’s name',
    async () => {
      const harness = h()
      const coordinator = await signedIn(harness.app, COORDINATOR)
      const partner = await signedIn(harness.app, PARTNER)
      const administrator = await signedIn(harness.app, ADMINISTRATOR)
      const keptRow = async (browser: Browser) =>
        clockRows((await browser.get('/manage')).body).find((row) => /Child Kept/.test(row.text))
      // Both dashboards are worked out, and kept, before anything changes.
      assert.equal(await keptRow(coordinator), undefined)
      assert.equal(await keptRow(partner), undefined)

      // A new incident, aware 3 working days ago: notify the Panel 5 working
      // days after awareness (S3): wd(2) from a working day, wd(3) from a
      // weekend or bank holiday (issue 7).
      const { wd } = await workingDaysFromToday(harness)
      const awareOn = wd(-3)
      const notifyBy = (await harness.services.calendar.calendar()).addWorkingDays(awareOn, 5)
      const id = await recordIncident(harness, coordinator, 'Child Kept', awareOn)
      assert.equal((await keptRow(coordinator))?.dueOn, notifyBy)
      assert.equal((await keptRow(partner))?.dueOn, notifyBy)

      // A bank holiday on the next working day, which falls between awareness
      // and the deadline, moves the deadline a working day on (S21).
      const holiday = wd(1)
      const [year, month, day] = holiday.split('-')
      const added = await administrator.submit('/manage/settings/bank-holidays', {
        'date-day': String(Number(day)),
        'date-month': String(Number(month)),
        'date-year': String(year),
        title: 'Kept dashboard test day',
      })
      assert.equal(added.statusCode, 303, added.body)
      const moved = (await harness.services.calendar.calendar()).addWorkingDays(awareOn, 5)
      assert.equal(moved, (await harness.services.calendar.calendar()).addWorkingDays(notifyBy, 1))
      assert.equal((await keptRow(coordinator))?.dueOn, moved)

      // Restricted to the coordinator: gone from the partner's dashboard.
      const accessPage = await coordinator.get(`/manage/incidents/${id}/access`)
      const restricted = await coordinator.submit(`/manage/incidents/${id}/access`, {
        restricted: 'yes',
        version: versionIn(accessPage.body),
      })
      assert.equal(restricted.statusCode, 303, restricted.body)
      assert.equal(await keptRow(partner), undefined)
      assert.ok(await keptRow(coordinator))

      // The partnership's new name is on its rows.
      const wandsworth = await dbOf(harness)
        .selectFrom('partnership')
        .select('id')
        .where('slug', '=', 'wandsworth')
        .executeTakeFirstOrThrow()
      const rename = async (name: string) => {
        const url = `/manage/partnerships/${wandsworth.id}`
        const form = await coordinator.get(url)
        const saved = await coordinator.submit(url, { name, version: versionIn(form.body) })
        assert.equal(saved.statusCode, 303, saved.body)
      }
      await rename('Wandsworth Renamed Partnership')
      assert.match((await keptRow(coordinator))?.text ?? '', /Wandsworth Renamed Partnership/)

      // Put back what later tests expect.
      await rename(WANDSWORTH)
      const removed = await administrator.submit(
        `/manage/settings/bank-holidays/${holiday}/remove`,
        {},
      )
      assert.equal(removed.statusCode, 303, removed.body)
      assert.equal((await keptRow(coordinator))?.dueOn, notifyBy)
    },
  )

  // Last: its 55 open incidents would push earlier tests' rows off the first page.
  itOnLeg(
    'more than 50 open deadlines: 50 a page, sorted across all of them, and page links that keep the sort and filters',
    async () => {
      const harness = h()
      const { wd } = await workingDaysFromToday(harness)
      const browser = await signedIn(harness.app, COORDINATOR)
      for (let i = 0; i < 55; i += 1) {
        await recordIncident(harness, browser, `Child Page ${i}`, wd(-(i % 4)))
      }

      const sorted = '/manage?sort=due&order=desc'
      const first = await browser.get(sorted)
      assert.equal(first.statusCode, 200)
      const caption = /(\d+) open deadlines, page 1 of 2<\/caption>/.exec(first.body)
      assert.ok(caption, 'the caption says which page')
      const total = Number(caption[1])
      assert.ok(total > 55 && total <= 100, String(total))
      const firstRows = clockRows(first.body)
      assert.equal(firstRows.length, 50)
      assert.match(
        first.body,
        new RegExp(`<p class="govuk-body"[^>]*>Showing 1 to 50 of ${total} deadlines</p>`),
      )
      const nav = (html: string) =>
        /<nav class="govuk-pagination"[^>]*aria-label="Pages of open deadlines">([\s\S]*?)<\/nav>/.exec(
          html,
        )?.[1] ?? ''
      const firstNav = nav(first.body)
      assert.ok(firstNav, 'a pagination landmark with its own name')
      assert.ok(!firstNav.includes('rel="prev"'), 'no previous link on page 1')
      assert.match(firstNav, /href="\/manage\?sort=due&amp;order=desc&amp;page=2" rel="next"/)
      assert.match(
        firstNav,
        /href="\/manage\?sort=due&amp;order=desc" aria-label="Page 1" aria-current="page"/,
      )

      const second = await browser.get(`${sorted}&page=2`)
      const secondRows = clockRows(second.body)
      assert.equal(secondRows.length, total - 50, 'page 2 has the rest')
      assert.match(second.body, new RegExp(`${total} open deadlines, page 2 of 2</caption>`))
      assert.match(second.body, new RegExp(`Showing 51 to ${total} of ${total} deadlines`))
      const secondNav = nav(second.body)
      assert.match(secondNav, /href="\/manage\?sort=due&amp;order=desc" rel="prev"/)
      assert.ok(!secondNav.includes('rel="next"'), 'no next link on the last page')
      assert.match(secondNav, /aria-label="Page 2" aria-current="page"/)
      // The sort applies to every row before the page is cut: the pages run on, latest first.
      const all = [...firstRows, ...secondRows]
      const dues = all.map((row) => row.dueOn)
      assert.deepEqual(dues, [...dues].sort().reverse())
      assert.equal(new Set(all.map((row) => `${row.href} ${row.text}`)).size, total)
      // A sort link starts the new order at its first page; the filter form keeps the sort.
      assert.match(second.body, /href="\/manage\?sort=status&amp;order=asc">Status/)
      assert.match(second.body, /<input type="hidden" name="order" value="desc">/)

      // The filters go with the sort in every page link.
      const incidents = await browser.get('/manage?kind=incident&sort=record&order=asc')
      assert.ok(clockRows(incidents.body).every((row) => row.kind === 'incident'))
      assert.match(
        nav(incidents.body),
        /href="\/manage\?kind=incident&amp;sort=record&amp;order=asc&amp;page=2" rel="next"/,
      )

      // Past the end shows the last page; a page that is not a number shows the first.
      const past = await browser.get(`${sorted}&page=99`)
      assert.equal(past.statusCode, 200)
      assert.deepEqual(clockRows(past.body), secondRows)
      for (const garbage of ['0', '-1', 'abc', '1.5', encodeURIComponent(SCRIPT)]) {
        const page = await browser.get(`${sorted}&page=${garbage}`)
        assert.equal(page.statusCode, 200, garbage)
        assert.deepEqual(clockRows(page.body), firstRows, garbage)
        assert.ok(!page.body.includes(SCRIPT))
      }
    },
  )
})
