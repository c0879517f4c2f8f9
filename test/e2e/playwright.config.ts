// Browser tests run the real server (test/support/test-server.ts: src/start-server.ts on
// the suite's clock, TEST_TODAY) against a fresh SQLite database with the demo data, and drive Debian's Chromium: a browser is never
// downloaded. `npm run test:e2e` builds the assets first.
import { execFileSync } from 'node:child_process'
import { randomBytes, randomUUID } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { defineConfig } from '@playwright/test'
import { TEST_TODAY } from '../support/test-clock.js'
import { DEMO_PASSWORD } from './demo-accounts.js'

const projectRoot = fileURLToPath(new URL('../..', import.meta.url))
const port = Number(process.env.E2E_PORT ?? 3100)
const baseURL = `http://127.0.0.1:${port}`

// A fresh database for every run. Playwright loads this file in its runner and
// again in each worker; workers inherit the runner's environment, so `??=` gives
// them all the same directory, which global-teardown.ts removes. Nothing is
// created here: the server creates the directory when it starts.
process.env.E2E_DATABASE_DIRECTORY ??= join(tmpdir(), `spr-e2e-${randomUUID()}`)
const databaseFile = join(process.env.E2E_DATABASE_DIRECTORY, 'e2e.sqlite')

// E2E_DATABASE=postgresql runs the same journeys on a fresh PostgreSQL database
// (made here once, inherited by the workers like the directory above, dropped by
// global-teardown.ts) instead of SQLite. Specs that run the command line against
// the server's database read E2E_DATABASE_URL.
if (process.env.E2E_DATABASE_URL === undefined) {
  if (process.env.E2E_DATABASE === 'postgresql') {
    const admin = new URL(
      process.env.TEST_POSTGRES_URL ?? 'postgres://root@127.0.0.1:5432/postgres',
    )
    const name = `spr_e2e_${randomBytes(6).toString('hex')}`
    execFileSync('psql', [admin.href, '-v', 'ON_ERROR_STOP=1', '-c', `CREATE DATABASE ${name}`], {
      stdio: 'pipe',
    })
    process.env.E2E_DATABASE_URL = new URL(`/${name}`, admin).href
  } else {
    process.env.E2E_DATABASE_URL = `file:${databaseFile}`
  }
}

export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  outputDir: join(projectRoot, 'test-results', 'e2e'),
  globalTeardown: './global-teardown.ts',
  // Two cores and one server: tests in parallel only make each other slow.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  forbidOnly: true,
  reporter: 'list',
  // Long journeys on a two-core machine: generous, so a slow run is not a failure.
  // Every page is also checked at a phone's width (issue 8), which adds two
  // window resizes per page.
  timeout: 180_000,
  use: {
    baseURL,
    browserName: 'chromium',
    headless: true,
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
        // The tests run as root, where Chromium's sandbox cannot start.
        '--no-sandbox',
      ],
    },
    trace: 'retain-on-failure',
  },
  webServer: {
    command: 'npx tsx test/support/test-server.ts',
    cwd: projectRoot,
    url: `${baseURL}/readyz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      NODE_ENV: 'test',
      // The server's "today" and the moment its clock started, the same as the
      // runner's and the workers' (test/support/test-clock.ts).
      TEST_TODAY,
      TEST_CLOCK_EPOCH: process.env.TEST_CLOCK_EPOCH ?? '',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_URL: process.env.E2E_DATABASE_URL,
      DEMO_DATA: 'true',
      DEMO_PASSWORD,
      SESSION_SECRET: randomBytes(32).toString('base64url'),
      // Every test signs in; the real limit of 10 a minute would refuse them.
      SIGN_IN_RATE_LIMIT: '10000',
      LOG_LEVEL: 'warn',
      // Single sign-on's redirect URI: the test identity provider sends people back here.
      PUBLIC_URL: baseURL,
      // On by default everywhere (issue 4). The specs sign the demo administrator
      // and coordinator in with a password many times; two-factor.spec.ts sets it
      // up for its own account, which then needs a code whatever this says.
      REQUIRE_TWO_FACTOR_FOR_PRIVILEGED_ROLES: 'false',
    },
  },
})
