// The one place that decides who may do what. Routes and services ask `can` or
// `assertCan`; no other module compares role names.
import { AccessDeniedError } from '../errors.js'
import type { Actor, Role } from './roles.js'

export const PERMISSIONS = [
  'manage:open',
  'partnership:edit',
  'users:manage',
  'audit:read',
  'reviews:read-internal',
  'reviews:edit',
  'api:use',
  'settings:manage',
] as const

export type Permission = (typeof PERMISSIONS)[number]

const GRANTS: Record<Role, readonly Permission[]> = {
  administrator: [
    'manage:open',
    'partnership:edit',
    'users:manage',
    'audit:read',
    'reviews:read-internal',
    'api:use',
    'settings:manage',
  ],
  'business-unit': [
    'manage:open',
    'partnership:edit',
    'reviews:read-internal',
    'reviews:edit',
    'api:use',
  ],
  partner: ['manage:open', 'reviews:read-internal', 'api:use'],
  reviewer: ['manage:open', 'reviews:read-internal', 'reviews:edit', 'api:use'],
  'agency-lead': ['manage:open', 'api:use'],
  practitioner: ['manage:open', 'api:use'],
}

export function permissionsOf(role: Role): readonly Permission[] {
  return GRANTS[role]
}

/**
 * May the actor do this? With a partnership id, only memberships of that
 * partnership count: a role in Southwark grants nothing in Wandsworth.
 */
export function can(
  actor: Actor | null,
  permission: Permission,
  scope?: { partnershipId: string },
): boolean {
  if (!actor) return false
  return actor.memberships.some(
    (membership) =>
      (scope === undefined || membership.partnershipId === scope.partnershipId) &&
      GRANTS[membership.role].includes(permission),
  )
}

export function assertCan(
  actor: Actor | null,
  permission: Permission,
  scope?: { partnershipId: string },
): asserts actor is Actor {
  if (!can(actor, permission, scope)) {
    throw new AccessDeniedError(`Not allowed: ${permission}`)
  }
}

/** Partnerships in which the actor holds this permission. */
export function partnershipsWhere(actor: Actor, permission: Permission): string[] {
  return [
    ...new Set(
      actor.memberships
        .filter((membership) => GRANTS[membership.role].includes(permission))
        .map((membership) => membership.partnershipId),
    ),
  ]
}
