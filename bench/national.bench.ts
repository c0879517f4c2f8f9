// The whole product at national scale (issue 12): 150 partnerships and, for
// 5,000 reviews (published and in progress), 20,000 incidents, 100,000
// actions and 100 million characters of report text, on SQLite and on
// PostgreSQL. The app runs as its own process (bench/support/app-server.ts)
// and autocannon, in another (bench/support/load-worker.ts), sends it each
// request below over 127.0.0.1 with 10 connections: requests a second and
// p50/p95/p99. Beside each, in the same run, a bare node `http` server
// answering the same bytes gives the machine's ceiling. The same requests are
// then timed with 1,000 and 20,000 reviews, to see how latency grows with the
// data. Targets (issue 12): staff pages and public search p95 ≤ 50 ms; public
// pages ≥ 60 % of the ceiling's requests a second; p95 at the largest size ≤
// 1.5 × at the smallest; each server under 300 MB at its peak.
//
//   npm run bench -- national                      full size (many minutes)
//   npm run bench -- national --scale 0.02         everything but partnerships × 0.02
//   npm run bench -- national --sizes 1000,5000    reviews at each size (× scale)
//   npm run bench -- national --databases sqlite   one database
//   BENCH_SECONDS=5 (each measure), BENCH_SERVER=tsx|dist, BENCH_POSTGRES_URL
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { cpus, loadavg, tmpdir, totalmem } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startRuntime } from '../src/bootstrap.js'
import { loadConfig } from '../src/config.js'
import { startAppServer, serverCommand, type ServerCommand } from './support/app-server.js'
import { loadScenario, type LoadScenario, type ScenarioResult } from './support/autocannon.js'
import { formatNumber, megabytes, meetsTarget, type Measure } from './support/measure.js'
import {
  generateNationalDataset,
  NATIONAL_REVIEWS,
  nationalSize,
  temporaryPostgresDatabase,
  variedSearches,
  type DatasetSize,
} from './support/national-dataset.js'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const CONNECTIONS = 10
const DEMO_PASSWORD = 'benchmark-demo-password'
const BUSY_PARTNERSHIP = 'wandsworth'
const COORDINATOR = 'coordinator@wandsworth.example'
const POSTGRES_ADMIN_URL =
  process.env.BENCH_POSTGRES_URL ??
  process.env.TEST_POSTGRES_URL ??
  'postgres://root@127.0.0.1:5432/postgres'
const P95_TARGET_MS = 50
const SHARE_TARGET_PERCENT = 60
const GROWTH_TARGET = 1.5
const MEMORY_TARGET_MB = 300

export type DatabaseKind = 'sqlite' | 'postgres'

export interface NationalOptions {
  /** Everything but the partnerships is multiplied by it (sizes included). */
  readonly scale: number
  /** Reviews at each size, before scaling; the national size is measured against the ceiling. */
  readonly sizes: readonly number[]
  readonly databases: readonly DatabaseKind[]
  /** Each measure's length; each is preceded by a second's warm-up. */
  readonly seconds: number
}

/** `--scale 0.02 --sizes 1000,5000,20000 --databases sqlite,postgres`, each optional. */
export function nationalOptions(args: readonly string[]): NationalOptions {
  const value = (name: string) => {
    const at = args.indexOf(`--${name}`)
    return at === -1 ? undefined : args[at + 1]
  }
  const scale = Number(value('scale') ?? process.env.NATIONAL_BENCH_SCALE ?? 1)
  const sizes = (value('sizes') ?? '1000,5000,20000').split(',').map(Number)
  const databases = (value('databases') ?? 'sqlite,postgres').split(',')
  const seconds = Number(process.env.BENCH_SECONDS ?? 5)
  if (!(scale > 0) || sizes.some((size) => !(size > 0)) || !(seconds > 0)) {
    throw new Error('--scale, --sizes and BENCH_SECONDS must be positive numbers')
  }
  const unknown = databases.filter((kind) => kind !== 'sqlite' && kind !== 'postgres')
  if (unknown.length > 0) throw new Error(`Unknown database ${unknown.join(', ')}`)
  return { scale, sizes, databases: databases as DatabaseKind[], seconds }
}

interface Request {
  readonly name: string
  /** Public pages are measured against the ceiling's requests a second. */
  readonly publicPage: boolean
  /** Staff pages and public search: p95 within 50 ms. */
  readonly p95Target: boolean
  readonly scenario: LoadScenario
}

