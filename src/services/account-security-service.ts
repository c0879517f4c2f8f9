// Account security (issue 4): two-factor authentication with an authenticator
// app (TOTP) and one-time recovery codes, lockout with back-off after repeated
// failures, changing one's password, and the administrators' side: resetting a
// person's two-factor authentication and requiring it for everyone.
import { randomUUID } from 'node:crypto'
import {
  claimTotpStep,
  clearFailedAttempts,
  completeTotpEnrolment,
  countUnusedRecoveryCodes,
  findAccountSecurity,
  findAccountSecuritySetting,
  listPartnershipAccounts,
  recordFailedAttempt,
  replaceRecoveryCodes,
  resetTwoFactor,
  saveAccountSecuritySetting,
  savePendingTotpSecret,
  setLockedUntil,
  useRecoveryCode,
  type AccountSecurityRecord,
} from '../data/repositories/account-security-repository.js'
import { deleteSessionsOfUser } from '../data/repositories/session-repository.js'
import {
  findUserById,
  membershipsOf,
  updatePasswordHash,
} from '../data/repositories/user-repository.js'
import { assertCan, partnershipsWhere, requiresTwoFactor } from '../domain/access/policy.js'
import { isRole, type Actor, type Role } from '../domain/access/roles.js'
import type { SessionLimits } from '../domain/access/session-timeouts.js'
import { NotFoundError, ValidationError, type FieldError } from '../domain/errors.js'
import { isLockedAt, lockedUntil, lockoutDurationMs } from '../domain/two-factor/lockout.js'
import {
  hashRecoveryCode,
  newRecoveryCode,
  normaliseRecoveryCode,
  RECOVERY_CODE_COUNT,
} from '../domain/two-factor/recovery-codes.js'
import {
  checkTotpCode,
  groupForReading,
  newTotpSecret,
  normaliseTotpCode,
  otpauthUri,
} from '../domain/two-factor/totp.js'
import { recordAudit } from './audit-trail.js'
import { type ServiceContext, userActor } from './context.js'
import { checkPasswordRules, hashPassword, verifyPassword } from './passwords.js'
import type { SecretBox } from './secret-box.js'
import { hashSessionId } from './session-service.js'

export interface AccountSecurityOptions {
  /** REQUIRE_TWO_FACTOR_FOR_PRIVILEGED_ROLES: see `requiresTwoFactor` in the policy. */
  readonly requireTwoFactorForPrivilegedRoles: boolean
  /** The name authenticator apps show beside the code (SERVICE_NAME). */
  readonly issuer: string
}

/** What createServices takes from the configuration for account security. */
export interface SecurityOptions extends AccountSecurityOptions {
  /** SESSION_IDLE_MINUTES and SESSION_ABSOLUTE_HOURS. */
  readonly sessionLimits: SessionLimits
}

/** Secure by default: a caller that passes nothing gets the production behaviour. */
export const DEFAULT_SECURITY_OPTIONS: SecurityOptions = {
  requireTwoFactorForPrivilegedRoles: true,
  issuer: 'Safeguarding practice reviews',
  sessionLimits: { idleMinutes: 30, absoluteHours: 12 },
}

/** What happens after the password (or single sign-on) was accepted. */
export type SecondStep =
  /** Signed in. */
  | 'none'
  /** Ask for a code from the authenticator app, or a recovery code. */
  | 'verify'
  /** Signed in, but nothing else until two-factor authentication is set up. */
  | 'enrol'

export type FirstFactor = 'password' | 'oidc'
export type SecondFactor = 'totp' | 'recovery-code'

export type CodeSignInResult =
  | {
      ok: true
      actor: Actor
      secondFactor: SecondFactor
      /** Unused recovery codes left, so the page can warn when few are. */
      recoveryCodesLeft: number
    }
  | { ok: false; reason: 'wrong' | 'locked' | 'not-enrolled' }

