// Search at full size (issue 9): 5 000 published reports, 100 million
// characters, within 30 ms on SQLite and 60 ms on PostgreSQL. See
// BENCHMARKS.md, "Search of published text", for what was measured.
//
// Both databases: an index on review holding every column a search checks
// (published, not withdrawn, kind, year, partnership), so a filtered search
// finds the documents of the reviews it may show without reading a review's
// row (each holds its summary, so 5 000 of them are megabytes to read).
//
// PostgreSQL only:
// - rank_vector becomes the title and the first 1 000 characters of the text,
//   kept on the row's own heap page (STORAGE MAIN). Ranking reads it for every
//   match; out of line (the first 4 000 characters took 5 KB, moved to TOAST)
//   that was 20 to 70 ms for a word in every report, on the page 4 to 9 ms.
// - An index of each document's pairs of neighbouring words
//   (public_search_word_pairs: 'domest violenc'), so a phrase of two words is
//   found from an index. The GIN index of search_vector holds no positions:
//   PostgreSQL checks a phrase by reading each candidate's whole tsvector out
//   of TOAST storage, which was 130 to 670 ms for "domestic violence" over
//   5 000 reports whose words are each in nearly all of them.
import { type Kysely, sql } from 'kysely'
import { isPostgres } from './dialect.js'

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createIndex('review_public_search_index')
    .on('review')
    .columns(['status', 'kind', 'published_on', 'withdrawn_at', 'lead_partnership_id', 'id'])
    .execute()
  if (!isPostgres(db)) return

  await sql`ALTER TABLE public_search_document DROP COLUMN rank_vector`.execute(db)
  // In one statement, so the rewrite that fills the new column already keeps
  // it on the page.
  await sql`
    ALTER TABLE public_search_document
      ADD COLUMN rank_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', title), 'A') ||
        setweight(to_tsvector('english', left(body, 1000)), 'B')
      ) STORED,
      ALTER COLUMN rank_vector SET STORAGE MAIN`.execute(db)

  // Each pair of stems at neighbouring positions, from the same tsvector the
  // search matches, so a pair is there exactly when the phrase query
  // 'a' <-> 'b' matches. The high cost keeps the planner from computing it
  // for each row (about 10 ms for a long report) instead of using the index.
  await sql`
    CREATE FUNCTION public_search_word_pairs(vector tsvector) RETURNS text[]
      LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE COST 100000
    AS $$
      SELECT coalesce(array_agg(DISTINCT first.lexeme || ' ' || second.lexeme), '{}')
      FROM (SELECT lexeme, unnest(positions) AS place FROM unnest(vector)) AS first
      JOIN (SELECT lexeme, unnest(positions) AS place FROM unnest(vector)) AS second
        ON second.place = first.place + 1
    $$`.execute(db)
  await sql`
    CREATE INDEX public_search_document_pairs_index ON public_search_document
      USING gin (public_search_word_pairs(search_vector))`.execute(db)
  // No statistics on the pairs: ANALYZE would compute every sampled
  // document's pairs again (a minute for 5 000 reports).
  await sql`ALTER INDEX public_search_document_pairs_index ALTER COLUMN 1 SET STATISTICS 0`.execute(
    db,
  )
}

export async function down(db: AnyDb): Promise<void> {
  if (isPostgres(db)) {
    await sql`DROP INDEX public_search_document_pairs_index`.execute(db)
    await sql`DROP FUNCTION public_search_word_pairs(tsvector)`.execute(db)
    await sql`ALTER TABLE public_search_document DROP COLUMN rank_vector`.execute(db)
    await sql`
      ALTER TABLE public_search_document
        ADD COLUMN rank_vector tsvector GENERATED ALWAYS AS (
          setweight(to_tsvector('english', title), 'A') ||
          setweight(to_tsvector('english', left(body, 4000)), 'B')
        ) STORED`.execute(db)
  }
  await db.schema.dropIndex('review_public_search_index').execute()
}
