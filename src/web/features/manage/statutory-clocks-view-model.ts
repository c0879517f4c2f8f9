// The statutory clocks table on /manage: filtered, sorted and cut into pages on
// the server from the query string, so it works without JavaScript (a GET form
// for the filters, links in the column headers for the sort, links for the pages).
import { CLOCK_STATE_TAGS, clockTag } from '../../clock-tags.js'
import { clockStateOf } from '../../../domain/statutory/clock-wording.js'
import type { Membership } from '../../../domain/access/roles.js'
import { compareDates } from '../../../domain/calendar/calendar-date.js'
import {
  CLOCK_RECORD_KINDS,
  isClockRecordKind,
  type ClockRecordKind,
  type OpenClockStatus,
  type OpenDeadline,
} from '../../../services/statutory-clocks-service.js'

export const SORT_KEYS = ['due', 'record', 'kind', 'partnership', 'status'] as const
export type SortKey = (typeof SORT_KEYS)[number]
export type SortOrder = 'asc' | 'desc'

/**
 * Rows a page. Drawing every open deadline on every request was what kept
 * /manage over its time target with hundreds of them (bench/README.md).
 */
export const CLOCKS_PAGE_SIZE = 50

export interface ClocksQuery {
  /** A partnership's slug, or null for all. */
  readonly partnership: string | null
  readonly kind: ClockRecordKind | null
  readonly sort: SortKey
  readonly order: SortOrder
  /**
   * The page asked for, from 1. It may be past the last page: only the rows
   * say how many pages there are, so the table view model brings it back in.
   */
  readonly page: number
}

export const DEFAULT_CLOCKS_QUERY: ClocksQuery = {
  partnership: null,
  kind: null,
  sort: 'due',
  order: 'asc',
  page: 1,
}

export interface PartnershipOption {
  readonly id: string
  readonly slug: string
  readonly name: string
}

export const RECORD_KIND_NAMES: Record<ClockRecordKind, string> = {
  incident: 'Serious incident',
  'rapid-review': 'Rapid review',
  review: 'Review',
}

const RECORD_KIND_FILTER_NAMES: Record<ClockRecordKind, string> = {
  incident: 'Serious incidents',
  'rapid-review': 'Rapid reviews',
  review: 'Reviews',
}

const DEADLINE_NAMES: Record<OpenDeadline['rule'], string> = {
  S3: 'Notify the Panel (S3)',
  S6: 'Rapid review to the Panel (S6)',
  S12: 'Final report target (S12)',
  S16: 'Send the report before publication (S16)',
  S18: 'Final report target (S18)',
}

export const STATUS_TAGS = CLOCK_STATE_TAGS

const STATUS_URGENCY: Record<OpenClockStatus, number> = { overdue: 0, 'due-soon': 1, 'on-track': 2 }

/** The partnerships of the person's memberships, once each, by name. */
export function partnershipOptions(memberships: readonly Membership[]): PartnershipOption[] {
  const seen = new Map<string, PartnershipOption>()
  for (const membership of memberships) {
    if (!seen.has(membership.partnershipId)) {
      seen.set(membership.partnershipId, {
        id: membership.partnershipId,
        slug: membership.partnershipSlug,
        name: membership.partnershipName,
      })
    }
  }
  return [...seen.values()].sort((a, b) => a.name.localeCompare(b.name, 'en-GB'))
}

const single = (value: unknown): string | undefined =>
  typeof value === 'string'
    ? value
    : Array.isArray(value) && typeof value[0] === 'string'
      ? value[0]
      : undefined

/** A page number as typed: whole digits only, anything else is page 1. */
function readPage(value: string | undefined): number {
  if (value === undefined || !/^\d{1,9}$/.test(value)) return DEFAULT_CLOCKS_QUERY.page
  return Math.max(1, Number(value))
}

/**
 * Reads the filters, sort and page from the query string. Anything unknown (a
 * partnership the person is not in, a made-up sort, a page that is not a
 * number) falls back to the default: a filter is a view, not an input to be
 * refused. A page past the end is kept here and shown as the last page.
 */
export function readClocksQuery(
  query: unknown,
  partnerships: readonly PartnershipOption[],
): ClocksQuery {
  const values = (typeof query === 'object' && query !== null ? query : {}) as Record<
    string,
    unknown
  >
  const partnership = single(values.partnership)
  const kind = single(values.kind)
  const sort = single(values.sort)
  const order = single(values.order)
  const page = single(values.page)
  return {
    partnership: partnerships.some((option) => option.slug === partnership)
      ? (partnership ?? null)
      : null,
    kind: isClockRecordKind(kind) ? kind : null,
    sort: (SORT_KEYS as readonly string[]).includes(sort ?? '')
      ? (sort as SortKey)
      : DEFAULT_CLOCKS_QUERY.sort,
    order: order === 'desc' ? 'desc' : 'asc',
    page: readPage(page),
  }
}

