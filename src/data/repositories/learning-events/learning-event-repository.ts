// Learning events, their bookings, attendance and feedback (issue 11). Events
// are cancelled, never deleted; a booking is cancelled, never deleted, so the
// person's history (and the audit trail's record ids) stay whole.
import { StaleVersionError } from '../../../domain/errors.js'
import type { Db } from '../../db.js'

export interface LearningEventRecord {
  readonly id: string
  readonly partnershipId: string
  readonly partnershipName: string
  readonly title: string
  readonly description: string
  readonly startsAt: string
  readonly endsAt: string
  readonly place: string | null
  readonly onlineLink: string | null
  readonly capacity: number
  readonly status: string
  readonly cancelledAt: string | null
  readonly cancelledReason: string | null
  readonly cancelledByName: string | null
  readonly updatedAt: string
  readonly updatedByName: string
  readonly version: number
  readonly reviews: readonly { id: string; title: string; slug: string }[]
  readonly agencies: readonly { id: string; name: string }[]
  readonly themeSlugs: readonly string[]
}

export interface EventSummaryRecord {
  readonly id: string
  readonly partnershipId: string
  readonly title: string
  readonly startsAt: string
  readonly status: string
  readonly capacity: number
  readonly bookedCount: number
  readonly waitingCount: number
}

export interface BookingRecord {
  readonly id: string
  readonly eventId: string
  readonly userId: string
  readonly displayName: string
  readonly email: string
  readonly agencyId: string | null
  readonly agencyName: string | null
  readonly status: string
  readonly queuePosition: number
  readonly attended: boolean | null
  readonly feedbackGiven: boolean
  readonly createdAt: string
}

export interface EventValues {
  readonly title: string
  readonly description: string
  readonly startsAt: string
  readonly endsAt: string
  readonly place: string | null
  readonly onlineLink: string | null
  readonly capacity: number
  readonly reviewIds: readonly string[]
  readonly agencyIds: readonly string[]
  readonly themeSlugs: readonly string[]
}

const eventColumns = [
  'learning_event.id',
  'learning_event.partnership_id',
  'partnership.name as partnership_name',
  'learning_event.title',
  'learning_event.description',
  'learning_event.starts_at',
  'learning_event.ends_at',
  'learning_event.place',
  'learning_event.online_link',
  'learning_event.capacity',
  'learning_event.status',
  'learning_event.cancelled_at',
  'learning_event.cancelled_reason',
  'learning_event.cancelled_by_name',
  'learning_event.updated_at',
  'learning_event.updated_by_name',
  'learning_event.version',
] as const

export async function findLearningEvent(
  db: Db,
  id: string,
): Promise<LearningEventRecord | undefined> {
  const row = await db
    .selectFrom('learning_event')
    .innerJoin('partnership', 'partnership.id', 'learning_event.partnership_id')
    .select(eventColumns)
    .where('learning_event.id', '=', id)
    .executeTakeFirst()
  if (!row) return undefined
  const [reviews, agencies, themes] = await Promise.all([
    db
      .selectFrom('learning_event_review')
      .innerJoin('review', 'review.id', 'learning_event_review.review_id')
      .select(['review.id', 'review.title', 'review.slug'])
      .where('learning_event_review.event_id', '=', id)
      .orderBy('review.title')
      .execute(),
    db
      .selectFrom('learning_event_agency')
      .innerJoin('agency', 'agency.id', 'learning_event_agency.agency_id')
      .select(['agency.id', 'agency.name'])
      .where('learning_event_agency.event_id', '=', id)
      .orderBy('agency.name')
      .execute(),
    db
      .selectFrom('learning_event_theme')
      .select('theme_slug')
      .where('event_id', '=', id)
      .orderBy('theme_slug')
      .execute(),
  ])
  return {
    id: row.id,
    partnershipId: row.partnership_id,
    partnershipName: row.partnership_name,
    title: row.title,
    description: row.description,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    place: row.place,
    onlineLink: row.online_link,
    capacity: Number(row.capacity),
    status: row.status,
    cancelledAt: row.cancelled_at,
    cancelledReason: row.cancelled_reason,
    cancelledByName: row.cancelled_by_name,
    updatedAt: row.updated_at,
    updatedByName: row.updated_by_name,
    version: Number(row.version),
    reviews,
    agencies,
    themeSlugs: themes.map((theme) => theme.theme_slug),
  }
}

