import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  caseReferenceYear,
  defaultCaseReferencePrefix,
  formatCaseReference,
} from './case-reference.js'

describe('case references (issue 8)', () => {
  it('takes the initials of the partnership’s name', () => {
    assert.equal(
      defaultCaseReferencePrefix('Wandsworth Safeguarding Children Partnership', 'wandsworth'),
      'WSCP',
    )
    assert.equal(
      defaultCaseReferencePrefix('Southwark Safeguarding Children Partnership', 'southwark'),
      'SSCP',
    )
    assert.equal(
      defaultCaseReferencePrefix('Safeguarding Partnership of the Isle of Wight', 'iow'),
      'SPIW',
    )
  })

  it('falls back to the slug when the name gives fewer than two letters', () => {
    assert.equal(defaultCaseReferencePrefix('Bristol', 'bristol'), 'BRIS')
    assert.equal(defaultCaseReferencePrefix('—', 'x'), 'LSCP')
  })

  it('numbers with three digits at least', () => {
    assert.equal(formatCaseReference('WSCP', 2026, 14), 'WSCP-2026-014')
    assert.equal(formatCaseReference('WSCP', 2026, 1234), 'WSCP-2026-1234')
    assert.equal(caseReferenceYear('2026-12-03'), 2026)
  })
})
