// The learning event pages (issue 11), on both databases: each page answers the
// right people; the business unit plans an event through the form (errors in
// the GOV.UK error summary, linked to their fields); a practitioner books and
// cancels a place with the buttons; a stale edit shows the "changed by someone
// else" page; the event is cancelled with a reason; after the event the
// organiser records attendance, the attendee gives feedback, and the reach page
// shows the chart with its table and offers the CSV.
import assert from 'node:assert/strict'
import { londonWallClock } from '../../src/domain/learning-events/learning-event.js'
import { DEMO_EVENT_TITLE } from '../../src/services/demo-data/demo-learning-events.js'
import { testNow } from '../support/test-clock.js'
import { Browser, csrfTokenIn, describeOnEachDatabase, itOnLeg } from './support/app-harness.js'
import type { Harness } from './support/app-harness.js'
import { dbOf } from './support/records.js'
import { ACCOUNTS, actorFor } from './support/route-walk.js'

const DAY_MS = 24 * 3_600_000
/** Moved on by a test to put the services' clock after an event has started. */
let shiftMs = 0
const clock = () => new Date(testNow().getTime() + shiftMs)

const BASE = '/manage/learning-events'

async function signedIn(harness: Harness, email: string): Promise<Browser> {
  const browser = new Browser(harness.app)
  assert.equal((await browser.signIn(email)).statusCode, 303, `${email} signs in`)
  return browser
}

/** Posts a page's form with that page's CSRF token. */
async function postFrom(
  browser: Browser,
  page: string,
  action: string,
  form: Record<string, string>,
) {
  const shown = await browser.get(page)
  assert.equal(shown.statusCode, 200, `${page} answers`)
  return browser.post(action, { _csrf: csrfTokenIn(shown.body), ...form })
}

function errorSummaryOf(html: string): string {
  const match = /<div class="govuk-error-summary"[\s\S]*?<\/ul>/.exec(html)
  assert.ok(match, 'the page has a GOV.UK error summary')
  return match[0]
}

async function demoEventId(harness: Harness): Promise<string> {
  const row = await dbOf(harness)
    .selectFrom('learning_event')
    .select('id')
    .where('title', '=', DEMO_EVENT_TITLE)
    .executeTakeFirstOrThrow()
  return row.id
}

/** The plan form's fields for an event `days` after the clock's day. */
async function planForm(harness: Harness, days: number, overrides: Record<string, string> = {}) {
  const coordinator = await actorFor(harness, ACCOUNTS.coordinator)
  const choices = await harness.services.learningEvents.choices(coordinator)
  const childA = choices.reviews.find((review) => review.title.includes('Child A'))
  assert.ok(childA)
  const date = londonWallClock(new Date(clock().getTime() + days * DAY_MS)).slice(0, 10)
  return {
    title: 'Child A: seeing the parent’s needs',
    description: 'A workshop.',
    reviewIds: childA.id,
    themes: 'professional-curiosity',
    'date-day': String(Number(date.slice(8, 10))),
    'date-month': String(Number(date.slice(5, 7))),
    'date-year': date.slice(0, 4),
    startTime: '09:30',
    endTime: '12:00',
    place: 'Wandsworth Town Hall',
    onlineLink: '',
    capacity: '1',
    agencyIds: choices.agencies[0]!.id,
    ...overrides,
  }
}

