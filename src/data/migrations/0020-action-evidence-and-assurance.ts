// Evidence and assurance for agency actions (issue 10). Statuses grow from
// "signed off" to what partnerships track: completed (with evidence), assured
// (evidence of impact, what was checked, a date to check again), sent back and
// closed without completion. The old "signed off" was the business unit's
// assurance, so those actions become "assured"; their sign-off note stays in
// the progress update that recorded it.
//
// Evidence: files live in the `document` table (record_type 'action'), so the
// backup, size limits and withdrawal work as for every other upload; the
// `action_evidence` row says which update brought it and holds links.
// Due-date changes: asked for by the agency, agreed or refused by the business
// unit; the action keeps its original due date once it has been moved.
import type { Kysely } from 'kysely'
import { sql } from 'kysely'

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>

export async function up(db: AnyDb): Promise<void> {
  await db
    .updateTable('action')
    .set({ status: 'assured' })
    .where('status', '=', 'signed-off')
    .execute()
  await db
    .updateTable('action_update')
    .set({ status: 'assured' })
    .where('status', '=', 'signed-off')
    .execute()

  // One column per statement: SQLite adds columns one at a time.
  await db.schema.alterTable('action').addColumn('original_due_on', 'text').execute()
  await db.schema.alterTable('action').addColumn('recheck_on', 'text').execute()
  // When the action last changed status: the dashboard's trend counts
  // completions and assurances by month without reading every update.
  await db.schema.alterTable('action').addColumn('completed_at', 'text').execute()
  await db.schema.alterTable('action').addColumn('assured_at', 'text').execute()
  await sql`update action set assured_at = updated_at, completed_at = updated_at where status = 'assured'`.execute(
    db,
  )
  await sql`update action set completed_at = updated_at where status = 'completed'`.execute(db)

  // What an assurance or a sending back recorded, beside the update's note.
  await db.schema.alterTable('action_update').addColumn('impact', 'text').execute()
  await db.schema.alterTable('action_update').addColumn('checked', 'text').execute()
  await db.schema.alterTable('action_update').addColumn('recheck_on', 'text').execute()

  await db.schema
    .createTable('action_evidence')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('action_id', 'text', (c) => c.notNull().references('action.id'))
    .addColumn('update_id', 'text', (c) => c.references('action_update.id'))
    // 'file' (document_id set) or 'link' (url set).
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('document_id', 'text', (c) => c.references('document.id'))
    .addColumn('url', 'text')
    .addColumn('added_by_user_id', 'text', (c) => c.references('app_user.id'))
    .addColumn('added_by_name', 'text', (c) => c.notNull())
    .addColumn('added_at', 'text', (c) => c.notNull())
    .addColumn('withdrawn_at', 'text')
    .addColumn('withdrawn_by_name', 'text')
    .addColumn('withdrawn_reason', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute()
  await db.schema
    .createIndex('action_evidence_action_index')
    .on('action_evidence')
    .column('action_id')
    .execute()

  await db.schema
    .createTable('action_due_date_request')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('action_id', 'text', (c) => c.notNull().references('action.id'))
    .addColumn('current_due_on', 'text', (c) => c.notNull())
    .addColumn('requested_on', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('requested_by_user_id', 'text', (c) => c.references('app_user.id'))
    .addColumn('requested_by_name', 'text', (c) => c.notNull())
    .addColumn('requested_at', 'text', (c) => c.notNull())
    // 'pending', 'agreed' or 'refused'.
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('decided_by_name', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('decision_note', 'text')
    .execute()
  await db.schema
    .createIndex('action_due_date_request_action_index')
    .on('action_due_date_request')
    .column('action_id')
    .execute()

  // The overdue list and the dashboard read by status and due date, within a
  // review or an agency (bench/action-plans.bench.ts: 100,000 actions).
  await db.schema
    .createIndex('action_status_due_index')
    .on('action')
    .columns(['status', 'due_on'])
    .execute()
  await db.schema
    .createIndex('action_agency_status_due_index')
    .on('action')
    .columns(['agency_id', 'status', 'due_on'])
    .execute()
  await db.schema
    .createIndex('action_review_status_due_index')
    .on('action')
    .columns(['review_id', 'status', 'due_on'])
    .execute()
  await db.schema
    .createIndex('review_lead_partnership_index')
    .ifNotExists()
    .on('review')
    .column('lead_partnership_id')
    .execute()
}

export async function down(db: AnyDb): Promise<void> {
  for (const index of [
    'review_lead_partnership_index',
    'action_review_status_due_index',
    'action_agency_status_due_index',
    'action_status_due_index',
  ]) {
    await db.schema.dropIndex(index).ifExists().execute()
  }
  await db.schema.dropTable('action_due_date_request').ifExists().execute()
  await db.schema.dropTable('action_evidence').ifExists().execute()
  for (const column of ['recheck_on', 'checked', 'impact']) {
    await db.schema.alterTable('action_update').dropColumn(column).execute()
  }
  for (const column of ['assured_at', 'completed_at', 'recheck_on', 'original_due_on']) {
    await db.schema.alterTable('action').dropColumn(column).execute()
  }
  await db
    .updateTable('action')
    .set({ status: 'signed-off' })
    .where('status', '=', 'assured')
    .execute()
}
