// Restricted records (issue 4): one policy function decides who opens an
// incident, its rapid review or a review; the review rules are a case of it.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  canEditReview,
  canOpenRecord,
  canReadReview,
  recordAccess,
  reviewRecordScope,
  type RecordAccessScope,
  type ReviewAccessScope,
} from './policy.js'
import { ROLES, type Actor, type Role } from './roles.js'

const WANDSWORTH = 'wandsworth-id'
const SOUTHWARK = 'southwark-id'

function actor(role: Role, userId = `${role}-user`, partnershipId = WANDSWORTH): Actor {
  return {
    userId,
    displayName: role,
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

function incident(overrides: Partial<RecordAccessScope> = {}): RecordAccessScope {
  return {
    partnershipId: WANDSWORTH,
    permission: 'incidents:read',
    restricted: false,
    accessList: [],
    ...overrides,
  }
}

describe('record access policy (canOpenRecord)', () => {
  it('an unrestricted incident opens for its partnership’s staff holding the permission', () => {
    const opening = ROLES.filter((role) => canOpenRecord(actor(role), incident()))
    assert.deepEqual(opening, ['administrator', 'business-unit', 'partner'])
    assert.equal(canOpenRecord(actor('business-unit', 'x', SOUTHWARK), incident()), false)
    assert.equal(canOpenRecord(null, incident()), false)
  })

  it('a restricted incident opens only for people on its access list', () => {
    const restricted = incident({ restricted: true, accessList: ['business-unit-user'] })
    assert.equal(recordAccess(actor('business-unit'), restricted), 'open')
    assert.equal(recordAccess(actor('business-unit', 'another-coordinator'), restricted), 'refused')
    assert.equal(recordAccess(actor('partner'), restricted), 'refused')
    assert.equal(recordAccess(null, restricted), 'refused')
  })

  it('administrators of the partnership open a restricted record, as administrators (to be audited)', () => {
    const restricted = incident({ restricted: true, accessList: [] })
    assert.equal(recordAccess(actor('administrator'), restricted), 'administrator')
    assert.equal(canOpenRecord(actor('administrator'), restricted), true)
    // An administrator elsewhere does not.
    assert.equal(recordAccess(actor('administrator', 'a', SOUTHWARK), restricted), 'refused')
    // On the list, an administrator opens it as anyone else does: nothing special to audit.
    const listed = incident({ restricted: true, accessList: ['administrator-user'] })
    assert.equal(recordAccess(actor('administrator'), listed), 'open')
  })

  it('the access list narrows, never widens: a practitioner on it still cannot open an incident', () => {
    const restricted = incident({ restricted: true, accessList: ['practitioner-user'] })
    assert.equal(recordAccess(actor('practitioner'), restricted), 'refused')
    const southwark = actor('business-unit', 'southwark-user', SOUTHWARK)
    assert.equal(
      recordAccess(southwark, incident({ restricted: true, accessList: ['southwark-user'] })),
      'refused',
    )
  })
})

function review(overrides: Partial<ReviewAccessScope> = {}): ReviewAccessScope {
  return {
    leadPartnershipId: WANDSWORTH,
    participatingPartnershipIds: [SOUTHWARK],
    namedUserIds: ['reviewer-user'],
    restricted: false,
    ...overrides,
  }
}

describe('reviews as records (the existing review rules are a case of canOpenRecord)', () => {
  it('canReadReview agrees with canOpenRecord on the review’s scope, for every role and flag', () => {
    for (const role of ROLES) {
      for (const partnershipId of [WANDSWORTH, SOUTHWARK]) {
        for (const restricted of [false, true]) {
          const person = actor(role, `${role}-user`, partnershipId)
          const scope = review({ restricted })
          // Edit rights (the business unit of the lead, named reviewers) read too.
          assert.equal(
            canReadReview(person, scope),
            canEditReview(person, scope) || canOpenRecord(person, reviewRecordScope(scope)),
            `${role} in ${partnershipId}, restricted ${restricted}`,
          )
        }
      }
    }
  })

  it('a review restricted to an access list: only those on it read or edit; administrators read, audited', () => {
    const scope = review({ accessRestricted: true, accessList: ['reviewer-user'] })
    assert.equal(canReadReview(actor('reviewer'), scope), true)
    assert.equal(canEditReview(actor('reviewer'), scope), true)
    assert.equal(canReadReview(actor('business-unit'), scope), false)
    assert.equal(canEditReview(actor('business-unit'), scope), false)
    assert.equal(canReadReview(actor('partner'), scope), false)
    assert.equal(canReadReview(actor('business-unit', 'b', SOUTHWARK), scope), false)
    assert.equal(recordAccess(actor('administrator'), reviewRecordScope(scope)), 'administrator')
    const withCoordinator = review({
      accessRestricted: true,
      accessList: ['business-unit-user'],
    })
    assert.equal(canEditReview(actor('business-unit'), withCoordinator), true)
    // The named reviewer is off this list: named is not enough once restricted.
    assert.equal(canReadReview(actor('reviewer'), withCoordinator), false)
  })
})
