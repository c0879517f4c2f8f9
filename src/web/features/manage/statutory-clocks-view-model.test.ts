import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Membership } from '../../../domain/access/roles.js'
import { calendarDate } from '../../../domain/calendar/calendar-date.js'
import type { OpenDeadline } from '../../../services/statutory-clocks-service.js'
import {
  CLOCKS_PAGE_SIZE,
  DEFAULT_CLOCKS_QUERY,
  clocksQueryString,
  clocksTableViewModel,
  filterAndSortClocks,
  pageListItems,
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
        { partnership: 'southwark', kind: 'review', sort: 'status', order: 'desc', page: '3' },
        PARTNERSHIPS,
      ),
      { partnership: 'southwark', kind: 'review', sort: 'status', order: 'desc', page: 3 },
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
          page: '<script>alert(1)</script>',
        },
        PARTNERSHIPS,
      ),
      DEFAULT_CLOCKS_QUERY,
    )
    // A repeated parameter: the first value counts.
    assert.equal(readClocksQuery({ kind: ['incident', 'review'] }, PARTNERSHIPS).kind, 'incident')
    assert.equal(readClocksQuery({ kind: 42 }, PARTNERSHIPS).kind, null)
  })

  it('reads a page number as whole digits; anything else is page 1, as the other values', () => {
    const page = (value: unknown) => readClocksQuery({ page: value }, PARTNERSHIPS).page
    assert.equal(page('2'), 2)
    assert.equal(page(['4', '5']), 4)
    for (const garbage of ['', 'two', '2.5', '1e3', '0x10', ' 2', '-3', 'Infinity', 7, null]) {
      assert.equal(page(garbage), 1, String(garbage))
    }
    assert.equal(page('0'), 1, 'before the first page is the first page')
    // Past the end is kept: only the table knows where the end is.
    assert.equal(page('999'), 999)
    assert.equal(page('12345678901234567890'), 1, 'too long to be a page number')
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
      { partnership: 'wandsworth', kind: 'incident', sort: 'due', order: 'asc', page: 1 },
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
      text: 'Due soon',
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

  it('tags: on track, due soon, overdue (one wording, issue 8)', () => {
    const model = clocksTableViewModel(ROWS, DEFAULT_CLOCKS_QUERY, PARTNERSHIPS)
    assert.deepEqual(
      model.rows.map((row) => row.tag.text),
      ['Overdue', 'Due soon', 'On track', 'On track'],
    )
    assert.equal(model.rows[0]?.deadline, 'Rapid review to the Panel (S6)')
    assert.equal(model.rows[0]?.kindName, 'Rapid review')
  })
})

describe('pageListItems', () => {
  const numbers = (current: number, pageCount: number) =>
    pageListItems(current, pageCount).map((item) => ('ellipsis' in item ? '…' : item.number))

  it('shows every page when there are few', () => {
    assert.deepEqual(numbers(1, 1), [1])
    assert.deepEqual(numbers(2, 3), [1, 2, 3])
    assert.deepEqual(numbers(3, 5), [1, 2, 3, 4, 5])
  })

  it('shows the first, the last and either side of the current page, with ellipses between', () => {
    assert.deepEqual(numbers(1, 8), [1, 2, '…', 8])
    assert.deepEqual(numbers(5, 10), [1, '…', 4, 5, 6, '…', 10])
    assert.deepEqual(numbers(10, 10), [1, '…', 9, 10])
    // A gap of one page shows the page rather than an ellipsis standing for it.
    assert.deepEqual(numbers(4, 8), [1, 2, 3, 4, 5, '…', 8])
    assert.deepEqual(numbers(5, 8), [1, '…', 4, 5, 6, 7, 8])
  })
})

/** Many incidents due one a day from 2025-01-01; every third a Southwark review. */
function manyRows(count: number): OpenDeadline[] {
  return Array.from({ length: count }, (_, i) => {
    const dueOn = calendarDate(new Date(Date.UTC(2025, 0, 1 + i)).toISOString().slice(0, 10))
    const key = `k${String(i).padStart(3, '0')}`
    return i % 3 === 2
      ? deadline({
          key,
          dueOn,
          pseudonyms: `Child ${key}`,
          deadline: 'review',
          rule: 'S12',
          record: { kind: 'review', id: key, path: `/manage/reviews/${key}` },
          partnership: SOUTHWARK,
          partnershipIds: [SOUTHWARK.id],
        })
      : deadline({ key, dueOn, pseudonyms: `Child ${key}` })
  })
}

