// Agency leads see and change only their own agency's actions, wherever the
// review that created them lives (issue 4); the business unit of the review's
// partnership and of the agency's partnership runs them and signs them off.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  actionAccess,
  canChangeAction,
  canSeeAction,
  canManageAction,
  canViewActionPlans,
  type ActionScope,
} from './policy.js'
import type { Actor, Role } from './roles.js'

const WANDSWORTH = 'wandsworth-id'
const SOUTHWARK = 'southwark-id'
const LAMBETH = 'lambeth-id'
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
  agencyPartnershipId: WANDSWORTH,
  reviewPartnershipId: WANDSWORTH,
  ...overrides,
})

describe('action policy', () => {
  it('an agency lead changes and sees their own agency’s actions only', () => {
    const policeLead = actor('agency-lead', WANDSWORTH, POLICE)
    assert.equal(canChangeAction(policeLead, action()), true)
    assert.equal(canSeeAction(policeLead, action()), true)
    assert.equal(canChangeAction(policeLead, action({ agencyId: SCHOOLS })), false)
    assert.equal(canSeeAction(policeLead, action({ agencyId: SCHOOLS })), false)
    assert.equal(canManageAction(policeLead, action()), false, 'an agency does not assure itself')
  })

  it('wherever the review lives: a Wandsworth lead changes their agency’s action from a Southwark review', () => {
    const lead = actor('agency-lead', WANDSWORTH, POLICE)
    assert.equal(canChangeAction(lead, action({ reviewPartnershipId: SOUTHWARK })), true)
    assert.equal(
      canChangeAction(lead, action({ reviewPartnershipId: SOUTHWARK, agencyId: SCHOOLS })),
      false,
    )
  })

  it('an agency lead not linked to an agency changes nothing', () => {
    assert.equal(canChangeAction(actor('agency-lead'), action()), false)
    assert.equal(canSeeAction(actor('agency-lead'), action()), false)
  })

  it('the business unit of the review’s or the agency’s partnership changes and signs off; a third partnership does neither', () => {
    const crossBorder = action({ reviewPartnershipId: SOUTHWARK, agencyPartnershipId: WANDSWORTH })
    for (const partnership of [SOUTHWARK, WANDSWORTH]) {
      assert.equal(canChangeAction(actor('business-unit', partnership), crossBorder), true)
      assert.equal(canManageAction(actor('business-unit', partnership), crossBorder), true)
    }
    assert.equal(canChangeAction(actor('business-unit', LAMBETH), crossBorder), false)
    assert.equal(canSeeAction(actor('business-unit', LAMBETH), crossBorder), false)
    assert.equal(canManageAction(actor('business-unit', LAMBETH), crossBorder), false)
  })

  it('partners and administrators see but do not change; practitioners, reviewers and the public do neither', () => {
    assert.equal(canSeeAction(actor('partner'), action()), true)
    assert.equal(canChangeAction(actor('partner'), action()), false)
    assert.equal(canSeeAction(actor('administrator'), action()), true)
    assert.equal(canChangeAction(actor('administrator'), action()), false)
    for (const role of ['practitioner', 'reviewer'] as const) {
      assert.equal(canSeeAction(actor(role, WANDSWORTH, POLICE), action()), false, role)
      assert.equal(canChangeAction(actor(role, WANDSWORTH, POLICE), action()), false, role)
    }
    assert.equal(canSeeAction(null, action()), false)
    assert.equal(canChangeAction(null, action()), false)
    assert.equal(canManageAction(null, action()), false)
  })

  it('a restricted review’s actions: the people on its access list and the owning agency’s leads; its partnership’s administrators are let in, audited', () => {
    const restricted = action({ reviewAccessRestricted: true, reviewAccessList: ['someone-else'] })
    const policeLead = actor('agency-lead', WANDSWORTH, POLICE)
    assert.equal(actionAccess(policeLead, restricted), 'open', 'assigned to them: need to know')
    assert.equal(canChangeAction(policeLead, restricted), true)
    const schoolsLead = actor('agency-lead', WANDSWORTH, SCHOOLS)
    assert.equal(actionAccess(schoolsLead, restricted), 'refused')
    assert.equal(canChangeAction(actor('business-unit'), restricted), false)
    assert.equal(actionAccess(actor('business-unit'), restricted), 'refused')
    assert.equal(canManageAction(actor('business-unit'), restricted), false)
    assert.equal(actionAccess(actor('partner'), restricted), 'refused')
    assert.equal(actionAccess(actor('administrator'), restricted), 'administrator')
    assert.equal(actionAccess(actor('administrator', SOUTHWARK), restricted), 'refused')

    const onList = { ...restricted, reviewAccessList: ['user-1'] }
    assert.equal(canChangeAction(actor('business-unit'), onList), true)
    assert.equal(canManageAction(actor('business-unit'), onList), true)
    assert.equal(actionAccess(actor('administrator'), onList), 'open')
  })
})

describe('who opens the action plans', () => {
  it('the business unit, partners, administrators and agency leads with an agency; not practitioners, reviewers or the public', () => {
    for (const role of ['business-unit', 'partner', 'administrator'] as const) {
      assert.equal(canViewActionPlans(actor(role)), true, role)
    }
    assert.equal(canViewActionPlans(actor('agency-lead', WANDSWORTH, POLICE)), true)
    assert.equal(
      canViewActionPlans(actor('agency-lead')),
      false,
      'a lead with no agency has no plan',
    )
    assert.equal(canViewActionPlans(actor('practitioner')), false)
    assert.equal(canViewActionPlans(actor('reviewer')), false)
    assert.equal(canViewActionPlans(null), false)
  })
})
