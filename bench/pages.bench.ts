// Response times of the pages people use most, through the real app (every
// plugin, hook, query and template), on a fresh SQLite database holding the
// demo data and a year of generated incidents.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { startRuntime, type Runtime } from '../src/bootstrap.js'
import { loadConfig } from '../src/config.js'
import { findUserByEmail } from '../src/data/repositories/user-repository.js'
import type { Actor } from '../src/domain/access/roles.js'
import { addCalendarDays, type CalendarDate } from '../src/domain/calendar/calendar-date.js'
import type { Services } from '../src/services/index.js'
import { buildApp } from '../src/web/app.js'
import { megabytes, percentile, withPeakRss, type Measure } from './support/measure.js'

export const INCIDENTS = 2_000
const DEMO_PASSWORD = 'benchmark-demo-password'
const COORDINATOR = 'coordinator@wandsworth.example'
/** Requests in flight at once during the load phase: a busy moment for one partnership. */
export const CONCURRENCY = 10
/** Each page is loaded for this long, or until MAX_REQUESTS have been answered. */
const LOAD_MS = 4_000
const MAX_REQUESTS = 2_000
/** Targets from bench/README.md. */
const PAGE_P95_TARGET_MS = 200
const API_P95_TARGET_MS = 100
const ALONE_P50_TARGET_MS = 50

interface Endpoint {
  readonly name: string
  readonly url: string
  readonly signedIn: boolean
  readonly p95TargetMs: number
}

const ENDPOINTS: readonly Endpoint[] = [
  { name: 'GET / (public learning)', url: '/', signedIn: false, p95TargetMs: PAGE_P95_TARGET_MS },
  { name: 'GET /reviews', url: '/reviews', signedIn: false, p95TargetMs: PAGE_P95_TARGET_MS },
  {
    name: 'GET /manage (clocks, coordinator)',
    url: '/manage',
    signedIn: true,
    p95TargetMs: PAGE_P95_TARGET_MS,
  },
  {
    name: 'GET /api/v1/public/reviews',
    url: '/api/v1/public/reviews',
    signedIn: false,
    p95TargetMs: API_P95_TARGET_MS,
  },
]

/**
 * A year of incidents recorded through the services, so every row is valid and
 * audited exactly as in use. Most (4 in 5) turn out not to be serious child
 * safeguarding cases and are closed after a fortnight; the serious ones are
 * notified to the Panel within the 5 working days (S3) and stay open with
 * their rapid review (S6) clock running. That leaves about 460 open incidents
 * in one partnership, most overdue: more open clocks than a partnership has, on
 * purpose, because the dashboard reads every one of them on every request.
 */
async function recordIncidents(services: Services, actor: Actor): Promise<void> {
  const today = services.calendar.today()
  for (let index = 0; index < INCIDENTS; index += 1) {
    const daysAgo = Math.floor((index * 365) / INCIDENTS)
    const awareOn = addCalendarDays(today, -daysAgo)
    const serious = index % 5 === 0
    // Each query prepares a better-sqlite3 statement whose native memory is
    // freed only when its wrapper is collected; without a full collection now
    // and then, recording leaves the RSS hundreds of MB above the server's.
    if (index % 200 === 0) collectGarbage()
    const incident = await services.incidents.record(actor, 'wandsworth', {
      guidanceEdition: 'WT2023',
      abuseOrNeglect: serious ? (index % 2 === 0 ? 'known' : 'suspected') : 'not-suspected',
      harm: index % 7 === 0 ? 'died' : 'serious-harm',
      incidentOn: addCalendarDays(awareOn, -(index % 4)),
      awareOn,
      place: `Generated for the benchmark (${index})`,
      description: 'A generated incident: fictional, for measuring response times only.',
      notifyingAuthority: 'Wandsworth Council',
      homeAuthority: 'Wandsworth Council',
      lookedAfter: 'no',
      careLeaver: 'no',
      notifierName: 'Benchmark Coordinator',
      notifierEmail: COORDINATOR,
      children: [{ pseudonym: `Child ${pseudonymCode(index)}`, ageYears: String(index % 17) }],
    })
    if (serious && daysAgo >= 7) {
      const notifiedOn: CalendarDate = addCalendarDays(awareOn, 1)
      await services.incidents.recordNotifications(actor, incident.id, incident.version, {
        panelNotifiedOn: notifiedOn,
        ofstedNotifiedOn: notifiedOn,
        partnersNotifiedOn: notifiedOn,
      })
    } else if (!serious && daysAgo >= 14) {
      await services.incidents.close(
        actor,
        incident.id,
        incident.version,
        'Not a serious child safeguarding case: no notification needed (generated).',
      )
    }
  }
}

/** AA0, BA0, … ZZ2: short pseudonyms like the ones partnerships use ("Child KB1"). */
function pseudonymCode(index: number): string {
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'
  return `${letters[index % 26]}${letters[Math.floor(index / 26) % 26]}${Math.floor(index / 676)}`
}

/** Signs in through the real form and returns the session's cookie header. */
async function signIn(base: string, email: string): Promise<string> {
  const jar = new Map<string, string>()
  const remember = (response: Response) => {
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = ''] = cookie.split(';')
      const split = pair.indexOf('=')
      jar.set(pair.slice(0, split), pair.slice(split + 1))
    }
  }
  const cookieHeader = () => [...jar].map(([name, value]) => `${name}=${value}`).join('; ')
  const form = await fetch(`${base}/sign-in`)
  remember(form)
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1]
  if (!csrf) throw new Error('No CSRF token on the sign-in page')
  const response = await fetch(`${base}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrf, email, password: DEMO_PASSWORD }).toString(),
  })
  await response.arrayBuffer()
  remember(response)
  if (response.status !== 303 || response.headers.get('location') !== '/manage') {
    throw new Error(`${email} could not sign in (${response.status})`)
  }
  return cookieHeader()
}

/** One request, timed until its whole body has arrived. */
async function timedGet(
  base: string,
  url: string,
  headers: Record<string, string>,
): Promise<number> {
  const started = performance.now()
  const response = await fetch(`${base}${url}`, { headers, redirect: 'manual' })
  await response.arrayBuffer()
  const elapsed = performance.now() - started
  if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}, not 200`)
  return elapsed
}

