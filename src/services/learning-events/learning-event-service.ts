// Learning events (issue 11). The business unit of a partnership plans an event
// that teaches from its reviews, edits it (versioned) and cancels it with a
// reason (everyone booked or waiting is told by email). Any member of staff of
// the partnership books a place or joins the waiting list, and can cancel; a
// freed place goes to the person who has waited longest, who is told by email
// through the outbox in the same transaction. After the event the organiser
// records who attended, with their agency; attendees give feedback once.
// Every change is audited. Messages carry event titles and review titles only,
// never a restricted identity field.
import { randomUUID } from 'node:crypto'
import type { Db } from '../../data/db.js'
import {
  countBooked,
  findBookingOf,
  findLearningEvent,
  insertBooking,
  insertFeedback,
  insertLearningEvent,
  listAttendance,
  listBookings,
  listCurrentAgencies,
  listFeedback,
  listLearningEvents,
  listPartnershipReviews,
  setAttendance,
  setBookingStatus,
  setLearningEventCancelled,
  takeBookingTurn,
  updateLearningEvent,
  type AttendanceRow,
  type BookingRecord,
  type EventSummaryRecord,
  type FeedbackRecord,
  type LearningEventRecord,
} from '../../data/repositories/learning-events/learning-event-repository.js'
import { listBriefingUses } from '../../data/repositories/briefings/briefing-repository.js'
import { listTags, listThemes } from '../../data/repositories/learning/theme-repository.js'
import { assertCan, can, partnershipsWhere } from '../../domain/access/policy.js'
import type { Actor } from '../../domain/access/roles.js'
import { formatUkDateTime } from '../../domain/calendar/uk-time.js'
import { AccessDeniedError, NotFoundError, ValidationError } from '../../domain/errors.js'
import {
  attendanceRefusal,
  bookingRefusal,
  checkCancellationReason,
  checkEventDetails,
  checkFeedback,
  isEventStatus,
  londonWallClock,
  placeFor,
  promotionsFromWaitingList,
  reachTotals,
  type EventDetails,
  type EventDetailsInput,
  type EventState,
  type FeedbackInput,
  type ReachTotal,
} from '../../domain/learning-events/learning-event.js'
import { toSafeCsv } from '../../integrations/documents/csv.js'
import { recordAudit } from '../audit-trail.js'
import { userActor, type ServiceContext } from '../context.js'
import { labelledValues, withSavedVersion, type ConflictField } from '../edit-conflicts.js'
import { enqueueMessage, type MailSettings } from '../mail/outbox.js'

export const LEARNING_EVENTS_PATH = '/manage/learning-events'

export function learningEventPath(id: string, rest = ''): string {
  return `${LEARNING_EVENTS_PATH}/${encodeURIComponent(id)}${rest}`
}

/** The fields the "changed by someone else" page compares for an event's plan. */
export const LEARNING_EVENT_FIELDS: readonly ConflictField[] = [
  { name: 'title', label: 'Title' },
  { name: 'date', label: 'Date', kind: 'date' },
  { name: 'startTime', label: 'Starts' },
  { name: 'endTime', label: 'Ends' },
  { name: 'place', label: 'Place' },
  { name: 'onlineLink', label: 'Online link' },
  { name: 'capacity', label: 'Places' },
]

export interface EventChoices {
  readonly partnershipId: string
  readonly reviews: readonly { id: string; title: string }[]
  readonly agencies: readonly { id: string; name: string }[]
}

export interface LearningEventPage {
  readonly event: LearningEventRecord
  readonly bookedCount: number
  readonly waitingCount: number
  /** The person's own booking, if they have one that is not cancelled. */
  readonly ownBooking: BookingRecord | null
  /** Where the person is on the waiting list (1 = next), when waiting. */
  readonly ownWaitingPlace: number | null
  readonly canOrganise: boolean
  /** For the organiser only: everyone booked and waiting, and feedback given. */
  readonly bookings: readonly BookingRecord[]
  readonly feedback: readonly FeedbackRecord[]
  readonly bookingOpen: boolean
  readonly attendanceOpen: boolean
  /** The event's start time has passed (on the service's clock). */
  readonly started: boolean
  /** The person attended and has not yet given feedback. */
  readonly feedbackDue: boolean
}

