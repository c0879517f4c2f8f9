// The public search index (issue 9): SQLite FTS5 and PostgreSQL full-text
// search behind one interface. The documents are generic (a review's published
// text, a published report's text, a seven-minute briefing), so publishing can
// add and withdraw any of them without the engines knowing what they are.
//
// Every search also checks that the document's review is still published and
// not withdrawn: an entry left behind by mistake can never be found.
//
// Both engines are handed only the words of parseSearchQuery (domain), never
// what was typed, so no query can be malformed. Snippets come back with
// MATCH_START/MATCH_END around the matched words; the web layer escapes the rest.
import { PostgresAdapter, type RawBuilder, sql } from 'kysely'
import {
  MATCH_END,
  MATCH_START,
  type SearchTerms,
  withoutMatchMarks,
} from '../../../domain/public-site/search-terms.js'
import type { Db } from '../../db.js'

export interface SearchDocument {
  /** 'review' (summary, learning points, recommendations), 'report', 'briefing'. */
  sourceKind: string
  /** The record the text came from (review, report version, briefing): one entry each. */
  sourceId: string
  reviewId: string
  title: string
  body: string
  /** Where the public reads it, e.g. /reviews/child-a. */
  url: string
  publishedOn: string | null
}

export interface SearchFilters {
  /** Review kinds as stored ('lcspr', 'scr-2015', …). */
  reviewKinds?: readonly string[]
  /** Reviews this partnership led or took part in. */
  partnershipId?: string
  year?: number
}

export interface SearchHit {
  sourceKind: string
  reviewId: string
  reviewSlug: string
  reviewKind: string
  title: string
  /** The title with matches marked. */
  markedTitle: string
  /** Words around the matches, with matches marked. */
  snippet: string
  url: string
  publishedOn: string | null
}

export interface SearchResults {
  total: number
  hits: SearchHit[]
}

export interface PublicSearchIndex {
  /** Adds the document, or replaces the one from the same source. */
  put(db: Db, document: SearchDocument, indexedAt: string): Promise<void>
  /** Removes a source's entry; how many went. */
  remove(db: Db, sourceKind: string, sourceId: string): Promise<number>
  /** Removes every entry of a review (withdrawn, or no longer published). */
  removeReview(db: Db, reviewId: string): Promise<number>
  search(
    db: Db,
    terms: SearchTerms,
    filters: SearchFilters,
    page: { limit: number; offset: number },
  ): Promise<SearchResults>
}

async function put(db: Db, document: SearchDocument, indexedAt: string): Promise<void> {
  const values = {
    source_kind: document.sourceKind,
    source_id: document.sourceId,
    review_id: document.reviewId,
    title: withoutMatchMarks(document.title),
    body: withoutMatchMarks(document.body),
    url: document.url,
    published_on: document.publishedOn,
    indexed_at: indexedAt,
  }
  const updated = await db
    .updateTable('public_search_document')
    .set(values)
    .where('source_kind', '=', document.sourceKind)
    .where('source_id', '=', document.sourceId)
    .executeTakeFirst()
  if (Number(updated.numUpdatedRows) > 0) return
  await db
    .insertInto('public_search_document')
    .values({ id: `${document.sourceKind}:${document.sourceId}`, ...values })
    .execute()
}

async function remove(db: Db, sourceKind: string, sourceId: string): Promise<number> {
  const result = await db
    .deleteFrom('public_search_document')
    .where('source_kind', '=', sourceKind)
    .where('source_id', '=', sourceId)
    .executeTakeFirst()
  return Number(result.numDeletedRows)
}

async function removeReview(db: Db, reviewId: string): Promise<number> {
  const result = await db
    .deleteFrom('public_search_document')
    .where('review_id', '=', reviewId)
    .executeTakeFirst()
  return Number(result.numDeletedRows)
}

