import type { Db } from '../db.js'

// Sessions are keyed by a hash of the session id, so a copy of the database
// (a backup, a leaked dump) cannot be used to take over a signed-in session.

export async function findSession(
  db: Db,
  sessionHash: string,
  now: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('user_session')
    .select('data')
    .where('session_hash', '=', sessionHash)
    .where('expires_at', '>', now)
    .executeTakeFirst()
  return row?.data
}

export async function saveSession(
  db: Db,
  values: {
    sessionHash: string
    userId: string | null
    data: string
    expiresAt: string
    now: string
  },
): Promise<void> {
  await db
    .insertInto('user_session')
    .values({
      session_hash: values.sessionHash,
      user_id: values.userId,
      data: values.data,
      expires_at: values.expiresAt,
      created_at: values.now,
      updated_at: values.now,
    })
    .onConflict((oc) =>
      oc.column('session_hash').doUpdateSet({
        user_id: values.userId,
        data: values.data,
        expires_at: values.expiresAt,
        updated_at: values.now,
      }),
    )
    .execute()
}

export async function deleteSession(db: Db, sessionHash: string): Promise<void> {
  await db.deleteFrom('user_session').where('session_hash', '=', sessionHash).execute()
}

export async function deleteExpiredSessions(db: Db, now: string): Promise<number> {
  const result = await db
    .deleteFrom('user_session')
    .where('expires_at', '<=', now)
    .executeTakeFirst()
  return Number(result.numDeletedRows)
}

/** Ends a person's sessions, all of them or all but one (the one they are using). */
export async function deleteSessionsOfUser(
  db: Db,
  userId: string,
  exceptSessionHash?: string,
): Promise<number> {
  let query = db.deleteFrom('user_session').where('user_id', '=', userId)
  if (exceptSessionHash !== undefined) query = query.where('session_hash', '!=', exceptSessionHash)
  const result = await query.executeTakeFirst()
  return Number(result.numDeletedRows)
}
