import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  attendanceRefusal,
  bookingRefusal,
  checkEventDetails,
  checkFeedback,
  checkOnlineLink,
  londonTimeToInstant,
  placeFor,
  promotionsFromWaitingList,
  reachTotals,
} from './learning-event.js'

// The test clock: a winter morning, so summer-time events are clearly in the future.
const NOW = new Date('2026-01-15T10:00:00Z')
const FACTS = {
  reviewIds: ['review-a'],
  agencyIds: ['agency-1', 'agency-2'],
  now: NOW,
  bookedCount: 0,
  themeSlugs: ['professional-curiosity', 'safer-sleep', 'neglect'],
}
const GOOD = {
  title: ' Learning from Child A: professional curiosity ',
  description: '',
  reviewIds: ['review-a'],
  themes: 'professional-curiosity, safer-sleep',
  date: '2026-06-10',
  startTime: '9:30',
  endTime: '12:00',
  place: 'Town hall, committee room 2',
  onlineLink: '',
  capacity: '30',
  agencyIds: ['agency-1'],
}

const fieldsOf = (result: { errors: readonly { field: string }[] }) =>
  result.errors.map((error) => error.field)

describe('Europe/London times of an event', () => {
  it('reads a summer time as BST (UTC+1) and a winter time as GMT', () => {
    assert.equal(
      londonTimeToInstant('2026-06-10', '09:30')?.toISOString(),
      '2026-06-10T08:30:00.000Z',
    )
    assert.equal(
      londonTimeToInstant('2026-12-10', '09:30')?.toISOString(),
      '2026-12-10T09:30:00.000Z',
    )
  })

  it('refuses a time the clocks skip and takes the first of a time that happens twice', () => {
    // 2026: clocks go forward on 29 March at 01:00 UTC, back on 25 October at 01:00 UTC.
    assert.equal(londonTimeToInstant('2026-03-29', '01:30'), null)
    assert.equal(
      londonTimeToInstant('2026-10-25', '01:30')?.toISOString(),
      '2026-10-25T00:30:00.000Z',
    )
  })

  it('refuses dates and times that are not real', () => {
    assert.equal(londonTimeToInstant('2026-02-30', '09:00'), null)
    assert.equal(londonTimeToInstant('2026-06-10', '24:00'), null)
  })
})

describe('planning a learning event', () => {
  it('keeps a good plan, trimmed, with its times in UTC', () => {
    const result = checkEventDetails(GOOD, FACTS)
    assert.deepEqual(result.errors, [])
    assert.equal(result.value?.title, 'Learning from Child A: professional curiosity')
    assert.equal(result.value?.startsAt.toISOString(), '2026-06-10T08:30:00.000Z')
    assert.equal(result.value?.endsAt.toISOString(), '2026-06-10T11:00:00.000Z')
    assert.deepEqual(result.value?.themeSlugs, ['professional-curiosity', 'safer-sleep'])
    assert.equal(result.value?.capacity, 30)
    assert.equal(result.value?.onlineLink, null)
  })

  it('asks for everything it needs', () => {
    const result = checkEventDetails(
      {
        title: '',
        description: '',
        reviewIds: [],
        themes: '',
        date: '',
        startTime: '',
        endTime: '',
        place: '',
        onlineLink: '',
        capacity: '',
        agencyIds: [],
      },
      FACTS,
    )
    assert.equal(result.value, null)
    assert.deepEqual(fieldsOf(result), [
      'title',
      'reviewIds',
      'date',
      'startTime',
      'endTime',
      'place',
      'capacity',
      'agencyIds',
    ])
  })

  it('refuses an event that starts before the test clock’s time, or ends before it starts', () => {
    assert.deepEqual(
      fieldsOf(
        checkEventDetails(
          { ...GOOD, date: '2026-01-15', startTime: '09:59', endTime: '11:00' },
          FACTS,
        ),
      ),
      ['date'],
    )
    // 10:01 London in January is after 10:00 UTC: allowed.
    assert.deepEqual(
      fieldsOf(
        checkEventDetails(
          { ...GOOD, date: '2026-01-15', startTime: '10:01', endTime: '11:00' },
          FACTS,
        ),
      ),
      [],
    )
    assert.deepEqual(fieldsOf(checkEventDetails({ ...GOOD, endTime: '09:30' }, FACTS)), ['endTime'])
    assert.deepEqual(fieldsOf(checkEventDetails({ ...GOOD, endTime: '23:00' }, FACTS)), ['endTime'])
  })

  it('holds capacity between 1 and 1000 and never below the places already booked', () => {
    for (const capacity of ['0', '1001', 'ten', '-1', '2.5']) {
      assert.deepEqual(
        fieldsOf(checkEventDetails({ ...GOOD, capacity }, FACTS)),
        ['capacity'],
        capacity,
      )
    }
    assert.equal(checkEventDetails({ ...GOOD, capacity: '1' }, FACTS).value?.capacity, 1)
    assert.equal(checkEventDetails({ ...GOOD, capacity: '1000' }, FACTS).value?.capacity, 1000)
    assert.deepEqual(
      fieldsOf(checkEventDetails({ ...GOOD, capacity: '4' }, { ...FACTS, bookedCount: 5 })),
      ['capacity'],
    )
    assert.equal(
      checkEventDetails({ ...GOOD, capacity: '5' }, { ...FACTS, bookedCount: 5 }).value?.capacity,
      5,
    )
  })

  it('takes only the partnership’s reviews and agencies', () => {
    assert.deepEqual(
      fieldsOf(checkEventDetails({ ...GOOD, reviewIds: ['review-elsewhere'] }, FACTS)),
      ['reviewIds'],
    )
    assert.deepEqual(
      fieldsOf(checkEventDetails({ ...GOOD, agencyIds: ['agency-1', 'agency-9'] }, FACTS)),
      ['agencyIds'],
    )
  })

  it('takes an online link only as an http(s) web address', () => {
    assert.equal(
      checkOnlineLink('https://meet.example.org/abc?x=1'),
      'https://meet.example.org/abc?x=1',
    )
    for (const link of [
      'javascript:alert(1)',
      'data:text/html,x',
      'meet.example.org',
      'https://user:pw@example.org/',
      'https://exa mple.org',
    ]) {
      assert.equal(checkOnlineLink(link), null, link)
    }
    const online = checkEventDetails(
      { ...GOOD, place: '', onlineLink: 'https://meet.example.org/abc' },
      FACTS,
    )
    assert.equal(online.value?.place, null)
    assert.equal(online.value?.onlineLink, 'https://meet.example.org/abc')
    assert.deepEqual(
      fieldsOf(checkEventDetails({ ...GOOD, onlineLink: 'javascript:alert(1)' }, FACTS)),
      ['onlineLink'],
    )
  })

  it('refuses theme references that are not slugs', () => {
    // Issue 11: themes come from the taxonomy, not free names.
    const unknown = checkEventDetails({ ...GOOD, themes: 'neglect, not-a-theme' }, FACTS)
    assert.deepEqual(fieldsOf(unknown), ['themes'])
    assert.match(unknown.errors[0]?.message ?? '', /“not-a-theme” is not a theme/)
    assert.deepEqual(fieldsOf(checkEventDetails({ ...GOOD, themes: '<script>' }, FACTS)), [
      'themes',
    ])
  })
})

