import {
  findPartnershipById,
  updatePartnershipName,
  type Partnership,
} from '../data/repositories/partnership-repository.js'
import { assertCan } from '../domain/access/policy.js'
import type { Actor } from '../domain/access/roles.js'
import { NotFoundError, ValidationError, type FieldError } from '../domain/errors.js'
import { checkText } from '../domain/incidents/field-rules.js'
import { recordAudit } from './audit-trail.js'
import { type ServiceContext, userActor } from './context.js'
import { labelledValues, PARTNERSHIP_NAME_FIELDS, withSavedVersion } from './edit-conflicts.js'

export const PARTNERSHIP_NAME_MAX_LENGTH = 120

export class PartnershipService {
  constructor(private readonly context: ServiceContext) {}

  async forEditing(actor: Actor | null, partnershipId: string): Promise<Partnership> {
    assertCan(actor, 'partnership:edit', { partnershipId })
    const partnership = await findPartnershipById(this.context.db, partnershipId)
    if (!partnership) throw new NotFoundError('No such partnership')
    return partnership
  }

  /** Renames a partnership; refuses the change if someone saved it since `expectedVersion`. */
  async rename(
    actor: Actor | null,
    partnershipId: string,
    expectedVersion: number,
    name: string,
  ): Promise<void> {
    assertCan(actor, 'partnership:edit', { partnershipId })
    // The shared text rule: required, at most 120 characters, one line, and no
    // control characters (a NUL reached PostgreSQL as a 500).
    const errors: FieldError[] = []
    const trimmed = checkText(
      name,
      {
        field: 'name',
        label: 'Partnership name',
        max: PARTNERSHIP_NAME_MAX_LENGTH,
        requiredMessage: 'Enter the partnership’s name',
      },
      errors,
    )
    if (trimmed === null) throw new ValidationError(errors)
    const { db, now } = this.context
    await db.transaction().execute(async (trx) => {
      const before = await findPartnershipById(trx, partnershipId)
      if (!before) throw new NotFoundError('No such partnership')
      // A save based on an older version is refused with the name saved now.
      await withSavedVersion(
        async () => {
          const current = await findPartnershipById(trx, partnershipId)
          return current ? labelledValues(PARTNERSHIP_NAME_FIELDS, { name: current.name }) : null
        },
        () => updatePartnershipName(trx, partnershipId, expectedVersion, trimmed),
      )
      await recordAudit(trx, now(), {
        actor: userActor(actor),
        action: 'partnership.updated',
        recordType: 'partnership',
        recordId: partnershipId,
        partnershipId,
        before: { name: before.name, version: before.version },
        after: { name: trimmed, version: expectedVersion + 1 },
      })
    })
  }
}