export type TwoFactorEnrolment =
  | { status: 'enrolled'; enrolledAt: string; recoveryCodesLeft: number }
  | {
      status: 'enrolling'
      /** Base32, for typing into an app that cannot scan. */
      secret: string
      secretForReading: string
      otpauthUri: string
    }

export interface AccountOverview {
  readonly email: string
  readonly displayName: string
  readonly twoFactorEnrolled: boolean
  readonly twoFactorEnrolledAt: string | null
  readonly recoveryCodesLeft: number
  readonly twoFactorRequired: boolean
}

export type TwoFactorStatus = 'on' | 'not-set-up' | 'must-set-up'

export interface AdministeredAccount {
  readonly userId: string
  readonly email: string
  readonly displayName: string
  readonly isActive: boolean
  readonly roles: readonly Role[]
  /** The agency the account acts for in this partnership, if any (issue 8). */
  readonly agencyName: string | null
  readonly twoFactor: TwoFactorStatus
}

export interface AdministeredPartnership {
  readonly partnershipId: string
  readonly partnershipName: string
  readonly accounts: readonly AdministeredAccount[]
}

export interface TwoFactorSettingView {
  readonly requireForEveryone: boolean
  readonly requiredForPrivilegedRoles: boolean
  /** 0 before anything was saved. */
  readonly version: number
}

/** A secret being set up is offered for an hour; after that a new one is made. */
const PENDING_SECRET_LIFETIME_MS = 60 * 60 * 1000

const WRONG_ENROLMENT_CODE = 'Enter the 6-digit code your authenticator app shows for this service'

export class AccountSecurityService {
  constructor(
    private readonly context: ServiceContext,
    private readonly dependencies: { secretBox: SecretBox; options: AccountSecurityOptions },
  ) {}

  // ---------------------------------------------------------------- signing in

  /** What the person must do after their password (or single sign-on) was accepted. */
  async secondStepFor(actor: Actor): Promise<SecondStep> {
    const { db } = this.context
    const security = await findAccountSecurity(db, actor.userId)
    if (security?.totpSecretSealed) return 'verify'
    if (await this.twoFactorRequired(actor, security)) return 'enrol'
    return 'none'
  }

  /**
   * Must this signed-in person set up two-factor authentication before going
   * on? Asked on every staff request, not only at sign-in, so that a role
   * which needs it, given while they are signed in, or an administrator's
   * "require it for everyone", applies at once to sessions already open.
   */
  async mustSetUpTwoFactor(actor: Actor): Promise<boolean> {
    const security = await findAccountSecurity(this.context.db, actor.userId)
    if (security?.totpSecretSealed) return false
    return this.twoFactorRequired(actor, security)
  }

  async isLocked(userId: string): Promise<boolean> {
    const security = await findAccountSecurity(this.context.db, userId)
    return isLockedAt(security?.lockedUntil ?? null, this.context.now())
  }

  /**
   * Counts a wrong password or code. The fifth in a row locks the account for a
   * minute, and each one after that (once the lock is over) doubles the lock, up
   * to an hour; the lock is audited as sign-in.locked.
   */
  async recordFailure(user: { userId: string; displayName: string }): Promise<void> {
    const { db, now } = this.context
    const at = now()
    await db.transaction().execute(async (trx) => {
      const failures = await recordFailedAttempt(trx, user.userId, at.toISOString())
      const until = lockedUntil(failures, at)
      if (until === null) return
      await setLockedUntil(trx, user.userId, until.toISOString(), at.toISOString())
      await recordAudit(trx, at, {
        actor: userActor(user),
        action: 'sign-in.locked',
        recordType: 'user',
        recordId: user.userId,
        partnershipId: null,
        after: {
          consecutiveFailures: failures,
          lockedForSeconds: lockoutDurationMs(failures) / 1000,
          lockedUntil: until.toISOString(),
        },
      })
    })
  }

  /** A successful sign-in ends the run of failures. */
  async recordSuccess(userId: string): Promise<void> {
    await clearFailedAttempts(this.context.db, userId, this.context.now().toISOString())
  }

