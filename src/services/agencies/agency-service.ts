// The partnership's list of agencies (issue 8), kept by its administrators:
// add, rename or change the kind, retire with a reason and bring back. Each
// change is versioned (a stale edit is refused) and audited in the same
// transaction. Administrators see and change only their own partnerships'.
import { randomUUID } from 'node:crypto'
import {
  findAgencyEntry,
  listAgencyEntries,
  setAgencyRetirement,
  updateAgencyEntry,
  type AgencyListEntry,
} from '../../data/repositories/agencies/agency-repository.js'
import {
  findPartnershipById,
  insertAgency,
  listPartnerships,
} from '../../data/repositories/partnership-repository.js'
import { assertCan, partnershipsWhere } from '../../domain/access/policy.js'
import type { Actor } from '../../domain/access/roles.js'
import { checkAgency, checkRetirementReason } from '../../domain/agencies/agency-list.js'
import { NotFoundError, ValidationError } from '../../domain/errors.js'
import { recordAudit } from '../audit-trail.js'
import { userActor, type ServiceContext } from '../context.js'

export interface PartnershipAgencies {
  readonly partnership: { readonly id: string; readonly name: string }
  readonly agencies: readonly AgencyListEntry[]
}

export class AgencyService {
  constructor(private readonly context: ServiceContext) {}

  /** The agencies of each partnership this administrator keeps, current ones first. */
  async list(actor: Actor | null): Promise<PartnershipAgencies[]> {
    assertCan(actor, 'settings:manage')
    const ids = partnershipsWhere(actor, 'settings:manage')
    const partnerships = (await listPartnerships(this.context.db)).filter((partnership) =>
      ids.includes(partnership.id),
    )
    const entries = await listAgencyEntries(this.context.db, ids)
    return partnerships.map((partnership) => ({
      partnership: { id: partnership.id, name: partnership.name },
      agencies: [
        ...entries.filter((entry) => entry.partnershipId === partnership.id && !entry.retiredOn),
        ...entries.filter((entry) => entry.partnershipId === partnership.id && entry.retiredOn),
      ],
    }))
  }

  /** One agency, for its change and retire pages: 404 outside the actor's partnerships. */
  async find(actor: Actor | null, id: string): Promise<AgencyListEntry> {
    assertCan(actor, 'settings:manage')
    const entry = await findAgencyEntry(this.context.db, id)
    if (!entry || !partnershipsWhere(actor, 'settings:manage').includes(entry.partnershipId)) {
      throw new NotFoundError('No such agency')
    }
    return entry
  }

  async add(
    actor: Actor | null,
    partnershipId: string,
    form: { name: unknown; kind: unknown },
  ): Promise<AgencyListEntry> {
    assertCan(actor, 'settings:manage')
    if (!partnershipsWhere(actor, 'settings:manage').includes(partnershipId)) {
      throw new ValidationError([
        { field: 'partnership', message: 'Select a partnership whose agencies you keep' },
      ])
    }
    const { db, now } = this.context
    return db.transaction().execute(async (trx) => {
      if (!(await findPartnershipById(trx, partnershipId)))
        throw new NotFoundError('No such partnership')
      const others = (await listAgencyEntries(trx, [partnershipId])).map((entry) => entry.name)
      const checked = checkAgency(form, others)
      if (!checked.value) throw new ValidationError(checked.errors)
      const id = randomUUID()
      const at = now()
      await insertAgency(trx, {
        id,
        partnershipId,
        name: checked.value.name,
        kind: checked.value.kind,
        createdAt: at.toISOString(),
      })
      await recordAudit(trx, at, {
        actor: userActor(actor),
        action: 'agency.added',
        recordType: 'agency',
        recordId: id,
        partnershipId,
        after: { name: checked.value.name, kind: checked.value.kind },
      })
      return (await findAgencyEntry(trx, id))!
    })
  }

  async change(
    actor: Actor | null,
    id: string,
    version: number,
    form: { name: unknown; kind: unknown },
  ): Promise<AgencyListEntry> {
    const entry = await this.find(actor, id)
    const { db, now } = this.context
    return db.transaction().execute(async (trx) => {
      const others = (await listAgencyEntries(trx, [entry.partnershipId]))
        .filter((other) => other.id !== id)
        .map((other) => other.name)
      const checked = checkAgency(form, others)
      if (!checked.value) throw new ValidationError(checked.errors)
      await updateAgencyEntry(trx, id, version, checked.value)
      const at = now()
      await recordAudit(trx, at, {
        actor: userActor(actor!),
        action: 'agency.changed',
        recordType: 'agency',
        recordId: id,
        partnershipId: entry.partnershipId,
        before: { name: entry.name, kind: entry.kind },
        after: { name: checked.value.name, kind: checked.value.kind },
      })
      return (await findAgencyEntry(trx, id))!
    })
  }

  /** Retires an agency (not offered for new records) or, with `reason` null, brings it back. */
  async setRetired(
    actor: Actor | null,
    id: string,
    version: number,
    retire: { reason: unknown } | null,
  ): Promise<AgencyListEntry> {
    const entry = await this.find(actor, id)
    let reason: string | null = null
    if (retire) {
      const checked = checkRetirementReason(retire.reason)
      if (checked.value === null) throw new ValidationError(checked.errors)
      reason = checked.value
    }
    const { db, now } = this.context
    return db.transaction().execute(async (trx) => {
      const at = now()
      // The day in England, like every other date the service shows.
      const on = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(at)
      await setAgencyRetirement(trx, id, version, reason === null ? null : { on, reason })
      await recordAudit(trx, at, {
        actor: userActor(actor!),
        action: reason === null ? 'agency.restored' : 'agency.retired',
        recordType: 'agency',
        recordId: id,
        partnershipId: entry.partnershipId,
        ...(reason === null ? {} : { after: { reason } }),
      })
      return (await findAgencyEntry(trx, id))!
    })
  }
}
