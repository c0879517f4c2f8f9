// Learning events (issue 11): a session a partnership runs to teach from its
// reviews' learning. The rules here decide what a plan must say, who gets a
// place and who waits, when attendance and feedback may be recorded. No I/O:
// the service reads the facts (how many are booked, what time it is) and
// passes them in.
import { parseCalendarDate } from '../calendar/calendar-date.js'
import type { FieldError } from '../errors.js'

export const TITLE_LIMIT = 200
export const DESCRIPTION_LIMIT = 4000
export const PLACE_LIMIT = 500
export const LINK_LIMIT = 500
export const REASON_LIMIT = 2000
export const FEEDBACK_TEXT_LIMIT = 2000
export const MOST_PLACES = 1000
/** A day's training at most: longer is a typing slip in the end time. */
export const LONGEST_EVENT_HOURS = 12
const THEME_SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/
const MOST_THEMES = 20

export type EventStatus = 'planned' | 'cancelled'
export type BookingStatus = 'booked' | 'waiting' | 'cancelled'

export function isBookingStatus(value: string): value is BookingStatus {
  return value === 'booked' || value === 'waiting' || value === 'cancelled'
}

export function isEventStatus(value: string): value is EventStatus {
  return value === 'planned' || value === 'cancelled'
}

export interface EventDetailsInput {
  readonly title: unknown
  readonly description: unknown
  readonly reviewIds: unknown
  /** Theme slugs, separated by commas or spaces (free references until the taxonomy lands). */
  readonly themes: unknown
  /** `YYYY-MM-DD` from the GOV.UK date input; '' when not given. */
  readonly date: unknown
  /** 24-hour `HH:MM`, Europe/London wall-clock time. */
  readonly startTime: unknown
  readonly endTime: unknown
  readonly place: unknown
  readonly onlineLink: unknown
  readonly capacity: unknown
  readonly agencyIds: unknown
}

export interface EventDetails {
  readonly title: string
  readonly description: string
  readonly reviewIds: readonly string[]
  readonly themeSlugs: readonly string[]
  readonly startsAt: Date
  readonly endsAt: Date
  readonly place: string | null
  readonly onlineLink: string | null
  readonly capacity: number
  readonly agencyIds: readonly string[]
}

export interface EventFacts {
  /** The partnership's reviews an event may teach from. */
  readonly reviewIds: readonly string[]
  /** The partnership's current agencies. */
  readonly agencyIds: readonly string[]
  readonly now: Date
  /** Places already taken: capacity may not drop below them (nobody loses a place by an edit). */
  readonly bookedCount: number
  /**
   * The theme slugs an event may name (issue 11): the taxonomy's themes in
   * use, and any the event already names (a theme retired since stays).
   */
  readonly themeSlugs: readonly string[]
}

const textOf = (value: unknown) =>
  typeof value === 'string' ? value.replace(/\r\n?/g, '\n').trim() : ''

const listOf = (value: unknown): string[] =>
  (Array.isArray(value) ? value : [value]).filter(
    (item): item is string => typeof item === 'string' && item !== '',
  )

const LONDON = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
})

/** The instant as Europe/London wall-clock `YYYY-MM-DDTHH:MM`. */
export function londonWallClock(instant: Date): string {
  const parts = LONDON.formatToParts(instant)
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    parts.find((candidate) => candidate.type === type)?.value ?? ''
  const hour = String(Number(part('hour')) % 24).padStart(2, '0')
  return `${part('year')}-${part('month')}-${part('day')}T${hour}:${part('minute')}`
}

/**
 * The UTC instant of a Europe/London wall-clock time. Null for a time the
 * clocks skip (01:30 on the last Sunday of March). A time that happens twice
 * (01:30 on the last Sunday of October) is the first, in summer time.
 */
export function londonTimeToInstant(date: string, time: string): Date | null {
  const day = parseCalendarDate(date)
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time)
  if (day === null || !match) return null
  const asUtc = Date.parse(`${day}T${match[1]}:${match[2]}:00Z`)
  // London is UTC+1 (BST) or UTC+0 (GMT): try summer time first.
  for (const offsetHours of [1, 0]) {
    const candidate = new Date(asUtc - offsetHours * 3_600_000)
    if (londonWallClock(candidate) === `${day}T${match[1]}:${match[2]}`) return candidate
  }
  return null
}

