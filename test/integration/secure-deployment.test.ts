// The settings of a real deployment behind a TLS-terminating proxy: Secure,
// __Host- session cookies, HSTS, security headers on signed-in pages and the
// API, and a low sign-in rate limit (the other limited routes:
// rate-limits.test.ts).
import assert from 'node:assert/strict'
import type { LightMyRequestResponse } from 'fastify'
import {
  Browser,
  DEMO_PASSWORD,
  csrfTokenIn,
  describeOnEachDatabase,
  itOnLeg,
} from './support/app-harness.js'
import { headingOf, textOf } from './support/html.js'
import { apiToken } from './support/incident-helpers.js'
import { demoIds } from './support/route-walk.js'

const COORDINATOR = 'coordinator@wandsworth.example'
const ADMINISTRATOR = 'administrator@wandsworth.example'

/** What the proxy adds: the original scheme and the client's address. */
function viaProxy(clientAddress: string): Record<string, string> {
  return { 'x-forwarded-proto': 'https', 'x-forwarded-for': clientAddress }
}

function cspDirectives(response: LightMyRequestResponse): Map<string, string[]> {
  const csp = String(response.headers['content-security-policy'] ?? '')
  return new Map(
    csp
      .split(';')
      .filter((directive) => directive.trim() !== '')
      .map((directive) => {
        const [name = '', ...values] = directive.trim().split(/\s+/)
        return [name, values] as const
      }),
  )
}

/**
 * The headers src/web/plugins/security.ts sets on every answer of this
 * deployment, pages and JSON alike. Returns the CSP script nonce.
 */
function assertSecurityHeaders(response: LightMyRequestResponse, what: string): string {
  const directives = cspDirectives(response)
  assert.deepEqual(directives.get('default-src'), ["'self'"], what)
  assert.deepEqual(directives.get('frame-ancestors'), ["'none'"], what)
  assert.deepEqual(directives.get('object-src'), ["'none'"], what)
  assert.deepEqual(directives.get('base-uri'), ["'none'"], what)
  assert.deepEqual(directives.get('form-action'), ["'self'"], what)
  assert.ok(directives.has('upgrade-insecure-requests'), `${what}: upgrade-insecure-requests`)
  const scriptSrc = directives.get('script-src') ?? []
  assert.ok(!scriptSrc.includes("'unsafe-inline'"), `${what}: no unsafe-inline scripts`)
  const nonce = scriptSrc.find((value) => value.startsWith("'nonce-"))?.slice(7, -1)
  assert.ok(nonce && nonce.length >= 16, `${what}: script-src has a nonce: ${scriptSrc.join(' ')}`)

  assert.equal(response.headers['x-frame-options'], 'DENY', what)
  assert.equal(response.headers['x-content-type-options'], 'nosniff', what)
  assert.equal(response.headers['referrer-policy'], 'same-origin', what)
  assert.equal(response.headers['cache-control'], 'no-store', what)
  assert.equal(
    response.headers['strict-transport-security'],
    'max-age=31536000; includeSubDomains',
    what,
  )
  return nonce
}

/** An HTML page's headers, and every inline script on it carrying that response's nonce. */
function assertSecurePage(response: LightMyRequestResponse, what: string): string {
  assert.equal(response.statusCode, 200, what)
  assert.match(String(response.headers['content-type']), /^text\/html/, what)
  const nonce = assertSecurityHeaders(response, what)
  const inlineScripts = [...response.body.matchAll(/<script\b([^>]*)>/g)]
    .map((match) => match[1] ?? '')
    .filter((attributes) => !/\bsrc=/.test(attributes))
  assert.ok(inlineScripts.length > 0, `${what}: has the GOV.UK inline script`)
  for (const attributes of inlineScripts) {
    assert.ok(attributes.includes(`nonce="${nonce}"`), `${what}: inline script has the nonce`)
  }
  return nonce
}

