// What keeps the record honest and the service operable: the hash-chained audit
// trail, bearer tokens for the API, the command line, and restarts.
import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { startRuntime } from '../../src/bootstrap.js'
import { migrateToLatest } from '../../src/data/migrations/index.js'
import type { AuditEventTable } from '../../src/data/schema.js'
import { COMMAND_LINE } from '../../src/services/context.js'
import { buildApp } from '../../src/web/app.js'
import {
  Browser,
  DEMO_PASSWORD,
  describeOnEachDatabase,
  itOnLeg,
  type Harness,
} from './support/app-harness.js'
import { runCli } from './support/cli.js'
import {
  auditEvents,
  countRows,
  dbOf,
  insertUserWithoutMembership,
  lastAuditSequence,
  partnershipNamed,
  sha256,
  userIdOf,
} from './support/records.js'
import { testClock, testNow } from '../support/test-clock.js'

const COORDINATOR = 'coordinator@wandsworth.example'
const AGENCY_LEAD = 'agency-lead@wandsworth.example'

interface ApiErrors {
  errors: { field: string; message: string }[]
}

async function me(harness: Harness, authorization?: string) {
  return harness.app.inject({
    method: 'GET',
    url: '/api/v1/me',
    headers: authorization === undefined ? {} : { authorization },
  })
}

/** Lets the test alter audit rows, as someone with direct database access could. */
async function dropAppendOnlyTriggers(harness: Harness): Promise<void> {
  const db = dbOf(harness)
  if (harness.dialect === 'postgres') {
    await sql`drop trigger if exists audit_event_no_update_or_delete on audit_event`.execute(db)
    await sql`drop trigger if exists audit_event_no_truncate on audit_event`.execute(db)
  } else {
    await sql`drop trigger if exists audit_event_no_update`.execute(db)
    await sql`drop trigger if exists audit_event_no_delete`.execute(db)
  }
}

async function auditRow(harness: Harness, sequence: number): Promise<AuditEventTable> {
  const row = await dbOf(harness)
    .selectFrom('audit_event')
    .selectAll()
    .where('sequence', '=', sequence)
    .executeTakeFirstOrThrow()
  return { ...row, sequence: Number(row.sequence) }
}

