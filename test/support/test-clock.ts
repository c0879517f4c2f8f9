// The one clock of the test suite (issue 7). Statutory deadlines are counted in
// working days from "today", so a test that reads the wall clock passes on a
// Wednesday and fails on a Saturday, a bank holiday or over Christmas. Every test,
// the app each test starts and the server the browser tests drive take "today"
// from here instead.
//
// TEST_TODAY=YYYY-MM-DD runs the suite as if it were that day. Only the tests
// read it: production code never does (src/ has no reference to it, which
// test-clock.test.ts checks). Unset, the suite runs on DEFAULT_TEST_TODAY, a
// fixed ordinary weekday, so a run never depends on the day it happens on.
//
// The clock ticks: it starts at noon UTC of the test day (12:00 or 13:00 in
// London, so the same date in England and in UTC) and moves on with real time,
// because sessions, lock-outs and two-factor codes need time to pass. Processes
// that must agree to the second (the Playwright runner, its workers and the
// server they drive) share the moment the clock started through
// TEST_CLOCK_EPOCH, which the first of them sets and the others inherit.

/** The day the suite runs on when TEST_TODAY is not set: an ordinary Wednesday. */
export const DEFAULT_TEST_TODAY = '2026-06-10'

const TEST_DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/

/**
 * Reads TEST_TODAY, refusing anything that is not a real calendar date: a
 * mistyped day must stop the run, never fall back to the real date.
 */
export function testDayFrom(value: string | undefined): string {
  if (value === undefined || value === '') return DEFAULT_TEST_TODAY
  const match = TEST_DAY_PATTERN.exec(value)
  const date = match ? new Date(`${value}T12:00:00Z`) : undefined
  if (!date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
    throw new Error(`TEST_TODAY must be a real date written YYYY-MM-DD, not "${value}"`)
  }
  return value
}

/** The day the tests run on, YYYY-MM-DD. */
export const TEST_TODAY = testDayFrom(process.env.TEST_TODAY)

/** Wall-clock milliseconds. Only this module reads the real time. */
function wallClockMs(): number {
  return Date.now()
}

/**
 * When the clock started, in wall-clock milliseconds: inherited from a parent
 * process (so a browser test and the server it drives agree), or now.
 */
function clockEpoch(): number {
  const inherited = Number(process.env.TEST_CLOCK_EPOCH)
  if (Number.isFinite(inherited) && inherited > 0) return inherited
  const epoch = wallClockMs()
  process.env.TEST_CLOCK_EPOCH = String(epoch)
  return epoch
}

const EPOCH = clockEpoch()

/** The instant a test day starts at on this clock: noon UTC. */
export function startOfTestDay(day: string): Date {
  return new Date(`${testDayFrom(day)}T12:00:00Z`)
}

/**
 * A ticking clock for `day`: noon of that day plus the real time that has passed
 * since the suite's clock started.
 */
export function clockFor(day: string): () => Date {
  const start = startOfTestDay(day).getTime()
  return () => new Date(start + (wallClockMs() - EPOCH))
}

/** The suite's clock: TEST_TODAY (or the default), ticking. */
export const testClock: () => Date = clockFor(TEST_TODAY)

/** Now, on the suite's clock. */
export function testNow(): Date {
  return testClock()
}

/**
 * Real elapsed time, for the few things that are not about "today": how long an
 * operation took, and the lifetime of a cookie the server sets from the wall
 * clock (HTTP cookies expire in real time).
 */
export function wallClock(): Date {
  return new Date(wallClockMs())
}