describeOnEachDatabase(
  'Secure deployment settings',
  (h) => {
    itOnLeg('uses a Secure, HttpOnly, SameSite=Lax __Host- session cookie over HTTPS', async () => {
      const { app } = h()
      const browser = new Browser(app, viaProxy('203.0.113.10'))
      const form = await browser.get('/sign-in')
      assert.equal(form.statusCode, 200)
      const before = form.cookies.find((cookie) => cookie.name === '__Host-session')
      assert.ok(before, 'the __Host- prefix binds the cookie to this host')
      assert.equal(before.secure, true)
      assert.equal(before.httpOnly, true)
      assert.equal(before.sameSite, 'Lax')
      assert.equal(before.path, '/')
      assert.equal(before.domain, undefined, '__Host- cookies carry no Domain')
      assert.equal(
        form.cookies.find((cookie) => cookie.name === 'session'),
        undefined,
      )

      const signIn = await browser.post('/sign-in', {
        _csrf: csrfTokenIn(form.body),
        email: COORDINATOR,
        password: DEMO_PASSWORD,
      })
      assert.equal(signIn.statusCode, 303)
      const after = signIn.cookies.find((cookie) => cookie.name === '__Host-session')
      assert.ok(after)
      assert.equal(after.secure, true)
      assert.equal(after.httpOnly, true)
      assert.equal(after.sameSite, 'Lax')
      assert.notEqual(after.value, before.value, 'session id rotated at sign-in')
      const manage = await browser.get('/manage')
      assert.equal(manage.statusCode, 200)
      assert.match(textOf(manage.body), /You are signed in as Demo Coordinator\./)
    })

    itOnLeg('tells browsers to use HTTPS only', async () => {
      const { app } = h()
      const response = await app.inject({
        method: 'GET',
        url: '/',
        headers: viaProxy('203.0.113.11'),
      })
      assert.equal(
        response.headers['strict-transport-security'],
        'max-age=31536000; includeSubDomains',
      )
      assert.match(String(response.headers['content-security-policy']), /upgrade-insecure-requests/)
    })

    itOnLeg('never sends the Secure session cookie over plain HTTP', async () => {
      const { app } = h()
      const response = await app.inject({
        method: 'GET',
        url: '/sign-in',
        headers: { 'x-forwarded-for': '203.0.113.12' },
      })
      assert.equal(response.statusCode, 200)
      assert.equal(response.headers['set-cookie'], undefined)
    })

    itOnLeg(
      'sends the security headers on signed-in pages and on the JSON API, with a fresh nonce each time',
      async () => {
        const harness = h()
        const { app } = harness
        const { incidentId } = await demoIds(harness)
        const nonces: string[] = []

        const coordinator = new Browser(app, viaProxy('203.0.113.30'))
        assert.equal((await coordinator.signIn(COORDINATOR)).statusCode, 303)
        for (const url of ['/manage', `/manage/incidents/${incidentId}`, '/manage/account']) {
          nonces.push(assertSecurePage(await coordinator.get(url), url))
        }

        const administrator = new Browser(app, viaProxy('203.0.113.31'))
        assert.equal((await administrator.signIn(ADMINISTRATOR)).statusCode, 303)
        for (const url of ['/manage/audit', '/manage/users']) {
          nonces.push(assertSecurePage(await administrator.get(url), url))
        }
        assert.equal(new Set(nonces).size, nonces.length, 'a fresh nonce for every response')

        const token = await apiToken(harness, COORDINATOR)
        const url = `/api/v1/incidents/${incidentId}`
        const response = await app.inject({
          method: 'GET',
          url,
          headers: { ...viaProxy('203.0.113.32'), authorization: `Bearer ${token}` },
        })
        assert.equal(response.statusCode, 200, url)
        assert.match(String(response.headers['content-type']), /^application\/json/, url)
        assert.equal(response.json<{ id: string }>().id, incidentId)
        assertSecurityHeaders(response, url)
        // Data about a child, behind a token: not open to other origins as the open data is.
        assert.equal(response.headers['access-control-allow-origin'], undefined, url)
        assert.equal(response.headers['set-cookie'], undefined, `${url}: no session for a token`)
      },
    )

    itOnLeg('answers the 4th sign-in attempt within a minute with 429', async () => {
      const { app } = h()
      const browser = new Browser(app, viaProxy('198.51.100.20'))
      for (let attempt = 1; attempt <= 3; attempt += 1) {
        const response = await browser.signIn(COORDINATOR, 'a wrong password, again')
        assert.equal(response.statusCode, 401, `attempt ${attempt}`)
      }
      // Even the right password is refused now: guessing is what the limit stops.
      const fourth = await browser.signIn(COORDINATOR, DEMO_PASSWORD)
      assert.equal(fourth.statusCode, 429)
      assert.equal(headingOf(fourth.body), 'Too many attempts')
      assert.match(textOf(fourth.body), /Wait a minute, then try again\./)
      assert.ok(Number(fourth.headers['retry-after']) > 0, 'says when to retry')
      assert.equal((await browser.get('/manage')).statusCode, 302, 'not signed in')

      // The limit is per client: someone else can still sign in.
      const other = await new Browser(app, viaProxy('198.51.100.21')).signIn(COORDINATOR)
      assert.equal(other.statusCode, 303)
    })
  },
  { env: { SECURE_COOKIES: 'true', TRUST_PROXY: 'true', SIGN_IN_RATE_LIMIT: '3' } },
)
