// Two-factor authentication, lockout and the deployment's two-factor setting
// (0008-account-security). Secrets arrive here already sealed and recovery
// codes already hashed: this layer never sees either in clear.
import { StaleVersionError } from '../../domain/errors.js'
import type { Db } from '../db.js'

export interface AccountSecurityRecord {
  userId: string
  totpSecretSealed: string | null
  totpEnrolledAt: string | null
  totpLastUsedStep: number | null
  pendingTotpSecretSealed: string | null
  pendingTotpCreatedAt: string | null
  mustEnrol: boolean
  failedAttempts: number
  lastFailedAt: string | null
  lockedUntil: string | null
}

export async function findAccountSecurity(
  db: Db,
  userId: string,
): Promise<AccountSecurityRecord | undefined> {
  const row = await db
    .selectFrom('account_security')
    .selectAll()
    .where('user_id', '=', userId)
    .executeTakeFirst()
  return (
    row && {
      userId: row.user_id,
      totpSecretSealed: row.totp_secret_sealed,
      totpEnrolledAt: row.totp_enrolled_at,
      totpLastUsedStep: row.totp_last_used_step === null ? null : Number(row.totp_last_used_step),
      pendingTotpSecretSealed: row.pending_totp_secret_sealed,
      pendingTotpCreatedAt: row.pending_totp_created_at,
      mustEnrol: row.must_enrol === 1,
      failedAttempts: Number(row.failed_attempts),
      lastFailedAt: row.last_failed_at,
      lockedUntil: row.locked_until,
    }
  )
}

/** Keeps a secret being set up (sealed) until the person confirms it with a code. */
export async function savePendingTotpSecret(
  db: Db,
  userId: string,
  sealed: string,
  now: string,
): Promise<void> {
  await db
    .insertInto('account_security')
    .values({
      user_id: userId,
      pending_totp_secret_sealed: sealed,
      pending_totp_created_at: now,
      updated_at: now,
    })
    .onConflict((oc) =>
      oc.column('user_id').doUpdateSet({
        pending_totp_secret_sealed: sealed,
        pending_totp_created_at: now,
        updated_at: now,
      }),
    )
    .execute()
}

/**
 * Turns the confirmed pending secret into the account's secret. Only if the
 * pending secret is still the one confirmed (not replaced by another tab):
 * returns false otherwise.
 */
export async function completeTotpEnrolment(
  db: Db,
  values: {
    userId: string
    pendingSealed: string
    secretSealed: string
    step: number
    now: string
  },
): Promise<boolean> {
  const result = await db
    .updateTable('account_security')
    .set({
      totp_secret_sealed: values.secretSealed,
      totp_enrolled_at: values.now,
      totp_last_used_step: values.step,
      pending_totp_secret_sealed: null,
      pending_totp_created_at: null,
      must_enrol: 0,
      updated_at: values.now,
    })
    .where('user_id', '=', values.userId)
    .where('pending_totp_secret_sealed', '=', values.pendingSealed)
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}

/**
 * Records that a code's time-step was used. Refused (false) if that step or a
 * later one was used already: two requests with the same code cannot both win.
 */
export async function claimTotpStep(
  db: Db,
  userId: string,
  step: number,
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable('account_security')
    .set({ totp_last_used_step: step, updated_at: now })
    .where('user_id', '=', userId)
    .where('totp_secret_sealed', 'is not', null)
    .where((eb) =>
      eb.or([eb('totp_last_used_step', 'is', null), eb('totp_last_used_step', '<', step)]),
    )
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}

export async function replaceRecoveryCodes(
  db: Db,
  userId: string,
  codes: readonly { id: string; hash: string }[],
  now: string,
): Promise<void> {
  await db.deleteFrom('recovery_code').where('user_id', '=', userId).execute()
  if (codes.length === 0) return
  await db
    .insertInto('recovery_code')
    .values(
      codes.map((code) => ({
        id: code.id,
        user_id: userId,
        code_hash: code.hash,
        created_at: now,
      })),
    )
    .execute()
}

/** Uses a recovery code once: false if it is not this account's, or was used already. */
export async function useRecoveryCode(
  db: Db,
  userId: string,
  hash: string,
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable('recovery_code')
    .set({ used_at: now })
    .where('user_id', '=', userId)
    .where('code_hash', '=', hash)
    .where('used_at', 'is', null)
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}

export async function countUnusedRecoveryCodes(db: Db, userId: string): Promise<number> {
  const row = await db
    .selectFrom('recovery_code')
    .select((eb) => eb.fn.countAll<string | number>().as('count'))
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow()
  return Number(row.count)
}

/** Adds one to the account's run of failures, in one statement, and returns the new count. */
export async function recordFailedAttempt(db: Db, userId: string, now: string): Promise<number> {
  const row = await db
    .insertInto('account_security')
    .values({ user_id: userId, failed_attempts: 1, last_failed_at: now, updated_at: now })
    .onConflict((oc) =>
      oc.column('user_id').doUpdateSet((eb) => ({
        failed_attempts: eb(eb.ref('account_security.failed_attempts'), '+', 1),
        last_failed_at: now,
        updated_at: now,
      })),
    )
    .returning('failed_attempts')
    .executeTakeFirstOrThrow()
  return Number(row.failed_attempts)
}

