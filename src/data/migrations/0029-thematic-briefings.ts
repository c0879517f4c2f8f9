// Thematic briefings (issue 11): a briefing drawn from the learning of several
// reviews on one or more themes over a period, in the shape of the NSPCC's
// "learning from case reviews" briefings. It is a kind of briefing, not a new
// thing: it is edited, published, withdrawn and used by teams exactly as a
// seven-minute briefing is, so it lives in the same table with a `kind`, and
// its use records are the same `briefing_use` rows.
//
// A thematic briefing belongs to a partnership rather than to one review, so
// `review_id` may now be empty. SQLite cannot drop a NOT NULL, so there the
// table is rebuilt (SQLite's documented 12-step way, foreign keys off while
// the table is swapped; SQLite migrations do not run in a transaction).
//
// The reviews a thematic briefing cites are `briefing_source` rows, each with
// the short label (the child's pseudonym) its items cite it by: "[Child A]".
// Its themes are theme tags (record type 'briefing', 0026-themes).
import { type Kysely, sql } from 'kysely'
import { isPostgres } from './dialect.js'

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>

const SEVEN_MINUTE_COLUMNS = [
  'id',
  'review_id',
  'background',
  'why_it_matters',
  'what_happened',
  'what_we_learned',
  'what_to_do',
  'questions',
  'further_information',
  'status',
  'published_at',
  'published_by_name',
  'withdrawn_at',
  'withdrawn_reason',
  'withdrawn_by_name',
  'created_by_user_id',
  'created_at',
  'updated_at',
  'updated_by_name',
  'version',
].join(', ')

export async function up(db: AnyDb): Promise<void> {
  if (isPostgres(db)) {
    await sql`ALTER TABLE briefing ALTER COLUMN review_id DROP NOT NULL`.execute(db)
  } else {
    await sql`PRAGMA foreign_keys = OFF`.execute(db)
    await sql`
      CREATE TABLE briefing_rebuilt (
        id text PRIMARY KEY,
        review_id text UNIQUE REFERENCES review(id),
        background text NOT NULL,
        why_it_matters text NOT NULL,
        what_happened text NOT NULL,
        what_we_learned text NOT NULL,
        what_to_do text NOT NULL,
        questions text NOT NULL,
        further_information text NOT NULL,
        status text NOT NULL,
        published_at text,
        published_by_name text,
        withdrawn_at text,
        withdrawn_reason text,
        withdrawn_by_name text,
        created_by_user_id text REFERENCES app_user(id),
        created_at text NOT NULL,
        updated_at text NOT NULL,
        updated_by_name text NOT NULL,
        version integer NOT NULL DEFAULT 1
      )`.execute(db)
    await sql
      .raw(
        `INSERT INTO briefing_rebuilt (${SEVEN_MINUTE_COLUMNS}) SELECT ${SEVEN_MINUTE_COLUMNS} FROM briefing`,
      )
      .execute(db)
    await sql`DROP TABLE briefing`.execute(db)
    await sql`ALTER TABLE briefing_rebuilt RENAME TO briefing`.execute(db)
    const broken = await sql`PRAGMA foreign_key_check`.execute(db)
    await sql`PRAGMA foreign_keys = ON`.execute(db)
    if (broken.rows.length > 0) throw new Error('Rebuilding the briefing table broke a reference')
  }

  await db.schema
    .alterTable('briefing')
    // 'seven-minute' (one review's) or 'thematic' (several reviews' learning on themes).
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('seven-minute'))
    .execute()
  // A thematic briefing's own partnership, title and public address (/briefings/:slug).
  await db.schema
    .alterTable('briefing')
    .addColumn('partnership_id', 'text', (c) => c.references('partnership.id'))
    .execute()
  await db.schema.alterTable('briefing').addColumn('title', 'text').execute()
  await db.schema.alterTable('briefing').addColumn('slug', 'text').execute()
  await db.schema
    .createIndex('briefing_slug_unique')
    .on('briefing')
    .column('slug')
    .unique()
    .execute()
  // The period the learning was drawn from (calendar dates).
  await db.schema.alterTable('briefing').addColumn('period_from', 'text').execute()
  await db.schema.alterTable('briefing').addColumn('period_to', 'text').execute()
  // The thematic sections; "questions for reflection" is the seven-minute column.
  for (const column of ['why_held', 'risk_factors', 'learning_for_practice']) {
    await db.schema
      .alterTable('briefing')
      .addColumn(column, 'text', (c) => c.notNull().defaultTo(''))
      .execute()
  }

  await db.schema
    .createTable('briefing_source')
    .addColumn('briefing_id', 'text', (c) => c.notNull().references('briefing.id'))
    .addColumn('review_id', 'text', (c) => c.notNull().references('review.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    // How the briefing's items cite the review: "[Child A]".
    .addColumn('label', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('briefing_source_pk', ['briefing_id', 'review_id'])
    .execute()
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('briefing_source').ifExists().execute()
  await db.schema.dropIndex('briefing_slug_unique').ifExists().execute()
  for (const column of [
    'learning_for_practice',
    'risk_factors',
    'why_held',
    'period_to',
    'period_from',
    'slug',
    'title',
    'partnership_id',
    'kind',
  ]) {
    await db.schema.alterTable('briefing').dropColumn(column).execute()
  }
}