/** The events of these partnerships, soonest first, with how many are booked and waiting. */
export async function listLearningEvents(
  db: Db,
  partnershipIds: readonly string[],
): Promise<EventSummaryRecord[]> {
  if (partnershipIds.length === 0) return []
  const rows = await db
    .selectFrom('learning_event')
    .leftJoin('learning_event_booking as booking', 'booking.event_id', 'learning_event.id')
    .select((eb) => [
      'learning_event.id',
      'learning_event.partnership_id',
      'learning_event.title',
      'learning_event.starts_at',
      'learning_event.status',
      'learning_event.capacity',
      eb.fn
        .sum<number>(eb.case().when('booking.status', '=', 'booked').then(1).else(0).end())
        .as('booked'),
      eb.fn
        .sum<number>(eb.case().when('booking.status', '=', 'waiting').then(1).else(0).end())
        .as('waiting'),
    ])
    .where('learning_event.partnership_id', 'in', [...partnershipIds])
    .groupBy([
      'learning_event.id',
      'learning_event.partnership_id',
      'learning_event.title',
      'learning_event.starts_at',
      'learning_event.status',
      'learning_event.capacity',
    ])
    .orderBy('learning_event.starts_at')
    .execute()
  return rows.map((row) => ({
    id: row.id,
    partnershipId: row.partnership_id,
    title: row.title,
    startsAt: row.starts_at,
    status: row.status,
    capacity: Number(row.capacity),
    bookedCount: Number(row.booked ?? 0),
    waitingCount: Number(row.waiting ?? 0),
  }))
}

async function replaceLinks(db: Db, eventId: string, values: EventValues): Promise<void> {
  await db.deleteFrom('learning_event_review').where('event_id', '=', eventId).execute()
  await db.deleteFrom('learning_event_agency').where('event_id', '=', eventId).execute()
  await db.deleteFrom('learning_event_theme').where('event_id', '=', eventId).execute()
  if (values.reviewIds.length > 0) {
    await db
      .insertInto('learning_event_review')
      .values(values.reviewIds.map((reviewId) => ({ event_id: eventId, review_id: reviewId })))
      .execute()
  }
  if (values.agencyIds.length > 0) {
    await db
      .insertInto('learning_event_agency')
      .values(values.agencyIds.map((agencyId) => ({ event_id: eventId, agency_id: agencyId })))
      .execute()
  }
  if (values.themeSlugs.length > 0) {
    await db
      .insertInto('learning_event_theme')
      .values(values.themeSlugs.map((slug) => ({ event_id: eventId, theme_slug: slug })))
      .execute()
  }
}

export async function insertLearningEvent(
  db: Db,
  values: EventValues & {
    id: string
    partnershipId: string
    createdByUserId: string | null
    byName: string
    now: string
  },
): Promise<void> {
  await db
    .insertInto('learning_event')
    .values({
      id: values.id,
      partnership_id: values.partnershipId,
      title: values.title,
      description: values.description,
      starts_at: values.startsAt,
      ends_at: values.endsAt,
      place: values.place,
      online_link: values.onlineLink,
      capacity: values.capacity,
      status: 'planned',
      created_by_user_id: values.createdByUserId,
      created_at: values.now,
      updated_at: values.now,
      updated_by_name: values.byName,
    })
    .execute()
  await replaceLinks(db, values.id, values)
}

