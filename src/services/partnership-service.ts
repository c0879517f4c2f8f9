import {
  findPartnershipById,
  updatePartnershipName,
  type Partnership,
} from '../data/repositories/partnership-repository.js'
import { assertCan } from '../domain/access/policy.js'
import type { Actor } from '../domain/access/roles.js'
import { NotFoundError, ValidationError } from '../domain/errors.js'
import { recordAudit } from './audit-trail.js'
import { type ServiceContext, userActor } from './context.js'

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
    const trimmed = name.trim()
    if (trimmed.length === 0) {
      throw new ValidationError([{ field: 'name', message: 'Enter the partnership’s name' }])
    }
    if (trimmed.length > PARTNERSHIP_NAME_MAX_LENGTH) {
      throw new ValidationError([
        {
          field: 'name',
          message: `Partnership name must be ${PARTNERSHIP_NAME_MAX_LENGTH} characters or fewer`,
        },
      ])
    }
    const { db, now } = this.context
    await db.transaction().execute(async (trx) => {
      const before = await findPartnershipById(trx, partnershipId)
      if (!before) throw new NotFoundError('No such partnership')
      await updatePartnershipName(trx, partnershipId, expectedVersion, trimmed)
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
