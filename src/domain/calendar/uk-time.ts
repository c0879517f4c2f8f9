// Times as people in England read them, in the GOV.UK style: "12:32am",
// "3:05pm", "10am", "midday", "midnight" (never "0:32 am" or "15:05"), always
// in UK time (Europe/London: GMT in winter, BST in summer), whatever time zone
// the server runs in. Timestamps are stored in UTC; this is the one place that
// turns them into words for a page, a document or an email.

const LONDON_PARTS = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: 'long',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
})

/** A timestamp (a Date or ISO 8601 text); anything unreadable is refused with null. */
function instantOf(value: Date | string): Date | null {
  const instant = typeof value === 'string' ? new Date(value) : value
  return Number.isNaN(instant.getTime()) ? null : instant
}

/** Hours (0–23) and minutes in GOV.UK words: 0:00 is "midnight", 12:00 "midday", 0:32 "12:32am". */
export function govukTimeOfDay(hours: number, minutes: number): string {
  if (minutes === 0 && hours === 0) return 'midnight'
  if (minutes === 0 && hours === 12) return 'midday'
  const suffix = hours < 12 ? 'am' : 'pm'
  const hour12 = hours % 12 === 0 ? 12 : hours % 12
  return minutes === 0
    ? `${hour12}${suffix}`
    : `${hour12}:${String(minutes).padStart(2, '0')}${suffix}`
}

/**
 * A wall-clock time written 24-hour "HH:MM" (a chronology entry's time, which
 * has no time zone: it is the time the agency's record gives) in GOV.UK words.
 * Text that is not such a time is returned as it is, so nothing is hidden.
 */
export function formatWallClockTime(text: string): string {
  const match = /^(\d{1,2}):(\d{2})(?::\d{2})?$/.exec(text.trim())
  if (!match) return text
  const hours = Number(match[1])
  const minutes = Number(match[2])
  if (hours > 23 || minutes > 59) return text
  return govukTimeOfDay(hours, minutes)
}

function londonParts(instant: Date) {
  const parts = LONDON_PARTS.formatToParts(instant)
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    parts.find((candidate) => candidate.type === type)?.value ?? ''
  return {
    day: part('day'),
    month: part('month'),
    year: part('year'),
    // Some engines write midnight as 24 under h23; both mean the start of the day.
    hours: Number(part('hour')) % 24,
    minutes: Number(part('minute')),
  }
}

/** A timestamp's time in UK time: "12:32am", "3:05pm", "midday", "midnight". */
export function formatUkTime(value: Date | string): string {
  const instant = instantOf(value)
  if (instant === null) return ''
  const { hours, minutes } = londonParts(instant)
  return govukTimeOfDay(hours, minutes)
}

/** A timestamp's date in UK time: "7 December 2026" (UTC would say the 6th at 00:30 BST). */
export function formatUkDate(value: Date | string): string {
  const instant = instantOf(value)
  if (instant === null) return ''
  const { day, month, year } = londonParts(instant)
  return `${day} ${month} ${year}`
}

/** A timestamp in UK time, as GOV.UK writes it: "7 December 2026 at 3:05pm". */
export function formatUkDateTime(value: Date | string): string {
  const instant = instantOf(value)
  if (instant === null) return ''
  const { day, month, year, hours, minutes } = londonParts(instant)
  return `${day} ${month} ${year} at ${govukTimeOfDay(hours, minutes)}`
}
