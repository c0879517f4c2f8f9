// Running a deployment of many partnerships (issue 12). The deployment
// administrator, made on the command line, creates partnerships with the three
// statutory partners' agencies and a first administrator, who then runs their
// own partnership. Everything here is audited; none of it opens a
// partnership's records.
import { randomBytes, randomUUID } from 'node:crypto'
import {
  insertAgency,
  insertPartnership,
  listAgencies,
  listPartnerships,
  type Agency,
} from '../../data/repositories/partnership-repository.js'
import {
  hasMembership,
  insertDeploymentAdministrator,
  isDeploymentAdministrator,
  listPartnershipAdministrators,
  listPartnershipSummaries,
  type PartnershipMember,
  type PartnershipSummary,
} from '../../data/repositories/partnerships/deployment-repository.js'
import {
  findUserByEmail,
  insertMembership,
  insertUser,
} from '../../data/repositories/user-repository.js'
import { assertCanManageDeployment } from '../../domain/access/policy.js'
import type { Actor } from '../../domain/access/roles.js'
import { NotFoundError, ValidationError, type FieldError } from '../../domain/errors.js'
import {
  checkNewPartnership,
  type NewPartnershipForm,
} from '../../domain/partnerships/new-partnership.js'
import { recordAudit } from '../audit-trail.js'
import { type AuditActor, type ServiceContext, userActor } from '../context.js'
import { checkPasswordRules, hashPassword } from '../passwords.js'

export type { PartnershipSummary } from '../../data/repositories/partnerships/deployment-repository.js'

const EMAIL_PATTERN = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/

export interface PartnershipOutline {
  partnership: PartnershipSummary
  agencies: Agency[]
  administrators: PartnershipMember[]
}

export interface CreatedPartnership {
  partnershipId: string
  slug: string
  name: string
  administrator: {
    email: string
    /** False when the account existed: it was given the role, its password kept. */
    created: boolean
    /**
     * A one-time password made for a new account when none was given (the web
     * form): shown once to the deployment administrator, never stored in clear.
     */
    temporaryPassword: string | null
  }
}

/** Who creates: a signed-in deployment administrator, or the command line (an operator). */
export type DeploymentActor = { actor: Actor } | { commandLine: AuditActor }

/** 20 characters from an unambiguous alphabet: long enough for the password rules. */
function temporaryPassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789'
  const bytes = randomBytes(20)
  let password = ''
  for (const byte of bytes) password += alphabet[byte % alphabet.length]
  return password.replace(/(.{5})(?!$)/g, '$1-')
}

export class DeploymentService {
  constructor(private readonly context: ServiceContext) {}

  /** Has someone an account under this email (the command line asks for a password only if not)? */
  async accountExists(email: string): Promise<boolean> {
    return (await findUserByEmail(this.context.db, email.trim().toLowerCase())) !== undefined
  }

  /** Is this account a deployment administrator? */
  isDeploymentAdministrator(userId: string): Promise<boolean> {
    return isDeploymentAdministrator(this.context.db, userId)
  }

