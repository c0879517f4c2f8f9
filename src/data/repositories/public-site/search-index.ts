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
  MAX_RESULTS,
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
  /** How many were found, counted up to MAX_RESULTS. */
  total: number
  /** More than MAX_RESULTS were found: only the best MAX_RESULTS can be listed. */
  totalCapped: boolean
  hits: SearchHit[]
}

const NOTHING_FOUND: SearchResults = { total: 0, totalCapped: false, hits: [] }

/** The total as the page shows it, from a count taken up to MAX_RESULTS + 1. */
function cappedTotal(counted: number): Pick<SearchResults, 'total' | 'totalCapped'> {
  return { total: Math.min(counted, MAX_RESULTS), totalCapped: counted > MAX_RESULTS }
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

/** FTS5: each phrase quoted ("a b"), all of them required. Words never contain a quote. */
export function fts5Expression(terms: SearchTerms): string {
  return terms.phrases.map((phrase) => `"${phrase.join(' ')}"`).join(' AND ')
}

/**
 * bm25 with a match in the title weighing four times one in the body: lower is
 * better. Equal scores go in the order the documents were indexed (rowid), so
 * every page of a search sees one order. (FTS5's own `ORDER BY rank` sorts
 * every match too, before the LIMIT; measured over 5 000 reports it was no
 * faster, and leaves equal scores in no stated order.)
 */
const BM25 = sql`bm25(public_search_fts, 4.0, 1.0)`

/** Document numbers as one parameter, so a list of any length is one bound value. */
function numberList(numbers: readonly number[]): RawBuilder<unknown> {
  return sql`(SELECT value FROM json_each(${JSON.stringify(numbers)}))`
}

/**
 * The best `wanted` matches of published reviews, when no filter narrows the
 * search. Ranked by FTS5 alone, with no join: a join or a window in the
 * ranking query makes SQLite read every matching document's row (tens of
 * kilobytes each, the text included) before it keeps ten. The review's
 * conditions are then checked on the few ranked; an entry whose review is not
 * published (left behind by mistake) drops out, and more are ranked until the
 * page is full or the matches run out.
 */
async function bestPublished(
  db: Db,
  match: string,
  where: RawBuilder<unknown>,
  wanted: number,
): Promise<number[]> {
  let asked = wanted
  for (;;) {
    const ranked = await sql<{ doc_number: number }>`
      SELECT rowid AS doc_number FROM public_search_fts
      WHERE public_search_fts MATCH ${match}
      ORDER BY ${BM25}, rowid
      LIMIT ${asked}`.execute(db)
    const numbers = ranked.rows.map((row) => row.doc_number)
    // CROSS JOIN keeps the documents outside: the planner cannot tell the
    // list is short, and would otherwise go through every published review.
    const published = await sql<{ doc_number: number }>`
      SELECT d.doc_number FROM public_search_document d CROSS JOIN review r
      WHERE r.id = d.review_id AND d.doc_number IN ${numberList(numbers)} AND ${where}`.execute(db)
    const kept = new Set(published.rows.map((row) => row.doc_number))
    const best = numbers.filter((n) => kept.has(n))
    if (best.length >= wanted || numbers.length < asked) return best.slice(0, wanted)
    asked *= 4
  }
}

const sqliteIndex: PublicSearchIndex = {
  put,
  remove,
  removeReview,
  async search(db, terms, filters, page) {
    if (terms.phrases.length === 0) return NOTHING_FOUND
    const match = fts5Expression(terms)
    const where = reviewConditions(filters)
    const wanted = Math.min(page.offset + page.limit, MAX_RESULTS)
    let counted: number
    let best: () => Promise<number[]>
    if (isNarrowed(filters)) {
      // The documents of the reviews the filters leave come first, from
      // review_public_search_index (it holds every column the conditions
      // read) and the documents' review index, without reading a row of
      // either table; FTS5 then ranks only those. The + keeps rowid from
      // being handed to FTS5 as a lookup, which would start the search
      // afresh for each document.
      const within = sql`(SELECT d.doc_number FROM review r
        JOIN public_search_document d ON d.review_id = r.id WHERE ${where})`
      const count = await sql<{ counted: number }>`
        SELECT count(*) AS counted FROM (
          SELECT 1 FROM public_search_fts
          WHERE public_search_fts MATCH ${match} AND +rowid IN ${within}
          LIMIT ${MAX_RESULTS + 1})`.execute(db)
      counted = Number(count.rows[0]?.counted ?? 0)
      best = async () => {
        const ranked = await sql<{ doc_number: number }>`
          SELECT rowid AS doc_number FROM public_search_fts
          WHERE public_search_fts MATCH ${match} AND +rowid IN ${within}
          ORDER BY ${BM25}, rowid
          LIMIT ${wanted}`.execute(db)
        return ranked.rows.map((row) => row.doc_number)
      }
    } else {
      // Counted up to one past the cap: a common word matches every
      // document, and counting them all would join every one to its review.
      const count = await sql<{ counted: number }>`
        SELECT count(*) AS counted FROM (
          SELECT 1 FROM public_search_fts
          JOIN public_search_document d ON d.doc_number = public_search_fts.rowid
          JOIN review r ON r.id = d.review_id
          WHERE public_search_fts MATCH ${match} AND ${where}
          LIMIT ${MAX_RESULTS + 1})`.execute(db)
      counted = Number(count.rows[0]?.counted ?? 0)
      best = () => bestPublished(db, match, where, wanted)
    }
    const total = cappedTotal(counted)
    // Past the last page: the count alone, so the page can say how many there are.
    if (page.offset >= total.total) return { ...total, hits: [] }
    const numbers = (await best()).slice(page.offset)
    if (numbers.length === 0) return { ...total, hits: [] }
    // Snippets for the page shown only: snippet() reads and splits a
    // document's whole text.
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
      ...total,
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

/** A phrase as PostgreSQL reads it: its pairs of neighbouring words, and how many places its words take. */
export interface PhraseShape {
  /** 'domest violenc': each pair of stems next to each other (public_search_word_pairs). */
  pairs: string[]
  /** Places the phrase's words take once stop words are left out ("abuse of children": 2, not next to each other). */
  places: number
}

/**
 * Whether a document with every word of the phrase and every one of its
 * pairs surely has the phrase: true for one word, and for two words next to
 * each other (their one pair is the phrase). Longer phrases, or two words
 * with a stop word between them, are checked against the document's
 * positions as well.
 */
export function pairsSettlePhrase(shape: PhraseShape): boolean {
  return shape.places <= 1 || (shape.places === 2 && shape.pairs.length === 1)
}

/**
 * The conditions a document must meet to match, written so both GIN indexes
 * answer them without reading the document: every word (plainto_tsquery: no
 * positions needed), and every pair of neighbouring words of each phrase
 * (public_search_document_pairs_index). Only a phrase the pairs do not settle
 * is checked against the document's own positions, and only on the documents
 * the indexes leave. A phrase condition (<->) on the whole tsvector would make
 * PostgreSQL read every candidate's vector (tens of kilobytes each) to check
 * the positions: 130 ms for "domestic violence" over 5 000 reports.
 */
function matchConditions(terms: SearchTerms, shapes: readonly PhraseShape[]): RawBuilder<unknown> {
  const conditions: RawBuilder<unknown>[] = [
    sql`d.search_vector @@ (${sql.join(
      terms.phrases.map((phrase) => sql`plainto_tsquery('english', ${phrase.join(' ')})`),
      sql` && `,
    )})`,
  ]
  const pairs = [...new Set(shapes.flatMap((shape) => shape.pairs))]
  if (pairs.length > 0) {
    conditions.push(sql`public_search_word_pairs(d.search_vector) @> ${pairs}::text[]`)
  }
  const unsettled = terms.phrases.filter((_, n) => {
    const shape = shapes[n]
    return shape === undefined || !pairsSettlePhrase(shape)
  })
  if (unsettled.length > 0) {
    conditions.push(
      sql`d.search_vector @@ (${sql.join(
        unsettled.map((phrase) => sql`phraseto_tsquery('english', ${phrase.join(' ')})`),
        sql` && `,
      )})`,
    )
  }
  return sql.join(conditions, sql` AND `)
}

/** Each phrase's shape as PostgreSQL's English configuration reads it, in order. */
async function phraseShapes(db: Db, terms: SearchTerms): Promise<PhraseShape[]> {
  const result = await sql<{ pairs: string[]; places: string }>`
    SELECT public_search_word_pairs(v.vector) AS pairs,
      (SELECT count(*) FROM unnest(v.vector) AS u, unnest(u.positions) AS place) AS places
    FROM unnest(${terms.phrases.map((phrase) => phrase.join(' '))}::text[]) WITH ORDINALITY AS p(phrase, n),
      LATERAL (SELECT to_tsvector('english', p.phrase) AS vector) AS v
    ORDER BY p.n`.execute(db)
  return result.rows.map((row) => ({ pairs: row.pairs, places: Number(row.places) }))
}

/**
 * Runs the search with sequential scans turned off for its own transaction.
 * The planner counts a document's row as the bytes on its heap page and not
 * the tsvector it would have to read out of TOAST storage to test it, so with
 * every document matching a common word it reads them all (over 100 ms)
 * instead of the GIN index (about 1 ms). BEGIN and SET LOCAL go as one
 * statement: on a busy machine each round trip to the server can take
 * milliseconds. Inside a caller's transaction the setting is left alone.
 */
async function withIndexScans<T>(db: Db, work: (db: Db) => Promise<T>): Promise<T> {
  if (db.isTransaction) return work(db)
  return db.connection().execute(async (connection) => {
    // No parameters, so node-postgres sends it as a simple query, which may hold two statements.
    await sql.raw('BEGIN; SET LOCAL enable_seqscan = off').execute(connection)
    let result: T
    try {
      result = await work(connection)
    } catch (error) {
      await sql.raw('ROLLBACK').execute(connection)
      throw error
    }
    await sql.raw('COMMIT').execute(connection)
    return result
  })
}

const postgresIndex: PublicSearchIndex = {
  put,
  remove,
  removeReview,
  search(db, terms, filters, page) {
    if (terms.phrases.length === 0) return Promise.resolve(NOTHING_FOUND)
    return withIndexScans(db, async (db) => {
      const where = reviewConditions(filters)
      // A phrase of one word needs no shape: its word is its whole condition.
      const shapes = terms.phrases.every((phrase) => phrase.length === 1)
        ? terms.phrases.map(() => ({ pairs: [], places: 1 }))
        : await phraseShapes(db, terms)
      const matches = matchConditions(terms, shapes)
      const countUpToCap = async (): Promise<SearchResults> => {
        const count = await sql<{ counted: string }>`
          SELECT count(*) AS counted FROM (
            SELECT 1 FROM public_search_document d JOIN review r ON r.id = d.review_id
            WHERE ${matches} AND ${where}
            LIMIT ${MAX_RESULTS + 1}) AS found`.execute(db)
        return { ...cappedTotal(Number(count.rows[0]?.counted ?? 0)), hits: [] }
      }
      const wanted = Math.min(page.offset + page.limit, MAX_RESULTS)
      if (page.offset >= wanted) return countUpToCap()
      const query = tsquery(terms)
      const locator = locatorOf(terms)
      // Ranked on rank_vector (the title and the start of the text, kept on
      // the row's own page: 0023) and counted in the same pass, since ranking
      // reads every match anyway. The matches are kept narrow (no vector, no
      // review columns) before they are counted: a window over rows still
      // carrying their vectors spilled to disk. The review's slug and kind,
      // and ts_headline, are read for the page shown only, the headline only
      // on a window of the text around the first place one of the words
      // appears: a headline parses all the text it is given.
      const result = await sql<HitRow & { total: string }>`
        WITH matched AS MATERIALIZED (
          SELECT d.id, d.published_on, ts_rank(d.rank_vector, ${query}) AS rank
          FROM public_search_document d JOIN review r ON r.id = d.review_id
          WHERE ${matches} AND ${where}
        ),
        page AS (
          SELECT id, published_on, rank, count(*) OVER () AS total FROM matched
          ORDER BY rank DESC, published_on DESC NULLS LAST, id
          LIMIT ${wanted - page.offset} OFFSET ${page.offset}
        )
        SELECT d.source_kind, d.review_id, r.slug AS review_slug, r.kind AS review_kind, d.title,
          d.url, d.published_on, page.total,
          ts_headline('english', d.title, ${query}, ${`HighlightAll=true, StartSel=${MATCH_START}, StopSel=${MATCH_END}`}) AS marked_title,
          ts_headline('english',
            substr(d.body, greatest(1, strpos(lower(d.body), ${locator}) - ${WINDOW_BEFORE}), ${WINDOW_LENGTH}),
            ${query}, ${HEADLINE_OPTIONS}) AS snippet
        FROM page
        JOIN public_search_document d ON d.id = page.id
        JOIN review r ON r.id = d.review_id
        ORDER BY page.rank DESC, page.published_on DESC NULLS LAST, page.id`.execute(db)
      if (result.rows.length === 0) return page.offset === 0 ? NOTHING_FOUND : countUpToCap()
      return {
        ...cappedTotal(Number(result.rows[0]?.total ?? 0)),
        hits: result.rows.map(toHit),
      }
    })
  },
}

/** The index for the database `db` is on (a transaction's too). */
export function publicSearchIndexOf(db: Db): PublicSearchIndex {
  return db.getExecutor().adapter instanceof PostgresAdapter ? postgresIndex : sqliteIndex
}
