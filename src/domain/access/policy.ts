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
  // Serious incidents and rapid reviews (S1–S9): the business unit runs them;
  // administrators and partners read them; partners sign rapid reviews off.
  'incidents:manage',
  'incidents:read',
  'rapid-reviews:sign-off',
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
    'incidents:read',
  ],
  'business-unit': [
    'manage:open',
    'partnership:edit',
    'reviews:read-internal',
    'reviews:edit',
    'api:use',
    'incidents:manage',
    'incidents:read',
  ],
  partner: [
    'manage:open',
    'reviews:read-internal',
    'api:use',
    'incidents:read',
    'rapid-reviews:sign-off',
  ],
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

/**
 * Roles whose 'reviews:edit' reaches only the reviews that name them: the
 * partners appoint reviewers to a review (S10), not to the partnership's work.
 */
const NAMED_REVIEWS_ONLY: readonly Role[] = ['reviewer']

/** Who a review belongs to and who is named on it, for the review checks below. */
export interface ReviewAccessScope {
  readonly leadPartnershipId: string
  readonly participatingPartnershipIds: readonly string[]
  /** Accounts of the reviewers named on the review. */
  readonly namedUserIds: readonly string[]
  /** Restricted reviews are seen only by the lead partnership and the named reviewers. */
  readonly restricted: boolean
}

/** May the actor commission a review led by this partnership (not a reviewer's job)? */
export function canCommissionReview(actor: Actor | null, partnershipId: string): boolean {
  if (!actor) return false
  return actor.memberships.some(
    (membership) =>
      membership.partnershipId === partnershipId &&
      GRANTS[membership.role].includes('reviews:edit') &&
      !NAMED_REVIEWS_ONLY.includes(membership.role),
  )
}

/** The business unit edits every review its partnership leads; a reviewer, those naming them. */
export function canEditReview(actor: Actor | null, review: ReviewAccessScope): boolean {
  if (!actor) return false
  const named = review.namedUserIds.includes(actor.userId)
  const partnerships = [review.leadPartnershipId, ...review.participatingPartnershipIds]
  return actor.memberships.some((membership) => {
    if (!GRANTS[membership.role].includes('reviews:edit')) return false
    if (NAMED_REVIEWS_ONLY.includes(membership.role)) {
      return named && partnerships.includes(membership.partnershipId)
    }
    return membership.partnershipId === review.leadPartnershipId
  })
}

/** Reading a review in progress: its partnerships' staff, a reviewer only when named. */
export function canReadReview(actor: Actor | null, review: ReviewAccessScope): boolean {
  if (!actor) return false
  if (canEditReview(actor, review)) return true
  const partnerships = review.restricted
    ? [review.leadPartnershipId]
    : [review.leadPartnershipId, ...review.participatingPartnershipIds]
  return actor.memberships.some(
    (membership) =>
      partnerships.includes(membership.partnershipId) &&
      GRANTS[membership.role].includes('reviews:read-internal') &&
      !NAMED_REVIEWS_ONLY.includes(membership.role),
  )
}

export function assertCanEditReview(
  actor: Actor | null,
  review: ReviewAccessScope,
): asserts actor is Actor {
  if (!canEditReview(actor, review)) throw new AccessDeniedError('Not allowed: reviews:edit')
}
