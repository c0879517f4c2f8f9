import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { parse } from 'csv-parse/sync'
import type { LightMyRequestResponse } from 'fastify'
import { Browser, describeOnEachDatabase, itOnLeg, type Harness } from './support/app-harness.js'
import { decodeHtml } from './support/html.js'
import {
  ADMINISTRATOR,
  COORDINATOR,
  PARTNER,
  PRACTITIONER,
  dateFields,
  dbOf,
  idFromLocation,
  incidentFormWithIdentity,
  plantedNhsNumber,
  signedIn,
  workingDaysFromToday,
} from './support/incident-helpers.js'
import { testNow } from '../support/test-clock.js'

interface CsvRow {
  sequence: string
  occurred_at: string
  actor: string
  actor_user_id: string
  action: string
  record_type: string
  record_id: string
  partnership_id: string
  summary: string
  hash: string
}

/** The audit CSV's rows, by column name. */
function csvRows(response: LightMyRequestResponse): CsvRow[] {
  assert.equal(response.statusCode, 200, response.body.slice(0, 500))
  assert.match(String(response.headers['content-type']), /^text\/csv/)
  return parse<CsvRow>(response.body, { columns: true })
}

/** The "N events." count on the audit page. */
function totalOn(response: LightMyRequestResponse): number {
  assert.equal(response.statusCode, 200, response.body.slice(0, 500))
  const match = /(\d+) events?\./.exec(response.body)
  assert.ok(match?.[1], 'the page says how many events match')
  return Number(match[1])
}

/** The page's "Download these events as CSV" link, as the browser would follow it. */
function csvLinkOn(response: LightMyRequestResponse): string {
  const match = /href="(\/manage\/audit\.csv[^"]*)"/.exec(response.body)
  assert.ok(match?.[1], 'the page links to the CSV of these events')
  return decodeHtml(match[1])
}

const PLANTED = randomUUID().slice(0, 8)
const NHS_NUMBER = plantedNhsNumber()
const IDENTITY = {
  name: `Rosalind Featherstonehaugh-${PLANTED}`,
  address: `${PLANTED} Wisteria Close, Auditham`,
  reference: `LA-${PLANTED}-AUD`,
  dateOfBirth: '2014-07-19',
  // Typed hyphenated; stored as its digits and shown in threes and fours.
  nhsNumber: `${NHS_NUMBER.slice(0, 3)}-${NHS_NUMBER.slice(3, 6)}-${NHS_NUMBER.slice(6)}`,
}
/** Every form a planted identity value could take in an export. */
const IDENTITY_NEEDLES = [
  IDENTITY.name,
  IDENTITY.name.toUpperCase(),
  IDENTITY.address,
  IDENTITY.reference,
  PLANTED,
  IDENTITY.dateOfBirth,
  '19 July 2014',
  NHS_NUMBER,
  IDENTITY.nhsNumber,
  IDENTITY.nhsNumber.replaceAll('-', ' '),
]

/** An incident recorded on the form with planted identity fields; returns its id. */
async function incidentWithIdentity(harness: Harness, coordinator: Browser): Promise<string> {
  const created = await coordinator.submit(
    '/manage/incidents/new',
    await incidentFormWithIdentity(harness, 'Child Omicron', IDENTITY),
  )
  return idFromLocation(created, '/manage/incidents/')
}

