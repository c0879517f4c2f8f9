// Rotating DATA_ENCRYPTION_KEY (issue 4): `rotate-data-key` re-seals every
// stored secret (two-factor secrets, one being set up, the single sign-on client
// secret) from PREVIOUS_DATA_ENCRYPTION_KEY to DATA_ENCRYPTION_KEY, so a service
// restarted with only the new key still signs people in with their authenticator
// app; a wrong previous key is refused and nothing changes. The demo
// administrator sets up two-factor authentication at first sign-in, as the
// default (REQUIRE_TWO_FACTOR_FOR_PRIVILEGED_ROLES=true) asks.
import assert from 'node:assert/strict'
import type { FastifyInstance } from 'fastify'
import { startRuntime } from '../../src/bootstrap.js'
import { loadConfig } from '../../src/config.js'
import type { Actor } from '../../src/domain/access/roles.js'
import { totpCodeAt } from '../../src/domain/two-factor/totp.js'
import type { Services } from '../../src/services/index.js'
import { SEALED_PURPOSES, SecretBox } from '../../src/services/secret-box.js'
import { buildApp } from '../../src/web/app.js'
import {
  Browser,
  DEMO_PASSWORD,
  describeOnEachDatabase,
  itOnLeg,
  type Harness,
} from './support/app-harness.js'
import { runCli } from './support/cli.js'
import { headingOf } from './support/html.js'
import { auditEvents, dbOf, userIdOf } from './support/records.js'
import { testNow } from '../support/test-clock.js'

const OLD_KEY = 'data-key-rotation-test-old-key-of-enough-length'
const NEW_KEY = 'data-key-rotation-test-new-key-of-enough-length'
const WRONG_KEY = 'data-key-rotation-test-wrong-key-of-enough-length'
const ADMINISTRATOR = 'administrator@wandsworth.example'
const PRACTITIONER = 'practitioner@wandsworth.example'
const SSO_SECRET = 'client-secret-from-the-identity-provider'
const TWO_FACTOR = '/sign-in/two-factor'
const ENROL = '/manage/account/two-factor'
const STEP_MS = 30_000

// The services' clock, moved on by the test: each sign-in with a code needs a
// code step not used before.
let clockMs = testNow().getTime()
const clock = () => new Date(clockMs)
const nextCodeStep = () => {
  clockMs += STEP_MS
}

function keyOn(html: string): string {
  const match = /data-testid="two-factor-key">([A-Z2-7 ]+)</.exec(html)
  assert.ok(match?.[1], 'the key is shown as text')
  return match[1].replace(/ /g, '')
}

interface SealedSnapshot {
  totp: string | null
  pendingTotp: string | null
  singleSignOn: string
}

async function sealedValues(harness: Harness, adminId: string, practitionerId: string) {
  const db = dbOf(harness)
  const security = async (userId: string) =>
    db
      .selectFrom('account_security')
      .select(['totp_secret_sealed', 'pending_totp_secret_sealed'])
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow()
  const admin = await security(adminId)
  const practitioner = await security(practitionerId)
  const singleSignOn = await db
    .selectFrom('single_sign_on_setting')
    .select('client_secret_sealed')
    .executeTakeFirstOrThrow()
  return {
    totp: admin.totp_secret_sealed,
    pendingTotp: practitioner.pending_totp_secret_sealed,
    singleSignOn: singleSignOn.client_secret_sealed,
  } satisfies SealedSnapshot
}

/** The service as it would run after a restart with other keys, on the same database. */
async function restartedService(
  harness: Harness,
  env: Record<string, string>,
): Promise<{ app: FastifyInstance; services: Services; close(): Promise<void> }> {
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: harness.database.url,
    SESSION_SECRET: harness.config.sessionSecret,
    DEMO_PASSWORD,
    SIGN_IN_RATE_LIMIT: '1000',
    LOG_LEVEL: 'silent',
    ...env,
  })
  const runtime = await startRuntime(config, { migrate: false, now: clock })
  const app = await buildApp({
    config,
    services: runtime.services,
    isDatabaseReachable: () => runtime.database.isReachable(),
    logger: false,
  })
  await app.ready()
  return {
    app,
    services: runtime.services,
    close: async () => {
      await app.close()
      await runtime.close()
    },
  }
}

