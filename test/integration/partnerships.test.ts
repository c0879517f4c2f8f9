// Many partnerships in one deployment (issue 12): the deployment administrator
// (made on the command line) creates partnerships, their statutory partners'
// agencies and first administrators, on the command line and at
// /manage/partnerships; a person in several partnerships chooses the one they
// work in; each partnership has its own public pages under /p/:slug, where a
// shared review (Child Y, led by Southwark with Wandsworth) appears on both.
import assert from 'node:assert/strict'
import { COMMAND_LINE } from '../../src/services/context.js'
import {
  Browser,
  csrfTokenIn,
  DEMO_PASSWORD,
  describeOnEachDatabase,
  itOnLeg,
  type Harness,
} from './support/app-harness.js'
import { runCli } from './support/cli.js'
import { auditEvents, dbOf, partnershipNamed, userIdOf } from './support/records.js'

const DEPLOYMENT_ADMIN = 'deployment-admin@example.org'
const BOTH = 'both-partnerships@example.org'

async function signedIn(harness: Harness, email: string, password = DEMO_PASSWORD) {
  const browser = new Browser(harness.app)
  const response = await browser.signIn(email, password)
  assert.equal(response.statusCode, 303, `${email} signs in`)
  return browser
}

async function makeDeploymentAdmin(harness: Harness): Promise<void> {
  if (await harness.services.deployment.accountExists(DEPLOYMENT_ADMIN)) return
  await harness.services.deployment.createDeploymentAdministrator(
    { email: DEPLOYMENT_ADMIN, displayName: 'Dana Deployment', password: DEMO_PASSWORD },
    COMMAND_LINE,
  )
}

const NEW_PARTNERSHIP = {
  name: 'Lambeth Safeguarding Children Partnership',
  slug: 'lambeth',
  localAuthority: 'Lambeth Council Children’s Services',
  police: 'Metropolitan Police Service',
  health: 'NHS South East London Integrated Care Board',
  administratorName: 'Lee Lambeth',
  administratorEmail: 'administrator@lambeth.example',
}

