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
}
