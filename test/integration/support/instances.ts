// Real app instances for the tests of several instances and of nginx (issue
// 12): each the real server (test/support/test-server.ts, on the suite's clock)
// in a child process of its own, on its own port, all on one database.
import { spawn, type ChildProcess } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { testNow } from '../../support/test-clock.js'

const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..')
export const HOST = '127.0.0.1'
export const INSTANCE_DEMO_PASSWORD = 'several-instances-demo-password'
const SESSION_SECRET = 'several-instances-session-secret-0123456789abcdef'

export interface Instance {
  readonly name: string
  readonly port: number
  readonly base: string
  readonly child: ChildProcess
  readonly exited: Promise<number | null>
  /** The end of what it wrote to stderr and stdout: enough to explain a failure. */
  output(): string
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Starts an instance and returns at once: the caller waits for it with
 * `whenReady`, so several can be started at the same moment.
 */
export function startInstance(
  name: string,
  port: number,
  databaseUrl: string,
  extraEnvironment: Record<string, string> = {},
): Instance {
  // Starting the clock here puts TEST_CLOCK_EPOCH in this process's
  // environment, so every instance counts time from the same moment as the test.
  testNow()
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/test-server.ts'], {
    cwd: PROJECT_ROOT,
    // A small, explicit environment: nothing of the caller's leaks in.
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? '/tmp',
      NODE_ENV: 'test',
      ...(process.env.TEST_TODAY ? { TEST_TODAY: process.env.TEST_TODAY } : {}),
      TEST_CLOCK_EPOCH: process.env.TEST_CLOCK_EPOCH ?? '',
      HOST,
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      DEMO_DATA: 'true',
      DEMO_PASSWORD: INSTANCE_DEMO_PASSWORD,
      SESSION_SECRET,
      REQUIRE_TWO_FACTOR_FOR_PRIVILEGED_ROLES: 'false',
      LOG_LEVEL: 'warn',
      ...extraEnvironment,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const keep = (chunk: string) => {
    output = (output + chunk).slice(-6000)
  }
  child.stdout?.setEncoding('utf8').on('data', keep)
  child.stderr?.setEncoding('utf8').on('data', keep)
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  )
  return { name, port, base: `http://${HOST}:${port}`, child, exited, output: () => output }
}

/** Waits until the instance answers /readyz with 200 (up to a minute); throws with its output if not. */
export async function whenReady(instance: Instance): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt += 1) {
    if (instance.child.exitCode !== null || instance.child.signalCode !== null) break
    try {
      const response = await fetch(`${instance.base}/readyz`, {
        signal: AbortSignal.timeout(1000),
      })
      if (response.status === 200) return
    } catch {
      // Not listening yet.
    }
    await sleep(100)
  }
  throw new Error(
    `Instance ${instance.name} did not become ready (exit ${String(instance.child.exitCode ?? instance.child.signalCode)}). Its last words: ${instance.output() || '(none)'}`,
  )
}

/** Stops the instance (SIGTERM, then SIGKILL after 15 s) and waits for it to end. */
export async function stopInstance(
  instance: Instance,
  signal: NodeJS.Signals = 'SIGTERM',
): Promise<void> {
  if (instance.child.exitCode === null && instance.child.signalCode === null) {
    instance.child.kill(signal)
  }
  const timeout = sleep(15_000).then(() => 'timeout' as const)
  if ((await Promise.race([instance.exited, timeout])) === 'timeout') {
    instance.child.kill('SIGKILL')
    await instance.exited
  }
}

/**
 * A browser over real HTTP: keeps its cookies, follows no redirects, and can
 * send every request to whichever instance it is told.
 */
export class HttpBrowser {
  private readonly cookies = new Map<string, string>()

  constructor(private readonly extraHeaders: Record<string, string> = {}) {}

  async get(base: string, path: string): Promise<HttpPage> {
    return this.request(base, path, { method: 'GET' })
  }

  async post(base: string, path: string, form: Record<string, string>): Promise<HttpPage> {
    return this.request(base, path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    })
  }

  /** Gets the page at `path` on `base` and posts its form back (to `action`) with its CSRF token. */
  async submit(
    base: string,
    path: string,
    form: Record<string, string>,
    action = path,
  ): Promise<HttpPage> {
    const page = await this.get(base, path)
    return this.post(base, action, { _csrf: csrfTokenOf(page.body), ...form })
  }

  cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ')
  }

  private async request(
    base: string,
    path: string,
    init: { method: string; headers?: Record<string, string>; body?: string },
  ): Promise<HttpPage> {
    const response = await fetch(`${base}${path}`, {
      method: init.method,
      headers: {
        ...this.extraHeaders,
        ...(init.headers ?? {}),
        ...(this.cookies.size > 0 ? { cookie: this.cookieHeader() } : {}),
      },
      ...(init.body === undefined ? {} : { body: init.body }),
      redirect: 'manual',
      signal: AbortSignal.timeout(20_000),
    })
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';')
      const at = pair?.indexOf('=') ?? -1
      if (pair === undefined || at < 0) continue
      const name = pair.slice(0, at).trim()
      const value = pair.slice(at + 1).trim()
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name)
      else this.cookies.set(name, value)
    }
    return {
      status: response.status,
      location: response.headers.get('location'),
      headers: response.headers,
      body: await response.text(),
    }
  }
}

export interface HttpPage {
  readonly status: number
  readonly location: string | null
  readonly headers: Headers
  readonly body: string
}

export function csrfTokenOf(html: string): string {
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1]
  if (token === undefined) throw new Error(`no CSRF token on the page: ${html.slice(0, 300)}`)
  return token
}
