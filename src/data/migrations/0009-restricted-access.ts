// Restricted records (issue 4): an incident (with its rapid review) or a review
// can be restricted by the business unit to an access list of named people.
//
// `incident.restricted` (0003) means something else: that a child's identity
// fields may be held. `review.restricted` (0004) keeps a review to its lead
// partnership and named reviewers. So the access-list restriction gets its own
// flag on both tables, and one list table for both kinds of record.
import type { Kysely } from 'kysely'

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>

export async function up(db: AnyDb): Promise<void> {
  for (const table of ['incident', 'review']) {
    await db.schema
      .alterTable(table)
      .addColumn('access_restricted', 'integer', (c) => c.notNull().defaultTo(0))
      .execute()
  }

  await db.schema
    .createTable('record_access_entry')
    // 'incident' (its rapid review shares its list) or 'review'.
    .addColumn('record_type', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('partnership_id', 'text', (c) => c.notNull().references('partnership.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('app_user.id'))
    .addColumn('added_by_user_id', 'text', (c) => c.references('app_user.id'))
    .addColumn('added_at', 'text', (c) => c.notNull())
    // A person is on a record's list once: the database refuses a second row.
    .addPrimaryKeyConstraint('record_access_entry_pk', ['record_type', 'record_id', 'user_id'])
    .execute()
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('record_access_entry').ifExists().execute()
  for (const table of ['incident', 'review']) {
    await db.schema.alterTable(table).dropColumn('access_restricted').execute()
  }
}