/** "09:30" or "9:30" → "09:30"; anything else as typed, to be refused. */
function timeText(value: unknown): string {
  const text = textOf(value)
  const match = /^(\d{1,2})[:.](\d{2})$/.exec(text)
  return match ? `${match[1]!.padStart(2, '0')}:${match[2]}` : text
}

/** An online link people can open: http(s) only, so no javascript: or data: link reaches a page. */
export function checkOnlineLink(text: string): string | null {
  if (text.length > LINK_LIMIT || /\s/.test(text)) return null
  try {
    const url = new URL(text)
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return null
    if (url.hostname === '' || url.username !== '' || url.password !== '') return null
    return url.toString()
  } catch {
    return null
  }
}

/** Checks an event's plan (new or edited) against the partnership's reviews and agencies and the time now. */
export function checkEventDetails(
  input: EventDetailsInput,
  facts: EventFacts,
): { value: EventDetails | null; errors: FieldError[] } {
  const errors: FieldError[] = []
  const title = textOf(input.title)
  if (title === '') errors.push({ field: 'title', message: 'Enter a title for the event' })
  else if (title.length > TITLE_LIMIT) {
    errors.push({ field: 'title', message: `The title must be ${TITLE_LIMIT} characters or fewer` })
  }
  const description = textOf(input.description)
  if (description.length > DESCRIPTION_LIMIT) {
    errors.push({
      field: 'description',
      message: `The description must be ${DESCRIPTION_LIMIT} characters or fewer`,
    })
  }

  const reviewIds = [...new Set(listOf(input.reviewIds))]
  if (reviewIds.length === 0) {
    errors.push({ field: 'reviewIds', message: 'Select the reviews the event teaches from' })
  } else if (reviewIds.some((id) => !facts.reviewIds.includes(id))) {
    errors.push({ field: 'reviewIds', message: 'Select reviews from the list' })
  }

  const themeSlugs = [
    ...new Set(
      textOf(input.themes)
        .toLowerCase()
        .split(/[\s,]+/)
        .filter((slug) => slug !== ''),
    ),
  ]
  const unknownThemes = themeSlugs.filter((slug) => !facts.themeSlugs.includes(slug))
  if (themeSlugs.length > MOST_THEMES || themeSlugs.some((slug) => !THEME_SLUG.test(slug))) {
    errors.push({
      field: 'themes',
      message: `Enter up to ${MOST_THEMES} theme names like professional-curiosity, separated by commas`,
    })
  } else if (unknownThemes.length > 0) {
    // Checked against the taxonomy, so reach by theme counts real themes.
    errors.push({
      field: 'themes',
      message: `${unknownThemes.map((slug) => `“${slug}”`).join(', ')} ${unknownThemes.length === 1 ? 'is not a theme' : 'are not themes'}: use the themes listed under Settings, Themes, like professional-curiosity`,
    })
  }

  const dateText = typeof input.date === 'string' ? input.date : 'not-a-date'
  const startText = timeText(input.startTime)
  const endText = timeText(input.endTime)
  let startsAt: Date | null = null
  let endsAt: Date | null = null
  if (dateText === '') {
    errors.push({ field: 'date', message: 'Enter the date of the event' })
  } else if (parseCalendarDate(dateText) === null) {
    errors.push({ field: 'date', message: 'The date of the event must be a real date' })
  }
  if (startText === '') {
    errors.push({ field: 'startTime', message: 'Enter the time the event starts' })
  } else if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(startText)) {
    errors.push({
      field: 'startTime',
      message: 'The start time must be a 24-hour time, like 09:30 or 14:00',
    })
  }
  if (endText === '') {
    errors.push({ field: 'endTime', message: 'Enter the time the event ends' })
  } else if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(endText)) {
    errors.push({
      field: 'endTime',
      message: 'The end time must be a 24-hour time, like 12:30 or 16:00',
    })
  }
  if (!errors.some((error) => ['date', 'startTime', 'endTime'].includes(error.field))) {
    startsAt = londonTimeToInstant(dateText, startText)
    endsAt = londonTimeToInstant(dateText, endText)
    if (startsAt === null) {
      errors.push({
        field: 'startTime',
        message: 'The clocks go forward at that time: choose another start time',
      })
    } else if (endsAt === null) {
      errors.push({
        field: 'endTime',
        message: 'The clocks go forward at that time: choose another end time',
      })
    } else if (startsAt.getTime() <= facts.now.getTime()) {
      errors.push({ field: 'date', message: 'The event must start in the future' })
    } else if (endsAt.getTime() <= startsAt.getTime()) {
      errors.push({ field: 'endTime', message: 'The end time must be after the start time' })
    } else if (endsAt.getTime() - startsAt.getTime() > LONGEST_EVENT_HOURS * 3_600_000) {
      errors.push({
        field: 'endTime',
        message: `An event can last ${LONGEST_EVENT_HOURS} hours at most`,
      })
    }
  }

  const place = textOf(input.place)
  const linkText = textOf(input.onlineLink)
  const onlineLink = linkText === '' ? null : checkOnlineLink(linkText)
  if (place === '' && linkText === '') {
    errors.push({ field: 'place', message: 'Enter the place of the event or its online link' })
  }
  if (place.length > PLACE_LIMIT) {
    errors.push({ field: 'place', message: `The place must be ${PLACE_LIMIT} characters or fewer` })
  }
  if (linkText !== '' && onlineLink === null) {
    errors.push({
      field: 'onlineLink',
      message: 'Enter the online link as a full web address, like https://meet.example.org/abc',
    })
  }

  const capacityText = typeof input.capacity === 'string' ? input.capacity.trim() : ''
  const capacity = /^\d{1,6}$/.test(capacityText) ? Number(capacityText) : null
  if (capacityText === '') {
    errors.push({ field: 'capacity', message: 'Enter how many places there are' })
  } else if (capacity === null) {
    errors.push({ field: 'capacity', message: 'The number of places must be a whole number' })
  } else if (capacity < 1 || capacity > MOST_PLACES) {
    errors.push({
      field: 'capacity',
      message: `The number of places must be between 1 and ${MOST_PLACES}`,
    })
  } else if (capacity < facts.bookedCount) {
    errors.push({
      field: 'capacity',
      message: `${facts.bookedCount} places are already booked: the number of places cannot be fewer`,
    })
  }

  const agencyIds = [...new Set(listOf(input.agencyIds))]
  if (agencyIds.length === 0) {
    errors.push({ field: 'agencyIds', message: 'Select the agencies the event is for' })
  } else if (agencyIds.some((id) => !facts.agencyIds.includes(id))) {
    errors.push({ field: 'agencyIds', message: 'Select agencies from the list' })
  }

  if (errors.length > 0 || startsAt === null || endsAt === null || capacity === null) {
    return { value: null, errors }
  }
  return {
    value: {
      title,
      description,
      reviewIds,
      themeSlugs,
      startsAt,
      endsAt,
      place: place === '' ? null : place,
      onlineLink,
      capacity,
      agencyIds,
    },
    errors: [],
  }
}

