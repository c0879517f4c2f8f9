// Every route that lets someone guess a secret (a password, a two-factor code) or
// that starts or finishes a single sign-on is limited per client, like POST
// /sign-in (secure-deployment.test.ts): within the limit the route answers as
// usual, and the attempt after it is a "Too many attempts" page with
// Retry-After, even when what it carries is right.
//
// The limit is 3 a minute here. The app trusts X-Forwarded-For (TRUST_PROXY), so
// each browser is its own client by its own address and no test uses up
// another's allowance. The services' clock is stopped and moved by the tests, so
// two-factor codes do not change step under them; the limiter keeps real time.
import assert from 'node:assert/strict'
import { after, before } from 'node:test'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { totpCodeAt } from '../../src/domain/two-factor/totp.js'
import { COMMAND_LINE } from '../../src/services/context.js'
import { startTestIdentityProvider, type TestIdentityProvider } from '../support/oidc-provider.js'
import {
  Browser,
  DEMO_PASSWORD,
  csrfTokenIn,
  describeOnEachDatabase,
  itOnLeg,
  type Harness,
} from './support/app-harness.js'
import { headingOf, textOf } from './support/html.js'
import { dbOf } from './support/records.js'
import { testNow } from '../support/test-clock.js'

const LIMIT = 3
const TWO_FACTOR_SIGN_IN = '/sign-in/two-factor'
const ENROL = '/manage/account/two-factor'
const PASSWORD = '/manage/account/password'
const SSO_START = '/sign-in/single-sign-on'
const SSO_SETTINGS = '/manage/settings/single-sign-on'
const PUBLIC_URL = 'http://localhost:3997'
const SSO_CALLBACK = `${PUBLIC_URL}/sign-in/single-sign-on/callback`
const ADMINISTRATOR = 'administrator@wandsworth.example'
const COORDINATOR = 'coordinator@wandsworth.example'
const STEP_MS = 30_000

let clockMs = testNow().getTime()
const clock = () => new Date(clockMs)

let provider: TestIdentityProvider | undefined
function idp(): TestIdentityProvider {
  if (!provider) throw new Error('identity provider not started')
  return provider
}
before(async () => {
  provider = await startTestIdentityProvider({ redirectUris: [SSO_CALLBACK] })
})
after(() => provider?.close())

/** An address the limiter has not seen: a new client. */
let clients = 0
function newAddress(): string {
  clients += 1
  return `198.51.100.${clients}`
}

/** A browser with no cookies at `address` (by default a new one). */
function newClient(app: FastifyInstance, address = newAddress()): Browser {
  return new Browser(app, { 'x-forwarded-for': address })
}

async function signedIn(app: FastifyInstance, email: string): Promise<Browser> {
  const browser = newClient(app)
  const response = await browser.signIn(email)
  assert.equal(response.statusCode, 303, `${email} signs in`)
  return browser
}

let accounts = 0
async function newAccount(h: Harness): Promise<{ email: string; userId: string }> {
  accounts += 1
  const email = `rate-limit-${accounts}-${h.dialect}@wandsworth.example`
  const { userId } = await h.services.users.createUser(
    {
      email,
      displayName: `Rate Limit Test ${accounts}`,
      partnershipSlug: 'wandsworth',
      role: 'practitioner',
      password: DEMO_PASSWORD,
    },
    COMMAND_LINE,
  )
  return { email, userId }
}

function keyOn(html: string): string {
  const match = /data-testid="two-factor-key">([A-Z2-7 ]+)</.exec(html)
  assert.ok(match?.[1], 'the key is shown as text')
  return match[1].replace(/ /g, '')
}

/** A code that is certainly not `right`. */
function wrongCode(right: string): string {
  return right === '000000' ? '111111' : '000000'
}

async function totpSecretOf(h: Harness, userId: string): Promise<string | null> {
  const row = await dbOf(h)
    .selectFrom('account_security')
    .select('totp_secret_sealed')
    .where('user_id', '=', userId)
    .executeTakeFirst()
  return row?.totp_secret_sealed ?? null
}

