import { createHash } from 'node:crypto'
import { findActiveTokenOwner, markTokenUsed } from '../data/repositories/api-token-repository.js'
import {
  findUserByEmail,
  findUserById,
  membershipsOf,
} from '../data/repositories/user-repository.js'
import type { Actor } from '../domain/access/roles.js'
import { recordAudit } from './audit-trail.js'
import type { ServiceContext } from './context.js'
import { verifyPassword } from './passwords.js'

export type SignInResult = { ok: true; actor: Actor } | { ok: false }

export function hashApiToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

export class AuthService {
  constructor(private readonly context: ServiceContext) {}

  async signIn(email: string, password: string): Promise<SignInResult> {
    const { db, now } = this.context
    const user = await findUserByEmail(db, email.trim())
    const passwordMatches = await verifyPassword(
      user?.isActive ? user.passwordHash : null,
      password,
    )
    if (!user || !user.isActive || !passwordMatches) {
      // The typed email is not recorded: it may be someone's mistyped password.
      await recordAudit(db, now(), {
        actor: user
          ? { kind: 'user', userId: user.id, label: user.displayName }
          : { kind: 'system', label: 'unknown account' },
        action: 'sign-in.failed',
        recordType: 'user',
        recordId: user?.id ?? null,
        partnershipId: null,
      })
      return { ok: false }
    }
    await recordAudit(db, now(), {
      actor: { kind: 'user', userId: user.id, label: user.displayName },
      action: 'sign-in.succeeded',
      recordType: 'user',
      recordId: user.id,
      partnershipId: null,
    })
    return { ok: true, actor: await this.actorOf(user.id, user.displayName) }
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
    return { userId, displayName, memberships: await membershipsOf(this.context.db, userId) }
  }
}
