import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Membership } from '../../../domain/access/roles.js'
import { calendarDate } from '../../../domain/calendar/calendar-date.js'
import type { OpenDeadline } from '../../../services/statutory-clocks-service.js'
import {
  DEFAULT_CLOCKS_QUERY,
  clocksQueryString,
  clocksTableViewModel,
  filterAndSortClocks,
  partnershipOptions,
  readClocksQuery,
  workingDaysText,
} from './statutory-clocks-view-model.js'

const WANDSWORTH = { id: 'w-id', slug: 'wandsworth', name: 'Wandsworth Partnership' }
const SOUTHWARK = { id: 's-id', slug: 'southwark', name: 'Southwark Partnership' }
const PARTNERSHIPS = [SOUTHWARK, WANDSWORTH]

function deadline(overrides: Partial<OpenDeadline> & Pick<OpenDeadline, 'key'>): OpenDeadline {
  return {
    deadline: 'notification',
    rule: 'S3',
    record: { kind: 'incident', id: overrides.key, path: `/manage/incidents/${overrides.key}` },
    pseudonyms: 'Child A',
    partnership: WANDSWORTH,
    partnershipIds: [WANDSWORTH.id],
    dueOn: calendarDate('2025-03-10'),
    status: 'on-track',
    workingDaysLeft: 5,
    ...overrides,
  }
}

const ROWS: OpenDeadline[] = [
  deadline({ key: 'a', pseudonyms: 'Child B', dueOn: calendarDate('2025-03-12') }),
  deadline({
    key: 'b',
    pseudonyms: 'Child A',
    dueOn: calendarDate('2025-03-03'),
    status: 'overdue',
    workingDaysLeft: -3,
    deadline: 'rapid-review',
    rule: 'S6',
    record: { kind: 'rapid-review', id: 'rr', path: '/manage/rapid-reviews/rr' },
  }),
  deadline({
    key: 'c',
    pseudonyms: 'Child C',
    dueOn: calendarDate('2025-09-01'),
    deadline: 'review',
    rule: 'S12',
    record: { kind: 'review', id: 'rv', path: '/manage/reviews/rv' },
    partnership: SOUTHWARK,
    // Led by Southwark, with Wandsworth taking part.
    partnershipIds: [SOUTHWARK.id, WANDSWORTH.id],
  }),
  deadline({
    key: 'd',
    pseudonyms: 'Child D',
    dueOn: calendarDate('2025-03-11'),
    status: 'due-soon',
    workingDaysLeft: 1,
  }),
]

const keys = (rows: readonly OpenDeadline[]) => rows.map((row) => row.key)

describe('readClocksQuery', () => {
  it('reads known values', () => {
    assert.deepEqual(
      readClocksQuery(
        { partnership: 'southwark', kind: 'review', sort: 'status', order: 'desc' },
        PARTNERSHIPS,
      ),
      { partnership: 'southwark', kind: 'review', sort: 'status', order: 'desc' },
    )
  })

  it('falls back to the defaults for anything unknown, missing or hostile', () => {
    assert.deepEqual(readClocksQuery(undefined, PARTNERSHIPS), DEFAULT_CLOCKS_QUERY)
    assert.deepEqual(
      readClocksQuery(
        {
          partnership: 'camden',
          kind: '<script>alert(1)</script>',
          sort: 'dueOn; drop table',
          order: 'sideways',
        },
        PARTNERSHIPS,
      ),
      DEFAULT_CLOCKS_QUERY,
    )
    // A repeated parameter: the first value counts.
    assert.equal(readClocksQuery({ kind: ['incident', 'review'] }, PARTNERSHIPS).kind, 'incident')
    assert.equal(readClocksQuery({ kind: 42 }, PARTNERSHIPS).kind, null)
  })
})

describe('filterAndSortClocks', () => {
  it('sorts by due date, soonest first, by default; descending reverses it', () => {
    assert.deepEqual(keys(filterAndSortClocks(ROWS, DEFAULT_CLOCKS_QUERY, PARTNERSHIPS)), [
      'b',
      'd',
      'a',
      'c',
    ])
    assert.deepEqual(
      keys(filterAndSortClocks(ROWS, { ...DEFAULT_CLOCKS_QUERY, order: 'desc' }, PARTNERSHIPS)),
      ['c', 'a', 'd', 'b'],
    )
  })

  it('sorts by child, kind, partnership and status (most urgent first)', () => {
    const sorted = (sort: typeof DEFAULT_CLOCKS_QUERY.sort) =>
      keys(filterAndSortClocks(ROWS, { ...DEFAULT_CLOCKS_QUERY, sort }, PARTNERSHIPS))
    assert.deepEqual(sorted('record'), ['b', 'a', 'c', 'd'])
    assert.deepEqual(sorted('kind'), ['d', 'a', 'b', 'c'])
    assert.deepEqual(sorted('partnership'), ['c', 'b', 'd', 'a'])
    assert.deepEqual(sorted('status'), ['b', 'd', 'a', 'c'])
  })

  it('filters by kind and by partnership (a review counts for every partnership in it)', () => {
    const filtered = (query: Partial<typeof DEFAULT_CLOCKS_QUERY>) =>
      keys(filterAndSortClocks(ROWS, { ...DEFAULT_CLOCKS_QUERY, ...query }, PARTNERSHIPS))
    assert.deepEqual(filtered({ kind: 'incident' }), ['d', 'a'])
    assert.deepEqual(filtered({ kind: 'rapid-review' }), ['b'])
    assert.deepEqual(filtered({ partnership: 'southwark' }), ['c'])
    assert.deepEqual(filtered({ partnership: 'wandsworth' }), ['b', 'd', 'a', 'c'])
    assert.deepEqual(filtered({ partnership: 'southwark', kind: 'incident' }), [])
  })

  it('does not change the rows it is given', () => {
    const before = keys(ROWS)
    filterAndSortClocks(ROWS, { ...DEFAULT_CLOCKS_QUERY, sort: 'record' }, PARTNERSHIPS)
    assert.deepEqual(keys(ROWS), before)
  })
})

