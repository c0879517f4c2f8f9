// Agency action plans (issue 4: "Agency leads see and change only their own
// agency's actions, wherever the review that created them lives"). The demo
// Child Y review was led by Southwark; its actions belong to Wandsworth Council
// Children's Services, whose lead (agency-lead@wandsworth.example) sees and
// updates them and nothing else. Business units assign; business units and
// partners assure or send back (issue 10, see action-assurance.test.ts); a
// restricted review's actions follow its access list.
import assert from 'node:assert/strict'
import { describeOnEachDatabase, itOnLeg, type Harness } from './support/app-harness.js'
import { conflictListsOf } from './support/forms.js'
import { errorSummaryOf, textOf } from './support/html.js'
import {
  ADMINISTRATOR,
  COORDINATOR,
  ESCAPED_SCRIPT,
  PARTNER,
  PRACTITIONER,
  SCRIPT,
  SOUTHWARK_COORDINATOR,
  api,
  apiToken,
  auditSummaries,
  dateFields,
  dbOf,
  idFromLocation,
  signedIn,
  versionIn,
} from './support/incident-helpers.js'
import { actorFor } from './support/route-walk.js'
import { addCalendarDays } from '../../src/domain/calendar/calendar-date.js'
import { COMMAND_LINE } from '../../src/services/context.js'

const AGENCY_LEAD = 'agency-lead@wandsworth.example'
const POLICE_LEAD = 'police-lead@wandsworth.example'
const REVIEWER = 'reviewer@wandsworth.example'

async function reviewIdOf(harness: Harness, slug: string): Promise<string> {
  const row = await dbOf(harness)
    .selectFrom('review')
    .select('id')
    .where('slug', '=', slug)
    .executeTakeFirstOrThrow()
  return row.id
}

async function agencyIdOf(harness: Harness, name: string): Promise<string> {
  const row = await dbOf(harness)
    .selectFrom('agency')
    .select('id')
    .where('name', '=', name)
    .executeTakeFirstOrThrow()
  return row.id
}

/** The demo actions, by review slug, with their agency's name. */
async function demoActions(harness: Harness) {
  return dbOf(harness)
    .selectFrom('action')
    .innerJoin('review', 'review.id', 'action.review_id')
    .innerJoin('agency', 'agency.id', 'action.agency_id')
    .select(['action.id', 'review.slug', 'agency.name', 'action.status', 'action.description'])
    .orderBy('action.due_on')
    .execute()
}

/** Action ids linked from a page. */
function actionLinksIn(html: string): string[] {
  return [...html.matchAll(/href="\/manage\/actions\/([0-9a-f-]{36})"/g)].map((m) => m[1] ?? '')
}