/** The conditions on the review every search applies: published, not withdrawn, filters. */
function reviewConditions(filters: SearchFilters): RawBuilder<unknown> {
  const conditions: RawBuilder<unknown>[] = [
    sql`r.status = 'published'`,
    sql`r.withdrawn_at IS NULL`,
  ]
  if (filters.reviewKinds !== undefined) {
    conditions.push(
      filters.reviewKinds.length === 0
        ? sql`1 = 0`
        : sql`r.kind IN (${sql.join(filters.reviewKinds.map((kind) => sql`${kind}`))})`,
    )
  }
  if (filters.year !== undefined) {
    const from = `${String(filters.year).padStart(4, '0')}-01-01`
    const to = `${String(filters.year + 1).padStart(4, '0')}-01-01`
    conditions.push(sql`r.published_on >= ${from} AND r.published_on < ${to}`)
  }
  if (filters.partnershipId !== undefined) {
    conditions.push(
      sql`(r.lead_partnership_id = ${filters.partnershipId} OR r.id IN (SELECT review_id FROM review_partnership WHERE partnership_id = ${filters.partnershipId}))`,
    )
  }
  return sql.join(conditions, sql` AND `)
}

interface HitRow {
  source_kind: string
  review_id: string
  review_slug: string
  review_kind: string
  title: string
  marked_title: string | null
  snippet: string | null
  url: string
  published_on: string | null
}

function toHit(row: HitRow): SearchHit {
  return {
    sourceKind: row.source_kind,
    reviewId: row.review_id,
    reviewSlug: row.review_slug,
    reviewKind: row.review_kind,
    title: row.title,
    markedTitle: row.marked_title ?? row.title,
    snippet: row.snippet ?? '',
    url: row.url,
    publishedOn: row.published_on,
  }
}

/** FTS5: each phrase quoted ("a b"), all of them required. Words never contain a quote. */
export function fts5Expression(terms: SearchTerms): string {
  return terms.phrases.map((phrase) => `"${phrase.join(' ')}"`).join(' AND ')
}

const sqliteIndex: PublicSearchIndex = {
  put,
  remove,
  removeReview,
  async search(db, terms, filters, page) {
    if (terms.phrases.length === 0) return { total: 0, hits: [] }
    const match = fts5Expression(terms)
    const where = reviewConditions(filters)
    // Ranked first, counted in the same pass, then snippets for the one page
    // shown: snippet() on every match would read every matching document's text.
    const ranked = await sql<{ doc_number: number; total: number }>`
      WITH matched AS MATERIALIZED (
        SELECT d.doc_number, bm25(public_search_fts, 4.0, 1.0) AS score, d.published_on, d.id
        FROM public_search_fts
        JOIN public_search_document d ON d.doc_number = public_search_fts.rowid
        JOIN review r ON r.id = d.review_id
        WHERE public_search_fts MATCH ${match} AND ${where}
      )
      SELECT doc_number, count(*) OVER () AS total
      FROM matched
      ORDER BY score, published_on DESC, id
      LIMIT ${page.limit} OFFSET ${page.offset}`.execute(db)
    if (ranked.rows.length === 0) {
      if (page.offset === 0) return { total: 0, hits: [] }
      // Past the last page: the count alone, so the page can say how many there are.
      const countRow = await sql<{ total: number }>`
        SELECT count(*) AS total
        FROM public_search_fts
        JOIN public_search_document d ON d.doc_number = public_search_fts.rowid
        JOIN review r ON r.id = d.review_id
        WHERE public_search_fts MATCH ${match} AND ${where}`.execute(db)
      return { total: Number(countRow.rows[0]?.total ?? 0), hits: [] }
    }
    const total = Number(ranked.rows[0]?.total ?? 0)
    const numbers = ranked.rows.map((row) => row.doc_number)
    const shown = await sql<HitRow & { doc_number: number }>`
      SELECT d.doc_number, d.source_kind, d.review_id, r.slug AS review_slug, r.kind AS review_kind,
        d.title, d.url, d.published_on,
        highlight(public_search_fts, 0, ${MATCH_START}, ${MATCH_END}) AS marked_title,
        snippet(public_search_fts, 1, ${MATCH_START}, ${MATCH_END}, '…', 40) AS snippet
      FROM public_search_fts
      JOIN public_search_document d ON d.doc_number = public_search_fts.rowid
      JOIN review r ON r.id = d.review_id
      WHERE public_search_fts MATCH ${match}
        AND public_search_fts.rowid IN (${sql.join(numbers.map((n) => sql`${n}`))})`.execute(db)
    const byNumber = new Map(shown.rows.map((row) => [row.doc_number, row]))
    return {
      total,
      hits: numbers.flatMap((n) => {
        const row = byNumber.get(n)
        return row ? [toHit(row)] : []
      }),
    }
  },
}

