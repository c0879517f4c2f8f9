// The one full-text search engine (issues 9 and 11): SQLite FTS5 and
// PostgreSQL full-text search behind one interface, over any table of
// documents built like public_search_document (0017, 0023) or
// staff_search_document (0028): doc_number, id, title, body, a date to break
// ties, and on PostgreSQL the generated search_vector and rank_vector.
//
// What a search may find is the caller's: a scope of joins and conditions
// (the public site's "published and not withdrawn", the staff search's access
// rules and filters) that every query of the engine applies, counting and
// ranking included, so nothing is ever filtered after paging.
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
} from '../../../domain/public-site/search-terms.js'
import type { Db } from '../../db.js'

/** The tables of one index. Names are the code's own constants, never input. */
export interface IndexTables {
  /** The documents: doc_number, id, title, body, and the date column below. */
  readonly documents: string
  /** SQLite: the FTS5 table over the documents (rowid = doc_number). */
  readonly fts: string
  /** The documents' date column: newer first among equal ranks (PostgreSQL). */
  readonly dateColumn: string
}

/** What one search may find, and what each hit carries. The documents are `d`. */
export interface SearchScope {
  /**
   * Joins after `FROM <documents> d`, for the conditions and columns. Written
   * as CROSS JOIN or LEFT JOIN with the join's own condition in `where` or ON:
   * SQLite keeps a CROSS JOIN's order, so the documents stay outside.
   */
  readonly joins: RawBuilder<unknown>
  /** Every condition, on d and the joins. */
  readonly where: RawBuilder<unknown>
  /**
   * SQLite, when filters leave few documents: those documents' numbers as a
   * subquery, listed first (from indexes) so FTS5 ranks only them. Without it
   * FTS5 ranks every match and the conditions are checked on the best few.
   */
  readonly narrowedTo?: RawBuilder<unknown>
  /** The columns each hit carries, read from d and the joins. */
  readonly columns: RawBuilder<unknown>
}

export interface MarkedRow {
  /** The title with matches marked. */
  readonly marked_title: string | null
  /** Words around the matches, with matches marked. */
  readonly snippet: string | null
}

export interface EngineResults<Row> {
  /** How many were found, counted up to MAX_RESULTS. */
  total: number
  /** More than MAX_RESULTS were found: only the best MAX_RESULTS can be listed. */
  totalCapped: boolean
  rows: (Row & MarkedRow)[]
}

export interface FullTextEngine {
  /**
   * One page of the matches in scope, best first, and how many there are.
   * Only the best MAX_RESULTS are ranked and counted: a page past them is empty.
   */
  search<Row>(
    db: Db,
    tables: IndexTables,
    terms: SearchTerms,
    scope: SearchScope,
    page: { limit: number; offset: number },
  ): Promise<EngineResults<Row>>
}

function nothingFound<Row>(): EngineResults<Row> {
  return { total: 0, totalCapped: false, rows: [] }
}

/** The total as the page shows it, from a count taken up to MAX_RESULTS + 1. */
export function cappedTotal(counted: number): { total: number; totalCapped: boolean } {
  return { total: Math.min(counted, MAX_RESULTS), totalCapped: counted > MAX_RESULTS }
}

/** FTS5: each phrase quoted ("a b"), all of them required. Words never contain a quote. */
export function fts5Expression(terms: SearchTerms): string {
  return terms.phrases.map((phrase) => `"${phrase.join(' ')}"`).join(' AND ')
}

/** Document numbers as one parameter, so a list of any length is one bound value. */
function numberList(numbers: readonly number[]): RawBuilder<unknown> {
  return sql`(SELECT value FROM json_each(${JSON.stringify(numbers)}))`
}

/**
 * The best `wanted` matches in scope, when no filter narrows the search.
 * Ranked by FTS5 alone, with no join: a join or a window in the ranking
 * query makes SQLite read every matching document's row (tens of kilobytes
 * each, the text included) before it keeps ten. The scope's conditions are
 * then checked on the few ranked; an entry out of scope drops out, and more
 * are ranked until the page is full or the matches run out.
 */