  /**
   * Makes an account a deployment administrator, creating it (with this
   * password) if it does not exist. Command line only: no page grants it.
   */
  async createDeploymentAdministrator(
    input: { email: string; displayName: string; password: string },
    by: AuditActor,
  ): Promise<{ userId: string; created: boolean; alreadyAdministrator: boolean }> {
    const email = input.email.trim().toLowerCase()
    const displayName = input.displayName.replace(/\s+/g, ' ').trim()
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
    if (errors.length > 0) throw new ValidationError(errors)
    const { db, now } = this.context
    const existing = await findUserByEmail(db, email)
    // An existing account keeps its password: only a new one needs it.
    const passwordHash =
      existing === undefined
        ? (checkPasswordRules(input.password, { email, displayName }),
          await hashPassword(input.password))
        : null
    const at = now()
    return db.transaction().execute(async (trx) => {
      const current = await findUserByEmail(trx, email)
      const userId = current?.id ?? randomUUID()
      if (!current) {
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
          partnershipId: null,
          after: { displayName },
        })
      }
      if (await isDeploymentAdministrator(trx, userId)) {
        return { userId, created: !current, alreadyAdministrator: true }
      }
      await insertDeploymentAdministrator(trx, { userId, createdAt: at.toISOString() })
      await recordAudit(trx, at, {
        actor: by,
        action: 'deployment-administrator.granted',
        recordType: 'user',
        recordId: userId,
        partnershipId: null,
        after: { email },
      })
      return { userId, created: !current, alreadyAdministrator: false }
    })
  }

  /** Every partnership of the deployment, by name. */
  async listPartnerships(actor: Actor | null): Promise<PartnershipSummary[]> {
    assertCanManageDeployment(actor)
    return listPartnershipSummaries(this.context.db)
  }

  /** One partnership's outline: its agencies and administrators. */
  async partnership(actor: Actor | null, partnershipId: string): Promise<PartnershipOutline> {
    assertCanManageDeployment(actor)
    const { db } = this.context
    const partnership = (await listPartnershipSummaries(db)).find((p) => p.id === partnershipId)
    if (!partnership) throw new NotFoundError('No such partnership')
    const [agencies, administrators] = await Promise.all([
      listAgencies(db, partnershipId),
      listPartnershipAdministrators(db, partnershipId),
    ])
    return { partnership, agencies, administrators }
  }

  /**
   * Creates a partnership with the statutory partners' agencies and its first
   * administrator (an existing account is given the role). `password` is the
   * new account's (the command line reads one); without it a one-time password
   * is made and returned, to hand over in person.
   */
  async createPartnership(
    by: DeploymentActor,
    form: NewPartnershipForm,
    password?: string,
  ): Promise<CreatedPartnership> {
    if ('actor' in by) assertCanManageDeployment(by.actor)
    const auditActor = 'actor' in by ? userActor(by.actor) : by.commandLine
    const { db, now } = this.context
    const taken = (await listPartnerships(db)).map((p) => p.slug)
    const { value, errors } = checkNewPartnership(form, taken)
    if (value === null) throw new ValidationError(errors)
    const existing = await findUserByEmail(db, value.administrator.email)
    let passwordHash: string | null = null
    let madePassword: string | null = null
    if (existing === undefined) {
      const chosen = password ?? (madePassword = temporaryPassword())
      checkPasswordRules(chosen, value.administrator, 'password')
      passwordHash = await hashPassword(chosen)
    } else if (!existing.isActive) {
      throw new ValidationError([
        {
          field: 'administratorEmail',
          message: `The account ${value.administrator.email} is disabled: choose another administrator`,
        },
      ])
    }
    const at = now()
    const stamp = at.toISOString()
    return db.transaction().execute(async (trx) => {
      // Checked again inside the transaction: two operators choosing one slug at once.
      const slugs = (await listPartnerships(trx)).map((p) => p.slug)
      if (slugs.includes(value.slug)) {
        throw new ValidationError([
          { field: 'slug', message: `A partnership already has the short name “${value.slug}”` },
        ])
      }
      const partnershipId = randomUUID()
      await insertPartnership(trx, {
        id: partnershipId,
        slug: value.slug,
        name: value.name,
        createdAt: stamp,
      })
      await recordAudit(trx, at, {
        actor: auditActor,
        action: 'partnership.created',
        recordType: 'partnership',
        recordId: partnershipId,
        partnershipId,
        after: { name: value.name, slug: value.slug },
      })
      for (const agency of value.agencies) {
        const agencyId = randomUUID()
        await insertAgency(trx, {
          id: agencyId,
          partnershipId,
          name: agency.name,
          kind: agency.kind,
          createdAt: stamp,
        })
        await recordAudit(trx, at, {
          actor: auditActor,
          action: 'agency.created',
          recordType: 'agency',
          recordId: agencyId,
          partnershipId,
          after: { name: agency.name, kind: agency.kind },
        })
      }
      const current = await findUserByEmail(trx, value.administrator.email)
      const userId = current?.id ?? randomUUID()
      if (!current) {
        await insertUser(trx, {
          id: userId,
          email: value.administrator.email,
          displayName: value.administrator.displayName,
          passwordHash,
          createdAt: stamp,
        })
        await recordAudit(trx, at, {
          actor: auditActor,
          action: 'user.created',
          recordType: 'user',
          recordId: userId,
          partnershipId,
          after: { displayName: value.administrator.displayName },
        })
      }
      if (!(await hasMembership(trx, { userId, partnershipId, role: 'administrator' }))) {
        await insertMembership(trx, {
          id: randomUUID(),
          userId,
          partnershipId,
          role: 'administrator',
          agencyId: null,
          createdAt: stamp,
        })
        await recordAudit(trx, at, {
          actor: auditActor,
          action: 'membership.granted',
          recordType: 'user',
          recordId: userId,
          partnershipId,
          after: { role: 'administrator', agencyId: null },
        })
      }
      return {
        partnershipId,
        slug: value.slug,
        name: value.name,
        administrator: {
          email: value.administrator.email,
          created: !current,
          temporaryPassword: current ? null : madePassword,
        },
      }
    })
  }
}
