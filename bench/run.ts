// `npm run bench`: measures what users wait for, compares each measure with its
// target in bench/README.md, and exits non-zero when a target is missed.
// `npm run bench -- working-days` or `npm run bench -- pages` runs one part;
// options (`--scale 0.02`) go to the national part (bench/national.bench.ts).
import { cpus } from 'node:os'
import { ACTIONS, benchActionPlans, PARTNERSHIPS, REVIEWS } from './action-plans.bench.js'
import { benchPages, CONCURRENCY, INCIDENTS } from './pages.bench.js'
import { meetsTarget, printTable, type Measure } from './support/measure.js'
import { benchWorkingDays } from './working-days.bench.js'
import { benchPublicPages } from './public-pages.bench.js'
import { benchSearch, SEARCH_CHARS, SEARCH_REVIEWS } from './search.bench.js'
import { benchNational, nationalOptions } from './national.bench.js'

const PARTS = [
  'working-days',
  'pages',
  'public-pages',
  'search',
  'action-plans',
  'national',
] as const
type Part = (typeof PARTS)[number]

/** The parts named, leaving out `--option value` pairs. */
function partsToRun(all: readonly string[]): Part[] {
  const args = all.filter(
    (arg, index) => !arg.startsWith('--') && !(all[index - 1]?.startsWith('--') ?? false),
  )
  if (args.length === 0) return [...PARTS]
  const unknown = args.filter((arg) => !(PARTS as readonly string[]).includes(arg))
  if (unknown.length > 0) {
    throw new Error(`Unknown benchmark ${unknown.join(', ')}: choose from ${PARTS.join(', ')}`)
  }
  return PARTS.filter((part) => args.includes(part))
}

const started = performance.now()
const parts = partsToRun(process.argv.slice(2))
// Read before anything runs, so a mistyped option fails at once.
const national = nationalOptions(process.argv.slice(2))
console.log(
  `Node ${process.version} on ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}`,
)
const missed: Measure[] = []

if (parts.includes('working-days')) {
  const measures = benchWorkingDays()
  printTable('Working days (src/domain/calendar, src/domain/statutory)', measures)
  missed.push(...measures.filter((measure) => !meetsTarget(measure)))
}

if (parts.includes('pages')) {
  console.log(`\nRecording ${INCIDENTS.toLocaleString('en-GB')} incidents through the services…`)
  const { seedSeconds, measures } = await benchPages()
  printTable(
    `Pages over HTTP, ${CONCURRENCY} requests at once (data recorded in ${seedSeconds.toFixed(0)} s)`,
    measures,
  )
  missed.push(...measures.filter((measure) => !meetsTarget(measure)))
}

if (parts.includes('public-pages')) {
  const measures = await benchPublicPages()
  printTable('Public pages against a bare node http server, 10 connections (autocannon)', measures)
  missed.push(...measures.filter((measure) => !meetsTarget(measure)))
}

if (parts.includes('search')) {
  console.log(
    `\nGenerating and indexing ${SEARCH_REVIEWS.toLocaleString('en-GB')} reviews, ${SEARCH_CHARS.toLocaleString('en-GB')} characters…`,
  )
  const measures = await benchSearch()
  printTable('Search of published text (services.publicSearch.search)', measures)
  missed.push(...measures.filter((measure) => !meetsTarget(measure)))
}

if (parts.includes('action-plans')) {
  console.log(
    `\nWriting ${PARTNERSHIPS} partnerships, ${REVIEWS.toLocaleString('en-GB')} reviews and ${ACTIONS.toLocaleString('en-GB')} actions, on SQLite then PostgreSQL…`,
  )
  const { measures, notes } = await benchActionPlans()
  for (const note of notes) console.log(note)
  printTable('Action plans: over HTTP with autocannon, and one run-due-jobs', measures)
  missed.push(...measures.filter((measure) => !meetsTarget(measure)))
}

if (parts.includes('national')) {
  const { measures, notes } = await benchNational(national)
  for (const note of notes) console.log(note)
  missed.push(...measures.filter((measure) => !meetsTarget(measure)))
}

console.log(`\nRan in ${((performance.now() - started) / 1000).toFixed(0)} s.`)
if (missed.length > 0) {
  console.log(
    `${missed.length} target(s) missed: ${missed.map((measure) => measure.name).join('; ')}`,
  )
  process.exitCode = 1
} else {
  console.log('Every target met.')
}
