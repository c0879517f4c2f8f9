// Calendar feed links: one per user, stored as the SHA-256 hash of the secret
// in the link (the link itself is never stored).
import { StaleVersionError } from '../../domain/errors.js'
import type { Db } from '../db.js'

export interface CalendarFeedRecord {
  userId: string
  createdAt: string
  resetAt: string | null
  lastUsedAt: string | null
  version: number
}

export async function findCalendarFeed(
  db: Db,
  userId: string,
): Promise<CalendarFeedRecord | undefined> {
  const row = await db
    .selectFrom('calendar_feed')
    .select(['user_id', 'created_at', 'reset_at', 'last_used_at', 'version'])
    .where('user_id', '=', userId)
    .executeTakeFirst()
  if (!row) return undefined
  return {
    userId: row.user_id,
    createdAt: row.created_at,
    resetAt: row.reset_at,
    lastUsedAt: row.last_used_at,
    version: Number(row.version),
  }
}

/** The owner of the link with this hash, if the link is current and the account active. */
export async function findCalendarFeedOwner(
  db: Db,
  tokenHash: string,
): Promise<{ userId: string } | undefined> {
  return db
    .selectFrom('calendar_feed')
    .innerJoin('app_user', 'app_user.id', 'calendar_feed.user_id')
    .select('calendar_feed.user_id as userId')
    .where('calendar_feed.token_hash', '=', tokenHash)
    .where('app_user.is_active', '=', 1)
    .executeTakeFirst()
}

/** Adds a user's link; false when they already have one (two tabs clicking at once). */
export async function insertCalendarFeed(
  db: Db,
  values: { userId: string; tokenHash: string; createdAt: string },
): Promise<boolean> {
  const result = await db
    .insertInto('calendar_feed')
    .values({
      user_id: values.userId,
      token_hash: values.tokenHash,
      created_at: values.createdAt,
    })
    .onConflict((conflict) => conflict.column('user_id').doNothing())
    .executeTakeFirst()
  return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1
}

/** Replaces the link's secret: the old link stops working with this update. */
export async function replaceCalendarFeedToken(
  db: Db,
  userId: string,
  expectedVersion: number,
  values: { tokenHash: string; resetAt: string },
): Promise<void> {
  const result = await db
    .updateTable('calendar_feed')
    .set({
      token_hash: values.tokenHash,
      reset_at: values.resetAt,
      last_used_at: null,
      version: expectedVersion + 1,
    })
    .where('user_id', '=', userId)
    .where('version', '=', expectedVersion)
    .executeTakeFirst()
  if (result.numUpdatedRows === 0n) throw new StaleVersionError('calendar feed', userId)
}

export async function markCalendarFeedUsed(db: Db, userId: string, at: string): Promise<void> {
  await db
    .updateTable('calendar_feed')
    .set({ last_used_at: at })
    .where('user_id', '=', userId)
    .execute()
}