/** Saves an edited plan; refuses a stale edit. */
export async function updateLearningEvent(
  db: Db,
  id: string,
  expectedVersion: number,
  values: EventValues & { byName: string; now: string },
): Promise<void> {
  const result = await db
    .updateTable('learning_event')
    .set({
      title: values.title,
      description: values.description,
      starts_at: values.startsAt,
      ends_at: values.endsAt,
      place: values.place,
      online_link: values.onlineLink,
      capacity: values.capacity,
      updated_at: values.now,
      updated_by_name: values.byName,
      version: expectedVersion + 1,
    })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .where('status', '=', 'planned')
    .executeTakeFirst()
  if (result.numUpdatedRows === 0n) throw new StaleVersionError('learning event', id)
  await replaceLinks(db, id, values)
}

export async function setLearningEventCancelled(
  db: Db,
  id: string,
  expectedVersion: number,
  values: { reason: string; byName: string; now: string },
): Promise<void> {
  const result = await db
    .updateTable('learning_event')
    .set({
      status: 'cancelled',
      cancelled_at: values.now,
      cancelled_reason: values.reason,
      cancelled_by_name: values.byName,
      updated_at: values.now,
      updated_by_name: values.byName,
      version: expectedVersion + 1,
    })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .where('status', '=', 'planned')
    .executeTakeFirst()
  if (result.numUpdatedRows === 0n) throw new StaleVersionError('learning event', id)
}

/**
 * Takes the event's next booking number. The UPDATE locks the event's row
 * until the transaction ends (PostgreSQL; SQLite runs one writer at a time),
 * so bookings of one event are decided one after another: two people cannot
 * both count the last place as free.
 */
export async function takeBookingTurn(db: Db, eventId: string): Promise<number> {
  const row = await db
    .updateTable('learning_event')
    .set((eb) => ({ booking_sequence: eb('booking_sequence', '+', 1) }))
    .where('id', '=', eventId)
    .returning('booking_sequence')
    .executeTakeFirstOrThrow()
  return Number(row.booking_sequence)
}

function bookingQuery(db: Db) {
  return db
    .selectFrom('learning_event_booking as booking')
    .innerJoin('app_user', 'app_user.id', 'booking.user_id')
    .leftJoin('agency', 'agency.id', 'booking.agency_id')
    .leftJoin('learning_event_feedback as feedback', 'feedback.booking_id', 'booking.id')
    .select([
      'booking.id',
      'booking.event_id',
      'booking.user_id',
      'app_user.display_name',
      'app_user.email',
      'booking.agency_id',
      'agency.name as agency_name',
      'booking.status',
      'booking.queue_position',
      'booking.attended',
      'feedback.id as feedback_id',
      'booking.created_at',
    ])
}

type BookingRow = Awaited<ReturnType<ReturnType<typeof bookingQuery>['executeTakeFirstOrThrow']>>

function bookingOf(row: BookingRow): BookingRecord {
  return {
    id: row.id,
    eventId: row.event_id,
    userId: row.user_id,
    displayName: row.display_name,
    email: row.email,
    agencyId: row.agency_id,
    agencyName: row.agency_name,
    status: row.status,
    queuePosition: Number(row.queue_position),
    attended: row.attended === null ? null : Number(row.attended) === 1,
    feedbackGiven: row.feedback_id !== null,
    createdAt: row.created_at,
  }
}

export async function findBookingOf(
  db: Db,
  eventId: string,
  userId: string,
): Promise<BookingRecord | undefined> {
  const row = await bookingQuery(db)
    .where('booking.event_id', '=', eventId)
    .where('booking.user_id', '=', userId)
    .executeTakeFirst()
  return row ? bookingOf(row) : undefined
}