/** Password, then a code from the app: lands on /manage. */
async function signInWithCode(app: FastifyInstance, email: string, secret: string) {
  const browser = new Browser(app)
  const password = await browser.signIn(email)
  assert.equal(password.statusCode, 303)
  assert.equal(password.headers.location, TWO_FACTOR)
  const code = await browser.submit(TWO_FACTOR, { code: totpCodeAt(secret, clock()) })
  assert.equal(code.statusCode, 303, 'the code is accepted')
  assert.equal(code.headers.location, '/manage')
  return browser
}

describeOnEachDatabase(
  'Rotating the data encryption key from the command line',
  (h) => {
    itOnLeg(
      'rotate-data-key re-seals every stored secret; sign-in with a code works on the new key alone; a wrong previous key changes nothing',
      async () => {
        const harness = h()
        const databaseUrl = harness.database.url
        const adminId = await userIdOf(harness, ADMINISTRATOR)
        const practitionerId = await userIdOf(harness, PRACTITIONER)

        // The demo administrator is asked to set up two-factor authentication at
        // first sign-in, and can.
        const admin = new Browser(harness.app)
        const first = await admin.signIn(ADMINISTRATOR)
        assert.equal(first.statusCode, 303)
        assert.equal(first.headers.location, ENROL)
        assert.equal((await admin.get('/manage')).headers.location, ENROL, 'nothing else first')
        const secret = keyOn((await admin.get(ENROL)).body)
        const enrolled = await admin.submit(ENROL, { code: totpCodeAt(secret, clock()) })
        assert.equal(enrolled.statusCode, 200)
        assert.equal(headingOf(enrolled.body), 'Save your recovery codes')
        assert.equal((await admin.get('/manage')).statusCode, 200)

        // A practitioner (not required) half-way through setting it up.
        const practitioner = new Browser(harness.app)
        assert.equal((await practitioner.signIn(PRACTITIONER)).headers.location, '/manage')
        const pendingKey = keyOn((await practitioner.get(ENROL)).body)

        // The single sign-on client secret.
        const adminActor = (await harness.services.auth.actorFor(adminId)) as Actor
        await harness.services.singleSignOn.saveSettings(
          adminActor,
          {
            displayName: 'Council account',
            issuerUrl: 'https://login.example.org',
            clientId: 'safeguarding-reviews',
            clientSecret: SSO_SECRET,
            enabled: false,
          },
          0,
        )

        const before = await sealedValues(harness, adminId, practitionerId)
        assert.ok(before.totp && before.pendingTotp && before.singleSignOn)
        const rotations = () =>
          auditEvents(harness, { action: 'data-encryption-key.rotated' }).then((e) => e.length)

        // The service started with the new key and the previous one keeps
        // working before the rotation: it opens what the previous key sealed.
        nextCodeStep()
        const switched = await restartedService(harness, {
          DATA_ENCRYPTION_KEY: NEW_KEY,
          PREVIOUS_DATA_ENCRYPTION_KEY: OLD_KEY,
        })
        try {
          await signInWithCode(switched.app, ADMINISTRATOR, secret)
        } finally {
          await switched.close()
        }

        // A wrong previous key: refused, every value as it was, nothing audited.
        const refused = await runCli(['rotate-data-key'], {
          databaseUrl,
          env: { DATA_ENCRYPTION_KEY: NEW_KEY, PREVIOUS_DATA_ENCRYPTION_KEY: WRONG_KEY },
        })
        assert.equal(refused.code, 1, refused.stderr)
        assert.match(refused.stderr, /Refused: 3 stored secrets cannot be opened/)
        assert.match(refused.stderr, new RegExp(`two-factor secret of ${ADMINISTRATOR}`))
        assert.match(
          refused.stderr,
          new RegExp(`two-factor secret being set up of ${PRACTITIONER}`),
        )
        assert.match(refused.stderr, /single sign-on client secret\n/)
        assert.match(refused.stderr, /Nothing was changed/)
        assert.equal(refused.stdout, '')
        assert.doesNotMatch(refused.stderr + refused.stdout, new RegExp(WRONG_KEY))
        assert.deepEqual(await sealedValues(harness, adminId, practitionerId), before)
        assert.equal(await rotations(), 0)

        // Usage mistakes: no previous key, or the same key twice.
        const noPrevious = await runCli(['rotate-data-key'], {
          databaseUrl,
          env: { DATA_ENCRYPTION_KEY: NEW_KEY },
        })
        assert.equal(noPrevious.code, 2)
        assert.match(noPrevious.stderr, /^PREVIOUS_DATA_ENCRYPTION_KEY: set it to the key/m)
        const same = await runCli(['rotate-data-key'], {
          databaseUrl,
          env: { DATA_ENCRYPTION_KEY: OLD_KEY, PREVIOUS_DATA_ENCRYPTION_KEY: OLD_KEY },
        })
        assert.equal(same.code, 2)
        assert.match(same.stderr, /same as PREVIOUS_DATA_ENCRYPTION_KEY/)
        assert.deepEqual(await sealedValues(harness, adminId, practitionerId), before)

        // The right previous key: all three re-sealed in one go, audited with counts.
        const rotated = await runCli(['rotate-data-key'], {
          databaseUrl,
          env: { DATA_ENCRYPTION_KEY: NEW_KEY, PREVIOUS_DATA_ENCRYPTION_KEY: OLD_KEY },
        })
        assert.equal(rotated.code, 0, rotated.stderr)
        assert.match(
          rotated.stdout,
          /Re-sealed 3 stored secrets with DATA_ENCRYPTION_KEY: 1 two-factor secret, 1 two-factor secret being set up, 1 single sign-on client secret\./,
        )
        const after = await sealedValues(harness, adminId, practitionerId)
        const twoFactor = (key: string) => new SecretBox(key, SEALED_PURPOSES.twoFactorSecret)
        const singleSignOn = (key: string) =>
          new SecretBox(key, SEALED_PURPOSES.singleSignOnClientSecret)
        assert.equal(twoFactor(NEW_KEY).open(after.totp ?? ''), secret)
        assert.equal(twoFactor(NEW_KEY).open(after.pendingTotp ?? ''), pendingKey)
        assert.equal(singleSignOn(NEW_KEY).open(after.singleSignOn), SSO_SECRET)
        assert.equal(twoFactor(OLD_KEY).open(after.totp ?? ''), null, 'no longer the old key')
        assert.equal(twoFactor(OLD_KEY).open(after.pendingTotp ?? ''), null)
        assert.equal(singleSignOn(OLD_KEY).open(after.singleSignOn), null)

        const events = await auditEvents(harness, { action: 'data-encryption-key.rotated' })
        assert.equal(events.length, 1)
        assert.equal(events[0]?.actorLabel, 'command line')
        assert.deepEqual(events[0]?.summary, {
          after: {
            twoFactorSecrets: 1,
            pendingTwoFactorSecrets: 1,
            singleSignOnClientSecrets: 1,
            alreadyCurrent: 0,
          },
        })
        assert.deepEqual(await harness.services.verifyAuditTrail(), {
          ok: true,
          checked: (await auditEvents(harness)).length,
        })

        // Run again (say, on a second instance): nothing left to re-seal.
        const again = await runCli(['rotate-data-key'], {
          databaseUrl,
          env: { DATA_ENCRYPTION_KEY: NEW_KEY, PREVIOUS_DATA_ENCRYPTION_KEY: OLD_KEY },
        })
        assert.equal(again.code, 0, again.stderr)
        assert.match(again.stdout, /Re-sealed 0 stored secrets/)
        assert.match(again.stdout, /3 already sealed with DATA_ENCRYPTION_KEY/)
        assert.deepEqual(await sealedValues(harness, adminId, practitionerId), after)

        // The service restarted with the new key alone: the authenticator app's
        // codes still work, the secret being set up is the same, and the single
        // sign-on client secret can be read.
        nextCodeStep()
        const restarted = await restartedService(harness, { DATA_ENCRYPTION_KEY: NEW_KEY })
        try {
          await signInWithCode(restarted.app, ADMINISTRATOR, secret)
          const resumed = new Browser(restarted.app)
          assert.equal((await resumed.signIn(PRACTITIONER)).headers.location, '/manage')
          assert.equal(keyOn((await resumed.get(ENROL)).body), pendingKey)
          const settings = await restarted.services.singleSignOn.settingsForEditing(adminActor)
          assert.equal(settings.hasUsableSecret, true)
          assert.equal(settings.secretUnreadable, false)
        } finally {
          await restarted.close()
        }
      },
    )
  },
  {
    env: { DATA_ENCRYPTION_KEY: OLD_KEY, REQUIRE_TWO_FACTOR_FOR_PRIVILEGED_ROLES: 'true' },
    now: clock,
  },
)
