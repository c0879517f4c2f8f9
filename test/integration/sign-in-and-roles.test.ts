// Staff sign-in, sessions, CSRF, roles, and the first staff form: renaming a
// partnership with optimistic locking and an audit record.
import assert from 'node:assert/strict'
import type { FastifyInstance } from 'fastify'
import { COMMAND_LINE } from '../../src/services/context.js'
import {
  Browser,
  DEMO_PASSWORD,
  csrfTokenIn,
  describeOnEachDatabase,
  itOnLeg,
  type Harness,
} from './support/app-harness.js'
import { errorSummaryOf, headingOf, inlineErrorsOf, textOf, titleOf } from './support/html.js'
import {
  auditEvents,
  dbOf,
  insertUserWithoutMembership,
  lastAuditSequence,
  partnershipNamed,
  sessionIdOf,
  sha256,
  userIdOf,
} from './support/records.js'
import { testNow } from '../support/test-clock.js'

const COORDINATOR = 'coordinator@wandsworth.example'
const ADMINISTRATOR = 'administrator@wandsworth.example'
const PRACTITIONER = 'practitioner@wandsworth.example'
const SOUTHWARK_COORDINATOR = 'coordinator@southwark.example'
const PARTNER_EMAIL = 'partner@wandsworth.example'

async function signedInSessionCount(harness: Harness): Promise<number> {
  const rows = await dbOf(harness)
    .selectFrom('user_session')
    .select('user_id')
    .where('user_id', 'is not', null)
    .execute()
  return rows.length
}

async function signedIn(app: FastifyInstance, email: string): Promise<Browser> {
  const browser = new Browser(app)
  const response = await browser.signIn(email)
  assert.equal(response.statusCode, 303, `${email} signs in`)
  return browser
}

