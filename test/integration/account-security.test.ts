// Account security (issue 4): two-factor authentication with an authenticator
// app (enrolment, sign-in, replay, recovery codes, administrators' reset and the
// "required" rules), lockout with back-off, session time-outs, signing out other
// sessions, and password rules. The services' clock is set by the tests, so time
// (30-second code steps, lockouts, time-outs) passes without waiting.
//
// This harness runs with REQUIRE_TWO_FACTOR_FOR_PRIVILEGED_ROLES=true, the
// default (other suites turn it off); each test makes its own accounts so none
// depends on another.
import assert from 'node:assert/strict'
import { after, before } from 'node:test'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import QRCode from 'qrcode'
import type { Role } from '../../src/domain/access/roles.js'
import { ValidationError } from '../../src/domain/errors.js'
import {
  otpauthUri,
  timeStepAt,
  totpCodeAt,
  totpCodeForStep,
} from '../../src/domain/two-factor/totp.js'
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
import { errorSummaryOf, headingOf, inlineErrorsOf, textOf } from './support/html.js'
import {
  auditEvents,
  dbOf,
  lastAuditSequence,
  partnershipNamed,
  sessionIdOf,
  sha256,
} from './support/records.js'
import { testNow } from '../support/test-clock.js'
import { WANDSWORTH_CHILDRENS_SERVICES } from '../../src/services/demo-data/seed-content.js'

const PASSWORD = DEMO_PASSWORD
const WRONG_PASSWORD = 'not the password of this account'
const TWO_FACTOR = '/sign-in/two-factor'
const ENROL = '/manage/account/two-factor'
const PUBLIC_URL = 'http://localhost:3998'
const CALLBACK = `${PUBLIC_URL}/sign-in/single-sign-on/callback`
const STEP_MS = 30_000
const MINUTE = 60_000
const LOCKOUT_HINT = 'If you have tried several times, wait a few minutes before you try again.'

// The services' clock: stopped, and moved forward only by the tests, so a code
// step never changes under a test. Each test starts again from real time (its
// accounts are its own, so no code step or lock carries over).
let clockMs = testNow().getTime()
const clock = () => new Date(clockMs)
const advance = (ms: number) => {
  clockMs += ms
}
const resetClock = () => {
  clockMs = testNow().getTime()
}

let provider: TestIdentityProvider | undefined
before(async () => {
  provider = await startTestIdentityProvider({ redirectUris: [CALLBACK] })
})
after(() => provider?.close())

let accounts = 0
interface Account {
  email: string
  userId: string
  displayName: string
}

async function newAccount(h: Harness, role: Role = 'practitioner'): Promise<Account> {
  accounts += 1
  const email = `security-${accounts}-${role}-${h.dialect}@wandsworth.example`
  const displayName = `Security Test ${accounts}`
  const { userId } = await h.services.users.createUser(
    {
      email,
      displayName,
      partnershipSlug: 'wandsworth',
      role,
      password: PASSWORD,
      // An agency lead works for one agency; a partner's delegate signs for the
      // statutory partner whose agency it belongs to (S8).
      ...(role === 'agency-lead' || role === 'partner'
        ? { agencyName: WANDSWORTH_CHILDRENS_SERVICES }
        : {}),
    },
    COMMAND_LINE,
  )
  return { email, userId, displayName }
}

function keyOn(html: string): string {
  const match = /data-testid="two-factor-key">([A-Z2-7 ]+)</.exec(html)
  assert.ok(match?.[1], 'the key is shown as text')
  return match[1].replace(/ /g, '')
}

function recoveryCodesOn(html: string): string[] {
  return [...html.matchAll(/<li><code>([a-z0-9-]+)<\/code><\/li>/g)].map((match) => match[1] ?? '')
}

/** Sets up two-factor authentication in a signed-in browser, with a real code from the key shown. */
async function enrol(browser: Browser): Promise<{ secret: string; recoveryCodes: string[] }> {
  const page = await browser.get(ENROL)
  assert.equal(page.statusCode, 200)
  const secret = keyOn(page.body)
  const response = await browser.post(ENROL, {
    _csrf: csrfTokenIn(page.body),
    code: totpCodeAt(secret, clock()),
  })
  assert.equal(response.statusCode, 200)
  assert.equal(headingOf(response.body), 'Save your recovery codes')
  const recoveryCodes = recoveryCodesOn(response.body)
  assert.equal(recoveryCodes.length, 10)
  return { secret, recoveryCodes }
}

/** A new account with two-factor authentication set up, signed out, one code step later. */
async function enrolledAccount(
  h: Harness,
  role: Role = 'practitioner',
): Promise<Account & { secret: string; recoveryCodes: string[] }> {
  const account = await newAccount(h, role)
  const browser = new Browser(h.app)
  const signIn = await browser.signIn(account.email)
  assert.equal(signIn.statusCode, 303)
  const enrolment = await enrol(browser)
  await signOut(browser)
  advance(STEP_MS)
  return { ...account, ...enrolment }
}

/** Password, then the code page: returns the browser on the code page. */
async function passwordStep(app: FastifyInstance, email: string): Promise<Browser> {
  const browser = new Browser(app)
  const response = await browser.signIn(email)
  assert.equal(response.statusCode, 303)
  assert.equal(response.headers.location, TWO_FACTOR)
  return browser
}

function enterCode(browser: Browser, code: string): Promise<LightMyRequestResponse> {
  return browser.submit(TWO_FACTOR, { code })
}