describe('places and the waiting list', () => {
  const event = {
    status: 'planned' as const,
    startsAt: new Date('2026-06-10T08:30:00Z'),
    capacity: 2,
  }

  it('gives a place while there is one, then a place on the waiting list', () => {
    assert.equal(placeFor(event, 0), 'booked')
    assert.equal(placeFor(event, 1), 'booked')
    assert.equal(placeFor(event, 2), 'waiting')
  })

  it('gives a freed place to the person who has waited longest', () => {
    const waiting = [
      { id: 'second', queuePosition: 7 },
      { id: 'first', queuePosition: 3 },
      { id: 'third', queuePosition: 9 },
    ]
    assert.deepEqual(
      promotionsFromWaitingList(2, 1, waiting).map((b) => b.id),
      ['first'],
    )
    // Raising the capacity to 4 frees three places.
    assert.deepEqual(
      promotionsFromWaitingList(4, 1, waiting).map((b) => b.id),
      ['first', 'second', 'third'],
    )
    assert.deepEqual(promotionsFromWaitingList(2, 2, waiting), [])
  })

  it('takes bookings until the event starts, and none for a cancelled event', () => {
    assert.equal(bookingRefusal(event, NOW), null)
    assert.match(bookingRefusal(event, new Date('2026-06-10T08:30:00Z')) ?? '', /started/)
    assert.match(bookingRefusal({ ...event, status: 'cancelled' }, NOW) ?? '', /cancelled/)
  })

  it('records attendance only once the event has started', () => {
    assert.match(attendanceRefusal(event, NOW) ?? '', /once the event has started/)
    assert.equal(attendanceRefusal(event, new Date('2026-06-10T09:00:00Z')), null)
  })
})

describe('feedback', () => {
  it('asks how useful, and what the person will do differently', () => {
    assert.deepEqual(
      checkFeedback({ usefulness: '4', willDoDifferently: ' See the baby awake. ', comments: '' }),
      {
        value: { usefulness: 4, willDoDifferently: 'See the baby awake.', comments: '' },
        errors: [],
      },
    )
    assert.deepEqual(
      fieldsOf(
        checkFeedback({ usefulness: '6', willDoDifferently: '', comments: 'x'.repeat(2001) }),
      ),
      ['usefulness', 'willDoDifferently', 'comments'],
    )
  })
})

describe('reach', () => {
  it('counts attendees by agency, by review and by theme, most first', () => {
    const curiosity = ['Professional curiosity']
    const both = ['Neglect', 'Professional curiosity']
    const totals = reachTotals([
      { eventId: 'e1', agencyName: 'Police', reviewTitles: ['Child A'], themeNames: curiosity },
      { eventId: 'e1', agencyName: 'Health', reviewTitles: ['Child A'], themeNames: curiosity },
      {
        eventId: 'e2',
        agencyName: 'Health',
        reviewTitles: ['Child A', 'Child B'],
        themeNames: both,
      },
      { eventId: 'e2', agencyName: null, reviewTitles: ['Child A', 'Child B'], themeNames: both },
    ])
    assert.deepEqual(totals.byTheme, [
      { name: 'Professional curiosity', events: 2, attendees: 4 },
      { name: 'Neglect', events: 1, attendees: 2 },
    ])
    assert.deepEqual(totals.byAgency, [
      { name: 'Health', events: 2, attendees: 2 },
      { name: 'No agency given', events: 1, attendees: 1 },
      { name: 'Police', events: 1, attendees: 1 },
    ])
    assert.deepEqual(totals.byReview, [
      { name: 'Child A', events: 2, attendees: 4 },
      { name: 'Child B', events: 1, attendees: 2 },
    ])
  })
})
