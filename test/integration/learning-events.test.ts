// Learning events (issue 11), on both databases: the business unit plans an
// event from its partnership's reviews and agencies; staff book and cancel; a
// full event has a waiting list, and a freed place goes to the first waiting,
// who is told by email through the outbox; two people taking the last place at
// once: only one gets it; attendance after the event, feedback once; reach and
// the CSV export (formula cells neutralised, download audited); cancelling the
// event tells everyone booked.
import assert from 'node:assert/strict'
import { londonWallClock } from '../../src/domain/learning-events/learning-event.js'
import { AccessDeniedError, NotFoundError, ValidationError } from '../../src/domain/errors.js'
import { testNow } from '../support/test-clock.js'
import { describeOnEachDatabase, itOnLeg, type Harness } from './support/app-harness.js'
import { dbOf } from './support/records.js'
import { actorFor } from './support/route-walk.js'

const COORDINATOR = 'coordinator@wandsworth.example'
const PRACTITIONER = 'practitioner@wandsworth.example'
const AGENCY_LEAD = 'agency-lead@wandsworth.example'
const PARTNER = 'partner@wandsworth.example'
const REVIEWER = 'reviewer@wandsworth.example'
const SOUTHWARK = 'coordinator@southwark.example'

const DAY_MS = 24 * 3_600_000
/** Moved on by a test to put the services' clock after an event has started. */
let shiftMs = 0
const clock = () => new Date(testNow().getTime() + shiftMs)

/** A plan for an event `days` after the test clock's day, in London time. */
async function planFor(harness: Harness, days: number, overrides: Record<string, unknown> = {}) {
  const coordinator = await actorFor(harness, COORDINATOR)
  const choices = await harness.services.learningEvents.choices(coordinator)
  const childA = choices.reviews.find((review) => review.title.includes('Child A'))
  assert.ok(childA, 'the Child A review can be taught from')
  return {
    title: 'Learning from Child A: infant feeding and professional curiosity',
    description: '',
    reviewIds: [childA.id],
    themes: 'professional-curiosity',
    date: londonWallClock(new Date(clock().getTime() + days * DAY_MS)).slice(0, 10),
    startTime: '09:30',
    endTime: '12:00',
    place: 'Wandsworth Town Hall',
    onlineLink: '',
    capacity: '1',
    agencyIds: choices.agencies.slice(0, 2).map((agency) => agency.id),
    ...overrides,
  }
}

async function outboxTo(harness: Harness, email: string, kind: string) {
  return dbOf(harness)
    .selectFrom('outbox_message')
    .select(['subject', 'text_body', 'html_body', 'link', 'idempotency_key'])
    .where('recipient_email', '=', email)
    .where('kind', '=', kind)
    .execute()
}

async function auditActions(harness: Harness, eventId: string): Promise<string[]> {
  const rows = await dbOf(harness)
    .selectFrom('audit_event')
    .select('action')
    .where('record_type', '=', 'learning-event')
    .where('record_id', '=', eventId)
    .orderBy('sequence')
    .execute()
  return rows.map((row) => row.action)
}

