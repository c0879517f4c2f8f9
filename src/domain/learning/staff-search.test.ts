import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { staffSearchScope } from '../access/policy.js'
import type { Actor, Role } from '../access/roles.js'
import { hasFilters, readStaffSearchRequest } from './staff-search.js'

describe('the learning library’s query string', () => {
  it('reads words and every filter the form sends', () => {
    const { request, errors } = readStaffSearchRequest({
      q: ' professional curiosity ',
      kind: ['learning-point', 'report', 'report'],
      theme: 'professional-curiosity',
      year: '2024',
      agency: 'agency-1',
      partnership: 'partnership-1',
      actions: 'overdue',
      page: '3',
    })
    assert.deepEqual(errors, [])
    assert.equal(request.text, 'professional curiosity')
    assert.equal(request.page, 3)
    assert.deepEqual(request.filters, {
      kinds: ['learning-point', 'report'],
      themeSlug: 'professional-curiosity',
      year: 2024,
      agencyId: 'agency-1',
      partnershipId: 'partnership-1',
      actionStatus: 'overdue',
    })
    assert.equal(hasFilters(request.filters), true)
  })

  it('empty values are no filter; values the form never offers are errors', () => {
    const empty = readStaffSearchRequest({ q: '', theme: '', year: '' })
    assert.deepEqual(empty.errors, [])
    assert.equal(hasFilters(empty.request.filters), false)
    const bad = readStaffSearchRequest({
      kind: 'gossip',
      theme: '<script>',
      year: '99',
      actions: 'soon',
      page: '0',
    })
    assert.deepEqual(
      bad.errors.map((error) => error.field),
      ['kind', 'theme', 'year', 'actions', 'page'],
    )
  })
})

describe('what the staff search may show', () => {
  const actor = (role: Role): Actor => ({
    userId: 'u1',
    displayName: 'Someone',
    memberships: [
      { partnershipId: 'p1', partnershipSlug: 'p', partnershipName: 'P', role, agencyId: null },
    ],
  })

  it('a coordinator reads reviews, draft reports and rapid reviews of their partnership', () => {
    const scope = staffSearchScope(actor('business-unit'))
    assert.deepEqual(scope.readReviewPartnershipIds, ['p1'])
    assert.deepEqual(scope.draftReportPartnershipIds, ['p1'])
    assert.deepEqual(scope.incidentPartnershipIds, ['p1'])
    assert.equal(scope.readsNamedReviews, false)
  })

  it('a reviewer only the reviews naming them; a practitioner only published work', () => {
    const reviewer = staffSearchScope(actor('reviewer'))
    assert.deepEqual(reviewer.readReviewPartnershipIds, [])
    assert.equal(reviewer.readsNamedReviews, true)
    const practitioner = staffSearchScope(actor('practitioner'))
    assert.deepEqual(practitioner.readReviewPartnershipIds, [])
    assert.deepEqual(practitioner.draftReportPartnershipIds, [])
    assert.deepEqual(practitioner.incidentPartnershipIds, [])
  })
})