describeOnEachDatabase(
  'Learning event pages',
  (h) => {
    itOnLeg('each page answers the people it is for', async () => {
      const harness = h()
      shiftMs = 0
      const id = await demoEventId(harness)
      const coordinator = await signedIn(harness, ACCOUNTS.coordinator)
      const practitioner = await signedIn(harness, ACCOUNTS.practitioner)
      const southwark = await signedIn(harness, ACCOUNTS.southwark)

      const list = await practitioner.get(BASE)
      assert.equal(list.statusCode, 200)
      assert.match(list.body, new RegExp(DEMO_EVENT_TITLE))
      assert.match(list.body, /You have a place/, 'the practitioner’s own booking is shown')
      assert.match(
        (await practitioner.get('/manage')).body,
        /<a class="govuk-service-navigation__link" href="\/manage\/learning-events"/,
        'in the navigation',
      )
      assert.doesNotMatch(list.body, /Plan an event/)
      assert.match((await coordinator.get(BASE)).body, /Plan an event/)

      for (const path of [
        `${BASE}/new`,
        `${BASE}/reach`,
        `${BASE}/${id}`,
        `${BASE}/${id}/change`,
        `${BASE}/${id}/cancel`,
        `${BASE}/${id}/attendance`,
        `${BASE}/${id}/feedback`,
      ]) {
        assert.equal((await coordinator.get(path)).statusCode, 200, `${path} for the coordinator`)
      }
      const event = await practitioner.get(`${BASE}/${id}`)
      assert.equal(event.statusCode, 200)
      assert.match(event.body, /You have a place at this event/)
      assert.match(event.body, /Cancel your place/)
      assert.doesNotMatch(event.body, /Organising the event/, 'the bookings are the organiser’s')
      assert.match(
        (await coordinator.get(`${BASE}/${id}`)).body,
        /Demo Practitioner/,
        'the organiser sees who booked',
      )
      assert.equal((await practitioner.get(`${BASE}/new`)).statusCode, 403)
      assert.equal((await practitioner.get(`${BASE}/${id}/change`)).statusCode, 403)
      assert.equal((await practitioner.get(`${BASE}/reach`)).statusCode, 403)
      assert.equal((await southwark.get(`${BASE}/${id}`)).statusCode, 404)
      assert.equal((await southwark.get(`${BASE}/${id}/change`)).statusCode, 404)
      assert.equal((await coordinator.get(`${BASE}/not-an-id`)).statusCode, 404)
    })

    itOnLeg(
      'planning through the form: errors in the summary, then the event and its booking buttons',
      async () => {
        const harness = h()
        shiftMs = 0
        const coordinator = await signedIn(harness, ACCOUNTS.coordinator)
        const refused = await postFrom(coordinator, `${BASE}/new`, `${BASE}/new`, {
          ...(await planForm(harness, 7)),
          title: '',
          capacity: '1001',
          onlineLink: 'javascript:alert(1)',
        })
        assert.equal(refused.statusCode, 400)
        const summary = errorSummaryOf(refused.body)
        assert.match(summary, /href="#title">Enter a title for the event/)
        assert.match(summary, /href="#onlineLink">/)
        assert.match(summary, /href="#capacity">The number of places must be between 1 and 1000/)
        assert.match(refused.body, /<title>Error: /)
        assert.match(refused.body, /value="Wandsworth Town Hall"/, 'what was typed is kept')
        const past = await postFrom(
          coordinator,
          `${BASE}/new`,
          `${BASE}/new`,
          await planForm(harness, -3),
        )
        assert.equal(past.statusCode, 400)
        assert.match(
          errorSummaryOf(past.body),
          /href="#date-day">The event must start in the future/,
        )

        const planned = await postFrom(
          coordinator,
          `${BASE}/new`,
          `${BASE}/new`,
          await planForm(harness, 7),
        )
        assert.equal(planned.statusCode, 303)
        const eventPath = String(planned.headers.location)
        assert.match(eventPath, /^\/manage\/learning-events\/[0-9a-f-]{36}$/)

        // The one place, booked by the practitioner with the button.
        const practitioner = await signedIn(harness, ACCOUNTS.practitioner)
        const before = await practitioner.get(eventPath)
        assert.match(before.body, /Book a place/)
        const booked = await postFrom(practitioner, eventPath, `${eventPath}/book`, {})
        assert.equal(booked.statusCode, 303)
        assert.equal(booked.headers.location, eventPath)
        const after = await practitioner.get(eventPath)
        assert.match(after.body, /You have a place/)
        assert.match(after.body, /1 of 1 booked/)
        // Full: the next person is offered the waiting list.
        const agencyLead = await signedIn(harness, ACCOUNTS.agencyLead)
        assert.match((await agencyLead.get(eventPath)).body, /Join the waiting list/)
        assert.equal(
          (await postFrom(agencyLead, eventPath, `${eventPath}/book`, {})).statusCode,
          303,
        )
        assert.match((await agencyLead.get(eventPath)).body, /You are number 1 on the waiting list/)
        // The practitioner cancels: the place goes to the agency lead.
        const cancelled = await postFrom(practitioner, eventPath, `${eventPath}/cancel-booking`, {})
        assert.equal(cancelled.statusCode, 303)
        assert.match((await practitioner.get(eventPath)).body, /Your booking is cancelled/)
        assert.match((await agencyLead.get(eventPath)).body, /You have a place at this event/)

        // A stale edit: the "changed by someone else" page, nothing saved.
        const form = await coordinator.get(`${eventPath}/change`)
        assert.match(form.body, /name="version" value="1"/)
        const changed = await coordinator.post(`${eventPath}/change`, {
          _csrf: csrfTokenIn(form.body),
          version: '1',
          ...(await planForm(harness, 7, { capacity: '5' })),
        })
        assert.equal(changed.statusCode, 303)
        const stale = await coordinator.post(`${eventPath}/change`, {
          _csrf: csrfTokenIn(form.body),
          version: '1',
          ...(await planForm(harness, 7, { title: 'Overwritten?' })),
        })
        assert.equal(stale.statusCode, 409)
        assert.doesNotMatch((await coordinator.get(eventPath)).body, /Overwritten\?/)

        // Cancelling the event needs a reason.
        const noReason = await postFrom(coordinator, `${eventPath}/cancel`, `${eventPath}/cancel`, {
          version: '2',
          reason: ' ',
        })
        assert.equal(noReason.statusCode, 400)
        assert.match(
          errorSummaryOf(noReason.body),
          /href="#reason">Enter why the event is cancelled/,
        )
        const done = await postFrom(coordinator, `${eventPath}/cancel`, `${eventPath}/cancel`, {
          version: '2',
          reason: 'The trainer is unwell',
        })
        assert.equal(done.statusCode, 303)
        const shown = await agencyLead.get(eventPath)
        assert.match(shown.body, /This event was cancelled on .* The trainer is unwell/)
        assert.doesNotMatch(shown.body, /Book a place|Join the waiting list/)
      },
    )

    itOnLeg(
      'after the event: attendance, feedback once, the reach chart and table, the CSV',
      async () => {
        const harness = h()
        shiftMs = 0
        let coordinator = await signedIn(harness, ACCOUNTS.coordinator)
        const planned = await postFrom(coordinator, `${BASE}/new`, `${BASE}/new`, {
          ...(await planForm(harness, 2)),
          title: 'Held for the pages',
          capacity: '5',
        })
        const eventPath = String(planned.headers.location)
        let practitioner = await signedIn(harness, ACCOUNTS.practitioner)
        await postFrom(practitioner, eventPath, `${eventPath}/book`, {})
        const early = await coordinator.get(`${eventPath}/attendance`)
        assert.match(early.body, /once the event has started/)

        // Three days on: sessions that old have ended, so both sign in again.
        shiftMs = 3 * DAY_MS
        coordinator = await signedIn(harness, ACCOUNTS.coordinator)
        practitioner = await signedIn(harness, ACCOUNTS.practitioner)
        const form = await coordinator.get(`${eventPath}/attendance`)
        assert.equal(form.statusCode, 200)
        const bookingId = /name="attended" type="checkbox" value="([0-9a-f-]{36})"/.exec(
          form.body,
        )?.[1]
        assert.ok(bookingId, 'a tick box for the practitioner')
        const wrongAgency = await coordinator.post(`${eventPath}/attendance`, {
          _csrf: csrfTokenIn(form.body),
          attended: bookingId,
          [`agency-${bookingId}`]: 'not-an-agency',
        })
        assert.equal(wrongAgency.statusCode, 400)
        assert.match(
          errorSummaryOf(wrongAgency.body),
          new RegExp(`href="#agency-${bookingId}">Select an agency from the list`),
        )
        const choices = await harness.services.learningEvents.choices(
          await actorFor(harness, ACCOUNTS.coordinator),
        )
        const agency = choices.agencies[0]!
        const recorded = await coordinator.post(`${eventPath}/attendance`, {
          _csrf: csrfTokenIn(form.body),
          attended: bookingId,
          [`agency-${bookingId}`]: agency.id,
        })
        assert.equal(recorded.statusCode, 303)
        assert.match((await coordinator.get(eventPath)).body, /Attended/)

        // Feedback: errors in the summary, then once.
        const page = await practitioner.get(eventPath)
        assert.match(page.body, /Give your feedback on the event/)
        const missing = await postFrom(
          practitioner,
          `${eventPath}/feedback`,
          `${eventPath}/feedback`,
          { willDoDifferently: '' },
        )
        assert.equal(missing.statusCode, 400)
        const summary = errorSummaryOf(missing.body)
        assert.match(summary, /href="#usefulness">Select how useful the event was/)
        assert.match(summary, /href="#willDoDifferently">/)
        const given = await postFrom(
          practitioner,
          `${eventPath}/feedback`,
          `${eventPath}/feedback`,
          { usefulness: '4', willDoDifferently: 'Ask about the parent’s own needs.', comments: '' },
        )
        assert.equal(given.statusCode, 303)
        assert.match(
          (await practitioner.get(`${eventPath}/feedback`)).body,
          /you have given your feedback/,
        )
        assert.match((await coordinator.get(eventPath)).body, /Ask about the parent’s own needs/)

        const reach = await coordinator.get(`${BASE}/reach`)
        assert.equal(reach.statusCode, 200)
        assert.match(reach.body, /<svg[^>]+role="img"[^>]+data-testid="learning-reach-chart"/)
        assert.match(reach.body, /<title id="learning-reach-chart-title">/)
        const table = /data-testid="reach-by-agency"[\s\S]*?<\/table>/.exec(reach.body)?.[0] ?? ''
        assert.match(table, new RegExp(`${agency.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`))
        assert.match(reach.body, /data-testid="reach-by-review"[\s\S]*Child A/)

        const csv = await coordinator.get(`${BASE}/attendance.csv`)
        assert.equal(csv.statusCode, 200)
        assert.match(String(csv.headers['content-type']), /^text\/csv/)
        assert.match(
          String(csv.headers['content-disposition']),
          /^attachment; filename="learning-event-attendance-/,
        )
        assert.match(csv.body, /Held for the pages,.*Demo Practitioner,.*,Yes/)
      },
    )
  },
  { now: clock },
)