async function countUpdates(harness: Harness, actionId: string): Promise<number> {
  const row = await dbOf(harness)
    .selectFrom('action_update')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('action_id', '=', actionId)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/** A fresh action on Child Y's first learning point for an agency, assigned by the Southwark business unit. */
async function newChildYAction(harness: Harness, agencyName: string, description: string) {
  const reviewId = await reviewIdOf(harness, 'child-y-scr')
  const southwark = await actorFor(harness, SOUTHWARK_COORDINATOR)
  const options = await harness.services.actionPlans.newActionOptions(southwark, reviewId)
  const source = options.sources[0]!
  const { id } = await harness.services.actionPlans.create(southwark, reviewId, {
    source: `${source.kind}:${source.id}`,
    agencyId: await agencyIdOf(harness, agencyName),
    description,
    dueOn: addCalendarDays(harness.services.calendar.today(), 30),
  })
  return id
}

async function ensurePoliceLead(harness: Harness): Promise<void> {
  const exists = await dbOf(harness)
    .selectFrom('app_user')
    .select('id')
    .where('email', '=', POLICE_LEAD)
    .executeTakeFirst()
  if (exists) return
  await harness.services.users.createUser(
    {
      email: POLICE_LEAD,
      displayName: 'Police Agency Lead',
      partnershipSlug: 'wandsworth',
      role: 'agency-lead',
      password: 'integration-test-password',
      agencyName: 'Metropolitan Police Service, South West basic command unit',
    },
    COMMAND_LINE,
  )
}

describeOnEachDatabase('Agency action plans', (harness) => {
  itOnLeg(
    'an agency lead sees their own agency’s actions, including those of a review another partnership led, and nothing else',
    async () => {
      const all = await demoActions(harness())
      const own = all.filter((action) => action.name === "Wandsworth Council Children's Services")
      const others = all.filter(
        (action) => action.name !== "Wandsworth Council Children's Services",
      )
      assert.ok(
        own.some((action) => action.slug === 'child-y-scr'),
        'a Southwark-led review’s action',
      )
      assert.ok(others.length > 0, 'the demo has another agency’s action')

      const lead = await signedIn(harness().app, AGENCY_LEAD)
      const list = await lead.get('/manage/actions')
      assert.equal(list.statusCode, 200)
      assert.deepEqual(new Set(actionLinksIn(list.body)), new Set(own.map((action) => action.id)))
      assert.match(
        textOf(list.body),
        /Child Y Serious Case Review \(Southwark Safeguarding Children Partnership\)/,
      )

      for (const other of others) {
        assert.equal(
          (await lead.get(`/manage/actions/${other.id}`)).statusCode,
          404,
          'not told it exists',
        )
      }
      const open = own.find((action) => action.status !== 'assured')!
      const page = await lead.get(`/manage/actions/${open.id}`)
      assert.equal(page.statusCode, 200)
      assert.match(page.body, /Add a progress update/)
      // The lead reads the learning, not the review: no link to a review page they cannot open.
      assert.doesNotMatch(page.body, /href="\/manage\/reviews\//)
    },
  )

  itOnLeg(
    'the lead reports progress on the Southwark-led review’s action: saved, audited, shown; assuring is not theirs',
    async () => {
      const id = await newChildYAction(
        harness(),
        "Wandsworth Council Children's Services",
        'Audit placement notifications',
      )
      const lead = await signedIn(harness().app, AGENCY_LEAD)
      const page = await lead.get(`/manage/actions/${id}`)
      assert.doesNotMatch(page.body, /value="assured"/, 'no assurance choice for the agency')

      const saved = await lead.submit(
        `/manage/actions/${id}`,
        {
          version: versionIn(page.body),
          status: 'in-progress',
          note: 'First audit done: 9 of 10 notified.',
        },
        `/manage/actions/${id}/updates`,
      )
      assert.equal(saved.statusCode, 303)
      assert.equal(saved.headers.location, `/manage/actions/${id}`)
      const after = await lead.get(`/manage/actions/${id}`)
      assert.match(textOf(after.body), /First audit done: 9 of 10 notified\./)
      assert.match(textOf(after.body), /Demo Agency Lead/)
      const audit = await auditSummaries(harness(), id)
      assert.deepEqual(
        audit.map((event) => event.action),
        ['action.created', 'action.updated'],
      )
      assert.match(audit[1]!.summary, /"before":\{"status":"not-started"/)

      // A hand-made post cannot assure either.
      const refused = await lead.submit(
        `/manage/actions/${id}`,
        { version: versionIn(after.body), status: 'assured', note: 'Assuring myself' },
        `/manage/actions/${id}/updates`,
      )
      assert.equal(refused.statusCode, 400)
      assert.deepEqual(
        errorSummaryOf(refused.body)?.items.map((item) => item.href),
        ['#status'],
      )
      assert.equal(await countUpdates(harness(), id), 1, 'nothing stored')
    },
  )

  itOnLeg('another agency’s lead cannot see or change it, even by posting directly', async () => {
    await ensurePoliceLead(harness())
    const id = await newChildYAction(
      harness(),
      "Wandsworth Council Children's Services",
      'Children’s services only',
    )
    const policeId = await newChildYAction(
      harness(),
      'Metropolitan Police Service, South West basic command unit',
      'Police only',
    )
    const police = await signedIn(harness().app, POLICE_LEAD)
    const list = await police.get('/manage/actions')
    assert.ok(actionLinksIn(list.body).includes(policeId))
    assert.ok(!actionLinksIn(list.body).includes(id))
    assert.equal((await police.get(`/manage/actions/${id}`)).statusCode, 404)
    const own = await police.get(`/manage/actions/${policeId}`)
    const posted = await police.post(`/manage/actions/${id}/updates`, {
      _csrf: /name="_csrf" value="([^"]+)"/.exec(own.body)![1]!,
      version: '1',
      status: 'completed',
      note: 'Not ours',
    })
    assert.equal(posted.statusCode, 404)
    assert.equal(await countUpdates(harness(), id), 0)
  })

  itOnLeg(
    'business units: the lead partnership’s and the agency’s partnership’s assure and send back; administrators only read; practitioners and reviewers are refused',
    async () => {
      const id = await newChildYAction(
        harness(),
        "Wandsworth Council Children's Services",
        'Train team managers on placement notifications',
      )
      const lead = await signedIn(harness().app, AGENCY_LEAD)
      const leadPage = await lead.get(`/manage/actions/${id}`)
      assert.equal(
        (
          await lead.submit(
            `/manage/actions/${id}`,
            {
              version: versionIn(leadPage.body),
              status: 'completed',
              note: 'All managers trained.',
              evidenceLink: 'https://intranet.example.org/training-records',
            },
            `/manage/actions/${id}/updates`,
          )
        ).statusCode,
        303,
      )

      // Assuring is its own button and page (issues 8 and 10), not a status in an update.
      const southwark = await signedIn(harness().app, SOUTHWARK_COORDINATOR)
      const page = await southwark.get(`/manage/actions/${id}`)
      assert.doesNotMatch(page.body, /value="assured"/)
      assert.match(page.body, new RegExp(`href="/manage/actions/${id}/assure"`))
      const assurePage = await southwark.get(`/manage/actions/${id}/assure`)
      assert.equal(assurePage.statusCode, 200)
      assert.match(textOf(assurePage.body), /Assure this action/)
      const recheckOn = addCalendarDays(harness().services.calendar.today(), 180)
      const assured = await southwark.submit(
        `/manage/actions/${id}/assure`,
        {
          version: versionIn(assurePage.body),
          impact: 'Placement notifications now arrive on time.',
          checked: 'Training records seen.',
          ...dateFields('recheckOn', recheckOn),
        },
        `/manage/actions/${id}/assure`,
      )
      assert.equal(assured.statusCode, 303)
      const audit = await auditSummaries(harness(), id)
      assert.equal(audit.at(-1)?.action, 'action.assured')
      const banner = await southwark.get(`/manage/actions/${id}`)
      assert.match(textOf(banner.body), /Action assured/, 'a success banner, once')
      assert.match(textOf(banner.body), /Training records seen\./)
      assert.doesNotMatch(
        textOf((await southwark.get(`/manage/actions/${id}`)).body),
        /Action assured/,
      )

      // Assured: locked for the agency, with a message saying who can send it back;
      // the agency cannot open the send-back page, nor post to it.
      const locked = await lead.get(`/manage/actions/${id}`)
      assert.doesNotMatch(locked.body, /Add a progress update/)
      assert.doesNotMatch(locked.body, /Send back to the agency/)
      assert.match(textOf(locked.body), /the business unit or a partner sends it back/)
      assert.equal((await lead.get(`/manage/actions/${id}/send-back`)).statusCode, 403)
      const leadSendBack = await lead.post(`/manage/actions/${id}/send-back`, {
        _csrf: /name="_csrf" value="([^"]+)"/.exec(locked.body)![1]!,
        version: String(
          (
            await dbOf(harness())
              .selectFrom('action')
              .select('version')
              .where('id', '=', id)
              .executeTakeFirstOrThrow()
          ).version,
        ),
        reason: 'Sending back myself',
      })
      assert.equal(leadSendBack.statusCode, 403)

      // Wandsworth's business unit (the agency's partnership) can send it back, with a reason.
      const wandsworth = await signedIn(harness().app, COORDINATOR)
      const wandsworthPage = await wandsworth.get(`/manage/actions/${id}`)
      assert.match(wandsworthPage.body, new RegExp(`href="/manage/actions/${id}/send-back"`))
      const sendBackPage = await wandsworth.get(`/manage/actions/${id}/send-back`)
      const noReason = await wandsworth.submit(
        `/manage/actions/${id}/send-back`,
        { version: versionIn(sendBackPage.body), reason: ' ' },
        `/manage/actions/${id}/send-back`,
      )
      assert.equal(noReason.statusCode, 400)
      assert.match(textOf(noReason.body), /Enter why the action is sent back/)
      const sentBack = await wandsworth.submit(
        `/manage/actions/${id}/send-back`,
        { version: versionIn(sendBackPage.body), reason: 'The re-audit found gaps.' },
        `/manage/actions/${id}/send-back`,
      )
      assert.equal(sentBack.statusCode, 303)
      assert.equal((await auditSummaries(harness(), id)).at(-1)?.action, 'action.sent-back')
      assert.match(textOf((await lead.get(`/manage/actions/${id}`)).body), /Add a progress update/)

      // A partner's delegate reads it and may assure or send back, but never reports progress.
      const partner = await signedIn(harness().app, PARTNER)
      const partnerPage = await partner.get(`/manage/actions/${id}`)
      assert.equal(partnerPage.statusCode, 200)
      assert.doesNotMatch(partnerPage.body, /Add a progress update/)
      const administrator = await signedIn(harness().app, ADMINISTRATOR)
      const adminPage = await administrator.get(`/manage/actions/${id}`)
      assert.equal(adminPage.statusCode, 200)
      assert.doesNotMatch(adminPage.body, /Add a progress update|Assure this action|Send back/)
      for (const email of [PRACTITIONER, REVIEWER]) {
        const refused = await signedIn(harness().app, email)
        assert.equal((await refused.get('/manage/actions')).statusCode, 403, email)
        assert.equal((await refused.get(`/manage/actions/${id}`)).statusCode, 404, email)
      }
      const anonymous = await harness().app.inject({ method: 'GET', url: '/manage/actions' })
      assert.equal(anonymous.statusCode, 302)
    },
  )

  itOnLeg(
    'assigning: every problem at once and nothing stored; then the action, audited, for the agency’s lead only',
    async () => {
      const coordinator = await signedIn(harness().app, COORDINATOR)
      const choose = await coordinator.get('/manage/actions/new')
      assert.equal(choose.statusCode, 200)
      const childA = await reviewIdOf(harness(), 'child-a-scr')
      assert.match(choose.body, new RegExp(`/manage/reviews/${childA}/actions/new`))

      const formUrl = `/manage/reviews/${childA}/actions/new`
      const before = (await demoActions(harness())).length
      const empty = await coordinator.submit(
        formUrl,
        { source: '', agencyId: '', description: '', ...dateFields('dueOn', '2020-01-01') },
        `/manage/reviews/${childA}/actions`,
      )
      assert.equal(empty.statusCode, 400)
      assert.deepEqual(
        errorSummaryOf(empty.body)?.items.map((item) => item.href),
        ['#source', '#agencyId', '#description', '#dueOn-day'],
      )
      assert.equal((await demoActions(harness())).length, before)

      const form = await coordinator.get(formUrl)
      const source = /name="source" type="radio" value="([^"]+)"/.exec(form.body)?.[1]
      assert.ok(source, 'the recommendations are offered')
      const police = await agencyIdOf(
        harness(),
        'Metropolitan Police Service, South West basic command unit',
      )
      const due = addCalendarDays(harness().services.calendar.today(), 60)
      const created = await coordinator.submit(
        formUrl,
        {
          source,
          agencyId: police,
          description: `Brief officers ${SCRIPT}`,
          ...dateFields('dueOn', due),
        },
        `/manage/reviews/${childA}/actions`,
      )
      const id = idFromLocation(created, '/manage/actions/')
      const page = await coordinator.get(`/manage/actions/${id}`)
      assert.ok(page.body.includes(`Brief officers ${ESCAPED_SCRIPT}`), 'escaped')
      assert.ok(!page.body.includes(SCRIPT))
      assert.deepEqual(
        (await auditSummaries(harness(), id)).map((event) => event.action),
        ['action.created'],
      )

      await ensurePoliceLead(harness())
      const policeLead = await signedIn(harness().app, POLICE_LEAD)
      assert.equal((await policeLead.get(`/manage/actions/${id}`)).statusCode, 200)
      const childrensLead = await signedIn(harness().app, AGENCY_LEAD)
      assert.equal((await childrensLead.get(`/manage/actions/${id}`)).statusCode, 404)
      // Agency leads report progress; assigning is the business unit's.
      assert.equal((await childrensLead.get('/manage/actions/new')).statusCode, 403)
    },
  )

  itOnLeg(
    'a participating partnership assigns only to its own agencies; another partnership’s review is not found',
    async () => {
      const childY = await reviewIdOf(harness(), 'child-y-scr')
      const wandsworth = await actorFor(harness(), COORDINATOR)
      const options = await harness().services.actionPlans.newActionOptions(wandsworth, childY)
      assert.ok(options.agencies.length > 0)
      assert.ok(options.agencies.every((agency) => agency.partnershipName.startsWith('Wandsworth')))
      const southwarkAgency = await agencyIdOf(harness(), 'Southwark Council Children’s Services')
      const coordinator = await signedIn(harness().app, COORDINATOR)
      const form = await coordinator.get(`/manage/reviews/${childY}/actions/new`)
      const source = /name="source" type="radio" value="([^"]+)"/.exec(form.body)![1]!
      const refused = await coordinator.submit(
        `/manage/reviews/${childY}/actions/new`,
        {
          source,
          agencyId: southwarkAgency,
          description: 'Not ours to assign',
          ...dateFields('dueOn', addCalendarDays(harness().services.calendar.today(), 5)),
        },
        `/manage/reviews/${childY}/actions`,
      )
      assert.equal(refused.statusCode, 400)
      assert.deepEqual(
        errorSummaryOf(refused.body)?.items.map((item) => item.href),
        ['#agencyId'],
      )

      const southwark = await signedIn(harness().app, SOUTHWARK_COORDINATOR)
      const childA = await reviewIdOf(harness(), 'child-a-scr')
      assert.equal((await southwark.get(`/manage/reviews/${childA}/actions/new`)).statusCode, 404)
    },
  )

  itOnLeg(
    'two people update at once: the second sees both versions and nothing is overwritten',
    async () => {
      const id = await newChildYAction(
        harness(),
        "Wandsworth Council Children's Services",
        'Concurrent edit',
      )
      const lead = await signedIn(harness().app, AGENCY_LEAD)
      const coordinator = await signedIn(harness().app, SOUTHWARK_COORDINATOR)
      const leadPage = await lead.get(`/manage/actions/${id}`)
      const coordinatorPage = await coordinator.get(`/manage/actions/${id}`)
      assert.equal(
        (
          await lead.submit(
            `/manage/actions/${id}`,
            {
              version: versionIn(leadPage.body),
              status: 'completed',
              note: 'Done by the agency',
              evidenceLink: 'https://intranet.example.org/audit',
            },
            `/manage/actions/${id}/updates`,
          )
        ).statusCode,
        303,
      )
      const conflict = await coordinator.post(`/manage/actions/${id}/updates`, {
        _csrf: /name="_csrf" value="([^"]+)"/.exec(coordinatorPage.body)![1]!,
        version: versionIn(coordinatorPage.body),
        status: 'in-progress',
        note: 'Chasing the agency',
      })
      assert.equal(conflict.statusCode, 409)
      const lists = conflictListsOf(conflict.body)
      assert.equal(lists.yours.Status, 'In progress')
      assert.equal(lists.saved.Status, 'Completed')
      assert.equal(lists.saved['Latest update'], 'Done by the agency')
      assert.equal(await countUpdates(harness(), id), 1)
    },
  )

  itOnLeg(
    'a restricted review’s actions: the owning agency’s lead keeps theirs; staff off the access list no longer see them',
    async () => {
      const id = await newChildYAction(
        harness(),
        "Wandsworth Council Children's Services",
        'Restricted review action',
      )
      const childY = await reviewIdOf(harness(), 'child-y-scr')
      const southwark = await actorFor(harness(), SOUTHWARK_COORDINATOR)
      const review = await harness().services.recordAccess.page(southwark, 'review', childY)
      await harness().services.recordAccess.setRestricted(
        southwark,
        'review',
        childY,
        review.version,
        'yes',
      )
      try {
        // Given the action to do, the agency's lead needs to know it.
        const lead = await signedIn(harness().app, AGENCY_LEAD)
        assert.ok(actionLinksIn((await lead.get('/manage/actions')).body).includes(id))
        assert.equal((await lead.get(`/manage/actions/${id}`)).statusCode, 200)

        // Wandsworth's staff are off the list: the action is gone for them, as the review is.
        for (const email of [COORDINATOR, PARTNER, ADMINISTRATOR]) {
          const staff = await signedIn(harness().app, email)
          assert.ok(!actionLinksIn((await staff.get('/manage/actions')).body).includes(id), email)
          assert.equal((await staff.get(`/manage/actions/${id}`)).statusCode, 404, email)
        }
        // The business unit that restricted it is on the list.
        const onList = await signedIn(harness().app, SOUTHWARK_COORDINATOR)
        assert.equal((await onList.get(`/manage/actions/${id}`)).statusCode, 200)
      } finally {
        const now = await harness().services.recordAccess.page(southwark, 'review', childY)
        await harness().services.recordAccess.setRestricted(
          southwark,
          'review',
          childY,
          now.version,
          'no',
        )
      }
    },
  )

  itOnLeg(
    'an administrator of the review’s partnership opens a restricted review’s action, and it is audited',
    async () => {
      const childA = await reviewIdOf(harness(), 'child-a-scr')
      const coordinator = await actorFor(harness(), COORDINATOR)
      const options = await harness().services.actionPlans.newActionOptions(coordinator, childA)
      const { id } = await harness().services.actionPlans.create(coordinator, childA, {
        source: `${options.sources[0]!.kind}:${options.sources[0]!.id}`,
        agencyId: await agencyIdOf(harness(), 'Wandsworth schools and colleges'),
        description: 'Brief designated safeguarding leads',
        dueOn: addCalendarDays(harness().services.calendar.today(), 20),
      })
      const review = await harness().services.recordAccess.page(coordinator, 'review', childA)
      await harness().services.recordAccess.setRestricted(
        coordinator,
        'review',
        childA,
        review.version,
        'yes',
      )
      try {
        const administrator = await signedIn(harness().app, ADMINISTRATOR)
        // Not in the administrator's list: they open it on purpose, and that is recorded.
        assert.ok(!actionLinksIn((await administrator.get('/manage/actions')).body).includes(id))
        assert.equal((await administrator.get(`/manage/actions/${id}`)).statusCode, 200)
        const events = await auditSummaries(harness(), id)
        assert.equal(events.at(-1)?.action, 'restricted-record.viewed')
        const partner = await signedIn(harness().app, PARTNER)
        assert.equal((await partner.get(`/manage/actions/${id}`)).statusCode, 404)
      } finally {
        const now = await harness().services.recordAccess.page(coordinator, 'review', childA)
        await harness().services.recordAccess.setRestricted(
          coordinator,
          'review',
          childA,
          now.version,
          'no',
        )
      }
    },
  )
})

