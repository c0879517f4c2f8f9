// Every column that holds a value sealed by the service's SecretBox, in one
// place, so rotating the data encryption key cannot miss one. A new `*_sealed`
// column in schema.ts must be added here too.
import type { Db } from '../db.js'

export type SealedColumn = 'totp-secret' | 'pending-totp-secret' | 'single-sign-on-client-secret'

export interface SealedValue {
  readonly column: SealedColumn
  /** The row: a user id, or the single sign-on setting's id. */
  readonly rowId: string
  /** Whose it is, so an operator can act on one that no key opens; null for the deployment's. */
  readonly accountEmail: string | null
  readonly sealed: string
}

export async function listSealedValues(db: Db): Promise<SealedValue[]> {
  const accounts = await db
    .selectFrom('account_security')
    .innerJoin('app_user', 'app_user.id', 'account_security.user_id')
    .select([
      'account_security.user_id',
      'app_user.email',
      'account_security.totp_secret_sealed',
      'account_security.pending_totp_secret_sealed',
    ])
    .where((eb) =>
      eb.or([
        eb('account_security.totp_secret_sealed', 'is not', null),
        eb('account_security.pending_totp_secret_sealed', 'is not', null),
      ]),
    )
    .orderBy('app_user.email')
    .execute()
  const singleSignOn = await db
    .selectFrom('single_sign_on_setting')
    .select(['id', 'client_secret_sealed'])
    .orderBy('id')
    .execute()
  const values: SealedValue[] = []
  for (const row of accounts) {
    const account = { rowId: row.user_id, accountEmail: row.email }
    if (row.totp_secret_sealed !== null) {
      values.push({ column: 'totp-secret', ...account, sealed: row.totp_secret_sealed })
    }
    if (row.pending_totp_secret_sealed !== null) {
      values.push({
        column: 'pending-totp-secret',
        ...account,
        sealed: row.pending_totp_secret_sealed,
      })
    }
  }
  for (const row of singleSignOn) {
    values.push({
      column: 'single-sign-on-client-secret',
      rowId: row.id,
      accountEmail: null,
      sealed: row.client_secret_sealed,
    })
  }
  return values
}

/**
 * Replaces one sealed value with the same secret sealed again, only if it is
 * still the value read: false if someone changed it meanwhile. The row's
 * version and times stay: what it holds has not changed.
 */
export async function replaceSealedValue(
  db: Db,
  value: SealedValue,
  resealed: string,
): Promise<boolean> {
  switch (value.column) {
    case 'totp-secret': {
      const result = await db
        .updateTable('account_security')
        .set({ totp_secret_sealed: resealed })
        .where('user_id', '=', value.rowId)
        .where('totp_secret_sealed', '=', value.sealed)
        .executeTakeFirst()
      return result.numUpdatedRows > 0n
    }
    case 'pending-totp-secret': {
      const result = await db
        .updateTable('account_security')
        .set({ pending_totp_secret_sealed: resealed })
        .where('user_id', '=', value.rowId)
        .where('pending_totp_secret_sealed', '=', value.sealed)
        .executeTakeFirst()
      return result.numUpdatedRows > 0n
    }
    case 'single-sign-on-client-secret': {
      const result = await db
        .updateTable('single_sign_on_setting')
        .set({ client_secret_sealed: resealed })
        .where('id', '=', value.rowId)
        .where('client_secret_sealed', '=', value.sealed)
        .executeTakeFirst()
      return result.numUpdatedRows > 0n
    }
  }
}
