// Rapid reviews that can be put right before they are sent (issue 8):
// - each step of a rapid review has its own version, so a change clashes only
//   with a change to the same step (two people on different steps both save);
// - a signature that ends before sending (withdrawn by its delegate, or voided
//   because what the partners signed changed) is kept, not lost, with why and
//   when; an open notice (notice_resolved_at null) is what the partner still
//   has to act on, for the rapid review page now and a "your tasks" list later;
// - each partnership's own rapid review timetable (S8's typical local flow),
//   counted in working days from awareness (S21).
import type { Kysely } from 'kysely'

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('rapid_review_step_version')
    .addColumn('rapid_review_id', 'text', (c) => c.notNull().references('rapid_review.id'))
    // A step's form ('meeting', 'criteria', …) or 'signed-content' (what a signature covers).
    .addColumn('step', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addPrimaryKeyConstraint('rapid_review_step_version_pk', ['rapid_review_id', 'step'])
    .execute()

  await db.schema
    .createTable('rapid_review_ended_signature')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('rapid_review_id', 'text', (c) => c.notNull().references('rapid_review.id'))
    .addColumn('partner', 'text', (c) => c.notNull())
    .addColumn('signed_by_user_id', 'text', (c) => c.references('app_user.id'))
    .addColumn('signed_by_name', 'text', (c) => c.notNull())
    .addColumn('signed_on', 'text', (c) => c.notNull())
    // 'withdrawn' (by the delegate) or 'voided' (what they signed changed).
    .addColumn('ended_how', 'text', (c) => c.notNull())
    // For a voided signature: what changed, in words ("the decision").
    .addColumn('changed', 'text')
    .addColumn('ended_on', 'text', (c) => c.notNull())
    .addColumn('ended_at', 'text', (c) => c.notNull())
    .addColumn('ended_by_user_id', 'text', (c) => c.references('app_user.id'))
    // Set when the partner signs again (or the rapid review is sent): no longer a task.
    .addColumn('notice_resolved_at', 'text')
    .execute()
  await db.schema
    .createIndex('rapid_review_ended_signature_review_index')
    .on('rapid_review_ended_signature')
    .column('rapid_review_id')
    .execute()
  await db.schema
    .createIndex('rapid_review_ended_signature_user_index')
    .on('rapid_review_ended_signature')
    .column('signed_by_user_id')
    .execute()

  await db.schema
    .createTable('rapid_review_timetable')
    .addColumn('partnership_id', 'text', (c) => c.primaryKey().references('partnership.id'))
    .addColumn('letters_working_day', 'integer', (c) => c.notNull())
    .addColumn('summaries_working_day', 'integer', (c) => c.notNull())
    .addColumn('meeting_from_working_day', 'integer', (c) => c.notNull())
    .addColumn('meeting_to_working_day', 'integer', (c) => c.notNull())
    .addColumn('sign_off_working_day', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute()
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('rapid_review_timetable').ifExists().execute()
  await db.schema.dropTable('rapid_review_ended_signature').ifExists().execute()
  await db.schema.dropTable('rapid_review_step_version').ifExists().execute()
}
