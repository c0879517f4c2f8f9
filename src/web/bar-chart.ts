// One accessible horizontal bar chart for the partnership's "by agency"
// figures (briefing use, learning event reach): each agency's name above its
// bar and the number at the bar's end, so nothing depends on colour or on
// reading a scale; one image for assistive technology, with a title and a
// summary, and the page's table under it carries every figure.
// Drawn by views/partials/bar-chart.njk.

const CHART = {
  width: 640,
  left: 8,
  right: 64,
  top: 8,
  rowHeight: 52,
  barHeight: 20,
  colour: '#1d70b8',
  text: '#0b0c0c',
  axis: '#505a5f',
  background: '#ffffff',
} as const

/** Characters of a name that fit above its bar at the chart's type size. */
export const BAR_LABEL_LENGTH = 72

export interface BarChartRow {
  readonly name: string
  readonly value: number
}

export function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`
}

/**
 * `id` names the chart's title and description for aria-labelledby (and its
 * test id), so two charts could share a page.
 */
export function barChartViewModel(
  rows: readonly BarChartRow[],
  text: { readonly id: string; readonly title: string; readonly summary: string },
) {
  const plotWidth = CHART.width - CHART.left - CHART.right
  const most = Math.max(1, ...rows.map((row) => row.value))
  return {
    id: text.id,
    width: CHART.width,
    height: CHART.top * 2 + Math.max(1, rows.length) * CHART.rowHeight,
    colours: CHART,
    title: text.title,
    summary: text.summary,
    bars: rows.map((row, index) => {
      const y = CHART.top + index * CHART.rowHeight
      const width = Math.max(2, Math.round((row.value / most) * plotWidth * 10) / 10)
      return {
        // The label must fit the chart's width; the table under it has every name in full.
        name:
          row.name.length > BAR_LABEL_LENGTH
            ? `${row.name.slice(0, BAR_LABEL_LENGTH - 1)}…`
            : row.name,
        value: row.value,
        labelY: y + 16,
        barY: y + 22,
        barWidth: width,
        valueX: CHART.left + width + 6,
        valueY: y + 37,
      }
    }),
    left: CHART.left,
    barHeight: CHART.barHeight,
  }
}
