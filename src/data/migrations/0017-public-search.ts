// The public site (issue 9): a search index of published text, and what a
// public review page needs to say when a review was updated or withdrawn.
//
// The index holds generic documents (a review's own published text, and later
// a published report's text or a seven-minute briefing), each with the review
// it belongs to, a title, a body, the public address it is read at and the date
// it was published. Only published text is ever put in it (the services decide
// that), and the search also checks that the review is still published and not
// withdrawn, so a stale entry can never reveal anything.
//
// SQLite: an FTS5 table over the documents (porter stemming, accents folded),
// kept in step by triggers. PostgreSQL: a stored tsvector column with a GIN
// index. Both are read through one interface in
// src/data/repositories/public-site/search-index.ts.
import { type Kysely, sql } from 'kysely'
import { isPostgres } from './dialect.js'

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>

export async function up(db: AnyDb): Promise<void> {
  // Withdrawal (S15): taken down before its "available until" date, with a
  // reason; the public page then says so (410 Gone) rather than "not found".
  await db.schema.alterTable('review').addColumn('withdrawn_at', 'text').execute()
  await db.schema.alterTable('review').addColumn('withdrawn_reason', 'text').execute()
  // When the published text or report was last replaced by a corrected one.
  await db.schema.alterTable('review').addColumn('public_updated_on', 'text').execute()

  if (isPostgres(db)) {
    await sql`
      CREATE TABLE public_search_document (
        -- SQLite's full-text rowid; kept here too so backups move between the
        -- two databases. Nothing on PostgreSQL reads it.
        doc_number bigserial NOT NULL,
        id text PRIMARY KEY,
        source_kind text NOT NULL,
        source_id text NOT NULL,
        review_id text NOT NULL REFERENCES review(id),
        title text NOT NULL,
        body text NOT NULL,
        url text NOT NULL,
        published_on text,
        indexed_at text NOT NULL,
        -- The title weighs more than the body. 'english' stems ("neglected"
        -- finds "neglect") and drops stop words.
        search_vector tsvector GENERATED ALWAYS AS (
          setweight(to_tsvector('english', title), 'A') ||
          setweight(to_tsvector('english', body), 'B')
        ) STORED,
        -- Ranking reads a small vector (title and the first part of the body)
        -- instead of detoasting every matching document's whole vector: that is
        -- what made ts_rank slow over large reports.
        rank_vector tsvector GENERATED ALWAYS AS (
          setweight(to_tsvector('english', title), 'A') ||
          setweight(to_tsvector('english', left(body, 4000)), 'B')
        ) STORED,
        UNIQUE (source_kind, source_id)
      )`.execute(db)
    await sql`CREATE INDEX public_search_document_vector_idx ON public_search_document USING gin (search_vector)`.execute(
      db,
    )
  } else {
    // doc_number is the rowid FTS5 points at: an INTEGER PRIMARY KEY, so
    // VACUUM never renumbers it.
    await sql`
      CREATE TABLE public_search_document (
        doc_number integer PRIMARY KEY,
        id text NOT NULL UNIQUE,
        source_kind text NOT NULL,
        source_id text NOT NULL,
        review_id text NOT NULL REFERENCES review(id),
        title text NOT NULL,
        body text NOT NULL,
        url text NOT NULL,
        published_on text,
        indexed_at text NOT NULL,
        UNIQUE (source_kind, source_id)
      )`.execute(db)
    await sql`
      CREATE VIRTUAL TABLE public_search_fts USING fts5(
        title, body,
        content='public_search_document', content_rowid='doc_number',
        tokenize='porter unicode61 remove_diacritics 2'
      )`.execute(db)
    await sql`
      CREATE TRIGGER public_search_document_ai AFTER INSERT ON public_search_document BEGIN
        INSERT INTO public_search_fts(rowid, title, body) VALUES (new.doc_number, new.title, new.body);
      END`.execute(db)
    await sql`
      CREATE TRIGGER public_search_document_ad AFTER DELETE ON public_search_document BEGIN
        INSERT INTO public_search_fts(public_search_fts, rowid, title, body)
          VALUES ('delete', old.doc_number, old.title, old.body);
      END`.execute(db)
    await sql`
      CREATE TRIGGER public_search_document_au AFTER UPDATE ON public_search_document BEGIN
        INSERT INTO public_search_fts(public_search_fts, rowid, title, body)
          VALUES ('delete', old.doc_number, old.title, old.body);
        INSERT INTO public_search_fts(rowid, title, body) VALUES (new.doc_number, new.title, new.body);
      END`.execute(db)
  }
  await db.schema
    .createIndex('public_search_document_review_idx')
    .on('public_search_document')
    .column('review_id')
    .execute()
}

export async function down(db: AnyDb): Promise<void> {
  if (!isPostgres(db)) await sql`DROP TABLE public_search_fts`.execute(db)
  await db.schema.dropTable('public_search_document').execute()
  await db.schema.alterTable('review').dropColumn('public_updated_on').execute()
  await db.schema.alterTable('review').dropColumn('withdrawn_reason').execute()
  await db.schema.alterTable('review').dropColumn('withdrawn_at').execute()
}
