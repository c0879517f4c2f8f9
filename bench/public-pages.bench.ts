// Public pages at the speed of a static site (issue 9): requests per second of
// a public review page and of /reviews through the real app (every plugin and
// hook; the page kept in memory), against a bare node `http` server answering
// the same bytes, in the same run, with autocannon in a process of its own.
// Target: the app serves at least 60% of the bare server's requests.
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { startRuntime, type Runtime } from '../src/bootstrap.js'
import { loadConfig } from '../src/config.js'
import { buildApp } from '../src/web/app.js'
import { autocannon } from './support/autocannon.js'
import type { Measure } from './support/measure.js'

const CONNECTIONS = 10
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8)
/** The app must serve at least this share of the bare server's requests per second. */
const SHARE_TARGET_PERCENT = 60

const PAGES = [
  { name: 'GET /reviews/baby-eliza-scr', url: '/reviews/baby-eliza-scr' },
  { name: 'GET /reviews', url: '/reviews' },
] as const

/** A server that does nothing but answer these bytes: the ceiling for this machine. */
async function bareServer(body: Buffer, contentType: string): Promise<Server> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': contentType, 'content-length': body.length })
    response.end(body)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return server
}

export async function benchPublicPages(): Promise<Measure[]> {
  const folder = mkdtempSync(join(tmpdir(), 'spr-bench-public-'))
  let runtime: Runtime | undefined
  let app: FastifyInstance | undefined
  try {
    const config = loadConfig({
      NODE_ENV: 'production',
      SECURE_COOKIES: 'false',
      DATABASE_URL: `file:${join(folder, 'bench.sqlite')}`,
      SESSION_SECRET: 'benchmark-session-secret-of-enough-length',
      DATA_ENCRYPTION_KEY: 'benchmark-data-encryption-key-of-enough-length',
      DEMO_DATA: 'true',
      DEMO_PASSWORD: 'benchmark-demo-password',
      LOG_LEVEL: 'silent',
    })
    runtime = await startRuntime(config, { migrate: true })
    await runtime.services.loadDemoData('benchmark-demo-password')
    app = await buildApp({
      config,
      services: runtime.services,
      isDatabaseReachable: () => runtime!.database.isReachable(),
      logger: false,
    })
    const base = await app.listen({ host: '127.0.0.1', port: 0 })
    const measures: Measure[] = []
    for (const page of PAGES) {
      const response = await fetch(`${base}${page.url}`)
      if (response.status !== 200) throw new Error(`${page.url} answered ${response.status}`)
      const body = Buffer.from(await response.arrayBuffer())
      const bare = await bareServer(body, response.headers.get('content-type') ?? 'text/html')
      try {
        const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}${page.url}`
        // Warm both up (the JIT, the kept page), then measure one after the other.
        await autocannon(bareUrl, { connections: CONNECTIONS, seconds: 1 })
        await autocannon(`${base}${page.url}`, { connections: CONNECTIONS, seconds: 1 })
        const ceiling = await autocannon(bareUrl, { connections: CONNECTIONS, seconds: SECONDS })
        const served = await autocannon(`${base}${page.url}`, {
          connections: CONNECTIONS,
          seconds: SECONDS,
        })
        if (served.non2xx > 0 || served.errors > 0) {
          throw new Error(`${page.url}: ${served.non2xx} non-2xx answers, ${served.errors} errors`)
        }
        measures.push(
          {
            name: `${page.name}: bare node http, same ${body.length.toLocaleString('en-GB')} bytes`,
            value: ceiling.requestsPerSecond,
            unit: 'req/s',
            target: null,
          },
          {
            name: `${page.name}: the app`,
            value: served.requestsPerSecond,
            unit: 'req/s',
            target: null,
          },
          {
            name: `${page.name}: share of bare`,
            value: (100 * served.requestsPerSecond) / ceiling.requestsPerSecond,
            unit: '%',
            target: SHARE_TARGET_PERCENT,
          },
          { name: `${page.name}: app p99`, value: served.p99Ms, unit: 'ms', target: null },
        )
      } finally {
        await new Promise<void>((resolve) => bare.close(() => resolve()))
      }
    }
    return measures
  } finally {
    await app?.close()
    await runtime?.close()
    rmSync(folder, { recursive: true, force: true })
  }
}