export async function setLockedUntil(
  db: Db,
  userId: string,
  until: string,
  now: string,
): Promise<void> {
  await db
    .updateTable('account_security')
    .set({ locked_until: until, updated_at: now })
    .where('user_id', '=', userId)
    .execute()
}

/** After a successful sign-in: the run of failures is over. */
export async function clearFailedAttempts(db: Db, userId: string, now: string): Promise<void> {
  await db
    .updateTable('account_security')
    .set({ failed_attempts: 0, locked_until: null, last_failed_at: null, updated_at: now })
    .where('user_id', '=', userId)
    .where((eb) => eb.or([eb('failed_attempts', '>', 0), eb('locked_until', 'is not', null)]))
    .execute()
}

/** An administrator's reset: no secret, no codes, and enrolment again at next sign-in. */
export async function resetTwoFactor(db: Db, userId: string, now: string): Promise<void> {
  const cleared = {
    totp_secret_sealed: null,
    totp_enrolled_at: null,
    totp_last_used_step: null,
    pending_totp_secret_sealed: null,
    pending_totp_created_at: null,
    must_enrol: 1,
    updated_at: now,
  }
  await db
    .insertInto('account_security')
    .values({ user_id: userId, ...cleared })
    .onConflict((oc) => oc.column('user_id').doUpdateSet(cleared))
    .execute()
  await db.deleteFrom('recovery_code').where('user_id', '=', userId).execute()
}

export interface PartnershipAccountRow {
  userId: string
  email: string
  displayName: string
  isActive: boolean
  partnershipId: string
  role: string
  /** The agency the membership is tied to (an agency lead's, a partner delegate's). */
  agencyName: string | null
  twoFactorEnrolled: boolean
  mustEnrol: boolean
}

/** The accounts with a role in these partnerships, one row per membership. */
export async function listPartnershipAccounts(
  db: Db,
  partnershipIds: readonly string[],
): Promise<PartnershipAccountRow[]> {
  if (partnershipIds.length === 0) return []
  const rows = await db
    .selectFrom('membership')
    .innerJoin('app_user', 'app_user.id', 'membership.user_id')
    .leftJoin('account_security', 'account_security.user_id', 'app_user.id')
    .leftJoin('agency', 'agency.id', 'membership.agency_id')
    .select([
      'app_user.id',
      'app_user.email',
      'app_user.display_name',
      'app_user.is_active',
      'membership.partnership_id',
      'membership.role',
      'agency.name as agency_name',
      'account_security.totp_secret_sealed',
      'account_security.must_enrol',
    ])
    .where('membership.partnership_id', 'in', [...partnershipIds])
    .orderBy('app_user.display_name')
    .orderBy('app_user.email')
    .orderBy('membership.role')
    .execute()
  return rows.map((row) => ({
    userId: row.id,
    email: row.email,
    displayName: row.display_name,
    isActive: row.is_active === 1,
    partnershipId: row.partnership_id,
    role: row.role,
    agencyName: row.agency_name,
    twoFactorEnrolled: row.totp_secret_sealed !== null,
    mustEnrol: row.must_enrol === 1,
  }))
}

const SETTING_ID = 'deployment'

export interface AccountSecuritySettingRecord {
  requireTwoFactorForEveryone: boolean
  version: number
}

export async function findAccountSecuritySetting(
  db: Db,
): Promise<AccountSecuritySettingRecord | undefined> {
  const row = await db
    .selectFrom('account_security_setting')
    .select(['require_two_factor_for_everyone', 'version'])
    .where('id', '=', SETTING_ID)
    .executeTakeFirst()
  return (
    row && {
      requireTwoFactorForEveryone: row.require_two_factor_for_everyone === 1,
      version: Number(row.version),
    }
  )
}

/** Saves the setting; `expectedVersion` 0 means none was saved when the form was opened. */
export async function saveAccountSecuritySetting(
  db: Db,
  expectedVersion: number,
  values: { requireTwoFactorForEveryone: boolean; now: string },
): Promise<number> {
  const require = values.requireTwoFactorForEveryone ? 1 : 0
  if (expectedVersion === 0) {
    const result = await db
      .insertInto('account_security_setting')
      .values({
        id: SETTING_ID,
        require_two_factor_for_everyone: require,
        created_at: values.now,
        updated_at: values.now,
        version: 1,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst()
    if ((result.numInsertedOrUpdatedRows ?? 0n) === 0n) {
      throw new StaleVersionError('two-factor setting', SETTING_ID)
    }
    return 1
  }
  const result = await db
    .updateTable('account_security_setting')
    .set({
      require_two_factor_for_everyone: require,
      updated_at: values.now,
      version: expectedVersion + 1,
    })
    .where('id', '=', SETTING_ID)
    .where('version', '=', expectedVersion)
    .executeTakeFirst()
  if (result.numUpdatedRows === 0n) throw new StaleVersionError('two-factor setting', SETTING_ID)
  return expectedVersion + 1
}
