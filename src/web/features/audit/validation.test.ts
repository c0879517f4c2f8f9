import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { filterQuery, readAuditFilter } from './validation.js'

describe('audit filter', () => {
  it('treats blanks as any and keeps the rest', () => {
    const { filter, page } = readAuditFilter({ user: ' a@example.org ', action: '', page: '3' })
    assert.deepEqual(filter, { userEmail: 'a@example.org' })
    assert.equal(page, 3)
  })

  it('ignores non-string and nonsense values', () => {
    const { filter, page } = readAuditFilter({ user: ['x'], page: '-4' })
    assert.deepEqual(filter, {})
    assert.equal(page, 1)
  })

  it('writes the filter back as a query string', () => {
    assert.equal(
      filterQuery({ action: 'sign-in.failed', from: '2026-11-01' }, 2),
      '?action=sign-in.failed&from=2026-11-01&page=2',
    )
    assert.equal(filterQuery({}), '')
  })
})