export interface RequestResult {
  readonly database: DatabaseKind
  readonly reviews: number
  readonly name: string
  readonly app: ScenarioResult
  readonly ceiling: ScenarioResult | null
  readonly publicPage: boolean
  readonly p95Target: boolean
}

interface InstanceResult {
  readonly database: DatabaseKind
  readonly reviews: number
  readonly size: DatasetSize
  readonly generateSeconds: number
  readonly startSeconds: number
  readonly peakRssMb: number | null
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
  if (response.status !== 303) throw new Error(`${email} could not sign in (${response.status})`)
  return cookieHeader()
}

interface RecordedAnswer {
  status: number
  headers: Record<string, string | string[]>
  body: Buffer
}

const KEPT_HEADERS = ['content-type', 'location', 'set-cookie', 'cache-control', 'etag']

async function recordAnswer(response: Response): Promise<RecordedAnswer> {
  const headers: Record<string, string | string[]> = {}
  for (const name of KEPT_HEADERS) {
    if (name === 'set-cookie') {
      const cookies = response.headers.getSetCookie()
      if (cookies.length > 0) headers[name] = cookies
    } else {
      const value = response.headers.get(name)
      if (value !== null) headers[name] = value
    }
  }
  return { status: response.status, headers, body: Buffer.from(await response.arrayBuffer()) }
}

/**
 * The scenario's answers, fetched once from the app: the bytes the bare server
 * will answer (a GET's with the GET's, a POST's with the POST's). Checks on the
 * way that each answers what the scenario expects.
 */
async function answersOf(
  base: string,
  scenario: LoadScenario,
): Promise<Map<string, RecordedAnswer>> {
  const answers = new Map<string, RecordedAnswer>()
  const expect = (what: string, answer: RecordedAnswer, status: number) => {
    if (answer.status !== status) {
      throw new Error(`${what} answered ${answer.status}: ${answer.body.toString().slice(0, 300)}`)
    }
  }
  switch (scenario.kind) {
    case 'get':
    case 'get-each': {
      const path = scenario.kind === 'get' ? scenario.path : scenario.paths[0]!
      const answer = await recordAnswer(
        await fetch(`${base}${path}`, { headers: scenario.kind === 'get' ? scenario.headers : {} }),
      )
      expect(`GET ${path}`, answer, 200)
      answers.set('GET', answer)
      break
    }
    case 'sign-in': {
      const form = await recordAnswer(await fetch(`${base}/sign-in`))
      expect('GET /sign-in', form, 200)
      const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body.toString())?.[1] ?? ''
      const cookie = ((form.headers['set-cookie'] ?? []) as string[])
        .map((value) => value.split(';')[0])
        .join('; ')
      const sent = await recordAnswer(
        await fetch(`${base}/sign-in`, {
          method: 'POST',
          redirect: 'manual',
          headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            _csrf: csrf,
            email: scenario.email,
            password: scenario.password,
          }).toString(),
        }),
      )
      expect('POST /sign-in', sent, 303)
      answers.set('GET', form)
      answers.set('POST', sent)
      break
    }
    case 'post-json': {
      const answer = await recordAnswer(
        await fetch(`${base}${scenario.path}`, {
          method: 'POST',
          headers: { ...scenario.headers, 'content-type': 'application/json' },
          body: scenario.body,
        }),
      )
      expect(`POST ${scenario.path}`, answer, scenario.expectStatus)
      answers.set('POST', answer)
      break
    }
  }
  return answers
}

