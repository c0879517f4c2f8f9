// Rate-limit counters in the database (issue 12, "Several instances"). The
// limits on sign-in and the other routes where someone could guess a secret
// were counted in each process's memory, so two instances behind a proxy let
// twice the attempts through, and a restart forgot them. One row per client
// and route: the attempts in its current window, and when that window ends.
import type { Kysely } from 'kysely'

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('rate_limit_counter')
    // The route and the client, e.g. "POST/sign-in-198.51.100.7".
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('hits', 'integer', (c) => c.notNull())
    // ISO time the window ends; the next attempt after it starts a new window.
    .addColumn('window_ends_at', 'text', (c) => c.notNull())
    .execute()
  // Finding the ended windows to delete.
  await db.schema
    .createIndex('rate_limit_counter_window_index')
    .on('rate_limit_counter')
    .column('window_ends_at')
    .execute()
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('rate_limit_counter').execute()
}
