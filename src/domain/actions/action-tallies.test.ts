import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { foldActionTallies, type ActionTallyGroup } from './action-tallies.js'

const MONTHS = ['2026-04', '2026-05']

function group(
  agency: [string, string],
  review: [string, string],
  counts: [number, number, number, number],
  months: [number, number, number][],
): ActionTallyGroup {
  return {
    agency: { id: agency[0], name: agency[1] },
    review: { id: review[0], title: review[1] },
    counts: { total: counts[0], completed: counts[1], assured: counts[2], overdue: counts[3] },
    months: months.map(([completed, assured, overdue]) => ({ completed, assured, overdue })),
  }
}

describe('the partnership dashboard from counts by agency and review (issue 10)', () => {
  const police: [string, string] = ['a2', 'Police']
  const schools: [string, string] = ['a1', 'Schools']
  const childA: [string, string] = ['r1', 'Child A']
  const childB: [string, string] = ['r2', 'Child B']
  const groups = [
    group(
      schools,
      childB,
      [4, 1, 1, 2],
      [
        [1, 0, 2],
        [0, 1, 1],
      ],
    ),
    group(
      police,
      childB,
      [3, 0, 2, 1],
      [
        [0, 2, 1],
        [0, 0, 1],
      ],
    ),
    group(
      schools,
      childA,
      [5, 2, 0, 0],
      [
        [2, 0, 0],
        [0, 0, 0],
      ],
    ),
  ]

  it('adds each agency’s and each review’s groups up, sorted by name', () => {
    const folded = foldActionTallies(groups, MONTHS)
    assert.deepEqual(folded.byAgency, [
      { id: 'a2', name: 'Police', total: 3, completed: 0, assured: 2, overdue: 1 },
      { id: 'a1', name: 'Schools', total: 9, completed: 3, assured: 1, overdue: 2 },
    ])
    assert.deepEqual(folded.byReview, [
      { id: 'r1', name: 'Child A', total: 5, completed: 2, assured: 0, overdue: 0 },
      { id: 'r2', name: 'Child B', total: 7, completed: 1, assured: 3, overdue: 3 },
    ])
  })

  it('counts every action once in the totals and month by month', () => {
    const folded = foldActionTallies(groups, MONTHS)
    assert.deepEqual(folded.totals, { total: 12, completed: 3, assured: 3, overdue: 3 })
    assert.deepEqual(folded.trend, [
      { month: '2026-04', completed: 3, assured: 2, overdue: 3 },
      { month: '2026-05', completed: 0, assured: 1, overdue: 2 },
    ])
  })

  it('orders two of the same name by id, whatever order the groups come in', () => {
    const twins = [
      group(['b', 'Health'], childA, [1, 0, 0, 0], []),
      group(['a', 'Health'], childA, [1, 0, 0, 0], []),
    ]
    assert.deepEqual(
      foldActionTallies(twins, []).byAgency.map((tally) => tally.id),
      ['a', 'b'],
    )
  })

  it('no actions: empty tables, zero totals and a zero for every month', () => {
    const folded = foldActionTallies([], MONTHS)
    assert.deepEqual(folded.byAgency, [])
    assert.deepEqual(folded.byReview, [])
    assert.deepEqual(folded.totals, { total: 0, completed: 0, assured: 0, overdue: 0 })
    assert.deepEqual(folded.trend, [
      { month: '2026-04', completed: 0, assured: 0, overdue: 0 },
      { month: '2026-05', completed: 0, assured: 0, overdue: 0 },
    ])
  })
})
