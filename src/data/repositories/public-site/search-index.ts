// The public search index (issue 9): published text in public_search_document,
// searched through the one full-text engine (../search/full-text-engine.ts,
// SQLite FTS5 and PostgreSQL full-text) that the staff search shares. The
// documents are generic (a review's published text, a published report's
// text, a seven-minute briefing), so publishing can add and withdraw any of
// them without the engines knowing what they are.
//
// Every search also checks that the document's review is still published and
// not withdrawn: an entry left behind by mistake can never be found.
import { type RawBuilder, sql } from 'kysely'
import { type SearchTerms, withoutMatchMarks } from '../../../domain/public-site/search-terms.js'
import type { Db } from '../../db.js'
import { fullTextEngineOf, type IndexTables, type SearchScope } from '../search/full-text-engine.js'

export {
  fts5Expression,
  locatorOf,
  pairsSettlePhrase,
  type PhraseShape,
} from '../search/full-text-engine.js'

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
  /** How many were found, counted up to MAX_RESULTS. */
  total: number
  /** More than MAX_RESULTS were found: only the best MAX_RESULTS can be listed. */
  totalCapped: boolean
  hits: SearchHit[]
}

export interface PublicSearchIndex {
  /** Adds the document, or replaces the one from the same source. */
  put(db: Db, document: SearchDocument, indexedAt: string): Promise<void>
  /** Removes a source's entry; how many went. */
  remove(db: Db, sourceKind: string, sourceId: string): Promise<number>
  /** Removes every entry of a review (withdrawn, or no longer published). */
  removeReview(db: Db, reviewId: string): Promise<number>
  /**
   * One page of the matches, best first, and how many there are. Only the
   * best MAX_RESULTS are ranked and counted: a page past them is empty.
   */
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

/** Whether the search is narrowed to some reviews: by kind, partnership or year. */
function isNarrowed(filters: SearchFilters): boolean {
  return (
    filters.reviewKinds !== undefined ||
    filters.partnershipId !== undefined ||
    filters.year !== undefined
  )
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

const PUBLIC_TABLES: IndexTables = {
  documents: 'public_search_document',
  fts: 'public_search_fts',
  dateColumn: 'published_on',
}

/**
 * The public site's scope: the document's review published and not
 * withdrawn, and the filters. When filters narrow the search, SQLite lists
 * the documents of the reviews they leave first, from
 * review_public_search_index (it holds every column the conditions read) and
 * the documents' review index, without reading a row of either table.
 */
function publicScope(filters: SearchFilters): SearchScope {
  const where = reviewConditions(filters)
  return {
    joins: sql`CROSS JOIN review r`,
    where: sql`r.id = d.review_id AND ${where}`,
    ...(isNarrowed(filters)
      ? {
          narrowedTo: sql`(SELECT d.doc_number FROM review r
            JOIN public_search_document d ON d.review_id = r.id WHERE ${where})`,
        }
      : {}),
    columns: sql`d.source_kind, d.review_id, r.slug AS review_slug, r.kind AS review_kind,
      d.title, d.url, d.published_on`,
  }
}

async function search(
  db: Db,
  terms: SearchTerms,
  filters: SearchFilters,
  page: { limit: number; offset: number },
): Promise<SearchResults> {
  const results = await fullTextEngineOf(db).search<HitRow>(
    db,
    PUBLIC_TABLES,
    terms,
    publicScope(filters),
    page,
  )
  return { total: results.total, totalCapped: results.totalCapped, hits: results.rows.map(toHit) }
}

const publicIndex: PublicSearchIndex = { put, remove, removeReview, search }

/** The index for the database `db` is on (a transaction's too). */
export function publicSearchIndexOf(_db: Db): PublicSearchIndex {
  return publicIndex
}
