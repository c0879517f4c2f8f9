// Agency leads see and change only their own agency's actions, wherever the
// review that created them lives (issue 4; action plans come next).
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { canChangeAction, canSeeAction, type ActionScope } from './policy.js'
import type { Actor, Role } from './roles.js'

const WANDSWORTH = 'wandsworth-id'
const SOUTHWARK = 'southwark-id'
const POLICE = 'police-agency-id'
const SCHOOLS = 'schools-agency-id'

function actor(role: Role, partnershipId = WANDSWORTH, agencyId: string | null = null): Actor {
  return {
    userId: 'user-1',
    displayName: 'Someone',
    memberships: [{ partnershipId, partnershipSlug: 'p', partnershipName: 'P', role, agencyId }],
  }
}

const action = (overrides: Partial<ActionScope> = {}): ActionScope => ({
  agencyId: POLICE,
  partnershipId: WANDSWORTH,
  ...overrides,
})

describe('action policy', () => {
  it('an agency lead changes and sees their own agency’s actions only', () => {
    const policeLead = actor('agency-lead', WANDSWORTH, POLICE)
    assert.equal(canChangeAction(policeLead, action()), true)
    assert.equal(canSeeAction(policeLead, action()), true)
    assert.equal(canChangeAction(policeLead, action({ agencyId: SCHOOLS })), false)
    assert.equal(canSeeAction(policeLead, action({ agencyId: SCHOOLS })), false)
  })

  it('wherever the review lives: a lead in Southwark changes their agency’s action from a Wandsworth review', () => {
    const lead = actor('agency-lead', SOUTHWARK, POLICE)
    assert.equal(canChangeAction(lead, action({ partnershipId: WANDSWORTH })), true)
    assert.equal(canChangeAction(lead, action({ agencyId: SCHOOLS })), false)
  })

  it('an agency lead not linked to an agency changes nothing', () => {
    assert.equal(canChangeAction(actor('agency-lead'), action()), false)
  })

  it('the business unit of the review’s partnership changes every action of it, not another’s', () => {
    assert.equal(canChangeAction(actor('business-unit'), action()), true)
    assert.equal(canChangeAction(actor('business-unit', SOUTHWARK), action()), false)
  })

  it('partners see but do not change; practitioners, reviewers and the public do neither', () => {
    assert.equal(canSeeAction(actor('partner'), action()), true)
    assert.equal(canChangeAction(actor('partner'), action()), false)
    assert.equal(canChangeAction(actor('administrator'), action()), false)
    for (const role of ['practitioner', 'reviewer'] as const) {
      assert.equal(canSeeAction(actor(role, WANDSWORTH, POLICE), action()), false, role)
      assert.equal(canChangeAction(actor(role, WANDSWORTH, POLICE), action()), false, role)
    }
    assert.equal(canSeeAction(null, action()), false)
    assert.equal(canChangeAction(null, action()), false)
  })
})