export interface EventListItem extends EventSummaryRecord {
  readonly ownStatus: string | null
  /** The event's start time has passed (on the service's clock). */
  readonly started: boolean
}

export interface LearningEventReach {
  readonly byAgency: readonly ReachTotal[]
  readonly byReview: readonly ReachTotal[]
  /** Attendance by the themes the events taught (issue 11). */
  readonly byTheme: readonly ReachTotal[]
  readonly attendance: readonly AttendanceRow[]
  /** Briefing-use records by the themes of the briefings used (issue 11). */
  readonly briefingUseByTheme: readonly BriefingThemeUse[]
}

export interface BriefingThemeUse {
  readonly name: string
  readonly sessions: number
  readonly staff: number
}

export interface AttendanceEntry {
  readonly bookingId: string
  readonly attended: boolean
  readonly agencyId: string | null
}

export class LearningEventService {
  constructor(
    private readonly context: ServiceContext,
    private readonly mail: MailSettings,
  ) {}

  // ── Reading ───────────────────────────────────────────────────────────────

  /** The events of every partnership the person works in, with their own booking's status. */
  async list(actor: Actor | null): Promise<{ events: EventListItem[]; canPlan: boolean }> {
    assertCan(actor, 'manage:open')
    const { db, now } = this.context
    const events = await listLearningEvents(db, memberPartnerships(actor))
    const at = now().toISOString()
    const own = await db
      .selectFrom('learning_event_booking')
      .select(['event_id', 'status'])
      .where('user_id', '=', actor.userId)
      .execute()
    return {
      events: events.map((event) => ({
        ...event,
        ownStatus: own.find((booking) => booking.event_id === event.id)?.status ?? null,
        started: event.startsAt <= at,
      })),
      canPlan: can(actor, 'learning-events:organise'),
    }
  }

  /** The reviews and agencies a new or edited event may name: the organiser's partnership's. */
  async choices(
    actor: Actor | null,
    partnershipId?: string,
    db: Db = this.context.db,
  ): Promise<EventChoices> {
    assertCan(actor, 'learning-events:organise')
    const organising = partnershipsWhere(actor, 'learning-events:organise')
    const chosen = partnershipId ?? organising[0]
    if (chosen === undefined || !organising.includes(chosen)) {
      throw new AccessDeniedError('Not allowed: learning-events:organise')
    }
    return {
      partnershipId: chosen,
      reviews: await listPartnershipReviews(db, chosen),
      agencies: await listCurrentAgencies(db, chosen),
    }
  }

  /** An event's page: 404 to anyone outside its partnership. */
  async event(actor: Actor | null, id: string): Promise<LearningEventPage> {
    assertCan(actor, 'manage:open')
    const { db, now } = this.context
    const event = await this.visibleEvent(db, actor, id)
    const bookings = await listBookings(db, id)
    const canOrganise = can(actor, 'learning-events:organise', {
      partnershipId: event.partnershipId,
    })
    const own = bookings.find((b) => b.userId === actor.userId && b.status !== 'cancelled') ?? null
    const waiting = bookings.filter((b) => b.status === 'waiting')
    const state = stateOf(event)
    return {
      event,
      bookedCount: bookings.filter((b) => b.status === 'booked').length,
      waitingCount: waiting.length,
      ownBooking: own,
      ownWaitingPlace:
        own?.status === 'waiting' ? waiting.findIndex((b) => b.id === own.id) + 1 : null,
      canOrganise,
      bookings: canOrganise ? bookings : [],
      feedback: canOrganise ? await listFeedback(db, id) : [],
      bookingOpen: bookingRefusal(state, now()) === null,
      attendanceOpen: attendanceRefusal(state, now()) === null,
      started: event.startsAt <= now().toISOString(),
      feedbackDue: own?.attended === true && !own.feedbackGiven,
    }
  }

  // ── Planning (the business unit) ──────────────────────────────────────────