describe('clocksTableViewModel', () => {
  it('sort links keep the filters, turn the sorted column round and mark it with aria-sort', () => {
    const model = clocksTableViewModel(
      ROWS,
      { partnership: 'wandsworth', kind: 'incident', sort: 'due', order: 'asc' },
      PARTNERSHIPS,
    )
    assert.equal(model.headers.due.ariaSort, 'ascending')
    assert.equal(
      model.headers.due.href,
      '/manage?partnership=wandsworth&kind=incident&sort=due&order=desc',
    )
    assert.equal(model.headers.status.ariaSort, 'none')
    assert.equal(
      model.headers.status.href,
      '/manage?partnership=wandsworth&kind=incident&sort=status&order=asc',
    )
    assert.equal(model.headers.due.hiddenText, ', sort descending')
    assert.ok(model.filtered)
    assert.equal(model.total, 4)
    assert.deepEqual(
      model.rows.map((row) => row.href),
      ['/manage/incidents/d', '/manage/incidents/a'],
    )
    assert.deepEqual(model.rows[0]?.tag, {
      text: 'Due within 2 working days',
      classes: 'govuk-tag--yellow',
    })
    assert.equal(model.rows[0]?.workingDays, '1 working day left')
    assert.deepEqual(
      model.filters.kind.filter((option) => option.selected).map((option) => option.value),
      ['incident'],
    )
  })

  it('descending sort is shown and its link goes back to ascending', () => {
    const model = clocksTableViewModel(
      ROWS,
      { ...DEFAULT_CLOCKS_QUERY, sort: 'record', order: 'desc' },
      PARTNERSHIPS,
    )
    assert.equal(model.headers.record.ariaSort, 'descending')
    assert.equal(model.headers.record.href, '/manage?sort=record&order=asc')
    assert.equal(model.headers.record.arrow, '▼')
    assert.equal(model.filtered, false)
  })

  it('tags: on track, due within 2 working days, overdue', () => {
    const model = clocksTableViewModel(ROWS, DEFAULT_CLOCKS_QUERY, PARTNERSHIPS)
    assert.deepEqual(
      model.rows.map((row) => row.tag.text),
      ['Overdue', 'Due within 2 working days', 'On track', 'On track'],
    )
    assert.equal(model.rows[0]?.deadline, 'Rapid review to the Panel (S6)')
    assert.equal(model.rows[0]?.kindName, 'Rapid review')
  })
})

describe('workingDaysText', () => {
  it('says working days left, due today, or working days overdue', () => {
    assert.equal(
      workingDaysText({ status: 'on-track', workingDaysLeft: 12 }),
      '12 working days left',
    )
    assert.equal(workingDaysText({ status: 'due-soon', workingDaysLeft: 1 }), '1 working day left')
    assert.equal(workingDaysText({ status: 'due-soon', workingDaysLeft: 0 }), 'Due today')
    assert.equal(
      workingDaysText({ status: 'overdue', workingDaysLeft: -3 }),
      '3 working days overdue',
    )
    assert.equal(
      workingDaysText({ status: 'overdue', workingDaysLeft: -1 }),
      '1 working day overdue',
    )
    assert.equal(workingDaysText({ status: 'overdue', workingDaysLeft: 0 }), 'Overdue')
    assert.match(workingDaysText({ status: 'on-track', workingDaysLeft: null }), /Not counted/)
  })
})

describe('partnershipOptions and clocksQueryString', () => {
  it('lists each partnership of the memberships once, by name', () => {
    const membership = (partnership: typeof WANDSWORTH, role: Membership['role']): Membership => ({
      partnershipId: partnership.id,
      partnershipSlug: partnership.slug,
      partnershipName: partnership.name,
      role,
      agencyId: null,
    })
    assert.deepEqual(
      partnershipOptions([
        membership(WANDSWORTH, 'business-unit'),
        membership(SOUTHWARK, 'partner'),
        membership(WANDSWORTH, 'reviewer'),
      ]),
      [SOUTHWARK, WANDSWORTH],
    )
  })

  it('leaves out the filters that are not set', () => {
    assert.equal(clocksQueryString(DEFAULT_CLOCKS_QUERY), '?sort=due&order=asc')
  })
})