/** A reason for cancelling the event, told to everyone booked. */
export function checkCancellationReason(value: unknown): { value: string; errors: FieldError[] } {
  const reason = textOf(value)
  if (reason === '') {
    return {
      value: reason,
      errors: [{ field: 'reason', message: 'Enter why the event is cancelled' }],
    }
  }
  if (reason.length > REASON_LIMIT) {
    return {
      value: reason,
      errors: [
        { field: 'reason', message: `The reason must be ${REASON_LIMIT} characters or fewer` },
      ],
    }
  }
  return { value: reason, errors: [] }
}

// ── Places and the waiting list ───────────────────────────────────────────────

export interface EventState {
  readonly status: EventStatus
  readonly startsAt: Date
  readonly capacity: number
}

/** Why a person may not book now, or null when they may. */
export function bookingRefusal(event: EventState, now: Date): string | null {
  if (event.status === 'cancelled') return 'This event has been cancelled'
  if (event.startsAt.getTime() <= now.getTime()) return 'This event has already started'
  return null
}

/** A new booking gets a place while there is one; after that it joins the waiting list. */
export function placeFor(event: EventState, bookedCount: number): 'booked' | 'waiting' {
  return bookedCount < event.capacity ? 'booked' : 'waiting'
}

export interface WaitingBooking {
  readonly id: string
  /** Order of joining: lower waited longer. */
  readonly queuePosition: number
}

/**
 * Who moves from the waiting list to a place: as many as there are free
 * places, longest waiting first. Called after a place is freed and after the
 * capacity is raised.
 */
