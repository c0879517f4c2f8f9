// The suite's clock (issue 7): it refuses a mistyped day rather than fall back
// to the real date, lands on the day asked for in England and in UTC, ticks,
// and production code never reads it.
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, it } from 'node:test'
import { DEFAULT_TEST_TODAY, clockFor, startOfTestDay, testDayFrom } from './test-clock.js'

const LONDON_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' })

describe('the test clock', () => {
  it('runs on a fixed ordinary weekday when TEST_TODAY is not set', () => {
    assert.equal(testDayFrom(undefined), DEFAULT_TEST_TODAY)
    assert.equal(testDayFrom(''), DEFAULT_TEST_TODAY)
    assert.equal(startOfTestDay(DEFAULT_TEST_TODAY).getUTCDay(), 3, 'a Wednesday')
  })

  it('takes any real date, leap days included', () => {
    for (const day of ['2026-12-05', '2026-12-25', '2028-02-29', '2012-01-01']) {
      assert.equal(testDayFrom(day), day)
    }
  })

  it('refuses anything that is not a real YYYY-MM-DD date, naming it', () => {
    for (const bad of [
      '2027-02-29',
      '2026-13-01',
      '2026-1-5',
      '05/12/2026',
      'saturday',
      ' 2026-12-05',
    ]) {
      assert.throws(() => testDayFrom(bad), new RegExp(`TEST_TODAY must be a real date.*"${bad}"`))
    }
  })

  it('is on the day asked for in England and in UTC, summer and winter, and ticks', async () => {
    for (const day of ['2026-06-10', '2026-12-24', '2026-03-29', '2026-10-25']) {
      const clock = clockFor(day)
      const first = clock()
      assert.equal(LONDON_DATE.format(first), day)
      assert.equal(first.toISOString().slice(0, 10), day)
      await new Promise((resolve) => setTimeout(resolve, 15))
      assert.ok(clock().getTime() > first.getTime(), 'time passes')
    }
  })

  it('is never read by production code: nothing under src/ names it', () => {
    const root = fileURLToPath(new URL('../../src', import.meta.url))
    const files = (folder: string): string[] =>
      readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
        entry.isDirectory()
          ? files(join(folder, entry.name))
          : entry.name.endsWith('.test.ts')
            ? []
            : [join(folder, entry.name)],
      )
    for (const file of files(root)) {
      const text = readFileSync(file, 'utf8')
      assert.doesNotMatch(text, /TEST_TODAY|TEST_CLOCK_EPOCH|test-clock/, file)
    }
  })
})