/** The limiter's answer: the service's own page, not a crash or a bare error. */
function assertTooManyAttempts(response: LightMyRequestResponse, what: string): void {
  assert.equal(response.statusCode, 429, `${what}: ${response.statusCode}`)
  assert.match(String(response.headers['content-type']), /^text\/html/, what)
  assert.equal(headingOf(response.body), 'Too many attempts', what)
  assert.match(textOf(response.body), /Wait a minute, then try again\./, what)
  assert.ok(Number(response.headers['retry-after']) > 0, `${what}: says when to retry`)
  assert.equal(response.headers['cache-control'], 'no-store', what)
  assert.match(String(response.headers['content-security-policy']), /frame-ancestors 'none'/)
}

describeOnEachDatabase(
  'Rate limits on guessing and single sign-on routes',
  (h) => {
    itOnLeg(
      `POST ${TWO_FACTOR_SIGN_IN}: ${LIMIT} codes a minute per client, then 429 even for the right code`,
      async () => {
        clockMs = testNow().getTime()
        const harness = h()
        const { app } = harness
        const account = await newAccount(harness)
        const setUp = await signedIn(app, account.email)
        const page = await setUp.get(ENROL)
        const secret = keyOn(page.body)
        const enrolled = await setUp.post(ENROL, {
          _csrf: csrfTokenIn(page.body),
          code: totpCodeAt(secret, clock()),
        })
        assert.equal(enrolled.statusCode, 200)
        clockMs += STEP_MS

        const browser = newClient(app)
        const first = await browser.signIn(account.email)
        assert.equal(first.statusCode, 303)
        assert.equal(first.headers.location, TWO_FACTOR_SIGN_IN)
        const right = totpCodeAt(secret, clock())
        for (let attempt = 1; attempt <= LIMIT; attempt += 1) {
          const response = await browser.submit(TWO_FACTOR_SIGN_IN, { code: wrongCode(right) })
          assert.equal(response.statusCode, 401, `attempt ${attempt} is judged, not limited`)
        }
        const limited = await browser.submit(TWO_FACTOR_SIGN_IN, { code: right })
        assertTooManyAttempts(limited, TWO_FACTOR_SIGN_IN)
        assert.equal((await browser.get('/manage')).statusCode, 302, 'not signed in')

        // Another client is within its own limit, and the right code still works.
        const other = newClient(app)
        assert.equal((await other.signIn(account.email)).headers.location, TWO_FACTOR_SIGN_IN)
        const done = await other.submit(TWO_FACTOR_SIGN_IN, { code: right })
        assert.equal(done.statusCode, 303)
        assert.equal(done.headers.location, '/manage')
        assert.equal((await other.get('/manage')).statusCode, 200)
      },
    )

    itOnLeg(
      `POST ${ENROL}: ${LIMIT} set-up codes a minute per client, then 429 and nothing is turned on`,
      async () => {
        clockMs = testNow().getTime()
        const harness = h()
        const { app } = harness
        const account = await newAccount(harness)
        const browser = await signedIn(app, account.email)
        const page = await browser.get(ENROL)
        assert.equal(page.statusCode, 200)
        const right = totpCodeAt(keyOn(page.body), clock())
        for (let attempt = 1; attempt <= LIMIT; attempt += 1) {
          const response = await browser.submit(ENROL, { code: wrongCode(right) })
          assert.equal(response.statusCode, 400, `attempt ${attempt} is judged, not limited`)
        }
        const limited = await browser.submit(ENROL, { code: right })
        assertTooManyAttempts(limited, ENROL)
        assert.equal(await totpSecretOf(harness, account.userId), null, 'not turned on')
        // The limit refuses the attempt; it does not end the session.
        assert.equal((await browser.get(ENROL)).statusCode, 200, 'still signed in')

        const other = await signedIn(app, account.email)
        const otherPage = await other.get(ENROL)
        const done = await other.post(ENROL, {
          _csrf: csrfTokenIn(otherPage.body),
          code: totpCodeAt(keyOn(otherPage.body), clock()),
        })
        assert.equal(done.statusCode, 200)
        assert.equal(headingOf(done.body), 'Save your recovery codes')
        assert.notEqual(await totpSecretOf(harness, account.userId), null)
      },
    )

    itOnLeg(
      `POST ${PASSWORD}: ${LIMIT} current-password checks a minute per client, then 429 and the password is unchanged`,
      async () => {
        const harness = h()
        const { app } = harness
        const account = await newAccount(harness)
        const newPassword = 'a perfectly fine new password'
        const browser = await signedIn(app, account.email)
        for (let attempt = 1; attempt <= LIMIT; attempt += 1) {
          const response = await browser.submit(PASSWORD, {
            currentPassword: 'not the password of this account',
            newPassword,
          })
          assert.equal(response.statusCode, 400, `attempt ${attempt} is judged, not limited`)
        }
        const limited = await browser.submit(PASSWORD, {
          currentPassword: DEMO_PASSWORD,
          newPassword,
        })
        assertTooManyAttempts(limited, PASSWORD)
        assert.equal((await browser.get('/manage')).statusCode, 200, 'still signed in')
        assert.equal(
          (await newClient(app).signIn(account.email, newPassword)).statusCode,
          401,
          'the new password was not set',
        )

        const other = await signedIn(app, account.email)
        const changed = await other.submit(PASSWORD, {
          currentPassword: DEMO_PASSWORD,
          newPassword,
        })
        assert.equal(changed.statusCode, 303)
        assert.equal(changed.headers.location, '/manage/account?done=password')
        assert.equal((await newClient(app).signIn(account.email, newPassword)).statusCode, 303)
      },
    )

    itOnLeg(
      `GET ${SSO_START} and its callback: ${LIMIT} a minute per client each, then 429`,
      async () => {
        const { app } = h()
        const admin = await signedIn(app, ADMINISTRATOR)
        const settings = await admin.get(SSO_SETTINGS)
        const version = /name="version" value="(\d+)"/.exec(settings.body)?.[1]
        assert.ok(version !== undefined, 'the form carries its version')
        const saved = await admin.post(SSO_SETTINGS, {
          _csrf: csrfTokenIn(settings.body),
          version,
          displayName: 'Wandsworth Council account',
          issuerUrl: idp().issuer,
          clientId: idp().clientId,
          clientSecret: idp().clientSecret,
          enabled: 'yes',
        })
        assert.equal(saved.statusCode, 303, 'single sign-on turned on')

        // The first leg: off to the provider, within the limit.
        const starter = newClient(app)
        for (let attempt = 1; attempt <= LIMIT; attempt += 1) {
          const response = await starter.get(SSO_START)
          assert.equal(response.statusCode, 303, `attempt ${attempt} goes to the provider`)
          assert.ok(String(response.headers.location).startsWith(`${idp().issuer}/auth?`))
        }
        assertTooManyAttempts(await starter.get(SSO_START), SSO_START)
        // No HEAD twin with an allowance of its own (each route is counted apart).
        for (const url of [SSO_START, new URL(SSO_CALLBACK).pathname]) {
          const head = await app.inject({ method: 'HEAD', url })
          assert.equal(head.statusCode, 404, `HEAD ${url}`)
        }

        // The way back: a client that has sent forged answers is refused even a
        // genuine one once over the limit.
        const address = newAddress()
        const browser = newClient(app, address)
        const start = await browser.get(SSO_START)
        assert.equal(start.statusCode, 303)
        const callback = new URL(
          await idp().signIn(String(start.headers.location), COORDINATOR, {
            returnTo: PUBLIC_URL,
          }),
        )
        assert.ok(callback.href.startsWith(SSO_CALLBACK), callback.href)
        const genuine = `${callback.pathname}${callback.search}`
        const forger = newClient(app, address)
        for (let attempt = 1; attempt <= LIMIT; attempt += 1) {
          const response = await forger.get(`${callback.pathname}?code=forged&state=forged`)
          assert.equal(response.statusCode, 400, `attempt ${attempt} is judged, not limited`)
          assert.equal(headingOf(response.body), 'Your sign-in could not be finished')
        }
        assertTooManyAttempts(await browser.get(genuine), callback.pathname)
        assert.equal((await browser.get('/manage')).statusCode, 302, 'not signed in')

        // Another client signs in through the provider within its own limit.
        const other = newClient(app)
        const otherStart = await other.get(SSO_START)
        assert.equal(otherStart.statusCode, 303)
        const otherCallback = new URL(
          await idp().signIn(String(otherStart.headers.location), COORDINATOR, {
            returnTo: PUBLIC_URL,
          }),
        )
        const done = await other.get(`${otherCallback.pathname}${otherCallback.search}`)
        assert.equal(done.statusCode, 303)
        assert.equal(done.headers.location, '/manage')
        assert.equal((await other.get('/manage')).statusCode, 200)
      },
    )
  },
  {
    env: { TRUST_PROXY: 'true', SIGN_IN_RATE_LIMIT: String(LIMIT), PUBLIC_URL },
    now: clock,
  },
)
