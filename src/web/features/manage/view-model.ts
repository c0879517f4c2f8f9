import { can, canViewActionPlans } from '../../../domain/access/policy.js'
import { ROLE_NAMES, type Actor } from '../../../domain/access/roles.js'
import type { StatutoryClocksDashboard } from '../../../services/statutory-clocks-service.js'
import { onTimeChartViewModel } from './on-time-chart-view-model.js'
import {
  clocksTableViewModel,
  partnershipOptions,
  readClocksQuery,
} from './statutory-clocks-view-model.js'

export function manageHomeViewModel(actor: Actor) {
  return {
    pageTitle: 'Manage',
    displayName: actor.displayName,
    canManageSettings: can(actor, 'settings:manage'),
    canReadIncidents: can(actor, 'incidents:read'),
    canReadReviews: can(actor, 'reviews:read-internal'),
    canViewActionPlans: canViewActionPlans(actor),
    canReadAudit: can(actor, 'audit:read'),
    canReadOutbox: can(actor, 'outbox:read'),
    canManageUsers: can(actor, 'users:manage'),
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

/** /manage: the statutory clocks dashboard, then the person's roles and pages. */
export function manageDashboardViewModel(
  actor: Actor,
  dashboard: StatutoryClocksDashboard,
  query: unknown,
) {
  const partnerships = partnershipOptions(actor.memberships)
  return {
    ...manageHomeViewModel(actor),
    canSeeClocks: dashboard.canSeeClocks,
    today: dashboard.today,
    clocks: clocksTableViewModel(
      dashboard.rows,
      readClocksQuery(query, partnerships),
      partnerships,
    ),
    chart: onTimeChartViewModel(dashboard.history),
  }
}