describeOnEachDatabase('Audit trail, API tokens, command line and restarts', (h) => {
  itOnLeg('keeps an intact hash chain through demo data, sign-ins and sign-outs', async () => {
    const harness = h()
    const { app, services } = harness
    const browser = new Browser(app)
    assert.equal((await browser.signIn(COORDINATOR)).statusCode, 303)
    assert.equal((await new Browser(app).signIn(COORDINATOR, 'wrong password!')).statusCode, 401)
    assert.equal((await new Browser(app).signIn('nobody@example.org')).statusCode, 401)
    const manage = await browser.get('/manage')
    const token = /name="_csrf" value="([^"]+)"/.exec(manage.body)?.[1] ?? ''
    assert.equal((await browser.post('/sign-out', { _csrf: token })).statusCode, 303)

    const total = await countRows(harness, 'audit_event')
    assert.deepEqual(await services.verifyAuditTrail(), { ok: true, checked: total })

    // Sequences run 1..n without gaps, each event pointing at the one before.
    const rows = await dbOf(harness)
      .selectFrom('audit_event')
      .selectAll()
      .orderBy('sequence')
      .execute()
    rows.forEach((row, index) => {
      assert.equal(Number(row.sequence), index + 1)
      assert.equal(row.previous_hash, index === 0 ? 'genesis' : rows[index - 1]?.hash)
    })
    const actions = rows.map((row) => row.action)
    for (const action of ['sign-in.succeeded', 'sign-in.failed', 'sign-out']) {
      assert.ok(actions.includes(action), action)
    }
  })

  itOnLeg('keeps the chain intact when audited actions happen at the same moment', async () => {
    const harness = h()
    const { services } = harness
    const actor = await services.auth.actorFor(await userIdOf(harness, COORDINATOR))
    assert.ok(actor)
    const before = await lastAuditSequence(harness)
    // Sign-ins and sign-outs are audited outside any other transaction; several
    // at once must still each take their own link of the chain.
    await Promise.all([
      ...Array.from({ length: 6 }, () => services.auth.recordSignOut(actor)),
      ...Array.from({ length: 3 }, () => services.auth.signIn(COORDINATOR, 'wrong password!')),
    ])
    assert.equal(await lastAuditSequence(harness), before + 9)
    assert.deepEqual(await services.verifyAuditTrail(), {
      ok: true,
      checked: await countRows(harness, 'audit_event'),
    })
  })

  itOnLeg('records an audit event for every record the demo data created', async () => {
    const harness = h()
    const count = async (action: string) => (await auditEvents(harness, { action })).length
    assert.equal(await count('partnership.created'), await countRows(harness, 'partnership'))
    assert.equal(await count('review.created'), await countRows(harness, 'review'))
    assert.equal(await count('user.created'), await countRows(harness, 'app_user'))
    assert.equal(await count('membership.granted'), await countRows(harness, 'membership'))
    const review = (await auditEvents(harness, { action: 'review.created' })).find(
      (event) => (event.summary as { after: { slug: string } }).after.slug === 'baby-eliza-scr',
    )
    assert.deepEqual(review?.summary, {
      after: { slug: 'baby-eliza-scr', learningPoints: 7, recommendations: 0 },
    })
    assert.equal(review.actorLabel, 'demo data loader')
  })

  itOnLeg('writes a change and its audit event together or not at all', async () => {
    const harness = h()
    const { services } = harness
    const db = dbOf(harness)
    const actor = await services.auth.actorFor(await userIdOf(harness, COORDINATOR))
    const wandsworth = await partnershipNamed(harness, 'wandsworth')
    const usersBefore = await countRows(harness, 'app_user')
    const tokensBefore = await countRows(harness, 'api_token')
    const auditBefore = await lastAuditSequence(harness)

    // Hide the chain head, so the audit write fails after the change was made.
    await db.updateTable('audit_chain_head').set({ id: 2 }).where('id', '=', 1).execute()
    try {
      await assert.rejects(
        services.partnerships.rename(actor, wandsworth.id, wandsworth.version, 'Never saved'),
      )
      await assert.rejects(
        services.users.createUser(
          {
            email: 'never-created@wandsworth.example',
            displayName: 'Never Created',
            partnershipSlug: 'wandsworth',
            role: 'practitioner',
            password: DEMO_PASSWORD,
          },
          COMMAND_LINE,
        ),
      )
      await assert.rejects(services.users.createApiToken(COORDINATOR, 'never', COMMAND_LINE))
    } finally {
      await db.updateTable('audit_chain_head').set({ id: 1 }).where('id', '=', 2).execute()
    }
    assert.deepEqual(await partnershipNamed(harness, 'wandsworth'), wandsworth)
    assert.equal(await countRows(harness, 'app_user'), usersBefore)
    assert.equal(await countRows(harness, 'api_token'), tokensBefore)
    assert.equal(await lastAuditSequence(harness), auditBefore)
    assert.equal((await services.verifyAuditTrail()).ok, true)
  })

  itOnLeg('has a database that refuses to change or remove audit events', async () => {
    const harness = h()
    const db = dbOf(harness)
    const before = await auditRow(harness, 2)
    const total = await countRows(harness, 'audit_event')
    await assert.rejects(
      sql`update audit_event set summary = ${'{}'} where sequence = 2`.execute(db),
      /append-only/,
    )
    await assert.rejects(
      db.updateTable('audit_event').set({ actor_label: 'someone else' }).execute(),
      /append-only/,
    )
    await assert.rejects(sql`delete from audit_event where sequence = 2`.execute(db), /append-only/)
    await assert.rejects(db.deleteFrom('audit_event').execute(), /append-only/)
    if (harness.dialect === 'postgres') {
      await assert.rejects(sql`truncate audit_event`.execute(db), /append-only/)
    }
    assert.deepEqual(await auditRow(harness, 2), before)
    assert.equal(await countRows(harness, 'audit_event'), total)
    assert.equal((await harness.services.verifyAuditTrail()).ok, true)
  })

  itOnLeg('answers /api/v1/me only to a valid, unrevoked bearer token', async () => {
    const harness = h()
    const { services } = harness
    const db = dbOf(harness)

    const anonymous = await me(harness)
    assert.equal(anonymous.statusCode, 401)
    assert.equal(anonymous.headers['www-authenticate'], 'Bearer')
    assert.deepEqual(anonymous.json<ApiErrors>(), {
      errors: [{ field: 'authorization', message: 'A valid bearer token is required' }],
    })

    const token = await services.users.createApiToken(COORDINATOR, 'integration test', COMMAND_LINE)
    const answer = await me(harness, `Bearer ${token}`)
    assert.equal(answer.statusCode, 200)
    assert.equal(answer.headers['set-cookie'], undefined, 'the API keeps no session')
    assert.deepEqual(answer.json(), {
      userId: await userIdOf(harness, COORDINATOR),
      displayName: 'Demo Coordinator',
      memberships: [{ partnership: 'wandsworth', role: 'business-unit', agencyId: null }],
    })

    // Only a hash of the token is kept; the token itself is shown once.
    const stored = await db.selectFrom('api_token').selectAll().execute()
    const row = stored.find((candidate) => candidate.token_hash === sha256(token))
    assert.ok(row)
    assert.equal(row.label, 'integration test')
    assert.ok(row.last_used_at, 'use is recorded')
    for (const candidate of stored) {
      assert.notEqual(candidate.token_hash, token)
      assert.ok(!candidate.token_hash.includes(token) && !candidate.label.includes(token))
    }
    const created = await auditEvents(harness, { action: 'api-token.created' })
    assert.ok(created.some((event) => event.recordId === row.id))
    assert.doesNotMatch(JSON.stringify(created), new RegExp(token))

    const agencyLeadToken = await services.users.createApiToken(AGENCY_LEAD, 'lead', COMMAND_LINE)
    const agencyLead = (await me(harness, `Bearer ${agencyLeadToken}`)).json<{
      memberships: { partnership: string; role: string; agencyId: string | null }[]
    }>()
    assert.equal(agencyLead.memberships[0]?.role, 'agency-lead')
    assert.ok(agencyLead.memberships[0]?.agencyId)

    for (const authorization of [
      `Bearer spr_${'A'.repeat(43)}`,
      `Bearer ${token}x`,
      `bearer${token}`,
      `Basic ${Buffer.from(`${COORDINATOR}:${DEMO_PASSWORD}`).toString('base64')}`,
      'Bearer ',
    ]) {
      const response = await me(harness, authorization)
      assert.equal(response.statusCode, 401, authorization)
      assert.equal(response.json<ApiErrors>().errors[0]?.field, 'authorization')
    }

    // A signed-in browser's session cookie is not an API credential.
    const browser = new Browser(harness.app)
    await browser.signIn(COORDINATOR)
    const cookie = browser.cookieNamed('session') ?? ''
    const withCookie = await harness.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { cookie: `session=${cookie}` },
    })
    assert.equal(withCookie.statusCode, 401)

    await db
      .updateTable('api_token')
      .set({ revoked_at: testNow().toISOString() })
      .where('id', '=', row.id)
      .execute()
    assert.equal((await me(harness, `Bearer ${token}`)).statusCode, 401, 'revoked')

    // An account with no role has no use of the API.
    await insertUserWithoutMembership(harness, 'api-no-role@wandsworth.example')
    const noRoleToken = await services.users.createApiToken(
      'api-no-role@wandsworth.example',
      'no role',
      COMMAND_LINE,
    )
    const refused = await me(harness, `Bearer ${noRoleToken}`)
    assert.equal(refused.statusCode, 403)
    assert.equal(refused.json<ApiErrors>().errors.length, 1)

    // Disabling an account stops its tokens at once.
    const leadId = await userIdOf(harness, AGENCY_LEAD)
    await db.updateTable('app_user').set({ is_active: 0 }).where('id', '=', leadId).execute()
    try {
      assert.equal((await me(harness, `Bearer ${agencyLeadToken}`)).statusCode, 401)
    } finally {
      await db.updateTable('app_user').set({ is_active: 1 }).where('id', '=', leadId).execute()
    }
  })

  itOnLeg('CLI create-user reads the password from standard input', async () => {
    const harness = h()
    const email = 'new.reviewer@wandsworth.example'
    const password = 'a long enough password from stdin'
    const result = await runCli(
      [
        'create-user',
        '--email',
        email,
        '--name',
        'New Reviewer',
        '--partnership',
        'wandsworth',
        '--role',
        'reviewer',
      ],
      { databaseUrl: harness.database.url, stdin: `${password}\n` },
    )
    assert.equal(result.code, 0, result.stderr)
    assert.equal(result.stdout.trim(), `Created account ${email} as reviewer in wandsworth.`)
    assert.doesNotMatch(result.stdout + result.stderr, new RegExp(password))

    // The account works in the running app at once.
    const browser = new Browser(harness.app)
    assert.equal((await browser.signIn(email, password)).statusCode, 303)
    assert.match((await browser.get('/manage')).body, /Independent reviewer/)
    const userId = await userIdOf(harness, email)
    const created = (await auditEvents(harness, { action: 'user.created' })).find(
      (event) => event.recordId === userId,
    )
    assert.equal(created?.actorLabel, 'command line')
    assert.equal(created.actorUserId, null)
  })

  itOnLeg(
    'CLI create-user refuses a short password: exit 2, a clear message, nothing created',
    async () => {
      const harness = h()
      const email = 'short.password@wandsworth.example'
      const usersBefore = await countRows(harness, 'app_user')
      const auditBefore = await lastAuditSequence(harness)
      const [result, missing] = await Promise.all([
        runCli(
          [
            'create-user',
            '--email',
            email,
            '--name',
            'Short Password',
            '--partnership',
            'wandsworth',
            '--role',
            'practitioner',
          ],
          { databaseUrl: harness.database.url, stdin: 'too-short\n' },
        ),
        runCli(['create-user', '--email', email], { databaseUrl: harness.database.url }),
      ])
      assert.equal(result.code, 2)
      assert.match(result.stderr, /password: Password must be 12 characters or more/)
      assert.equal(await countRows(harness, 'app_user'), usersBefore)
      assert.equal(await lastAuditSequence(harness), auditBefore)
      assert.equal((await new Browser(harness.app).signIn(email, 'too-short')).statusCode, 401)
      assert.equal(missing.code, 2)
      assert.match(missing.stderr, /--name is required/)
    },
  )

  itOnLeg('CLI create-token prints a token that works against the API', async () => {
    const harness = h()
    const databaseUrl = harness.database.url
    const [result, unknown] = await Promise.all([
      runCli(['create-token', '--email', COORDINATOR, '--label', 'from the CLI'], { databaseUrl }),
      runCli(['create-token', '--email', 'nobody@example.org'], { databaseUrl }),
    ])
    assert.equal(result.code, 0, result.stderr)
    const token = result.stdout.trim()
    assert.match(token, /^spr_[A-Za-z0-9_-]{43}$/)
    const answer = await me(harness, `Bearer ${token}`)
    assert.equal(answer.statusCode, 200)
    assert.equal(answer.json<{ displayName: string }>().displayName, 'Demo Coordinator')
    const row = await dbOf(harness)
      .selectFrom('api_token')
      .selectAll()
      .where('label', '=', 'from the CLI')
      .executeTakeFirstOrThrow()
    assert.equal(row.token_hash, sha256(token))
    assert.notEqual(row.token_hash, token)
    assert.equal(unknown.code, 2)
    assert.match(unknown.stderr, /There is no active account with that email address/)
  })

  itOnLeg('CLI verify-audit, migrate and seed-demo run against the live database', async () => {
    const harness = h()
    const databaseUrl = harness.database.url
    const reviews = await countRows(harness, 'review')
    const [verify, migrate, seed] = await Promise.all([
      runCli(['verify-audit'], { databaseUrl }),
      runCli(['migrate'], { databaseUrl }),
      runCli(['seed-demo'], { databaseUrl }),
    ])
    assert.equal(verify.code, 0, verify.stderr)
    assert.match(verify.stdout, /^Audit trail intact: \d+ events checked\.$/m)
    assert.equal(migrate.code, 0, migrate.stderr)
    assert.equal(migrate.stdout.trim(), 'Database is up to date.')
    assert.equal(seed.code, 0, seed.stderr)
    assert.equal(
      seed.stdout.trim(),
      'Demo data loaded: 0 partnerships, 0 published reviews, 0 accounts, 0 incidents, 0 rapid reviews, 0 reviews in progress, 0 actions, 0 seven-minute briefings added.',
    )
    assert.equal(await countRows(harness, 'review'), reviews)
  })

  itOnLeg(
    'CLI answers an unknown command or option with exit 2, without opening a database',
    async () => {
      const folder = mkdtempSync(join(tmpdir(), 'spr-cli-'))
      try {
        const databaseFile = join(folder, 'never', 'created.sqlite')
        const databaseUrl = `file:${databaseFile}`
        const [unknownCommand, unknownOption, noCommand] = await Promise.all([
          runCli(['frobnicate'], { databaseUrl }),
          runCli(['verify-audit', '--frobnicate'], { databaseUrl }),
          runCli([], { databaseUrl }),
        ])
        assert.equal(unknownCommand.code, 2)
        assert.match(unknownCommand.stderr, /Unknown command "frobnicate"/)
        assert.match(unknownCommand.stderr, /Usage: npm run cli/)
        assert.equal(unknownOption.code, 2)
        assert.match(unknownOption.stderr, /--frobnicate/)
        assert.match(unknownOption.stderr, /Usage: npm run cli/)
        assert.equal(noCommand.code, 2)
        assert.match(noCommand.stdout, /Usage: npm run cli/)
        assert.equal(existsSync(databaseFile), false, 'a mistyped command touches no database')
      } finally {
        rmSync(folder, { recursive: true, force: true })
      }
    },
  )

  itOnLeg('keeps data, sessions and the audit chain across a restart', async () => {
    const harness = h()
    const counts = async () => ({
      partnership: await countRows(harness, 'partnership'),
      agency: await countRows(harness, 'agency'),
      review: await countRows(harness, 'review'),
      learningPoint: await countRows(harness, 'learning_point'),
      recommendation: await countRows(harness, 'recommendation'),
      contentSection: await countRows(harness, 'content_section'),
      user: await countRows(harness, 'app_user'),
      membership: await countRows(harness, 'membership'),
    })
    const before = await counts()
    assert.ok(before.review >= 3 && before.learningPoint >= 12 && before.recommendation >= 6)
    const browser = new Browser(harness.app)
    assert.equal((await browser.signIn(COORDINATOR)).statusCode, 303)

    // A second start on the same database, as after a deployment.
    const second = await startRuntime(harness.config, { migrate: true, now: testClock })
    try {
      assert.deepEqual(await migrateToLatest(second.database.db), [], 'nothing left to migrate')
      assert.deepEqual(await second.services.loadDemoData(DEMO_PASSWORD), {
        partnerships: 0,
        reviews: 0,
        users: 0,
        incidents: 0,
        rapidReviews: 0,
        reviewsInProgress: 0,
        actions: 0,
        briefings: 0,
        themeTags: 0,
        learningEvents: 0,
      })
      assert.deepEqual(await counts(), before, 'demo data not duplicated')
      assert.equal((await second.services.verifyAuditTrail()).ok, true)

      const app = await buildApp({
        config: harness.config,
        services: second.services,
        isDatabaseReachable: () => second.database.isReachable(),
        logger: false,
      })
      try {
        const home = await app.inject({ method: 'GET', url: '/' })
        assert.equal(home.statusCode, 200)
        assert.match(home.body, /Baby Eliza Serious Case Review/)
        // Sessions live in the database: still signed in after the restart.
        const manage = await app.inject({
          method: 'GET',
          url: '/manage',
          headers: { cookie: `session=${browser.cookieNamed('session') ?? ''}` },
        })
        assert.equal(manage.statusCode, 200)
        assert.match(manage.body, /You are signed in as Demo Coordinator\./)
      } finally {
        await app.close()
      }
    } finally {
      await second.close()
    }
  })

  // Last in this block: it removes the append-only triggers of this leg's database.
  itOnLeg('detects an edited, a removed and a truncated audit trail', async () => {
    const harness = h()
    const { services } = harness
    const db = dbOf(harness)
    await dropAppendOnlyTriggers(harness)
    const total = await countRows(harness, 'audit_event')
    assert.ok(total > 10)

    // An edited summary: the event no longer matches its hash.
    const original = await auditRow(harness, 5)
    await db
      .updateTable('audit_event')
      .set({ summary: JSON.stringify({ after: { name: 'Something else' } }) })
      .where('sequence', '=', 5)
      .execute()
    const edited = await services.verifyAuditTrail()
    assert.ok(!edited.ok, 'an edited event is detected')
    assert.equal(edited.brokenAtSequence, 5)
    assert.equal(edited.checked, 4)
    assert.match(edited.reason, /does not match its hash/)
    const cli = await runCli(['verify-audit'], { databaseUrl: harness.database.url })
    assert.equal(cli.code, 1)
    assert.match(cli.stderr, /Audit trail broken at event 5: .*4 events before it are intact\./)
    await db
      .updateTable('audit_event')
      .set({ summary: original.summary })
      .where('sequence', '=', 5)
      .execute()
    assert.deepEqual(await services.verifyAuditTrail(), { ok: true, checked: total })

    // A removed event in the middle: the next one points at a missing link.
    const seventh = await auditRow(harness, 7)
    await db.deleteFrom('audit_event').where('sequence', '=', 7).execute()
    const removed = await services.verifyAuditTrail()
    assert.ok(!removed.ok)
    assert.equal(removed.brokenAtSequence, 8)
    assert.match(removed.reason, /event 7 is missing/)
    await db.insertInto('audit_event').values(seventh).execute()
    assert.deepEqual(await services.verifyAuditTrail(), { ok: true, checked: total })

    // The newest events removed: no later link breaks, but the chain head knows.
    const newest = await db
      .selectFrom('audit_event')
      .selectAll()
      .where('sequence', '>', total - 2)
      .execute()
    await db
      .deleteFrom('audit_event')
      .where('sequence', '>', total - 2)
      .execute()
    const truncated = await services.verifyAuditTrail()
    assert.ok(!truncated.ok, 'removing the newest events is detected')
    assert.equal(truncated.brokenAtSequence, total - 1)
    await db.insertInto('audit_event').values(newest).execute()
    assert.deepEqual(await services.verifyAuditTrail(), { ok: true, checked: total })

    // Everything removed at once.
    const all = await db.selectFrom('audit_event').selectAll().execute()
    if (harness.dialect === 'postgres') {
      await sql`truncate audit_event`.execute(db)
    } else {
      await db.deleteFrom('audit_event').execute()
    }
    const emptied = await services.verifyAuditTrail()
    assert.ok(!emptied.ok, 'an emptied audit trail is detected')
    assert.equal(emptied.brokenAtSequence, 1)
    await db.insertInto('audit_event').values(all).execute()
    assert.deepEqual(await services.verifyAuditTrail(), { ok: true, checked: total })
  })
})
