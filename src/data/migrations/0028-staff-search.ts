// Staff search of the learning library (issue 11): a second index, built like
// the public one (0017, 0023) and searched by the same engine, over the text
// staff may search: learning points, recommendations, rapid review findings,
// report versions' text and seven-minute briefings, published or not.
//
// Each document says which record it came from and what it belongs to (the
// partnership, the review or the rapid review); who may see it is decided in
// each query from the live review, incident and access list, never from a
// copy here, so restricting a record takes effect at once without reindexing.
// Services keep the index in step in the same transaction as each change.
//
// SQLite: an FTS5 table over the documents, kept in step by triggers (only
// when the title or text changes). PostgreSQL: stored tsvectors with GIN
// indexes, and the word-pairs index for phrases (public_search_word_pairs, 0023).
import { type Kysely, sql } from 'kysely'
import { isPostgres } from './dialect.js'

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>

export async function up(db: AnyDb): Promise<void> {
  if (isPostgres(db)) {
    await sql`
      CREATE TABLE staff_search_document (
        doc_number bigserial NOT NULL,
        id text PRIMARY KEY,
        source_kind text NOT NULL,
        source_id text NOT NULL,
        partnership_id text NOT NULL REFERENCES partnership(id),
        review_id text REFERENCES review(id),
        rapid_review_id text REFERENCES rapid_review(id),
        title text NOT NULL,
        body text NOT NULL,
        dated_on text,
        url text NOT NULL,
        public_url text,
        text_hash text NOT NULL,
        indexed_at text NOT NULL,
        search_vector tsvector GENERATED ALWAYS AS (
          setweight(to_tsvector('english', title), 'A') ||
          setweight(to_tsvector('english', body), 'B')
        ) STORED,
        rank_vector tsvector GENERATED ALWAYS AS (
          setweight(to_tsvector('english', title), 'A') ||
          setweight(to_tsvector('english', left(body, 1000)), 'B')
        ) STORED,
        UNIQUE (source_kind, source_id)
      )`.execute(db)
    await sql`ALTER TABLE staff_search_document ALTER COLUMN rank_vector SET STORAGE MAIN`.execute(
      db,
    )
    await sql`CREATE INDEX staff_search_document_vector_idx ON staff_search_document USING gin (search_vector)`.execute(
      db,
    )
    await sql`
      CREATE INDEX staff_search_document_pairs_index ON staff_search_document
        USING gin (public_search_word_pairs(search_vector))`.execute(db)
    await sql`ALTER INDEX staff_search_document_pairs_index ALTER COLUMN 1 SET STATISTICS 0`.execute(
      db,
    )
  } else {
    await sql`
      CREATE TABLE staff_search_document (
        doc_number integer PRIMARY KEY,
        id text NOT NULL UNIQUE,
        source_kind text NOT NULL,
        source_id text NOT NULL,
        partnership_id text NOT NULL REFERENCES partnership(id),
        review_id text REFERENCES review(id),
        rapid_review_id text REFERENCES rapid_review(id),
        title text NOT NULL,
        body text NOT NULL,
        dated_on text,
        url text NOT NULL,
        public_url text,
        text_hash text NOT NULL,
        indexed_at text NOT NULL,
        UNIQUE (source_kind, source_id)
      )`.execute(db)
    await sql`
      CREATE VIRTUAL TABLE staff_search_fts USING fts5(
        title, body,
        content='staff_search_document', content_rowid='doc_number',
        tokenize='porter unicode61 remove_diacritics 2'
      )`.execute(db)
    await sql`
      CREATE TRIGGER staff_search_document_ai AFTER INSERT ON staff_search_document BEGIN
        INSERT INTO staff_search_fts(rowid, title, body) VALUES (new.doc_number, new.title, new.body);
      END`.execute(db)
    await sql`
      CREATE TRIGGER staff_search_document_ad AFTER DELETE ON staff_search_document BEGIN
        INSERT INTO staff_search_fts(staff_search_fts, rowid, title, body)
          VALUES ('delete', old.doc_number, old.title, old.body);
      END`.execute(db)
    // Only a change of the words reindexes them: a date or link changes often.
    await sql`
      CREATE TRIGGER staff_search_document_au AFTER UPDATE OF title, body ON staff_search_document BEGIN
        INSERT INTO staff_search_fts(staff_search_fts, rowid, title, body)
          VALUES ('delete', old.doc_number, old.title, old.body);
        INSERT INTO staff_search_fts(rowid, title, body) VALUES (new.doc_number, new.title, new.body);
      END`.execute(db)
  }
  await db.schema
    .createIndex('staff_search_document_review_idx')
    .on('staff_search_document')
    .columns(['review_id', 'source_kind'])
    .execute()
  await db.schema
    .createIndex('staff_search_document_rapid_review_idx')
    .on('staff_search_document')
    .column('rapid_review_id')
    .execute()
  // Filters by partnership, kind and year read this index alone.
  await db.schema
    .createIndex('staff_search_document_scope_idx')
    .on('staff_search_document')
    .columns(['partnership_id', 'source_kind', 'dated_on', 'review_id', 'rapid_review_id'])
    .execute()
  // The status of related actions, and an action's agency, by the record it answers.
  await db.schema
    .createIndex('action_source_index')
    .on('action')
    .columns(['source_kind', 'source_id', 'status'])
    .execute()
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('action_source_index').execute()
  if (!isPostgres(db)) await sql`DROP TABLE staff_search_fts`.execute(db)
  await db.schema.dropTable('staff_search_document').execute()
}
