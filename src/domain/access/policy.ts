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
  // Restricted records and identity fields (issue 4): the business unit restricts
  // a record to an access list; showing a child's identifying details asks for a
  // reason and is audited every time.
  'records:restrict',
  'records:open-restricted',
  'identity:view',
  // Action plans (next issue): the business unit manages every action of its
  // partnership; an agency lead only its own agency's (see canChangeAction).
  'actions:manage',
  'actions:update-own-agency',
  // The outbox (issue 10): what mail the partnership's service sent, to whom,
  // and what failed, with a retry.
  'outbox:read',
  // Seven-minute briefings (issue 9): the partnership's record of which teams
  // used its briefings, for those who run and oversee its learning.
  'briefings:see-use',
  // Assurance (issue 10): the business unit or a statutory partner's delegate
  // says a completed action really changed practice, or sends it back.
  'actions:assure',
  // Publication (issue 9, S15): taking a published report down before its
  // "available until" date is an administrator's decision, with a reason.
  'publications:take-down-early',
  // Learning events (issue 11): the business unit plans them, records who
  // attended and sees their reach; any member of staff books a place.
  'learning-events:organise',
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
    // Administrators open restricted records of their partnership; each time is audited.
    'records:open-restricted',
    'identity:view',
    'outbox:read',
    'briefings:see-use',
    'publications:take-down-early',
  ],
  'business-unit': [
    'manage:open',
    'partnership:edit',
    'reviews:read-internal',
    'reviews:edit',
    'api:use',
    'incidents:manage',
    'incidents:read',
    'records:restrict',
    'identity:view',
    'actions:manage',
    'outbox:read',
    'briefings:see-use',
    'actions:assure',
    'learning-events:organise',
  ],
  partner: [
    'manage:open',
    'reviews:read-internal',
    'api:use',
    'incidents:read',
    'rapid-reviews:sign-off',
    'briefings:see-use',
    'actions:assure',
  ],
  reviewer: ['manage:open', 'reviews:read-internal', 'reviews:edit', 'api:use'],
  'agency-lead': ['manage:open', 'api:use', 'actions:update-own-agency'],
  practitioner: ['manage:open', 'api:use'],
}

export function permissionsOf(role: Role): readonly Permission[] {
  return GRANTS[role]
}

/**
 * Permissions that make an account worth stealing: seeing restricted identity
 * fields (the business unit manages incidents and their children's details) or
 * managing other people's accounts.
 */
const TWO_FACTOR_PERMISSIONS: readonly Permission[] = [
  'identity:view',
  'incidents:manage',
  'users:manage',
]

