// Single sign-on with OpenID Connect against a real provider (oidc-provider on
// 127.0.0.1): an administrator configures it, staff sign in by the email address
// the provider vouches for, and everything that is not a clean sign-in by a
// known, active account is refused with a clear page and no session.
//
// The app is driven with app.inject and the provider with fetch: the provider
// redirects back to PUBLIC_URL, which is followed by hand into app.inject.
import assert from 'node:assert/strict'
import { createServer } from 'node:net'
import { after, before } from 'node:test'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { SecretBox } from '../../src/services/secret-box.js'
import { startTestIdentityProvider, type TestIdentityProvider } from '../support/oidc-provider.js'
import { Browser, csrfTokenIn, describeOnEachDatabase, itOnLeg } from './support/app-harness.js'
import { errorSummaryOf, headingOf, inlineErrorsOf, textOf } from './support/html.js'
import { auditEvents, dbOf, lastAuditSequence, userIdOf } from './support/records.js'

const PUBLIC_URL = 'http://localhost:3999'
const CALLBACK = `${PUBLIC_URL}/sign-in/single-sign-on/callback`
const SETTINGS = '/manage/settings/single-sign-on'
const START = '/sign-in/single-sign-on'
const DISPLAY_NAME = 'Wandsworth Council account'
const COORDINATOR = 'coordinator@wandsworth.example'
const UNVERIFIED = 'unverified@wandsworth.example'

let provider: TestIdentityProvider | undefined
function idp(): TestIdentityProvider {
  if (!provider) throw new Error('identity provider not started')
  return provider
}

before(async () => {
  provider = await startTestIdentityProvider({
    redirectUris: [CALLBACK],
    claimsFor: (login) => ({ email: login, email_verified: login !== UNVERIFIED }),
  })
})
after(() => provider?.close())

async function signedIn(app: FastifyInstance, email: string): Promise<Browser> {
  const browser = new Browser(app)
  const response = await browser.signIn(email)
  assert.equal(response.statusCode, 303, `${email} signs in`)
  return browser
}

/** Posts the settings form as the page gives it (CSRF token and version). */
async function saveSettings(
  browser: Browser,
  fields: Record<string, string>,
): Promise<LightMyRequestResponse> {
  const page = await browser.get(SETTINGS)
  assert.equal(page.statusCode, 200)
  const version = /name="version" value="(\d+)"/.exec(page.body)?.[1]
  assert.ok(version !== undefined, 'the form carries its version')
  return browser.post(SETTINGS, { _csrf: csrfTokenIn(page.body), version, ...fields })
}

function validSettings(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    displayName: DISPLAY_NAME,
    issuerUrl: idp().issuer,
    clientId: idp().clientId,
    clientSecret: idp().clientSecret,
    enabled: 'yes',
    ...overrides,
  }
}

/** Starts a sign-in at the service and returns the provider address it redirects to. */
async function startSignIn(browser: Browser): Promise<string> {
  const response = await browser.get(START)
  assert.equal(response.statusCode, 303)
  const location = String(response.headers.location)
  assert.ok(location.startsWith(`${idp().issuer}/auth?`), location)
  return location
}

/** The provider's answer (a callback URL) as the service's own path and query. */
function inApp(callbackUrl: string): string {
  assert.ok(callbackUrl.startsWith(CALLBACK), callbackUrl)
  const url = new URL(callbackUrl)
  return `${url.pathname}${url.search}`
}

async function signInThroughProvider(
  browser: Browser,
  email: string,
  options: { cancel?: boolean } = {},
): Promise<LightMyRequestResponse> {
  const callback = await idp().signIn(await startSignIn(browser), email, {
    returnTo: PUBLIC_URL,
    ...options,
  })
  return browser.get(inApp(callback))
}

async function expectNotSignedIn(browser: Browser): Promise<void> {
  const manage = await browser.get('/manage')
  assert.equal(manage.statusCode, 302)
  assert.equal(manage.headers.location, '/sign-in')
}

