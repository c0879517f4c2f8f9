// Seven-minute briefings (issue 9): one briefing per review, in seven sections,
// written by the review team from a draft the product fills from the review,
// published by the lead partnership's business unit at a public address and
// withdrawn with a reason (the public page then answers 410 Gone). Briefings
// are never deleted. Teams record that they used a briefing, replacing the
// paper form; a mistaken record is marked entered in error, not deleted.
import type { Kysely } from 'kysely'

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('briefing')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // One briefing per review: its public address is the review's.
    .addColumn('review_id', 'text', (c) => c.notNull().unique().references('review.id'))
    .addColumn('background', 'text', (c) => c.notNull())
    .addColumn('why_it_matters', 'text', (c) => c.notNull())
    .addColumn('what_happened', 'text', (c) => c.notNull())
    .addColumn('what_we_learned', 'text', (c) => c.notNull())
    .addColumn('what_to_do', 'text', (c) => c.notNull())
    .addColumn('questions', 'text', (c) => c.notNull())
    .addColumn('further_information', 'text', (c) => c.notNull())
    // 'draft', 'published' or 'withdrawn'.
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text')
    .addColumn('published_by_name', 'text')
    .addColumn('withdrawn_at', 'text')
    .addColumn('withdrawn_reason', 'text')
    .addColumn('withdrawn_by_name', 'text')
    .addColumn('created_by_user_id', 'text', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by_name', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute()

  await db.schema
    .createTable('briefing_use')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('briefing_id', 'text', (c) => c.notNull().references('briefing.id'))
    .addColumn('team', 'text', (c) => c.notNull())
    .addColumn('agency_id', 'text', (c) => c.notNull().references('agency.id'))
    .addColumn('used_on', 'text', (c) => c.notNull())
    .addColumn('staff_count', 'integer', (c) => c.notNull())
    .addColumn('agreed_actions', 'text', (c) => c.notNull())
    .addColumn('recorded_by_user_id', 'text', (c) => c.references('app_user.id'))
    .addColumn('recorded_by_name', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('entered_in_error_at', 'text')
    .addColumn('entered_in_error_reason', 'text')
    .execute()
  await db.schema
    .createIndex('briefing_use_briefing_index')
    .on('briefing_use')
    .column('briefing_id')
    .execute()
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('briefing_use').ifExists().execute()
  await db.schema.dropTable('briefing').ifExists().execute()
}
