// Issue 12, "Several instances": two real instances of the server (child
// processes, ports 3240 and 3241) started at the same moment on one new
// PostgreSQL database. Both come up (one runs the migrations and loads the demo
// data under an advisory lock, the other waits and finds them done); a session
// made on one works on the other; the sign-in rate limit and the account
// lock-out count attempts through both; each scheduled job runs once and each
// email is sent once; two people editing one record through different
// instances get one save and one clean conflict; and an instance killed with
// SIGKILL in the middle of requests loses no write it acknowledged.
//
// PostgreSQL only (SQLite is one file for one instance). Without a PostgreSQL
// server it says loudly that it was skipped; with CI=true it fails instead.
import assert from 'node:assert/strict'
import { after, before, it, type TestContext } from 'node:test'
import { sql } from 'kysely'
import { startRuntime, type Runtime } from '../../src/bootstrap.js'
import { loadConfig } from '../../src/config.js'
import { COMMAND_LINE } from '../../src/services/context.js'
import { testClock } from '../support/test-clock.js'
import {
  createPostgresDatabase,
  describeOnPostgres,
  postgresAvailableFor,
  type TestDatabase,
} from './support/databases.js'
import {
  HttpBrowser,
  INSTANCE_DEMO_PASSWORD,
  startInstance,
  stopInstance,
  whenReady,
  type Instance,
} from './support/instances.js'
import { startSmtpSink, type SmtpSink } from './support/smtp-sink.js'

const PORTS = [3240, 3241] as const
const SIGN_IN_LIMIT = 6
const COORDINATOR = 'coordinator@wandsworth.example'
const CONFLICT_HEADING = 'This record was changed by someone else'

let available = false
let database: TestDatabase | undefined
let smtp: SmtpSink | undefined
let runtime: Runtime | undefined
const instances: Instance[] = []

/** The instance by its place: 0 is A (port 3240), 1 is B (3241). */
function instance(index: 0 | 1): Instance {
  const found = instances[index]
  if (!found) throw new Error('instances not started')
  return found
}
function db() {
  if (!runtime) throw new Error('no runtime')
  return runtime.database.db
}

/** Each test is a different client (TRUST_PROXY: the address is X-Forwarded-For's). */
let clients = 0
function newBrowser(): HttpBrowser {
  clients += 1
  return new HttpBrowser({ 'x-forwarded-for': `198.51.100.${clients}` })
}

async function signIn(browser: HttpBrowser, base: string, email: string, password: string) {
  return browser.submit(base, '/sign-in', { email, password })
}

