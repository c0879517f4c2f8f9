// Agency action plans: an action answers one learning point or recommendation of
// a review and belongs to one agency, which may be in another partnership than
// the review (the Child Y review was led by Southwark; the actions are for
// Wandsworth's children's services). Progress updates are kept, never edited:
// they are the evidence the business unit's sign-off (assurance) rests on.
import type { Kysely } from 'kysely'

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('action')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('review_id', 'text', (c) => c.notNull().references('review.id'))
    // 'learning-point' or 'recommendation': the row of that table the action answers.
    .addColumn('source_kind', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('agency_id', 'text', (c) => c.notNull().references('agency.id'))
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('due_on', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_by_user_id', 'text', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute()
  // An agency lead's list is "my agency's actions", whatever the review.
  await db.schema.createIndex('action_agency_index').on('action').column('agency_id').execute()
  await db.schema.createIndex('action_review_index').on('action').column('review_id').execute()

  await db.schema
    .createTable('action_update')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('action_id', 'text', (c) => c.notNull().references('action.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('written_by_user_id', 'text', (c) => c.references('app_user.id'))
    .addColumn('written_by_name', 'text', (c) => c.notNull())
    .addColumn('written_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('action_update_action_index')
    .on('action_update')
    .column('action_id')
    .execute()
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('action_update').ifExists().execute()
  await db.schema.dropTable('action').ifExists().execute()
}
