import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { useChartViewModel } from './view-model.js'

describe('the chart of staff by agency', () => {
  it('draws the largest bar full width and says what it shows', () => {
    const chart = useChartViewModel([
      { key: 'x', name: 'Health', sessions: 2, staff: 12 },
      { key: 'y', name: 'Police', sessions: 1, staff: 3 },
    ])
    assert.equal(chart.bars.length, 2)
    assert.equal(chart.bars[0]!.barWidth, 568)
    assert.equal(chart.bars[1]!.barWidth, 142)
    assert.ok(chart.bars[1]!.barY > chart.bars[0]!.barY)
    assert.equal(chart.height, 8 * 2 + 2 * 52)
    assert.match(chart.summary, /15 staff in 2 agencies\. The most were in Health \(12\)/)
  })

  it('shortens a name too long for the chart, not for its table', () => {
    const long =
      'Wandsworth Council Children’s Services (Wandsworth Safeguarding Children Partnership)'
    const chart = useChartViewModel([{ key: 'x', name: long, sessions: 1, staff: 1 }])
    assert.equal(chart.bars[0]!.name.length, 72)
    assert.ok(chart.bars[0]!.name.endsWith('…'))
  })

  it('says so when nothing is recorded', () => {
    const chart = useChartViewModel([])
    assert.deepEqual(chart.bars, [])
    assert.match(chart.summary, /No use has been recorded yet/)
  })
})