/** A server that does nothing but answer these bytes: the ceiling for this machine. */
async function bareServer(answers: ReadonlyMap<string, RecordedAnswer>): Promise<Server> {
  const server = createServer((request: IncomingMessage, response) => {
    request.resume()
    request.on('end', () => {
      const answer = answers.get(request.method ?? 'GET') ?? answers.values().next().value!
      response.writeHead(answer.status, { ...answer.headers, 'content-length': answer.body.length })
      response.end(answer.body)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return server
}

function check(name: string, result: ScenarioResult): void {
  const unexpected = Object.entries(result.unexpected)
  if (result.requests === 0) {
    console.log(
      `  ${name}: no answer measured: the p50, p95 and p99 shown are the measure's length`,
    )
  }
  if (unexpected.length > 0 || result.errors > 0) {
    throw new Error(
      `${name}: ${result.requests} measured answers, ${result.errors} errors, unexpected ${JSON.stringify(result.unexpected)}`,
    )
  }
}

/** The load average over the last minute, as the figures are recorded with it. */
const load = () => loadavg()[0]!.toFixed(1)

function progressPrinter(label: string): (step: string, done: number, total: number) => void {
  const started = performance.now()
  let lastStep = ''
  let lastPrinted = 0
  return (step, done, total) => {
    const now = performance.now()
    // A line a step, and every 5 seconds within a long one.
    if (step === lastStep && done < total && now - lastPrinted < 5_000) return
    lastStep = step
    lastPrinted = now
    const share = total === 0 ? 100 : (100 * done) / total
    console.log(
      `  ${label}: ${step} ${done.toLocaleString('en-GB')}/${total.toLocaleString('en-GB')} (${share.toFixed(0)} %), ${((now - started) / 1000).toFixed(0)} s`,
    )
  }
}

async function openDatabase(
  kind: DatabaseKind,
): Promise<{ url: string; drop: () => Promise<void> } | null> {
  if (kind === 'postgres') return temporaryPostgresDatabase(POSTGRES_ADMIN_URL)
  const folder = mkdtempSync(join(tmpdir(), 'spr-bench-national-'))
  return {
    url: `file:${join(folder, 'bench.sqlite')}`,
    drop: async () => rmSync(folder, { recursive: true, force: true }),
  }
}

/** One database at one size: generate, start the server, measure, stop. */
async function measureInstance(
  kind: DatabaseKind,
  reviews: number,
  withCeiling: boolean,
  command: ServerCommand,
  seconds: number,
): Promise<{ instance: InstanceResult; requests: RequestResult[] } | null> {
  const database = await openDatabase(kind)
  if (database === null) return null
  const label = `${kind === 'sqlite' ? 'SQLite' : 'PostgreSQL'}, ${reviews.toLocaleString('en-GB')} reviews`
  try {
    const env = {
      NODE_ENV: 'test',
      DATABASE_URL: database.url,
      SESSION_SECRET: 'benchmark-session-secret-of-enough-length',
      DATA_ENCRYPTION_KEY: 'benchmark-data-encryption-key-of-enough-length',
      DEMO_DATA: 'false',
      DEMO_PASSWORD,
      LOG_LEVEL: 'silent',
      SECURE_COOKIES: 'false',
      PUBLIC_PARTNERSHIP: BUSY_PARTNERSHIP,
      // Two-factor sign-in is on by default for privileged roles; not what is measured.
      REQUIRE_TWO_FACTOR_FOR_PRIVILEGED_ROLES: 'false',
      // The sign-in measure signs in hundreds of times a minute from one address.
      SIGN_IN_RATE_LIMIT: '10000',
      // The jobs run from cron (run-due-jobs), as action-plans.bench.ts measures.
      JOBS_INTERVAL_SECONDS: '0',
    }
    const size = nationalSize(reviews)
    const progress = progressPrinter(label)
    const seeding = await startRuntime(loadConfig(env), { migrate: true })
    let generated
    let token
    let today
    try {
      await seeding.services.loadDemoData(DEMO_PASSWORD)
      progress('demo data', 1, 1)
      generated = await generateNationalDataset(seeding, size, BUSY_PARTNERSHIP, progress)
      token = await seeding.services.users.createApiToken(COORDINATOR, 'benchmark', {
        kind: 'system',
        label: 'benchmark',
      })
      today = seeding.services.calendar.today()
    } finally {
      await seeding.close()
    }
    console.log(`  ${label}: generated and written in ${generated.seconds.toFixed(1)} s`)

    const server = await startAppServer(command, env)
    let peak: number | null = null
    const results: RequestResult[] = []
    try {
      console.log(`  ${label}: server started in ${server.startSeconds.toFixed(1)} s`)
      const cookie = await signIn(server.base, COORDINATOR)
      const home = await fetch(`${server.base}/p/${BUSY_PARTNERSHIP}`)
      await home.arrayBuffer()
      const homePath = home.status === 200 ? `/p/${BUSY_PARTNERSHIP}` : '/'
      const searches = variedSearches(5_000).map(
        (text) => `/search?q=${encodeURIComponent(text).replace(/%20/g, '+')}`,
      )
      const requests: Request[] = [
        {
          name: `GET ${homePath} (home page)`,
          publicPage: true,
          p95Target: false,
          scenario: { kind: 'get', path: homePath },
        },
        {
          name: `GET /reviews/${generated.publishedSlug} (a review)`,
          publicPage: true,
          p95Target: false,
          scenario: { kind: 'get', path: `/reviews/${generated.publishedSlug}` },
        },
        {
          name: 'GET /reviews',
          publicPage: true,
          p95Target: false,
          scenario: { kind: 'get', path: '/reviews' },
        },
        {
          name: 'GET /search?q=neglect (kept page)',
          publicPage: true,
          p95Target: true,
          scenario: { kind: 'get', path: '/search?q=neglect' },
        },
        {
          name: 'GET /search, a new search each time',
          publicPage: false,
          p95Target: true,
          scenario: { kind: 'get-each', paths: searches },
        },
        {
          name: 'GET /manage (clocks, busy partnership)',
          publicPage: false,
          p95Target: true,
          scenario: { kind: 'get', path: '/manage', headers: { cookie } },
        },
        {
          name: 'GET /manage/actions (action list)',
          publicPage: false,
          p95Target: true,
          scenario: { kind: 'get', path: '/manage/actions', headers: { cookie } },
        },
        {
          name: 'POST /sign-in (form fetched first)',
          publicPage: false,
          p95Target: false,
          scenario: { kind: 'sign-in', email: COORDINATOR, password: DEMO_PASSWORD },
        },
        // Last: each one records an incident, which changes the data.
        {
          name: 'POST /api/v1/incidents (bearer token)',
          publicPage: false,
          p95Target: false,
          scenario: {
            kind: 'post-json',
            path: '/api/v1/incidents',
            headers: { authorization: `Bearer ${token}` },
            body: JSON.stringify({
              partnership: BUSY_PARTNERSHIP,
              childPseudonym: 'Child Z',
              awareOn: today,
              incidentOn: today,
              harm: 'serious-harm',
              abuseOrNeglect: 'suspected',
              description: 'A generated incident: fictional, for measuring response times only.',
            }),
            expectStatus: 201,
          },
        },
      ]
      for (const request of requests) {
        const answers = await answersOf(server.base, request.scenario)
        let ceiling: ScenarioResult | null = null
        if (withCeiling) {
          const bare = await bareServer(answers)
          try {
            const base = `http://127.0.0.1:${(bare.address() as AddressInfo).port}`
            const spec = { base, connections: CONNECTIONS, scenario: request.scenario }
            await loadScenario({ ...spec, seconds: 1 })
            ceiling = await loadScenario({ ...spec, seconds })
            check(`${request.name} (bare)`, ceiling)
          } finally {
            await new Promise<void>((resolve) => bare.close(() => resolve()))
          }
        }
        const spec = { base: server.base, connections: CONNECTIONS, scenario: request.scenario }
        await loadScenario({ ...spec, seconds: 1 })
        const loadBefore = load()
        const app = await loadScenario({ ...spec, seconds })
        check(request.name, app)
        console.log(
          `  ${label}: ${request.name}: ${Math.round(app.requestsPerSecond)} req/s, p95 ${formatNumber(app.p95Ms, 'ms')} ms${ceiling ? ` (bare ${Math.round(ceiling.requestsPerSecond)} req/s)` : ''}, load average ${loadBefore} to ${load()}`,
        )
        results.push({
          database: kind,
          reviews,
          name: request.name,
          app,
          ceiling,
          publicPage: request.publicPage,
          p95Target: request.p95Target,
        })
      }
    } finally {
      peak = await server.stop()
    }
    return {
      instance: {
        database: kind,
        reviews,
        size,
        generateSeconds: generated.seconds,
        startSeconds: server.startSeconds,
        peakRssMb: peak === null ? null : megabytes(peak),
      },
      requests: results,
    }
  } finally {
    await database.drop()
  }
}

export interface NationalReport {
  readonly measures: Measure[]
  readonly notes: string[]
}

export async function benchNational(options: NationalOptions): Promise<NationalReport> {
  const sizes = [...new Set(options.sizes.map((size) => Math.round(size * options.scale)))].sort(
    (a, b) => a - b,
  )
  const national = Math.round(NATIONAL_REVIEWS * options.scale)
  const command = serverCommand(ROOT)
  const notes = [`server run as: ${command.label}`]
  console.log(
    `\nNational dataset at ${sizes.map((size) => size.toLocaleString('en-GB')).join(', ')} reviews (scale ${options.scale}), on ${options.databases.join(' and ')}; the server run as ${command.label}`,
  )
  const instances: InstanceResult[] = []
  const results: RequestResult[] = []
  for (const kind of options.databases) {
    for (const reviews of sizes) {
      const measured = await measureInstance(
        kind,
        reviews,
        reviews === national || sizes.length === 1,
        command,
        options.seconds,
      )
      if (measured === null) {
        notes.push(`PostgreSQL: not reachable at ${POSTGRES_ADMIN_URL}, not measured`)
        break
      }
      instances.push(measured.instance)
      results.push(...measured.requests)
    }
  }
  const measures = nationalMeasures(instances, results, sizes)
  printNationalTable(instances, results, sizes, measures)
  const file = writeResults(options, sizes, command, instances, results, measures)
  notes.push(`figures written to ${file}`)
  return { measures, notes }
}

const databaseName = (kind: DatabaseKind) => (kind === 'sqlite' ? 'SQLite' : 'PostgreSQL')

/** Every figure with its target, for the exit status and the JSON. */
function nationalMeasures(
  instances: readonly InstanceResult[],
  results: readonly RequestResult[],
  sizes: readonly number[],
): Measure[] {
  const measures: Measure[] = []
  for (const result of results) {
    const at = `${databaseName(result.database)}, ${result.reviews.toLocaleString('en-GB')} reviews: ${result.name}`
    measures.push(
      { name: `${at} req/s`, value: result.app.requestsPerSecond, unit: 'req/s', target: null },
      { name: `${at} p50`, value: result.app.p50Ms, unit: 'ms', target: null },
      {
        name: `${at} p95`,
        value: result.app.p95Ms,
        unit: 'ms',
        target: result.p95Target ? P95_TARGET_MS : null,
      },
      { name: `${at} p99`, value: result.app.p99Ms, unit: 'ms', target: null },
    )
    if (result.ceiling !== null) {
      measures.push(
        {
          name: `${at} bare server req/s`,
          value: result.ceiling.requestsPerSecond,
          unit: 'req/s',
          target: null,
        },
        {
          name: `${at} share of bare`,
          value: (100 * result.app.requestsPerSecond) / result.ceiling.requestsPerSecond,
          unit: '%',
          target: result.publicPage ? SHARE_TARGET_PERCENT : null,
        },
      )
    }
  }
  for (const instance of instances) {
    const at = `${databaseName(instance.database)}, ${instance.reviews.toLocaleString('en-GB')} reviews`
    measures.push({
      name: `${at}: generated and written`,
      value: instance.generateSeconds,
      unit: 's',
      target: null,
    })
    if (instance.peakRssMb !== null) {
      measures.push({
        name: `${at}: server peak RSS`,
        value: instance.peakRssMb,
        unit: 'MB',
        target: MEMORY_TARGET_MB,
      })
    }
  }
  const smallest = sizes[0]!
  const largest = sizes[sizes.length - 1]!
  if (largest > smallest) {
    for (const result of results.filter((each) => each.reviews === largest)) {
      const base = results.find(
        (each) =>
          each.database === result.database &&
          each.reviews === smallest &&
          each.name === result.name,
      )
      if (base === undefined) continue
      measures.push({
        name: `${databaseName(result.database)}: ${result.name} p95 growth, ${largest.toLocaleString('en-GB')} ÷ ${smallest.toLocaleString('en-GB')} reviews`,
        value: growth(result.app.p95Ms, base.app.p95Ms),
        unit: '×',
        target: GROWTH_TARGET,
      })
    }
  }
  return measures
}

/** How many times the latency grew: larger ÷ smaller (1 when both are 0). */
export function growth(larger: number, smaller: number): number {
  if (smaller <= 0) return larger <= 0 ? 1 : Number.POSITIVE_INFINITY
  return larger / smaller
}

/** One table: a row for each request at each size and database, its targets beside it. */
function printNationalTable(
  instances: readonly InstanceResult[],
  results: readonly RequestResult[],
  sizes: readonly number[],
  measures: readonly Measure[],
): void {
  const missed = new Set(measures.filter((measure) => !meetsTarget(measure)).map((m) => m.name))
  const header = [
    'database',
    'reviews',
    'request',
    'req/s',
    'bare req/s',
    'share',
    'p50 ms',
    'p95 ms',
    'p99 ms',
    'p95 growth',
    'peak RSS',
    'targets',
  ]
  const rows: string[][] = []
  const smallest = sizes[0]!
  for (const instance of instances) {
    const at = `${databaseName(instance.database)}, ${instance.reviews.toLocaleString('en-GB')} reviews`
    const rss = `${at}: server peak RSS`
    for (const result of results.filter(
      (each) => each.database === instance.database && each.reviews === instance.reviews,
    )) {
      const name = `${at}: ${result.name}`
      const growthMeasure = measures.find(
        (measure) =>
          measure.unit === '×' &&
          measure.name.startsWith(
            `${databaseName(result.database)}: ${result.name} p95 growth, ${result.reviews.toLocaleString('en-GB')} `,
          ),
      )
      const own = measures.filter(
        (measure) => measure.name.startsWith(`${name} `) || measure === growthMeasure,
      )
      const verdict = own.filter((measure) => measure.target !== null)
      rows.push([
        databaseName(result.database),
        result.reviews.toLocaleString('en-GB'),
        result.name,
        formatNumber(result.app.requestsPerSecond, 'req/s'),
        result.ceiling ? formatNumber(result.ceiling.requestsPerSecond, 'req/s') : '',
        result.ceiling
          ? `${formatNumber((100 * result.app.requestsPerSecond) / result.ceiling.requestsPerSecond, '%')} %`
          : '',
        formatNumber(result.app.p50Ms, 'ms'),
        formatNumber(result.app.p95Ms, 'ms'),
        formatNumber(result.app.p99Ms, 'ms'),
        growthMeasure ? `${formatNumber(growthMeasure.value, '×')} ×` : '',
        '',
        verdict.length === 0
          ? '—'
          : verdict.some((measure) => missed.has(measure.name))
            ? `MISSED ${verdict
                .filter((measure) => missed.has(measure.name))
                .map((measure) => targetText(measure))
                .join(', ')}`
            : 'ok',
      ])
    }
    rows.push([
      databaseName(instance.database),
      instance.reviews.toLocaleString('en-GB'),
      `(the server; data generated and written in ${instance.generateSeconds.toFixed(0)} s)`,
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      instance.peakRssMb === null ? 'n/a' : `${formatNumber(instance.peakRssMb, 'MB')} MB`,
      instance.peakRssMb === null
        ? '—'
        : missed.has(rss)
          ? `MISSED < ${MEMORY_TARGET_MB} MB`
          : 'ok',
    ])
  }
  const widths = header.map((cell, column) =>
    Math.max(cell.length, ...rows.map((row) => row[column]!.length)),
  )
  const numeric = new Set([1, 3, 4, 5, 6, 7, 8, 9, 10])
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) =>
        numeric.has(column) ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!),
      )
      .join('  ')
      .trimEnd()
  console.log(
    `\nNational benchmark: ${CONNECTIONS} connections (autocannon); p95 growth is at this size ÷ at ${smallest.toLocaleString('en-GB')} reviews`,
  )
  console.log(
    `Targets: staff pages and search p95 ≤ ${P95_TARGET_MS} ms; public pages ≥ ${SHARE_TARGET_PERCENT} % of bare; growth ≤ ${GROWTH_TARGET} ×; peak RSS < ${MEMORY_TARGET_MB} MB`,
  )
  console.log(line(header))
  console.log(widths.map((width) => '-'.repeat(width)).join('  '))
  for (const row of rows) console.log(line(row))
}

function targetText(measure: Measure): string {
  if (measure.unit === '%') return `share ≥ ${SHARE_TARGET_PERCENT} %`
  if (measure.unit === '×') return `growth ≤ ${GROWTH_TARGET} ×`
  return `p95 ≤ ${P95_TARGET_MS} ms`
}

/** bench/results/national-<time>.json: every figure, the machine and the command. */
function writeResults(
  options: NationalOptions,
  sizes: readonly number[],
  command: ServerCommand,
  instances: readonly InstanceResult[],
  results: readonly RequestResult[],
  measures: readonly Measure[],
): string {
  const folder = join(ROOT, 'bench', 'results')
  mkdirSync(folder, { recursive: true })
  const at = new Date().toISOString()
  const file = join(folder, `national-${at.replace(/[:.]/g, '-')}.json`)
  writeFileSync(
    file,
    `${JSON.stringify(
      {
        at,
        command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
        options: { ...options, reviewsAtEachSize: sizes },
        server: command.label,
        machine: {
          node: process.version,
          cpus: cpus().length,
          cpu: cpus()[0]?.model.trim() ?? 'unknown',
          memoryGb: Math.round(totalmem() / 1024 ** 3),
          loadAverageAtEnd: loadavg(),
        },
        connections: CONNECTIONS,
        instances,
        requests: results,
        measures: measures.map((measure) => ({ ...measure, met: meetsTarget(measure) })),
      },
      null,
      2,
    )}\n`,
  )
  return file
}
