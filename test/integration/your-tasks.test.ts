// Working faster (issue 8): the service navigation on staff pages shows the
// sections a person's roles may use, with the current one marked; "Your tasks"
// lists what waits for each role (partners' signatures, reviewers' stages,
// agency leads' actions, the business unit's deadlines, late agency information
// and actions to sign off) and never a restricted record of someone off its
// access list; the rapid reviews list; the one-time success banner.
import assert from 'node:assert/strict'
import { writtenDate } from '../../src/domain/calendar/written-date.js'
import {
  DEMO_PASSWORD,
  describeOnEachDatabase,
  itOnLeg,
  type Harness,
} from './support/app-harness.js'
import { textOf } from './support/html.js'
import {
  COORDINATOR,
  PARTNER,
  api,
  apiToken,
  PRACTITIONER,
  SOUTHWARK_COORDINATOR,
  dbOf,
  signedIn,
  versionIn,
  workingDaysFromToday,
} from './support/incident-helpers.js'
import { actorFor } from './support/route-walk.js'
import { COMMAND_LINE } from '../../src/services/context.js'

const AGENCY_LEAD = 'agency-lead@wandsworth.example'
const REVIEWER = 'reviewer@wandsworth.example'
const PARTNER_POLICE = 'partner-police@wandsworth.example'
const ADMINISTRATOR = 'administrator@wandsworth.example'
const SECOND_COORDINATOR = 'tasks-second-coordinator@wandsworth.example'

/** The service navigation's links, in order, with the one marked current. */
function navigationOf(html: string): { links: string[]; current: string[] } {
  const nav = /<nav aria-label="Main"[^>]*>([\s\S]*?)<\/nav>/.exec(html)?.[1] ?? ''
  const links = [...nav.matchAll(/<a class="govuk-service-navigation__link" href="([^"]+)"/g)].map(
    (match) => match[1] ?? '',
  )
  const current = [...nav.matchAll(/href="([^"]+)"\s*aria-current="(?:page|true)"/g)].map(
    (match) => match[1] ?? '',
  )
  return { links, current }
}

/** The text of one group of "Your tasks" (its list or its empty-state paragraph). */
function taskGroupText(html: string, key: string): string | null {
  const list = new RegExp(`data-testid="tasks-${key}">([\\s\\S]*?)</ul>`).exec(html)
  if (list) return textOf(list[1] ?? '')
  const empty = new RegExp(`data-testid="tasks-${key}-empty">([\\s\\S]*?)</p>`).exec(html)
  return empty ? `EMPTY: ${textOf(empty[1] ?? '')}` : null
}

/**
 * An incident of Wandsworth with a rapid review whose decision is recorded, so
 * it awaits the partners' signatures, and an agency request that is overdue.
 */
async function rapidReviewAwaitingSignatures(harness: Harness, pseudonym: string) {
  const { wd } = await workingDaysFromToday(harness)
  const token = await apiToken(harness, COORDINATOR)
  const created = await api(harness.app, token, 'POST', '/api/v1/incidents', {
    childPseudonym: pseudonym,
    awareOn: wd(-5),
    incidentOn: wd(-6),
    harm: 'died',
    abuseOrNeglect: 'known',
  })
  assert.equal(created.statusCode, 201, created.body)
  const incident = created.json<{ id: string; version: number }>()
  const incidentId = incident.id
  const coordinator = await actorFor(harness, COORDINATOR)
  const { services } = harness
  const id = await services.rapidReviews.start(coordinator, incidentId, incident.version)
  // Each step carries its own version (issue 8).
  const version = async (step: string) =>
    (await services.rapidReviews.get(coordinator, id)).stepVersions[step] ?? 1
  const agencies = await services.rapidReviews.agencies(coordinator, id)
  await services.rapidReviews.addAgencyRequests(coordinator, id, await version('agency-requests'), {
    agencyIds: [agencies[0]!.id],
    requestedOn: wd(-4),
    dueOn: wd(-1),
  })
  await services.rapidReviews.recordCriteria(coordinator, id, await version('criteria'), {
    criterionA: 'yes',
    criterionB: 'no',
    criterionC: 'yes',
    criterionD: 'no',
  })
  await services.rapidReviews.recordDecision(coordinator, id, await version('decision'), {
    decision: 'local-cspr',
    rationale: 'Criteria (a) and (c) are met.',
    decidedOn: wd(0),
  })
  assert.equal((await services.rapidReviews.get(coordinator, id)).state, 'awaiting-sign-off')
  return { incidentId, rapidReviewId: id, agencyName: agencies[0]!.name }
}