function skipUnlessAvailable(t: TestContext): boolean {
  if (!available) t.skip('PostgreSQL not reachable')
  return !available
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describeOnPostgres('Several instances on one PostgreSQL database (issue 12)', () => {
  before(async () => {
    available = await postgresAvailableFor('Several instances test')
    if (!available) return
    database = await createPostgresDatabase()
    smtp = await startSmtpSink()
    // Started at the same moment on the new database: the race of issue 12.
    for (const [index, port] of PORTS.entries()) {
      instances.push(
        startInstance(index === 0 ? 'A' : 'B', port, database.url, {
          TRUST_PROXY: 'true',
          SIGN_IN_RATE_LIMIT: String(SIGN_IN_LIMIT),
          SMTP_URL: smtp.url,
          MAIL_FROM: 'reviews@example.org',
          JOBS_INTERVAL_SECONDS: '1',
        }),
      )
    }
    await Promise.all(instances.map((started) => whenReady(started)))
    runtime = await startRuntime(
      loadConfig({
        NODE_ENV: 'test',
        DATABASE_URL: database.url,
        SESSION_SECRET: 'several-instances-test-process-secret-0123456789',
        LOG_LEVEL: 'silent',
      }),
      { migrate: false, now: testClock },
    )
  })

  after(async () => {
    await Promise.all(instances.map((started) => stopInstance(started)))
    await runtime?.close()
    await smtp?.close()
    await database?.drop()
  })

  it('both instances come up when started together on a new database, the demo data loaded once', async (t) => {
    if (skipUnlessAvailable(t)) return
    for (const started of instances) {
      const ready = await fetch(`${started.base}/readyz`)
      assert.equal(ready.status, 200, `${started.name} is ready`)
      assert.equal(started.child.exitCode, null, `${started.name} is still running`)
    }
    const partnerships = await db()
      .selectFrom('partnership')
      .select((eb) => eb.fn.countAll<string | number>().as('count'))
      .executeTakeFirstOrThrow()
    assert.equal(Number(partnerships.count), 2, 'two demo partnerships, not four')
    const migrations = await sql<{
      count: string | number
    }>`select count(*) as count from kysely_migration`.execute(db())
    const distinct = await sql<{
      count: string | number
    }>`select count(distinct name) as count from kysely_migration`.execute(db())
    assert.equal(Number(migrations.rows[0]?.count), Number(distinct.rows[0]?.count))
  })

  it('a session made on one instance works on the other', async (t) => {
    if (skipUnlessAvailable(t)) return
    const browser = newBrowser()
    const signedIn = await signIn(browser, instance(0).base, COORDINATOR, INSTANCE_DEMO_PASSWORD)
    assert.equal(signedIn.status, 303, `signs in on A: ${signedIn.body.slice(0, 300)}`)
    const onB = await browser.get(instance(1).base, '/manage')
    assert.equal(onB.status, 200, 'the session cookie from A opens /manage on B')
    assert.ok(onB.body.includes('Sign out'), 'B shows the person signed in')
    // Signing out on B ends the session on A too.
    const signOut = await browser.submit(instance(1).base, '/manage', {}, '/sign-out')
    assert.equal(signOut.status, 303)
    const onA = await browser.get(instance(0).base, '/manage')
    assert.equal(onA.status, 302, 'signed out on B: A sends to sign in')
  })

  it('the sign-in rate limit counts attempts through both instances', async (t) => {
    if (skipUnlessAvailable(t)) return
    const browser = newBrowser()
    const statuses: number[] = []
    for (let attempt = 0; attempt < SIGN_IN_LIMIT; attempt += 1) {
      const page = await signIn(
        browser,
        instance(attempt % 2 === 0 ? 0 : 1).base,
        `nobody-${attempt}@example.org`,
        'not the password',
      )
      statuses.push(page.status)
    }
    assert.ok(
      statuses.every((status) => status !== 429),
      `within the limit: ${statuses.join(',')}`,
    )
    // The limit is used up across the two: the next attempt is refused on either.
    for (const index of [0, 1] as const) {
      const refused = await signIn(browser, instance(index).base, COORDINATOR, 'wrong')
      assert.equal(refused.status, 429, `instance ${instance(index).name} refuses`)
    }
  })

  it('the account lock-out counts wrong passwords through both instances', async (t) => {
    if (skipUnlessAvailable(t)) return
    const email = 'partner@wandsworth.example'
    // Five wrong passwords, alternating, each from its own address so the rate
    // limit (per address) is not what stops them.
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const wrong = await signIn(
        newBrowser(),
        instance(attempt % 2 === 0 ? 0 : 1).base,
        email,
        'not the password',
      )
      assert.notEqual(wrong.status, 303)
      assert.notEqual(wrong.status, 429)
    }
    const security = await db()
      .selectFrom('account_security')
      .innerJoin('app_user', 'app_user.id', 'account_security.user_id')
      .select(['account_security.failed_attempts', 'account_security.locked_until'])
      .where('app_user.email', '=', email)
      .executeTakeFirstOrThrow()
    assert.equal(Number(security.failed_attempts), 5, 'all five counted, whichever instance')
    assert.ok(security.locked_until !== null, 'the account is locked')
    // The right password is refused on both while locked.
    for (const index of [0, 1] as const) {
      const refused = await signIn(
        newBrowser(),
        instance(index).base,
        email,
        INSTANCE_DEMO_PASSWORD,
      )
      assert.notEqual(refused.status, 303, `locked on ${instance(index).name}`)
    }
  })

  it('each scheduled job runs once and each email is sent once', async (t) => {
    if (skipUnlessAvailable(t)) return
    // Both schedulers tick every second; give them several ticks each.
    const deadline = performance.now() + 30_000
    for (;;) {
      const pending = await db()
        .selectFrom('job')
        .select((eb) => eb.fn.countAll<string | number>().as('count'))
        .where('status', '!=', 'done')
        .executeTakeFirstOrThrow()
      const queued = await db()
        .selectFrom('outbox_message')
        .select((eb) => eb.fn.countAll<string | number>().as('count'))
        .where('status', '!=', 'sent')
        .executeTakeFirstOrThrow()
      const jobs = await db().selectFrom('job').select('id').execute()
      if (jobs.length >= 4 && Number(pending.count) === 0 && Number(queued.count) === 0) break
      assert.ok(performance.now() < deadline, 'the jobs and the outbox finish within 30 s')
      await sleep(500)
    }
    await sleep(3000) // more ticks on both, which must find nothing left to do
    const jobs = await db()
      .selectFrom('job')
      .select(['kind', 'run_key', 'status', 'attempts'])
      .execute()
    const kinds = jobs.map((job) => job.kind).sort()
    assert.deepEqual(
      kinds,
      ['action-reminders', 'signature-reminders', 'statutory-clock-reminders', 'weekly-digests'],
      'one run of each job',
    )
    for (const job of jobs) {
      assert.equal(job.status, 'done', `${job.kind} done`)
      assert.equal(Number(job.attempts), 1, `${job.kind} taken once`)
    }
    const messages = await db()
      .selectFrom('outbox_message')
      .select(['message_id', 'status', 'attempts'])
      .execute()
    assert.ok(messages.length > 0, 'the demo data gives the jobs something to send')
    for (const message of messages) {
      assert.equal(message.status, 'sent')
      assert.equal(Number(message.attempts), 1, 'sent at the first attempt, by one instance')
    }
    const received = smtp!.received.map((mail) => mail.parsed.messageId)
    assert.equal(received.length, messages.length, 'the mail server got each message once')
    assert.equal(new Set(received).size, received.length, 'no message twice')
  })

  it('two people saving one record through different instances: one saves, the other gets a clean conflict', async (t) => {
    if (skipUnlessAvailable(t)) return
    const incident = await db()
      .selectFrom('incident')
      .innerJoin('partnership', 'partnership.id', 'incident.partnership_id')
      .select(['incident.id'])
      .where('partnership.slug', '=', 'wandsworth')
      .where('incident.entered_in_error_at', 'is', null)
      .orderBy('incident.id')
      .executeTakeFirstOrThrow()
    const path = `/manage/incidents/${incident.id}/change/place`
    const [one, two] = [newBrowser(), newBrowser()]
    assert.equal(
      (await signIn(one, instance(0).base, COORDINATOR, INSTANCE_DEMO_PASSWORD)).status,
      303,
    )
    assert.equal(
      (await signIn(two, instance(1).base, COORDINATOR, INSTANCE_DEMO_PASSWORD)).status,
      303,
    )

    // In turn: both open the form, A's save wins, B's stale one is refused.
    const formOnA = await one.get(instance(0).base, path)
    const formOnB = await two.get(instance(1).base, path)
    const first = await one.post(instance(0).base, path, {
      ...hiddenFields(formOnA.body, path),
      place: 'Saved through instance A',
    })
    assert.equal(first.status, 303, first.body.slice(0, 300))
    const second = await two.post(instance(1).base, path, {
      ...hiddenFields(formOnB.body, path),
      place: 'Saved through instance B',
    })
    assert.equal(second.status, 409)
    assert.ok(second.body.includes(CONFLICT_HEADING))
    assert.ok(second.body.includes('Saved through instance A'), 'the saved value is shown')

    // At the same moment: exactly one of the two wins.
    const [againA, againB] = [
      await one.get(instance(0).base, path),
      await two.get(instance(1).base, path),
    ]
    const [saveA, saveB] = await Promise.all([
      one.post(instance(0).base, path, { ...hiddenFields(againA.body, path), place: 'At once A' }),
      two.post(instance(1).base, path, { ...hiddenFields(againB.body, path), place: 'At once B' }),
    ])
    assert.deepEqual([saveA.status, saveB.status].sort(), [303, 409])
    const stored = await db()
      .selectFrom('incident')
      .select('place')
      .where('id', '=', incident.id)
      .executeTakeFirstOrThrow()
    assert.equal(stored.place, saveA.status === 303 ? 'At once A' : 'At once B')
  })

  it('an instance killed with SIGKILL mid-request loses no acknowledged write; the other goes on', async (t) => {
    if (skipUnlessAvailable(t)) return
    const token = await runtime!.services.users.createApiToken(
      COORDINATOR,
      'several instances',
      COMMAND_LINE,
    )
    const victim = instance(1)
    const survivor = instance(0)
    const acknowledged: { id: string; place: string }[] = []
    let killed = false
    let next = 0
    const worker = async () => {
      while (!killed && next < 400) {
        const place = `kill-test-${next}`
        next += 1
        try {
          const response = await fetch(`${victim.base}/api/v1/incidents`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify({
              childPseudonym: 'Child K',
              awareOn: '2023-12-21',
              incidentOn: '2023-12-20',
              harm: 'serious-harm',
              abuseOrNeglect: 'suspected',
              place,
            }),
            signal: AbortSignal.timeout(10_000),
          })
          const body = (await response.json()) as { id?: unknown }
          if (response.status === 201 && typeof body.id === 'string') {
            acknowledged.push({ id: body.id, place })
            if (acknowledged.length >= 40 && !killed) {
              killed = true
              victim.child.kill('SIGKILL')
            }
          }
        } catch {
          // The connection died with the instance: not acknowledged.
        }
      }
    }
    await Promise.all(Array.from({ length: 6 }, worker))
    assert.ok(killed, 'the instance was killed in the middle of the burst')
    await victim.exited
    for (const write of acknowledged) {
      const response = await fetch(`${survivor.base}/api/v1/incidents/${write.id}`, {
        headers: { authorization: `Bearer ${token}` },
      })
      assert.equal(response.status, 200, `acknowledged ${write.place} is there`)
      const body = (await response.json()) as { place?: unknown }
      assert.equal(body.place, write.place)
    }
    const chain = await runtime!.services.verifyAuditTrail()
    assert.ok(chain.ok, 'the audit chain verifies')
    assert.equal((await fetch(`${survivor.base}/readyz`)).status, 200, 'the other instance goes on')
  })
})

/** The hidden fields of the form posting to `action` (its CSRF token and versions). */
function hiddenFields(html: string, action: string): Record<string, string> {
  const form = new RegExp(`<form[^>]*action="${action}"[\\s\\S]*?</form>`).exec(html)?.[0] ?? ''
  const fields: Record<string, string> = {}
  for (const match of form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    fields[decode(match[1] ?? '')] = decode(match[2] ?? '')
  }
  return fields
}

function decode(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
}