/** Every booking of the event: places, then the waiting list in order, then cancelled ones. */
export async function listBookings(db: Db, eventId: string): Promise<BookingRecord[]> {
  const rows = await bookingQuery(db)
    .where('booking.event_id', '=', eventId)
    .orderBy('booking.queue_position')
    .execute()
  const order = { booked: 0, waiting: 1, cancelled: 2 } as Record<string, number>
  return rows.map(bookingOf).sort((a, b) => (order[a.status] ?? 3) - (order[b.status] ?? 3))
}

export async function countBooked(db: Db, eventId: string): Promise<number> {
  const row = await db
    .selectFrom('learning_event_booking')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('event_id', '=', eventId)
    .where('status', '=', 'booked')
    .executeTakeFirstOrThrow()
  return Number(row.count)
}

export async function insertBooking(
  db: Db,
  values: {
    id: string
    eventId: string
    userId: string
    agencyId: string | null
    status: 'booked' | 'waiting'
    queuePosition: number
    now: string
  },
): Promise<void> {
  await db
    .insertInto('learning_event_booking')
    .values({
      id: values.id,
      event_id: values.eventId,
      user_id: values.userId,
      agency_id: values.agencyId,
      status: values.status,
      queue_position: values.queuePosition,
      created_at: values.now,
      updated_at: values.now,
    })
    .execute()
}

