import { can } from '../../../domain/access/policy.js'
import { ROLE_NAMES, type Actor } from '../../../domain/access/roles.js'

export function manageHomeViewModel(actor: Actor) {
  return {
    pageTitle: 'Manage',
    displayName: actor.displayName,
    canManageSettings: can(actor, 'settings:manage'),
    canReadIncidents: can(actor, 'incidents:read'),
    canReadReviews: can(actor, 'reviews:read-internal'),
    memberships: actor.memberships.map((membership) => ({
      partnershipId: membership.partnershipId,
      partnershipName: membership.partnershipName,
      roleName: ROLE_NAMES[membership.role],
      canEditPartnership: can(actor, 'partnership:edit', {
        partnershipId: membership.partnershipId,
      }),
    })),
  }
}
