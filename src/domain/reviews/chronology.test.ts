import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { calendarDate, type CalendarDate } from '../calendar/calendar-date.js'
import type { FieldError } from '../errors.js'
import { agenciesIn, mergeTimeline, readChronologyEntry, type TimelineEntry } from './chronology.js'
import { CHRONOLOGY_CSV_LIMITS, MAX_PROBLEMS_LISTED, parseChronologyCsv } from './chronology-csv.js'

const today = calendarDate('2024-06-14')

function entry(
  agency: string,
  occurredOn: string,
  occurredAt: string | null,
  createdAt = '2024-06-01T10:00:00.000Z',
  sourceLine: number | null = null,
): TimelineEntry {
  return {
    agency,
    occurredOn: occurredOn as CalendarDate,
    occurredAt,
    event: `${agency} ${occurredOn}`,
    source: null,
    createdAt,
    sourceLine,
  }
}

describe('chronology entries', () => {
  it('reads an entry; the time is optional and 9:05 means 09:05', () => {
    const errors: FieldError[] = []
    assert.deepEqual(
      readChronologyEntry(
        errors,
        { agency: ' GP ', occurredOn: '2023-05-01', time: '9:05', event: 'Seen', source: '' },
        today,
      ),
      { agency: 'GP', occurredOn: '2023-05-01', occurredAt: '09:05', event: 'Seen', source: null },
    )
    assert.deepEqual(errors, [])
  })

  it('refuses empty, too long, unreal and future values', () => {
    const errors: FieldError[] = []
    readChronologyEntry(
      errors,
      {
        agency: 'x'.repeat(121),
        occurredOn: '2023-02-30',
        time: '24:00',
        event: '',
        source: 'y'.repeat(201),
      },
      today,
    )
    assert.deepEqual(errors, [
      { field: 'agency', message: 'Agency must be 120 characters or fewer' },
      { field: 'occurredOn', message: 'Date must be a real date' },
      { field: 'time', message: 'Time must be a real 24-hour time, like 09:30 or 17:05' },
      { field: 'event', message: 'Enter what happened' },
      { field: 'source', message: 'Source must be 200 characters or fewer' },
    ])
    const future: FieldError[] = []
    readChronologyEntry(future, { agency: 'GP', occurredOn: '2024-06-15', event: 'x' }, today)
    assert.deepEqual(future, [
      { field: 'occurredOn', message: 'Date must be today or in the past' },
    ])
  })
})

describe('the merged timeline', () => {
  it('orders by date, then time (untimed first), then agency, then the order entered', () => {
    const merged = mergeTimeline([
      entry('Police', '2023-02-01', '10:00'),
      entry('GP', '2023-02-01', null),
      entry('School', '2023-01-15', '15:30'),
      entry('Health visitor', '2023-02-01', '10:00'),
      entry('GP', '2023-02-01', '08:00', '2024-06-02T00:00:00.000Z', 3),
      entry('GP', '2023-02-01', '08:00', '2024-06-02T00:00:00.000Z', 2),
    ])
    assert.deepEqual(
      merged.map(
        (item) =>
          `${item.occurredOn} ${item.occurredAt ?? '--:--'} ${item.agency} ${item.sourceLine ?? ''}`,
      ),
      [
        '2023-01-15 15:30 School ',
        '2023-02-01 --:-- GP ',
        '2023-02-01 08:00 GP 2',
        '2023-02-01 08:00 GP 3',
        '2023-02-01 10:00 Health visitor ',
        '2023-02-01 10:00 Police ',
      ],
    )
  })

  it('filters by agency; no filter or an empty one shows every agency', () => {
    const entries = [entry('Police', '2023-02-01', null), entry('GP', '2023-01-01', null)]
    assert.deepEqual(
      mergeTimeline(entries, { agencies: ['GP'] }).map((item) => item.agency),
      ['GP'],
    )
    assert.equal(mergeTimeline(entries, { agencies: [] }).length, 2)
    assert.deepEqual(agenciesIn([...entries, entry('GP', '2020-01-01', null)]), ['GP', 'Police'])
  })

  it('property: the timeline is sorted, keeps every entry once, and filtering only removes', () => {
    const agencies = ['GP', 'Police', 'School']
    const arbitraryEntry = fc
      .record({
        agency: fc.constantFrom(...agencies),
        day: fc.integer({ min: 1, max: 28 }),
        hour: fc.option(fc.integer({ min: 0, max: 23 })),
      })
      .map(({ agency, day, hour }) =>
        entry(
          agency,
          `2023-03-${String(day).padStart(2, '0')}`,
          hour === null ? null : `${String(hour).padStart(2, '0')}:00`,
        ),
      )
    fc.assert(
      fc.property(
        fc.array(arbitraryEntry, { maxLength: 40 }),
        fc.subarray(agencies),
        (entries, chosen) => {
          const merged = mergeTimeline(entries)
          assert.equal(merged.length, entries.length)
          for (let index = 1; index < merged.length; index += 1) {
            const before = merged[index - 1]!
            const after = merged[index]!
            assert.ok(before.occurredOn <= after.occurredOn)
          }
          const filtered = mergeTimeline(entries, { agencies: chosen })
          const expected =
            chosen.length === 0
              ? entries.length
              : entries.filter((e) => chosen.includes(e.agency)).length
          assert.equal(filtered.length, expected)
        },
      ),
    )
  })
})

