// What the learning event pages show (issue 11): the list, the plan form (new
// and edited), the event's own page (booking, the organiser's lists), the
// cancel, attendance and feedback forms, and the reach of the partnership's
// events (a chart and its tables).
import type { BookingRecord } from '../../../data/repositories/learning-events/learning-event-repository.js'
import { formatUkDateTime, formatUkTime } from '../../../domain/calendar/uk-time.js'
import {
  USEFULNESS_NAMES,
  type ReachTotal,
} from '../../../domain/learning-events/learning-event.js'
import {
  formValuesOf,
  LEARNING_EVENTS_PATH,
  learningEventPath,
  type EventChoices,
  type EventListItem,
  type LearningEventPage,
  type LearningEventReach,
} from '../../../services/learning-events/learning-event-service.js'
import { dateParts } from '../../form-fields.js'
import { barChartViewModel, plural } from '../../bar-chart.js'

export const NEW_EVENT_PATH = `${LEARNING_EVENTS_PATH}/new`
export const REACH_PATH = `${LEARNING_EVENTS_PATH}/reach`
export const ATTENDANCE_CSV_PATH = `${LEARNING_EVENTS_PATH}/attendance.csv`

const OWN_STATUS_NAMES: Readonly<Record<string, string>> = {
  booked: 'You have a place',
  waiting: 'On the waiting list',
  cancelled: 'You cancelled',
}

function statusTag(event: { status: string }, started: boolean) {
  if (event.status === 'cancelled') return { text: 'Cancelled', classes: 'govuk-tag--red' }
  if (started) return { text: 'Held', classes: 'govuk-tag--grey' }
  return { text: 'Planned', classes: 'govuk-tag--blue' }
}

export function listViewModel(list: { events: readonly EventListItem[]; canPlan: boolean }) {
  return {
    pageTitle: 'Learning events',
    canPlan: list.canPlan,
    newHref: NEW_EVENT_PATH,
    reachHref: REACH_PATH,
    events: list.events.map((event) => ({
      title: event.title,
      href: learningEventPath(event.id),
      when: formatUkDateTime(event.startsAt),
      places: `${event.bookedCount} of ${event.capacity}`,
      waiting: event.waitingCount,
      status: statusTag(event, event.started),
      own: event.ownStatus === null ? '' : (OWN_STATUS_NAMES[event.ownStatus] ?? ''),
    })),
  }
}

// ── The plan form (new and edited) ──────────────────────────────────────────

export interface PlanForm {
  /** Text fields as typed (date as its three parts). */
  readonly values: Record<string, string>
  readonly reviewIds: readonly string[]
  readonly agencyIds: readonly string[]
}

/** The saved plan as the form shows it. */
export function planFormOf(page: LearningEventPage): PlanForm {
  const values = formValuesOf(page.event)
  return {
    values: { ...values, ...dateParts('date', values.date ?? null) },
    reviewIds: page.event.reviews.map((review) => review.id),
    agencyIds: page.event.agencies.map((agency) => agency.id),
  }
}

export function planFormViewModel(options: {
  readonly choices: EventChoices
  readonly form: PlanForm
  /** The event being changed, or null for a new one. */
  readonly editing: { readonly page: LearningEventPage } | null
}) {
  const { choices, form, editing } = options
  const event = editing?.page.event ?? null
  // A review or agency named before stays on the form even if it has since left the lists.
  const reviews = [
    ...choices.reviews,
    ...(event?.reviews ?? []).filter((r) => !choices.reviews.some((c) => c.id === r.id)),
  ]
  const agencies = [
    ...choices.agencies,
    ...(event?.agencies ?? []).filter((a) => !choices.agencies.some((c) => c.id === a.id)),
  ]
  return {
    pageTitle: event ? `Change the event: ${event.title}` : 'Plan a learning event',
    heading: event ? 'Change the event' : 'Plan a learning event',
    caption: event?.title ?? null,
    action: event ? learningEventPath(event.id, '/change') : NEW_EVENT_PATH,
    backHref: event ? learningEventPath(event.id) : LEARNING_EVENTS_PATH,
    submitText: event ? 'Save changes' : 'Plan event',
    version: event ? String(event.version) : null,
    form: form.values,
    reviewItems: reviews.map((review) => ({
      value: review.id,
      text: review.title,
      checked: form.reviewIds.includes(review.id),
    })),
    agencyItems: agencies.map((agency) => ({
      value: agency.id,
      text: agency.name,
      checked: form.agencyIds.includes(agency.id),
    })),
  }
}

