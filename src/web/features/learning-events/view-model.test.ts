import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { reachChartViewModel } from './view-model.js'

describe('the chart of attendance by agency', () => {
  it('draws the largest bar full width and says what it shows', () => {
    const chart = reachChartViewModel([
      { name: 'Health', events: 2, attendees: 8 },
      { name: 'Police', events: 1, attendees: 2 },
    ])
    assert.equal(chart.bars.length, 2)
    assert.equal(chart.bars[0]!.barWidth, 568)
    assert.equal(chart.bars[1]!.barWidth, 142)
    assert.ok(chart.bars[1]!.barY > chart.bars[0]!.barY)
    assert.equal(chart.height, 8 * 2 + 2 * 52)
    assert.match(chart.summary, /10 people from 2 agencies\. The most came from Health \(8\)/)
  })

  it('shortens a name too long for the chart, not for its table', () => {
    const long =
      'Wandsworth Council Children’s Services (Wandsworth Safeguarding Children Partnership)'
    const chart = reachChartViewModel([{ name: long, events: 1, attendees: 1 }])
    assert.equal(chart.bars[0]!.name.length, 72)
    assert.ok(chart.bars[0]!.name.endsWith('…'))
    assert.match(chart.summary, /1 person from 1 agency/)
  })

  it('says so when no attendance is recorded', () => {
    const chart = reachChartViewModel([])
    assert.deepEqual(chart.bars, [])
    assert.match(chart.summary, /No attendance has been recorded yet/)
  })
})