describeOnEachDatabase('Agency action plans over the API', (harness) => {
  itOnLeg(
    'an agency lead’s token lists and updates only their own agency’s actions; the same rules and errors as the pages',
    async () => {
      const token = await apiToken(harness(), AGENCY_LEAD)
      const all = await demoActions(harness())
      const own = all.filter((action) => action.name === "Wandsworth Council Children's Services")
      const other = all.find((action) => action.name !== "Wandsworth Council Children's Services")!

      const list = await api(harness().app, token, 'GET', '/api/v1/actions')
      assert.equal(list.statusCode, 200, list.body)
      const listed = list.json<{ actions: { id: string; agency: { name: string } }[] }>().actions
      assert.deepEqual(
        new Set(listed.map((action) => action.id)),
        new Set(own.map((action) => action.id)),
      )
      assert.equal(
        (await api(harness().app, token, 'GET', `/api/v1/actions/${other.id}`)).statusCode,
        404,
      )
      assert.equal(
        (await api(harness().app, token, 'GET', '/api/v1/actions?status=nonsense')).statusCode,
        400,
      )

      const id = await newChildYAction(
        harness(),
        "Wandsworth Council Children's Services",
        'API action',
      )
      const one = await api(harness().app, token, 'GET', `/api/v1/actions/${id}`)
      const action = one.json<{ version: number; statusChoices: string[] }>()
      assert.deepEqual(action.statusChoices, ['not-started', 'in-progress', 'completed'])

      const updated = await api(harness().app, token, 'POST', `/api/v1/actions/${id}/updates`, {
        version: action.version,
        status: 'completed',
        note: 'Done, evidence in our audit.',
        evidenceLinks: ['https://intranet.example.org/audit-report'],
      })
      assert.equal(updated.statusCode, 201, updated.body)
      const completed = updated.json<{
        status: string
        evidence: { kind: string; url: string }[]
      }>()
      assert.equal(completed.status, 'completed')
      assert.deepEqual(
        completed.evidence.map((item) => [item.kind, item.url]),
        [['link', 'https://intranet.example.org/audit-report']],
      )

      const stale = await api(harness().app, token, 'POST', `/api/v1/actions/${id}/updates`, {
        version: action.version,
        status: 'in-progress',
        note: 'Stale',
      })
      assert.equal(stale.statusCode, 409)
      const signOff = await api(harness().app, token, 'POST', `/api/v1/actions/${id}/updates`, {
        version: action.version + 1,
        status: 'assured',
        note: 'Myself',
      })
      assert.equal(signOff.statusCode, 400)
      assert.deepEqual(
        signOff.json<{ errors: { field: string }[] }>().errors.map((error) => error.field),
        ['status'],
      )
      const unknown = await api(harness().app, token, 'POST', `/api/v1/actions/${id}/updates`, {
        version: action.version + 1,
        status: 'completed',
        note: 'x',
        agencyId: other.id,
      })
      assert.equal(unknown.statusCode, 400)
      assert.equal(await countUpdates(harness(), id), 1, 'only the one good update is stored')

      const othersUpdate = await api(
        harness().app,
        token,
        'POST',
        `/api/v1/actions/${other.id}/updates`,
        { version: 1, status: 'completed', note: 'Not ours' },
      )
      assert.equal(othersUpdate.statusCode, 404)
    },
  )
})
