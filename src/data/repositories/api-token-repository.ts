import type { Db } from '../db.js'

export async function insertApiToken(
  db: Db,
  values: { id: string; userId: string; tokenHash: string; label: string; createdAt: string },
): Promise<void> {
  await db
    .insertInto('api_token')
    .values({
      id: values.id,
      user_id: values.userId,
      token_hash: values.tokenHash,
      label: values.label,
      created_at: values.createdAt,
    })
    .execute()
}

export async function findActiveTokenOwner(
  db: Db,
  tokenHash: string,
): Promise<{ tokenId: string; userId: string } | undefined> {
  return db
    .selectFrom('api_token')
    .innerJoin('app_user', 'app_user.id', 'api_token.user_id')
    .select(['api_token.id as tokenId', 'api_token.user_id as userId'])
    .where('api_token.token_hash', '=', tokenHash)
    .where('api_token.revoked_at', 'is', null)
    .where('app_user.is_active', '=', 1)
    .executeTakeFirst()
}

export async function markTokenUsed(db: Db, tokenId: string, at: string): Promise<void> {
  await db.updateTable('api_token').set({ last_used_at: at }).where('id', '=', tokenId).execute()
}

/** Revokes every live token of an account; returns how many. */
export async function revokeTokensOf(db: Db, userId: string, at: string): Promise<number> {
  const result = await db
    .updateTable('api_token')
    .set({ revoked_at: at })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows)
}
