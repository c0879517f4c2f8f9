// The review checks of the policy module: who commissions, edits and reads a
// review in progress (S10: the partners appoint the reviewers).
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { AccessDeniedError } from '../errors.js'
import {
  assertCanEditReview,
  canCommissionReview,
  canEditReview,
  canReadReview,
  type ReviewAccessScope,
} from './policy.js'
import type { Actor, Role } from './roles.js'

const WANDSWORTH = 'wandsworth-id'
const SOUTHWARK = 'southwark-id'

function actor(role: Role, partnershipId = WANDSWORTH, userId = 'user-1'): Actor {
  return {
    userId,
    displayName: 'Someone',
    memberships: [
      {
        partnershipId,
        partnershipSlug: partnershipId.replace('-id', ''),
        partnershipName: partnershipId,
        role,
        agencyId: null,
      },
    ],
  }
}

function review(overrides: Partial<ReviewAccessScope> = {}): ReviewAccessScope {
  return {
    leadPartnershipId: WANDSWORTH,
    participatingPartnershipIds: [SOUTHWARK],
    namedUserIds: [],
    restricted: false,
    ...overrides,
  }
}

describe('review access policy', () => {
  it('S10: the business unit commissions reviews for its own partnership only; reviewers do not', () => {
    assert.equal(canCommissionReview(actor('business-unit'), WANDSWORTH), true)
    assert.equal(canCommissionReview(actor('business-unit'), SOUTHWARK), false)
    for (const role of [
      'reviewer',
      'partner',
      'practitioner',
      'agency-lead',
      'administrator',
    ] as const) {
      assert.equal(canCommissionReview(actor(role), WANDSWORTH), false, role)
    }
    assert.equal(canCommissionReview(null, WANDSWORTH), false)
  })

  it('a reviewer edits only the reviews they are named on', () => {
    const reviewer = actor('reviewer', WANDSWORTH, 'reviewer-1')
    assert.equal(canEditReview(reviewer, review()), false)
    assert.equal(canEditReview(reviewer, review({ namedUserIds: ['reviewer-1'] })), true)
    assert.equal(canEditReview(reviewer, review({ namedUserIds: ['someone-else'] })), false)
    assert.throws(() => assertCanEditReview(reviewer, review()), AccessDeniedError)
  })

  it('a named reviewer from a participating partnership may edit; the business unit edits only what it leads', () => {
    const southwarkReviewer = actor('reviewer', SOUTHWARK, 'reviewer-2')
    assert.equal(canEditReview(southwarkReviewer, review({ namedUserIds: ['reviewer-2'] })), true)
    assert.equal(canEditReview(actor('business-unit'), review()), true)
    assert.equal(canEditReview(actor('business-unit', SOUTHWARK), review()), false)
    assert.equal(canEditReview(actor('partner'), review()), false)
  })

  it('partners and business units of taking-part partnerships read; practitioners and unnamed reviewers do not', () => {
    assert.equal(canReadReview(actor('partner'), review()), true)
    assert.equal(canReadReview(actor('business-unit', SOUTHWARK), review()), true)
    assert.equal(canReadReview(actor('practitioner'), review()), false)
    assert.equal(canReadReview(actor('agency-lead'), review()), false)
    assert.equal(canReadReview(actor('reviewer'), review()), false)
    assert.equal(canReadReview(actor('partner', 'elsewhere-id'), review()), false)
    assert.equal(canReadReview(null, review()), false)
  })

  it('a restricted review is read only by the lead partnership and its named reviewers', () => {
    const restricted = review({ restricted: true, namedUserIds: ['reviewer-2'] })
    assert.equal(canReadReview(actor('partner'), restricted), true)
    assert.equal(canReadReview(actor('business-unit', SOUTHWARK), restricted), false)
    assert.equal(canReadReview(actor('reviewer', SOUTHWARK, 'reviewer-2'), restricted), true)
  })
})