// ── The event's page ────────────────────────────────────────────────────────

const BOOKING_STATUS_NAMES: Readonly<Record<string, string>> = {
  booked: 'Booked',
  waiting: 'Waiting',
  cancelled: 'Cancelled',
}

function attendanceText(booking: BookingRecord): string {
  if (booking.status !== 'booked') return ''
  if (booking.attended === null) return 'Not recorded'
  return booking.attended ? 'Attended' : 'Did not attend'
}

export function eventViewModel(page: LearningEventPage) {
  const { event } = page
  const full = page.bookedCount >= event.capacity
  const own = page.ownBooking
  const planned = event.status === 'planned'
  return {
    pageTitle: event.title,
    backHref: LEARNING_EVENTS_PATH,
    event: {
      title: event.title,
      description: event.description,
      partnershipName: event.partnershipName,
      status: statusTag(event, page.started),
      when: `${formatUkDateTime(event.startsAt)} to ${formatUkTime(event.endsAt)}`,
      place: event.place,
      onlineLink: event.onlineLink,
      places: `${page.bookedCount} of ${event.capacity} booked`,
      waiting: page.waitingCount === 0 ? 'Nobody' : plural(page.waitingCount, 'person', 'people'),
      reviews: event.reviews.map((review) => ({
        title: review.title,
        href: `/reviews/${encodeURIComponent(review.slug)}`,
      })),
      agencies: event.agencies.map((agency) => agency.name),
      themes: event.themeSlugs,
      cancelled: planned
        ? null
        : {
            reason: event.cancelledReason ?? '',
            by: event.cancelledByName ?? '',
            at: event.cancelledAt ? formatUkDateTime(event.cancelledAt) : '',
          },
      lastChanged: `${formatUkDateTime(event.updatedAt)} by ${event.updatedByName}`,
    },
    own: own
      ? {
          booked: own.status === 'booked',
          waitingPlace: page.ownWaitingPlace,
          canCancel: planned && (own.status === 'waiting' || page.bookingOpen),
        }
      : null,
    bookAction: learningEventPath(event.id, '/book'),
    cancelBookingAction: learningEventPath(event.id, '/cancel-booking'),
    bookingOpen: page.bookingOpen && own === null,
    bookText: full ? 'Join the waiting list' : 'Book a place',
    full,
    feedbackHref: page.feedbackDue ? learningEventPath(event.id, '/feedback') : null,
    organiser: page.canOrganise
      ? {
          changeHref: planned && page.bookingOpen ? learningEventPath(event.id, '/change') : null,
          cancelHref: planned ? learningEventPath(event.id, '/cancel') : null,
          attendanceHref: page.attendanceOpen ? learningEventPath(event.id, '/attendance') : null,
          bookings: page.bookings.map((booking) => ({
            name: booking.displayName,
            agency: booking.agencyName ?? 'No agency given',
            status: BOOKING_STATUS_NAMES[booking.status] ?? booking.status,
            attendance: attendanceText(booking),
          })),
          feedback: page.feedback.map((feedback) => ({
            usefulness: USEFULNESS_NAMES[String(feedback.usefulness)] ?? '',
            score: feedback.usefulness,
            willDoDifferently: feedback.willDoDifferently,
            comments: feedback.comments,
            givenAt: formatUkDateTime(feedback.givenAt),
          })),
        }
      : null,
  }
}

export function cancelEventViewModel(page: LearningEventPage, form: Record<string, string>) {
  const { event } = page
  return {
    pageTitle: `Cancel the event: ${event.title}`,
    event: { title: event.title, when: formatUkDateTime(event.startsAt) },
    told: page.bookedCount + page.waitingCount,
    action: learningEventPath(event.id, '/cancel'),
    backHref: learningEventPath(event.id),
    version: String(event.version),
    form,
  }
}

