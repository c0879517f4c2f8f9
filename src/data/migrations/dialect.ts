import { type Kysely, PostgresAdapter } from 'kysely'

/** Migrations are shared; the few statements that differ (triggers) ask this. */
export function isPostgres(db: Kysely<unknown>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter
}