describe('chronology CSV import', () => {
  it('reads a clean file with quoted commas, a BOM, DD/MM/YYYY dates and optional columns', () => {
    const result = parseChronologyCsv(
      '\uFEFFagency,date,time,event,source\r\n' +
        'GP,2023-01-31,09:30,"Seen for a cough, no concerns",GP records\r\n' +
        'Police,01/02/2023,,"Called to the address; said ""all fine""",\r\n',
      today,
    )
    assert.ok(result.ok)
    assert.deepEqual(result.entries, [
      {
        agency: 'GP',
        occurredOn: '2023-01-31',
        occurredAt: '09:30',
        event: 'Seen for a cough, no concerns',
        source: 'GP records',
        line: 2,
      },
      {
        agency: 'Police',
        occurredOn: '2023-02-01',
        occurredAt: null,
        event: 'Called to the address; said "all fine"',
        source: null,
        line: 3,
      },
    ])
  })

  it('needs only agency, date and event, in any order and any case', () => {
    const result = parseChronologyCsv('Event,AGENCY,Date\nSeen,GP,2023-01-31\n', today)
    assert.ok(result.ok)
    assert.equal(result.entries[0]?.agency, 'GP')
  })

  it('lists every bad row with its line number and imports none', () => {
    const result = parseChronologyCsv(
      [
        'agency,date,time,event',
        'GP,2023-01-31,09:30,Fine',
        ',2023-02-30,25:00,',
        'Police,2023-02-01,,"A value, with a comma",extra',
        '',
        'School,2099-01-01,,Future',
      ].join('\n'),
      today,
    )
    assert.equal(result.ok, false)
    assert.ok(!result.ok)
    assert.deepEqual(result.problems, [
      {
        line: 3,
        message:
          'Line 3: Enter the agency; Date must be a real date (“2023-02-30”). Write dates as YYYY-MM-DD (2023-01-31) or DD/MM/YYYY (31/01/2023); Time must be a real 24-hour time, like 09:30 or 17:05 (“25:00”); Enter what happened',
      },
      {
        line: 4,
        message:
          'Line 4: has 5 values but the header has 4 columns. A value containing a comma must be in double quotes',
      },
      { line: 6, message: 'Line 6: Date must be today or in the past (“2099-01-01”)' },
    ])
  })

  it('counts lines from the start of a record whose quoted value spans lines', () => {
    const result = parseChronologyCsv(
      'agency,date,event\nGP,2023-01-01,"two\nlines"\nPolice,2023-02-30,x\n',
      today,
    )
    assert.ok(!result.ok)
    assert.equal(result.problems[0]?.line, 4)
  })

  it('refuses a header it does not know, a missing required column or a repeated one', () => {
    const unknown = parseChronologyCsv('agency,date,what\nGP,2023-01-01,x\n', today)
    assert.ok(!unknown.ok)
    assert.deepEqual(
      unknown.problems.map((problem) => problem.message),
      [
        'Line 1: “what” is not a column this import knows. The first row must name the columns: agency, date, time, event, source',
        'Line 1: the header row has no “event” column. The first row must name the columns: agency, date, time, event, source',
      ],
    )
    const repeated = parseChronologyCsv(
      'agency,date,event,date\nGP,2023-01-01,x,2023-01-01\n',
      today,
    )
    assert.ok(!repeated.ok)
    assert.match(repeated.problems[0]?.message ?? '', /“date” appears twice/)
  })

  it('explains unreadable CSV, empty files and headers without rows', () => {
    const broken = parseChronologyCsv('agency,date,event\nGP,2023-01-01,"never closed\n', today)
    assert.ok(!broken.ok)
    assert.match(
      broken.problems[0]?.message ?? '',
      /^The CSV cannot be read: a value opened with a double quote/,
    )
    const empty = parseChronologyCsv('  \n', today)
    assert.ok(!empty.ok)
    assert.match(empty.problems[0]?.message ?? '', /The CSV is empty/)
    const headerOnly = parseChronologyCsv('agency,date,event\n\n', today)
    assert.ok(!headerOnly.ok)
    assert.match(headerOnly.problems[0]?.message ?? '', /no entries below it/)
  })

  it('refuses files over 1 MB or 5000 rows, and lists at most 100 problems', () => {
    const big = parseChronologyCsv(
      `agency,date,event\n${'x'.repeat(CHRONOLOGY_CSV_LIMITS.maxBytes)}`,
      today,
    )
    assert.ok(!big.ok)
    assert.match(big.problems[0]?.message ?? '', /larger than 1 MB/)
    const manyRows = parseChronologyCsv(
      `agency,date,event\n${'GP,2023-01-01,x\n'.repeat(CHRONOLOGY_CSV_LIMITS.maxRows + 1)}`,
      today,
    )
    assert.ok(!manyRows.ok)
    assert.match(manyRows.problems[0]?.message ?? '', /has 5001 entries: import at most 5000/)
    const atLimit = parseChronologyCsv(
      `agency,date,event\n${'GP,2023-01-01,x\n'.repeat(CHRONOLOGY_CSV_LIMITS.maxRows)}`,
      today,
    )
    assert.ok(atLimit.ok)
    const manyBad = parseChronologyCsv(
      `agency,date,event\n${'GP,2023-02-30,x\n'.repeat(150)}`,
      today,
    )
    assert.ok(!manyBad.ok)
    assert.equal(manyBad.problems.length, MAX_PROBLEMS_LISTED)
    assert.equal(manyBad.moreProblems, 50)
  })
})