async function bestInScope(
  db: Db,
  tables: IndexTables,
  match: string,
  scope: SearchScope,
  bm25: RawBuilder<unknown>,
  wanted: number,
): Promise<number[]> {
  const fts = sql.raw(tables.fts)
  const documents = sql.raw(tables.documents)
  let asked = wanted
  for (;;) {
    const ranked = await sql<{ doc_number: number }>`
      SELECT rowid AS doc_number FROM ${fts}
      WHERE ${fts} MATCH ${match}
      ORDER BY ${bm25}, rowid
      LIMIT ${asked}`.execute(db)
    const numbers = ranked.rows.map((row) => row.doc_number)
    // The scope's CROSS JOIN keeps the documents outside: the planner cannot
    // tell the list is short, and would otherwise go through every review.
    const inScope = await sql<{ doc_number: number }>`
      SELECT d.doc_number FROM ${documents} d ${scope.joins}
      WHERE d.doc_number IN ${numberList(numbers)} AND ${scope.where}`.execute(db)
    const kept = new Set(inScope.rows.map((row) => row.doc_number))
    const best = numbers.filter((n) => kept.has(n))
    if (best.length >= wanted || numbers.length < asked) return best.slice(0, wanted)
    asked *= 4
  }
}

const sqliteEngine: FullTextEngine = {
  async search<Row>(
    db: Db,
    tables: IndexTables,
    terms: SearchTerms,
    scope: SearchScope,
    page: { limit: number; offset: number },
  ): Promise<EngineResults<Row>> {
    if (terms.phrases.length === 0) return nothingFound()
    const fts = sql.raw(tables.fts)
    const documents = sql.raw(tables.documents)
    // bm25 with a match in the title weighing four times one in the body:
    // lower is better. Equal scores go in the order the documents were
    // indexed (rowid), so every page of a search sees one order. (FTS5's own
    // `ORDER BY rank` sorts every match too, before the LIMIT; measured over
    // 5 000 reports it was no faster, and leaves equal scores in no stated order.)
    const bm25 = sql`bm25(${fts}, 4.0, 1.0)`
    const match = fts5Expression(terms)
    const wanted = Math.min(page.offset + page.limit, MAX_RESULTS)
    let counted: number
    let best: () => Promise<number[]>
    const within = scope.narrowedTo
    if (within !== undefined) {
      // The documents the scope leaves come first, from indexes; FTS5 then
      // ranks only those. The + keeps rowid from being handed to FTS5 as a
      // lookup, which would start the search afresh for each document.
      const count = await sql<{ counted: number }>`
        SELECT count(*) AS counted FROM (
          SELECT 1 FROM ${fts}
          WHERE ${fts} MATCH ${match} AND +rowid IN ${within}
          LIMIT ${MAX_RESULTS + 1})`.execute(db)
      counted = Number(count.rows[0]?.counted ?? 0)
      best = async () => {
        const ranked = await sql<{ doc_number: number }>`
          SELECT rowid AS doc_number FROM ${fts}
          WHERE ${fts} MATCH ${match} AND +rowid IN ${within}
          ORDER BY ${bm25}, rowid
          LIMIT ${wanted}`.execute(db)
        return ranked.rows.map((row) => row.doc_number)
      }
    } else {
      // Counted up to one past the cap: a common word matches every
      // document, and counting them all would join every one to its review.
      const count = await sql<{ counted: number }>`
        SELECT count(*) AS counted FROM (
          SELECT 1 FROM ${fts}
          JOIN ${documents} d ON d.doc_number = ${fts}.rowid
          ${scope.joins}
          WHERE ${fts} MATCH ${match} AND ${scope.where}
          LIMIT ${MAX_RESULTS + 1})`.execute(db)
      counted = Number(count.rows[0]?.counted ?? 0)
      best = () => bestInScope(db, tables, match, scope, bm25, wanted)
    }
    const total = cappedTotal(counted)
    // Past the last page: the count alone, so the page can say how many there are.
    if (page.offset >= total.total) return { ...total, rows: [] }
    const numbers = (await best()).slice(page.offset)
    if (numbers.length === 0) return { ...total, rows: [] }
    // Snippets for the page shown only: snippet() reads and splits a
    // document's whole text. The scope is applied again: it costs a few rows.
    const shown = await sql<Row & MarkedRow & { doc_number: number }>`
      SELECT d.doc_number, ${scope.columns},
        highlight(${fts}, 0, ${MATCH_START}, ${MATCH_END}) AS marked_title,
        snippet(${fts}, 1, ${MATCH_START}, ${MATCH_END}, '…', 40) AS snippet
      FROM ${fts}
      JOIN ${documents} d ON d.doc_number = ${fts}.rowid
      ${scope.joins}
      WHERE ${fts} MATCH ${match}
        AND ${fts}.rowid IN (${sql.join(numbers.map((n) => sql`${n}`))})
        AND ${scope.where}`.execute(db)
    const byNumber = new Map(shown.rows.map((row) => [row.doc_number, row]))
    return {
      ...total,
      rows: numbers.flatMap((n) => {
        const row = byNumber.get(n)
        return row ? [row] : []
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
 * (the index on public_search_word_pairs). Only a phrase the pairs do not
 * settle is checked against the document's own positions, and only on the
 * documents the indexes leave. A phrase condition (<->) on the whole tsvector
 * would make PostgreSQL read every candidate's vector (tens of kilobytes
 * each) to check the positions: 130 ms for "domestic violence" over 5 000 reports.
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
export async function withIndexScans<T>(db: Db, work: (db: Db) => Promise<T>): Promise<T> {
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

const postgresEngine: FullTextEngine = {
  search<Row>(
    db: Db,
    tables: IndexTables,
    terms: SearchTerms,
    scope: SearchScope,
    page: { limit: number; offset: number },
  ): Promise<EngineResults<Row>> {
    if (terms.phrases.length === 0) return Promise.resolve(nothingFound())
    const documents = sql.raw(tables.documents)
    const dated = sql.raw(`d.${tables.dateColumn}`)
    return withIndexScans(db, async (db) => {
      // A phrase of one word needs no shape: its word is its whole condition.
      const shapes = terms.phrases.every((phrase) => phrase.length === 1)
        ? terms.phrases.map(() => ({ pairs: [], places: 1 }))
        : await phraseShapes(db, terms)
      const matches = matchConditions(terms, shapes)
      const countUpToCap = async (): Promise<EngineResults<Row>> => {
        const count = await sql<{ counted: string }>`
          SELECT count(*) AS counted FROM (
            SELECT 1 FROM ${documents} d ${scope.joins}
            WHERE ${matches} AND ${scope.where}
            LIMIT ${MAX_RESULTS + 1}) AS found`.execute(db)
        return { ...cappedTotal(Number(count.rows[0]?.counted ?? 0)), rows: [] }
      }
      const wanted = Math.min(page.offset + page.limit, MAX_RESULTS)
      if (page.offset >= wanted) return countUpToCap()
      const query = tsquery(terms)
      const locator = locatorOf(terms)
      // Ranked on rank_vector (the title and the start of the text, kept on
      // the row's own page: 0023) and counted in the same pass, since ranking
      // reads every match anyway. The matches are kept narrow (no vector, no
      // joined columns) before they are counted: a window over rows still
      // carrying their vectors spilled to disk. The hit's columns, and
      // ts_headline, are read for the page shown only, the headline only on a
      // window of the text around the first place one of the words appears:
      // a headline parses all the text it is given.
      const result = await sql<Row & MarkedRow & { total: string }>`
        WITH matched AS MATERIALIZED (
          SELECT d.id, ${dated} AS dated, ts_rank(d.rank_vector, ${query}) AS rank
          FROM ${documents} d ${scope.joins}
          WHERE ${matches} AND ${scope.where}
        ),
        page AS (
          SELECT id, dated, rank, count(*) OVER () AS total FROM matched
          ORDER BY rank DESC, dated DESC NULLS LAST, id
          LIMIT ${wanted - page.offset} OFFSET ${page.offset}
        )
        SELECT ${scope.columns}, page.total,
          ts_headline('english', d.title, ${query}, ${`HighlightAll=true, StartSel=${MATCH_START}, StopSel=${MATCH_END}`}) AS marked_title,
          ts_headline('english',
            substr(d.body, greatest(1, strpos(lower(d.body), ${locator}) - ${WINDOW_BEFORE}), ${WINDOW_LENGTH}),
            ${query}, ${HEADLINE_OPTIONS}) AS snippet
        FROM page
        JOIN ${documents} d ON d.id = page.id
        ${scope.joins}
        WHERE ${scope.where}
        ORDER BY page.rank DESC, page.dated DESC NULLS LAST, page.id`.execute(db)
      if (result.rows.length === 0) return page.offset === 0 ? nothingFound() : countUpToCap()
      const total = cappedTotal(Number(result.rows[0]?.total ?? 0))
      return {
        ...total,
        rows: result.rows.map(({ total: _total, ...row }) => row as unknown as Row & MarkedRow),
      }
    })
  },
}

/** The engine for the database `db` is on (a transaction's too). */
export function fullTextEngineOf(db: Db): FullTextEngine {
  return db.getExecutor().adapter instanceof PostgresAdapter ? postgresEngine : sqliteEngine
}
