// Crash test (issue 4, "Faults and recovery"): start the real server, send a
// burst of writes, kill the process with SIGKILL in the middle of the burst,
// start it again on the same database, and check that
//   - every write that was acknowledged (201 with an id) is there,
//   - every write that was not acknowledged is there completely or not at all
//     (an incident, its children and its 'incident.recorded' audit event, or none),
//   - the audit trail's hash chain verifies,
//   - SQLite's integrity_check and foreign_key_check find nothing.
//
//   DATABASE_URL=file:/tmp/crash.sqlite npx tsx scripts/crash-test.ts
//   DATABASE_URL=postgres://root@127.0.0.1:5432/a_fresh_database npx tsx scripts/crash-test.ts
//
// Without DATABASE_URL it makes a fresh SQLite file in a temporary folder. The
// database should be fresh: the script loads the demo data and an API token.
// Everything is on 127.0.0.1; every loop and wait is bounded.
import { spawn, type ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { sql } from 'kysely'
import { startRuntime } from '../src/bootstrap.js'
import { loadConfig, parseDatabaseUrl } from '../src/config.js'
import { COMMAND_LINE } from '../src/services/context.js'
import { testClock } from '../test/support/test-clock.js'

const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const TOKEN_OWNER = 'coordinator@wandsworth.example'
const HOST = '127.0.0.1'

export interface CrashTestOptions {
  readonly databaseUrl: string
  /** Requests sent at once during the burst. */
  readonly concurrency?: number
  /** The most requests the burst sends (the kill normally ends it earlier). */
  readonly maxRequests?: number
  /** SIGKILL the server once this many writes have been acknowledged. */
  readonly killAfterAcknowledged?: number
  readonly log?: (line: string) => void
}

export interface CrashTestReport {
  readonly dialect: 'sqlite' | 'postgres'
  readonly sent: number
  readonly acknowledged: number
  /** Sent but not acknowledged (in flight at the kill, or refused by the dead server). */
  readonly unacknowledged: number
  /** Of those, how many were committed anyway (complete). */
  readonly unacknowledgedPresent: number
  readonly acknowledgedMissing: readonly string[]
  readonly incidentsStored: number
  readonly recordedAuditEvents: number
  readonly auditChain: { ok: boolean; checked: number; detail?: string }
  /** SQLite: integrity_check's answer ('ok'); PostgreSQL: 'not applicable'. */
  readonly integrity: string
  readonly problems: readonly string[]
  readonly seconds: number
}

const DEMO_PASSWORD = 'crash-test-demo-password'
const SESSION_SECRET = 'crash-test-session-secret-of-enough-length-0123'

function environment(databaseUrl: string, port: number): Record<string, string> {
  // A small, explicit environment: nothing of the caller's leaks in.
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/tmp',
    NODE_ENV: 'test',
    // The suite's day and clock, passed on to the server (test/support/test-clock.ts).
    ...(process.env.TEST_TODAY ? { TEST_TODAY: process.env.TEST_TODAY } : {}),
    ...(process.env.TEST_CLOCK_EPOCH ? { TEST_CLOCK_EPOCH: process.env.TEST_CLOCK_EPOCH } : {}),
    HOST,
    PORT: String(port),
    DATABASE_URL: databaseUrl,
    DEMO_DATA: 'true',
    DEMO_PASSWORD,
    SESSION_SECRET,
    LOG_LEVEL: 'warn',
  }
}

/** A port nobody is listening on now (the OS picks; closed again at once). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, HOST, () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

interface RunningServer {
  readonly child: ChildProcess
  readonly base: string
  readonly exited: Promise<number | null>
  stderr(): string
}

async function startServer(databaseUrl: string): Promise<RunningServer> {
  const port = await freePort()
  // The real server on the test clock (test/support/test-server.ts): its demo
  // data is dated from the suite's day, never the real one (issue 7).
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/test-server.ts'], {
    cwd: PROJECT_ROOT,
    env: environment(databaseUrl, port),
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let stderr = ''
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    // Keep the end only: enough to explain a failure.
    stderr = (stderr + chunk).slice(-4000)
  })
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  )
  const base = `http://${HOST}:${port}`
  // Up to 40 s for tsx to compile and the server to check the demo data.
  for (let attempt = 0; attempt < 400; attempt += 1) {
    if (child.exitCode !== null || child.signalCode !== null) break
    try {
      const response = await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(1000) })
      if (response.status === 200) return { child, base, exited, stderr: () => stderr }
    } catch {
      // Not listening yet.
    }
    await sleep(100)
  }
  child.kill('SIGKILL')
  throw new Error(`The server did not become ready. Its last words: ${stderr || '(none)'}`)
}

async function stopServer(server: RunningServer, signal: NodeJS.Signals): Promise<void> {
  if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill(signal)
  const timeout = sleep(15_000).then(() => 'timeout' as const)
  if ((await Promise.race([server.exited, timeout])) === 'timeout') {
    server.child.kill('SIGKILL')
    await server.exited
  }
}

interface Attempt {
  readonly index: number
  readonly marker: string
  outcome: 'acknowledged' | 'refused' | 'failed'
  id?: string
  detail?: string
}

/** Loads the demo data and makes an API token, in this process, before the server starts. */
async function prepare(databaseUrl: string): Promise<string> {
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    SESSION_SECRET,
    DEMO_PASSWORD,
    LOG_LEVEL: 'silent',
  })
  const runtime = await startRuntime(config, { migrate: true, now: testClock })
  try {
    await runtime.services.loadDemoData(DEMO_PASSWORD)
    return await runtime.services.users.createApiToken(TOKEN_OWNER, 'crash test', COMMAND_LINE)
  } finally {
    await runtime.close()
  }
}

