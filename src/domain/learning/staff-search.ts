// Staff search of the learning library (issue 11): what can be searched, the
// filters and what a person's query string means. Pure: no I/O.
import { ACTION_STATUSES } from '../actions/action-status.js'
import { type FieldError } from '../errors.js'

/** The kinds of record the staff search finds, as the index stores them. */
export const STAFF_SEARCH_KINDS = [
  'learning-point',
  'recommendation',
  'rapid-review-finding',
  'report',
  'briefing',
] as const
export type StaffSearchKind = (typeof STAFF_SEARCH_KINDS)[number]

export const STAFF_SEARCH_KIND_NAMES: Record<StaffSearchKind, string> = {
  'learning-point': 'Learning point',
  recommendation: 'Recommendation',
  'rapid-review-finding': 'Rapid review finding',
  report: 'Report',
  briefing: 'Seven-minute briefing',
}

export function isStaffSearchKind(value: string): value is StaffSearchKind {
  return (STAFF_SEARCH_KINDS as readonly string[]).includes(value)
}

/**
 * The status of the actions a record led to, as a partnership asks about its
 * learning: is anything still open, overdue, done, or given up?
 */
export const ACTION_STATUS_FILTERS = ['open', 'overdue', 'completed', 'closed'] as const
export type ActionStatusFilter = (typeof ACTION_STATUS_FILTERS)[number]

export const ACTION_STATUS_FILTER_NAMES: Record<ActionStatusFilter, string> = {
  open: 'Open',
  overdue: 'Overdue',
  completed: 'Completed',
  closed: 'Closed without completion',
}

/** The stored statuses each filter means; overdue is also due before today. */
export const ACTION_STATUSES_OF_FILTER: Record<ActionStatusFilter, readonly string[]> = {
  open: ['not-started', 'in-progress', 'sent-back'],
  overdue: ['not-started', 'in-progress', 'sent-back'],
  completed: ['completed', 'assured'],
  closed: ['closed'],
}

// Every stored status belongs to a filter: a new status must be placed here.
const placed = new Set(Object.values(ACTION_STATUSES_OF_FILTER).flat())
for (const status of ACTION_STATUSES) {
  if (!placed.has(status)) throw new Error(`Action status ${status} has no search filter`)
}

export function isActionStatusFilter(value: string): value is ActionStatusFilter {
  return (ACTION_STATUS_FILTERS as readonly string[]).includes(value)
}

export interface StaffSearchFilters {
  readonly kinds?: readonly StaffSearchKind[]
  readonly themeSlug?: string
  readonly year?: number
  readonly agencyId?: string
  readonly partnershipId?: string
  readonly actionStatus?: ActionStatusFilter
}

export interface StaffSearchRequest {
  /** As typed: anything at all. */
  readonly text: string
  readonly filters: StaffSearchFilters
  /** From 1. */
  readonly page: number
}

/** The query string as the form sends it: each value a string or a list of them. */
export type QueryValues = Record<string, string | readonly string[] | undefined>

function values(query: QueryValues, name: string): string[] {
  const value = query[name]
  if (value === undefined) return []
  return (typeof value === 'string' ? [value] : [...value]).map((v) => v.trim()).filter(Boolean)
}

function single(query: QueryValues, name: string): string | undefined {
  return values(query, name)[0]
}

/** Years a review could have been published in: anything else is a mistake. */
const EARLIEST_YEAR = 1990
const LATEST_YEAR = 2100

const LONGEST_ID = 100

/**
 * Reads the search form's query string. Nothing typed is ever an error (the
 * words go to parseSearchQuery); a filter value the form never offers is, so
 * a bad link says what was wrong rather than quietly searching everything.
 */
export function readStaffSearchRequest(query: QueryValues): {
  request: StaffSearchRequest
  errors: FieldError[]
} {
  const errors: FieldError[] = []
  const text = single(query, 'q') ?? ''
  const kinds = values(query, 'kind')
  const badKind = kinds.find((kind) => !isStaffSearchKind(kind))
  if (badKind !== undefined) errors.push({ field: 'kind', message: 'Select a kind from the list' })
  const filters: {
    -readonly [K in keyof StaffSearchFilters]: StaffSearchFilters[K]
  } = {}
  const goodKinds = kinds.filter(isStaffSearchKind)
  if (goodKinds.length > 0) filters.kinds = [...new Set(goodKinds)]
  const theme = single(query, 'theme')
  if (theme !== undefined) {
    if (/^[a-z0-9-]{1,80}$/.test(theme)) filters.themeSlug = theme
    else errors.push({ field: 'theme', message: 'Select a theme from the list' })
  }
  const year = single(query, 'year')
  if (year !== undefined) {
    const n = /^\d{4}$/.test(year) ? Number(year) : NaN
    if (Number.isInteger(n) && n >= EARLIEST_YEAR && n <= LATEST_YEAR) filters.year = n
    else
      errors.push({
        field: 'year',
        message: `Year must be a year from ${EARLIEST_YEAR}, like 2024`,
      })
  }
  const agency = single(query, 'agency')
  if (agency !== undefined) {
    if (agency.length <= LONGEST_ID) filters.agencyId = agency
    else errors.push({ field: 'agency', message: 'Select an agency from the list' })
  }
  const partnership = single(query, 'partnership')
  if (partnership !== undefined) {
    if (partnership.length <= LONGEST_ID) filters.partnershipId = partnership
    else errors.push({ field: 'partnership', message: 'Select a partnership from the list' })
  }
  const status = single(query, 'actions')
  if (status !== undefined) {
    if (isActionStatusFilter(status)) filters.actionStatus = status
    else errors.push({ field: 'actions', message: 'Select a status of actions from the list' })
  }
  const pageText = single(query, 'page') ?? '1'
  let page = 1
  if (/^\d{1,6}$/.test(pageText) && Number(pageText) >= 1) page = Number(pageText)
  else errors.push({ field: 'page', message: 'Page must be a whole number from 1' })
  return { request: { text, filters, page }, errors }
}

/** Whether any filter is set: without words, the filters alone list what they match. */
export function hasFilters(filters: StaffSearchFilters): boolean {
  return Object.values(filters).some((value) => value !== undefined)
}
