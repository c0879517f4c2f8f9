// The dashboard's 12-month trend (issue 10): actions completed, assured and
// overdue at each month's end, as grouped bars drawn in SVG by the template (no
// client JavaScript). The SVG is one image with a title and a summary; the data
// table under it is the accessible equivalent. Colour is never the only
// difference: assured bars are dotted, overdue bars hatched, and every bar
// carries its number. Geometry follows the on-time chart (manage/on-time-chart).
import type { MonthTally } from '../../../services/actions/action-plan-service.js'
import { monthName, yTicks } from '../manage/on-time-chart-view-model.js'

/** GOV.UK colours with at least 3:1 against white (WCAG 1.4.11). */
export const TREND_COLOURS = {
  completed: '#1d70b8',
  assured: '#00703c',
  overdue: '#d4351c',
  text: '#0b0c0c',
  axis: '#505a5f',
  grid: '#b1b4b6',
  background: '#ffffff',
} as const

const WIDTH = 720
const HEIGHT = 340
const MARGIN = { top: 48, right: 8, bottom: 56, left: 40 }
const BAR_WIDTH = 12
const BAR_GAP = 1

const round = (value: number) => Math.round(value * 10) / 10

export function trendSummary(trend: readonly MonthTally[]): string {
  const first = trend[0]
  const last = trend.at(-1)
  if (!first || !last) return 'No months to show.'
  const completed = trend.reduce((sum, month) => sum + month.completed, 0)
  const assured = trend.reduce((sum, month) => sum + month.assured, 0)
  return `Bar chart of actions completed and assured in each month, and overdue at each month’s end, from ${monthName(first.month)} to ${monthName(last.month)}: ${completed} completed and ${assured} assured in all; ${last.overdue} overdue at the end of ${monthName(last.month)}. The table under the chart gives the figures for every month.`
}

export function actionTrendChartViewModel(trend: readonly MonthTally[]) {
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom
  const baseline = MARGIN.top + plotHeight
  const ticks = yTicks(
    Math.max(0, ...trend.map((month) => Math.max(month.completed, month.assured, month.overdue))),
  )
  const top = ticks.at(-1) ?? 1
  const y = (value: number) => baseline - (value / top) * plotHeight
  const slot = plotWidth / Math.max(1, trend.length)
  const bar = (value: number, x: number) => ({
    x: round(x),
    y: round(y(value)),
    width: BAR_WIDTH,
    height: round(baseline - y(value)),
    value,
    labelX: round(x + BAR_WIDTH / 2),
    labelY: round(y(value) - 4),
  })
  const first = trend[0]
  const last = trend.at(-1)
  return {
    width: WIDTH,
    height: HEIGHT,
    colours: TREND_COLOURS,
    title:
      first && last
        ? `Actions completed, assured and overdue, ${monthName(first.month)} to ${monthName(last.month)}`
        : 'Actions completed, assured and overdue',
    summary: trendSummary(trend),
    plot: { left: MARGIN.left, right: WIDTH - MARGIN.right, top: MARGIN.top, baseline },
    ticks: ticks.map((value) => ({ value, y: round(y(value)) })),
    legend: [
      { key: 'completed', x: MARGIN.left, text: 'Completed' },
      { key: 'assured', x: MARGIN.left + 130, text: 'Assured (dotted)' },
      { key: 'overdue', x: MARGIN.left + 310, text: 'Overdue (hatched)' },
    ],
    months: trend.map((month, index) => {
      const centre = MARGIN.left + slot * index + slot / 2
      const start = centre - (3 * BAR_WIDTH + 2 * BAR_GAP) / 2
      const monthIndex = Number(month.month.slice(5, 7)) - 1
      return {
        name: monthName(month.month),
        shortName: monthName(month.month).slice(0, 3),
        year: index === 0 || monthIndex === 0 ? month.month.slice(0, 4) : '',
        labelX: round(centre),
        completed: bar(month.completed, start),
        assured: bar(month.assured, start + BAR_WIDTH + BAR_GAP),
        overdue: bar(month.overdue, start + 2 * (BAR_WIDTH + BAR_GAP)),
      }
    }),
    table: trend.map((month) => ({
      month: monthName(month.month),
      completed: month.completed,
      assured: month.assured,
      overdue: month.overdue,
    })),
  }
}