  /**
   * The second step of signing in: a code from the authenticator app (each
   * accepted once) or an unused recovery code. Wrong codes count towards the
   * lockout like wrong passwords. Every outcome is audited.
   */
  async completeSignInWithCode(
    userId: string,
    input: string,
    firstFactor: FirstFactor,
  ): Promise<CodeSignInResult> {
    const { db, now } = this.context
    const at = now()
    const user = await findUserById(db, userId)
    const security = await findAccountSecurity(db, userId)
    if (!user || !user.isActive || !security?.totpSecretSealed) {
      return { ok: false, reason: 'not-enrolled' }
    }
    const person = { userId: user.id, displayName: user.displayName }
    const fail = async (reason: string, secondFactor: SecondFactor) => {
      await recordAudit(db, at, {
        actor: userActor(person),
        action: 'sign-in.failed',
        recordType: 'user',
        recordId: user.id,
        partnershipId: null,
        after: { method: firstFactor, secondFactor, reason },
      })
    }

    const totpCode = normaliseTotpCode(input)
    const secondFactor: SecondFactor = totpCode === null ? 'recovery-code' : 'totp'
    if (isLockedAt(security.lockedUntil, at)) {
      await fail('locked', secondFactor)
      return { ok: false, reason: 'locked' }
    }

    let failure: string | null = null
    if (totpCode !== null) {
      // Unreadable if DATA_ENCRYPTION_KEY changed without rotate-data-key: only a
      // recovery code (or a reset) helps then.
      const secret = this.dependencies.secretBox.open(security.totpSecretSealed)
      const check =
        secret === null
          ? ({ ok: false, reason: 'wrong' } as const)
          : checkTotpCode(secret, totpCode, at, security.totpLastUsedStep)
      if (!check.ok) failure = check.reason === 'reused' ? 'code-reused' : 'wrong-code'
      else if (!(await claimTotpStep(db, user.id, check.step, at.toISOString()))) {
        failure = 'code-reused'
      }
    } else {
      const recoveryCode = normaliseRecoveryCode(input)
      const used =
        recoveryCode !== null &&
        (await useRecoveryCode(db, user.id, hashRecoveryCode(recoveryCode), at.toISOString()))
      if (!used) failure = 'wrong-code'
    }

    if (failure !== null) {
      await fail(failure, secondFactor)
      await this.recordFailure(person)
      return { ok: false, reason: 'wrong' }
    }
    await this.recordSuccess(user.id)
    await recordAudit(db, at, {
      actor: userActor(person),
      action: 'sign-in.succeeded',
      recordType: 'user',
      recordId: user.id,
      partnershipId: null,
      after: { method: firstFactor, secondFactor },
    })
    return {
      ok: true,
      actor: { ...person, memberships: await membershipsOf(db, user.id) },
      secondFactor,
      recoveryCodesLeft: await countUnusedRecoveryCodes(db, user.id),
    }
  }

  // ------------------------------------------------------------ one's account

  async overview(actor: Actor): Promise<AccountOverview> {
    const { db } = this.context
    const user = await findUserById(db, actor.userId)
    if (!user) throw new NotFoundError('No such account')
    const security = await findAccountSecurity(db, actor.userId)
    const enrolled = Boolean(security?.totpSecretSealed)
    return {
      email: user.email,
      displayName: user.displayName,
      twoFactorEnrolled: enrolled,
      twoFactorEnrolledAt: enrolled ? (security?.totpEnrolledAt ?? null) : null,
      recoveryCodesLeft: enrolled ? await countUnusedRecoveryCodes(db, actor.userId) : 0,
      twoFactorRequired: await this.twoFactorRequired(actor, security),
    }
  }