  async plan(actor: Actor | null, input: EventDetailsInput): Promise<{ id: string }> {
    const choices = await this.choices(actor)
    const checked = checkEventDetails(input, {
      reviewIds: choices.reviews.map((review) => review.id),
      agencyIds: choices.agencies.map((agency) => agency.id),
      now: this.context.now(),
      bookedCount: 0,
      themeSlugs: (await listThemes(this.context.db)).map((theme) => theme.slug),
    })
    if (!checked.value) throw new ValidationError(checked.errors)
    const details = checked.value
    const { db, now } = this.context
    return db.transaction().execute(async (trx) => {
      const id = randomUUID()
      const at = now()
      await insertLearningEvent(trx, {
        id,
        partnershipId: choices.partnershipId,
        ...valuesOf(details),
        createdByUserId: actor!.userId,
        byName: actor!.displayName,
        now: at.toISOString(),
      })
      await recordAudit(trx, at, {
        actor: userActor(actor!),
        action: 'learning-event.planned',
        recordType: 'learning-event',
        recordId: id,
        partnershipId: choices.partnershipId,
        after: auditOf(details),
      })
      return { id }
    })
  }

  /**
   * Saves an edited plan (a stale edit is refused, showing both versions). A
   * raised capacity gives the new places to the waiting list at once.
   */
  async edit(
    actor: Actor | null,
    id: string,
    expectedVersion: number,
    input: EventDetailsInput,
  ): Promise<void> {
    assertCan(actor, 'learning-events:organise')
    const { db, now } = this.context
    await db.transaction().execute(async (trx) => {
      const event = await this.organisedEvent(trx, actor, id)
      if (event.status !== 'planned') {
        throw new ValidationError([
          { field: 'title', message: 'A cancelled event cannot be changed' },
        ])
      }
      await takeBookingTurn(trx, id)
      const choices = await this.choices(actor, event.partnershipId, trx)
      const checked = checkEventDetails(input, {
        // A review or agency named before stays allowed even if it has since been restricted or retired.
        reviewIds: [...choices.reviews.map((r) => r.id), ...event.reviews.map((r) => r.id)],
        agencyIds: [...choices.agencies.map((a) => a.id), ...event.agencies.map((a) => a.id)],
        now: now(),
        bookedCount: await countBooked(trx, id),
        // A theme named before stays allowed even if it has since been retired.
        themeSlugs: [...(await listThemes(trx)).map((theme) => theme.slug), ...event.themeSlugs],
      })
      if (!checked.value) throw new ValidationError(checked.errors)
      const details = checked.value
      const at = now()
      await withSavedVersion(
        async () => {
          const saved = await findLearningEvent(trx, id)
          return saved ? labelledValues(LEARNING_EVENT_FIELDS, formValuesOf(saved)) : null
        },
        () =>
          updateLearningEvent(trx, id, expectedVersion, {
            ...valuesOf(details),
            byName: actor.displayName,
            now: at.toISOString(),
          }),
      )
      await recordAudit(trx, at, {
        actor: userActor(actor),
        action: 'learning-event.changed',
        recordType: 'learning-event',
        recordId: id,
        partnershipId: event.partnershipId,
        before: { ...auditOf(recordDetails(event)), version: expectedVersion },
        after: { ...auditOf(details), version: expectedVersion + 1 },
      })
      await this.fillFreedPlaces(trx, actor, { ...event, capacity: details.capacity }, at)
    })
  }

