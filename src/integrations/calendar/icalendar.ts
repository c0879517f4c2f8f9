// A small RFC 5545 (iCalendar) writer for feeds of all-day events: enough for
// Outlook, Google Calendar and Apple Calendar to subscribe to the statutory
// deadlines, and nothing else. Pure: text in, text out.
import { addCalendarDays, type CalendarDate } from '../../domain/calendar/calendar-date.js'

export interface AllDayEvent {
  /** Globally unique and stable for the same thing, so a client updates rather than duplicates. */
  readonly uid: string
  readonly date: CalendarDate
  readonly summary: string
  readonly description?: string
  readonly url?: string
}

export interface CalendarFeed {
  /** RFC 5545 PRODID: who made the feed, e.g. "-//Org//Product//EN". */
  readonly productId: string
  /** Shown by clients as the calendar's name (X-WR-CALNAME). */
  readonly name?: string
  /** When the feed was generated: every event's DTSTAMP. */
  readonly generatedAt: Date
  readonly events: readonly AllDayEvent[]
}

const CRLF = '\r\n'
/** RFC 5545 §3.1: lines SHOULD NOT be longer than 75 octets, excluding the line break. */
export const MAX_LINE_OCTETS = 75

/**
 * Escapes a TEXT value (RFC 5545 §3.3.11): backslash, semicolon and comma are
 * escaped, and every line break becomes `\n`. Other control characters are not
 * allowed in TEXT, so they are dropped.
 */
export function escapeText(text: string): string {
  return (
    text
      .replace(/\\/g, '\\\\')
      .replace(/;/g, '\\;')
      .replace(/,/g, '\\,')
      .replace(/\r\n|\r|\n/g, '\\n')
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
  )
}

/**
 * Folds a content line (RFC 5545 §3.1): no physical line longer than 75
 * octets of UTF-8, continuation lines starting with one space. A multi-byte
 * character is never split across lines.
 */
export function foldLine(line: string): string {
  const parts: string[] = []
  let current = ''
  let octets = 0
  // The leading space of a continuation line counts towards its 75 octets.
  let limit = MAX_LINE_OCTETS
  for (const character of line) {
    const size = Buffer.byteLength(character, 'utf8')
    if (octets + size > limit) {
      parts.push(current)
      current = ''
      octets = 0
      limit = MAX_LINE_OCTETS - 1
    }
    current += character
    octets += size
  }
  parts.push(current)
  return parts.join(`${CRLF} `)
}

/** '2025-01-02' → '20250102' (RFC 5545 DATE). */
export function formatDate(date: CalendarDate): string {
  return date.replace(/-/g, '')
}

/** A UTC timestamp as RFC 5545 DATE-TIME: 20250102T030405Z. */
export function formatUtcTimestamp(at: Date): string {
  return at
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '')
}

/** The whole feed as text, CRLF line ends, every line folded. */
export function serialiseCalendar(feed: CalendarFeed): string {
  const stamp = formatUtcTimestamp(feed.generatedAt)
  const lines: string[] = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${escapeText(feed.productId)}`,
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
  ]
  if (feed.name !== undefined) lines.push(`X-WR-CALNAME:${escapeText(feed.name)}`)
  for (const event of feed.events) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${escapeText(event.uid)}`,
      `DTSTAMP:${stamp}`,
      `DTSTART;VALUE=DATE:${formatDate(event.date)}`,
      // An all-day event ends (exclusively) the next day (RFC 5545 §3.6.1).
      `DTEND;VALUE=DATE:${formatDate(addCalendarDays(event.date, 1))}`,
      `SUMMARY:${escapeText(event.summary)}`,
    )
    if (event.description !== undefined) {
      lines.push(`DESCRIPTION:${escapeText(event.description)}`)
    }
    // URL is a URI value, not TEXT: it is not escaped, only kept to one line.
    if (event.url !== undefined) lines.push(`URL:${event.url.replace(/[\r\n]/g, '')}`)
    // A deadline is a reminder, not a meeting: it must not show the day as busy.
    lines.push('TRANSP:TRANSPARENT', 'END:VEVENT')
  }
  lines.push('END:VCALENDAR')
  return lines.map(foldLine).join(CRLF) + CRLF
}
