// Small helpers the benchmarks share: percentiles, memory in MB, and the table
// that compares each measure with its target.

export interface Measure {
  readonly name: string
  readonly value: number
  readonly unit: 'ms' | 's' | 'MB' | 'cases/s' | 'req/s' | '%' | 'messages' | '×'
  /** The target from bench/README.md; higher is better for rates, lower for the rest. */
  readonly target: number | null
}

export function isHigherBetter(measure: Measure): boolean {
  return measure.unit === 'cases/s' || measure.unit === 'req/s' || measure.unit === '%'
}

export function meetsTarget(measure: Measure): boolean {
  if (measure.target === null) return true
  return isHigherBetter(measure) ? measure.value >= measure.target : measure.value <= measure.target
}

/** The p-th percentile (0–100) by the nearest-rank method, of values in any order. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new RangeError('No values to take a percentile of')
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length))
  return sorted[rank - 1]!
}

export function megabytes(bytes: number): number {
  return bytes / (1024 * 1024)
}

/** Samples the resident set size while `work` runs, so short peaks are seen. */
export async function withPeakRss<T>(
  work: () => Promise<T>,
): Promise<{ result: T; peakRssBytes: number }> {
  let peakRssBytes = process.memoryUsage.rss()
  const sampler = setInterval(() => {
    peakRssBytes = Math.max(peakRssBytes, process.memoryUsage.rss())
  }, 25)
  try {
    const result = await work()
    peakRssBytes = Math.max(peakRssBytes, process.memoryUsage.rss())
    return { result, peakRssBytes }
  } finally {
    clearInterval(sampler)
  }
}

export function formatNumber(value: number, unit: Measure['unit']): string {
  if (unit === 'ms') return value < 10 ? value.toFixed(2) : value.toFixed(1)
  if (unit === 's') return value.toFixed(1)
  if (unit === '×') return value.toFixed(2)
  return Math.round(value).toLocaleString('en-GB')
}

/** Prints the measures as a table with each target and whether it was met. */
export function printTable(title: string, measures: readonly Measure[]): void {
  const rows = measures.map((measure) => [
    measure.name,
    `${formatNumber(measure.value, measure.unit)} ${measure.unit}`,
    measure.target === null
      ? '—'
      : `${isHigherBetter(measure) ? '≥' : '≤'} ${formatNumber(measure.target, measure.unit)} ${measure.unit}`,
    measure.target === null ? '' : meetsTarget(measure) ? 'ok' : 'MISSED',
  ])
  const header = ['measure', 'value', 'target', '']
  const widths = header.map((cell, column) =>
    Math.max(cell.length, ...rows.map((row) => row[column]!.length)),
  )
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) =>
        column === 1 || column === 2
          ? cell.padStart(widths[column]!)
          : cell.padEnd(widths[column]!),
      )
      .join('  ')
      .trimEnd()
  console.log(`\n${title}`)
  console.log(line(header))
  console.log(widths.map((width) => '-'.repeat(width)).join('  '))
  for (const row of rows) console.log(line(row))
}