  /** Cancels the event with a reason; everyone booked or waiting is told by email. */
  async cancelEvent(
    actor: Actor | null,
    id: string,
    expectedVersion: number,
    reasonText: unknown,
  ): Promise<void> {
    assertCan(actor, 'learning-events:organise')
    const reason = checkCancellationReason(reasonText)
    if (reason.errors.length > 0) throw new ValidationError(reason.errors)
    const { db, now } = this.context
    await db.transaction().execute(async (trx) => {
      const event = await this.organisedEvent(trx, actor, id)
      const at = now()
      await withSavedVersion(
        async () => {
          const saved = await findLearningEvent(trx, id)
          return saved ? { Status: saved.status === 'cancelled' ? 'Cancelled' : 'Planned' } : null
        },
        () =>
          setLearningEventCancelled(trx, id, expectedVersion, {
            reason: reason.value,
            byName: actor.displayName,
            now: at.toISOString(),
          }),
      )
      const told = (await listBookings(trx, id)).filter((b) => b.status !== 'cancelled')
      for (const booking of told) {
        await enqueueMessage(trx, at, this.mail, {
          idempotencyKey: `learning-event-cancelled:${id}:${booking.userId}`,
          kind: 'learning-event-cancelled',
          partnership: { id: event.partnershipId, name: event.partnershipName },
          recipient: { userId: booking.userId, email: booking.email, name: booking.displayName },
          subject: `Cancelled: ${event.title}`,
          paragraphs: [
            `The learning event “${event.title}” on ${formatUkDateTime(event.startsAt)} has been cancelled.`,
            `Reason: ${reason.value}`,
            booking.status === 'booked'
              ? 'Your place has been released; you do not need to do anything.'
              : 'You were on the waiting list; you do not need to do anything.',
          ],
          path: learningEventPath(id),
          linkText: 'See the event',
          footer: `You get this email because you booked a place at a learning event of ${event.partnershipName}.`,
        })
      }
      await recordAudit(trx, at, {
        actor: userActor(actor),
        action: 'learning-event.cancelled',
        recordType: 'learning-event',
        recordId: id,
        partnershipId: event.partnershipId,
        before: { status: 'planned', version: expectedVersion },
        after: {
          status: 'cancelled',
          reason: reason.value,
          told: told.length,
          version: expectedVersion + 1,
        },
      })
    })
  }

  // ── Booking (any member of staff of the partnership) ──────────────────────

  /**
   * Books a place, or a place on the waiting list when the event is full.
   * Booking again while booked or waiting changes nothing (a second click, a
   * second tab). Bookings of one event are decided one at a time
   * (takeBookingTurn), so the last place goes to one person only.
   */
  async book(actor: Actor | null, id: string): Promise<{ status: 'booked' | 'waiting' }> {
    assertCan(actor, 'manage:open')
    const { db, now } = this.context
    return db.transaction().execute(async (trx) => {
      const event = await this.visibleEvent(trx, actor, id)
      const at = now()
      const refusal = bookingRefusal(stateOf(event), at)
      if (refusal !== null) throw new ValidationError([{ field: 'book', message: refusal }])
      const turn = await takeBookingTurn(trx, id)
      const existing = await findBookingOf(trx, id, actor.userId)
      if (existing && (existing.status === 'booked' || existing.status === 'waiting')) {
        return { status: existing.status }
      }
      const status = placeFor(stateOf(event), await countBooked(trx, id))
      const agencyId =
        actor.memberships.find(
          (m) => m.partnershipId === event.partnershipId && m.agencyId !== null,
        )?.agencyId ?? null
      const bookingId = existing?.id ?? randomUUID()
      if (existing) {
        await setBookingStatus(trx, existing.id, {
          status,
          queuePosition: turn,
          now: at.toISOString(),
        })
      } else {
        await insertBooking(trx, {
          id: bookingId,
          eventId: id,
          userId: actor.userId,
          agencyId,
          status,
          queuePosition: turn,
          now: at.toISOString(),
        })
      }
      await recordAudit(trx, at, {
        actor: userActor(actor),
        action:
          status === 'booked'
            ? 'learning-event.place-booked'
            : 'learning-event.waiting-list-joined',
        recordType: 'learning-event',
        recordId: id,
        partnershipId: event.partnershipId,
        after: { bookingId, status },
      })
      return { status }
    })
  }

