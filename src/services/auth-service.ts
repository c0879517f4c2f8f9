import { isDeploymentAdministrator } from '../data/repositories/partnerships/deployment-repository.js'
import { createHash } from 'node:crypto'
import { findActiveTokenOwner, markTokenUsed } from '../data/repositories/api-token-repository.js'
import {
  findUserByEmail,
  findUserById,
  membershipsOf,
} from '../data/repositories/user-repository.js'
import type { Actor } from '../domain/access/roles.js'
import type { AccountSecurityService, SecondStep } from './account-security-service.js'
import { recordAudit } from './audit-trail.js'
import type { ServiceContext } from './context.js'
import { verifyPassword } from './passwords.js'

export type SignInResult = { ok: true; actor: Actor; next: SecondStep } | { ok: false }

export function hashApiToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

export class AuthService {
  constructor(
    private readonly context: ServiceContext,
    private readonly accountSecurity: AccountSecurityService,
  ) {}

  /**
   * The password step. A wrong password counts towards the account's lockout;
   * while it is locked even the right password is refused, with the same answer
   * as a wrong one. The password is still checked first either way, so neither
   * the answer nor its timing tells which accounts exist or are locked.
   */
  async signIn(email: string, password: string): Promise<SignInResult> {
    const { db, now } = this.context
    const user = await findUserByEmail(db, email.trim())
    const passwordMatches = await verifyPassword(
      user?.isActive ? user.passwordHash : null,
      password,
    )
    const locked = user?.isActive ? await this.accountSecurity.isLocked(user.id) : false
    if (!user || !user.isActive || !passwordMatches || locked) {
      // The typed email is not recorded: it may be someone's mistyped password.
      await recordAudit(db, now(), {
        actor: user
          ? { kind: 'user', userId: user.id, label: user.displayName }
          : { kind: 'system', label: 'unknown account' },
        action: 'sign-in.failed',
        recordType: 'user',
        recordId: user?.id ?? null,
        partnershipId: null,
        ...(locked ? { after: { method: 'password', reason: 'locked' } } : {}),
      })
      // Attempts while locked are refused unchecked, and do not lengthen the lock.
      if (user?.isActive && !locked) {
        await this.accountSecurity.recordFailure({ userId: user.id, displayName: user.displayName })
      }
      return { ok: false }
    }
    const actor = await this.actorOf(user.id, user.displayName)
    const next = await this.accountSecurity.secondStepFor(actor)
    if (next === 'verify') {
      // Not signed in yet: the failure count stays until the code is right too,
      // so knowing the password does not buy more guesses at the code.
      await recordAudit(db, now(), {
        actor: { kind: 'user', userId: user.id, label: user.displayName },
        action: 'sign-in.first-factor-succeeded',
        recordType: 'user',
        recordId: user.id,
        partnershipId: null,
        after: { method: 'password' },
      })
      return { ok: true, actor, next }
    }
    await this.accountSecurity.recordSuccess(user.id)
    await recordAudit(db, now(), {
      actor: { kind: 'user', userId: user.id, label: user.displayName },
      action: 'sign-in.succeeded',
      recordType: 'user',
      recordId: user.id,
      partnershipId: null,
      ...(next === 'enrol' ? { after: { method: 'password', twoFactor: 'must-set-up' } } : {}),
    })
    return { ok: true, actor, next }
  }

  async recordSignOut(actor: Actor): Promise<void> {
    await recordAudit(this.context.db, this.context.now(), {
      actor: { kind: 'user', userId: actor.userId, label: actor.displayName },
      action: 'sign-out',
      recordType: 'user',
      recordId: actor.userId,
      partnershipId: null,
    })
  }

  /** The actor for a signed-in session, or null if the account was disabled since. */
  async actorFor(userId: string): Promise<Actor | null> {
    const user = await findUserById(this.context.db, userId)
    if (!user || !user.isActive) return null
    return this.actorOf(user.id, user.displayName)
  }

  async actorForApiToken(token: string): Promise<Actor | null> {
    const { db, now } = this.context
    const owner = await findActiveTokenOwner(db, hashApiToken(token))
    if (!owner) return null
    await markTokenUsed(db, owner.tokenId, now().toISOString())
    return this.actorFor(owner.userId)
  }

  private async actorOf(userId: string, displayName: string): Promise<Actor> {
    const [memberships, deploymentAdministrator] = await Promise.all([
      membershipsOf(this.context.db, userId),
      isDeploymentAdministrator(this.context.db, userId),
    ])
    return {
      userId,
      displayName,
      memberships,
      ...(deploymentAdministrator ? { deploymentAdministrator } : {}),
    }
  }
}