describeOnEachDatabase('Many partnerships in one deployment', (h) => {
  itOnLeg(
    'the command line makes a deployment administrator and a partnership, with clear errors',
    async () => {
      const harness = h()
      const databaseUrl = harness.database.url
      const admin = await runCli(
        ['create-deployment-admin', '--email', 'ops@example.org', '--name', 'Olu Operator'],
        { databaseUrl, stdin: 'a long operator passphrase\n' },
      )
      assert.equal(admin.code, 0, admin.stderr)
      assert.match(admin.stdout, /Created account ops@example.org as a deployment administrator/)
      const opsId = await userIdOf(harness, 'ops@example.org')
      assert.equal(await harness.services.deployment.isDeploymentAdministrator(opsId), true)
      const granted = await auditEvents(harness, { action: 'deployment-administrator.granted' })
      assert.equal(granted.at(-1)?.recordId, opsId)
      assert.equal(granted.at(-1)?.actorLabel, 'command line')

      const args = [
        'create-partnership',
        '--name',
        'Croydon Safeguarding Children Partnership',
        '--local-authority',
        'Croydon Council Children’s Services',
        '--police',
        'Metropolitan Police Service',
        '--health',
        'NHS South West London Integrated Care Board',
        '--admin-email',
        'administrator@croydon.example',
        '--admin-name',
        'Cara Croydon',
      ]
      const [badSlug, missing] = await Promise.all([
        runCli([...args, '--slug', 'Croydon!'], { databaseUrl }),
        runCli(['create-partnership', '--name', 'No slug'], { databaseUrl }),
      ])
      assert.equal(badSlug.code, 2)
      assert.match(badSlug.stderr, /slug: The short name must be 1 to 60 lower-case letters/)
      assert.equal(missing.code, 2)
      assert.match(missing.stderr, /--slug is required/)
      assert.equal(
        await dbOf(harness)
          .selectFrom('partnership')
          .select('id')
          .where('name', 'like', 'Croydon%')
          .executeTakeFirst(),
        undefined,
        'nothing is created by a refused command',
      )

      const created = await runCli([...args, '--slug', 'croydon'], {
        databaseUrl,
        stdin: 'croydon administrator passphrase\n',
      })
      assert.equal(created.code, 0, created.stderr)
      assert.match(created.stdout, /Created partnership Croydon Safeguarding Children Partnership/)
      const croydon = await partnershipNamed(harness, 'croydon')
      const agencies = await dbOf(harness)
        .selectFrom('agency')
        .select(['name', 'kind'])
        .where('partnership_id', '=', croydon.id)
        .orderBy('kind')
        .execute()
      assert.deepEqual(
        agencies.map((agency) => agency.kind),
        ['health', 'local-authority', 'police'],
      )
      const croydonAdmin = await signedIn(
        harness,
        'administrator@croydon.example',
        'croydon administrator passphrase',
      )
      assert.equal((await croydonAdmin.get('/manage/users')).statusCode, 200)

      const again = await runCli([...args, '--slug', 'croydon'], { databaseUrl })
      assert.equal(again.code, 2)
      assert.match(again.stderr, /slug: A partnership already has the short name “croydon”/)
    },
  )

  itOnLeg(
    'the deployment administrator lists, creates and views partnerships; nobody else may',
    async () => {
      const harness = h()
      await makeDeploymentAdmin(harness)
      const browser = await signedIn(harness, DEPLOYMENT_ADMIN)
      // No role in any partnership: their work is the list of partnerships.
      const manage = await browser.get('/manage')
      assert.equal(manage.statusCode, 302)
      assert.equal(manage.headers.location, '/manage/partnerships')
      const list = await browser.get('/manage/partnerships')
      assert.equal(list.statusCode, 200)
      assert.match(list.body, /Wandsworth Safeguarding Children Partnership/)
      assert.match(list.body, /Southwark/)
      assert.match(list.body, /app-table-container/)
      // ...and no partnership's records.
      for (const path of ['/manage/incidents', '/manage/reviews', '/manage/actions']) {
        assert.equal((await browser.get(path)).statusCode, 403, path)
      }

      // Mistakes: every message, and what was typed kept.
      const bad = await browser.submit('/manage/partnerships/new', {
        ...NEW_PARTNERSHIP,
        slug: 'wandsworth',
        police: '',
        administratorEmail: 'not-an-email',
      })
      assert.equal(bad.statusCode, 400)
      assert.match(bad.body, /There is a problem/)
      assert.match(bad.body, /A partnership already has the short name “wandsworth”/)
      assert.match(bad.body, /Enter the police force/)
      assert.match(bad.body, /Enter an email address in the correct format/)
      assert.match(bad.body, /value="Lambeth Safeguarding Children Partnership"/)
      assert.match(bad.body, /href="#slug"/)

      const before = (await auditEvents(harness)).length
      const created = await browser.submit('/manage/partnerships/new', NEW_PARTNERSHIP)
      assert.equal(created.statusCode, 200)
      assert.match(created.body, /Lambeth Safeguarding Children Partnership created/)
      const password = /data-testid="temporary-password"><code>([^<]+)<\/code>/.exec(
        created.body,
      )?.[1]
      assert.ok(password, 'a new account’s one-time password is shown')
      const actions = (await auditEvents(harness)).slice(before).map((event) => event.action)
      assert.deepEqual(actions, [
        'partnership.created',
        'agency.created',
        'agency.created',
        'agency.created',
        'user.created',
        'membership.granted',
      ])

      const lambeth = await partnershipNamed(harness, 'lambeth')
      const outline = await browser.get(`/manage/partnerships/${lambeth.id}`)
      assert.equal(outline.statusCode, 200)
      assert.match(outline.body, /Lee Lambeth/)
      assert.match(outline.body, /Metropolitan Police Service/)
      assert.match(outline.body, /href="\/p\/lambeth"/)

      // The new administrator signs in with it and runs Lambeth, and only Lambeth.
      const lee = await signedIn(harness, NEW_PARTNERSHIP.administratorEmail, password)
      assert.equal((await lee.get('/manage')).statusCode, 200)
      assert.equal((await lee.get('/manage/settings/agencies')).statusCode, 200)
      assert.equal((await lee.get('/manage/partnerships')).statusCode, 403)
      const childC = await dbOf(harness)
        .selectFrom('review')
        .select('id')
        .where('slug', '=', 'demo-review-child-c')
        .executeTakeFirstOrThrow()
      assert.equal((await lee.get(`/manage/reviews/${childC.id}`)).statusCode, 404)
      const incident = await dbOf(harness)
        .selectFrom('incident')
        .select('id')
        .executeTakeFirstOrThrow()
      assert.ok([403, 404].includes((await lee.get(`/manage/incidents/${incident.id}`)).statusCode))

      // A partnership's own administrator is not the deployment's.
      const wandsworthAdmin = await signedIn(harness, 'administrator@wandsworth.example')
      assert.equal((await wandsworthAdmin.get('/manage/partnerships')).statusCode, 403)
      assert.equal((await wandsworthAdmin.get('/manage/partnerships/new')).statusCode, 403)
      const page = await wandsworthAdmin.get('/manage')
      const refused = await wandsworthAdmin.post('/manage/partnerships/new', {
        _csrf: csrfTokenIn(page.body),
        ...NEW_PARTNERSHIP,
        slug: 'refused',
      })
      assert.equal(refused.statusCode, 403)
      assert.equal(
        (await wandsworthAdmin.get(`/manage/partnerships/${lambeth.id}`)).statusCode,
        403,
      )
    },
  )

  itOnLeg(
    'someone in two partnerships chooses the one they work in, and acts with its roles only',
    async () => {
      const harness = h()
      const { services } = harness
      for (const [partnershipSlug, role] of [
        ['wandsworth', 'practitioner'],
        ['southwark', 'business-unit'],
      ] as const) {
        await services.users.createUser(
          {
            email: BOTH,
            displayName: 'Sam Both',
            partnershipSlug,
            role,
            password: DEMO_PASSWORD,
          },
          COMMAND_LINE,
        )
      }
      const browser = await signedIn(harness, BOTH)
      const manage = await browser.get('/manage')
      assert.match(manage.body, /Working in <strong>all your partnerships<\/strong>/)
      // All at once: Southwark's business unit reads its (no) incidents, never Wandsworth's.
      assert.equal((await browser.get('/manage/incidents')).statusCode, 200)
      const wandsworthIncident = await dbOf(harness)
        .selectFrom('incident')
        .innerJoin('partnership', 'partnership.id', 'incident.partnership_id')
        .select('incident.id')
        .where('partnership.slug', '=', 'wandsworth')
        .executeTakeFirstOrThrow()
      assert.equal(
        (await browser.get(`/manage/incidents/${wandsworthIncident.id}`)).statusCode,
        404,
      )

      const wandsworth = await partnershipNamed(harness, 'wandsworth')
      const southwark = await partnershipNamed(harness, 'southwark')
      const choice = await browser.get('/manage/partnership-choice')
      assert.equal(choice.statusCode, 200)
      assert.match(choice.body, new RegExp(`value="${wandsworth.id}"`))

      const wrong = await browser.submit('/manage/partnership-choice', { partnership: 'nowhere' })
      assert.equal(wrong.statusCode, 400)
      assert.match(wrong.body, /Select the partnership you are working in/)

      // Working in Wandsworth: a practitioner there, with no incidents to read.
      const toWandsworth = await browser.submit('/manage/partnership-choice', {
        partnership: wandsworth.id,
      })
      assert.equal(toWandsworth.statusCode, 303)
      const inWandsworth = await browser.get('/manage')
      assert.match(
        inWandsworth.body,
        /Working in <strong>Wandsworth Safeguarding Children Partnership/,
      )
      assert.equal((await browser.get('/manage/incidents')).statusCode, 403)
      assert.equal((await browser.get('/manage/actions/new')).statusCode, 403)

      // Working in Southwark: its business unit again.
      await browser.submit('/manage/partnership-choice', { partnership: southwark.id })
      assert.equal((await browser.get('/manage/incidents')).statusCode, 200)
      assert.equal((await browser.get('/manage/actions/new')).statusCode, 200)
      // The shared review (Child Y, led by Southwark with Wandsworth): both see it.
      const childY = await dbOf(harness)
        .selectFrom('review')
        .select('id')
        .where('slug', '=', 'child-y-scr')
        .executeTakeFirstOrThrow()
      const wandsworthCoordinator = await signedIn(harness, 'coordinator@wandsworth.example')
      assert.equal(
        (await wandsworthCoordinator.get(`/manage/reviews/${childY.id}`)).statusCode,
        200,
      )
      assert.equal((await browser.get(`/manage/reviews/${childY.id}`)).statusCode, 200)

      // Someone in one partnership has nothing to choose and no line saying so.
      assert.doesNotMatch((await wandsworthCoordinator.get('/manage')).body, /Working in/)
    },
  )

  itOnLeg(
    'each partnership has public pages at /p/:slug; the shared review is on both',
    async () => {
      const harness = h()
      const { app } = harness
      const get = (url: string) => app.inject({ method: 'GET', url })
      // `/` as before: the configured partnership (PUBLIC_PARTNERSHIP, wandsworth).
      const home = await get('/')
      assert.equal(home.statusCode, 200)
      assert.match(home.body, /Wandsworth Safeguarding Children Partnership/)

      for (const slug of ['wandsworth', 'southwark']) {
        const page = await get(`/p/${slug}`)
        assert.equal(page.statusCode, 200, slug)
        assert.match(page.body, /href="\/reviews\/child-y-scr"/, `Child Y on ${slug}’s page`)
        const list = await get(`/p/${slug}/reviews`)
        assert.equal(list.statusCode, 200)
        assert.match(list.body, /Child Y Serious Case Review/)
        // No partnership to choose on its own list.
        assert.doesNotMatch(list.body, /id="partnership"/)
        const feed = await get(`/p/${slug}/reviews.atom`)
        assert.equal(feed.statusCode, 200)
        assert.match(feed.body, /\/reviews\/child-y-scr/)
        assert.match(feed.body, new RegExp(`/p/${slug}/reviews.atom`))
      }
      // Southwark's pages hold only the reviews it led or took part in.
      const southwarkList = await get('/p/southwark/reviews')
      assert.doesNotMatch(southwarkList.body, /Baby Eliza/)
      assert.match((await get('/p/wandsworth/reviews')).body, /Baby Eliza/)
      // Asking its list for another partnership's reviews changes nothing.
      assert.doesNotMatch(
        (await get('/p/southwark/reviews?partnership=wandsworth')).body,
        /Baby Eliza/,
      )
      const search = await get('/p/southwark/search?q=child')
      assert.equal(search.statusCode, 200)
      assert.doesNotMatch(search.body, /baby-eliza-scr/)
      assert.match(search.body, /action="\/p\/southwark\/search"/)

      assert.equal((await get('/p/nowhere')).statusCode, 404)
      assert.equal((await get('/p/nowhere/reviews')).statusCode, 404)
      assert.equal((await get('/p/Not%20A%20Slug')).statusCode, 404)

      const sitemap = await get('/sitemap.xml')
      assert.match(sitemap.body, /\/p\/southwark\/reviews/)

      // Without a configured partnership, `/` lists them (several) or shows the only one.
      const siteHome = await harness.services.publicLearning.siteHome(null)
      assert.equal(siteHome.kind, 'list')
      assert.ok(
        siteHome.kind === 'list' && siteHome.partnerships.some((p) => p.slug === 'southwark'),
      )
      const unknown = await harness.services.publicLearning.siteHome('no-such-partnership')
      assert.equal(unknown.kind, 'list')
    },
  )
})