describe('clocksTableViewModel pages', () => {
  const MANY = manyRows(120)
  const hrefs = (model: ReturnType<typeof clocksTableViewModel>) =>
    model.rows.map((row) => row.href.replace(/^.*\//, ''))

  it('shows 50 rows a page, sorted and filtered across every row before the page is cut', () => {
    assert.equal(CLOCKS_PAGE_SIZE, 50)
    const first = clocksTableViewModel(MANY, DEFAULT_CLOCKS_QUERY, PARTNERSHIPS)
    assert.equal(first.rows.length, 50)
    assert.equal(first.rows[0]?.href, '/manage/incidents/k000')
    assert.equal(first.matching, 120)
    assert.equal(first.pageCount, 3)
    assert.equal(first.showing, 'Showing 1 to 50 of 120 deadlines')

    const last = clocksTableViewModel(
      MANY,
      { ...DEFAULT_CLOCKS_QUERY, order: 'desc', page: 3 },
      PARTNERSHIPS,
    )
    assert.equal(last.showing, 'Showing 101 to 120 of 120 deadlines')
    // Latest first: the last page ends with the earliest deadline.
    assert.equal(hrefs(last).length, 20)
    assert.equal(hrefs(last).at(-1), 'k000')
    assert.equal(hrefs(last)[0], 'k019')

    // 40 Southwark reviews: one page, so no pagination and no "Showing" line.
    const reviews = clocksTableViewModel(
      MANY,
      { ...DEFAULT_CLOCKS_QUERY, kind: 'review', page: 2 },
      PARTNERSHIPS,
    )
    assert.equal(reviews.rows.length, 40)
    assert.equal(reviews.query.page, 1)
    assert.equal(reviews.pageCount, 1)
    assert.equal(reviews.pagination, null)
    assert.equal(reviews.showing, null)
    assert.equal(reviews.total, 120)
  })

  it('page links keep the filters and sort; previous and next only where there is a page', () => {
    const query = {
      partnership: 'wandsworth',
      kind: 'incident',
      sort: 'record',
      order: 'desc',
      page: 1,
    } as const
    const first = clocksTableViewModel(MANY, query, PARTNERSHIPS)
    // 80 Wandsworth incidents: 2 pages.
    assert.equal(first.matching, 80)
    assert.deepEqual(first.pagination, {
      landmarkLabel: 'Pages of open deadlines',
      next: { href: '/manage?partnership=wandsworth&kind=incident&sort=record&order=desc&page=2' },
      items: [
        {
          number: 1,
          href: '/manage?partnership=wandsworth&kind=incident&sort=record&order=desc',
          current: true,
        },
        {
          number: 2,
          href: '/manage?partnership=wandsworth&kind=incident&sort=record&order=desc&page=2',
          current: false,
        },
      ],
    })
    const second = clocksTableViewModel(MANY, { ...query, page: 2 }, PARTNERSHIPS)
    assert.equal(second.rows.length, 30)
    assert.equal(second.showing, 'Showing 51 to 80 of 80 deadlines')
    assert.equal(
      second.pagination?.previous?.href,
      '/manage?partnership=wandsworth&kind=incident&sort=record&order=desc',
    )
    assert.equal(second.pagination?.next, undefined)
    assert.deepEqual(
      second.pagination?.items.map((item) => ('current' in item ? item.current : null)),
      [false, true],
    )
    // A new sort starts at its first page, keeping the filters.
    assert.equal(
      second.headers.due.href,
      '/manage?partnership=wandsworth&kind=incident&sort=due&order=asc',
    )
  })

  it('many pages have ellipses; a page past the end shows the last page', () => {
    const rows = manyRows(500)
    const middle = clocksTableViewModel(rows, { ...DEFAULT_CLOCKS_QUERY, page: 5 }, PARTNERSHIPS)
    assert.deepEqual(
      middle.pagination?.items.map((item) => ('ellipsis' in item ? '…' : item.href)),
      [
        '/manage?sort=due&order=asc',
        '…',
        '/manage?sort=due&order=asc&page=4',
        '/manage?sort=due&order=asc&page=5',
        '/manage?sort=due&order=asc&page=6',
        '…',
        '/manage?sort=due&order=asc&page=10',
      ],
    )
    const past = clocksTableViewModel(
      rows,
      readClocksQuery({ page: '999' }, PARTNERSHIPS),
      PARTNERSHIPS,
    )
    assert.equal(past.query.page, 10)
    assert.equal(past.showing, 'Showing 451 to 500 of 500 deadlines')
    assert.equal(past.pagination?.next, undefined)
    assert.equal(past.pagination?.previous?.href, '/manage?sort=due&order=asc&page=9')
    const garbage = clocksTableViewModel(
      rows,
      readClocksQuery({ page: 'last' }, PARTNERSHIPS),
      PARTNERSHIPS,
    )
    assert.equal(garbage.query.page, 1)
    assert.equal(garbage.rows[0]?.href, '/manage/incidents/k000')
  })

  it('an empty table is one page with no pagination', () => {
    const empty = clocksTableViewModel([], { ...DEFAULT_CLOCKS_QUERY, page: 3 }, PARTNERSHIPS)
    assert.deepEqual(
      [empty.rows.length, empty.query.page, empty.pageCount, empty.pagination, empty.showing],
      [0, 1, 1, null, null],
    )
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
    assert.equal(
      clocksQueryString({ ...DEFAULT_CLOCKS_QUERY, kind: 'review', page: 2 }),
      '?kind=review&sort=due&order=asc&page=2',
    )
  })
})