  /** Cancels the person's own booking; a freed place goes to the first on the waiting list. */
  async cancelBooking(actor: Actor | null, id: string): Promise<void> {
    assertCan(actor, 'manage:open')
    const { db, now } = this.context
    await db.transaction().execute(async (trx) => {
      const event = await this.visibleEvent(trx, actor, id)
      await takeBookingTurn(trx, id)
      const booking = await findBookingOf(trx, id, actor.userId)
      // Cancelling twice (Back, a second tab) is the same as once.
      if (!booking || booking.status === 'cancelled') return
      const at = now()
      if (event.startsAt <= at.toISOString() && booking.status === 'booked') {
        throw new ValidationError([
          {
            field: 'cancel',
            message: 'The event has started: your place can no longer be cancelled',
          },
        ])
      }
      await setBookingStatus(trx, booking.id, { status: 'cancelled', now: at.toISOString() })
      await recordAudit(trx, at, {
        actor: userActor(actor),
        action: 'learning-event.booking-cancelled',
        recordType: 'learning-event',
        recordId: id,
        partnershipId: event.partnershipId,
        before: { bookingId: booking.id, status: booking.status },
        after: { bookingId: booking.id, status: 'cancelled' },
      })
      if (
        booking.status === 'booked' &&
        event.status === 'planned' &&
        event.startsAt > at.toISOString()
      ) {
        await this.fillFreedPlaces(trx, actor, event, at)
      }
    })
  }

  // ── After the event ───────────────────────────────────────────────────────

  /** The organiser records who attended, each with the agency they came from. */
  async recordAttendance(
    actor: Actor | null,
    id: string,
    entries: readonly AttendanceEntry[],
  ): Promise<{ recorded: number }> {
    assertCan(actor, 'learning-events:organise')
    const { db, now } = this.context
    return db.transaction().execute(async (trx) => {
      const event = await this.organisedEvent(trx, actor, id)
      const at = now()
      const refusal = attendanceRefusal(stateOf(event), at)
      if (refusal !== null) throw new ValidationError([{ field: 'attendance', message: refusal }])
      const bookings = (await listBookings(trx, id)).filter((b) => b.status === 'booked')
      const agencies = new Set(
        (await listCurrentAgencies(trx, event.partnershipId)).map((agency) => agency.id),
      )
      const errors = entries.flatMap((entry) =>
        !bookings.some((b) => b.id === entry.bookingId)
          ? [{ field: 'attendance', message: 'Record attendance only for people with a place' }]
          : entry.agencyId !== null &&
              !agencies.has(entry.agencyId) &&
              !bookings.some((b) => b.id === entry.bookingId && b.agencyId === entry.agencyId)
            ? [{ field: `agency-${entry.bookingId}`, message: 'Select an agency from the list' }]
            : [],
      )
      if (errors.length > 0) throw new ValidationError(errors.slice(0, 1))
      for (const entry of entries) {
        await setAttendance(trx, entry.bookingId, {
          attended: entry.attended,
          agencyId: entry.agencyId,
          now: at.toISOString(),
        })
      }
      await recordAudit(trx, at, {
        actor: userActor(actor),
        action: 'learning-event.attendance-recorded',
        recordType: 'learning-event',
        recordId: id,
        partnershipId: event.partnershipId,
        after: {
          attended: entries.filter((entry) => entry.attended).length,
          absent: entries.filter((entry) => !entry.attended).length,
        },
      })
      return { recorded: entries.length }
    })
  }

  /** An attendee's feedback, once: a second form sent is refused. */
  async giveFeedback(actor: Actor | null, id: string, input: FeedbackInput): Promise<void> {
    assertCan(actor, 'manage:open')
    const checked = checkFeedback(input)
    if (!checked.value) throw new ValidationError(checked.errors)
    const feedback = checked.value
    const { db, now } = this.context
    await db.transaction().execute(async (trx) => {
      const event = await this.visibleEvent(trx, actor, id)
      const booking = await findBookingOf(trx, id, actor.userId)
      if (!booking || booking.status !== 'booked' || booking.attended !== true) {
        throw new ValidationError([
          { field: 'usefulness', message: 'Feedback is given by people recorded as attending' },
        ])
      }
      if (booking.feedbackGiven) {
        throw new ValidationError([
          { field: 'usefulness', message: 'You have already given feedback on this event' },
        ])
      }
      const at = now()
      const feedbackId = randomUUID()
      await insertFeedback(trx, {
        id: feedbackId,
        bookingId: booking.id,
        ...feedback,
        now: at.toISOString(),
      })
      // The words may describe practice with a family: the audit says feedback was given, not what.
      await recordAudit(trx, at, {
        actor: userActor(actor),
        action: 'learning-event.feedback-given',
        recordType: 'learning-event',
        recordId: id,
        partnershipId: event.partnershipId,
        after: { feedbackId, usefulness: feedback.usefulness },
      })
    })
  }

