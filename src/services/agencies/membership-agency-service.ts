// An administrator says which agency an account acts for (issue 8). Accounts
// made before agencies were a list have none: a partner's delegate then cannot
// sign off a rapid review, because the statutory partner it signs for is its
// agency's kind (S8), and an agency lead sees no actions. Audited.
import {
  findAgencyEntry,
  listAgencyEntries,
  type AgencyListEntry,
} from '../../data/repositories/agencies/agency-repository.js'
import {
  findMembershipAgency,
  partnershipsOfUser,
  setMembershipAgency,
  type MembershipAgency,
} from '../../data/repositories/agencies/membership-agency-repository.js'
import { findPartnershipById } from '../../data/repositories/partnership-repository.js'
import { assertCan, partnershipsWhere } from '../../domain/access/policy.js'
import type { Actor } from '../../domain/access/roles.js'
import { isStatutoryPartner } from '../../domain/rapid-reviews/rapid-review.js'
import { NotFoundError, ValidationError } from '../../domain/errors.js'
import { recordAudit } from '../audit-trail.js'
import { userActor, type ServiceContext } from '../context.js'

export interface AccountAgencyChoice {
  readonly partnership: { readonly id: string; readonly name: string }
  readonly membership: MembershipAgency
  /** The partnership's agencies that are not retired, and the account's own if it is. */
  readonly agencies: readonly AgencyListEntry[]
}

export class MembershipAgencyService {
  constructor(private readonly context: ServiceContext) {}

  /**
   * The account's agency in each partnership this administrator manages users
   * of and the account belongs to. Not found for any other account.
   */
  async choices(actor: Actor | null, userId: string): Promise<AccountAgencyChoice[]> {
    assertCan(actor, 'users:manage')
    const { db } = this.context
    const ids = await partnershipsOfUser(db, userId, partnershipsWhere(actor, 'users:manage'))
    if (ids.length === 0) throw new NotFoundError('No such account')
    const agencies = await listAgencyEntries(db, ids)
    const choices: AccountAgencyChoice[] = []
    for (const partnershipId of ids) {
      const partnership = await findPartnershipById(db, partnershipId)
      const membership = await findMembershipAgency(db, userId, partnershipId)
      if (!partnership || !membership) continue
      choices.push({
        partnership: { id: partnership.id, name: partnership.name },
        membership,
        agencies: agencies.filter(
          (agency) =>
            agency.partnershipId === partnershipId &&
            (agency.retiredOn === null || agency.id === membership.agencyId),
        ),
      })
    }
    return choices
  }

  /** Sets (or, with an empty value, clears) the account's agency in one partnership. */
  async set(
    actor: Actor | null,
    userId: string,
    partnershipId: string,
    agencyInput: unknown,
  ): Promise<{ displayName: string; agencyName: string | null }> {
    const choice = (await this.choices(actor, userId)).find(
      (candidate) => candidate.partnership.id === partnershipId,
    )
    if (!choice) throw new NotFoundError('No such account')
    assertCan(actor, 'users:manage', { partnershipId })
    const agencyId = typeof agencyInput === 'string' ? agencyInput.trim() : ''
    const agency =
      agencyId === '' ? null : (choice.agencies.find((entry) => entry.id === agencyId) ?? null)
    if (agencyId !== '' && !agency) {
      throw new ValidationError([
        { field: 'agencyId', message: 'Select one of the partnership’s agencies, or none' },
      ])
    }
    // A statutory partner's delegate signs for exactly one partner (S8): the
    // one its agency is. None, or a school, would leave it signing for nobody.
    if (choice.membership.roles.includes('partner') && !isStatutoryPartner(agency?.kind)) {
      throw new ValidationError([
        {
          field: 'agencyId',
          message:
            'A statutory partner’s delegate must act for the local authority’s, the police’s or health’s agency: it signs off rapid reviews for that partner only (S8)',
        },
      ])
    }
    const before = choice.membership.agencyId
    if (before === (agency?.id ?? null)) {
      return { displayName: choice.membership.displayName, agencyName: agency?.name ?? null }
    }
    const { db, now } = this.context
    const at = now()
    await db.transaction().execute(async (trx) => {
      await setMembershipAgency(trx, userId, partnershipId, agency?.id ?? null)
      const was = before === null ? null : await findAgencyEntry(trx, before)
      await recordAudit(trx, at, {
        actor: userActor(actor),
        action: 'membership.agency-changed',
        recordType: 'user',
        recordId: userId,
        partnershipId,
        before: { agencyId: before, agency: was?.name ?? null },
        after: { agencyId: agency?.id ?? null, agency: agency?.name ?? null },
      })
    })
    return { displayName: choice.membership.displayName, agencyName: agency?.name ?? null }
  }
}
