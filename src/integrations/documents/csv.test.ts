import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { neutraliseCell, toSafeCsv } from './csv.js'

describe('safe CSV', () => {
  it('neutralises cells a spreadsheet would run as formulas', () => {
    for (const dangerous of ['=1+1', '+44', '-2', '@SUM(A1)', '\tx', '\rx']) {
      assert.equal(neutraliseCell(dangerous), `'${dangerous}`)
    }
    assert.equal(neutraliseCell('Child A'), 'Child A')
    assert.equal(neutraliseCell(null), '')
  })

  it('quotes commas, quotes and new lines', () => {
    const csv = toSafeCsv(['a', 'b'], [['x, y', 'say "hi"\nthere']])
    assert.equal(csv, 'a,b\r\n"x, y","say ""hi""\nthere"\r\n')
  })
})
