// The partnership's list of agencies, kept by its administrators (issue 8):
// agencies are renamed and retired, never deleted, because chronologies,
// information requests and actions point at them. A retired agency stays on
// the records that name it and is no longer offered for new ones.
import type { Kysely } from 'kysely'

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .alterTable('agency')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute()
  await db.schema.alterTable('agency').addColumn('retired_on', 'text').execute()
  await db.schema.alterTable('agency').addColumn('retired_reason', 'text').execute()
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('agency').dropColumn('retired_reason').execute()
  await db.schema.alterTable('agency').dropColumn('retired_on').execute()
  await db.schema.alterTable('agency').dropColumn('version').execute()
}
