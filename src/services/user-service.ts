import { randomBytes, randomUUID } from 'node:crypto'
import { insertApiToken, revokeTokensOf } from '../data/repositories/api-token-repository.js'
import { findPartnershipBySlug, listAgencies } from '../data/repositories/partnership-repository.js'
import {
  findUserByEmail,
  insertMembership,
  insertUser,
} from '../data/repositories/user-repository.js'
import { isRole, ROLES } from '../domain/access/roles.js'
import { ValidationError, type FieldError } from '../domain/errors.js'
import { recordAudit } from './audit-trail.js'
import type { AuditActor, ServiceContext } from './context.js'
import { hashApiToken } from './auth-service.js'
import { checkPasswordRules, hashPassword } from './passwords.js'

export interface NewUser {
  email: string
  displayName: string
  partnershipSlug: string
  role: string
  agencyName?: string
  password: string
}

const EMAIL_PATTERN = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/

export class UserService {
  constructor(private readonly context: ServiceContext) {}

  /** Creates an account with one membership. Adds the membership if the account exists. */
  async createUser(input: NewUser, by: AuditActor): Promise<{ userId: string; created: boolean }> {
    const email = input.email.trim().toLowerCase()
    const displayName = input.displayName.trim()
    const errors: FieldError[] = []
    if (!EMAIL_PATTERN.test(email) || email.length > 254) {
      errors.push({
        field: 'email',
        message: 'Enter an email address in the correct format, like name@example.org',
      })
    }
    if (displayName.length === 0 || displayName.length > 120) {
      errors.push({ field: 'name', message: 'Enter a name of 120 characters or fewer' })
    }
    if (!isRole(input.role)) {
      errors.push({ field: 'role', message: `Role must be one of: ${ROLES.join(', ')}` })
    }
    if (errors.length > 0) throw new ValidationError(errors)
    checkPasswordRules(input.password, { email, displayName })

    const { db, now } = this.context
    const partnership = await findPartnershipBySlug(db, input.partnershipSlug)
    if (!partnership) {
      throw new ValidationError([
        { field: 'partnership', message: `There is no partnership "${input.partnershipSlug}"` },
      ])
    }
    let agencyId: string | null = null
    if (input.agencyName !== undefined) {
      const agency = (await listAgencies(db, partnership.id)).find(
        (candidate) => candidate.name === input.agencyName,
      )
      if (!agency) {
        throw new ValidationError([
          {
            field: 'agency',
            message: `There is no agency "${input.agencyName}" in ${partnership.name}`,
          },
        ])
      }
      agencyId = agency.id
    }
    // A statutory partner's delegate signs a rapid review for exactly one partner
    // (S8): the one its agency is (local authority, police or health).
    if (input.role === 'partner') {
      const kind = (await listAgencies(db, partnership.id)).find(
        (candidate) => candidate.id === agencyId,
      )?.kind
      if (kind !== 'local-authority' && kind !== 'police' && kind !== 'health') {
        throw new ValidationError([
          {
            field: 'agency',
            message:
              'A statutory partner’s delegate must belong to the local authority’s, the police’s or health’s agency: it signs rapid reviews for that partner only (S8)',
          },
        ])
      }
    }
    if (input.role === 'agency-lead' && agencyId === null) {
      throw new ValidationError([
        { field: 'agency', message: 'An agency lead must belong to an agency' },
      ])
    }
    const passwordHash = await hashPassword(input.password)
    const at = now()
    return db.transaction().execute(async (trx) => {
      const existing = await findUserByEmail(trx, email)
      const userId = existing?.id ?? randomUUID()
      if (!existing) {
        await insertUser(trx, {
          id: userId,
          email,
          displayName,
          passwordHash,
          createdAt: at.toISOString(),
        })
        await recordAudit(trx, at, {
          actor: by,
          action: 'user.created',
          recordType: 'user',
          recordId: userId,
          partnershipId: partnership.id,
          after: { displayName },
        })
      }
      await insertMembership(trx, {
        id: randomUUID(),
        userId,
        partnershipId: partnership.id,
        role: input.role,
        agencyId,
        createdAt: at.toISOString(),
      })
      await recordAudit(trx, at, {
        actor: by,
        action: 'membership.granted',
        recordType: 'user',
        recordId: userId,
        partnershipId: partnership.id,
        after: { role: input.role, agencyId },
      })
      return { userId, created: !existing }
    })
  }

  /** Makes a bearer token. Only its hash is stored: the token is shown once. */
  async createApiToken(email: string, label: string, by: AuditActor): Promise<string> {
    const { db, now } = this.context
    const user = await findUserByEmail(db, email.trim())
    if (!user || !user.isActive) {
      throw new ValidationError([
        { field: 'email', message: 'There is no active account with that email address' },
      ])
    }
    const token = `spr_${randomBytes(32).toString('base64url')}`
    const at = now()
    await db.transaction().execute(async (trx) => {
      const id = randomUUID()
      await insertApiToken(trx, {
        id,
        userId: user.id,
        tokenHash: hashApiToken(token),
        label,
        createdAt: at.toISOString(),
      })
      await recordAudit(trx, at, {
        actor: by,
        action: 'api-token.created',
        recordType: 'api-token',
        recordId: id,
        partnershipId: null,
        after: { userId: user.id, label },
      })
    })
    return token
  }

  /** Revokes all of an account's API tokens at once: for a lost token or a leaver. */
  async revokeApiTokens(email: string, by: AuditActor): Promise<number> {
    const { db, now } = this.context
    const user = await findUserByEmail(db, email.trim())
    if (!user) {
      throw new ValidationError([
        { field: 'email', message: 'There is no account with that email address' },
      ])
    }
    const at = now()
    return db.transaction().execute(async (trx) => {
      const revoked = await revokeTokensOf(trx, user.id, at.toISOString())
      await recordAudit(trx, at, {
        actor: by,
        action: 'api-token.revoked',
        recordType: 'user',
        recordId: user.id,
        partnershipId: null,
        after: { revoked },
      })
      return revoked
    })
  }
}
