import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { calendarDate } from '../../domain/calendar/calendar-date.js'
import {
  MAX_LINE_OCTETS,
  escapeText,
  foldLine,
  formatUtcTimestamp,
  serialiseCalendar,
} from './icalendar.js'

/** Undoes folding (RFC 5545 §3.1): a CRLF followed by one space or tab is removed. */
function unfold(text: string): string {
  return text.replace(/\r\n[ \t]/g, '')
}

/** Undoes TEXT escaping, for round-trip checks. */
function unescapeText(text: string): string {
  return text.replace(/\\([\\;,nN])/g, (_, character: string) =>
    character === 'n' || character === 'N' ? '\n' : character,
  )
}

describe('escapeText (RFC 5545 §3.3.11)', () => {
  it('escapes backslash, semicolon, comma and line breaks', () => {
    assert.equal(escapeText('a\\b;c,d'), 'a\\\\b\\;c\\,d')
    assert.equal(escapeText('one\ntwo\r\nthree\rfour'), 'one\\ntwo\\nthree\\nfour')
  })

  it('escapes the backslash first, so an escape is never doubled', () => {
    assert.equal(escapeText('\\,'), '\\\\\\,')
    assert.equal(unescapeText(escapeText('\\n')), '\\n')
  })

  it('drops control characters that TEXT may not hold, keeping tabs', () => {
    assert.equal(escapeText('a\u0000b\u0007c\td\u007f'), 'abc\td')
  })

  it('property: escaped text has no raw line break and unescapes to the original', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (raw) => {
        // eslint-disable-next-line no-control-regex -- the characters TEXT may not hold
        const text = raw.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
        const escaped = escapeText(text)
        assert.ok(!/[\r\n]/.test(escaped))
        assert.equal(unescapeText(escaped), text.replace(/\r\n|\r/g, '\n'))
      }),
    )
  })
})

describe('foldLine (RFC 5545 §3.1)', () => {
  it('leaves a line of 75 octets alone and folds one of 76', () => {
    const exact = 'X'.repeat(MAX_LINE_OCTETS)
    assert.equal(foldLine(exact), exact)
    assert.equal(foldLine(`${exact}Y`), `${exact}\r\n Y`)
  })

  it('counts octets, not characters, and never splits a multi-byte character', () => {
    // "’" is 3 octets in UTF-8: 25 of them are 75 octets, 26 must fold.
    const quotes = '’'.repeat(26)
    const folded = foldLine(quotes)
    const lines = folded.split('\r\n')
    assert.equal(lines.length, 2)
    assert.equal(lines[0], '’'.repeat(25))
    assert.equal(lines[1], ' ’')
    // An emoji is 4 octets: the fold comes before it, not through it.
    const line = `${'a'.repeat(73)}😀b`
    assert.deepEqual(foldLine(line).split('\r\n'), ['a'.repeat(73), ' 😀b'])
  })

  it('property: every physical line is at most 75 octets and unfolding gives the line back', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (raw) => {
        const line = raw.replace(/[\r\n]/g, '')
        const folded = foldLine(line)
        for (const physical of folded.split('\r\n')) {
          assert.ok(Buffer.byteLength(physical, 'utf8') <= MAX_LINE_OCTETS, physical)
        }
        assert.equal(unfold(folded), line)
      }),
    )
  })
})

describe('serialiseCalendar', () => {
  const generatedAt = new Date('2025-03-04T05:06:07.890Z')
  const feed = serialiseCalendar({
    productId: '-//Test//Statutory deadlines//EN',
    name: 'Statutory deadlines',
    generatedAt,
    events: [
      {
        uid: 'incident-1/notification@example.org',
        date: calendarDate('2025-03-31'),
        summary: 'Notification due: Child B (Wandsworth Safeguarding Children Partnership)',
        description: 'Notify the Panel; see the record.\nLine two, with a comma',
        url: 'https://reviews.example.org/manage/incidents/1',
      },
      {
        uid: 'review-2/review@example.org',
        date: calendarDate('2024-12-31'),
        summary: 'Review target; Child C',
      },
    ],
  })

  it('is a VCALENDAR with VERSION and PRODID, CRLF line ends and a final CRLF', () => {
    assert.ok(
      feed.startsWith(
        'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//Statutory deadlines//EN\r\n',
      ),
    )
    assert.ok(feed.endsWith('END:VCALENDAR\r\n'))
    assert.ok(!/[^\r]\n/.test(feed), 'no bare LF')
    for (const line of feed.split('\r\n')) {
      assert.ok(Buffer.byteLength(line, 'utf8') <= MAX_LINE_OCTETS, line)
    }
  })

  it('writes one all-day VEVENT per event with UID, DTSTAMP, DTSTART;VALUE=DATE and SUMMARY', () => {
    const text = unfold(feed)
    assert.equal(text.match(/BEGIN:VEVENT/g)?.length, 2)
    assert.equal(text.match(/END:VEVENT/g)?.length, 2)
    assert.match(text, /\r\nUID:incident-1\/notification@example\.org\r\n/)
    assert.match(text, /\r\nDTSTAMP:20250304T050607Z\r\n/)
    assert.match(text, /\r\nDTSTART;VALUE=DATE:20250331\r\nDTEND;VALUE=DATE:20250401\r\n/)
    // Year end: the exclusive end date rolls into the next year.
    assert.match(text, /\r\nDTSTART;VALUE=DATE:20241231\r\nDTEND;VALUE=DATE:20250101\r\n/)
    assert.match(
      text,
      /\r\nSUMMARY:Notification due: Child B \(Wandsworth Safeguarding Children Partnership\)\r\n/,
    )
    assert.match(text, /\r\nSUMMARY:Review target\\; Child C\r\n/)
    assert.match(
      text,
      /\r\nDESCRIPTION:Notify the Panel\\; see the record\.\\nLine two\\, with a comma\r\n/,
    )
    assert.match(text, /\r\nURL:https:\/\/reviews\.example\.org\/manage\/incidents\/1\r\n/)
  })

  it('folds the long SUMMARY line', () => {
    const first = 'SUMMARY:Notification due: Child B (Wandsworth Safeguarding Children Partner'
    assert.equal(first.length, MAX_LINE_OCTETS)
    assert.ok(feed.includes(`\r\n${first}\r\n ship)\r\n`))
  })

  it('formats DTSTAMP in UTC without fractions of a second', () => {
    assert.equal(formatUtcTimestamp(new Date('2024-01-02T00:00:00.000Z')), '20240102T000000Z')
  })

  it('an empty feed is still a valid calendar', () => {
    const empty = serialiseCalendar({ productId: '-//T//T//EN', generatedAt, events: [] })
    assert.equal(
      empty,
      'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//T//T//EN\r\nCALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\nEND:VCALENDAR\r\n',
    )
  })
})