describeOnEachDatabase('Sign-in, sessions and roles', (h) => {
  itOnLeg(
    'shows the sign-in form with a CSRF token in an HttpOnly, SameSite=Lax session',
    async () => {
      const { app } = h()
      const response = await app.inject({ method: 'GET', url: '/sign-in' })
      assert.equal(response.statusCode, 200)
      assert.equal(headingOf(response.body), 'Sign in')
      assert.ok(csrfTokenIn(response.body).length >= 20)
      assert.match(response.body, /<form method="post" action="\/sign-in" novalidate>/)
      assert.match(response.body, /name="email"/)
      assert.match(
        response.body,
        /name="password"[^>]*autocomplete="current-password"|autocomplete="current-password"[^>]*name="password"/,
      )
      const cookie = response.cookies.find((candidate) => candidate.name === 'session')
      assert.ok(cookie, 'the token is bound to a session')
      assert.equal(cookie.httpOnly, true)
      assert.equal(cookie.sameSite, 'Lax')
      assert.equal(cookie.path, '/')
      assert.notEqual(cookie.secure, true, 'not Secure unless SECURE_COOKIES is set')
    },
  )

  itOnLeg('signs in: 303 to /manage, a new session id, stored only as a hash', async () => {
    const harness = h()
    const { app } = harness
    const browser = new Browser(app)
    const form = await browser.get('/sign-in')
    const before = browser.cookieNamed('session')
    assert.ok(before)

    const response = await browser.post('/sign-in', {
      _csrf: csrfTokenIn(form.body),
      email: 'Coordinator@Wandsworth.example ',
      password: DEMO_PASSWORD,
    })
    assert.equal(response.statusCode, 303)
    assert.equal(response.headers.location, '/manage')
    const cookie = response.cookies.find((candidate) => candidate.name === 'session')
    assert.ok(cookie)
    assert.equal(cookie.httpOnly, true)
    assert.equal(cookie.sameSite, 'Lax')
    const after = browser.cookieNamed('session')
    assert.ok(after)
    assert.notEqual(sessionIdOf(after), sessionIdOf(before), 'session id rotated at sign-in')

    const manage = await browser.get('/manage')
    assert.equal(manage.statusCode, 200)
    assert.equal(headingOf(manage.body), 'Manage')
    const text = textOf(manage.body)
    assert.match(text, /You are signed in as Demo Coordinator\./)
    assert.match(text, /Wandsworth Safeguarding Children Partnership Business unit coordinator/)
    assert.match(text, /Sign out/)

    const userId = await userIdOf(harness, COORDINATOR)
    const sessions = await dbOf(harness).selectFrom('user_session').selectAll().execute()
    const afterId = sessionIdOf(after)
    const stored = sessions.find((row) => row.session_hash === sha256(afterId))
    assert.ok(stored, 'the session is stored under the hash of its id')
    assert.equal(stored.user_id, userId)
    assert.ok(Date.parse(stored.expires_at) > testNow().getTime())
    assert.equal(
      sessions.find((row) => row.session_hash === sha256(sessionIdOf(before))),
      undefined,
      'the pre-sign-in session was destroyed',
    )
    for (const row of sessions) {
      assert.ok(!row.session_hash.includes(afterId) && !row.data.includes(afterId), 'no raw id')
      assert.notEqual(row.session_hash, after)
    }
    const succeeded = await auditEvents(harness, { action: 'sign-in.succeeded' })
    assert.ok(succeeded.some((event) => event.actorUserId === userId && event.recordId === userId))
  })

  itOnLeg('signs out: the session is gone and its cookie no longer opens /manage', async () => {
    const harness = h()
    const { app } = harness
    const browser = await signedIn(app, PARTNER_EMAIL)
    const cookie = browser.cookieNamed('session')
    const manage = await browser.get('/manage')
    assert.equal(manage.statusCode, 200)
    assert.match(manage.body, /<form method="post" action="\/sign-out"/)

    const signOut = await browser.post('/sign-out', { _csrf: csrfTokenIn(manage.body) })
    assert.equal(signOut.statusCode, 303)
    assert.equal(signOut.headers.location, '/')
    const stored = await dbOf(harness)
      .selectFrom('user_session')
      .select('session_hash')
      .where('session_hash', '=', sha256(sessionIdOf(cookie)))
      .execute()
    assert.deepEqual(stored, [])

    const again = await browser.get('/manage')
    assert.equal(again.statusCode, 302)
    assert.equal(again.headers.location, '/sign-in')
    // Replaying the old cookie (say, copied before sign-out) does not work either.
    const replay = new Browser(app)
    replay.setCookie('session', cookie ?? '')
    const replayed = await replay.get('/manage')
    assert.equal(replayed.statusCode, 302)
    assert.equal(replayed.headers.location, '/sign-in')

    const userId = await userIdOf(harness, PARTNER_EMAIL)
    const signOuts = await auditEvents(harness, { action: 'sign-out' })
    assert.ok(signOuts.some((event) => event.actorUserId === userId))
  })

  itOnLeg('sends the public to sign in from staff pages', async () => {
    const harness = h()
    const wandsworth = await partnershipNamed(harness, 'wandsworth')
    for (const url of ['/manage', `/manage/partnerships/${wandsworth.id}`]) {
      const response = await harness.app.inject({ method: 'GET', url })
      assert.equal(response.statusCode, 302, url)
      assert.equal(response.headers.location, '/sign-in', url)
    }
  })

  itOnLeg('gives a wrong password and an unknown email the same 401 answer', async () => {
    const harness = h()
    const { app } = harness
    const signedInSessions = await signedInSessionCount(harness)
    const auditBefore = await lastAuditSequence(harness)

    const wrongPassword = await new Browser(app).signIn(COORDINATOR, 'not-the-right-password')
    const unknownEmail = await new Browser(app).signIn('nobody@wandsworth.example', DEMO_PASSWORD)
    for (const response of [wrongPassword, unknownEmail]) {
      assert.equal(response.statusCode, 401)
      assert.equal(titleOf(response.body), 'Error: Sign in – Safeguarding practice reviews')
      assert.deepEqual(errorSummaryOf(response.body), {
        title: 'There is a problem',
        items: [{ text: 'Enter a correct email address and password', href: '#email' }],
      })
      assert.equal(response.headers.location, undefined)
    }
    // Same words whichever part was wrong: nothing tells which accounts exist.
    assert.deepEqual(errorSummaryOf(wrongPassword.body), errorSummaryOf(unknownEmail.body))
    assert.deepEqual(inlineErrorsOf(wrongPassword.body), inlineErrorsOf(unknownEmail.body))
    // The email is kept for correcting; the password is never sent back.
    assert.match(unknownEmail.body, /value="nobody@wandsworth.example"/)
    assert.doesNotMatch(wrongPassword.body, /not-the-right-password/)
    assert.doesNotMatch(unknownEmail.body, new RegExp(DEMO_PASSWORD))

    assert.equal(await signedInSessionCount(harness), signedInSessions, 'no one was signed in')
    const failures = await auditEvents(harness, { afterSequence: auditBefore })
    assert.deepEqual(
      failures.map((event) => event.action),
      ['sign-in.failed', 'sign-in.failed'],
    )
    assert.equal(failures[0]?.actorUserId, await userIdOf(harness, COORDINATOR))
    assert.equal(failures[1]?.actorLabel, 'unknown account')
    // A mistyped email might be someone's password: it is not recorded.
    assert.doesNotMatch(JSON.stringify(failures), /nobody@wandsworth/)
  })

  itOnLeg('asks for both fields when the form is empty, with 400', async () => {
    const { app } = h()
    const response = await new Browser(app).submit('/sign-in', { email: '', password: '' })
    assert.equal(response.statusCode, 400)
    assert.deepEqual(errorSummaryOf(response.body), {
      title: 'There is a problem',
      items: [
        { text: 'Enter your email address', href: '#email' },
        { text: 'Enter your password', href: '#password' },
      ],
    })
    assert.deepEqual(inlineErrorsOf(response.body).sort(), [
      'email: Enter your email address',
      'password: Enter your password',
    ])
    assert.match(titleOf(response.body), /^Error: Sign in/)

    const badFormat = await new Browser(app).submit('/sign-in', {
      email: 'not-an-email',
      password: 'something long enough',
    })
    assert.equal(badFormat.statusCode, 400)
    assert.deepEqual(errorSummaryOf(badFormat.body)?.items, [
      {
        text: 'Enter an email address in the correct format, like name@example.org',
        href: '#email',
      },
    ])
  })

  itOnLeg(
    'refuses a form without, or with a wrong, CSRF token: 403 and nothing changes',
    async () => {
      const harness = h()
      const { app } = harness
      const auditBefore = await lastAuditSequence(harness)
      const signedInSessions = await signedInSessionCount(harness)

      const attempts: [
        string,
        (browser: Browser) => Promise<Awaited<ReturnType<Browser['post']>>>,
      ][] = [
        [
          'no token',
          (browser) => browser.post('/sign-in', { email: COORDINATOR, password: DEMO_PASSWORD }),
        ],
        [
          'a made-up token',
          (browser) =>
            browser.post('/sign-in', {
              _csrf: 'forged-token-value',
              email: COORDINATOR,
              password: DEMO_PASSWORD,
            }),
        ],
        [
          'another session’s token',
          async (browser) => {
            const other = await new Browser(app).get('/sign-in')
            return browser.post('/sign-in', {
              _csrf: csrfTokenIn(other.body),
              email: COORDINATOR,
              password: DEMO_PASSWORD,
            })
          },
        ],
      ]
      for (const [name, attempt] of attempts) {
        const browser = new Browser(app)
        await browser.get('/sign-in')
        const response = await attempt(browser)
        assert.equal(response.statusCode, 403, name)
        assert.equal(headingOf(response.body), 'This form has expired', name)
        assert.match(textOf(response.body), /Nothing was saved\./, name)
        assert.equal((await browser.get('/manage')).statusCode, 302, `${name}: not signed in`)
      }
      // A cookieless cross-site post is refused the same way.
      const cookieless = await app.inject({
        method: 'POST',
        url: '/sign-in',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ email: COORDINATOR, password: DEMO_PASSWORD }).toString(),
      })
      assert.equal(cookieless.statusCode, 403)

      // Not even a failed sign-in was tried, and no one was signed in.
      assert.equal(await lastAuditSequence(harness), auditBefore)
      assert.equal(await signedInSessionCount(harness), signedInSessions)

      // Signing out needs the token too: a forged sign-out leaves the session alone.
      const browser = await signedIn(app, COORDINATOR)
      const forged = await browser.post('/sign-out', { _csrf: 'forged-token-value' })
      assert.equal(forged.statusCode, 403)
      assert.equal((await browser.get('/manage')).statusCode, 200)
    },
  )

  itOnLeg('lets a person with no role sign in but not open /manage', async () => {
    const harness = h()
    const { app } = harness
    const email = 'no-role@wandsworth.example'
    await insertUserWithoutMembership(harness, email)
    const browser = await signedIn(app, email)
    const wandsworth = await partnershipNamed(harness, 'wandsworth')
    for (const url of ['/manage', `/manage/partnerships/${wandsworth.id}`]) {
      const response = await browser.get(url)
      assert.equal(response.statusCode, 403, url)
      assert.equal(headingOf(response.body), 'You do not have permission to view this page')
      assert.match(textOf(response.body), /ask your partnership’s administrator/)
      // The navigation offers no staff area to someone who cannot use it.
      assert.doesNotMatch(response.body, /href="\/manage"/)
    }
  })

  itOnLeg('ends the session of an account that was disabled since sign-in', async () => {
    const harness = h()
    const { app, services } = harness
    const email = 'soon-disabled@wandsworth.example'
    await services.users.createUser(
      {
        email,
        displayName: 'Soon Disabled',
        partnershipSlug: 'wandsworth',
        role: 'practitioner',
        password: DEMO_PASSWORD,
      },
      COMMAND_LINE,
    )
    const browser = await signedIn(app, email)
    assert.equal((await browser.get('/manage')).statusCode, 200)
    const userId = await userIdOf(harness, email)
    await dbOf(harness)
      .updateTable('app_user')
      .set({ is_active: 0 })
      .where('id', '=', userId)
      .execute()

    const response = await browser.get('/manage')
    assert.equal(response.statusCode, 302)
    assert.equal(response.headers.location, '/sign-in')
    const left = await dbOf(harness)
      .selectFrom('user_session')
      .select('session_hash')
      .where('user_id', '=', userId)
      .execute()
    assert.deepEqual(left, [])
    assert.equal((await new Browser(app).signIn(email)).statusCode, 401)
  })

  itOnLeg(
    'lets the Wandsworth coordinator rename Wandsworth, with a version and an audit record',
    async () => {
      const harness = h()
      const { app, services } = harness
      const before = await partnershipNamed(harness, 'wandsworth')
      const browser = await signedIn(app, COORDINATOR)

      const manage = await browser.get('/manage')
      assert.match(manage.body, new RegExp(`href="/manage/partnerships/${before.id}"`))
      const form = await browser.get(`/manage/partnerships/${before.id}`)
      assert.equal(form.statusCode, 200)
      assert.equal(headingOf(form.body), 'Partnership name')
      assert.match(form.body, new RegExp(`name="version" value="${before.version}"`))
      assert.match(form.body, /value="Wandsworth Safeguarding Children Partnership"/)

      const auditBefore = await lastAuditSequence(harness)
      const saved = await browser.post(`/manage/partnerships/${before.id}`, {
        _csrf: csrfTokenIn(form.body),
        version: String(before.version),
        name: '  Wandsworth Children’s Partnership  ',
      })
      assert.equal(saved.statusCode, 303)
      assert.equal(saved.headers.location, '/manage')

      const after = await partnershipNamed(harness, 'wandsworth')
      assert.equal(after.name, 'Wandsworth Children’s Partnership')
      assert.equal(after.version, before.version + 1)

      const events = await auditEvents(harness, { afterSequence: auditBefore })
      assert.deepEqual(
        events.map((event) => event.action),
        ['partnership.updated'],
      )
      assert.deepEqual(events[0], {
        sequence: auditBefore + 1,
        action: 'partnership.updated',
        actorUserId: await userIdOf(harness, COORDINATOR),
        actorLabel: 'Demo Coordinator',
        recordType: 'partnership',
        recordId: before.id,
        partnershipId: before.id,
        summary: {
          before: { name: 'Wandsworth Safeguarding Children Partnership', version: before.version },
          after: { name: 'Wandsworth Children’s Partnership', version: before.version + 1 },
        },
      })
      assert.deepEqual((await services.verifyAuditTrail()).ok, true)

      // The new name is what staff and the public now see.
      assert.match(textOf((await browser.get('/manage')).body), /Wandsworth Children’s Partnership/)
      assert.match(
        (await app.inject({ method: 'GET', url: '/' })).body,
        /<span class="govuk-caption-l">Wandsworth Children’s Partnership<\/span>/,
      )
    },
  )

  itOnLeg('refuses a practitioner and another partnership’s coordinator with 403', async () => {
    const harness = h()
    const { app } = harness
    const wandsworth = await partnershipNamed(harness, 'wandsworth')
    const southwark = await partnershipNamed(harness, 'southwark')
    const url = `/manage/partnerships/${wandsworth.id}`

    const practitioner = await signedIn(app, PRACTITIONER)
    const practitionerHome = await practitioner.get('/manage')
    assert.equal(practitionerHome.statusCode, 200)
    assert.match(textOf(practitionerHome.body), /Practitioner/)
    assert.doesNotMatch(practitionerHome.body, /href="\/manage\/partnerships\//, 'no Change link')

    const southwarkCoordinator = await signedIn(app, SOUTHWARK_COORDINATOR)
    const ownForm = await southwarkCoordinator.get(`/manage/partnerships/${southwark.id}`)
    assert.equal(ownForm.statusCode, 200, 'may edit their own partnership')

    for (const [who, browser] of [
      ['practitioner', practitioner],
      ['Southwark coordinator', southwarkCoordinator],
    ] as const) {
      const page = await browser.get(url)
      assert.equal(page.statusCode, 403, who)
      assert.equal(headingOf(page.body), 'You do not have permission to view this page')
      const token = csrfTokenIn((await browser.get('/manage')).body)
      const post = await browser.post(url, {
        _csrf: token,
        version: String(wandsworth.version),
        name: `Renamed by the ${who}`,
      })
      assert.equal(post.statusCode, 403, who)
    }
    assert.deepEqual(await partnershipNamed(harness, 'wandsworth'), wandsworth)
  })

  itOnLeg(
    're-renders the rename form with an error summary for an empty or long name',
    async () => {
      const harness = h()
      const { app } = harness
      const before = await partnershipNamed(harness, 'wandsworth')
      const browser = await signedIn(app, COORDINATOR)
      const url = `/manage/partnerships/${before.id}`
      const auditBefore = await lastAuditSequence(harness)

      for (const [name, message] of [
        ['', 'Enter the partnership’s name'],
        ['   ', 'Enter the partnership’s name'],
        ['x'.repeat(121), 'Partnership name must be 120 characters or fewer'],
      ] as const) {
        const response = await browser.submit(url, { version: String(before.version), name })
        assert.equal(response.statusCode, 400)
        assert.match(titleOf(response.body), /^Error: Partnership name/)
        assert.deepEqual(errorSummaryOf(response.body), {
          title: 'There is a problem',
          items: [{ text: message, href: '#name' }],
        })
        assert.deepEqual(inlineErrorsOf(response.body), [`name: ${message}`])
        // The form keeps the version it was loaded with, so a retry is still checked.
        assert.match(response.body, new RegExp(`name="version" value="${before.version}"`))
      }
      const incomplete = await browser.submit(url, { name: 'No version field' })
      assert.equal(incomplete.statusCode, 400)
      assert.equal(headingOf(incomplete.body), 'There is a problem with what you sent')

      const forged = await browser.post(url, {
        _csrf: 'forged-token-value',
        version: String(before.version),
        name: 'Forged name',
      })
      assert.equal(forged.statusCode, 403)
      assert.equal(headingOf(forged.body), 'This form has expired')

      assert.equal((await browser.get('/manage/partnerships/not-a-uuid')).statusCode, 404)
      assert.deepEqual(await partnershipNamed(harness, 'wandsworth'), before)
      assert.equal(await lastAuditSequence(harness), auditBefore)
    },
  )

  itOnLeg('refuses a stale edit with 409 and keeps the newer name', async () => {
    const harness = h()
    const { app } = harness
    const before = await partnershipNamed(harness, 'wandsworth')
    const url = `/manage/partnerships/${before.id}`
    const coordinator = await signedIn(app, COORDINATOR)
    const administrator = await signedIn(app, ADMINISTRATOR)
    // Both open the form at the same version.
    const coordinatorForm = await coordinator.get(url)
    const administratorForm = await administrator.get(url)

    const first = await coordinator.post(url, {
      _csrf: csrfTokenIn(coordinatorForm.body),
      version: String(before.version),
      name: 'Saved first',
    })
    assert.equal(first.statusCode, 303)
    const auditAfterFirst = await lastAuditSequence(harness)

    const stale = await administrator.post(url, {
      _csrf: csrfTokenIn(administratorForm.body),
      version: String(before.version),
      name: 'Saved second, from a stale form',
    })
    assert.equal(stale.statusCode, 409)
    assert.equal(headingOf(stale.body), 'This record was changed by someone else')
    assert.match(textOf(stale.body), /Your changes have not been saved\./)

    // Resending the first, now stale, form is refused too.
    const resent = await coordinator.post(url, {
      _csrf: csrfTokenIn(coordinatorForm.body),
      version: String(before.version),
      name: 'Saved first, twice',
    })
    assert.equal(resent.statusCode, 409)

    const after = await partnershipNamed(harness, 'wandsworth')
    assert.equal(after.name, 'Saved first')
    assert.equal(after.version, before.version + 1)
    assert.equal(
      await lastAuditSequence(harness),
      auditAfterFirst,
      'refused edits are not audited as changes',
    )

    // Reloading gives the new version, and saving from it works.
    const reloaded = await administrator.get(url)
    assert.match(reloaded.body, new RegExp(`name="version" value="${after.version}"`))
    const retried = await administrator.post(url, {
      _csrf: csrfTokenIn(reloaded.body),
      version: String(after.version),
      name: 'Saved second, after reloading',
    })
    assert.equal(retried.statusCode, 303)
    assert.equal((await partnershipNamed(harness, 'wandsworth')).version, before.version + 2)
  })
})
