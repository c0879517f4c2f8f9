import type { Kysely } from 'kysely'

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>

/**
 * One calendar feed link per user: the secret in the link is the only
 * credential a calendar client has, so only its SHA-256 hash is kept (a copy of
 * the database does not give anyone the links). Resetting replaces the hash, so
 * the old link stops working at once.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('calendar_feed')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('app_user.id'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('reset_at', 'text')
    .addColumn('last_used_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute()
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('calendar_feed').ifExists().execute()
}