  // ── Reach ─────────────────────────────────────────────────────────────────

  /** Attendance at the organiser's partnerships' events, by agency and by review. */
  async reach(actor: Actor | null): Promise<LearningEventReach> {
    assertCan(actor, 'learning-events:organise')
    const attendance = await listAttendance(
      this.context.db,
      partnershipsWhere(actor, 'learning-events:organise'),
    )
    const totals = reachTotals(
      attendance
        .filter((row) => row.attended === true)
        .map((row) => ({
          eventId: row.eventId,
          agencyName: row.agencyName,
          reviewTitles: row.reviewTitles,
          themeNames: row.themeNames,
        })),
    )
    return {
      ...totals,
      attendance,
      briefingUseByTheme: await this.briefingUseByTheme(
        partnershipsWhere(actor, 'learning-events:organise'),
      ),
    }
  }

  /**
   * Use of the partnership's seven-minute briefings by the themes the briefing
   * is tagged with (issue 11): sessions and staff, beside the events' reach.
   */
  private async briefingUseByTheme(partnershipIds: readonly string[]): Promise<BriefingThemeUse[]> {
    const { db } = this.context
    const uses = await listBriefingUses(db, partnershipIds)
    const tags = await listTags(db, 'briefing', [...new Set(uses.map((use) => use.briefingId))])
    const totals = new Map<string, { sessions: number; staff: number }>()
    for (const use of uses) {
      for (const tag of tags.filter((candidate) => candidate.recordId === use.briefingId)) {
        const total = totals.get(tag.themeName) ?? { sessions: 0, staff: 0 }
        total.sessions += 1
        total.staff += use.staffCount
        totals.set(tag.themeName, total)
      }
    }
    return [...totals.entries()]
      .map(([name, total]) => ({ name, ...total }))
      .sort((a, b) => b.staff - a.staff || a.name.localeCompare(b.name))
  }

  /** Attendance as CSV, formula cells neutralised; every download is audited. */
  async attendanceCsv(actor: Actor | null): Promise<{ csv: string; filename: string }> {
    const reach = await this.reach(actor)
    const at = this.context.now()
    const csv = toSafeCsv(
      ['Event', 'Starts (UK time)', 'Reviews', 'Person', 'Agency', 'Attended'],
      reach.attendance.map((row) => [
        row.eventTitle,
        londonWallClock(new Date(row.startsAt)).replace('T', ' '),
        row.reviewTitles.join('; '),
        row.displayName,
        row.agencyName ?? '',
        row.status === 'cancelled'
          ? 'Event cancelled'
          : row.attended === null
            ? 'Not recorded'
            : row.attended
              ? 'Yes'
              : 'No',
      ]),
    )
    await recordAudit(this.context.db, at, {
      actor: userActor(actor!),
      action: 'learning-event.attendance-exported',
      recordType: 'learning-event',
      recordId: null,
      partnershipId: partnershipsWhere(actor!, 'learning-events:organise')[0] ?? null,
      after: { rows: reach.attendance.length },
    })
    return { csv, filename: `learning-event-attendance-${at.toISOString().slice(0, 10)}.csv` }
  }

  // ── Helpers ───────────────────────────────────────────────────────────────

