// A demo learning event (issue 11): the Wandsworth business unit's morning on
// the Child A Serious Case Review's learning, three weeks after the day the
// demo is loaded (so it is always still to come), with places booked by the
// demo agency lead and practitioner. The wording is ours, written for the demo.
import { randomUUID } from 'node:crypto'
import {
  findMemberAgency,
  insertBooking,
  insertLearningEvent,
  listCurrentAgencies,
  listLearningEvents,
  listPartnershipReviews,
  takeBookingTurn,
} from '../../data/repositories/learning-events/learning-event-repository.js'
import { findPartnershipBySlug } from '../../data/repositories/partnership-repository.js'
import { findUserByEmail } from '../../data/repositories/user-repository.js'
import {
  londonTimeToInstant,
  londonWallClock,
} from '../../domain/learning-events/learning-event.js'
import { recordAudit } from '../audit-trail.js'
import { DEMO_DATA_LOADER, type ServiceContext } from '../context.js'

export const DEMO_EVENT_TITLE =
  'Learning from Child A: parental vulnerability and professional curiosity'
const CHILD_A_TITLE = 'Child A'
const COORDINATOR = 'coordinator@wandsworth.example'
const BOOKERS = ['agency-lead@wandsworth.example', 'practitioner@wandsworth.example']
const DAYS_AHEAD = 21

/** Adds the demo event and its bookings, once; 0 when it is there already or Child A's review is not. */
export async function loadDemoLearningEvents(
  context: ServiceContext,
): Promise<{ learningEvents: number }> {
  const { db, now } = context
  return db.transaction().execute(async (trx) => {
    const wandsworth = await findPartnershipBySlug(trx, 'wandsworth')
    if (!wandsworth) return { learningEvents: 0 }
    const existing = await listLearningEvents(trx, [wandsworth.id])
    if (existing.some((event) => event.title === DEMO_EVENT_TITLE)) return { learningEvents: 0 }
    const childA = (await listPartnershipReviews(trx, wandsworth.id)).find((review) =>
      review.title.includes(CHILD_A_TITLE),
    )
    if (!childA) return { learningEvents: 0 }
    const at = now()
    const day = londonWallClock(new Date(at.getTime() + DAYS_AHEAD * 24 * 3_600_000)).slice(0, 10)
    // 09:30 and 12:00 exist on every day: the clocks change at 01:00 and 02:00.
    const startsAt = londonTimeToInstant(day, '09:30')!
    const endsAt = londonTimeToInstant(day, '12:00')!
    const coordinator = await findUserByEmail(trx, COORDINATOR)
    const agencies = await listCurrentAgencies(trx, wandsworth.id)
    const id = randomUUID()
    const values = {
      title: DEMO_EVENT_TITLE,
      description:
        'A morning workshop on what the Child A review found: seeing a parent’s own needs, staying curious when a family seems to be coping, and checking what other agencies know about everyone in the household.',
      startsAt: startsAt.toISOString(),
      endsAt: endsAt.toISOString(),
      place: 'Wandsworth Town Hall, Wandsworth High Street, London SW18 2PU',
      onlineLink: null,
      capacity: 30,
      reviewIds: [childA.id],
      agencyIds: agencies.map((agency) => agency.id),
      themeSlugs: ['parental-learning-disability', 'professional-curiosity'],
    }
    await insertLearningEvent(trx, {
      id,
      partnershipId: wandsworth.id,
      ...values,
      createdByUserId: coordinator?.id ?? null,
      byName: coordinator?.displayName ?? 'Demo Coordinator',
      now: at.toISOString(),
    })
    await recordAudit(trx, at, {
      actor: DEMO_DATA_LOADER,
      action: 'learning-event.planned',
      recordType: 'learning-event',
      recordId: id,
      partnershipId: wandsworth.id,
      after: {
        title: values.title,
        startsAt: values.startsAt,
        capacity: values.capacity,
        reviewIds: values.reviewIds,
      },
    })
    for (const email of BOOKERS) {
      const user = await findUserByEmail(trx, email)
      if (!user) continue
      const bookingId = randomUUID()
      await insertBooking(trx, {
        id: bookingId,
        eventId: id,
        userId: user.id,
        agencyId: await findMemberAgency(trx, user.id, wandsworth.id),
        status: 'booked',
        queuePosition: await takeBookingTurn(trx, id),
        now: at.toISOString(),
      })
      await recordAudit(trx, at, {
        actor: DEMO_DATA_LOADER,
        action: 'learning-event.place-booked',
        recordType: 'learning-event',
        recordId: id,
        partnershipId: wandsworth.id,
        after: { bookingId, status: 'booked' },
      })
    }
    return { learningEvents: 1 }
  })
}
