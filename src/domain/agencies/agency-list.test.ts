import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  AGENCY_KINDS,
  agencyKindLabel,
  checkAgency,
  checkRetirementReason,
  sameAgencyName,
} from './agency-list.js'

describe('the partnership’s list of agencies', () => {
  it('takes a name and a kind, tidying the spacing', () => {
    assert.deepEqual(checkAgency({ name: '  Tooting   GP  practice ', kind: 'health' }, []), {
      value: { name: 'Tooting GP practice', kind: 'health' },
      errors: [],
    })
  })

  it('refuses a missing, overlong or multi-line name and an unknown kind, all at once', () => {
    assert.deepEqual(
      checkAgency({ name: '', kind: 'bakery' }, []).errors.map((error) => error.field),
      ['name', 'kind'],
    )
    assert.match(
      checkAgency({ name: 'x'.repeat(201), kind: 'other' }, []).errors[0]?.message ?? '',
      /200 characters or fewer/,
    )
    assert.match(
      checkAgency({ name: 'Line\u0007bell', kind: 'other' }, []).errors[0]?.message ?? '',
      /plain text/,
    )
    assert.equal(checkAgency({ name: ['a'], kind: 'other' }, []).errors[0]?.field, 'name')
  })

  it('refuses a second agency of the same name, however it is typed', () => {
    const existing = ['Wandsworth Council Children’s Services']
    const result = checkAgency(
      { name: "wandsworth council children's  services", kind: 'local-authority' },
      existing,
    )
    assert.equal(result.value, null)
    assert.match(result.errors[0]?.message ?? '', /already has an agency called/)
    assert.ok(sameAgencyName('St George’s', "ST GEORGE'S"))
    assert.ok(!sameAgencyName('St George’s', 'St Georges'))
  })

  it('labels every kind, and an older stored kind as itself', () => {
    for (const kind of AGENCY_KINDS) assert.notEqual(agencyKindLabel(kind), '')
    assert.equal(agencyKindLabel('police'), 'Police')
    assert.equal(agencyKindLabel('fire-service'), 'fire-service')
  })

  it('needs a reason to retire an agency', () => {
    assert.equal(checkRetirementReason('  ').errors[0]?.field, 'reason')
    assert.equal(checkRetirementReason('x'.repeat(501)).errors.length, 1)
    assert.deepEqual(checkRetirementReason(' Merged into the ICB '), {
      value: 'Merged into the ICB',
      errors: [],
    })
  })
})
