// The public pages' addresses: what the filters, sort, page and search words
// in a query string may be. Anything else gives a page that says what was
// wrong (400), never an error page.
import { z } from 'zod'
import type { FieldError } from '../../../domain/errors.js'
import {
  PUBLIC_KIND_FILTER_NAMES,
  PUBLIC_REVIEW_ORDERS,
  type PublicKindFilter,
  type PublicReviewOrder,
} from '../../../domain/public-site/review-kinds.js'

/** The form sends empty selects as ""; they mean "any". */
const blankToUndefined = (value: unknown) => (value === '' ? undefined : value)
const single = (message: string) => z.preprocess(blankToUndefined, z.string({ message }).optional())

export interface PublicListQuery {
  kind?: PublicKindFilter
  year?: number
  partnership?: string
  sort: PublicReviewOrder
  page: number
}

export interface PublicSearchTextQuery {
  q: string
  kind?: PublicKindFilter
  year?: number
  partnership?: string
  page: number
}

const KIND_MESSAGE = 'Choose a kind of review from the list'
const YEAR_MESSAGE = 'Enter a year as 4 digits, for example 2024'
const PARTNERSHIP_MESSAGE = 'Choose a partnership from the list'
const SORT_MESSAGE = 'Choose how to sort the reviews from the list'
const PAGE_MESSAGE = 'The page number must be a whole number, 1 or more'

const MAX_PAGE = 100_000

function readKind(value: unknown, errors: FieldError[]): PublicKindFilter | undefined {
  const parsed = single(KIND_MESSAGE).safeParse(value)
  if (!parsed.success) return (errors.push({ field: 'kind', message: KIND_MESSAGE }), undefined)
  if (parsed.data === undefined) return undefined
  if (!(PUBLIC_KIND_FILTER_NAMES as string[]).includes(parsed.data)) {
    errors.push({ field: 'kind', message: KIND_MESSAGE })
    return undefined
  }
  return parsed.data as PublicKindFilter
}

function readYear(value: unknown, errors: FieldError[]): number | undefined {
  const parsed = single(YEAR_MESSAGE).safeParse(value)
  if (!parsed.success || (parsed.data !== undefined && !/^\d{4}$/.test(parsed.data))) {
    errors.push({ field: 'year', message: YEAR_MESSAGE })
    return undefined
  }
  return parsed.data === undefined ? undefined : Number(parsed.data)
}

function readPartnership(value: unknown, errors: FieldError[]): string | undefined {
  const parsed = single(PARTNERSHIP_MESSAGE).safeParse(value)
  if (!parsed.success || (parsed.data !== undefined && !/^[a-z0-9-]{1,100}$/.test(parsed.data))) {
    errors.push({ field: 'partnership', message: PARTNERSHIP_MESSAGE })
    return undefined
  }
  return parsed.data
}

function readPage(value: unknown, errors: FieldError[]): number {
  const parsed = single(PAGE_MESSAGE).safeParse(value)
  if (!parsed.success) return (errors.push({ field: 'page', message: PAGE_MESSAGE }), 1)
  if (parsed.data === undefined) return 1
  const page = /^\d{1,6}$/.test(parsed.data) ? Number(parsed.data) : 0
  if (page < 1 || page > MAX_PAGE) {
    errors.push({ field: 'page', message: PAGE_MESSAGE })
    return 1
  }
  return page
}

type Raw = Record<string, unknown>

export function parseListQuery(raw: unknown): { query: PublicListQuery; errors: FieldError[] } {
  const input = (raw ?? {}) as Raw
  const errors: FieldError[] = []
  const kind = readKind(input.kind, errors)
  const year = readYear(input.year, errors)
  const partnership = readPartnership(input.partnership, errors)
  const sortParsed = single(SORT_MESSAGE).safeParse(input.sort)
  let sort: PublicReviewOrder = 'newest'
  if (!sortParsed.success) errors.push({ field: 'sort', message: SORT_MESSAGE })
  else if (sortParsed.data !== undefined) {
    if ((PUBLIC_REVIEW_ORDERS as readonly string[]).includes(sortParsed.data)) {
      sort = sortParsed.data as PublicReviewOrder
    } else errors.push({ field: 'sort', message: SORT_MESSAGE })
  }
  const page = readPage(input.page, errors)
  return {
    query: {
      ...(kind === undefined ? {} : { kind }),
      ...(year === undefined ? {} : { year }),
      ...(partnership === undefined ? {} : { partnership }),
      sort,
      page,
    },
    errors,
  }
}

export function parseSearchQueryString(raw: unknown): {
  query: PublicSearchTextQuery
  errors: FieldError[]
} {
  const input = (raw ?? {}) as Raw
  const errors: FieldError[] = []
  // The words are never refused: anything typed is made safe by the search.
  // Repeated ?q= are read as one query.
  const q = Array.isArray(input.q)
    ? input.q.filter((part) => typeof part === 'string').join(' ')
    : typeof input.q === 'string'
      ? input.q
      : ''
  const kind = readKind(input.kind, errors)
  const year = readYear(input.year, errors)
  const partnership = readPartnership(input.partnership, errors)
  const page = readPage(input.page, errors)
  return {
    query: {
      q,
      ...(kind === undefined ? {} : { kind }),
      ...(year === undefined ? {} : { year }),
      ...(partnership === undefined ? {} : { partnership }),
      page,
    },
    errors,
  }
}

/** The query string for another page of the same list or search, filters kept. */
export function queryStringWith(
  values: Record<string, string | number | undefined>,
  page: number,
): string {
  const params = new URLSearchParams()
  for (const [name, value] of Object.entries(values)) {
    if (value !== undefined && value !== '') params.set(name, String(value))
  }
  if (page > 1) params.set('page', String(page))
  const text = params.toString()
  return text === '' ? '' : `?${text}`
}
