import { StaleVersionError } from '../../domain/errors.js'
import type { Db } from '../db.js'

/** The single row's id: one identity provider for the whole deployment. */
const SETTINGS_ID = 'deployment'

export interface SingleSignOnSettingRecord {
  displayName: string
  issuerUrl: string
  clientId: string
  /** Sealed by the service's SecretBox; this layer never sees the plaintext. */
  clientSecretSealed: string
  enabled: boolean
  updatedAt: string
  version: number
}

export async function findSingleSignOnSetting(
  db: Db,
): Promise<SingleSignOnSettingRecord | undefined> {
  const row = await db
    .selectFrom('single_sign_on_setting')
    .select([
      'display_name',
      'issuer_url',
      'client_id',
      'client_secret_sealed',
      'enabled',
      'updated_at',
      'version',
    ])
    .where('id', '=', SETTINGS_ID)
    .executeTakeFirst()
  return (
    row && {
      displayName: row.display_name,
      issuerUrl: row.issuer_url,
      clientId: row.client_id,
      clientSecretSealed: row.client_secret_sealed,
      enabled: row.enabled === 1,
      updatedAt: row.updated_at,
      version: Number(row.version),
    }
  )
}

export interface SingleSignOnSettingValues {
  displayName: string
  issuerUrl: string
  clientId: string
  clientSecretSealed: string
  enabled: boolean
  now: string
}

/**
 * Saves the settings. `expectedVersion` is 0 when the form was opened before any
 * settings existed; a stale form (someone saved since) is refused either way.
 */
export async function saveSingleSignOnSetting(
  db: Db,
  expectedVersion: number,
  values: SingleSignOnSettingValues,
): Promise<number> {
  const columns = {
    display_name: values.displayName,
    issuer_url: values.issuerUrl,
    client_id: values.clientId,
    client_secret_sealed: values.clientSecretSealed,
    enabled: values.enabled ? 1 : 0,
    updated_at: values.now,
  }
  if (expectedVersion === 0) {
    const result = await db
      .insertInto('single_sign_on_setting')
      .values({ id: SETTINGS_ID, ...columns, created_at: values.now, version: 1 })
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst()
    if ((result.numInsertedOrUpdatedRows ?? 0n) === 0n) {
      throw new StaleVersionError('single sign-on setting', SETTINGS_ID)
    }
    return 1
  }
  const result = await db
    .updateTable('single_sign_on_setting')
    .set({ ...columns, version: expectedVersion + 1 })
    .where('id', '=', SETTINGS_ID)
    .where('version', '=', expectedVersion)
    .executeTakeFirst()
  if (result.numUpdatedRows === 0n) {
    throw new StaleVersionError('single sign-on setting', SETTINGS_ID)
  }
  return expectedVersion + 1
}
