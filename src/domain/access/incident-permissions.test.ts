import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { can, permissionsOf } from './policy.js'
import { ROLES, type Actor, type Role } from './roles.js'

function actorWith(role: Role, partnershipId = 'wandsworth-id'): Actor {
  return {
    userId: 'user-1',
    displayName: 'Demo user',
    memberships: [
      { partnershipId, partnershipSlug: 'p', partnershipName: 'P', role, agencyId: null },
    ],
  }
}

const holders = (permission: Parameters<typeof can>[1]) =>
  ROLES.filter((role) => permissionsOf(role).includes(permission))

describe('incident and rapid review permissions', () => {
  it('the business unit manages incidents (S1–S9)', () => {
    assert.deepEqual(holders('incidents:manage'), ['business-unit'])
  })

  it('administrators and partners may read incidents; practitioners, reviewers and agency leads may not', () => {
    assert.deepEqual(holders('incidents:read'), ['administrator', 'business-unit', 'partner'])
  })

  it('only the statutory partners’ delegates sign rapid reviews off (S8)', () => {
    assert.deepEqual(holders('rapid-reviews:sign-off'), ['partner'])
  })

  it('is scoped to the partnership of the membership', () => {
    const southwark = actorWith('business-unit', 'southwark-id')
    assert.equal(can(southwark, 'incidents:manage', { partnershipId: 'southwark-id' }), true)
    assert.equal(can(southwark, 'incidents:manage', { partnershipId: 'wandsworth-id' }), false)
  })
})