async function ensureSecondCoordinator(harness: Harness): Promise<void> {
  const exists = await dbOf(harness)
    .selectFrom('app_user')
    .select('id')
    .where('email', '=', SECOND_COORDINATOR)
    .executeTakeFirst()
  if (exists) return
  await harness.services.users.createUser(
    {
      email: SECOND_COORDINATOR,
      displayName: 'Second Coordinator',
      partnershipSlug: 'wandsworth',
      role: 'business-unit',
      password: DEMO_PASSWORD,
    },
    COMMAND_LINE,
  )
}

describeOnEachDatabase('Service navigation, your tasks and the success banner', (h) => {
  itOnLeg(
    'the navigation shows each role only the sections it may use, current one marked',
    async () => {
      const harness = h()
      const expected: [string, string[]][] = [
        [
          COORDINATOR,
          [
            '/manage',
            '/manage/incidents',
            '/manage/rapid-reviews',
            '/manage/reviews',
            '/manage/actions',
            '/manage/learning',
            '/manage/briefings',
            '/manage/learning-events',
            '/manage/tasks',
          ],
        ],
        [
          PARTNER,
          [
            '/manage',
            '/manage/incidents',
            '/manage/rapid-reviews',
            '/manage/reviews',
            '/manage/actions',
            '/manage/learning',
            '/manage/briefings',
            '/manage/learning-events',
            '/manage/tasks',
          ],
        ],
        [
          REVIEWER,
          [
            '/manage',
            '/manage/reviews',
            '/manage/learning',
            '/manage/learning-events',
            '/manage/tasks',
          ],
        ],
        [
          AGENCY_LEAD,
          [
            '/manage',
            '/manage/actions',
            '/manage/learning',
            '/manage/learning-events',
            '/manage/tasks',
          ],
        ],
        [PRACTITIONER, ['/manage', '/manage/learning', '/manage/learning-events', '/manage/tasks']],
      ]
      for (const [email, links] of expected) {
        const browser = await signedIn(harness.app, email)
        const page = await browser.get('/manage/tasks')
        assert.equal(page.statusCode, 200, email)
        const nav = navigationOf(page.body)
        assert.deepEqual(nav.links, links, email)
        assert.deepEqual(nav.current, ['/manage/tasks'], `${email}: Your tasks is current`)
        // Every section offered opens for this person.
        for (const link of links) {
          assert.equal((await browser.get(link)).statusCode, 200, `${email} opens ${link}`)
        }
      }
      // Inside a section, the section is marked (aria-current="true").
      const coordinator = await signedIn(harness.app, COORDINATOR)
      const newIncident = await coordinator.get('/manage/incidents/new')
      assert.match(newIncident.body, /href="\/manage\/incidents"\s*aria-current="true"/)
      assert.deepEqual(navigationOf(newIncident.body).current, ['/manage/incidents'])
      // The dashboard is "Manage"; the public pages keep the public navigation.
      assert.deepEqual(navigationOf((await coordinator.get('/manage')).body).current, ['/manage'])
      const publicPage = await harness.app.inject({ method: 'GET', url: '/' })
      assert.deepEqual(navigationOf(publicPage.body).links, ['/', '/sign-in'])
    },
  )

  itOnLeg(
    'the rapid reviews list: those the person can see, newest first, with status',
    async () => {
      const harness = h()
      const { rapidReviewId } = await rapidReviewAwaitingSignatures(harness, 'Child Tasks List')
      const coordinator = await signedIn(harness.app, COORDINATOR)
      const list = await coordinator.get('/manage/rapid-reviews')
      assert.equal(list.statusCode, 200)
      const text = textOf(list.body)
      assert.match(text, /Child Tasks List Wandsworth.*Awaiting partner sign-off/)
      assert.ok(list.body.includes(`href="/manage/rapid-reviews/${rapidReviewId}"`))
      // Southwark sees none of Wandsworth's; an agency lead may not open the list.
      const southwark = await signedIn(harness.app, SOUTHWARK_COORDINATOR)
      assert.doesNotMatch(
        textOf((await southwark.get('/manage/rapid-reviews')).body),
        /Child Tasks List/,
      )
      const agencyLead = await signedIn(harness.app, AGENCY_LEAD)
      assert.equal((await agencyLead.get('/manage/rapid-reviews')).statusCode, 403)
    },
  )

  itOnLeg('your tasks, for each role, each linking to its page', async () => {
    const harness = h()
    const { rapidReviewId, agencyName } = await rapidReviewAwaitingSignatures(
      harness,
      'Child Tasks Sign',
    )
    // The partnership's own timetable asks for sign-off by working day 12 (issue
    // 8): the partners' task is due then, not at the statutory 15 days (S6).
    const administrator = await actorFor(harness, 'administrator@wandsworth.example')
    const [own] = await harness.services.rapidReviews.timetables(administrator)
    assert.ok(own)
    await harness.services.rapidReviews.setTimetable(
      administrator,
      own.partnershipId,
      own.version,
      {
        lettersWorkingDay: '1',
        summariesWorkingDay: '8',
        meetingFromWorkingDay: '8',
        meetingToWorkingDay: '10',
        signOffWorkingDay: '12',
      },
    )
    const view = await harness.services.rapidReviews.get(
      await actorFor(harness, COORDINATOR),
      rapidReviewId,
    )
    const signOffBy = view.milestones.find((milestone) => milestone.key === 'sign-off')?.dueOn
    assert.ok(signOffBy)
    const incident = await harness.services.incidents.get(
      await actorFor(harness, COORDINATOR),
      view.incident.id,
    )
    assert.notEqual(signOffBy, incident.rapidReviewDueOn, 'the timetable is earlier than S6')
    // Partners: the rapid review awaiting their signature.
    for (const email of [PARTNER, PARTNER_POLICE]) {
      const page = (await (await signedIn(harness.app, email)).get('/manage/tasks')).body
      const signatures = taskGroupText(page, 'signatures')
      assert.match(
        signatures ?? '',
        /Sign off the rapid review’s decision .*Child Tasks Sign/,
        email,
      )
      assert.ok(page.includes(`href="/manage/rapid-reviews/${rapidReviewId}/sign-off"`), email)
      assert.ok((signatures ?? '').includes(`Due ${writtenDate(signOffBy)}`), email)
      assert.equal(taskGroupText(page, 'deadlines'), null, `${email}: no business unit groups`)
    }
    // Once the police's delegate has signed, the police's delegate has nothing to sign.
    const police = await signedIn(harness.app, PARTNER_POLICE)
    const signPage = await police.get(`/manage/rapid-reviews/${rapidReviewId}/sign-off`)
    const signed = await police.submit(`/manage/rapid-reviews/${rapidReviewId}/sign-off`, {
      version: versionIn(signPage.body),
      partner: 'police',
      confirm: 'yes',
    })
    assert.equal(signed.statusCode, 303, signed.body)
    const policeTasks = (await police.get('/manage/tasks')).body
    assert.doesNotMatch(taskGroupText(policeTasks, 'signatures') ?? '', /Child Tasks Sign/)

    // The business unit: deadlines, overdue agency information, actions to sign off.
    const coordinator = await signedIn(harness.app, COORDINATOR)
    const tasks = (await coordinator.get('/manage/tasks')).body
    assert.match(
      taskGroupText(tasks, 'deadlines') ?? '',
      /Notify the Panel \(S3\).*Child Tasks Sign/,
    )
    // The demo's Child C is due within 2 working days: one wording for the clock.
    assert.match(taskGroupText(tasks, 'deadlines') ?? '', /Child C .*Due soon/)
    assert.match(
      taskGroupText(tasks, 'agency-requests') ?? '',
      new RegExp(`Chase ${agencyName}.*Child Tasks Sign.*Overdue`),
    )
    assert.match(taskGroupText(tasks, 'actions-to-sign-off') ?? '', /Assure: /)
    assert.equal(taskGroupText(tasks, 'signatures'), null, 'the coordinator signs nothing')

    // Reviewers: the stages not done of the review naming them.
    const reviewer = (await (await signedIn(harness.app, REVIEWER)).get('/manage/tasks')).body
    const reviewWork = taskGroupText(reviewer, 'review-work') ?? ''
    assert.match(reviewWork, /Final report: not started .*Other learning review: Child C/)
    assert.doesNotMatch(reviewWork, /Scoping/, 'a completed stage is not a task')
    assert.match(reviewer, /href="\/manage\/reviews\/[0-9a-f-]{36}\/stages\/final-report"/)

    // Agency leads: their agency's overdue action, nothing else.
    const lead = (await (await signedIn(harness.app, AGENCY_LEAD)).get('/manage/tasks')).body
    assert.match(taskGroupText(lead, 'agency-actions') ?? '', /Overdue/)
    assert.equal(taskGroupText(lead, 'deadlines'), null)
    assert.equal(taskGroupText(lead, 'signatures'), null)

    // Empty states say so.
    const practitioner = (await (await signedIn(harness.app, PRACTITIONER)).get('/manage/tasks'))
      .body
    assert.match(textOf(practitioner), /Nothing waits for you here/)
    const southwark = (
      await (await signedIn(harness.app, SOUTHWARK_COORDINATOR)).get('/manage/tasks')
    ).body
    assert.match(
      taskGroupText(southwark, 'agency-requests') ?? '',
      /^EMPTY: No agency’s information/,
    )
    assert.doesNotMatch(textOf(southwark), /Child Tasks Sign/)
  })

  itOnLeg(
    'a restricted record never appears in the tasks of someone off its access list',
    async () => {
      const harness = h()
      const { incidentId } = await rapidReviewAwaitingSignatures(harness, 'Child Tasks Secret')
      await ensureSecondCoordinator(harness)
      const partnerBefore = (await (await signedIn(harness.app, PARTNER)).get('/manage/tasks')).body
      assert.match(taskGroupText(partnerBefore, 'signatures') ?? '', /Child Tasks Secret/)

      const coordinator = await signedIn(harness.app, COORDINATOR)
      const accessPage = await coordinator.get(`/manage/incidents/${incidentId}/access`)
      const restricted = await coordinator.submit(`/manage/incidents/${incidentId}/access`, {
        restricted: 'yes',
        version: versionIn(accessPage.body),
      })
      assert.equal(restricted.statusCode, 303, restricted.body)

      // On the list: still there for the coordinator who restricted it.
      const own = textOf((await coordinator.get('/manage/tasks')).body)
      assert.match(own, /Child Tasks Secret/)
      // Off it: the partner, the other coordinator and the administrator (who could
      // open it, audited) never see it among their tasks; listing audits nothing.
      const administratorViews = async () =>
        Number(
          (
            await dbOf(harness)
              .selectFrom('audit_event')
              .select((eb) => eb.fn.countAll<string | number>().as('n'))
              .where('action', '=', 'restricted-record.viewed')
              .executeTakeFirstOrThrow()
          ).n,
        )
      const auditedBefore = await administratorViews()
      for (const email of [PARTNER, SECOND_COORDINATOR, ADMINISTRATOR]) {
        const page = await (await signedIn(harness.app, email)).get('/manage/tasks')
        assert.equal(page.statusCode, 200, email)
        assert.doesNotMatch(textOf(page.body), /Child Tasks Secret/, email)
      }
      const partnerList = await (await signedIn(harness.app, PARTNER)).get('/manage/rapid-reviews')
      assert.doesNotMatch(textOf(partnerList.body), /Child Tasks Secret/)
      assert.equal(await administratorViews(), auditedBefore, 'listing tasks audits nothing')
    },
  )

  itOnLeg('a save shows a success banner once (role="alert"), then not again', async () => {
    const harness = h()
    const coordinator = await signedIn(harness.app, COORDINATOR)
    const wandsworth = await dbOf(harness)
      .selectFrom('partnership')
      .select(['id', 'name'])
      .where('slug', '=', 'wandsworth')
      .executeTakeFirstOrThrow()
    const form = await coordinator.get(`/manage/partnerships/${wandsworth.id}`)
    const saved = await coordinator.submit(`/manage/partnerships/${wandsworth.id}`, {
      version: versionIn(form.body),
      name: wandsworth.name,
    })
    assert.equal(saved.statusCode, 303, saved.body)
    const next = await coordinator.get('/manage')
    assert.match(
      next.body,
      /class="govuk-notification-banner govuk-notification-banner--success" role="alert"/,
    )
    assert.match(textOf(next.body), /Success Partnership name saved/)
    const again = await coordinator.get('/manage')
    assert.doesNotMatch(again.body, /Partnership name saved/)
  })
})
