// An uploaded document can be withdrawn (issue 8): marked "entered in error"
// with a reason, never deleted. It is then off every list and no longer served,
// but the row and the audit trail keep that it was there. A version column
// guards the withdrawal like any other change to a record.
import type { Kysely } from 'kysely'

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>

export async function up(db: AnyDb): Promise<void> {
  // One column per statement: SQLite adds columns one at a time.
  await db.schema
    .alterTable('document')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute()
  await db.schema.alterTable('document').addColumn('withdrawn_at', 'text').execute()
  await db.schema
    .alterTable('document')
    .addColumn('withdrawn_by', 'text', (c) => c.references('app_user.id'))
    .execute()
  await db.schema.alterTable('document').addColumn('withdrawn_reason', 'text').execute()
}

export async function down(db: AnyDb): Promise<void> {
  for (const column of ['withdrawn_reason', 'withdrawn_by', 'withdrawn_at', 'version']) {
    await db.schema.alterTable('document').dropColumn(column).execute()
  }
}