/** Must this person use two-factor authentication (issue 4), whatever the settings say? */
export function requiresTwoFactor(actor: Actor): boolean {
  // A deployment administrator makes partnerships' administrators.
  if (actor.deploymentAdministrator === true) return true
  return actor.memberships.some((membership) =>
    TWO_FACTOR_PERMISSIONS.some((permission) => GRANTS[membership.role].includes(permission)),
  )
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

/**
 * May the actor run the deployment: create partnerships, their agencies and
 * first administrators (issue 12)? Only a deployment administrator, whatever
 * their roles in partnerships; and it opens no partnership's records.
 */
export function canManageDeployment(actor: Actor | null): actor is Actor {
  return actor?.deploymentAdministrator === true
}

export function assertCanManageDeployment(actor: Actor | null): asserts actor is Actor {
  if (!canManageDeployment(actor)) throw new AccessDeniedError('Not allowed: deployment:manage')
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
  /** Restricted to its access list (issue 4): only those people, and administrators (audited). */
  readonly accessRestricted?: boolean
  readonly accessList?: readonly string[]
}

/**
 * Who may open a record (an incident with its rapid review, or a review): the
 * staff of its partnerships holding the permission, the people named on it, and,
 * once it is restricted, only those of them on its access list, plus the owning
 * partnership's administrators, whose access is audited. Everyone else is told
 * the record does not exist.
 */
export interface RecordAccessScope {
  /** The partnership the record belongs to (a review's lead partnership). */
  readonly partnershipId: string
  /** Other partnerships whose staff may open it (a review's participating partnerships). */
  readonly sharedWithPartnershipIds?: readonly string[]
  /** What a member needs in one of those partnerships to open it. */
  readonly permission: Permission
  /** People named on the record (a review's reviewers), who need not be staff of it. */
  readonly namedUserIds?: readonly string[]
  readonly restricted: boolean
  /** Accounts on the access list; it narrows, never widens, who may open the record. */
  readonly accessList: readonly string[]
}

/** 'administrator': allowed only as an administrator of a restricted record, so audit it. */
export type RecordAccess = 'open' | 'administrator' | 'refused'

export function recordAccess(actor: Actor | null, record: RecordAccessScope): RecordAccess {
  if (!actor) return 'refused'
  const partnerships = [record.partnershipId, ...(record.sharedWithPartnershipIds ?? [])]
  const named = record.namedUserIds?.includes(actor.userId) ?? false
  const byRole = actor.memberships.some(
    (membership) =>
      partnerships.includes(membership.partnershipId) &&
      GRANTS[membership.role].includes(record.permission) &&
      (named || !NAMED_REVIEWS_ONLY.includes(membership.role)),
  )
  if (!record.restricted) return byRole ? 'open' : 'refused'
  if (byRole && record.accessList.includes(actor.userId)) return 'open'
  const administrator = actor.memberships.some(
    (membership) =>
      membership.partnershipId === record.partnershipId &&
      GRANTS[membership.role].includes('records:open-restricted'),
  )
  return administrator ? 'administrator' : 'refused'
}

export function canOpenRecord(actor: Actor | null, record: RecordAccessScope): boolean {
  return recordAccess(actor, record) !== 'refused'
}

/** A review's scope as a record: the older `restricted` flag keeps it to the lead partnership. */
export function reviewRecordScope(review: ReviewAccessScope): RecordAccessScope {
  return {
    partnershipId: review.leadPartnershipId,
    sharedWithPartnershipIds: review.restricted ? [] : review.participatingPartnershipIds,
    permission: 'reviews:read-internal',
    namedUserIds: review.namedUserIds,
    restricted: review.accessRestricted ?? false,
    accessList: review.accessList ?? [],
  }
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
  if (review.accessRestricted && !(review.accessList ?? []).includes(actor.userId)) return false
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
  return canEditReview(actor, review) || canOpenRecord(actor, reviewRecordScope(review))
}

export function assertCanEditReview(
  actor: Actor | null,
  review: ReviewAccessScope,
): asserts actor is Actor {
  if (!canEditReview(actor, review)) throw new AccessDeniedError('Not allowed: reviews:edit')
}

/** An action of an agency's action plan, for the action checks below. */
export interface ActionScope {
  /** The agency that owns the action. */
  readonly agencyId: string
  /** The partnership that agency belongs to. */
  readonly agencyPartnershipId: string
  /** The lead partnership of the review whose learning created the action. */
  readonly reviewPartnershipId: string
  /**
   * The review is restricted to its access list (issue 4): its actions are then
   * for the people on that list, the lead partnership's administrators (audited)
   * and the owning agency's leads, who were given the action to do and so need
   * to know it. Others do not learn the review exists, so not its actions either.
   */
  readonly reviewAccessRestricted?: boolean
  readonly reviewAccessList?: readonly string[]
}

/** The two partnerships with a say over an action: the review's and the agency's. */
const actionPartnerships = (action: ActionScope): readonly string[] => [
  action.reviewPartnershipId,
  action.agencyPartnershipId,
]

/** Not restricted, or restricted with the actor on the review's access list. */
const onActionAccessList = (actor: Actor, action: ActionScope): boolean =>
  !action.reviewAccessRestricted || (action.reviewAccessList ?? []).includes(actor.userId)

/**
 * Agency leads change only their own agency's actions, wherever the review that
 * created them lives (DESIGN.md: an agency lead may sit in another partnership).
 * The business unit changes the actions of its own reviews and of its own
 * agencies: Southwark's coordinator runs the Child Y plan it led, Wandsworth's
 * follows up its children's services' part of it.
 */
export function canChangeAction(actor: Actor | null, action: ActionScope): boolean {
  if (!actor) return false
  return actor.memberships.some((membership) => {
    const granted = GRANTS[membership.role]
    if (
      granted.includes('actions:manage') &&
      actionPartnerships(action).includes(membership.partnershipId) &&
      onActionAccessList(actor, action)
    ) {
      return true
    }
    // The agency decides, not the partnership: the lead's membership may be elsewhere.
    return granted.includes('actions:update-own-agency') && membership.agencyId === action.agencyId
  })
}

/**
 * Assigning actions to agencies, signing a completed one off (assurance) and
 * reopening it: the business unit's part, never the agency's own.
 */
export function canManageAction(actor: Actor | null, action: ActionScope): boolean {
  if (!actor || !onActionAccessList(actor, action)) return false
  return actor.memberships.some(
    (membership) =>
      GRANTS[membership.role].includes('actions:manage') &&
      actionPartnerships(action).includes(membership.partnershipId),
  )
}

/**
 * Assuring a completed action or sending it back (issue 10): the business unit
 * or a statutory partner's delegate of either partnership with a say over it,
 * on the review's access list when it is restricted. Never the agency itself.
 */
export function canAssureAction(actor: Actor | null, action: ActionScope): boolean {
  if (!actor || !onActionAccessList(actor, action)) return false
  return actor.memberships.some(
    (membership) =>
      GRANTS[membership.role].includes('actions:assure') &&
      actionPartnerships(action).includes(membership.partnershipId),
  )
}

/**
 * Which actions a list may show this actor, as data a query can use: those of
 * their own agencies (agency leads, wherever the review is), and those linked
 * to a partnership where they are staff who read reviews, unless the review is
 * restricted and they are not on its list. The same rule as actionAccess's
 * 'open', so a filtered, paged list can be counted and paged in the database.
 */
export interface ActionListScope {
  readonly userId: string
  readonly ownAgencyIds: readonly string[]
  readonly staffPartnershipIds: readonly string[]
}

export function actionListScope(actor: Actor): ActionListScope {
  const ownAgencyIds = new Set<string>()
  const staffPartnershipIds = new Set<string>()
  for (const membership of actor.memberships) {
    const granted = GRANTS[membership.role]
    if (granted.includes('actions:update-own-agency') && membership.agencyId !== null) {
      ownAgencyIds.add(membership.agencyId)
    }
    if (
      granted.includes('actions:manage') ||
      (granted.includes('reviews:read-internal') && !NAMED_REVIEWS_ONLY.includes(membership.role))
    ) {
      staffPartnershipIds.add(membership.partnershipId)
    }
  }
  return {
    userId: actor.userId,
    ownAgencyIds: [...ownAgencyIds],
    staffPartnershipIds: [...staffPartnershipIds],
  }
}

/**
 * Seeing an action: whoever may change it, and the staff of either partnership
 * who read its reviews. 'administrator' when only an administrator's right to
 * open restricted records lets them in: the caller audits it.
 */
export function actionAccess(actor: Actor | null, action: ActionScope): RecordAccess {
  if (!actor) return 'refused'
  if (canChangeAction(actor, action)) return 'open'
  const staff = actor.memberships.some(
    (membership) =>
      actionPartnerships(action).includes(membership.partnershipId) &&
      GRANTS[membership.role].includes('reviews:read-internal') &&
      !NAMED_REVIEWS_ONLY.includes(membership.role),
  )
  if (staff && onActionAccessList(actor, action)) return 'open'
  const administrator = actor.memberships.some(
    (membership) =>
      membership.partnershipId === action.reviewPartnershipId &&
      GRANTS[membership.role].includes('records:open-restricted'),
  )
  return action.reviewAccessRestricted && administrator ? 'administrator' : 'refused'
}

/** May the actor open the action plans at all (the list may still be empty)? */
export function canViewActionPlans(actor: Actor | null): boolean {
  if (!actor) return false
  return actor.memberships.some((membership) => {
    const granted = GRANTS[membership.role]
    return (
      granted.includes('actions:manage') ||
      (granted.includes('actions:update-own-agency') && membership.agencyId !== null) ||
      (granted.includes('reviews:read-internal') && !NAMED_REVIEWS_ONLY.includes(membership.role))
    )
  })
}

export function canSeeAction(actor: Actor | null, action: ActionScope): boolean {
  return actionAccess(actor, action) !== 'refused'
}

/**
 * What the staff search of the learning library (issue 11) may show this
 * actor, as data a query can use, so access is applied in the database
 * before counting and paging. Every partnership's published work is for all
 * staff; beyond it, the same rules as opening the record:
 *  - a review's findings and briefing: staff of its partnerships who read
 *    reviews (a participating partnership's only when the review is not
 *    kept to its lead), and the reviewers named on it;
 *  - a review's report versions not yet published: its team (the lead
 *    partnership's business unit, the named reviewers) and the lead
 *    partnership's administrators, as on the report version's page;
 *  - a rapid review's findings: its partnership's staff who read incidents;
 *  - a restricted record: only the people on its access list, whatever their
 *    role. An administrator may open one (audited), but a search is no
 *    reason to show them its text.
 */
export interface StaffSearchScope {
  readonly userId: string
  /** Partnerships whose reviews (findings, briefings) they read. */
  readonly readReviewPartnershipIds: readonly string[]
  /** Partnerships whose reviews' draft reports they read (team or administrator). */
  readonly draftReportPartnershipIds: readonly string[]
  /** Partnerships whose rapid reviews they read. */
  readonly incidentPartnershipIds: readonly string[]
  /** They are a reviewer somewhere: reviews naming them are theirs to read. */
  readonly readsNamedReviews: boolean
}

export function staffSearchScope(actor: Actor): StaffSearchScope {
  const reviews = new Set<string>()
  const drafts = new Set<string>()
  const incidents = new Set<string>()
  let named = false
  for (const membership of actor.memberships) {
    const granted = GRANTS[membership.role]
    const namedOnly = NAMED_REVIEWS_ONLY.includes(membership.role)
    if (namedOnly && granted.includes('reviews:read-internal')) named = true
    if (!namedOnly && granted.includes('reviews:read-internal'))
      reviews.add(membership.partnershipId)
    if (
      (!namedOnly && granted.includes('reviews:edit')) ||
      granted.includes('records:open-restricted')
    ) {
      drafts.add(membership.partnershipId)
    }
    if (granted.includes('incidents:read')) incidents.add(membership.partnershipId)
  }
  return {
    userId: actor.userId,
    readReviewPartnershipIds: [...reviews],
    draftReportPartnershipIds: [...drafts],
    incidentPartnershipIds: [...incidents],
    readsNamedReviews: named,
  }
}