async function signedInWithCode(app: FastifyInstance, email: string, secret: string) {
  const browser = await passwordStep(app, email)
  const response = await enterCode(browser, totpCodeAt(secret, clock()))
  assert.equal(response.statusCode, 303)
  assert.equal(response.headers.location, '/manage')
  return browser
}

async function signOut(browser: Browser): Promise<void> {
  const page = await browser.get('/manage/account')
  const response = await browser.post('/sign-out', { _csrf: csrfTokenIn(page.body) })
  assert.equal(response.statusCode, 303)
}

async function securityRow(h: Harness, userId: string) {
  return dbOf(h)
    .selectFrom('account_security')
    .selectAll()
    .where('user_id', '=', userId)
    .executeTakeFirst()
}

async function actionsSince(h: Harness, sequence: number, userId?: string) {
  const events = await auditEvents(h, { afterSequence: sequence })
  return events
    .filter((event) => userId === undefined || event.recordId === userId)
    .map((event) => [event.action, event.summary])
}

describeOnEachDatabase(
  'Account security: two-factor authentication, lockout, time-outs, passwords',
  (h) => {
    itOnLeg(
      'enrols with a QR code and the key as text, stores the secret sealed, then signs in with a code, rotating the session id at each step',
      async () => {
        resetClock()
        const harness = h()
        const { app } = harness
        const account = await newAccount(harness)
        const browser = new Browser(app)
        assert.equal((await browser.signIn(account.email)).statusCode, 303)

        const page = await browser.get(ENROL)
        assert.equal(page.statusCode, 200)
        assert.equal(headingOf(page.body), 'Set up two-factor authentication')
        const secret = keyOn(page.body)
        assert.match(secret, /^[A-Z2-7]{32}$/)
        // Grouped in fours for reading, and the same secret in the QR code.
        assert.match(page.body, /data-testid="two-factor-key">[A-Z2-7]{4}( [A-Z2-7]{4}){7}</)
        const image = /<img src="(data:image\/png;base64,[A-Za-z0-9+/=]+)"[^>]*alt="([^"]+)"/.exec(
          page.body,
        )
        assert.ok(image, 'a data: PNG image with alt text')
        assert.match(image[2] ?? '', /^QR code that adds this service to an authenticator app/)
        const expectedQr = await QRCode.toDataURL(
          otpauthUri(secret, 'Safeguarding practice reviews', account.email),
          { errorCorrectionLevel: 'M', margin: 4, width: 240 },
        )
        assert.equal(image[1], expectedQr, 'the QR code carries the otpauth address of this key')
        // Reloading offers the same key: the app that scanned it keeps working.
        assert.equal(keyOn((await browser.get(ENROL)).body), secret)

        const pending = await securityRow(harness, account.userId)
        const pendingSealed = pending?.pending_totp_secret_sealed ?? ''
        assert.ok(pendingSealed.startsWith('v1.'))
        assert.ok(!pendingSealed.includes(secret), 'sealed, not in clear')
        assert.equal(pending?.totp_secret_sealed, null, 'not on until confirmed')

        // Wrong, malformed and hostile codes are refused; nothing is turned on.
        for (const [code, message] of [
          ['', 'Enter the 6-digit code from your authenticator app'],
          ['<script>alert(1)</script>', 'The code must be 6 digits, like 123456'],
          ['x'.repeat(5000), 'The code must be 6 digits, like 123456'],
          [
            totpCodeForStep(secret, timeStepAt(clock()) + 5),
            'Enter the 6-digit code your authenticator app shows for this service',
          ],
        ] as const) {
          const response = await browser.submit(ENROL, { code })
          assert.equal(response.statusCode, 400, code.slice(0, 20))
          assert.deepEqual(errorSummaryOf(response.body)?.items, [{ text: message, href: '#code' }])
          assert.doesNotMatch(response.body, /<script>alert/)
          assert.equal(keyOn(response.body), secret, 'the same key is offered again')
        }
        assert.equal((await securityRow(harness, account.userId))?.totp_secret_sealed, null)

        const since = await lastAuditSequence(harness)
        const confirmed = await browser.submit(ENROL, { code: totpCodeAt(secret, clock()) })
        assert.equal(confirmed.statusCode, 200)
        assert.equal(headingOf(confirmed.body), 'Save your recovery codes')
        const recoveryCodes = recoveryCodesOn(confirmed.body)
        assert.equal(recoveryCodes.length, 10)
        assert.equal(new Set(recoveryCodes).size, 10)

        const stored = await securityRow(harness, account.userId)
        const sealed = stored?.totp_secret_sealed ?? ''
        assert.ok(sealed.startsWith('v1.'))
        assert.ok(!sealed.includes(secret))
        assert.equal(stored?.pending_totp_secret_sealed, null)
        assert.equal(Number(stored?.totp_last_used_step), timeStepAt(clock()))
        const hashes = await dbOf(harness)
          .selectFrom('recovery_code')
          .select('code_hash')
          .where('user_id', '=', account.userId)
          .execute()
        assert.equal(hashes.length, 10)
        const storedText = JSON.stringify(hashes)
        for (const code of recoveryCodes) {
          assert.ok(!storedText.includes(code) && !storedText.includes(code.replace(/-/g, '')))
        }
        assert.deepEqual(await actionsSince(harness, since), [
          ['two-factor.enrolled', { after: { method: 'totp', recoveryCodes: 10 } }],
        ])
        // Shown once: the page about two-factor authentication now only says it is on.
        const after = await browser.get(ENROL)
        assert.equal(headingOf(after.body), 'Two-factor authentication')
        assert.match(textOf(after.body), /You have 10 unused recovery codes\./)
        assert.ok(recoveryCodes.every((code) => !after.body.includes(code)))
        await signOut(browser)

        // Signing in is now two steps, each with a new session id.
        advance(STEP_MS)
        const next = new Browser(app)
        const form = await next.get('/sign-in')
        const anonymous = next.cookieNamed('session')
        const password = await next.post('/sign-in', {
          _csrf: csrfTokenIn(form.body),
          email: account.email,
          password: PASSWORD,
        })
        assert.equal(password.statusCode, 303)
        assert.equal(password.headers.location, TWO_FACTOR)
        const halfway = next.cookieNamed('session')
        assert.notEqual(sessionIdOf(halfway), sessionIdOf(anonymous))
        // Not signed in yet: staff pages send the person back to the code page.
        for (const url of ['/manage', '/manage/account', ENROL]) {
          const response = await next.get(url)
          assert.equal(response.statusCode, 302, url)
          assert.equal(response.headers.location, TWO_FACTOR, url)
        }
        const codePage = await next.get(TWO_FACTOR)
        assert.equal(codePage.statusCode, 200)
        assert.equal(headingOf(codePage.body), 'Enter a code to finish signing in')
        assert.match(codePage.body, /autocomplete="one-time-code"/)

        const empty = await enterCode(next, '')
        assert.equal(empty.statusCode, 400)
        assert.deepEqual(inlineErrorsOf(empty.body), [
          'code: Enter the code from your authenticator app, or a recovery code',
        ])
        const wrong = await enterCode(next, totpCodeForStep(secret, timeStepAt(clock()) + 3))
        assert.equal(wrong.statusCode, 401)
        assert.deepEqual(errorSummaryOf(wrong.body)?.items, [
          {
            text: 'Enter a correct code from your authenticator app, or an unused recovery code',
            href: '#code',
          },
        ])
        const signInSince = await lastAuditSequence(harness)
        const done = await enterCode(next, totpCodeAt(secret, clock()))
        assert.equal(done.statusCode, 303)
        assert.equal(done.headers.location, '/manage')
        assert.notEqual(sessionIdOf(next.cookieNamed('session')), sessionIdOf(halfway))
        assert.equal((await next.get('/manage')).statusCode, 200)
        assert.deepEqual(await actionsSince(harness, signInSince), [
          ['sign-in.succeeded', { after: { method: 'password', secondFactor: 'totp' } }],
        ])
        const earlier = (await auditEvents(harness, { afterSequence: since })).map((e) => e.action)
        assert.ok(earlier.includes('sign-in.first-factor-succeeded'))
        assert.ok(earlier.includes('sign-in.failed'))
      },
    )

    itOnLeg(
      'accepts a code from the step before or after, refuses one two steps away, and never accepts a code twice',
      async () => {
        resetClock()
        const harness = h()
        const { app } = harness
        const account = await enrolledAccount(harness)
        advance(3 * STEP_MS)
        const now = timeStepAt(clock())

        const tooOld = await enterCode(
          await passwordStep(app, account.email),
          totpCodeForStep(account.secret, now - 2),
        )
        assert.equal(tooOld.statusCode, 401)
        const tooNew = await enterCode(
          await passwordStep(app, account.email),
          totpCodeForStep(account.secret, now + 2),
        )
        assert.equal(tooNew.statusCode, 401)

        // The previous step's code still works (a code typed as it changed)…
        const previous = totpCodeForStep(account.secret, now - 1)
        const first = await enterCode(await passwordStep(app, account.email), previous)
        assert.equal(first.statusCode, 303)
        // …but only once: replaying it, even within its 90 seconds, is refused.
        const since = await lastAuditSequence(harness)
        const replay = await enterCode(await passwordStep(app, account.email), previous)
        assert.equal(replay.statusCode, 401)
        const failed = (await auditEvents(harness, { afterSequence: since })).find(
          (event) => event.action === 'sign-in.failed',
        )
        assert.deepEqual(failed?.summary, {
          after: { method: 'password', secondFactor: 'totp', reason: 'code-reused' },
        })
        // The current step is later than the one used: accepted once, then refused.
        const current = totpCodeForStep(account.secret, now)
        assert.equal(
          (await enterCode(await passwordStep(app, account.email), current)).statusCode,
          303,
        )
        assert.equal(
          (await enterCode(await passwordStep(app, account.email), current)).statusCode,
          401,
        )
        // The next step's code is accepted early (a phone clock a little ahead).
        const ahead = totpCodeForStep(account.secret, now + 1)
        assert.equal(
          (await enterCode(await passwordStep(app, account.email), ahead)).statusCode,
          303,
        )
        assert.equal(
          Number((await securityRow(harness, account.userId))?.totp_last_used_step),
          now + 1,
        )
      },
    )

    itOnLeg(
      'sessions already open: a role that needs two-factor authentication, or the setting for everyone, applies at the next click',
      async () => {
        resetClock()
        const harness = h()
        const { app, services } = harness
        // A practitioner needs no second factor, so signs in with the password alone.
        const account = await newAccount(harness, 'practitioner')
        const browser = new Browser(app)
        assert.equal((await browser.signIn(account.email)).headers.location, '/manage')
        assert.equal((await browser.get('/manage')).statusCode, 200)

        // Made a business unit coordinator (who sees identities) while signed in.
        await services.users.createUser(
          {
            email: account.email,
            displayName: account.displayName,
            partnershipSlug: 'wandsworth',
            role: 'business-unit',
            password: PASSWORD,
          },
          COMMAND_LINE,
        )
        for (const url of ['/manage', '/manage/incidents', '/manage/audit']) {
          const refused = await browser.get(url)
          assert.equal(refused.statusCode, 302, url)
          assert.equal(refused.headers.location, ENROL, url)
        }
        const page = await browser.get(ENROL)
        assert.equal(page.statusCode, 200)
        assert.match(textOf(page.body), /You must set up two-factor authentication/)
        await enrol(browser)
        assert.equal((await browser.get('/manage/incidents')).statusCode, 200)

        // Another practitioner, signed in, when an administrator requires it for everyone.
        const other = await newAccount(harness, 'practitioner')
        const otherBrowser = new Browser(app)
        await otherBrowser.signIn(other.email)
        assert.equal((await otherBrowser.get('/manage')).statusCode, 200)
        const admin = await newAccount(harness, 'administrator')
        const adminActor = await services.auth.actorFor(admin.userId)
        const setting = await services.accountSecurity.settingForEditing(adminActor)
        const version = await services.accountSecurity.saveSetting(
          adminActor,
          true,
          setting.version,
        )
        try {
          const refused = await otherBrowser.get('/manage')
          assert.equal(refused.statusCode, 302)
          assert.equal(refused.headers.location, ENROL)
        } finally {
          await services.accountSecurity.saveSetting(adminActor, false, version)
        }
        // The setting off again: the practitioner carries on without it.
        assert.equal((await otherBrowser.get('/manage')).statusCode, 200)
      },
    )

    itOnLeg('a recovery code signs in once, however it is typed, and never again', async () => {
      resetClock()
      const harness = h()
      const { app } = harness
      const account = await enrolledAccount(harness)
      const [firstCode, secondCode] = account.recoveryCodes
      assert.ok(firstCode && secondCode)

      const since = await lastAuditSequence(harness)
      const typed = ` ${firstCode.toUpperCase().replace(/-/g, ' ')} `
      const used = await enterCode(await passwordStep(app, account.email), typed)
      assert.equal(used.statusCode, 303)
      assert.deepEqual(await actionsSince(harness, since, account.userId), [
        ['sign-in.first-factor-succeeded', { after: { method: 'password' } }],
        ['sign-in.succeeded', { after: { method: 'password', secondFactor: 'recovery-code' } }],
      ])

      const again = await enterCode(await passwordStep(app, account.email), firstCode)
      assert.equal(again.statusCode, 401)
      const made = await enterCode(await passwordStep(app, account.email), 'abcd-efgh-jkmn-pqrs')
      assert.equal(made.statusCode, 401, 'a made-up code')
      const other = await enterCode(await passwordStep(app, account.email), secondCode)
      assert.equal(other.statusCode, 303)
      const unused = await dbOf(harness)
        .selectFrom('recovery_code')
        .select('id')
        .where('user_id', '=', account.userId)
        .where('used_at', 'is', null)
        .execute()
      assert.equal(unused.length, 8)
    })

    itOnLeg(
      'requires two-factor authentication for administrators and the business unit: set-up first, nothing else under /manage until then',
      async () => {
        resetClock()
        const harness = h()
        const { app } = harness
        const wandsworth = await partnershipNamed(harness, 'wandsworth')
        for (const role of ['business-unit', 'administrator'] as const) {
          const account = await newAccount(harness, role)
          const browser = new Browser(app)
          const since = await lastAuditSequence(harness)
          const signIn = await browser.signIn(account.email)
          assert.equal(signIn.statusCode, 303, role)
          assert.equal(signIn.headers.location, ENROL, role)
          assert.deepEqual(await actionsSince(harness, since, account.userId), [
            ['sign-in.succeeded', { after: { method: 'password', twoFactor: 'must-set-up' } }],
          ])
          for (const url of [
            '/manage',
            '/manage/account',
            '/manage/account/password',
            '/manage/incidents',
            '/manage/settings',
            '/manage/users',
            `/manage/partnerships/${wandsworth.id}`,
          ]) {
            const response = await browser.get(url)
            assert.equal(response.statusCode, 302, `${role} ${url}`)
            assert.equal(response.headers.location, ENROL, `${role} ${url}`)
          }
          // A form posted anywhere else under /manage is not carried out either.
          const page = await browser.get(ENROL)
          assert.equal(page.statusCode, 200)
          assert.match(
            textOf(page.body),
            /You must set up two-factor authentication before you can use this service\./,
          )
          const renamed = await browser.post(`/manage/partnerships/${wandsworth.id}`, {
            _csrf: csrfTokenIn(page.body),
            version: String(wandsworth.version),
            name: 'Renamed before enrolling',
          })
          assert.equal(renamed.statusCode, 303)
          assert.equal(renamed.headers.location, ENROL)
          assert.equal((await partnershipNamed(harness, 'wandsworth')).name, wandsworth.name)

          const { secret } = await enrol(browser)
          assert.equal((await browser.get('/manage')).statusCode, 200, `${role} after enrolling`)
          await signOut(browser)
          advance(STEP_MS)
          await signedInWithCode(app, account.email, secret)
        }
        // Roles that see no identity fields and manage no one go straight in.
        for (const role of ['practitioner', 'reviewer', 'partner'] as const) {
          const account = await newAccount(harness, role)
          const signIn = await new Browser(app).signIn(account.email)
          assert.equal(signIn.headers.location, '/manage', role)
        }
      },
    )

    itOnLeg(
      'an administrator requires two-factor authentication for everyone, and resets a person’s: both audited',
      async () => {
        resetClock()
        const harness = h()
        const { app } = harness
        const wandsworth = await partnershipNamed(harness, 'wandsworth')
        const admin = await enrolledAccount(harness, 'administrator')
        const adminBrowser = await signedInWithCode(app, admin.email, admin.secret)

        // The setting, for everyone.
        const settingPage = await adminBrowser.get('/manage/settings/two-factor')
        assert.equal(settingPage.statusCode, 200)
        assert.match(textOf(settingPage.body), /must always use two-factor authentication/)
        const version = /name="version" value="(\d+)"/.exec(settingPage.body)?.[1] ?? ''
        const unanswered = await adminBrowser.post('/manage/settings/two-factor', {
          _csrf: csrfTokenIn(settingPage.body),
          version,
        })
        assert.equal(unanswered.statusCode, 400)
        assert.deepEqual(inlineErrorsOf(unanswered.body), [
          'requireForEveryone: Select yes if everyone must use two-factor authentication',
        ])
        const noVersion = await adminBrowser.submit('/manage/settings/two-factor', {
          requireForEveryone: 'yes',
        })
        assert.equal(noVersion.statusCode, 400)

        const since = await lastAuditSequence(harness)
        const saved = await adminBrowser.submit('/manage/settings/two-factor', {
          requireForEveryone: 'yes',
          version,
        })
        assert.equal(saved.statusCode, 303)
        const events = await auditEvents(harness, { afterSequence: since })
        assert.deepEqual(
          events.map((event) => [event.action, event.actorUserId, event.summary]),
          [
            [
              'two-factor-setting.updated',
              admin.userId,
              {
                before: { requireTwoFactorForEveryone: false, version: Number(version) },
                after: { requireTwoFactorForEveryone: true, version: Number(version) + 1 },
              },
            ],
          ],
        )
        const practitioner = await newAccount(harness, 'practitioner')
        const forced = await new Browser(app).signIn(practitioner.email)
        assert.equal(forced.headers.location, ENROL, 'everyone must set it up now')
        // A stale form is refused; putting the setting back works.
        const stale = await adminBrowser.submit('/manage/settings/two-factor', {
          requireForEveryone: 'no',
          version,
        })
        assert.equal(stale.statusCode, 409)
        const back = await adminBrowser.submit('/manage/settings/two-factor', {
          requireForEveryone: 'no',
          version: String(Number(version) + 1),
        })
        assert.equal(back.statusCode, 303)
        assert.equal(
          (await new Browser(app).signIn(practitioner.email)).headers.location,
          '/manage',
        )

        // The reset.
        const person = await enrolledAccount(harness, 'practitioner')
        const personBrowser = await signedInWithCode(app, person.email, person.secret)
        const list = await adminBrowser.get('/manage/users')
        assert.equal(list.statusCode, 200)
        assert.equal(headingOf(list.body), 'Users and two-factor authentication')
        const resetPath = `/manage/users/${person.userId}/reset-two-factor`
        assert.match(list.body, new RegExp(`href="${resetPath}"`))
        assert.match(
          textOf(list.body),
          new RegExp(
            `${person.displayName} ${person.email} Practitioner None Change the agency of ${person.displayName} On`,
          ),
        )
        const confirm = await adminBrowser.get(resetPath)
        assert.equal(confirm.statusCode, 200)
        assert.equal(
          headingOf(confirm.body),
          `Reset two-factor authentication for ${person.displayName}?`,
        )
        const resetSince = await lastAuditSequence(harness)
        const reset = await adminBrowser.post(resetPath, { _csrf: csrfTokenIn(confirm.body) })
        assert.equal(reset.statusCode, 303)
        assert.equal(reset.headers.location, `/manage/users?reset=${person.userId}`)
        const banner = await adminBrowser.get(String(reset.headers.location))
        assert.match(
          textOf(banner.body),
          /Two-factor authentication has been reset for Security Test/,
        )
        const resetEvents = await auditEvents(harness, { afterSequence: resetSince })
        assert.deepEqual(
          resetEvents.map((event) => [
            event.action,
            event.actorUserId,
            event.recordId,
            event.partnershipId,
            event.summary,
          ]),
          [
            [
              'two-factor.reset',
              admin.userId,
              person.userId,
              wandsworth.id,
              {
                before: { twoFactorEnrolled: true },
                after: { twoFactorEnrolled: false, mustEnrolAtNextSignIn: true, sessionsEnded: 1 },
              },
            ],
          ],
        )
        // The person was signed out, their codes are gone, and they must enrol again.
        assert.equal((await personBrowser.get('/manage')).headers.location, '/sign-in')
        const row = await securityRow(harness, person.userId)
        assert.equal(row?.totp_secret_sealed, null)
        assert.equal(row?.must_enrol, 1)
        const codes = await dbOf(harness)
          .selectFrom('recovery_code')
          .select('id')
          .where('user_id', '=', person.userId)
          .execute()
        assert.deepEqual(codes, [])
        const again = new Browser(app)
        const signIn = await again.signIn(person.email)
        assert.equal(signIn.headers.location, ENROL, 'a practitioner too, after a reset')
        await enrol(again)
        assert.equal((await again.get('/manage')).statusCode, 200)

        // Only administrators, of the person's partnership, and only by POST with a token.
        const southwarkAdmin = await h().services.users.createUser(
          {
            email: `southwark-admin-${harness.dialect}@southwark.example`,
            displayName: 'Southwark Administrator',
            partnershipSlug: 'southwark',
            role: 'administrator',
            password: PASSWORD,
          },
          COMMAND_LINE,
        )
        assert.ok(southwarkAdmin.created)
        const southwark = new Browser(app)
        await southwark.signIn(`southwark-admin-${harness.dialect}@southwark.example`)
        const { secret: southwarkSecret } = await enrol(southwark)
        assert.ok(southwarkSecret)
        assert.equal((await southwark.get(resetPath)).statusCode, 404)
        const practitionerBrowser = new Browser(app)
        await practitionerBrowser.signIn(practitioner.email)
        assert.equal((await practitionerBrowser.get('/manage/users')).statusCode, 403)
        assert.equal((await practitionerBrowser.get('/manage/settings/two-factor')).statusCode, 403)
        const forged = await adminBrowser.post(resetPath, { _csrf: 'forged-token-value' })
        assert.equal(forged.statusCode, 403)
        assert.equal(
          (await adminBrowser.get('/manage/users/not-a-uuid/reset-two-factor')).statusCode,
          404,
        )
      },
    )

    itOnLeg(
      'single sign-on does not skip the code: the provider’s sign-in is the first step only',
      async () => {
        resetClock()
        const harness = h()
        const { app, services } = harness
        const admin = await newAccount(harness, 'administrator')
        const adminActor = await services.auth.actorFor(admin.userId)
        const settings = await services.singleSignOn.settingsForEditing(adminActor)
        if (!provider) throw new Error('identity provider not started')
        await services.singleSignOn.saveSettings(
          adminActor,
          {
            displayName: 'Council account',
            issuerUrl: provider.issuer,
            clientId: provider.clientId,
            clientSecret: provider.clientSecret,
            enabled: true,
          },
          settings.version,
        )
        const account = await enrolledAccount(harness)
        const browser = new Browser(app)
        const start = await browser.get('/sign-in/single-sign-on')
        assert.equal(start.statusCode, 303)
        const callback = new URL(
          await provider.signIn(String(start.headers.location), account.email, {
            returnTo: PUBLIC_URL,
          }),
        )
        const since = await lastAuditSequence(harness)
        const back = await browser.get(`${callback.pathname}${callback.search}`)
        assert.equal(back.statusCode, 303)
        assert.equal(back.headers.location, TWO_FACTOR)
        assert.equal((await browser.get('/manage')).headers.location, TWO_FACTOR)
        const done = await enterCode(browser, totpCodeAt(account.secret, clock()))
        assert.equal(done.statusCode, 303)
        assert.equal((await browser.get('/manage')).statusCode, 200)
        assert.deepEqual(await actionsSince(harness, since, account.userId), [
          ['sign-in.first-factor-succeeded', { after: { method: 'oidc' } }],
          ['sign-in.succeeded', { after: { method: 'oidc', secondFactor: 'totp' } }],
        ])
        // Single sign-on off again, for the other tests.
        const current = await services.singleSignOn.settingsForEditing(adminActor)
        await services.singleSignOn.saveSettings(
          adminActor,
          {
            displayName: 'Council account',
            issuerUrl: provider.issuer,
            clientId: provider.clientId,
            clientSecret: '',
            enabled: false,
          },
          current.version,
        )
      },
    )

    itOnLeg(
      'locks an account for a minute after 5 failures, doubling after each further one, with the answer a wrong password gets; success resets the count',
      async () => {
        resetClock()
        const harness = h()
        const { app } = harness
        const account = await newAccount(harness)
        const since = await lastAuditSequence(harness)
        const wrong = () => new Browser(app).signIn(account.email, WRONG_PASSWORD)
        const right = () => new Browser(app).signIn(account.email, PASSWORD)

        for (let attempt = 1; attempt <= 4; attempt += 1) {
          assert.equal((await wrong()).statusCode, 401, `attempt ${attempt}`)
        }
        assert.equal((await securityRow(harness, account.userId))?.locked_until, null)
        const fifth = await wrong()
        assert.equal(fifth.statusCode, 401)
        const locked = await right()
        assert.equal(locked.statusCode, 401, 'even the right password, while locked')
        const unknown = await new Browser(app).signIn('nobody-at-all@wandsworth.example', PASSWORD)
        // Locked, wrong and unknown look the same: nothing tells which accounts exist.
        for (const response of [fifth, locked, unknown]) {
          assert.deepEqual(errorSummaryOf(response.body), {
            title: 'There is a problem',
            items: [{ text: 'Enter a correct email address and password', href: '#email' }],
          })
          assert.match(textOf(response.body), new RegExp(LOCKOUT_HINT))
        }
        assert.deepEqual(inlineErrorsOf(locked.body), inlineErrorsOf(unknown.body))

        const events = await auditEvents(harness, { afterSequence: since })
        const lockEvents = events.filter((event) => event.action === 'sign-in.locked')
        assert.equal(lockEvents.length, 1)
        const firstLock = lockEvents[0]?.summary as { after: Record<string, unknown> }
        assert.equal(firstLock.after.consecutiveFailures, 5)
        assert.equal(firstLock.after.lockedForSeconds, 60)
        assert.equal(lockEvents[0]?.actorUserId, account.userId)
        const refusedWhileLocked = events.filter(
          (event) =>
            event.action === 'sign-in.failed' &&
            JSON.stringify(event.summary) ===
              JSON.stringify({ after: { method: 'password', reason: 'locked' } }),
        )
        assert.equal(refusedWhileLocked.length, 1)

        // After the minute, one more failure locks it for two minutes.
        advance(MINUTE + 1000)
        const sixthSince = await lastAuditSequence(harness)
        assert.equal((await wrong()).statusCode, 401)
        const secondLock = (await auditEvents(harness, { afterSequence: sixthSince })).find(
          (event) => event.action === 'sign-in.locked',
        )
        assert.deepEqual(
          [
            (secondLock?.summary as { after: Record<string, unknown> }).after.consecutiveFailures,
            (secondLock?.summary as { after: Record<string, unknown> }).after.lockedForSeconds,
          ],
          [6, 120],
        )
        advance(MINUTE + 1000)
        assert.equal((await right()).statusCode, 401, 'still locked after one minute of two')
        advance(MINUTE)
        assert.equal((await right()).statusCode, 303, 'open again after two minutes')
        assert.equal(Number((await securityRow(harness, account.userId))?.failed_attempts), 0)

        // The count starts again after a success: four more failures do not lock.
        for (let attempt = 1; attempt <= 4; attempt += 1) await wrong()
        assert.equal((await right()).statusCode, 303)
      },
    )

    itOnLeg('wrong codes count towards the lockout as wrong passwords do', async () => {
      resetClock()
      const harness = h()
      const { app } = harness
      const account = await enrolledAccount(harness)
      const browser = await passwordStep(app, account.email)
      for (let attempt = 1; attempt <= 5; attempt += 1) {
        const response = await enterCode(browser, '000000')
        assert.equal(response.statusCode, 401, `attempt ${attempt}`)
      }
      const refused = await enterCode(browser, totpCodeAt(account.secret, clock()))
      assert.equal(refused.statusCode, 401, 'the right code, while locked')
      assert.match(textOf(refused.body), new RegExp(LOCKOUT_HINT))
      assert.equal((await new Browser(app).signIn(account.email)).statusCode, 401, 'password too')
      const locks = await auditEvents(harness, { action: 'sign-in.locked' })
      assert.ok(locks.some((event) => event.recordId === account.userId))

      advance(MINUTE + STEP_MS)
      await signedInWithCode(app, account.email, account.secret)
    })

    itOnLeg(
      'signs a person out after 30 minutes idle, and after 12 hours however busy, with a banner',
      async () => {
        resetClock()
        const harness = h()
        const { app } = harness
        const account = await newAccount(harness)
        const browser = new Browser(app)
        await browser.signIn(account.email)
        advance(29 * MINUTE)
        assert.equal((await browser.get('/manage')).statusCode, 200)
        advance(29 * MINUTE)
        assert.equal((await browser.get('/manage')).statusCode, 200, 'activity keeps it going')
        const cookie = browser.cookieNamed('session')
        advance(30 * MINUTE)
        const idle = await browser.get('/manage')
        assert.equal(idle.statusCode, 302)
        assert.equal(idle.headers.location, '/sign-in?signed-out=idle')
        const gone = await dbOf(harness)
          .selectFrom('user_session')
          .select('session_hash')
          .where('session_hash', '=', sha256(sessionIdOf(cookie)))
          .execute()
        assert.deepEqual(gone, [], 'the session is destroyed, not just hidden')
        const signInPage = await browser.get('/sign-in?signed-out=idle')
        assert.equal(signInPage.statusCode, 200)
        assert.match(textOf(signInPage.body), /You were signed out after 30 minutes of inactivity/)
        assert.equal((await browser.get('/manage')).headers.location, '/sign-in')
        // A form posted from an idle session is not carried out.
        const idleAgain = new Browser(app)
        await idleAgain.signIn(account.email)
        const page = await idleAgain.get('/manage/account')
        advance(31 * MINUTE)
        const post = await idleAgain.post('/manage/account/sign-out-other-sessions', {
          _csrf: csrfTokenIn(page.body),
        })
        assert.equal(post.statusCode, 303)
        assert.equal(post.headers.location, '/sign-in?signed-out=idle')

        // Busy all day: still signed out at 12 hours.
        resetClock()
        const busy = new Browser(app)
        await busy.signIn(account.email)
        for (let minutes = 20; minutes < 12 * 60; minutes += 20) {
          advance(20 * MINUTE)
          assert.equal((await busy.get('/manage')).statusCode, 200, `${minutes} minutes`)
        }
        advance(20 * MINUTE)
        const absolute = await busy.get('/manage')
        assert.equal(absolute.headers.location, '/sign-in?signed-out=absolute')
        assert.match(
          textOf((await busy.get('/sign-in?signed-out=absolute')).body),
          /You were signed out because you had been signed in for 12 hours/,
        )
        // The public pages stay open to someone whose session ended.
        resetClock()
        const reader = new Browser(app)
        await reader.signIn(account.email)
        advance(31 * MINUTE)
        assert.equal((await reader.get('/')).statusCode, 200)
        assert.equal((await reader.get('/manage')).headers.location, '/sign-in')
      },
    )

    itOnLeg(
      '“Sign out of all other sessions” ends the other browsers’ sessions and keeps this one (audited)',
      async () => {
        resetClock()
        const harness = h()
        const { app } = harness
        const account = await newAccount(harness)
        const someoneElse = await newAccount(harness)
        const here = new Browser(app)
        const phone = new Browser(app)
        const laptop = new Browser(app)
        const other = new Browser(app)
        for (const browser of [here, phone, laptop]) await browser.signIn(account.email)
        await other.signIn(someoneElse.email)

        const page = await here.get('/manage/account')
        assert.equal(page.statusCode, 200)
        assert.equal(headingOf(page.body), 'Your account')
        const since = await lastAuditSequence(harness)
        const response = await here.post('/manage/account/sign-out-other-sessions', {
          _csrf: csrfTokenIn(page.body),
        })
        assert.equal(response.statusCode, 303)
        assert.equal(response.headers.location, '/manage/account?done=sessions&count=2')
        assert.match(
          textOf((await here.get(String(response.headers.location))).body),
          /2 other sessions have been signed out\./,
        )
        for (const browser of [phone, laptop]) {
          assert.equal((await browser.get('/manage')).headers.location, '/sign-in')
        }
        assert.equal((await here.get('/manage')).statusCode, 200, 'this session stays')
        assert.equal((await other.get('/manage')).statusCode, 200, 'other people are untouched')
        assert.deepEqual(await actionsSince(harness, since), [
          ['session.signed-out-elsewhere', { after: { sessionsEnded: 2 } }],
        ])
        const forged = await here.post('/manage/account/sign-out-other-sessions', {
          _csrf: 'forged-token-value',
        })
        assert.equal(forged.statusCode, 403)
      },
    )

    itOnLeg(
      'changes one’s own password: the current one first, no common password, email or name (audited)',
      async () => {
        resetClock()
        const harness = h()
        const { app, services } = harness
        const account = await newAccount(harness)
        const browser = new Browser(app)
        await browser.signIn(account.email)
        const elsewhere = new Browser(app)
        await elsewhere.signIn(account.email)
        const url = '/manage/account/password'
        const since = await lastAuditSequence(harness)

        for (const [fields, expected] of [
          [
            { currentPassword: '', newPassword: '' },
            ['currentPassword: Enter your current password', 'newPassword: Enter a new password'],
          ],
          [
            { currentPassword: WRONG_PASSWORD, newPassword: 'a perfectly fine new password' },
            ['currentPassword: Your current password is not correct'],
          ],
          [
            { currentPassword: PASSWORD, newPassword: 'Qwerty123456' },
            [
              'newPassword: This password is too common and easy to guess. Choose a different password',
            ],
          ],
          [
            { currentPassword: PASSWORD, newPassword: account.email.toUpperCase() },
            ['newPassword: Your password must not be your email address'],
          ],
          [
            { currentPassword: PASSWORD, newPassword: account.displayName },
            ['newPassword: Your password must not be your name'],
          ],
          [
            { currentPassword: PASSWORD, newPassword: '<script>1' },
            ['newPassword: Password must be 12 characters or more'],
          ],
          [
            { currentPassword: PASSWORD, newPassword: 'x'.repeat(257) },
            ['newPassword: Password must be 256 characters or fewer'],
          ],
          [
            { currentPassword: PASSWORD, newPassword: PASSWORD },
            ['newPassword: Your new password must be different from your current one'],
          ],
        ] as const) {
          const response = await browser.submit(url, fields)
          assert.equal(response.statusCode, 400, JSON.stringify(fields).slice(0, 80))
          assert.deepEqual(inlineErrorsOf(response.body).sort(), [...expected].sort())
          // Passwords are never sent back.
          assert.doesNotMatch(response.body, /Qwerty123456|<script>1|a perfectly fine/)
        }
        assert.deepEqual(
          (await auditEvents(harness, { afterSequence: since })).map((event) => event.action),
          ['password.change-refused'],
        )

        const newPassword = 'three unrelated words and a river'
        const changed = await browser.submit(url, { currentPassword: PASSWORD, newPassword })
        assert.equal(changed.statusCode, 303)
        assert.equal(changed.headers.location, '/manage/account?done=password')
        const events = await auditEvents(harness, { afterSequence: since })
        const audit = events.find((event) => event.action === 'password.changed')
        assert.deepEqual(audit?.summary, { after: { otherSessionsEnded: 1 } })
        assert.doesNotMatch(JSON.stringify(events), new RegExp(newPassword))
        assert.equal((await browser.get('/manage')).statusCode, 200, 'this session stays')
        assert.equal((await elsewhere.get('/manage')).headers.location, '/sign-in')
        assert.equal((await new Browser(app).signIn(account.email, PASSWORD)).statusCode, 401)
        assert.equal((await new Browser(app).signIn(account.email, newPassword)).statusCode, 303)

        // The same rules when an account is made.
        await assert.rejects(
          services.users.createUser(
            {
              email: `common-${harness.dialect}@wandsworth.example`,
              displayName: 'Common Password',
              partnershipSlug: 'wandsworth',
              role: 'practitioner',
              password: '1qaz2wsx3edc',
            },
            COMMAND_LINE,
          ),
          (error: unknown) =>
            error instanceof ValidationError && /too common/.test(error.errors[0]?.message ?? ''),
        )
      },
    )
  },
  { env: { REQUIRE_TWO_FACTOR_FOR_PRIVILEGED_ROLES: 'true', PUBLIC_URL }, now: clock },
)