  /**
   * The set-up page: a secret kept (sealed) until a code confirms the person's
   * app has it. The same secret is offered again for an hour, so reloading the
   * page after scanning does not silently replace what the app holds.
   */
  async enrolmentFor(actor: Actor, accountName: string): Promise<TwoFactorEnrolment> {
    const { db, now } = this.context
    const { secretBox, options } = this.dependencies
    const security = await findAccountSecurity(db, actor.userId)
    if (security?.totpSecretSealed) {
      return {
        status: 'enrolled',
        enrolledAt: security.totpEnrolledAt ?? '',
        recoveryCodesLeft: await countUnusedRecoveryCodes(db, actor.userId),
      }
    }
    let secret = this.pendingSecret(security)
    if (secret === null) {
      secret = newTotpSecret()
      await savePendingTotpSecret(db, actor.userId, secretBox.seal(secret), now().toISOString())
    }
    return {
      status: 'enrolling',
      secret,
      secretForReading: groupForReading(secret),
      otpauthUri: otpauthUri(secret, options.issuer, accountName),
    }
  }

  /**
   * Confirms the set-up with a code from the app, turns two-factor
   * authentication on and returns ten recovery codes: shown this once, stored
   * only as hashes.
   */
  async confirmEnrolment(actor: Actor, input: string): Promise<{ recoveryCodes: string[] }> {
    const { db, now } = this.context
    const at = now()
    const security = await findAccountSecurity(db, actor.userId)
    if (security?.totpSecretSealed) {
      throw new ValidationError([
        { field: 'code', message: 'Two-factor authentication is already set up for your account' },
      ])
    }
    const secret = this.pendingSecret(security)
    const pendingSealed = security?.pendingTotpSecretSealed
    if (secret === null || !pendingSealed) {
      throw new ValidationError([
        {
          field: 'code',
          message:
            'The set-up took too long. Scan the new QR code, or enter the new key, and enter the code it gives',
        },
      ])
    }
    const code = normaliseTotpCode(input)
    if (code === null) {
      throw new ValidationError([
        {
          field: 'code',
          message:
            input.trim() === ''
              ? 'Enter the 6-digit code from your authenticator app'
              : 'The code must be 6 digits, like 123456',
        },
      ])
    }
    const check = checkTotpCode(secret, code, at, null)
    if (!check.ok) throw new ValidationError([{ field: 'code', message: WRONG_ENROLMENT_CODE }])

    const recoveryCodes = Array.from({ length: RECOVERY_CODE_COUNT }, () => newRecoveryCode())
    await db.transaction().execute(async (trx) => {
      const completed = await completeTotpEnrolment(trx, {
        userId: actor.userId,
        pendingSealed,
        secretSealed: pendingSealed,
        step: check.step,
        now: at.toISOString(),
      })
      if (!completed) {
        // Another tab replaced the secret being set up: this code is for the old one.
        throw new ValidationError([{ field: 'code', message: WRONG_ENROLMENT_CODE }])
      }
      await replaceRecoveryCodes(
        trx,
        actor.userId,
        recoveryCodes.map((recoveryCode) => ({
          id: randomUUID(),
          hash: hashRecoveryCode(normaliseRecoveryCode(recoveryCode) ?? ''),
        })),
        at.toISOString(),
      )
      await recordAudit(trx, at, {
        actor: userActor(actor),
        action: 'two-factor.enrolled',
        recordType: 'user',
        recordId: actor.userId,
        partnershipId: null,
        after: { method: 'totp', recoveryCodes: recoveryCodes.length },
      })
    })
    return { recoveryCodes }
  }