export function attendanceViewModel(
  page: LearningEventPage,
  agencies: readonly { id: string; name: string }[],
  posted: { attended: readonly string[]; agencies: Record<string, string> } | null,
) {
  const { event } = page
  const booked = page.bookings.filter((booking) => booking.status === 'booked')
  return {
    pageTitle: `Record attendance: ${event.title}`,
    event: { title: event.title, when: formatUkDateTime(event.startsAt) },
    open: page.attendanceOpen,
    action: learningEventPath(event.id, '/attendance'),
    backHref: learningEventPath(event.id),
    people: booked.map((booking) => {
      const chosen = posted ? (posted.agencies[booking.id] ?? '') : (booking.agencyId ?? '')
      const listed = agencies.some((agency) => agency.id === booking.agencyId)
      return {
        bookingId: booking.id,
        name: booking.displayName,
        attended: posted ? posted.attended.includes(booking.id) : booking.attended === true,
        agencyField: `agency-${booking.id}`,
        agencyItems: [
          { value: '', text: 'No agency given', selected: chosen === '' },
          // The agency a person booked with stays a choice even if it has since been retired.
          ...(booking.agencyId !== null && !listed
            ? [
                {
                  value: booking.agencyId,
                  text: booking.agencyName ?? '',
                  selected: chosen === booking.agencyId,
                },
              ]
            : []),
          ...agencies.map((agency) => ({
            value: agency.id,
            text: agency.name,
            selected: chosen === agency.id,
          })),
        ],
      }
    }),
  }
}

export function feedbackViewModel(page: LearningEventPage, form: Record<string, string>) {
  const { event } = page
  return {
    pageTitle: `Your feedback: ${event.title}`,
    event: { title: event.title, when: formatUkDateTime(event.startsAt) },
    due: page.feedbackDue,
    given: page.ownBooking?.feedbackGiven === true,
    action: learningEventPath(event.id, '/feedback'),
    backHref: learningEventPath(event.id),
    form,
    usefulnessItems: Object.entries(USEFULNESS_NAMES).map(([value, text]) => ({
      value,
      text: `${value}: ${text}`,
      checked: form.usefulness === value,
    })),
  }
}

// ── Reach ───────────────────────────────────────────────────────────────────

/** People who attended, by agency, as horizontal bars (src/web/bar-chart.ts). */
export function reachChartViewModel(byAgency: readonly ReachTotal[]) {
  const attendees = byAgency.reduce((sum, total) => sum + total.attendees, 0)
  const first = byAgency[0]
  return barChartViewModel(
    byAgency.map((total) => ({ name: total.name, value: total.attendees })),
    {
      id: 'learning-reach-chart',
      title: 'People who attended learning events, by agency',
      summary:
        first === undefined
          ? 'Bar chart of people who attended learning events, by agency. No attendance has been recorded yet.'
          : `Bar chart of people who attended learning events, by agency: ${plural(attendees, 'person', 'people')} from ${plural(byAgency.length, 'agency', 'agencies')}. The most came from ${first.name} (${first.attendees}). The table below the chart gives the figures.`,
    },
  )
}

/** People who attended, by the themes the events taught (issue 11). */
export function themeReachChartViewModel(byTheme: readonly ReachTotal[]) {
  const first = byTheme[0]
  return barChartViewModel(
    byTheme.map((total) => ({ name: total.name, value: total.attendees })),
    {
      id: 'learning-reach-by-theme-chart',
      title: 'People who attended learning events, by theme',
      summary:
        first === undefined
          ? 'Bar chart of people who attended learning events, by theme. No attendance at an event with themes has been recorded yet.'
          : `Bar chart of people who attended learning events, by the themes the events taught: ${plural(byTheme.length, 'theme', 'themes')}. The most attended ${first.name} (${first.attendees}). An event may teach several themes. The table below the chart gives the figures.`,
    },
  )
}

export function reachViewModel(reach: LearningEventReach) {
  const total = (totals: readonly ReachTotal[]) =>
    totals.reduce((sum, row) => sum + row.attendees, 0)
  return {
    pageTitle: 'Reach of learning events',
    backHref: LEARNING_EVENTS_PATH,
    csvHref: ATTENDANCE_CSV_PATH,
    byAgency: reach.byAgency,
    byAgencyTotal: total(reach.byAgency),
    byReview: reach.byReview,
    chart: reachChartViewModel(reach.byAgency),
    byTheme: reach.byTheme,
    themeChart: themeReachChartViewModel(reach.byTheme),
    briefingUseByTheme: reach.briefingUseByTheme,
    recorded: reach.attendance.length,
  }
}