describeOnEachDatabase(
  'Learning events',
  (h) => {
    itOnLeg('only the business unit plans; the plan is checked and audited', async () => {
      const harness = h()
      const events = harness.services.learningEvents
      const practitioner = await actorFor(harness, PRACTITIONER)
      await assert.rejects(events.plan(practitioner, await planFor(harness, 7)), AccessDeniedError)
      const coordinator = await actorFor(harness, COORDINATOR)
      await assert.rejects(
        events.plan(
          coordinator,
          await planFor(harness, 7, { capacity: '1001', onlineLink: 'javascript:alert(1)' }),
        ),
        (error: unknown) =>
          error instanceof ValidationError &&
          error.errors.map((e) => e.field).join() === 'onlineLink,capacity',
      )
      const { id } = await events.plan(coordinator, await planFor(harness, 7))
      const page = await events.event(practitioner, id)
      assert.equal(page.event.capacity, 1)
      assert.deepEqual(page.event.themeSlugs, ['professional-curiosity'])
      assert.equal(page.bookingOpen, true)
      // Another partnership's staff do not see it.
      await assert.rejects(events.event(await actorFor(harness, SOUTHWARK), id), NotFoundError)
      assert.deepEqual(await auditActions(harness, id), ['learning-event.planned'])
    })

    itOnLeg(
      'a full event has a waiting list; a freed place goes to the first waiting, told by email through the outbox',
      async () => {
        const harness = h()
        const events = harness.services.learningEvents
        const coordinator = await actorFor(harness, COORDINATOR)
        const { id } = await events.plan(coordinator, await planFor(harness, 8))
        const practitioner = await actorFor(harness, PRACTITIONER)
        const partner = await actorFor(harness, PARTNER)
        const reviewer = await actorFor(harness, REVIEWER)
        assert.deepEqual(await events.book(practitioner, id), { status: 'booked' })
        // Booking again is the same booking.
        assert.deepEqual(await events.book(practitioner, id), { status: 'booked' })
        assert.deepEqual(await events.book(partner, id), { status: 'waiting' })
        assert.deepEqual(await events.book(reviewer, id), { status: 'waiting' })
        assert.equal((await events.event(reviewer, id)).ownWaitingPlace, 2)

        await events.cancelBooking(practitioner, id)
        const partnerPage = await events.event(partner, id)
        assert.equal(partnerPage.ownBooking?.status, 'booked')
        assert.equal((await events.event(reviewer, id)).ownWaitingPlace, 1)

        const mails = await outboxTo(harness, PARTNER, 'learning-event-place')
        assert.equal(mails.length, 1)
        const mail = mails[0]!
        assert.match(mail.subject, /You have a place: Learning from Child A/)
        assert.match(mail.text_body, /A place has come free/)
        assert.match(mail.html_body, /A place has come free/)
        assert.match(mail.link, new RegExp(`/manage/learning-events/${id}$`))
        assert.equal((await outboxTo(harness, REVIEWER, 'learning-event-place')).length, 0)

        // Raising the capacity gives the new place to the next on the list.
        const saved = await events.event(coordinator, id)
        await events.edit(
          coordinator,
          id,
          saved.event.version,
          await planFor(harness, 8, { capacity: '2' }),
        )
        assert.equal((await events.event(reviewer, id)).ownBooking?.status, 'booked')
        assert.equal((await outboxTo(harness, REVIEWER, 'learning-event-place')).length, 1)
        // The saved version is now stale.
        await assert.rejects(
          events.edit(
            coordinator,
            id,
            saved.event.version,
            await planFor(harness, 8, { capacity: '3' }),
          ),
          /changed by someone else/,
        )
        // Capacity cannot drop below the places taken.
        const current = await events.event(coordinator, id)
        await assert.rejects(
          events.edit(
            coordinator,
            id,
            current.event.version,
            await planFor(harness, 8, { capacity: '1' }),
          ),
          ValidationError,
        )
        assert.deepEqual(await auditActions(harness, id), [
          'learning-event.planned',
          'learning-event.place-booked',
          'learning-event.waiting-list-joined',
          'learning-event.waiting-list-joined',
          'learning-event.booking-cancelled',
          'learning-event.place-given-from-waiting-list',
          'learning-event.changed',
          'learning-event.place-given-from-waiting-list',
        ])
      },
    )

    itOnLeg('two people taking the last place at once: only one gets it', async () => {
      const harness = h()
      const events = harness.services.learningEvents
      const coordinator = await actorFor(harness, COORDINATOR)
      const { id } = await events.plan(coordinator, await planFor(harness, 9))
      const people = await Promise.all(
        [PRACTITIONER, AGENCY_LEAD, PARTNER].map((email) => actorFor(harness, email)),
      )
      const outcomes = await Promise.all(people.map((person) => events.book(person, id)))
      assert.deepEqual(outcomes.map((outcome) => outcome.status).sort(), [
        'booked',
        'waiting',
        'waiting',
      ])
      // The same person twice at once: one booking.
      const reviewer = await actorFor(harness, REVIEWER)
      await Promise.all([events.book(reviewer, id), events.book(reviewer, id)])
      const page = await events.event(coordinator, id)
      assert.equal(page.bookedCount, 1)
      assert.equal(page.waitingCount, 3)
    })

    itOnLeg(
      'after the event: attendance by agency, feedback once, reach, and the CSV export',
      async () => {
        const harness = h()
        const events = harness.services.learningEvents
        const coordinator = await actorFor(harness, COORDINATOR)
        const plan = await planFor(harness, 2, {
          capacity: '5',
          title: '=HYPERLINK("http://evil.example")',
        })
        const { id } = await events.plan(coordinator, plan)
        const practitioner = await actorFor(harness, PRACTITIONER)
        const agencyLead = await actorFor(harness, AGENCY_LEAD)
        await events.book(practitioner, id)
        await events.book(agencyLead, id)
        const before = await events.event(coordinator, id)
        const booked = before.bookings.filter((b) => b.status === 'booked')
        const entries = booked.map((booking) => ({
          bookingId: booking.id,
          attended: booking.userId === practitioner.userId,
          agencyId: plan.agencyIds[0]!,
        }))
        await assert.rejects(
          events.recordAttendance(coordinator, id, entries),
          /once the event has started/,
        )
        await assert.rejects(
          events.giveFeedback(practitioner, id, {
            usefulness: '5',
            willDoDifferently: 'x',
            comments: '',
          }),
          /people recorded as attending/,
        )

        shiftMs = 3 * DAY_MS
        try {
          await assert.rejects(
            events.recordAttendance(practitioner, id, entries),
            AccessDeniedError,
          )
          assert.deepEqual(await events.recordAttendance(coordinator, id, entries), { recorded: 2 })
          assert.equal((await events.event(practitioner, id)).feedbackDue, true)
          await events.giveFeedback(practitioner, id, {
            usefulness: '4',
            willDoDifferently: 'See the baby and ask how feeds are made up.',
            comments: '',
          })
          await assert.rejects(
            events.giveFeedback(practitioner, id, {
              usefulness: '1',
              willDoDifferently: 'again',
              comments: '',
            }),
            /already given feedback/,
          )
          await assert.rejects(
            events.giveFeedback(agencyLead, id, {
              usefulness: '3',
              willDoDifferently: 'x',
              comments: '',
            }),
            /people recorded as attending/,
          )
          const page = await events.event(coordinator, id)
          assert.equal(page.feedback.length, 1)
          assert.equal(page.feedback[0]?.usefulness, 4)

          const reach = await events.reach(coordinator)
          const agencyName = (await events.choices(coordinator)).agencies[0]!.name
          assert.ok(reach.byAgency.some((row) => row.name === agencyName && row.attendees >= 1))
          assert.ok(reach.byReview.some((row) => row.name.includes('Child A')))
          await assert.rejects(events.reach(practitioner), AccessDeniedError)

          const { csv, filename } = await events.attendanceCsv(coordinator)
          assert.match(filename, /^learning-event-attendance-\d{4}-\d{2}-\d{2}\.csv$/)
          assert.match(csv, /^Event,Starts \(UK time\),Reviews,Person,Agency,Attended\r\n/)
          assert.match(csv, /"'=HYPERLINK\(""http:\/\/evil\.example""\)"/)
          assert.doesNotMatch(csv, /(^|,)=HYPERLINK/m)
          assert.match(csv, /,Yes\r\n/)
          assert.match(csv, /,No\r\n/)
          const exported = await dbOf(harness)
            .selectFrom('audit_event')
            .select('action')
            .where('action', '=', 'learning-event.attendance-exported')
            .execute()
          assert.equal(exported.length, 1)
        } finally {
          shiftMs = 0
        }
      },
    )

    itOnLeg(
      'cancelling the event needs a reason and tells everyone booked or waiting',
      async () => {
        const harness = h()
        const events = harness.services.learningEvents
        const coordinator = await actorFor(harness, COORDINATOR)
        const { id } = await events.plan(coordinator, await planFor(harness, 10))
        await events.book(await actorFor(harness, AGENCY_LEAD), id)
        await events.book(await actorFor(harness, REVIEWER), id)
        const saved = await events.event(coordinator, id)
        await assert.rejects(
          events.cancelEvent(coordinator, id, saved.event.version, ' '),
          ValidationError,
        )
        await events.cancelEvent(coordinator, id, saved.event.version, 'The trainer is unwell')
        for (const email of [AGENCY_LEAD, REVIEWER]) {
          const mails = (await outboxTo(harness, email, 'learning-event-cancelled')).filter(
            (mail) => mail.link.endsWith(id),
          )
          assert.equal(mails.length, 1, email)
          assert.match(mails[0]!.text_body, /Reason: The trainer is unwell/)
        }
        const page = await events.event(coordinator, id)
        assert.equal(page.event.status, 'cancelled')
        assert.equal(page.bookingOpen, false)
        await assert.rejects(events.book(await actorFor(harness, PRACTITIONER), id), /cancelled/)
      },
    )
  },
  { now: clock },
)
