import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Actor, Role } from '../access/roles.js'
import { canDismissRedactionHits, draftReportAccess } from './report-versions.js'

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
