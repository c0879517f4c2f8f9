// Statutory deadlines are computed on every read, never stored (see
// src/domain/statutory/deadlines.ts), so the clocks dashboard, the incident
// lists and the calendar feeds all walk the working-day calendar (S21, S22) for
// every open case. This measures that walk for 10 000 cases.
import { readFileSync } from 'node:fs'
import { parseGovUkBankHolidays } from '../src/domain/calendar/bank-holidays.js'
import {
  addCalendarDays,
  calendarDate,
  type CalendarDate,
} from '../src/domain/calendar/calendar-date.js'
import { WorkingDayCalendar } from '../src/domain/calendar/working-days.js'
import {
  notificationDueOn,
  panelCopyDueOn,
  rapidReviewDueOn,
  readClock,
} from '../src/domain/statutory/deadlines.js'
import { DEFAULT_STATUTORY_PERIODS } from '../src/domain/statutory/periods.js'
import { megabytes, percentile, type Measure } from './support/measure.js'

export const CASES = 10_000
/** Fewer cases for the worst case, which is far slower (see bench/README.md). */
const BACKLOG_CASES = 1_000
const ROUNDS = 15
/** A fixed day, so every run computes the same deadlines. */
const TODAY = calendarDate('2026-06-30')

/** A small deterministic generator (mulberry32): the same cases on every run. */
function randomNumbers(seed: number): () => number {
  let state = seed
  return () => {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

interface Case {
  readonly awareOn: CalendarDate
  /** When the Panel was told (S3), or null while that clock still runs. */
  readonly notifiedOn: CalendarDate | null
  /** When the rapid review went to the Panel (S6), or null while that clock still runs. */
  readonly rapidReviewSentOn: CalendarDate | null
  readonly publicationOn: CalendarDate
}

/**
 * Cases the local authority became aware of in the two years to TODAY. As in
 * use, a case's clocks stop when its step is done: older cases were notified
 * and their rapid review sent, so only the last two months' cases have
 * clocks still running. `backlog` leaves every clock running instead, so old
 * cases are overdue by up to two years: the worst case for reading clocks.
 */
function generateCases(count: number, backlog = false): Case[] {
  const random = randomNumbers(20_240_101)
  return Array.from({ length: count }, () => {
    const daysAgo = Math.floor(random() * 730)
    const awareOn = addCalendarDays(TODAY, -daysAgo)
    const done = (after: number, within: number) =>
      backlog || daysAgo < within ? null : addCalendarDays(awareOn, after)
    return {
      awareOn,
      notifiedOn: done(Math.floor(random() * 8), 14),
      rapidReviewSentOn: done(10 + Math.floor(random() * 20), 60),
      publicationOn: addCalendarDays(awareOn, 180 + Math.floor(random() * 200)),
    }
  })
}

/** S3, S6 and S16 due dates of every case: what each case's pages show. */
function computeDueDates(calendar: WorkingDayCalendar, cases: readonly Case[]): void {
  const periods = DEFAULT_STATUTORY_PERIODS.WT2023
  for (const item of cases) {
    notificationDueOn(item.awareOn, calendar, periods)
    rapidReviewDueOn(item.awareOn, calendar, periods)
    panelCopyDueOn(item.publicationOn, calendar, periods)
  }
}

/**
 * The S3 and S6 clocks of every case read against TODAY, as the clocks
 * dashboard and incident lists read them: an open clock counts the working
 * days left (or overdue) between today and its due date.
 */
function readClocks(calendar: WorkingDayCalendar, cases: readonly Case[]): void {
  const periods = DEFAULT_STATUTORY_PERIODS.WT2023
  for (const item of cases) {
    readClock(notificationDueOn(item.awareOn, calendar, periods), item.notifiedOn, TODAY, calendar)
    readClock(
      rapidReviewDueOn(item.awareOn, calendar, periods),
      item.rapidReviewSentOn,
      TODAY,
      calendar,
    )
  }
}

/** Runs `work` ROUNDS times, or fewer once `budgetMs` is spent (at least once). */
function timeRounds(work: () => void, budgetMs: number): number[] {
  const times: number[] = []
  const deadline = performance.now() + budgetMs
  while (times.length < ROUNDS && (times.length === 0 || performance.now() < deadline)) {
    const started = performance.now()
    work()
    times.push(performance.now() - started)
  }
  return times
}

export function benchWorkingDays(): Measure[] {
  const holidays = parseGovUkBankHolidays(
    JSON.parse(
      readFileSync(
        new URL('../src/domain/calendar/bank-holidays-england-and-wales.json', import.meta.url),
        'utf8',
      ),
    ) as unknown,
  )
  // Every request builds its calendar from the stored bank holidays (CalendarService).
  const buildTimes: number[] = []
  let calendar = WorkingDayCalendar.fromBankHolidays(holidays)
  for (let round = 0; round < 1000; round += 1) {
    const started = performance.now()
    calendar = WorkingDayCalendar.fromBankHolidays(holidays)
    buildTimes.push(performance.now() - started)
  }

  const cases = generateCases(CASES)
  // Warm up the JIT on a few cases first.
  computeDueDates(calendar, cases.slice(0, 500))
  readClocks(calendar, cases.slice(0, 50))
  const dueDateTimes = timeRounds(() => computeDueDates(calendar, cases), 3_000)
  const clockTimes = timeRounds(() => readClocks(calendar, cases), 3_000)
  const backlog = generateCases(BACKLOG_CASES, true)
  const backlogTimes = timeRounds(() => readClocks(calendar, backlog), 2_000)
  const count = CASES.toLocaleString('en-GB')
  const dueDates = percentile(dueDateTimes, 50)
  const clocks = percentile(clockTimes, 50)
  return [
    { name: 'build the calendar (p50)', value: percentile(buildTimes, 50), unit: 'ms', target: 1 },
    {
      name: `due dates of ${count} cases (p50 of ${dueDateTimes.length})`,
      value: dueDates,
      unit: 'ms',
      target: 100,
    },
    {
      name: 'due dates: throughput',
      value: (CASES / dueDates) * 1000,
      unit: 'cases/s',
      target: null,
    },
    {
      name: `clocks of ${count} cases (p50 of ${clockTimes.length})`,
      value: clocks,
      unit: 'ms',
      target: 250,
    },
    { name: 'clocks: throughput', value: (CASES / clocks) * 1000, unit: 'cases/s', target: null },
    {
      name: `clocks of ${BACKLOG_CASES.toLocaleString('en-GB')} cases, all still running (p50 of ${backlogTimes.length})`,
      value: percentile(backlogTimes, 50),
      unit: 'ms',
      target: null,
    },
    {
      name: 'heap used',
      value: megabytes(process.memoryUsage().heapUsed),
      unit: 'MB',
      target: null,
    },
  ]
}
