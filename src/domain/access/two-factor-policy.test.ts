import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { requiresTwoFactor } from './policy.js'
import { ROLES, type Actor, type Role } from './roles.js'

function actorWith(...roles: Role[]): Actor {
  return {
    userId: 'u1',
    displayName: 'Someone',
    memberships: roles.map((role, index) => ({
      partnershipId: `p${index}`,
      partnershipSlug: `p${index}`,
      partnershipName: `Partnership ${index}`,
      role,
      agencyId: null,
    })),
  }
}

describe('requiresTwoFactor (issue 4)', () => {
  it('is required for the roles that see identity fields or manage users', () => {
    const required = ROLES.filter((role) => requiresTwoFactor(actorWith(role)))
    assert.ok(required.includes('administrator'))
    assert.ok(required.includes('business-unit'))
    for (const role of ['reviewer', 'agency-lead', 'practitioner'] as const) {
      assert.equal(requiresTwoFactor(actorWith(role)), false, role)
    }
  })

  it('is required when any one membership needs it, and not for no membership', () => {
    assert.equal(requiresTwoFactor(actorWith('practitioner', 'administrator')), true)
    assert.equal(requiresTwoFactor(actorWith()), false)
  })
})