/** A port on 127.0.0.1 that nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  await new Promise<void>((resolve) => server.close(() => resolve()))
  if (typeof address !== 'object' || address === null) throw new Error('no port')
  return address.port
}

describeOnEachDatabase(
  'Single sign-on with OpenID Connect',
  (h) => {
    itOnLeg('before it is configured: no button, and the start address is 404', async () => {
      const { app } = h()
      const signIn = await app.inject({ method: 'GET', url: '/sign-in' })
      assert.equal(signIn.statusCode, 200)
      assert.doesNotMatch(signIn.body, /Sign in with/)
      const start = await app.inject({ method: 'GET', url: START })
      assert.equal(start.statusCode, 404)
      assert.equal(headingOf(start.body), 'Page not found')
    })

    itOnLeg('only administrators reach the settings page', async () => {
      const { app } = h()
      const anonymous = await app.inject({ method: 'GET', url: SETTINGS })
      assert.equal(anonymous.statusCode, 302)
      assert.equal(anonymous.headers.location, '/sign-in')
      for (const email of ['practitioner@wandsworth.example', COORDINATOR]) {
        const browser = await signedIn(app, email)
        assert.equal((await browser.get(SETTINGS)).statusCode, 403, email)
        const post = await browser.post(SETTINGS, { version: '0', ...validSettings() })
        assert.equal(post.statusCode, 403, `${email} cannot post either`)
      }
      const settingsHome = await (
        await signedIn(app, 'administrator@wandsworth.example')
      ).get('/manage/settings')
      assert.match(settingsHome.body, /href="\/manage\/settings\/single-sign-on"/)
    })

    itOnLeg(
      'refuses a non-https issuer, an empty client ID and a missing secret; stores nothing and never echoes the secret',
      async () => {
        const harness = h()
        const admin = await signedIn(harness.app, 'administrator@wandsworth.example')
        const page = await admin.get(SETTINGS)
        assert.equal(headingOf(page.body), 'Single sign-on')
        assert.match(textOf(page.body), new RegExp(`Register this redirect URI .* ${CALLBACK}`))

        const typedSecret = 'typed-secret-that-must-not-come-back'
        const response = await saveSettings(admin, {
          displayName: '<script>alert(1)</script>',
          issuerUrl: 'http://login.example.org',
          clientId: '',
          clientSecret: typedSecret,
          enabled: 'yes',
        })
        assert.equal(response.statusCode, 400)
        assert.deepEqual(errorSummaryOf(response.body)?.items, [
          {
            text: 'Issuer URL must start with https:// (http:// is allowed only for 127.0.0.1, localhost and [::1])',
            href: '#issuerUrl',
          },
          { text: 'Enter the client ID', href: '#clientId' },
        ])
        assert.deepEqual(inlineErrorsOf(response.body), [
          'issuerUrl: Issuer URL must start with https:// (http:// is allowed only for 127.0.0.1, localhost and [::1])',
          'clientId: Enter the client ID',
        ])
        assert.ok(!response.body.includes(typedSecret), 'the typed secret is not echoed')
        assert.ok(!response.body.includes('<script>alert(1)</script>'))
        assert.match(response.body, /value="&lt;script&gt;alert\(1\)&lt;\/script&gt;"/)
        assert.match(response.body, /value="http:\/\/login.example.org"/)

        const empty = await saveSettings(admin, {})
        assert.equal(empty.statusCode, 400)
        assert.deepEqual(
          errorSummaryOf(empty.body)?.items.map((item) => item.href),
          ['#displayName', '#issuerUrl', '#clientId', '#clientSecret', '#enabled'],
        )

        const tooLong = await saveSettings(admin, validSettings({ clientId: 'x'.repeat(256) }))
        assert.equal(tooLong.statusCode, 400)
        assert.match(textOf(tooLong.body), /Client ID must be 255 characters or fewer/)

        const rows = await dbOf(harness).selectFrom('single_sign_on_setting').selectAll().execute()
        assert.deepEqual(rows, [])
      },
    )

    itOnLeg(
      'checks the provider before saving: an unreachable issuer is a clear error and nothing is saved',
      async () => {
        const harness = h()
        const admin = await signedIn(harness.app, 'administrator@wandsworth.example')
        const issuer = `http://127.0.0.1:${await closedPort()}`
        const response = await saveSettings(admin, validSettings({ issuerUrl: issuer }))
        assert.equal(response.statusCode, 400)
        assert.deepEqual(errorSummaryOf(response.body)?.items, [
          {
            text: `Could not use the identity provider at ${issuer}: the connection was refused. Check the issuer URL, or save with single sign-on turned off.`,
            href: '#issuerUrl',
          },
        ])
        const rows = await dbOf(harness).selectFrom('single_sign_on_setting').selectAll().execute()
        assert.deepEqual(rows, [])
      },
    )

    itOnLeg(
      'an administrator configures it: the secret is sealed at rest, never shown, and audited only as replaced',
      async () => {
        const harness = h()
        const admin = await signedIn(harness.app, 'administrator@wandsworth.example')
        const since = await lastAuditSequence(harness)
        const saved = await saveSettings(admin, validSettings())
        assert.equal(saved.statusCode, 303)
        assert.equal(saved.headers.location, `${SETTINGS}?saved=1`)

        const page = await admin.get(String(saved.headers.location))
        assert.match(textOf(page.body), /Single sign-on settings saved/)
        assert.match(page.body, new RegExp(`value="${DISPLAY_NAME}"`))
        assert.match(page.body, new RegExp(`value="${idp().issuer}"`))
        assert.ok(!page.body.includes(idp().clientSecret), 'the secret is write-only')
        assert.match(textOf(page.body), /Leave blank to keep the current secret/)

        const row = await dbOf(harness)
          .selectFrom('single_sign_on_setting')
          .selectAll()
          .executeTakeFirstOrThrow()
        assert.equal(row.enabled, 1)
        assert.ok(!row.client_secret_sealed.includes(idp().clientSecret))
        const box = new SecretBox(harness.config.dataEncryptionKey, 'single-sign-on client secret')
        assert.equal(box.open(row.client_secret_sealed), idp().clientSecret)

        // Saved again with the secret left blank: the stored secret is kept.
        const again = await saveSettings(admin, validSettings({ clientSecret: '' }))
        assert.equal(again.statusCode, 303)
        const kept = await dbOf(harness)
          .selectFrom('single_sign_on_setting')
          .select(['client_secret_sealed', 'version'])
          .executeTakeFirstOrThrow()
        assert.equal(box.open(kept.client_secret_sealed), idp().clientSecret)
        assert.equal(Number(kept.version), 2)

        const events = await auditEvents(harness, {
          action: 'single-sign-on.updated',
          afterSequence: since,
        })
        assert.equal(events.length, 2)
        assert.ok(!JSON.stringify(events).includes(idp().clientSecret), 'never the secret')
        assert.equal(
          events[0]?.actorUserId,
          await userIdOf(harness, 'administrator@wandsworth.example'),
        )
        assert.deepEqual(events[0]?.summary, {
          after: {
            displayName: DISPLAY_NAME,
            issuerUrl: idp().issuer,
            clientId: idp().clientId,
            enabled: true,
            clientSecretReplaced: true,
            version: 1,
          },
        })
        assert.deepEqual((events[1]?.summary as { after: unknown }).after, {
          displayName: DISPLAY_NAME,
          issuerUrl: idp().issuer,
          clientId: idp().clientId,
          enabled: true,
          clientSecretReplaced: false,
          version: 2,
        })

        // A form opened before that save is stale now.
        const stale = await admin.post(SETTINGS, {
          _csrf: csrfTokenIn((await admin.get(SETTINGS)).body),
          version: '1',
          ...validSettings(),
        })
        assert.equal(stale.statusCode, 409)
      },
    )

    itOnLeg(
      'a known email signs in through the provider (code + PKCE), lands on /manage with a new session id, audited as oidc',
      async () => {
        const harness = h()
        const browser = new Browser(harness.app)
        const signInPage = await browser.get('/sign-in')
        assert.match(
          signInPage.body,
          new RegExp(
            `<a href="${START}" role="button"[^>]*class="govuk-button govuk-button--secondary"[^>]*>\\s*Sign in with ${DISPLAY_NAME}`,
          ),
        )
        const sessionBefore = browser.cookieNamed('session')
        assert.ok(sessionBefore)

        const location = new URL(await startSignIn(browser))
        assert.equal(location.searchParams.get('client_id'), idp().clientId)
        assert.equal(location.searchParams.get('redirect_uri'), CALLBACK)
        assert.equal(location.searchParams.get('response_type'), 'code')
        assert.equal(location.searchParams.get('code_challenge_method'), 'S256')
        for (const parameter of ['code_challenge', 'state', 'nonce']) {
          assert.ok((location.searchParams.get(parameter) ?? '').length >= 32, parameter)
        }

        const since = await lastAuditSequence(harness)
        const callback = await idp().signIn(location.href, COORDINATOR, { returnTo: PUBLIC_URL })
        const response = await browser.get(inApp(callback))
        assert.equal(response.statusCode, 303)
        assert.equal(response.headers.location, '/manage')
        assert.notEqual(browser.cookieNamed('session'), sessionBefore, 'session id rotated')

        const manage = await browser.get('/manage')
        assert.equal(manage.statusCode, 200)
        assert.match(textOf(manage.body), /You are signed in as Demo Coordinator/)

        const events = await auditEvents(harness, { afterSequence: since })
        assert.deepEqual(
          events.map((event) => [event.action, event.actorUserId, event.summary]),
          [
            [
              'sign-in.succeeded',
              await userIdOf(harness, COORDINATOR),
              { after: { method: 'oidc' } },
            ],
          ],
        )

        // The same callback again (a replay) finds no sign-in to finish.
        const replay = new Browser(harness.app)
        const replayed = await replay.get(inApp(callback))
        assert.equal(replayed.statusCode, 400)
        assert.equal(headingOf(replayed.body), 'Your sign-in could not be finished')
        await expectNotSignedIn(replay)
      },
    )

    itOnLeg(
      'an email with no account is refused with a clear page and no session, audited as a failure',
      async () => {
        const harness = h()
        const browser = new Browser(harness.app)
        const since = await lastAuditSequence(harness)
        const response = await signInThroughProvider(browser, 'Nobody@Wandsworth.example')
        assert.equal(response.statusCode, 403)
        assert.equal(headingOf(response.body), 'There is no account for this email address')
        assert.match(
          textOf(response.body),
          /There is no account for nobody@wandsworth\.example in this service\. Ask your partnership’s administrator to create one\./,
        )
        await expectNotSignedIn(browser)
        const events = await auditEvents(harness, { afterSequence: since })
        assert.deepEqual(
          events.map((event) => [event.action, event.actorLabel, event.summary]),
          [
            [
              'sign-in.failed',
              'unknown account',
              {
                after: { method: 'oidc', reason: 'no-account', email: 'nobody@wandsworth.example' },
              },
            ],
          ],
        )
      },
    )

    itOnLeg('an address the provider has not verified is refused', async () => {
      const browser = new Browser(h().app)
      const response = await signInThroughProvider(browser, UNVERIFIED)
      assert.equal(response.statusCode, 403)
      assert.equal(headingOf(response.body), 'Your email address has not been confirmed')
      await expectNotSignedIn(browser)
    })

    itOnLeg('a turned-off account is refused even with a verified address', async () => {
      const harness = h()
      const email = 'coordinator@southwark.example'
      await dbOf(harness)
        .updateTable('app_user')
        .set({ is_active: 0 })
        .where('email', '=', email)
        .execute()
      const browser = new Browser(harness.app)
      const since = await lastAuditSequence(harness)
      const response = await signInThroughProvider(browser, email)
      assert.equal(response.statusCode, 403)
      assert.equal(headingOf(response.body), 'Your account is not active')
      await expectNotSignedIn(browser)
      const [event] = await auditEvents(harness, { afterSequence: since })
      assert.equal(event?.action, 'sign-in.failed')
      assert.equal(event?.actorUserId, await userIdOf(harness, email))
    })

    itOnLeg(
      'a callback with a wrong or missing state is refused, and no session is made',
      async () => {
        const harness = h()
        for (const tamper of [
          (url: URL) => url.searchParams.set('state', 'forged-state-value'),
          (url: URL) => url.searchParams.delete('state'),
        ]) {
          const browser = new Browser(harness.app)
          const callback = new URL(
            await idp().signIn(await startSignIn(browser), COORDINATOR, { returnTo: PUBLIC_URL }),
          )
          tamper(callback)
          const since = await lastAuditSequence(harness)
          const response = await browser.get(inApp(callback.href))
          assert.equal(response.statusCode, 400)
          assert.equal(headingOf(response.body), 'Your sign-in could not be finished')
          await expectNotSignedIn(browser)
          const events = await auditEvents(harness, { afterSequence: since })
          assert.deepEqual(
            events.map((event) => [event.action, (event.summary as { after: unknown }).after]),
            [['sign-in.failed', { method: 'oidc', reason: 'state-mismatch' }]],
          )
        }

        // A callback nobody started here: no pending sign-in in this session.
        const stranger = new Browser(harness.app)
        const unasked = await stranger.get('/sign-in/single-sign-on/callback?code=abc&state=def')
        assert.equal(unasked.statusCode, 400)
        await expectNotSignedIn(stranger)
      },
    )

    itOnLeg('an error from the provider (access_denied) is refused with a clear page', async () => {
      const harness = h()
      const browser = new Browser(harness.app)
      const since = await lastAuditSequence(harness)
      const response = await signInThroughProvider(browser, COORDINATOR, { cancel: true })
      assert.equal(response.statusCode, 401)
      assert.equal(headingOf(response.body), 'You have not been signed in')
      assert.match(textOf(response.body), /the sign-in was cancelled or refused/)
      await expectNotSignedIn(browser)
      const events = await auditEvents(harness, { afterSequence: since })
      assert.deepEqual(
        events.map((event) => [event.action, (event.summary as { after: unknown }).after]),
        [
          [
            'sign-in.failed',
            { method: 'oidc', reason: 'provider-error', providerError: 'access_denied' },
          ],
        ],
      )
    })

    itOnLeg('turned off again: no button, and the start address is 404', async () => {
      const { app } = h()
      const admin = await signedIn(app, 'administrator@wandsworth.example')
      const saved = await saveSettings(admin, validSettings({ clientSecret: '', enabled: 'no' }))
      assert.equal(saved.statusCode, 303)
      const browser = new Browser(app)
      assert.doesNotMatch((await browser.get('/sign-in')).body, /Sign in with/)
      assert.equal((await browser.get(START)).statusCode, 404)
    })
  },
  { env: { PUBLIC_URL } },
)
