// Load from autocannon in a process of its own, so the load generator does not
// share the event loop (or the CPU time) of the server being measured.
import { execFile } from 'node:child_process'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const require = createRequire(import.meta.url)
const AUTOCANNON = join(dirname(require.resolve('autocannon/package.json')), 'autocannon.js')

export interface LoadResult {
  readonly requestsPerSecond: number
  /** Every request answered in the run. */
  readonly requests: number
  readonly p50Ms: number
  readonly p97_5Ms: number
  readonly p99Ms: number
  readonly non2xx: number
  readonly errors: number
}

interface AutocannonJson {
  requests: { average: number; total: number }
  latency: { p50: number; p97_5: number; p99: number }
  non2xx: number
  errors: number
}

export function autocannon(
  url: string,
  options: {
    connections: number
    seconds: number
    /** Sent with every request, e.g. a session's cookie. */
    headers?: Readonly<Record<string, string>>
  },
): Promise<LoadResult> {
  const headers = Object.entries(options.headers ?? {}).flatMap(([name, value]) => [
    '-H',
    `${name}:${value}`,
  ])
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [
        AUTOCANNON,
        '-c',
        String(options.connections),
        '-d',
        String(options.seconds),
        ...headers,
        '-j',
        url,
      ],
      { maxBuffer: 16 * 1024 * 1024 },
      (error, stdout) => {
        if (error) {
          reject(new Error(`autocannon failed: ${error.message}`, { cause: error }))
          return
        }
        const result = JSON.parse(stdout) as AutocannonJson
        resolve({
          requestsPerSecond: result.requests.average,
          requests: result.requests.total,
          p50Ms: result.latency.p50,
          p97_5Ms: result.latency.p97_5,
          p99Ms: result.latency.p99,
          non2xx: result.non2xx,
          errors: result.errors,
        })
      },
    )
  })
}

/** What a scenario does over and over, on each of its connections. */
export type LoadScenario =
  | { kind: 'get'; path: string; headers?: Readonly<Record<string, string>> }
  /** A different address each request, in turn (e.g. a search no one made before). */
  | { kind: 'get-each'; paths: readonly string[] }
  /** The sign-in form fetched, then sent with its CSRF token and cookie: the sending measured. */
  | { kind: 'sign-in'; email: string; password: string }
  | {
      kind: 'post-json'
      path: string
      headers: Readonly<Record<string, string>>
      body: string
      expectStatus: number
    }

export interface LoadSpec {
  /** e.g. http://127.0.0.1:3000 */
  readonly base: string
  readonly connections: number
  readonly seconds: number
  readonly scenario: LoadScenario
}

export interface ScenarioResult {
  /** Measured answers (for sign-in, the form sent, not the form fetched). */
  readonly requests: number
  readonly requestsPerSecond: number
  readonly p50Ms: number
  readonly p95Ms: number
  readonly p99Ms: number
  /** Answers with a status the scenario does not expect, by status. */
  readonly unexpected: Readonly<Record<string, number>>
  readonly errors: number
}

const WORKER = fileURLToPath(new URL('./load-worker.ts', import.meta.url))

/** Runs a scenario with autocannon's API in a process of its own (bench/support/load-worker.ts). */
export function loadScenario(spec: LoadSpec): Promise<ScenarioResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      ['--import', 'tsx', WORKER],
      { maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) {
          reject(new Error(`autocannon failed: ${error.message} ${stderr}`, { cause: error }))
          return
        }
        resolve(JSON.parse(stdout) as ScenarioResult)
      },
    )
    // On its standard input: thousands of search addresses are too long for a command line.
    child.stdin?.end(JSON.stringify(spec))
  })
}