export async function runCrashTest(options: CrashTestOptions): Promise<CrashTestReport> {
  const started = performance.now()
  const log = options.log ?? (() => undefined)
  const concurrency = options.concurrency ?? 8
  const maxRequests = options.maxRequests ?? 300
  const killAfter = options.killAfterAcknowledged ?? 100
  const dialect = parseDatabaseUrl(options.databaseUrl).kind
  const problems: string[] = []
  const runId = randomUUID().slice(0, 8)

  const token = await prepare(options.databaseUrl)
  log(`prepared the ${dialect} database; starting the server`)
  const first = await startServer(options.databaseUrl)

  // ── The burst ──────────────────────────────────────────────────────────────
  const attempts: Attempt[] = []
  let next = 0
  let acknowledged = 0
  let killed = false
  const worker = async () => {
    while (!killed && next < maxRequests) {
      const index = next
      next += 1
      const marker = `crash-${runId}-${index}`
      const attempt: Attempt = { index, marker, outcome: 'failed' }
      attempts.push(attempt)
      try {
        const response = await fetch(`${first.base}/api/v1/incidents`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            childPseudonym: `Child ${index}`,
            awareOn: '2023-12-21',
            incidentOn: '2023-12-20',
            harm: 'serious-harm',
            abuseOrNeglect: 'suspected',
            place: marker,
          }),
          signal: AbortSignal.timeout(10_000),
        })
        const body = (await response.json()) as { id?: unknown }
        if (response.status === 201 && typeof body.id === 'string') {
          attempt.outcome = 'acknowledged'
          attempt.id = body.id
          acknowledged += 1
          if (acknowledged >= killAfter && !killed) {
            killed = true
            first.child.kill('SIGKILL')
            log(`SIGKILL after ${acknowledged} acknowledged writes (${next} sent)`)
          }
        } else {
          attempt.outcome = 'refused'
          attempt.detail = `${response.status} ${JSON.stringify(body).slice(0, 200)}`
        }
      } catch (error) {
        // The connection died with the server: not acknowledged.
        attempt.detail = error instanceof Error ? error.message : String(error)
      }
      if (killed) return
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
  if (!killed) {
    problems.push(`the burst ended before ${killAfter} writes were acknowledged`)
    first.child.kill('SIGKILL')
  }
  await stopServer(first, 'SIGKILL')
  for (const attempt of attempts) {
    if (attempt.outcome === 'refused') {
      problems.push(`request ${attempt.index} was answered but refused: ${attempt.detail ?? ''}`)
    }
  }

  // ── Restart on the same database and read every acknowledged write back ────
  log('restarting the server on the same database')
  const second = await startServer(options.databaseUrl)
  const acknowledgedAttempts = attempts.filter((attempt) => attempt.outcome === 'acknowledged')
  const acknowledgedMissing: string[] = []
  let cursor = 0
  const reader = async () => {
    while (cursor < acknowledgedAttempts.length) {
      const attempt = acknowledgedAttempts[cursor]
      cursor += 1
      if (!attempt?.id) continue
      try {
        const response = await fetch(`${second.base}/api/v1/incidents/${attempt.id}`, {
          headers: { authorization: `Bearer ${token}` },
          signal: AbortSignal.timeout(10_000),
        })
        const body = (await response.json()) as { place?: unknown }
        if (response.status !== 200 || body.place !== attempt.marker) {
          acknowledgedMissing.push(attempt.id)
        }
      } catch {
        acknowledgedMissing.push(attempt.id)
      }
    }
  }
  await Promise.all(Array.from({ length: concurrency }, reader))
  await stopServer(second, 'SIGTERM')
  if (acknowledgedMissing.length > 0) {
    problems.push(`${acknowledgedMissing.length} acknowledged writes are missing after the crash`)
  }

  // ── Consistency, read straight from the database ──────────────────────────
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: options.databaseUrl,
    SESSION_SECRET,
    LOG_LEVEL: 'silent',
  })
  const runtime = await startRuntime(config, { migrate: true, now: testClock })
  let integrity = 'not applicable'
  let auditChain: CrashTestReport['auditChain']
  let incidentsStored: number
  let recordedAuditEvents: number
  let unacknowledgedPresent: number
  try {
    const { db } = runtime.database
    const chain = await runtime.services.verifyAuditTrail()
    auditChain = chain.ok
      ? { ok: true, checked: chain.checked }
      : {
          ok: false,
          checked: chain.checked,
          detail: `broken at ${chain.brokenAtSequence}: ${chain.reason}`,
        }
    if (!chain.ok) problems.push(`the audit chain is broken: ${auditChain.detail ?? ''}`)

    if (dialect === 'sqlite') {
      const check = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(db)
      integrity = check.rows.map((row) => row.integrity_check).join('; ')
      if (integrity !== 'ok') problems.push(`SQLite integrity_check: ${integrity}`)
      const foreignKeys = await sql`pragma foreign_key_check`.execute(db)
      if (foreignKeys.rows.length > 0) {
        problems.push(`SQLite foreign_key_check found ${foreignKeys.rows.length} broken references`)
      }
    }

    const stored = await db
      .selectFrom('incident')
      .select(['id', 'place'])
      .where('place', 'like', `crash-${runId}-%`)
      .execute()
    incidentsStored = stored.length
    const storedIds = new Set(stored.map((row) => row.id))
    const recorded = await db
      .selectFrom('audit_event')
      .select(['record_id'])
      .where('action', '=', 'incident.recorded')
      .where('record_type', '=', 'incident')
      .execute()
    const recordedIds = recorded.map((row) => row.record_id)
    const children = await db
      .selectFrom('incident_child')
      .select(['incident_id'])
      .where('incident_id', 'in', stored.length > 0 ? [...storedIds] : [''])
      .execute()
    const withChildren = new Set(children.map((row) => row.incident_id))
    recordedAuditEvents = recordedIds.filter((id) => id !== null && storedIds.has(id)).length
    for (const row of stored) {
      const events = recordedIds.filter((id) => id === row.id).length
      if (events !== 1) problems.push(`incident ${row.place ?? row.id} has ${events} audit events`)
      if (!withChildren.has(row.id)) problems.push(`incident ${row.place ?? row.id} has no child`)
    }
    // An audit event for an incident that is not there would be half a write too.
    const allIncidents = new Set(
      (await db.selectFrom('incident').select('id').execute()).map((row) => row.id),
    )
    const orphans = recordedIds.filter((id) => id !== null && !allIncidents.has(id))
    if (orphans.length > 0) {
      problems.push(`${orphans.length} 'incident.recorded' events name no stored incident`)
    }
    const storedMarkers = new Set(stored.map((row) => row.place))
    unacknowledgedPresent = attempts.filter(
      (attempt) => attempt.outcome !== 'acknowledged' && storedMarkers.has(attempt.marker),
    ).length
    const unexpected = stored.filter(
      (row) => !attempts.some((attempt) => attempt.marker === row.place),
    )
    if (unexpected.length > 0) problems.push(`${unexpected.length} incidents nobody sent`)
  } finally {
    await runtime.close()
  }

  return {
    dialect,
    sent: attempts.length,
    acknowledged: acknowledgedAttempts.length,
    unacknowledged: attempts.length - acknowledgedAttempts.length,
    unacknowledgedPresent,
    acknowledgedMissing,
    incidentsStored,
    recordedAuditEvents,
    auditChain,
    integrity,
    problems,
    seconds: Math.round((performance.now() - started) / 100) / 10,
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const databaseUrl =
    process.env.DATABASE_URL ??
    `file:${join(mkdtempSync(join(tmpdir(), 'crash-test-')), 'crash.sqlite')}`
  runCrashTest({ databaseUrl, log: (line) => console.error(line) }).then(
    (report) => {
      console.log(JSON.stringify(report, null, 2))
      process.exit(report.problems.length === 0 ? 0 : 1)
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error)
      process.exit(1)
    },
  )
}