  /**
   * Changes one's own password: the current one first, the new one by the NCSC
   * rules. Every other session of the account is ended, in case the old password
   * was known to someone else. A wrong current password is audited; guessing is
   * held back by the route's rate limit rather than the lockout, which is about
   * signing in (and a signed-in person locking themselves out helps no one).
   */
  async changePassword(
    actor: Actor,
    input: { currentPassword: string; newPassword: string },
    currentSessionId: string,
  ): Promise<{ otherSessionsEnded: number }> {
    const { db, now } = this.context
    const user = await findUserById(db, actor.userId)
    if (!user || !user.isActive) throw new NotFoundError('No such account')
    const errors: FieldError[] = []
    if (input.currentPassword === '') {
      errors.push({ field: 'currentPassword', message: 'Enter your current password' })
    }
    if (input.newPassword === '') {
      errors.push({ field: 'newPassword', message: 'Enter a new password' })
    }
    if (errors.length > 0) throw new ValidationError(errors)
    if (await this.isLocked(user.id)) {
      throw new ValidationError([
        {
          field: 'currentPassword',
          message:
            'There have been too many wrong passwords for your account. Wait a few minutes, then try again',
        },
      ])
    }
    const matches =
      input.currentPassword.length <= 256 &&
      (await verifyPassword(user.passwordHash, input.currentPassword))
    if (!matches) {
      await recordAudit(db, now(), {
        actor: userActor(actor),
        action: 'password.change-refused',
        recordType: 'user',
        recordId: user.id,
        partnershipId: null,
        after: { reason: 'wrong-current-password' },
      })
      throw new ValidationError([
        { field: 'currentPassword', message: 'Your current password is not correct' },
      ])
    }
    checkPasswordRules(
      input.newPassword,
      { email: user.email, displayName: user.displayName },
      'newPassword',
    )
    if (input.newPassword === input.currentPassword) {
      throw new ValidationError([
        {
          field: 'newPassword',
          message: 'Your new password must be different from your current one',
        },
      ])
    }
    const passwordHash = await hashPassword(input.newPassword)
    const at = now()
    return db.transaction().execute(async (trx) => {
      await updatePasswordHash(trx, user.id, passwordHash)
      await clearFailedAttempts(trx, user.id, at.toISOString())
      const otherSessionsEnded = await deleteSessionsOfUser(
        trx,
        user.id,
        hashSessionId(currentSessionId),
      )
      // Never the password or its hash: only that it changed.
      await recordAudit(trx, at, {
        actor: userActor(actor),
        action: 'password.changed',
        recordType: 'user',
        recordId: user.id,
        partnershipId: null,
        after: { otherSessionsEnded },
      })
      return { otherSessionsEnded }
    })
  }

  // ----------------------------------------------------------- administrators

  /** The accounts in the partnerships the actor administers, with their two-factor status. */
  async accountsForAdministration(actor: Actor | null): Promise<AdministeredPartnership[]> {
    assertCan(actor, 'users:manage')
    const partnershipIds = partnershipsWhere(actor, 'users:manage')
    const rows = await listPartnershipAccounts(this.context.db, partnershipIds)
    return partnershipIds.map((partnershipId) => {
      const accounts = new Map<string, AdministeredAccount & { roles: Role[] }>()
      for (const row of rows.filter((candidate) => candidate.partnershipId === partnershipId)) {
        const account = accounts.get(row.userId) ?? {
          userId: row.userId,
          email: row.email,
          displayName: row.displayName,
          isActive: row.isActive,
          roles: [],
          agencyName: row.agencyName,
          twoFactor: row.twoFactorEnrolled ? 'on' : row.mustEnrol ? 'must-set-up' : 'not-set-up',
        }
        if (isRole(row.role)) account.roles.push(row.role)
        accounts.set(row.userId, account)
      }
      const membership = actor.memberships.find((m) => m.partnershipId === partnershipId)
      return {
        partnershipId,
        partnershipName: membership?.partnershipName ?? '',
        accounts: [...accounts.values()],
      }
    })
  }

  /** One account the actor may reset, or NotFound: others' accounts are not shown to exist. */
  async accountForAdministration(
    actor: Actor | null,
    userId: string,
  ): Promise<AdministeredAccount & { partnershipId: string }> {
    const partnerships = await this.accountsForAdministration(actor)
    for (const partnership of partnerships) {
      const account = partnership.accounts.find((candidate) => candidate.userId === userId)
      if (account) return { ...account, partnershipId: partnership.partnershipId }
    }
    throw new NotFoundError('No such account')
  }