/** PostgreSQL: each phrase through phraseto_tsquery (English stemming), all required. */
function tsquery(terms: SearchTerms): RawBuilder<unknown> {
  return sql.join(
    terms.phrases.map((phrase) => sql`phraseto_tsquery('english', ${phrase.join(' ')})`),
    sql` && `,
  )
}

/** How much text around the first match the headline reads. */
const WINDOW_BEFORE = 300
const WINDOW_LENGTH = 1500

/**
 * Where to look for the snippet: the start of the longest word searched for
 * (an English stem is nearly always a prefix of the words it matches). When
 * it is not found, strpos gives 0 and the window is the start of the text.
 */
export function locatorOf(terms: SearchTerms): string {
  const longest = terms.phrases
    .flat()
    .reduce((best, word) => (word.length > best.length ? word : best), '')
  return longest.slice(0, Math.max(3, longest.length - 3))
}

const HEADLINE_OPTIONS = `StartSel=${MATCH_START}, StopSel=${MATCH_END}, MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter=" … "`

const postgresIndex: PublicSearchIndex = {
  put,
  remove,
  removeReview,
  async search(db, terms, filters, page) {
    if (terms.phrases.length === 0) return { total: 0, hits: [] }
    const query = tsquery(terms)
    const where = reviewConditions(filters)
    const locator = locatorOf(terms)
    // Ranked on the small rank_vector (title and the start of the text) so a
    // common word does not detoast every matching report's whole vector, and
    // counted in the same pass. ts_headline runs only on the page shown, and
    // only on a window of the text around the first place one of the words
    // appears: a headline parses all the text it is given.
    const result = await sql<HitRow & { total: string }>`
      WITH q AS (SELECT ${query} AS query),
      page AS (
        SELECT d.id, r.slug AS review_slug, r.kind AS review_kind,
          ts_rank(d.rank_vector, q.query) AS rank, count(*) OVER () AS total
        FROM public_search_document d JOIN review r ON r.id = d.review_id, q
        WHERE d.search_vector @@ q.query AND ${where}
        ORDER BY rank DESC, d.published_on DESC NULLS LAST, d.id
        LIMIT ${page.limit} OFFSET ${page.offset}
      )
      SELECT d.source_kind, d.review_id, page.review_slug, page.review_kind, d.title, d.url,
        d.published_on, page.total,
        ts_headline('english', d.title, q.query, ${`HighlightAll=true, StartSel=${MATCH_START}, StopSel=${MATCH_END}`}) AS marked_title,
        ts_headline('english',
          substr(d.body, greatest(1, strpos(lower(d.body), ${locator}) - ${WINDOW_BEFORE}), ${WINDOW_LENGTH}),
          q.query, ${HEADLINE_OPTIONS}) AS snippet
      FROM page JOIN public_search_document d ON d.id = page.id, q
      ORDER BY page.rank DESC, d.published_on DESC NULLS LAST, d.id`.execute(db)
    if (result.rows.length === 0) {
      if (page.offset === 0) return { total: 0, hits: [] }
      const countRow = await sql<{ total: string }>`
        SELECT count(*) AS total
        FROM public_search_document d JOIN review r ON r.id = d.review_id
        WHERE d.search_vector @@ (${query}) AND ${where}`.execute(db)
      return { total: Number(countRow.rows[0]?.total ?? 0), hits: [] }
    }
    const total = Number(result.rows[0]?.total ?? 0)
    return { total, hits: result.rows.map(toHit) }
  },
}

/** The index for the database `db` is on (a transaction's too). */
export function publicSearchIndexOf(db: Db): PublicSearchIndex {
  return db.getExecutor().adapter instanceof PostgresAdapter ? postgresIndex : sqliteIndex
}
