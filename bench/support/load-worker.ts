// Run by bench/support/autocannon.ts in a process of its own (so the load does
// not share the measured server's CPU time or event loop): drives one scenario
// with autocannon's API and prints its result as JSON. The API, not the
// command, because a scenario may need a new request each time (a different
// search, a sign-in with its own form's CSRF token), and because every counted
// response's time is kept here, so the p95 is exact (autocannon itself reports
// the p97.5, not the p95).
import autocannon from 'autocannon'
import { percentile } from './measure.js'
import type { LoadScenario, LoadSpec, ScenarioResult } from './autocannon.js'

interface SignInContext {
  cookie?: string
  csrf?: string
}

function headerValues(headers: Record<string, unknown> | undefined, name: string): string[] {
  const values: string[] = []
  for (const [key, value] of Object.entries(headers ?? {})) {
    if (key.toLowerCase() !== name) continue
    if (Array.isArray(value)) values.push(...value.map((each) => `${each as string}`))
    else if (typeof value === 'string') values.push(value)
  }
  return values
}

/** The requests of a scenario, and which answers are the ones measured. */
function requestsOf(scenario: LoadScenario): {
  requests: autocannon.Request[]
  measured: (status: number) => boolean
  expected: (status: number) => boolean
} {
  switch (scenario.kind) {
    case 'get':
      return {
        requests: [{ method: 'GET', path: scenario.path, headers: scenario.headers ?? {} }],
        measured: (status) => status === 200,
        expected: (status) => status === 200,
      }
    case 'get-each': {
      let next = 0
      return {
        requests: [
          {
            method: 'GET',
            setupRequest: (request) => ({
              ...request,
              path: scenario.paths[next++ % scenario.paths.length]!,
            }),
          },
        ],
        measured: (status) => status === 200,
        expected: (status) => status === 200,
      }
    }
    case 'sign-in':
      // As a browser: the form (its session cookie and CSRF token), then the
      // form sent. Only the sending is measured: it answers 303, the form 200.
      return {
        requests: [
          {
            method: 'GET',
            path: '/sign-in',
            headers: {},
            onResponse: (_status, body, context, headers) => {
              const signIn = context as SignInContext
              signIn.cookie = headerValues(headers, 'set-cookie')
                .map((cookie) => cookie.split(';')[0])
                .join('; ')
              signIn.csrf = /name="_csrf" value="([^"]+)"/.exec(body)?.[1] ?? ''
            },
          },
          {
            method: 'POST',
            path: '/sign-in',
            setupRequest: (request, context) => {
              const signIn = context as SignInContext
              return {
                ...request,
                headers: {
                  ...(signIn.cookie ? { cookie: signIn.cookie } : {}),
                  'content-type': 'application/x-www-form-urlencoded',
                },
                body: new URLSearchParams({
                  _csrf: signIn.csrf ?? '',
                  email: scenario.email,
                  password: scenario.password,
                }).toString(),
              }
            },
          },
        ],
        measured: (status) => status === 303,
        expected: (status) => status === 303 || status === 200,
      }
    case 'post-json':
      return {
        requests: [
          {
            method: 'POST',
            path: scenario.path,
            headers: { ...scenario.headers, 'content-type': 'application/json' },
            body: scenario.body,
          },
        ],
        measured: (status) => status === scenario.expectStatus,
        expected: (status) => status === scenario.expectStatus,
      }
  }
}

async function run(spec: LoadSpec): Promise<ScenarioResult> {
  const { requests, measured, expected } = requestsOf(spec.scenario)
  const latencies: number[] = []
  const unexpected = new Map<number, number>()
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      { url: spec.base, connections: spec.connections, duration: spec.seconds, requests },
      (error, finished) => (error ? reject(error as Error) : resolve(finished)),
    )
    // autocannon emits the client first (its types leave it out).
    instance.on('response', ((_client: unknown, status: number, _bytes: number, ms: number) => {
      if (measured(status)) latencies.push(ms)
      else if (!expected(status)) unexpected.set(status, (unexpected.get(status) ?? 0) + 1)
    }) as never)
  })
  // No answer within the whole measure (a machine far too busy): none took
  // less than the measure's length, so that is what is reported.
  const sorted = latencies.length > 0 ? latencies : [spec.seconds * 1000]
  return {
    requests: latencies.length,
    requestsPerSecond: latencies.length / Math.max(1, result.duration),
    p50Ms: percentile(sorted, 50),
    p95Ms: percentile(sorted, 95),
    p99Ms: percentile(sorted, 99),
    unexpected: Object.fromEntries(unexpected),
    errors: result.errors + result.timeouts,
  }
}

async function readSpec(): Promise<LoadSpec> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return JSON.parse(Buffer.concat(chunks).toString()) as LoadSpec
}

readSpec()
  .then(run)
  .then(
    (result) => process.stdout.write(JSON.stringify(result)),
    (error: unknown) => {
      console.error(error)
      process.exit(1)
    },
  )
