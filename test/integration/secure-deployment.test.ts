// The settings of a real deployment behind a TLS-terminating proxy: Secure,
// __Host- session cookies, HSTS, and a low sign-in rate limit.
import assert from 'node:assert/strict'
import {
  Browser,
  DEMO_PASSWORD,
  csrfTokenIn,
  describeOnEachDatabase,
  itOnLeg,
} from './support/app-harness.js'
import { headingOf, textOf } from './support/html.js'

const COORDINATOR = 'coordinator@wandsworth.example'

/** What the proxy adds: the original scheme and the client's address. */
function viaProxy(clientAddress: string): Record<string, string> {
  return { 'x-forwarded-proto': 'https', 'x-forwarded-for': clientAddress }
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