describeOnEachDatabase('audit trail page and export', (h) => {
  itOnLeg('shows administrators sign-ins, failures and changes, filtered', async () => {
    const { app } = h()
    await new Browser(app).signIn('practitioner@wandsworth.example', 'not the password at all')
    const admin = new Browser(app)
    await admin.signIn('administrator@wandsworth.example')

    const all = await admin.get('/manage/audit')
    assert.equal(all.statusCode, 200)
    assert.match(all.body, /sign-in\.failed/)
    assert.match(all.body, /partnership\.created/)

    const failures = await admin.get('/manage/audit?action=sign-in.failed')
    assert.match(failures.body, /1 event\./)
    assert.doesNotMatch(failures.body, /partnership\.created<\/td>/)

    const byUser = await admin.get('/manage/audit?user=administrator%40wandsworth.example')
    assert.match(byUser.body, /sign-in\.succeeded/)
    assert.doesNotMatch(byUser.body, /sign-in\.failed<\/td>/)

    const nobody = await admin.get('/manage/audit?user=nobody%40example.org')
    assert.match(nobody.body, /There is no account with that email address/)
  })

  itOnLeg('refuses bad dates with an error summary', async () => {
    const { app } = h()
    const admin = new Browser(app)
    await admin.signIn('administrator@wandsworth.example')
    const response = await admin.get('/manage/audit?from=2023-02-30&to=2023-01-01')
    assert.equal(response.statusCode, 400)
    assert.match(response.body, /There is a problem/)
    assert.match(response.body, /href="#from"/)
    const reversed = await admin.get('/manage/audit?from=2024-02-01&to=2024-01-01')
    assert.match(reversed.body, /same as or after the start date/)
  })

  itOnLeg('exports CSV with formula cells neutralised, and records the export', async () => {
    const { app, services } = h()
    await services.users.createUser(
      {
        email: 'formula@wandsworth.example',
        displayName: "=cmd|' /C calc'!A0",
        partnershipSlug: 'wandsworth',
        role: 'practitioner',
        password: 'a long enough password',
      },
      { kind: 'system', label: 'test' },
    )
    await new Browser(app).signIn('formula@wandsworth.example', 'a long enough password')
    const admin = new Browser(app)
    await admin.signIn('administrator@wandsworth.example')
    const signIns = await admin.get('/manage/audit.csv?user=formula%40wandsworth.example')
    assert.match(signIns.body, /,'=cmd\|' \/C calc'!A0,/)
    assert.doesNotMatch(signIns.body, /,=cmd/)

    const csv = await admin.get('/manage/audit.csv?action=partnership.created')
    assert.equal(csv.statusCode, 200)
    assert.match(String(csv.headers['content-type']), /^text\/csv/)
    assert.match(String(csv.headers['content-disposition']), /attachment/)
    const lines = csv.body.trim().split('\r\n')
    assert.equal(
      lines[0],
      'sequence,occurred_at,actor,actor_user_id,action,record_type,record_id,partnership_id,summary,hash',
    )
    // Only the administrator's own partnership: Southwark's creation is not theirs to see.
    assert.equal(lines.length, 2)
    assert.match(csv.body, /wandsworth/)
    assert.doesNotMatch(csv.body, /southwark/)
    const page = await admin.get('/manage/audit?action=audit.exported')
    assert.match(page.body, /2 events\./)
    assert.equal((await services.verifyAuditTrail()).ok, true)
  })

  itOnLeg('is refused to everyone but administrators', async () => {
    const { app } = h()
    for (const email of ['coordinator@wandsworth.example', 'practitioner@wandsworth.example']) {
      const browser = new Browser(app)
      await browser.signIn(email)
      assert.equal((await browser.get('/manage/audit')).statusCode, 403)
      assert.equal((await browser.get('/manage/audit.csv')).statusCode, 403)
    }
    const anonymous = await app.inject({ method: 'GET', url: '/manage/audit' })
    assert.equal(anonymous.statusCode, 302)
  })

  itOnLeg('the record filter lists and exports that record’s events and no others', async () => {
    const harness = h()
    const coordinator = await signedIn(harness.app, COORDINATOR)
    const incidentId = await incidentWithIdentity(harness, coordinator)
    const otherId = await incidentWithIdentity(harness, coordinator)
    // A change to the incident, so it has more than its creation to show.
    const page = await coordinator.get(`/manage/incidents/${incidentId}`)
    const version = /name="version" value="(\d+)"/.exec(page.body)?.[1] ?? ''
    const { today } = await workingDaysFromToday(harness)
    const notified = await coordinator.submit(
      `/manage/incidents/${incidentId}`,
      { version, ...dateFields('panelNotifiedOn', today) },
      `/manage/incidents/${incidentId}/notifications`,
    )
    assert.equal(notified.statusCode, 303, notified.body.slice(0, 2000))
    const stored = await dbOf(harness)
      .selectFrom('audit_event')
      .select('action')
      .where('record_id', '=', incidentId)
      .orderBy('sequence')
      .execute()
    assert.ok(stored.length >= 2, 'the incident has several events')

    const admin = await signedIn(harness.app, ADMINISTRATOR)
    const listed = await admin.get(`/manage/audit?record=${incidentId}`)
    assert.equal(totalOn(listed), stored.length)
    assert.ok(listed.body.includes(`incident ${incidentId}`))
    assert.ok(!listed.body.includes(otherId), 'another incident’s events are not listed')
    assert.doesNotMatch(listed.body, /partnership\.created<\/td>/)

    const rows = csvRows(await admin.get(csvLinkOn(listed)))
    assert.deepEqual(
      rows.map((row) => row.action),
      stored.map((event) => event.action).reverse(),
      'the CSV holds exactly the record’s events, newest first',
    )
    assert.deepEqual(
      rows.map((row) => row.action),
      ['incident.notifications-recorded', 'incident.recorded'],
    )
    for (const row of rows) assert.equal(row.record_id, incidentId)

    const nothing = await admin.get(`/manage/audit?record=${randomUUID()}`)
    assert.equal(totalOn(nothing), 0)
  })

  itOnLeg(
    'identifying-details views and earlier exports appear in a later export, which never holds an identity value',
    async () => {
      const harness = h()
      const coordinator = await signedIn(harness.app, COORDINATOR)
      const incidentId = await incidentWithIdentity(harness, coordinator)
      const reason = 'Completing the Panel’s notification form today'
      const shown = await coordinator.submit(
        `/manage/incidents/${incidentId}/identifying-details`,
        { reason },
      )
      assert.equal(shown.statusCode, 303, shown.body.slice(0, 2000))
      // The details are on the coordinator's page now (so they were there to leak).
      const page = (await coordinator.get(`/manage/incidents/${incidentId}`)).body
      assert.ok(page.includes(IDENTITY.name))
      assert.ok(page.includes(IDENTITY.nhsNumber.replaceAll('-', ' ')), 'the NHS number too')

      const admin = await signedIn(harness.app, ADMINISTRATOR)
      const leaks = (csv: string) => IDENTITY_NEEDLES.filter((needle) => csv.includes(needle))
      const first = await admin.get(`/manage/audit.csv?record=${incidentId}`)
      assert.deepEqual(leaks(first.body), [], 'the record’s export holds no identity value')
      const viewedThen = csvRows(first).filter((row) => row.action === 'identifying-details.viewed')
      assert.equal(viewedThen.length, 1)

      const later = await admin.get('/manage/audit.csv')
      assert.deepEqual(leaks(later.body), [], 'the whole trail’s export holds no identity value')
      const rows = csvRows(later)
      const coordinatorId = (
        await dbOf(harness)
          .selectFrom('app_user')
          .select('id')
          .where('email', '=', COORDINATOR)
          .executeTakeFirstOrThrow()
      ).id
      const viewed = rows.filter(
        (row) => row.action === 'identifying-details.viewed' && row.record_id === incidentId,
      )
      assert.equal(viewed.length, 1, 'the reason step is in the export')
      assert.equal(viewed[0]?.actor_user_id, coordinatorId)
      assert.equal(viewed[0]?.record_type, 'incident')
      assert.deepEqual(JSON.parse(viewed[0]?.summary ?? '{}'), {
        after: { reason, purpose: 'incident', children: 1 },
      })
      // The earlier export is in the later one, with the filter it was made with.
      const exported = rows.filter((row) => row.action === 'audit.exported')
      const earlier = exported.find(
        (row) =>
          (JSON.parse(row.summary) as { after: { filter: { recordId?: string } } }).after.filter
            .recordId === incidentId,
      )
      assert.ok(earlier, 'the earlier export is listed')
      assert.deepEqual(JSON.parse(earlier.summary), {
        after: { filter: { recordId: incidentId }, events: csvRows(first).length },
      })
      assert.equal(earlier.record_type, 'audit-event')
      assert.ok(Number(earlier.sequence) > Number(viewed[0]?.sequence))
      // The later export's own event follows it (it is written as the export is made).
      const again = csvRows(await admin.get('/manage/audit.csv?action=audit.exported'))
      assert.equal(
        again[0]?.sequence,
        String(Math.max(...rows.map((row) => Number(row.sequence))) + 1),
      )
      assert.deepEqual(JSON.parse(again[0]?.summary ?? '{}'), {
        after: { filter: {}, events: rows.length },
      })
      // The page of the same events holds none either.
      const pageView = await admin.get(`/manage/audit?record=${incidentId}`)
      assert.deepEqual(leaks(pageView.body), [])
      assert.equal((await harness.services.verifyAuditTrail()).ok, true)
    },
  )
})

// The services' clock, pinned to days before today while the date-range test
// makes its events, so the events fall on days of their own. (Days before, not
// after: a session's expiry is worked out on the real clock, and a services
// clock ahead of it would find every new session already expired.)
const clock: { pinned: Date | null } = { pinned: null }

describeOnEachDatabase(
  'audit trail date range',
  (h) => {
    itOnLeg('a valid date range narrows the events listed and exported to those days', async () => {
      const { app } = h()
      const now = testNow()
      const noonOf = (days: number) =>
        new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + days, 12))
      const day = (days: number) => noonOf(days).toISOString().slice(0, 10)
      // Signed in today: the administrator's session is not touched while the clock is pinned.
      const admin = await signedIn(app, ADMINISTRATOR)
      try {
        clock.pinned = noonOf(-20)
        const failed = await new Browser(app).signIn(PRACTITIONER, 'not the password at all')
        assert.equal(failed.statusCode, 401, 'the sign-in was refused, not the form')
        clock.pinned = noonOf(-10)
        await new Browser(app).signIn(PARTNER, 'not the password at all')
        await signedIn(app, COORDINATOR)
      } finally {
        clock.pinned = null
      }

      // Everything: both days' events and the demo data's and sign-in of today.
      const all = totalOn(await admin.get('/manage/audit'))
      assert.ok(all > 3)

      const firstDay = await admin.get(`/manage/audit?from=${day(-20)}&to=${day(-20)}`)
      assert.equal(totalOn(firstDay), 1)
      assert.match(firstDay.body, /sign-in\.failed<\/td>/)
      assert.doesNotMatch(firstDay.body, /sign-in\.succeeded<\/td>/)
      assert.doesNotMatch(firstDay.body, /partnership\.created<\/td>/)

      const secondDay = await admin.get(`/manage/audit?from=${day(-10)}&to=${day(-10)}`)
      assert.equal(totalOn(secondDay), 2)
      assert.match(secondDay.body, /sign-in\.failed<\/td>/)
      assert.match(secondDay.body, /sign-in\.succeeded<\/td>/)
      assert.doesNotMatch(secondDay.body, /partnership\.created<\/td>/)

      assert.equal(totalOn(await admin.get(`/manage/audit?from=${day(-19)}&to=${day(-11)}`)), 0)
      assert.equal(totalOn(await admin.get(`/manage/audit?to=${day(-10)}`)), 3)
      const sinceThen = await admin.get(`/manage/audit?from=${day(-9)}`)
      assert.equal(totalOn(sinceThen), all - 3)
      // Newest first, a page at a time: today's sign-in leads; the demo data's
      // events (partnership.created among them) are in the export below.
      assert.match(sinceThen.body, /sign-in\.succeeded<\/td>/)

      // The CSV link carries the range, and the export holds those days' events only.
      const firstRows = csvRows(await admin.get(csvLinkOn(firstDay)))
      assert.deepEqual(
        firstRows.map((row) => [row.occurred_at, row.action]),
        [[noonOf(-20).toISOString(), 'sign-in.failed']],
      )
      const secondRows = csvRows(await admin.get(csvLinkOn(secondDay)))
      assert.deepEqual(
        secondRows.map((row) => [row.occurred_at, row.action]),
        [
          [noonOf(-10).toISOString(), 'sign-in.succeeded'],
          [noonOf(-10).toISOString(), 'sign-in.failed'],
        ],
      )
      // Today's events, and the two exports just made (each recorded as it is made).
      const recentRows = csvRows(await admin.get(csvLinkOn(sinceThen)))
      assert.equal(recentRows.length, all - 3 + 2)
      for (const row of recentRows) assert.ok(row.occurred_at.slice(0, 10) >= day(-9), row.action)
      assert.deepEqual(
        recentRows.slice(0, 2).map((row) => row.action),
        ['audit.exported', 'audit.exported'],
      )
      assert.ok(recentRows.some((row) => row.action === 'partnership.created'))
      assert.equal((await h().services.verifyAuditTrail()).ok, true)
    })
  },
  { now: () => clock.pinned ?? testNow() },
)
