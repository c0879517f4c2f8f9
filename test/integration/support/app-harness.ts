import { after, before, describe, it } from 'node:test'
import type { FastifyInstance, LightMyRequestResponse, RouteOptions } from 'fastify'
import { startRuntime, type Runtime } from '../../../src/bootstrap.js'
import { loadConfig, type AppConfig } from '../../../src/config.js'
import type { Services } from '../../../src/services/index.js'
import { buildApp } from '../../../src/web/app.js'
import { testClock, wallClock } from '../../support/test-clock.js'
import {
  createPostgresDatabase,
  createSqliteDatabase,
  postgresAvailableFor,
  runsLeg,
  type TestDatabase,
} from './databases.js'

export const DEMO_PASSWORD = 'integration-test-password'
export const INTEGRATION_DATA_ENCRYPTION_KEY =
  'integration-tests-data-encryption-key-of-enough-length'

export interface Harness {
  readonly dialect: 'sqlite' | 'postgres'
  readonly app: FastifyInstance
  readonly services: Services
  readonly runtime: Runtime
  readonly config: AppConfig
  readonly database: TestDatabase
}

export interface HarnessOptions {
  /** Extra environment for the app's configuration. */
  env?: Record<string, string>
  demoData?: boolean
  /**
   * The services' clock, for tests of time-outs and time-based codes, or of a
   * particular day. The suite's clock (TEST_TODAY, test/support/test-clock.ts)
   * when not given: never the real date.
   */
  now?: () => Date
  /** Told of every route the app adds (the authorisation matrix collects them). */
  onRoute?: (route: RouteOptions) => void
}

export async function startHarness(
  database: TestDatabase,
  options: HarnessOptions = {},
): Promise<Harness> {
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    SESSION_SECRET: 'integration-tests-session-secret-of-enough-length',
    // The same key as the command line's (./cli.ts), which runs on the same database.
    DATA_ENCRYPTION_KEY: INTEGRATION_DATA_ENCRYPTION_KEY,
    DEMO_PASSWORD,
    SIGN_IN_RATE_LIMIT: '1000',
    LOG_LEVEL: 'silent',
    // On by default (issue 4). The demo accounts sign in with a password alone
    // many times a minute here; a code is never accepted twice, so they could
    // not. Tests of the two-factor rules turn it on in `env`
    // (account-security.test.ts).
    REQUIRE_TWO_FACTOR_FOR_PRIVILEGED_ROLES: 'false',
    ...options.env,
  })
  const runtime = await startRuntime(config, {
    migrate: true,
    now: options.now ?? testClock,
  })
  if (options.demoData !== false) await runtime.services.loadDemoData(DEMO_PASSWORD)
  const app = await buildApp({
    config,
    services: runtime.services,
    isDatabaseReachable: () => runtime.database.isReachable(),
    logger: false,
    ...(options.onRoute ? { onRoute: options.onRoute } : {}),
  })
  await app.ready()
  return { dialect: database.dialect, app, services: runtime.services, runtime, config, database }
}

export async function stopHarness(harness: Harness | undefined): Promise<void> {
  if (!harness) return
  await harness.app.close()
  await harness.runtime.close()
  await harness.database.drop()
}

/**
 * Declares the same tests on SQLite and on PostgreSQL. `body` receives a getter,
 * because the harness exists only once the leg's `before` hook has run.
 */
export function describeOnEachDatabase(
  title: string,
  body: (harness: () => Harness) => void,
  options: HarnessOptions = {},
): void {
  if (runsLeg('sqlite')) {
    describe(`${title} [SQLite]`, () => {
      let harness: Harness | undefined
      before(async () => {
        harness = await startHarness(await createSqliteDatabase(), options)
      })
      after(() => stopHarness(harness))
      body(() => {
        if (!harness) throw new Error('harness not started')
        return harness
      })
    })
  }

  if (!runsLeg('postgres')) return
  describe(`${title} [PostgreSQL]`, () => {
    let harness: Harness | undefined
    before(async () => {
      if (!(await postgresAvailableFor(`PostgreSQL leg of "${title}"`))) return
      harness = await startHarness(await createPostgresDatabase(), options)
    })
    after(() => stopHarness(harness))
    body(() => {
      if (!harness) throw new SkipLeg()
      return harness
    })
  })
}

