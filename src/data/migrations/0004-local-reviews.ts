// Reviews in progress (S10–S12, S18–S19): the `review` table already holds the
// published reviews shown on the public site; these columns let it hold reviews
// being worked on too (status 'commissioned', 'in-progress',
// 'final-report-received'), and the new tables hold their reviewers, stages,
// monitoring checkpoints (S11), delays (S12) and integrated chronology.
//
// The target completion date is not stored: it is decision_on + the edition's
// review period, computed on read (S12, S18).
// rapid_review_id has no foreign key on purpose: a review may come from a rapid
// review decision, but legacy SCRs (S19) and other learning reviews do not.
import type { ColumnDefinitionBuilder, Kysely } from 'kysely'

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>
type AnyColumn = ColumnDefinitionBuilder

export async function up(db: AnyDb): Promise<void> {
  // SQLite adds one column per statement, and a NOT NULL column needs a default.
  const reviewColumns: [string, (builder: AnyColumn) => AnyColumn][] = [
    ['methodology', (c) => c],
    ['methodology_other', (c) => c],
    ['decision_on', (c) => c],
    ['terms_of_reference', (c) => c.notNull().defaultTo('')],
    ['rapid_review_id', (c) => c],
    ['restricted', (c) => c.notNull().defaultTo(0)],
    ['started_on', (c) => c],
    ['final_report_received_on', (c) => c],
    ['created_by_user_id', (c) => c],
  ]
  for (const [name, build] of reviewColumns) {
    const type = name === 'restricted' ? 'integer' : 'text'
    await db.schema.alterTable('review').addColumn(name, type, build).execute()
  }
  // One review per rapid review decision; NULLs (reviews created directly) do not collide.
  await db.schema
    .createIndex('review_rapid_review_unique')
    .on('review')
    .column('rapid_review_id')
    .unique()
    .execute()
  await db.schema.createIndex('review_status_idx').on('review').columns(['status']).execute()

  await db.schema
    .createTable('review_reviewer')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('review_id', 'text', (c) => c.notNull().references('review.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('organisation', 'text')
    // The reviewer's account, when they use the service: what lets them edit (S10).
    .addColumn('user_id', 'text', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('review_reviewer_review_idx')
    .on('review_reviewer')
    .column('review_id')
    .execute()
  await db.schema
    .createIndex('review_reviewer_user_idx')
    .on('review_reviewer')
    .column('user_id')
    .execute()

  await db.schema
    .createTable('review_stage')
    .addColumn('review_id', 'text', (c) => c.notNull().references('review.id'))
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('not-started'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addPrimaryKeyConstraint('review_stage_pk', ['review_id', 'stage'])
    .execute()

  await db.schema
    .createTable('review_checkpoint')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('review_id', 'text', (c) => c.notNull().references('review.id'))
    .addColumn('held_on', 'text', (c) => c.notNull())
    .addColumn('observations', 'text')
    // The written request (S11), when the checkpoint made one.
    .addColumn('request_kind', 'text')
    .addColumn('request_detail', 'text')
    .addColumn('requested_on', 'text')
    .addColumn('request_due_on', 'text')
    .addColumn('responded_on', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute()
  await db.schema
    .createIndex('review_checkpoint_review_idx')
    .on('review_checkpoint')
    .column('review_id')
    .execute()

  await db.schema
    .createTable('review_delay')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('review_id', 'text', (c) => c.notNull().references('review.id'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('identified_on', 'text', (c) => c.notNull())
    .addColumn('panel_told_on', 'text')
    .addColumn('secretary_of_state_told_on', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute()
  await db.schema
    .createIndex('review_delay_review_idx')
    .on('review_delay')
    .column('review_id')
    .execute()

  await db.schema
    .createTable('chronology_entry')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('review_id', 'text', (c) => c.notNull().references('review.id'))
    .addColumn('agency', 'text', (c) => c.notNull())
    .addColumn('occurred_on', 'text', (c) => c.notNull())
    .addColumn('occurred_at', 'text')
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('source', 'text')
    // 'form' or 'csv'; for CSV, the line of the file, so an entry can be traced back.
    .addColumn('entered_by', 'text', (c) => c.notNull())
    .addColumn('source_line', 'integer')
    .addColumn('created_by_user_id', 'text', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('chronology_entry_review_idx')
    .on('chronology_entry')
    .columns(['review_id', 'occurred_on'])
    .execute()
}

export async function down(db: AnyDb): Promise<void> {
  for (const table of [
    'chronology_entry',
    'review_delay',
    'review_checkpoint',
    'review_stage',
    'review_reviewer',
  ]) {
    await db.schema.dropTable(table).ifExists().execute()
  }
  await db.schema.dropIndex('review_status_idx').ifExists().execute()
  await db.schema.dropIndex('review_rapid_review_unique').ifExists().execute()
  for (const column of [
    'created_by_user_id',
    'final_report_received_on',
    'started_on',
    'restricted',
    'rapid_review_id',
    'terms_of_reference',
    'decision_on',
    'methodology_other',
    'methodology',
  ]) {
    await db.schema.alterTable('review').dropColumn(column).execute()
  }
}