  /**
   * An administrator's reset, for a lost phone: the secret and recovery codes
   * are deleted, every session of the account ends, and the person must set up
   * two-factor authentication again when they next sign in. Audited.
   */
  async resetTwoFactor(actor: Actor | null, userId: string): Promise<void> {
    const account = await this.accountForAdministration(actor, userId)
    assertCan(actor, 'users:manage', { partnershipId: account.partnershipId })
    const { db, now } = this.context
    const at = now()
    await db.transaction().execute(async (trx) => {
      const before = await findAccountSecurity(trx, userId)
      await resetTwoFactor(trx, userId, at.toISOString())
      const sessionsEnded = await deleteSessionsOfUser(trx, userId)
      await recordAudit(trx, at, {
        actor: userActor(actor),
        action: 'two-factor.reset',
        recordType: 'user',
        recordId: userId,
        partnershipId: account.partnershipId,
        before: { twoFactorEnrolled: Boolean(before?.totpSecretSealed) },
        after: { twoFactorEnrolled: false, mustEnrolAtNextSignIn: true, sessionsEnded },
      })
    })
  }

  async settingForEditing(actor: Actor | null): Promise<TwoFactorSettingView> {
    assertCan(actor, 'settings:manage')
    const setting = await findAccountSecuritySetting(this.context.db)
    return {
      requireForEveryone: setting?.requireTwoFactorForEveryone ?? false,
      requiredForPrivilegedRoles: this.dependencies.options.requireTwoFactorForPrivilegedRoles,
      version: setting?.version ?? 0,
    }
  }

  /** Requires two-factor authentication for everyone (or not). Versioned and audited. */
  async saveSetting(
    actor: Actor | null,
    requireForEveryone: boolean | null,
    expectedVersion: number,
  ): Promise<number> {
    assertCan(actor, 'settings:manage')
    if (requireForEveryone === null) {
      throw new ValidationError([
        {
          field: 'requireForEveryone',
          message: 'Select yes if everyone must use two-factor authentication',
        },
      ])
    }
    const { db, now } = this.context
    const at = now()
    return db.transaction().execute(async (trx) => {
      const before = await findAccountSecuritySetting(trx)
      const version = await saveAccountSecuritySetting(trx, expectedVersion, {
        requireTwoFactorForEveryone: requireForEveryone,
        now: at.toISOString(),
      })
      await recordAudit(trx, at, {
        actor: userActor(actor),
        action: 'two-factor-setting.updated',
        recordType: 'account-security-setting',
        recordId: 'deployment',
        partnershipId: null,
        before: {
          requireTwoFactorForEveryone: before?.requireTwoFactorForEveryone ?? false,
          version: before?.version ?? 0,
        },
        after: { requireTwoFactorForEveryone: requireForEveryone, version },
      })
      return version
    })
  }

  // ------------------------------------------------------------------ helpers

  private async twoFactorRequired(
    actor: Actor,
    security: AccountSecurityRecord | undefined,
  ): Promise<boolean> {
    if (security?.mustEnrol) return true
    if (this.dependencies.options.requireTwoFactorForPrivilegedRoles && requiresTwoFactor(actor)) {
      return true
    }
    const setting = await findAccountSecuritySetting(this.context.db)
    return setting?.requireTwoFactorForEveryone ?? false
  }

  /** The secret being set up, if there is one, it is recent, and it can be read. */
  private pendingSecret(security: AccountSecurityRecord | undefined): string | null {
    if (!security?.pendingTotpSecretSealed || !security.pendingTotpCreatedAt) return null
    const age = this.context.now().getTime() - Date.parse(security.pendingTotpCreatedAt)
    if (!(age >= 0 && age < PENDING_SECRET_LIFETIME_MS)) return null
    return this.dependencies.secretBox.open(security.pendingTotpSecretSealed)
  }
}
