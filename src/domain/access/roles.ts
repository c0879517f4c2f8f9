// The roles a person can hold in a partnership (DESIGN.md, "Users and what they do").

export const ROLES = [
  'administrator',
  'business-unit',
  'partner',
  'reviewer',
  'agency-lead',
  'practitioner',
] as const

export type Role = (typeof ROLES)[number]

export const ROLE_NAMES: Record<Role, string> = {
  administrator: 'Administrator',
  'business-unit': 'Business unit coordinator',
  partner: 'Statutory partner',
  reviewer: 'Independent reviewer',
  'agency-lead': 'Agency lead',
  practitioner: 'Practitioner',
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value)
}

export interface Membership {
  readonly partnershipId: string
  readonly partnershipSlug: string
  readonly partnershipName: string
  readonly role: Role
  readonly agencyId: string | null
}

/** Who is acting: a signed-in person or an API token's owner. */
export interface Actor {
  readonly userId: string
  readonly displayName: string
  readonly memberships: readonly Membership[]
  /**
   * A deployment administrator (issue 12): creates partnerships, their agencies
   * and first administrators. Grants no role in any partnership.
   */
  readonly deploymentAdministrator?: boolean
}

/** The partnerships a person belongs to, each once, in the memberships' order. */
export function partnershipsOf(actor: Actor): { id: string; slug: string; name: string }[] {
  const seen = new Map<string, { id: string; slug: string; name: string }>()
  for (const membership of actor.memberships) {
    if (!seen.has(membership.partnershipId)) {
      seen.set(membership.partnershipId, {
        id: membership.partnershipId,
        slug: membership.partnershipSlug,
        name: membership.partnershipName,
      })
    }
  }
  return [...seen.values()]
}

/**
 * The person acting for one of their partnerships only (issue 12): their roles
 * elsewhere are set aside, so every page and check sees that partnership's
 * roles alone. A partnership they do not belong to leaves them as they are.
 */
export function actingFor(actor: Actor, partnershipId: string | null | undefined): Actor {
  if (partnershipId === null || partnershipId === undefined) return actor
  const memberships = actor.memberships.filter((m) => m.partnershipId === partnershipId)
  if (memberships.length === 0) return actor
  return { ...actor, memberships }
}