export function promotionsFromWaitingList(
  capacity: number,
  bookedCount: number,
  waiting: readonly WaitingBooking[],
): WaitingBooking[] {
  const free = Math.max(0, capacity - bookedCount)
  return [...waiting].sort((a, b) => a.queuePosition - b.queuePosition).slice(0, free)
}

/** Attendance is recorded once the event has started, for an event that went ahead. */
export function attendanceRefusal(event: EventState, now: Date): string | null {
  if (event.status === 'cancelled') return 'This event was cancelled'
  if (event.startsAt.getTime() > now.getTime()) {
    return 'Attendance can be recorded once the event has started'
  }
  return null
}

// ── Feedback ──────────────────────────────────────────────────────────────────

export interface FeedbackInput {
  readonly usefulness: unknown
  readonly willDoDifferently: unknown
  readonly comments: unknown
}

export interface Feedback {
  /** 1 (not useful) to 5 (very useful). */
  readonly usefulness: number
  readonly willDoDifferently: string
  readonly comments: string
}

export const USEFULNESS_NAMES: Readonly<Record<string, string>> = {
  '1': 'Not useful',
  '2': 'A little useful',
  '3': 'Useful',
  '4': 'Very useful',
  '5': 'Extremely useful',
}

export function checkFeedback(input: FeedbackInput): {
  value: Feedback | null
  errors: FieldError[]
} {
  const errors: FieldError[] = []
  const usefulnessText = typeof input.usefulness === 'string' ? input.usefulness : ''
  if (!/^[1-5]$/.test(usefulnessText)) {
    errors.push({ field: 'usefulness', message: 'Select how useful the event was' })
  }
  const willDoDifferently = textOf(input.willDoDifferently)
  if (willDoDifferently === '') {
    errors.push({
      field: 'willDoDifferently',
      message: 'Enter what you will do differently after the event',
    })
  } else if (willDoDifferently.length > FEEDBACK_TEXT_LIMIT) {
    errors.push({
      field: 'willDoDifferently',
      message: `What you will do differently must be ${FEEDBACK_TEXT_LIMIT} characters or fewer`,
    })
  }
  const comments = textOf(input.comments)
  if (comments.length > FEEDBACK_TEXT_LIMIT) {
    errors.push({
      field: 'comments',
      message: `Your comments must be ${FEEDBACK_TEXT_LIMIT} characters or fewer`,
    })
  }
  if (errors.length > 0) return { value: null, errors }
  return { value: { usefulness: Number(usefulnessText), willDoDifferently, comments }, errors: [] }
}

// ── Reach ─────────────────────────────────────────────────────────────────────

export interface AttendanceRecord {
  readonly eventId: string
  readonly agencyName: string | null
  readonly reviewTitles: readonly string[]
  /** The names of the themes the event teaches (issue 11). */
  readonly themeNames: readonly string[]
}

export interface ReachTotal {
  readonly name: string
  /** Events with at least one attendee counted here. */
  readonly events: number
  readonly attendees: number
}

const NO_AGENCY = 'No agency given'

function totalsBy(
  records: readonly AttendanceRecord[],
  keysOf: (record: AttendanceRecord) => readonly string[],
): ReachTotal[] {
  const totals = new Map<string, { events: Set<string>; attendees: number }>()
  for (const record of records) {
    for (const key of keysOf(record)) {
      const total = totals.get(key) ?? { events: new Set<string>(), attendees: 0 }
      total.events.add(record.eventId)
      total.attendees += 1
      totals.set(key, total)
    }
  }
  return [...totals.entries()]
    .map(([name, total]) => ({ name, events: total.events.size, attendees: total.attendees }))
    .sort((a, b) => b.attendees - a.attendees || a.name.localeCompare(b.name))
}

/** People who attended, by their agency and by the reviews their events taught from. */
export function reachTotals(records: readonly AttendanceRecord[]): {
  byAgency: ReachTotal[]
  byReview: ReachTotal[]
  byTheme: ReachTotal[]
} {
  return {
    byAgency: totalsBy(records, (record) => [record.agencyName ?? NO_AGENCY]),
    byReview: totalsBy(records, (record) => record.reviewTitles),
    byTheme: totalsBy(records, (record) => record.themeNames),
  }
}