/** CONCURRENCY clients, each sending its next request as soon as the last is answered. */
async function underLoad(
  base: string,
  url: string,
  headers: Record<string, string>,
): Promise<{ latencies: number[]; seconds: number }> {
  const latencies: number[] = []
  const started = performance.now()
  const stopAt = started + LOAD_MS
  const client = async () => {
    while (performance.now() < stopAt && latencies.length < MAX_REQUESTS) {
      latencies.push(await timedGet(base, url, headers))
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, client))
  return { latencies, seconds: (performance.now() - started) / 1000 }
}

/** A full collection when node runs with --expose-gc (as `npm run bench` does), else nothing. */
function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc
  gc?.()
}

export interface PagesReport {
  readonly seedSeconds: number
  readonly measures: Measure[]
}

export async function benchPages(): Promise<PagesReport> {
  const folder = mkdtempSync(join(tmpdir(), 'spr-bench-'))
  let runtime: Runtime | undefined
  let app: FastifyInstance | undefined
  try {
    const config = loadConfig({
      // Not 'development': templates are compiled once, as in production.
      NODE_ENV: 'test',
      DATABASE_URL: `file:${join(folder, 'bench.sqlite')}`,
      SESSION_SECRET: 'benchmark-session-secret-of-enough-length',
      DEMO_PASSWORD,
      LOG_LEVEL: 'silent',
      // The coordinator signs in with the password alone: two-factor sign-in is
      // not what is measured here (it is on by default for privileged roles).
      REQUIRE_TWO_FACTOR_FOR_PRIVILEGED_ROLES: 'false',
    })
    const seedStarted = performance.now()
    const seeding = await startRuntime(config, { migrate: true })
    try {
      await seeding.services.loadDemoData(DEMO_PASSWORD)
      const coordinator = await findUserByEmail(seeding.database.db, COORDINATOR)
      const actor = coordinator ? await seeding.services.auth.actorFor(coordinator.id) : null
      if (!actor) throw new Error(`No demo account ${COORDINATOR}`)
      await recordIncidents(seeding.services, actor)
    } finally {
      await seeding.close()
    }
    const seedSeconds = (performance.now() - seedStarted) / 1000
    // The server starts afresh on the recorded data, as after a restart, so the
    // memory figures are the server's and not the garbage of recording.
    collectGarbage()
    runtime = await startRuntime(config, { migrate: false })

    app = await buildApp({
      config,
      services: runtime.services,
      isDatabaseReachable: () => runtime!.database.isReachable(),
      logger: false,
    })
    // Over HTTP on the loopback interface, as a browser would come: app.inject
    // keeps every response it made alive in this version, which would make the
    // memory figures grow with the number of requests.
    const base = await app.listen({ host: '127.0.0.1', port: 0 })
    const cookie = await signIn(base, COORDINATOR)

    const measures: Measure[] = []
    collectGarbage()
    const rssAtStart = process.memoryUsage.rss()
    const { peakRssBytes } = await withPeakRss(async () => {
      for (const endpoint of ENDPOINTS) {
        const headers: Record<string, string> = endpoint.signedIn ? { cookie } : {}
        // Warm up: compiled templates, prepared statements, the JIT.
        for (let warm = 0; warm < 10; warm += 1) await timedGet(base, endpoint.url, headers)
        const alone: number[] = []
        for (let request = 0; request < 20; request += 1) {
          alone.push(await timedGet(base, endpoint.url, headers))
        }
        const load = await underLoad(base, endpoint.url, headers)
        measures.push(
          {
            name: `${endpoint.name}: p50 alone`,
            value: percentile(alone, 50),
            unit: 'ms',
            target: ALONE_P50_TARGET_MS,
          },
          {
            name: `${endpoint.name}: p50 at ${CONCURRENCY} at once`,
            value: percentile(load.latencies, 50),
            unit: 'ms',
            target: null,
          },
          {
            name: `${endpoint.name}: p95 at ${CONCURRENCY} at once`,
            value: percentile(load.latencies, 95),
            unit: 'ms',
            target: endpoint.p95TargetMs,
          },
          {
            name: `${endpoint.name}: max at ${CONCURRENCY} at once`,
            value: Math.max(...load.latencies),
            unit: 'ms',
            target: null,
          },
          {
            name: `${endpoint.name}: throughput`,
            value: load.latencies.length / load.seconds,
            unit: 'req/s',
            target: null,
          },
        )
      }
    })
    // What the server keeps once the requests are answered; without
    // --expose-gc it includes garbage not yet collected.
    collectGarbage()
    const retained = process.memoryUsage()
    measures.push(
      { name: 'RSS before the load', value: megabytes(rssAtStart), unit: 'MB', target: null },
      { name: 'RSS peak under load', value: megabytes(peakRssBytes), unit: 'MB', target: 768 },
      {
        name: 'RSS growth under load',
        value: megabytes(peakRssBytes - rssAtStart),
        unit: 'MB',
        target: null,
      },
      {
        name: 'heap used after the load',
        value: megabytes(retained.heapUsed),
        unit: 'MB',
        target: 150,
      },
    )
    return { seedSeconds, measures }
  } finally {
    await app?.close()
    await runtime?.close()
    rmSync(folder, { recursive: true, force: true })
  }
}
