// Load from autocannon in a process of its own, so the load generator does not
// share the event loop (or the CPU time) of the server being measured.
import { execFile } from 'node:child_process'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

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
