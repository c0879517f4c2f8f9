import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { AccessDeniedError } from '../errors.js'
import { assertCan, can, partnershipsWhere, permissionsOf } from './policy.js'
import { ROLES, type Actor, type Role } from './roles.js'

function actorWith(role: Role, partnershipId = 'wandsworth-id'): Actor {
  return {
    userId: 'user-1',
    displayName: 'Demo user',
    memberships: [
      {
        partnershipId,
        partnershipSlug: 'wandsworth',
        partnershipName: 'Wandsworth',
        role,
        agencyId: null,
      },
    ],
  }
}

describe('access policy', () => {
  it('lets every role open the manage area', () => {
    for (const role of ROLES) assert.equal(can(actorWith(role), 'manage:open'), true, role)
  })

  it('refuses an anonymous visitor and a user without memberships', () => {
    assert.equal(can(null, 'manage:open'), false)
    assert.equal(can({ userId: 'u', displayName: 'x', memberships: [] }, 'manage:open'), false)
  })

  it('gives user management to administrators only', () => {
    const allowed = ROLES.filter((role) => permissionsOf(role).includes('users:manage'))
    assert.deepEqual(allowed, ['administrator'])
  })

  it('scopes permissions to the partnership of the membership', () => {
    const southwarkAdmin = actorWith('administrator', 'southwark-id')
    assert.equal(can(southwarkAdmin, 'users:manage', { partnershipId: 'southwark-id' }), true)
    assert.equal(can(southwarkAdmin, 'users:manage', { partnershipId: 'wandsworth-id' }), false)
  })

  it('throws AccessDeniedError from assertCan when refused', () => {
    assert.throws(() => assertCan(actorWith('practitioner'), 'audit:read'), AccessDeniedError)
    assert.doesNotThrow(() => assertCan(actorWith('administrator'), 'audit:read'))
  })

  it('lists the partnerships where a permission is held', () => {
    const actor: Actor = {
      ...actorWith('practitioner', 'a'),
      memberships: [
        ...actorWith('practitioner', 'a').memberships,
        ...actorWith('business-unit', 'b').memberships,
      ],
    }
    assert.deepEqual(partnershipsWhere(actor, 'partnership:edit'), ['b'])
  })
})
