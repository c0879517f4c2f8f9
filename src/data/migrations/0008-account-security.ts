import type { Kysely } from 'kysely'

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>

/**
 * Account security (issue 4): two-factor authentication, lockout after repeated
 * failures, and the deployment's two-factor setting.
 *
 * - account_security: one row per account that has any of this state. The TOTP
 *   secret (and one being set up) is sealed with AES-256-GCM, never in clear;
 *   the last time-step used stops a code being accepted twice.
 * - recovery_code: SHA-256 hashes of the ten one-time codes, never the codes.
 * - account_security_setting: one row ('deployment'), versioned like every
 *   setting an administrator edits.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('account_security')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('app_user.id'))
    .addColumn('totp_secret_sealed', 'text')
    .addColumn('totp_enrolled_at', 'text')
    .addColumn('totp_last_used_step', 'integer')
    .addColumn('pending_totp_secret_sealed', 'text')
    .addColumn('pending_totp_created_at', 'text')
    // Set when an administrator resets two-factor authentication: enrol again at next sign-in.
    .addColumn('must_enrol', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('failed_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_failed_at', 'text')
    .addColumn('locked_until', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('recovery_code')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('app_user.id'))
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute()
  await db.schema
    .createIndex('recovery_code_user_hash_idx')
    .on('recovery_code')
    .columns(['user_id', 'code_hash'])
    .unique()
    .execute()

  await db.schema
    .createTable('account_security_setting')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('require_two_factor_for_everyone', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute()

  // "Sign out of all other sessions" and an administrator's reset find a
  // person's sessions by account.
  await db.schema
    .createIndex('user_session_user_idx')
    .on('user_session')
    .column('user_id')
    .execute()
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('user_session_user_idx').ifExists().execute()
  await db.schema.dropTable('account_security_setting').ifExists().execute()
  await db.schema.dropTable('recovery_code').ifExists().execute()
  await db.schema.dropTable('account_security').ifExists().execute()
}
