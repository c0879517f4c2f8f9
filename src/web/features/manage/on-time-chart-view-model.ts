// The "on time versus late" bar chart: geometry worked out here, drawn as SVG by
// the template (no client JavaScript). The SVG is one image (role="img" with a
// title and a summary); the data table beside it is the accessible equivalent.
// Colour is never the only difference: late bars are hatched, on-time bars
// solid, and every bar carries its number.
import { totalOutcomes, type MonthOfOutcomes } from '../../../domain/statutory/on-time-history.js'

/** GOV.UK colours that keep at least 3:1 against white (WCAG 1.4.11) and the text 4.5:1. */
export const CHART_COLOURS = {
  onTime: '#1d70b8',
  late: '#d4351c',
  text: '#0b0c0c',
  axis: '#505a5f',
  grid: '#b1b4b6',
  background: '#ffffff',
} as const

const WIDTH = 640
const HEIGHT = 340
const MARGIN = { top: 48, right: 8, bottom: 56, left: 40 }
const BAR_WIDTH = 16
const BAR_GAP = 2

const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
]

/** '2025-03' → 'March 2025'. */
export function monthName(month: string): string {
  const index = Number(month.slice(5, 7)) - 1
  return `${MONTH_NAMES[index] ?? month} ${month.slice(0, 4)}`
}

/** Whole-number ticks from 0 to at least `max`, at most about 5 of them. */
export function yTicks(max: number): number[] {
  const top = Math.max(1, max)
  const step = top <= 5 ? 1 : Math.ceil(top / 5)
  const last = Math.ceil(top / step) * step
  const ticks: number[] = []
  for (let value = 0; value <= last; value += step) ticks.push(value)
  return ticks
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`

/** The words a screen reader hears for the image: what it shows and its main finding. */
export function chartSummary(history: readonly MonthOfOutcomes[]): string {
  const first = history[0]
  const last = history.at(-1)
  if (!first || !last) return 'No months to show.'
  const span = `from ${monthName(first.month)} to ${monthName(last.month)}`
  const { onTime, late } = totalOutcomes(history)
  if (onTime + late === 0) {
    return `Bar chart of statutory deadlines met on time and late by the month each fell due, ${span}. No deadline with its step done fell due in these months. The table beside the chart gives the figures.`
  }
  const worst = history.reduce((most, month) => (month.late > most.late ? month : most), first)
  const lateText =
    late === 0
      ? 'None was late.'
      : `The most late deadlines fell due in ${monthName(worst.month)} (${worst.late}).`
  return `Bar chart of statutory deadlines met on time and late by the month each fell due, ${span}: ${plural(onTime, 'deadline', 'deadlines')} met on time and ${late} late. ${lateText} The table beside the chart gives the figures for every month.`
}

export function onTimeChartViewModel(history: readonly MonthOfOutcomes[]) {
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom
  const baseline = MARGIN.top + plotHeight
  const ticks = yTicks(Math.max(0, ...history.map((month) => Math.max(month.onTime, month.late))))
  const top = ticks.at(-1) ?? 1
  const y = (value: number) => baseline - (value / top) * plotHeight
  const slot = plotWidth / Math.max(1, history.length)
  const first = history[0]
  const last = history.at(-1)
  const bar = (value: number, x: number) => ({
    x: round(x),
    y: round(y(value)),
    width: BAR_WIDTH,
    height: round(baseline - y(value)),
    value,
    // The number sits just above the bar (or the baseline for a zero).
    labelX: round(x + BAR_WIDTH / 2),
    labelY: round(y(value) - 4),
  })
  const totals = totalOutcomes(history)
  return {
    width: WIDTH,
    height: HEIGHT,
    colours: CHART_COLOURS,
    title:
      first && last
        ? `Statutory deadlines on time and late, ${monthName(first.month)} to ${monthName(last.month)}`
        : 'Statutory deadlines on time and late',
    summary: chartSummary(history),
    plot: {
      left: MARGIN.left,
      right: WIDTH - MARGIN.right,
      top: MARGIN.top,
      baseline,
    },
    ticks: ticks.map((value) => ({ value, y: round(y(value)) })),
    legend: {
      onTime: { x: MARGIN.left, y: 10, text: 'On time' },
      late: { x: MARGIN.left + 120, y: 10, text: 'Late (hatched)' },
    },
    months: history.map((month, index) => {
      const centre = MARGIN.left + slot * index + slot / 2
      const monthIndex = Number(month.month.slice(5, 7)) - 1
      return {
        month: month.month,
        name: monthName(month.month),
        shortName: (MONTH_NAMES[monthIndex] ?? '').slice(0, 3),
        // The year under the first month and under each January.
        year: index === 0 || monthIndex === 0 ? month.month.slice(0, 4) : '',
        labelX: round(centre),
        onTime: bar(month.onTime, centre - BAR_GAP / 2 - BAR_WIDTH),
        late: bar(month.late, centre + BAR_GAP / 2),
      }
    }),
    table: {
      rows: history.map((month) => ({
        month: monthName(month.month),
        onTime: month.onTime,
        late: month.late,
      })),
      totals,
    },
  }
}

function round(value: number): number {
  return Math.round(value * 10) / 10
}
