// Restricted records (issue 4): the business unit restricts an incident (with
// its rapid review) or a review to an access list. Off the list, people do not
// learn it exists: 404 on its pages, its API and its documents, and absent from
// lists, the dashboard and the calendar feed. Administrators open it, audited.
import assert from 'node:assert/strict'
import {
  DEMO_PASSWORD,
  describeOnEachDatabase,
  itOnLeg,
  type Harness,
} from './support/app-harness.js'
import { errorSummaryOf, textOf } from './support/html.js'
import {
  ADMINISTRATOR,
  COORDINATOR,
  PARTNER,
  SCRIPT,
  SOUTHWARK_COORDINATOR,
  api,
  apiToken,
  auditSummaries,
  countRows,
  dateFields,
  dbOf,
  signedIn,
  versionIn,
  workingDaysFromToday,
} from './support/incident-helpers.js'
import { actorFor } from './support/route-walk.js'
import { COMMAND_LINE } from '../../src/services/context.js'
import { NotFoundError } from '../../src/domain/errors.js'

const REVIEWER = 'reviewer@wandsworth.example'
const SECOND_COORDINATOR = 'second-coordinator@wandsworth.example'

/** A new incident with a started rapid review and a document, for one test. */
async function restrictableIncident(harness: Harness, pseudonym: string) {
  const token = await apiToken(harness, COORDINATOR)
  const created = await api(harness.app, token, 'POST', '/api/v1/incidents', {
    childPseudonym: pseudonym,
    awareOn: '2023-12-21',
    incidentOn: '2023-12-20',
    harm: 'serious-harm',
    abuseOrNeglect: 'suspected',
  })
  assert.equal(created.statusCode, 201, created.body)
  const incident = created.json<{ id: string; version: number; partnership: { slug: string } }>()
  const coordinator = await actorFor(harness, COORDINATOR)
  const rapidReviewId = await harness.services.rapidReviews.start(
    coordinator,
    incident.id,
    incident.version,
  )
  const partnership = await dbOf(harness)
    .selectFrom('incident')
    .select('partnership_id')
    .where('id', '=', incident.id)
    .executeTakeFirstOrThrow()
  const document = await harness.services.documents.upload(coordinator, {
    partnershipId: partnership.partnership_id,
    recordType: 'rapid-review',
    recordId: rapidReviewId,
    fileName: 'letter.txt',
    bytes: new TextEncoder().encode(`Letter about ${pseudonym}`),
    accept: ['text'],
    permission: 'incidents:manage',
  })
  return { id: incident.id, rapidReviewId, documentId: document.id }
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

/** An iCalendar feed with its folded lines joined again (RFC 5545, 3.1). */
async function calendarFeedText(harness: Harness, path: string): Promise<string> {
  const feed = await harness.app.inject({ method: 'GET', url: path })
  assert.equal(feed.statusCode, 200)
  return feed.body.replace(/\r\n[ \t]/g, '')
}

async function userId(harness: Harness, email: string): Promise<string> {
  const row = await dbOf(harness)
    .selectFrom('app_user')
    .select('id')
    .where('email', '=', email)
    .executeTakeFirstOrThrow()
  return row.id
}

describeOnEachDatabase('Restricted records and access lists', (h) => {
  itOnLeg(
    'a restricted incident and its rapid review are not found off the access list: pages, list, dashboard, API, documents, calendar feed',
    async () => {
      const harness = h()
      const { id, rapidReviewId, documentId } = await restrictableIncident(harness, 'Child Rho')
      await ensureSecondCoordinator(harness)
      const coordinator = await signedIn(harness.app, COORDINATOR)
      const partner = await signedIn(harness.app, PARTNER)
      const secondCoordinator = await signedIn(harness.app, SECOND_COORDINATOR)
      const partnerToken = await apiToken(harness, PARTNER)
      const partnerActor = await actorFor(harness, PARTNER)
      const partnerFeed = await harness.services.calendarFeeds.create(partnerActor)
      const pages = [
        `/manage/incidents/${id}`,
        `/manage/rapid-reviews/${rapidReviewId}`,
        `/manage/rapid-reviews/${rapidReviewId}/meeting`,
        `/manage/rapid-reviews/${rapidReviewId}/report.pdf`,
      ]
      // Before: the partner sees it everywhere.
      for (const url of pages) assert.equal((await partner.get(url)).statusCode, 200, url)
      assert.match(textOf((await partner.get('/manage/incidents')).body), /Child Rho/)

      const accessPage = await coordinator.get(`/manage/incidents/${id}/access`)
      assert.equal(accessPage.statusCode, 200)
      assert.match(textOf(accessPage.body), /Restrict access\?/)
      const restricted = await coordinator.submit(`/manage/incidents/${id}/access`, {
        restricted: 'yes',
        version: versionIn(accessPage.body),
      })
      assert.equal(restricted.statusCode, 303, restricted.body)
      const listed = textOf((await coordinator.get(`/manage/incidents/${id}/access`)).body)
      assert.match(
        listed,
        /Demo Coordinator.*You/,
        'the coordinator who restricted it is on the list',
      )
      const events = await auditSummaries(harness, id)
      assert.equal(events.at(-1)?.action, 'record-access.restricted')
      // The rapid review says it is restricted, as the incident does.
      assert.match(
        textOf((await coordinator.get(`/manage/rapid-reviews/${rapidReviewId}`)).body),
        /Restricted Only the people on the incident’s access list can open this rapid review/,
      )

      // Off the list: not found, wherever they look.
      for (const browser of [partner, secondCoordinator]) {
        for (const url of pages) assert.equal((await browser.get(url)).statusCode, 404, url)
        assert.doesNotMatch(textOf((await browser.get('/manage/incidents')).body), /Child Rho/)
        assert.doesNotMatch(textOf((await browser.get('/manage')).body), /Child Rho/)
      }
      // A coordinator off the list cannot reach its access list either; a partner
      // never restricts anything, whatever the record, so is refused by role.
      assert.equal((await secondCoordinator.get(`/manage/incidents/${id}/access`)).statusCode, 404)
      assert.equal((await partner.get(`/manage/incidents/${id}/access`)).statusCode, 403)
      const viaApi = await api(harness.app, partnerToken, 'GET', `/api/v1/incidents/${id}`)
      assert.equal(viaApi.statusCode, 404)
      const dashboard = await harness.services.statutoryClocks.dashboard(partnerActor)
      assert.ok(!JSON.stringify(dashboard).includes(id), 'not on the partner’s dashboard')
      const feed = await harness.app.inject({ method: 'GET', url: partnerFeed.path })
      assert.equal(feed.statusCode, 200)
      assert.ok(!feed.body.includes('Child Rho'), 'not in the partner’s calendar feed')
      await assert.rejects(
        harness.services.documents.download(partnerActor, documentId, 'incidents:read'),
        NotFoundError,
      )
      // The coordinator on the list still sees everything.
      for (const url of pages) assert.equal((await coordinator.get(url)).statusCode, 200, url)
      assert.match(textOf((await coordinator.get('/manage/incidents')).body), /Child Rho/)

      // Administrators open it, and each opening is audited with the reason.
      const administrator = await signedIn(harness.app, ADMINISTRATOR)
      const beforeAdmin = await countRows(harness, 'audit_event')
      assert.equal((await administrator.get(`/manage/incidents/${id}`)).statusCode, 200)
      assert.equal(
        (await administrator.get(`/manage/rapid-reviews/${rapidReviewId}`)).statusCode,
        200,
      )
      const adminToken = await apiToken(harness, ADMINISTRATOR)
      assert.equal(
        (await api(harness.app, adminToken, 'GET', `/api/v1/incidents/${id}`)).statusCode,
        200,
      )
      const adminActor = await actorFor(harness, ADMINISTRATOR)
      await harness.services.documents.download(adminActor, documentId, 'incidents:read')
      const viewed = await dbOf(harness)
        .selectFrom('audit_event')
        .select(['action', 'record_type', 'record_id', 'summary', 'actor_user_id'])
        .where('sequence', '>', beforeAdmin)
        .where('action', '=', 'restricted-record.viewed')
        .orderBy('sequence')
        .execute()
      assert.deepEqual(
        viewed.map((event) => [event.record_type, event.record_id]),
        [
          ['incident', id],
          ['rapid-review', rapidReviewId],
          ['incident', id],
          // The document belongs to the rapid review, whose restriction is the incident's.
          ['incident', id],
        ],
      )
      for (const event of viewed) {
        assert.deepEqual(JSON.parse(event.summary), { after: { reason: 'administrator access' } })
      }
      // The administrator cannot run the list: that is the business unit's.
      assert.equal((await administrator.get(`/manage/incidents/${id}/access`)).statusCode, 403)
      // Another partnership never sees it.
      const southwark = await signedIn(harness.app, SOUTHWARK_COORDINATOR)
      assert.equal((await southwark.get(`/manage/incidents/${id}`)).statusCode, 404)

      // Put the partner on the list: they see it; take them off: gone again.
      const partnerId = await userId(harness, PARTNER)
      const added = await coordinator.submit(
        `/manage/incidents/${id}/access`,
        { userId: partnerId },
        `/manage/incidents/${id}/access/people`,
      )
      assert.equal(added.statusCode, 303, added.body)
      for (const url of pages) assert.equal((await partner.get(url)).statusCode, 200, url)
      assert.equal(
        (await api(harness.app, partnerToken, 'GET', `/api/v1/incidents/${id}`)).statusCode,
        200,
      )
      const removed = await coordinator.submit(
        `/manage/incidents/${id}/access`,
        {},
        `/manage/incidents/${id}/access/people/${partnerId}/remove`,
      )
      assert.equal(removed.statusCode, 303, removed.body)
      assert.equal((await partner.get(`/manage/incidents/${id}`)).statusCode, 404)
      assert.deepEqual(
        (await auditSummaries(harness, id))
          .map((event) => event.action)
          .filter((action) => action.startsWith('record-access.')),
        ['record-access.restricted', 'record-access.person-added', 'record-access.person-removed'],
      )

      // Lifting the restriction opens it to the partnership again.
      const lift = await coordinator.get(`/manage/incidents/${id}/access`)
      assert.equal(
        (
          await coordinator.submit(`/manage/incidents/${id}/access`, {
            restricted: 'no',
            version: versionIn(lift.body),
          })
        ).statusCode,
        303,
      )
      assert.equal((await partner.get(`/manage/incidents/${id}`)).statusCode, 200)
    },
  )

  itOnLeg(
    'the review a restricted incident’s rapid review decides on starts restricted to the same people',
    async () => {
      const harness = h()
      const { id, rapidReviewId } = await restrictableIncident(harness, 'Child Upsilon')
      const coordinator = await signedIn(harness.app, COORDINATOR)
      const page = await coordinator.get(`/manage/incidents/${id}/access`)
      await coordinator.submit(`/manage/incidents/${id}/access`, {
        restricted: 'yes',
        version: versionIn(page.body),
      })
      const coordinatorActor = await actorFor(harness, COORDINATOR)
      const incident = await harness.services.incidents.get(coordinatorActor, id)
      const { id: reviewId } = await harness.services.reviews.createFromRapidReviewDecision(
        coordinatorActor,
        {
          rapidReviewId,
          partnershipId: incident.partnership.id,
          decisionOn: harness.services.calendar.today(),
          kind: 'lcspr',
          guidanceEdition: 'WT2023',
          childPseudonym: 'Child Upsilon',
        },
      )
      const review = await harness.services.reviews.get(coordinatorActor, reviewId)
      assert.equal(review.accessRestricted, true)
      await assert.rejects(
        harness.services.reviews.get(await actorFor(harness, PARTNER), reviewId),
        NotFoundError,
      )
      const events = await auditSummaries(harness, reviewId)
      assert.deepEqual(
        events.map((event) => event.action),
        ['review.created', 'record-access.restricted'],
      )
    },
  )

  itOnLeg('the access list refuses bad input with clear errors and changes nothing', async () => {
    const harness = h()
    const { id } = await restrictableIncident(harness, 'Child Sigma')
    const coordinator = await signedIn(harness.app, COORDINATOR)
    const page = await coordinator.get(`/manage/incidents/${id}/access`)
    const version = versionIn(page.body)
    const before = await countRows(harness, 'audit_event')
    const practitionerId = await userId(harness, 'practitioner@wandsworth.example')
    const cases: [string, Record<string, string>, string, string][] = [
      ['no answer', { version }, '', '#restricted'],
      ['an answer not offered', { version, restricted: 'maybe' }, '', '#restricted'],
      ['markup as the answer', { version, restricted: SCRIPT }, '', '#restricted'],
      ['no version', { restricted: 'yes' }, '', '#restricted'],
      ['nobody chosen', { userId: '' }, '/people', '#userId'],
      ['markup as the person', { userId: SCRIPT }, '/people', '#userId'],
      ['a person who may not open incidents', { userId: practitionerId }, '/people', '#userId'],
      [
        'a person of another partnership',
        { userId: await userId(harness, SOUTHWARK_COORDINATOR) },
        '/people',
        '#userId',
      ],
    ]
    for (const [name, form, action, href] of cases) {
      const response = await coordinator.submit(
        `/manage/incidents/${id}/access`,
        form,
        `/manage/incidents/${id}/access${action}`,
      )
      assert.equal(response.statusCode, 400, name)
      assert.equal(errorSummaryOf(response.body)?.title, 'There is a problem', name)
      assert.ok(
        errorSummaryOf(response.body)?.items.some((item) => item.href === href),
        `${name}: ${JSON.stringify(errorSummaryOf(response.body))}`,
      )
      assert.ok(!response.body.includes(SCRIPT), `${name}: nothing unescaped`)
    }
    // A stale version is the "changed by someone else" refusal.
    await coordinator.submit(`/manage/incidents/${id}/access`, { restricted: 'yes', version })
    const stale = await coordinator.submit(`/manage/incidents/${id}/access`, {
      restricted: 'no',
      version,
    })
    assert.equal(stale.statusCode, 409)
    // Taking yourself off is refused: a restricted record always has someone to run it.
    const coordinatorId = await userId(harness, COORDINATOR)
    const self = await coordinator.submit(
      `/manage/incidents/${id}/access`,
      {},
      `/manage/incidents/${id}/access/people/${coordinatorId}/remove`,
    )
    assert.equal(self.statusCode, 400)
    assert.match(textOf(self.body), /You cannot take yourself off the access list/)
    // Someone not on the list cannot be removed; a bad id is not found.
    const partnerId = await userId(harness, PARTNER)
    for (const target of [partnerId, 'not-a-uuid']) {
      const response = await coordinator.submit(
        `/manage/incidents/${id}/access`,
        {},
        `/manage/incidents/${id}/access/people/${target}/remove`,
      )
      assert.equal(response.statusCode, 404, target)
    }
    // Only the one good change (restricting) was stored and audited.
    assert.equal(await countRows(harness, 'audit_event'), before + 1)
    assert.ok(!(await coordinator.get(`/manage/incidents/${id}/access`)).body.includes(SCRIPT))
  })

  itOnLeg(
    'a review restricted to an access list: named reviewers go on it; others do not find it; administrators are audited',
    async () => {
      const harness = h()
      const review = await dbOf(harness)
        .selectFrom('review')
        .select(['id', 'version'])
        .where('slug', '=', 'demo-review-child-c')
        .executeTakeFirstOrThrow()
      const coordinator = await signedIn(harness.app, COORDINATOR)
      const reviewer = await signedIn(harness.app, REVIEWER)
      const partner = await signedIn(harness.app, PARTNER)
      const reviewPage = `/manage/reviews/${review.id}`
      assert.equal((await partner.get(reviewPage)).statusCode, 200)
      assert.match(
        textOf((await coordinator.get(reviewPage)).body),
        /Restrict access to named people/,
      )

      const access = await coordinator.get(`${reviewPage}/access`)
      const restricted = await coordinator.submit(`${reviewPage}/access`, {
        restricted: 'yes',
        version: versionIn(access.body),
      })
      assert.equal(restricted.statusCode, 303, restricted.body)
      // The coordinator and the named reviewer were put on the list.
      const list = textOf((await coordinator.get(`${reviewPage}/access`)).body)
      assert.match(list, /Demo Coordinator/)
      assert.match(list, /Demo Reviewer/)

      for (const url of [reviewPage, `${reviewPage}/chronology`]) {
        assert.equal((await partner.get(url)).statusCode, 404, url)
        assert.equal((await reviewer.get(url)).statusCode, 200, url)
        assert.equal((await coordinator.get(url)).statusCode, 200, url)
      }
      assert.doesNotMatch(textOf((await partner.get('/manage/reviews')).body), /Child C/)
      assert.match(textOf((await reviewer.get('/manage/reviews')).body), /Child C/)
      const partnerToken = await apiToken(harness, PARTNER)
      assert.equal(
        (await api(harness.app, partnerToken, 'GET', `/api/v1/reviews/${review.id}`)).statusCode,
        404,
      )
      assert.match(
        textOf((await coordinator.get(reviewPage)).body),
        /Only the people on its access list/,
      )

      const administrator = await signedIn(harness.app, ADMINISTRATOR)
      assert.equal((await administrator.get(reviewPage)).statusCode, 200)
      const summaries = await auditSummaries(harness, review.id)
      assert.equal(summaries.at(-1)?.action, 'restricted-record.viewed')

      // Off the list, the named reviewer can neither read nor work on it.
      const reviewerId = await userId(harness, REVIEWER)
      const removed = await coordinator.submit(
        `${reviewPage}/access`,
        {},
        `${reviewPage}/access/people/${reviewerId}/remove`,
      )
      assert.equal(removed.statusCode, 303, removed.body)
      assert.equal((await reviewer.get(reviewPage)).statusCode, 404)
      assert.equal((await reviewer.get(`${reviewPage}/stages/chronology`)).statusCode, 404)
      const posted = await reviewer.submit(
        '/manage',
        { status: 'completed', version: '1' },
        `${reviewPage}/stages/chronology`,
      )
      assert.equal(posted.statusCode, 404)
    },
  )

  itOnLeg(
    'a restricted review is off the clocks dashboard and the calendar feed of people not on its access list',
    async () => {
      const harness = h()
      const { id: incidentId, rapidReviewId } = await restrictableIncident(harness, 'Child Phi')
      await ensureSecondCoordinator(harness)
      const coordinatorActor = await actorFor(harness, COORDINATOR)
      const incident = await harness.services.incidents.get(coordinatorActor, incidentId)
      const { id: reviewId } = await harness.services.reviews.createFromRapidReviewDecision(
        coordinatorActor,
        {
          rapidReviewId,
          partnershipId: incident.partnership.id,
          decisionOn: harness.services.calendar.today(),
          kind: 'lcspr',
          guidanceEdition: 'WT2023',
          childPseudonym: 'Child Phi',
        },
      )
      const reviewPage = `/manage/reviews/${reviewId}`
      const reviewDeadline = `review-${reviewId}-final-report`
      const coordinator = await signedIn(harness.app, COORDINATOR)
      const partner = await signedIn(harness.app, PARTNER)
      const secondCoordinator = await signedIn(harness.app, SECOND_COORDINATOR)
      const offList = [
        { email: PARTNER, browser: partner },
        { email: SECOND_COORDINATOR, browser: secondCoordinator },
      ]
      // The partner's link was made by an earlier test; the second coordinator's is made here.
      const secondActor = await actorFor(harness, SECOND_COORDINATOR)
      const secondFeed = await harness.services.calendarFeeds.create(secondActor)

      // Before: the review's final-report deadline is on everyone's dashboard and in the feed.
      for (const { email, browser } of offList) {
        const dashboard = await browser.get('/manage')
        assert.equal(dashboard.statusCode, 200)
        assert.ok(dashboard.body.includes(`href="${reviewPage}"`), `${email}: on the dashboard`)
      }
      const feedBefore = await calendarFeedText(harness, secondFeed.path)
      assert.ok(feedBefore.includes(`UID:${reviewDeadline}@`), 'in the feed before')

      const access = await coordinator.get(`${reviewPage}/access`)
      const restricted = await coordinator.submit(`${reviewPage}/access`, {
        restricted: 'yes',
        version: versionIn(access.body),
      })
      assert.equal(restricted.statusCode, 303, restricted.body)

      // Off the list: gone from the dashboard (page and service) and the feed.
      for (const { email, browser } of offList) {
        const dashboard = await browser.get('/manage')
        assert.equal(dashboard.statusCode, 200)
        assert.ok(!dashboard.body.includes(reviewId), `${email}: not on the dashboard`)
        // The unrestricted incident it came from is still there: the dashboard is not just empty.
        assert.ok(dashboard.body.includes(`href="/manage/incidents/${incidentId}"`), email)
        const clocks = await harness.services.statutoryClocks.dashboard(
          await actorFor(harness, email),
        )
        assert.ok(!JSON.stringify(clocks).includes(reviewId), `${email}: not in the clocks`)
        assert.equal((await browser.get(reviewPage)).statusCode, 404, email)
      }
      const feedAfter = await calendarFeedText(harness, secondFeed.path)
      assert.ok(!feedAfter.includes(reviewId), 'not in the feed')
      assert.ok(feedAfter.includes(`UID:incident-${incidentId}-`), 'the incident still is')
      // On the list, the coordinator still has it on the dashboard.
      assert.ok((await coordinator.get('/manage')).body.includes(`href="${reviewPage}"`))
    },
  )

  itOnLeg(
    'a coordinator off a restricted incident’s access list is not found on its identifying details, its actions and its documents, and changes nothing',
    async () => {
      const harness = h()
      const { id, rapidReviewId } = await restrictableIncident(harness, 'Child Chi')
      await ensureSecondCoordinator(harness)
      const coordinatorActor = await actorFor(harness, COORDINATOR)
      const { today, wd } = await workingDaysFromToday(harness)
      const [agency] = await harness.services.rapidReviews.agencies(coordinatorActor, rapidReviewId)
      assert.ok(agency)
      await harness.services.rapidReviews.addAgencyRequests(
        coordinatorActor,
        rapidReviewId,
        (await harness.services.rapidReviews.get(coordinatorActor, rapidReviewId)).stepVersions[
          'agency-requests'
        ] ?? 1,
        { agencyIds: [agency.id], requestedOn: today, dueOn: wd(5) },
      )
      const view = await harness.services.rapidReviews.get(coordinatorActor, rapidReviewId)
      const requestId = view.agencyRequests[0]?.id ?? ''
      const document = await harness.services.documents.upload(coordinatorActor, {
        partnershipId: view.incident.partnership.id,
        recordType: 'rapid-review-agency-request',
        recordId: requestId,
        fileName: 'summary.txt',
        bytes: new TextEncoder().encode('Summary about Child Chi.'),
        accept: ['text'],
        permission: 'incidents:manage',
      })
      const agencyRequest = `/manage/rapid-reviews/${rapidReviewId}/agency-requests/${requestId}`
      const download = `${agencyRequest}/documents/${document.id}`
      const identifying = `/manage/incidents/${id}/identifying-details`
      const coordinator = await signedIn(harness.app, COORDINATOR)
      const partner = await signedIn(harness.app, PARTNER)
      const secondCoordinator = await signedIn(harness.app, SECOND_COORDINATOR)

      // Before: open to the partnership's coordinators, and the document to its partners.
      assert.equal((await secondCoordinator.get(identifying)).statusCode, 200)
      for (const browser of [secondCoordinator, partner]) {
        const file = await browser.get(download)
        assert.equal(file.statusCode, 200)
        assert.equal(file.body, 'Summary about Child Chi.')
      }

      const accessPage = await coordinator.get(`/manage/incidents/${id}/access`)
      const restricted = await coordinator.submit(`/manage/incidents/${id}/access`, {
        restricted: 'yes',
        version: versionIn(accessPage.body),
      })
      assert.equal(restricted.statusCode, 303, restricted.body)

      const version = String((await harness.services.incidents.get(coordinatorActor, id)).version)
      const auditBefore = await countRows(harness, 'audit_event')
      const incidentBefore = await dbOf(harness)
        .selectFrom('incident')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
      const reason = 'Completing the Panel’s notification form today'
      const gets = [identifying, `${identifying}?for=notification-pack`, agencyRequest, download]
      const posts: [string, Record<string, string>][] = [
        [identifying, { reason }],
        [identifying, { reason, purpose: 'notification-pack' }],
        [
          `/manage/incidents/${id}/notifications`,
          { version, ...dateFields('panelNotifiedOn', today) },
        ],
        [`/manage/incidents/${id}/close`, { version, closedReason: 'Did not meet the criteria' }],
        [`/manage/incidents/${id}/rapid-review`, { version }],
      ]
      for (const url of gets) {
        const response = await secondCoordinator.get(url)
        assert.equal(response.statusCode, 404, url)
        assert.ok(!response.body.includes('Child Chi'), `${url}: nothing of the incident`)
      }
      for (const [url, form] of posts) {
        const response = await secondCoordinator.submit('/manage', form, url)
        assert.equal(response.statusCode, 404, `${url} ${JSON.stringify(form)}`)
        assert.ok(!response.body.includes('Child Chi'), `${url}: nothing of the incident`)
      }
      // Nor a partner off the list, over HTTP.
      assert.equal((await partner.get(download)).statusCode, 404)
      // Nothing was shown, changed or recorded.
      assert.equal(await countRows(harness, 'audit_event'), auditBefore)
      assert.deepEqual(
        await dbOf(harness)
          .selectFrom('incident')
          .selectAll()
          .where('id', '=', id)
          .executeTakeFirstOrThrow(),
        incidentBefore,
      )

      // The same requests from the coordinator on the list are answered: the 404s were the list's.
      assert.equal((await coordinator.get(identifying)).statusCode, 200)
      assert.equal((await coordinator.get(download)).statusCode, 200)
      const notified = await coordinator.submit('/manage', posts[2]![1], posts[2]![0])
      assert.equal(notified.statusCode, 303, notified.body.slice(0, 2000))
      const shown = await coordinator.submit('/manage', posts[0]![1], posts[0]![0])
      assert.equal(shown.statusCode, 303, shown.body.slice(0, 2000))
    },
  )
})
