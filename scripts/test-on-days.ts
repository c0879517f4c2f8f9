// Runs the date-dependent integration suites as if today were each of several
// days (issue 7): `npm run test:on-days` for the days below, or
// `npm run test:on-days -- 2026-12-05 2027-01-04` for your own. Each day runs
// with TEST_TODAY set, which only the tests read (test/support/test-clock.ts).
// Not part of `npm test` (it takes a while); `test/integration/any-day.test.ts`
// keeps the same days in the suite for the clocks, the demo data and the feed.
import { spawnSync } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')

/** Days on which working days are easy to get wrong. */
export const AWKWARD_DAYS = [
  '2026-12-05', // a Saturday
  '2026-12-06', // a Sunday
  '2027-01-04', // a Monday after a bank holiday (New Year's Day on the Friday)
  '2026-04-03', // Good Friday
  '2026-12-24', // Christmas Eve
  '2026-12-27', // a Sunday between Christmas Day and its substitute Monday
  '2026-12-31', // New Year's Eve
  '2028-02-29', // a leap day, in a year whose bank holidays are not shipped
  '2026-12-10', // the day before a statutory deadline (the demo's and any-day.test.ts's)
]

/** The suites whose pages and rules count days from today. */
export const DATE_DEPENDENT_SUITES = [
  'incidents',
  'rapid-reviews',
  'reviews',
  'review-commissioning',
  'chronology',
  'statutory-clocks',
  'calendar',
  'action-plans',
  'any-day',
].map((name) => `test/integration/${name}.test.ts`)

const days = process.argv.slice(2).length > 0 ? process.argv.slice(2) : AWKWARD_DAYS
const results: { day: string; ok: boolean; summary: string }[] = []
for (const day of days) {
  console.log(`\n=== TEST_TODAY=${day} ===`)
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--test', '--test-concurrency=1', ...DATE_DEPENDENT_SUITES],
    { cwd: root, env: { ...process.env, TEST_TODAY: day }, encoding: 'utf8', maxBuffer: 1 << 28 },
  )
  const output = `${run.stdout}${run.stderr}`
  const count = (name: string) => output.match(new RegExp(`^# ${name} (\\d+)$`, 'm'))?.[1] ?? '?'
  const summary = `${count('pass')} passed, ${count('fail')} failed, ${count('skipped')} skipped`
  results.push({ day, ok: run.status === 0, summary })
  console.log(run.status === 0 ? summary : `${output.slice(-6000)}\n${summary}`)
}
console.log('\nday         result')
for (const result of results)
  console.log(`${result.day}  ${result.ok ? 'ok  ' : 'FAIL'}  ${result.summary}`)
process.exit(results.every((result) => result.ok) ? 0 : 1)
