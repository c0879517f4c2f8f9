import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Actor, Role } from '../access/roles.js'
import { canDismissRedactionHits, draftReportAccess, isClearToPublish } from './report-versions.js'

const LEAD = 'lead-partnership'
const OTHER = 'other-partnership'

function actor(role: Role, partnershipId = LEAD, userId = `${role}-user`): Actor {
  return {
    userId,
    displayName: role,
    memberships: [
      {
        partnershipId,
        partnershipSlug: partnershipId,
        partnershipName: partnershipId,
        role,
        agencyId: null,
      },
    ],
  }
}

const review = {
  leadPartnershipId: LEAD,
  participatingPartnershipIds: [OTHER],
  namedUserIds: ['reviewer-user'],
  restricted: false,
}

describe('who sees a review’s draft report (issue 9)', () => {
  it('the review team and the lead partnership’s administrators; nobody else', () => {
    assert.equal(draftReportAccess(actor('business-unit'), review), 'team')
    assert.equal(draftReportAccess(actor('reviewer'), review), 'team')
    assert.equal(draftReportAccess(actor('administrator'), review), 'administrator')
    assert.equal(draftReportAccess(actor('partner'), review), 'none')
    assert.equal(draftReportAccess(actor('reviewer', LEAD, 'another-reviewer'), review), 'none')
    assert.equal(draftReportAccess(actor('business-unit', OTHER), review), 'none')
    assert.equal(draftReportAccess(actor('administrator', OTHER), review), 'none')
    assert.equal(draftReportAccess(null, review), 'none')
  })

  it('only the lead business unit marks a false alarm', () => {
    assert.equal(canDismissRedactionHits(actor('business-unit'), review), true)
    assert.equal(canDismissRedactionHits(actor('reviewer'), review), false)
    assert.equal(canDismissRedactionHits(actor('administrator'), review), false)
  })
})

describe('isClearToPublish (S17)', () => {
  const checked = { withdrawnAt: null, checkedAt: '2026-12-07T12:00:00Z', openHits: 0 }
  it('is clear only when checked, not withdrawn and with no hit left open', () => {
    assert.equal(isClearToPublish(checked), true)
    assert.equal(isClearToPublish({ ...checked, openHits: 1 }), false)
    assert.equal(isClearToPublish({ ...checked, checkedAt: null }), false)
    assert.equal(isClearToPublish({ ...checked, withdrawnAt: '2026-12-07T13:00:00Z' }), false)
  })
})