export async function setBookingStatus(
  db: Db,
  id: string,
  values: { status: 'booked' | 'waiting' | 'cancelled'; queuePosition?: number; now: string },
): Promise<void> {
  await db
    .updateTable('learning_event_booking')
    .set((eb) => ({
      status: values.status,
      ...(values.queuePosition === undefined ? {} : { queue_position: values.queuePosition }),
      updated_at: values.now,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', id)
    .execute()
}

export async function setAttendance(
  db: Db,
  id: string,
  values: { attended: boolean; agencyId: string | null; now: string },
): Promise<void> {
  await db
    .updateTable('learning_event_booking')
    .set((eb) => ({
      attended: values.attended ? 1 : 0,
      agency_id: values.agencyId,
      attendance_recorded_at: values.now,
      updated_at: values.now,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', id)
    .execute()
}

export async function insertFeedback(
  db: Db,
  values: {
    id: string
    bookingId: string
    usefulness: number
    willDoDifferently: string
    comments: string
    now: string
  },
): Promise<void> {
  await db
    .insertInto('learning_event_feedback')
    .values({
      id: values.id,
      booking_id: values.bookingId,
      usefulness: values.usefulness,
      will_do_differently: values.willDoDifferently,
      comments: values.comments,
      given_at: values.now,
    })
    .execute()
}

export interface FeedbackRecord {
  readonly usefulness: number
  readonly willDoDifferently: string
  readonly comments: string
  readonly givenAt: string
}

export async function listFeedback(db: Db, eventId: string): Promise<FeedbackRecord[]> {
  const rows = await db
    .selectFrom('learning_event_feedback as feedback')
    .innerJoin('learning_event_booking as booking', 'booking.id', 'feedback.booking_id')
    .select([
      'feedback.usefulness',
      'feedback.will_do_differently',
      'feedback.comments',
      'feedback.given_at',
    ])
    .where('booking.event_id', '=', eventId)
    .orderBy('feedback.given_at')
    .execute()
  return rows.map((row) => ({
    usefulness: Number(row.usefulness),
    willDoDifferently: row.will_do_differently,
    comments: row.comments,
    givenAt: row.given_at,
  }))
}

export interface AttendanceRow {
  readonly eventId: string
  readonly eventTitle: string
  readonly startsAt: string
  readonly displayName: string
  readonly agencyName: string | null
  readonly attended: boolean | null
  readonly status: string
  readonly reviewTitles: readonly string[]
  /** The event's themes by name (a slug the taxonomy does not know is shown as written). */
  readonly themeNames: readonly string[]
}

/** Every place taken at the partnerships' events (not waiting, not cancelled), with its attendance. */
export async function listAttendance(
  db: Db,
  partnershipIds: readonly string[],
): Promise<AttendanceRow[]> {
  if (partnershipIds.length === 0) return []
  const rows = await db
    .selectFrom('learning_event_booking as booking')
    .innerJoin('learning_event', 'learning_event.id', 'booking.event_id')
    .innerJoin('app_user', 'app_user.id', 'booking.user_id')
    .leftJoin('agency', 'agency.id', 'booking.agency_id')
    .select([
      'learning_event.id as event_id',
      'learning_event.title',
      'learning_event.starts_at',
      'app_user.display_name',
      'agency.name as agency_name',
      'booking.attended',
      'learning_event.status',
    ])
    .where('learning_event.partnership_id', 'in', [...partnershipIds])
    .where('booking.status', '=', 'booked')
    .orderBy('learning_event.starts_at')
    .orderBy('app_user.display_name')
    .execute()
  const eventIds = [...new Set(rows.map((row) => row.event_id))]
  const reviews =
    eventIds.length === 0
      ? []
      : await db
          .selectFrom('learning_event_review')
          .innerJoin('review', 'review.id', 'learning_event_review.review_id')
          .select(['learning_event_review.event_id', 'review.title'])
          .where('learning_event_review.event_id', 'in', eventIds)
          .orderBy('review.title')
          .execute()
  const themes =
    eventIds.length === 0
      ? []
      : await db
          .selectFrom('learning_event_theme')
          .leftJoin('theme', 'theme.slug', 'learning_event_theme.theme_slug')
          .select([
            'learning_event_theme.event_id',
            'learning_event_theme.theme_slug',
            'theme.name',
          ])
          .where('learning_event_theme.event_id', 'in', eventIds)
          .orderBy('learning_event_theme.theme_slug')
          .execute()
  return rows.map((row) => ({
    eventId: row.event_id,
    eventTitle: row.title,
    themeNames: themes
      .filter((theme) => theme.event_id === row.event_id)
      .map((theme) => theme.name ?? theme.theme_slug),
    startsAt: row.starts_at,
    displayName: row.display_name,
    agencyName: row.agency_name,
    attended: row.attended === null ? null : Number(row.attended) === 1,
    status: row.status,
    reviewTitles: reviews.filter((review) => review.event_id === row.event_id).map((r) => r.title),
  }))
}

/**
 * The reviews an event of this partnership may teach from: those it leads or
 * takes part in. Not a restricted review: an event's page is read by every
 * member of staff of the partnership, not only the review's access list.
 */
export async function listPartnershipReviews(
  db: Db,
  partnershipId: string,
): Promise<{ id: string; title: string }[]> {
  return db
    .selectFrom('review')
    .select(['review.id', 'review.title'])
    .where('review.access_restricted', '=', 0)
    .where((eb) =>
      eb.or([
        eb('review.lead_partnership_id', '=', partnershipId),
        eb(
          'review.id',
          'in',
          eb
            .selectFrom('review_partnership')
            .select('review_partnership.review_id')
            .where('review_partnership.partnership_id', '=', partnershipId),
        ),
      ]),
    )
    .orderBy('review.title')
    .execute()
}

/** The partnership's current (not retired) agencies. */
export function listCurrentAgencies(
  db: Db,
  partnershipId: string,
): Promise<{ id: string; name: string }[]> {
  return db
    .selectFrom('agency')
    .select(['id', 'name'])
    .where('partnership_id', '=', partnershipId)
    .where('retired_on', 'is', null)
    .orderBy('name')
    .execute()
}

/** The agency a person is recorded as working for in a partnership, if any. */
export async function findMemberAgency(
  db: Db,
  userId: string,
  partnershipId: string,
): Promise<string | null> {
  const row = await db
    .selectFrom('membership')
    .select('agency_id')
    .where('user_id', '=', userId)
    .where('partnership_id', '=', partnershipId)
    .where('agency_id', 'is not', null)
    .executeTakeFirst()
  return row?.agency_id ?? null
}
