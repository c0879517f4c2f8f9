// Rate-limit counters (0031-shared-rate-limits), shared by every instance on
// the database. Counting an attempt is one statement, an upsert, so two
// instances counting the same client at the same moment both count: neither
// reads a number and writes it back over the other's.
import { sql } from 'kysely'
import type { Db } from '../../db.js'

export interface RateLimitCount {
  /** Attempts in the current window, this one included. */
  readonly hits: number
  /** ISO time the window ends. */
  readonly windowEndsAt: string
}

/**
 * Adds one attempt under `key`: the first of a new window if the last one has
 * ended (or there was none), otherwise one more in the window that is running.
 */
export async function countAttempt(
  db: Db,
  key: string,
  at: { now: string; windowEndsAt: string },
): Promise<RateLimitCount> {
  const row = await db
    .insertInto('rate_limit_counter')
    .values({ key, hits: 1, window_ends_at: at.windowEndsAt })
    .onConflict((conflict) =>
      conflict.column('key').doUpdateSet({
        hits: sql<number>`case when rate_limit_counter.window_ends_at <= ${at.now} then 1 else rate_limit_counter.hits + 1 end`,
        window_ends_at: sql<string>`case when rate_limit_counter.window_ends_at <= ${at.now} then excluded.window_ends_at else rate_limit_counter.window_ends_at end`,
      }),
    )
    .returning(['hits', 'window_ends_at'])
    .executeTakeFirstOrThrow()
  return { hits: Number(row.hits), windowEndsAt: row.window_ends_at }
}

/** The attempts counted under `key` in a window still running, without counting one. */
export async function readAttempts(
  db: Db,
  key: string,
  now: string,
): Promise<RateLimitCount | undefined> {
  const row = await db
    .selectFrom('rate_limit_counter')
    .select(['hits', 'window_ends_at'])
    .where('key', '=', key)
    .where('window_ends_at', '>', now)
    .executeTakeFirst()
  return row === undefined
    ? undefined
    : { hits: Number(row.hits), windowEndsAt: row.window_ends_at }
}

/** Deletes the counters whose window has ended; returns how many. */
export async function deleteEndedWindows(db: Db, now: string): Promise<number> {
  const result = await db
    .deleteFrom('rate_limit_counter')
    .where('window_ends_at', '<=', now)
    .executeTakeFirst()
  return Number(result.numDeletedRows)
}