// One collator for every comparison: `localeCompare(other, 'en-GB')` orders the
// same but sets up the locale's rules on each call, hundreds of times a sort.
const EN_GB = new Intl.Collator('en-GB')

const byDue = (a: OpenDeadline, b: OpenDeadline) =>
  compareDates(a.dueOn, b.dueOn) || EN_GB.compare(a.pseudonyms, b.pseudonyms)

const COMPARATORS: Record<SortKey, (a: OpenDeadline, b: OpenDeadline) => number> = {
  due: byDue,
  record: (a, b) => EN_GB.compare(a.pseudonyms, b.pseudonyms) || byDue(a, b),
  kind: (a, b) =>
    CLOCK_RECORD_KINDS.indexOf(a.record.kind) - CLOCK_RECORD_KINDS.indexOf(b.record.kind) ||
    byDue(a, b),
  partnership: (a, b) => EN_GB.compare(a.partnership.name, b.partnership.name) || byDue(a, b),
  // Ascending is most urgent first: overdue, then due soon, then on track.
  status: (a, b) => STATUS_URGENCY[a.status] - STATUS_URGENCY[b.status] || byDue(a, b),
}

/** The rows the filters keep, in the order asked for. */
export function filterAndSortClocks(
  rows: readonly OpenDeadline[],
  query: ClocksQuery,
  partnerships: readonly PartnershipOption[],
): OpenDeadline[] {
  const partnershipId =
    query.partnership === null
      ? null
      : (partnerships.find((option) => option.slug === query.partnership)?.id ?? null)
  const compare = COMPARATORS[query.sort]
  const direction = query.order === 'desc' ? -1 : 1
  return rows
    .filter((row) => partnershipId === null || row.partnershipIds.includes(partnershipId))
    .filter((row) => query.kind === null || row.record.kind === query.kind)
    .sort((a, b) => direction * compare(a, b))
}

/** The query string for a query, leaving out defaults so addresses stay short. */
export function clocksQueryString(query: ClocksQuery): string {
  const params = new URLSearchParams()
  if (query.partnership !== null) params.set('partnership', query.partnership)
  if (query.kind !== null) params.set('kind', query.kind)
  params.set('sort', query.sort)
  params.set('order', query.order)
  if (query.page > 1) params.set('page', String(query.page))
  return `?${params.toString()}`
}

/** How many pages the rows fill; an empty table is still one page. */
export function clocksPageCount(rowCount: number): number {
  return Math.max(1, Math.ceil(rowCount / CLOCKS_PAGE_SIZE))
}

/** The page to show for the one asked for: the nearest that exists. */
export function nearestPage(page: number, pageCount: number): number {
  return Math.min(Math.max(1, page), pageCount)
}

export type PageListItem = { readonly number: number } | { readonly ellipsis: true }

/**
 * The page numbers to offer, as the GOV.UK pagination component advises for
 * many pages: the first, the last, the current one and those either side of
 * it, with an ellipsis for each gap. A gap of one page shows that page
 * instead, since an ellipsis would hide no more than the number it stands for.
 */
export function pageListItems(current: number, pageCount: number): PageListItem[] {
  const shown = [...new Set([1, current - 1, current, current + 1, pageCount])]
    .filter((page) => page >= 1 && page <= pageCount)
    .sort((a, b) => a - b)
  const items: PageListItem[] = []
  let previous = 0
  for (const page of shown) {
    if (page - previous === 2) items.push({ number: page - 1 })
    else if (page - previous > 2) items.push({ ellipsis: true })
    items.push({ number: page })
    previous = page
  }
  return items
}

const clocksHref = (query: ClocksQuery) => `/manage${clocksQueryString(query)}`

/**
 * The govukPagination parameters for a page of the table. Every link keeps the
 * filters and sort, so moving between pages never loses them.
 */
function clocksPagination(query: ClocksQuery, pageCount: number) {
  const page = query.page
  return {
    landmarkLabel: 'Pages of open deadlines',
    ...(page > 1 ? { previous: { href: clocksHref({ ...query, page: page - 1 }) } } : {}),
    ...(page < pageCount ? { next: { href: clocksHref({ ...query, page: page + 1 }) } } : {}),
    items: pageListItems(page, pageCount).map((item) =>
      'ellipsis' in item
        ? item
        : {
            number: item.number,
            href: clocksHref({ ...query, page: item.number }),
            current: item.number === page,
          },
    ),
  }
}

const deadlinesText = (n: number) => `${n} ${n === 1 ? 'deadline' : 'deadlines'}`

