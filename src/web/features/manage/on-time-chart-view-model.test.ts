import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { calendarDate } from '../../../domain/calendar/calendar-date.js'
import { bucketByMonthDue } from '../../../domain/statutory/on-time-history.js'
import {
  CHART_COLOURS,
  chartSummary,
  monthName,
  onTimeChartViewModel,
  yTicks,
} from './on-time-chart-view-model.js'

const today = calendarDate('2025-03-10')
const history = bucketByMonthDue(
  [
    { kind: 'notification', dueOn: calendarDate('2025-02-03'), outcome: 'met' },
    { kind: 'rapid-review', dueOn: calendarDate('2025-02-20'), outcome: 'met' },
    { kind: 'notification', dueOn: calendarDate('2025-01-06'), outcome: 'late' },
    { kind: 'review', dueOn: calendarDate('2025-01-31'), outcome: 'late' },
    { kind: 'notification', dueOn: calendarDate('2024-12-02'), outcome: 'late' },
  ],
  today,
)

/** Relative luminance contrast (WCAG 2.x). */
function contrast(a: string, b: string): number {
  const luminance = (hex: string) => {
    const [r, g, bl] = [1, 3, 5].map((index) => {
      const c = parseInt(hex.slice(index, index + 2), 16) / 255
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
    })
    return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (bl ?? 0)
  }
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x)
  return ((light ?? 0) + 0.05) / ((dark ?? 0) + 0.05)
}

describe('on time versus late chart', () => {
  it('summarises what the chart shows for a screen reader, pointing to the table', () => {
    assert.equal(
      chartSummary(history),
      'Bar chart of statutory deadlines met on time and late by the month each fell due, from April 2024 to March 2025: 2 deadlines met on time and 3 late. The most late deadlines fell due in January 2025 (2). The table beside the chart gives the figures for every month.',
    )
    assert.match(chartSummary(bucketByMonthDue([], today)), /No deadline with its step done/)
  })

  it('has one data-table row per month, with totals, matching the bars', () => {
    const model = onTimeChartViewModel(history)
    assert.equal(model.table.rows.length, 12)
    assert.deepEqual(model.table.rows.at(-2), { month: 'February 2025', onTime: 2, late: 0 })
    assert.deepEqual(model.table.rows.at(-3), { month: 'January 2025', onTime: 0, late: 2 })
    assert.deepEqual(model.table.totals, { onTime: 2, late: 3 })
    assert.equal(model.months.length, 12)
    const february = model.months.at(-2)
    assert.equal(february?.onTime.value, 2)
    assert.equal(february?.late.value, 0)
    assert.equal(model.title, 'Statutory deadlines on time and late, April 2024 to March 2025')
  })

  it('draws bars to scale from one baseline, inside the plot', () => {
    const model = onTimeChartViewModel(history)
    const top = model.ticks.at(-1)
    assert.deepEqual(
      model.ticks.map((tick) => tick.value),
      [0, 1, 2],
    )
    assert.equal(top?.y, model.plot.top)
    for (const month of model.months) {
      for (const bar of [month.onTime, month.late]) {
        assert.ok(Math.abs(bar.y + bar.height - model.plot.baseline) < 0.2, 'on the baseline')
        assert.ok(bar.x >= model.plot.left && bar.x + bar.width <= model.plot.right)
      }
    }
    const february = model.months.at(-2)
    assert.ok(
      february && Math.abs(february.onTime.height - (model.plot.baseline - model.plot.top)) < 0.2,
    )
    // The year shows under the first month and under January only.
    assert.deepEqual(
      model.months.filter((month) => month.year !== '').map((month) => month.month),
      ['2024-04', '2025-01'],
    )
  })

  it('uses colours with at least 3:1 contrast on white, and text at 4.5:1', () => {
    assert.ok(contrast(CHART_COLOURS.onTime, CHART_COLOURS.background) >= 3)
    assert.ok(contrast(CHART_COLOURS.late, CHART_COLOURS.background) >= 3)
    assert.ok(contrast(CHART_COLOURS.axis, CHART_COLOURS.background) >= 3)
    assert.ok(contrast(CHART_COLOURS.text, CHART_COLOURS.background) >= 4.5)
  })

  it('y ticks are whole numbers, at most about six, reaching the largest value', () => {
    assert.deepEqual(yTicks(0), [0, 1])
    assert.deepEqual(yTicks(5), [0, 1, 2, 3, 4, 5])
    assert.deepEqual(yTicks(12), [0, 3, 6, 9, 12])
    assert.deepEqual(yTicks(11), [0, 3, 6, 9, 12])
    assert.equal(monthName('2024-12'), 'December 2024')
  })
})