  /** Gives free places to the waiting list, longest waiting first, and tells each person by email. */
  private async fillFreedPlaces(
    trx: Db,
    actor: Actor,
    event: LearningEventRecord,
    at: Date,
  ): Promise<void> {
    const bookings = await listBookings(trx, event.id)
    const promoted = promotionsFromWaitingList(
      event.capacity,
      bookings.filter((b) => b.status === 'booked').length,
      bookings.filter((b) => b.status === 'waiting'),
    )
    for (const waiting of promoted) {
      const booking = bookings.find((b) => b.id === waiting.id)!
      await setBookingStatus(trx, booking.id, { status: 'booked', now: at.toISOString() })
      await enqueueMessage(trx, at, this.mail, {
        // The place given from this turn on the list: joining again later is a new message.
        idempotencyKey: `learning-event-place:${booking.id}:${booking.queuePosition}`,
        kind: 'learning-event-place',
        partnership: { id: event.partnershipId, name: event.partnershipName },
        recipient: { userId: booking.userId, email: booking.email, name: booking.displayName },
        subject: `You have a place: ${event.title}`,
        paragraphs: [
          `A place has come free at the learning event “${event.title}” and it is now yours.`,
          `It starts on ${formatUkDateTime(event.startsAt)}${event.place ? `, at ${event.place}` : ''}${event.onlineLink ? `, online at ${event.onlineLink}` : ''}.`,
          'If you can no longer come, cancel your place so that the next person on the waiting list gets it.',
        ],
        path: learningEventPath(event.id),
        linkText: 'See the event or cancel your place',
        footer: `You get this email because you joined the waiting list for a learning event of ${event.partnershipName}.`,
      })
      await recordAudit(trx, at, {
        actor: userActor(actor),
        action: 'learning-event.place-given-from-waiting-list',
        recordType: 'learning-event',
        recordId: event.id,
        partnershipId: event.partnershipId,
        before: { bookingId: booking.id, status: 'waiting' },
        after: { bookingId: booking.id, status: 'booked' },
      })
    }
  }

  private async visibleEvent(db: Db, actor: Actor, id: string): Promise<LearningEventRecord> {
    const event = await findLearningEvent(db, id)
    if (!event || !memberPartnerships(actor).includes(event.partnershipId)) {
      throw new NotFoundError('No such learning event')
    }
    return event
  }

  private async organisedEvent(db: Db, actor: Actor, id: string): Promise<LearningEventRecord> {
    const event = await this.visibleEvent(db, actor, id)
    if (!can(actor, 'learning-events:organise', { partnershipId: event.partnershipId })) {
      throw new AccessDeniedError('Not allowed: only the business unit organises a learning event')
    }
    return event
  }
}

function memberPartnerships(actor: Actor): string[] {
  return [...new Set(actor.memberships.map((membership) => membership.partnershipId))]
}

function stateOf(event: LearningEventRecord): EventState {
  return {
    status: isEventStatus(event.status) ? event.status : 'cancelled',
    startsAt: new Date(event.startsAt),
    capacity: event.capacity,
  }
}

function valuesOf(details: EventDetails) {
  return {
    title: details.title,
    description: details.description,
    startsAt: details.startsAt.toISOString(),
    endsAt: details.endsAt.toISOString(),
    place: details.place,
    onlineLink: details.onlineLink,
    capacity: details.capacity,
    reviewIds: details.reviewIds,
    agencyIds: details.agencyIds,
    themeSlugs: details.themeSlugs,
  }
}

function recordDetails(event: LearningEventRecord): AuditedDetails {
  return {
    title: event.title,
    startsAt: new Date(event.startsAt),
    endsAt: new Date(event.endsAt),
    place: event.place,
    onlineLink: event.onlineLink,
    capacity: event.capacity,
    reviewIds: event.reviews.map((review) => review.id),
    agencyIds: event.agencies.map((agency) => agency.id),
    themeSlugs: event.themeSlugs,
  }
}

type AuditedDetails = Omit<EventDetails, 'description'>

function auditOf(details: AuditedDetails) {
  return {
    title: details.title,
    startsAt: details.startsAt.toISOString(),
    endsAt: details.endsAt.toISOString(),
    place: details.place,
    onlineLink: details.onlineLink,
    capacity: details.capacity,
    reviewIds: details.reviewIds,
    agencyIds: details.agencyIds,
    themes: details.themeSlugs,
  }
}

/** The saved plan in the form's own terms (Europe/London date and times). */
export function formValuesOf(event: LearningEventRecord): Record<string, string> {
  const start = londonWallClock(new Date(event.startsAt))
  const end = londonWallClock(new Date(event.endsAt))
  return {
    title: event.title,
    description: event.description,
    date: start.slice(0, 10),
    startTime: start.slice(11),
    endTime: end.slice(11),
    place: event.place ?? '',
    onlineLink: event.onlineLink ?? '',
    capacity: String(event.capacity),
    themes: event.themeSlugs.join(', '),
  }
}