/** "3 working days left", "Due today", "2 working days overdue". */
export function workingDaysText(row: Pick<OpenDeadline, 'status' | 'workingDaysLeft'>): string {
  const left = row.workingDaysLeft
  const days = (n: number) => `${n} working ${n === 1 ? 'day' : 'days'}`
  if (left === null) {
    // S22: a year whose bank holidays the calendar does not know.
    return row.status === 'overdue'
      ? 'Overdue (working days not counted: the calendar does not cover these years)'
      : 'Not counted: the calendar does not cover these years'
  }
  if (row.status === 'overdue') return left === 0 ? 'Overdue' : `${days(Math.abs(left))} overdue`
  return left === 0 ? 'Due today' : `${days(left)} left`
}

interface SortableColumn {
  readonly key: SortKey
  readonly text: string
}

const SORTABLE_COLUMNS: Record<SortKey, SortableColumn> = {
  record: { key: 'record', text: 'Child' },
  kind: { key: 'kind', text: 'Kind' },
  partnership: { key: 'partnership', text: 'Partnership' },
  due: { key: 'due', text: 'Due' },
  status: { key: 'status', text: 'Status' },
}

function sortHeader(column: SortableColumn, query: ClocksQuery) {
  const sorted = query.sort === column.key
  // Selecting the sorted column turns its order round; another column starts ascending.
  const order: SortOrder = sorted && query.order === 'asc' ? 'desc' : 'asc'
  return {
    text: column.text,
    // A new order starts at its first page: "page 3" of it holds other rows
    // than page 3 of the order the person was reading.
    href: clocksHref({ ...query, sort: column.key, order, page: 1 }),
    ariaSort: sorted ? (query.order === 'asc' ? 'ascending' : 'descending') : 'none',
    // Said after the visible name, so the link's name still starts with it (WCAG 2.5.3).
    hiddenText: `, sort ${order === 'asc' ? 'ascending' : 'descending'}`,
    arrow: sorted ? (query.order === 'asc' ? '▲' : '▼') : '',
  }
}

export function clocksTableViewModel(
  rows: readonly OpenDeadline[],
  asked: ClocksQuery,
  partnerships: readonly PartnershipOption[],
) {
  // Filter and sort every row first, so each page is a slice of the whole order.
  const matching = filterAndSortClocks(rows, asked, partnerships)
  const pageCount = clocksPageCount(matching.length)
  const query: ClocksQuery = { ...asked, page: nearestPage(asked.page, pageCount) }
  const first = (query.page - 1) * CLOCKS_PAGE_SIZE
  const shown = matching.slice(first, first + CLOCKS_PAGE_SIZE)
  const filtered = query.partnership !== null || query.kind !== null
  return {
    query,
    filtered,
    total: rows.length,
    /** Rows matching the filters, on every page. */
    matching: matching.length,
    pageCount,
    /** "Showing 51 to 100 of 400 deadlines", when there is more than one page. */
    showing:
      pageCount > 1
        ? `Showing ${first + 1} to ${first + shown.length} of ${deadlinesText(matching.length)}`
        : null,
    pagination: pageCount > 1 ? clocksPagination(query, pageCount) : null,
    headers: {
      record: sortHeader(SORTABLE_COLUMNS.record, query),
      kind: sortHeader(SORTABLE_COLUMNS.kind, query),
      partnership: sortHeader(SORTABLE_COLUMNS.partnership, query),
      due: sortHeader(SORTABLE_COLUMNS.due, query),
      status: sortHeader(SORTABLE_COLUMNS.status, query),
    },
    filters: {
      partnership: [
        { value: '', text: 'All partnerships', selected: query.partnership === null },
        ...partnerships.map((option) => ({
          value: option.slug,
          text: option.name,
          selected: option.slug === query.partnership,
        })),
      ],
      kind: [
        { value: '', text: 'All kinds', selected: query.kind === null },
        ...CLOCK_RECORD_KINDS.map((kind) => ({
          value: kind,
          text: RECORD_KIND_FILTER_NAMES[kind],
          selected: kind === query.kind,
        })),
      ],
    },
    rows: shown.map((row) => ({
      recordId: row.record.id,
      href: row.record.path,
      pseudonyms: row.pseudonyms,
      caseReference: row.caseReference ?? null,
      kind: row.record.kind,
      kindName: RECORD_KIND_NAMES[row.record.kind],
      partnership: row.partnership.name,
      deadline: DEADLINE_NAMES[row.rule],
      dueOn: row.dueOn,
      workingDays: workingDaysText(row),
      status: row.status,
      state: clockStateOf(row),
      tag: clockTag(row),
    })),
    /** Each status's tag, for the template to draw once rather than once a row. */
    statusTags: STATUS_TAGS,
  }
}