/** Thrown by the harness getter when the PostgreSQL leg could not start. */
export class SkipLeg extends Error {}

/** `it` that turns a missing PostgreSQL server into a visible skip, not a pass. */
export function itOnLeg(name: string, fn: () => Promise<void>): void {
  it(name, async (t) => {
    try {
      await fn()
    } catch (error) {
      // Reason: no PostgreSQL server here and CI is not set; reported loudly above.
      if (error instanceof SkipLeg) return t.skip('PostgreSQL not reachable')
      throw error
    }
  })
}

/** A minimal cookie jar for a browser-like conversation through app.inject. */
export class Browser {
  private cookies = new Map<string, string>()

  /** `extraHeaders` go with every request, e.g. the X-Forwarded-* a TLS proxy would add. */
  constructor(
    private readonly app: FastifyInstance,
    private readonly extraHeaders: Record<string, string> = {},
  ) {}

  async get(url: string): Promise<LightMyRequestResponse> {
    return this.remember(await this.app.inject({ method: 'GET', url, headers: this.headers() }))
  }

  async post(url: string, form: Record<string, string>): Promise<LightMyRequestResponse> {
    return this.remember(
      await this.app.inject({
        method: 'POST',
        url,
        headers: { ...this.headers(), 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams(form).toString(),
      }),
    )
  }

  /**
   * Posts a multipart form as a browser does for a form with a file input:
   * `fields` as text parts (include `_csrf`), then the file part if given. An
   * empty `fileName` with no bytes is a file input left empty.
   */
  async postMultipart(
    url: string,
    fields: Record<string, string>,
    file?: { field?: string; fileName: string; contentType?: string; bytes: Uint8Array },
  ): Promise<LightMyRequestResponse> {
    const boundary = `----browser-test-${Math.random().toString(16).slice(2)}`
    // Browsers escape quotes and line breaks in names (WHATWG multipart/form-data).
    const quoted = (text: string) =>
      text.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
    const parts: Buffer[] = Object.entries(fields).map(([name, value]) =>
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${quoted(name)}"\r\n\r\n${value}\r\n`,
      ),
    )
    if (file) {
      parts.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${quoted(file.field ?? 'file')}"; filename="${quoted(file.fileName)}"\r\nContent-Type: ${file.contentType ?? 'application/octet-stream'}\r\n\r\n`,
        ),
        Buffer.from(file.bytes),
        Buffer.from('\r\n'),
      )
    }
    parts.push(Buffer.from(`--${boundary}--\r\n`))
    return this.remember(
      await this.app.inject({
        method: 'POST',
        url,
        headers: {
          ...this.headers(),
          'content-type': `multipart/form-data; boundary=${boundary}`,
        },
        payload: Buffer.concat(parts),
      }),
    )
  }

  /** Fetches a page and posts its form with the CSRF token it carries. */
  async submit(
    pageUrl: string,
    form: Record<string, string>,
    action = pageUrl,
  ): Promise<LightMyRequestResponse> {
    const page = await this.get(pageUrl)
    return this.post(action, { _csrf: csrfTokenIn(page.body), ...form })
  }

  async signIn(email: string, password = DEMO_PASSWORD): Promise<LightMyRequestResponse> {
    return this.submit('/sign-in', { email, password })
  }

  cookieNamed(name: string): string | undefined {
    return this.cookies.get(name)
  }

  /** Replaces a cookie by hand, e.g. to replay an old session cookie. */
  setCookie(name: string, value: string): void {
    this.cookies.set(name, value)
  }

  private headers(): Record<string, string> {
    if (this.cookies.size === 0) return { ...this.extraHeaders }
    return {
      ...this.extraHeaders,
      cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '),
    }
  }

  private remember(response: LightMyRequestResponse): LightMyRequestResponse {
    for (const cookie of response.cookies) {
      // The server sets cookie lifetimes from the wall clock, as browsers read them.
      if (
        cookie.value === '' ||
        (cookie.expires && cookie.expires.getTime() < wallClock().getTime())
      ) {
        this.cookies.delete(cookie.name)
      } else {
        this.cookies.set(cookie.name, cookie.value)
      }
    }
    return response
  }
}

export function csrfTokenIn(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html)
  if (!match?.[1]) throw new Error('No CSRF token on the page')
  return match[1]
}
