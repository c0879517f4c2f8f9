// From a rapid review decision to the local review it decided on (S8–S10,
// S12): the business unit commissions it once all three statutory partners have
// signed off, its 6 months run from the decision date, the two pages link to
// each other, a second attempt is refused, and both steps are audited.
import assert from 'node:assert/strict'
import {
  describeOnEachDatabase,
  itOnLeg,
  type Browser,
  type Harness,
} from './support/app-harness.js'
import { errorSummaryOf, headingOf, textOf } from './support/html.js'
import {
  COORDINATOR,
  PARTNER,
  PRACTITIONER,
  SOUTHWARK_COORDINATOR,
  dateFields,
  dbOf,
  idFromLocation,
  signedIn,
  versionIn,
  workingDaysFromToday,
} from './support/incident-helpers.js'
import { addCalendarMonths, type CalendarDate } from '../../src/domain/calendar/calendar-date.js'

/** An incident (aware 4 working days ago, Panel notified), its rapid review, criteria and decision. */
async function decidedRapidReview(
  harness: Harness,
  coordinator: Browser,
  pseudonym: string,
  decision: string,
): Promise<{ base: string; decidedOn: CalendarDate }> {
  const { wd } = await workingDaysFromToday(harness)
  const created = await coordinator.submit('/manage/incidents/new', {
    partnership: 'wandsworth',
    abuseOrNeglect: 'known',
    harm: 'died',
    lookedAfter: 'no',
    careLeaver: 'no',
    guidanceEdition: 'WT2023',
    ...dateFields('incidentOn', wd(-5)),
    ...dateFields('awareOn', wd(-4)),
    child1Pseudonym: pseudonym,
    child1Name: 'Fictional Realname',
    // The same child's name each time: confirmed past the duplicate warning (issue 8).
    confirmNotDuplicate: 'yes',
  })
  const incidentId = idFromLocation(created, '/manage/incidents/')
  let page = await coordinator.get(`/manage/incidents/${incidentId}`)
  const notified = await coordinator.submit(
    `/manage/incidents/${incidentId}`,
    { version: versionIn(page.body), ...dateFields('panelNotifiedOn', wd(-3)) },
    `/manage/incidents/${incidentId}/notifications`,
  )
  assert.equal(notified.statusCode, 303, notified.body)
  page = await coordinator.get(`/manage/incidents/${incidentId}`)
  const started = await coordinator.submit(
    `/manage/incidents/${incidentId}`,
    { version: versionIn(page.body) },
    `/manage/incidents/${incidentId}/rapid-review`,
  )
  const base = `/manage/rapid-reviews/${idFromLocation(started, '/manage/rapid-reviews/')}`
  const post = async (path: string, fields: Record<string, string>) => {
    const form = await coordinator.get(`${base}/${path}`)
    const response = await coordinator.submit(`${base}/${path}`, {
      version: versionIn(form.body),
      ...fields,
    })
    assert.equal(response.statusCode, 303, `${path}: ${response.body}`)
  }
  await post('criteria', {
    criterionA: 'yes',
    criterionB: 'no',
    criterionC: 'yes',
    criterionD: 'no',
  })
  const decidedOn = wd(-1)
  await post('decision', {
    decision,
    rationale: 'Criteria (a) and (c) are met.',
    ...dateFields('decidedOn', decidedOn),
  })
  return { base, decidedOn }
}

/** Each statutory partner signs by its own delegate (S8), as in the demo data. */
const DELEGATES = {
  'local-authority': PARTNER,
  police: 'partner-police@wandsworth.example',
  health: 'partner-health@wandsworth.example',
}

async function signOffAll(harness: Harness, base: string): Promise<void> {
  for (const [kind, email] of Object.entries(DELEGATES)) {
    const partner = await signedIn(harness.app, email)
    const page = await partner.get(`${base}/sign-off`)
    const signed = await partner.submit(`${base}/sign-off`, {
      version: versionIn(page.body),
      partner: kind,
      confirm: 'yes',
    })
    assert.equal(signed.statusCode, 303, `${kind}: ${signed.body}`)
  }
}

async function reviewsFrom(harness: Harness, base: string) {
  return dbOf(harness)
    .selectFrom('review')
    .selectAll()
    .where('rapid_review_id', '=', base.split('/').pop() ?? '')
    .execute()
}

describeOnEachDatabase('Commissioning the local review from a rapid review decision', (h) => {
  itOnLeg(
    'S8–S10, S12: commissioned once signed off, from the decision date, linked both ways, once only, audited',
    async () => {
      const harness = h()
      const coordinator = await signedIn(harness.app, COORDINATOR)
      const partner = await signedIn(harness.app, PARTNER)
      const { base, decidedOn } = await decidedRapidReview(
        harness,
        coordinator,
        'Child K',
        'local-cspr',
      )
      const rapidReviewId = base.split('/').pop() ?? ''

      // S8: not before all three partners have signed off.
      let overview = await coordinator.get(base)
      assert.ok(!overview.body.includes(`action="${base}/review"`), 'no button yet')
      assert.match(
        textOf(overview.body),
        /Local review Not commissioned yet .*once all three statutory partners have signed off the decision \(S8\)\. Still to sign: Local authority, Police, Health/,
      )
      let refused = await coordinator.submit(base, {}, `${base}/review`)
      assert.equal(refused.statusCode, 400)
      assert.deepEqual(
        errorSummaryOf(refused.body)?.items.map((item) => item.href),
        ['#commission'],
      )
      assert.equal((await reviewsFrom(harness, base)).length, 0)

      await signOffAll(harness, base)
      // A partner signs; the business unit commissions.
      assert.ok(!(await partner.get(base)).body.includes(`action="${base}/review"`))
      assert.equal((await partner.submit(base, {}, `${base}/review`)).statusCode, 403)
      const practitioner = await signedIn(harness.app, PRACTITIONER)
      assert.equal((await practitioner.submit('/manage', {}, `${base}/review`)).statusCode, 403)
      const southwark = await signedIn(harness.app, SOUTHWARK_COORDINATOR)
      assert.equal((await southwark.submit('/manage', {}, `${base}/review`)).statusCode, 404)
      // Without the CSRF token: refused, nothing made.
      assert.equal((await coordinator.post(`${base}/review`, {})).statusCode, 403)
      assert.equal((await reviewsFrom(harness, base)).length, 0)

      // Signed off, not yet sent to the Panel: the review can be commissioned (S10).
      overview = await coordinator.get(base)
      assert.ok(overview.body.includes(`action="${base}/review"`))
      const commissioned = await coordinator.submit(base, {}, `${base}/review`)
      const reviewId = idFromLocation(commissioned, '/manage/reviews/')

      const [stored, ...more] = await reviewsFrom(harness, base)
      assert.ok(stored)
      assert.equal(more.length, 0)
      assert.equal(stored.id, reviewId)
      assert.equal(stored.kind, 'lcspr')
      assert.equal(stored.guidance_edition, 'WT2023')
      assert.equal(stored.decision_on, decidedOn)
      assert.equal(stored.child_pseudonym, 'Child K')
      assert.equal(stored.status, 'commissioned')

      const reviewPage = await coordinator.get(`/manage/reviews/${reviewId}`)
      assert.equal(reviewPage.statusCode, 200)
      assert.equal(headingOf(reviewPage.body), 'Local child safeguarding practice review: Child K')
      const reviewText = textOf(reviewPage.body)
      // S12: 6 months from the decision.
      const target = addCalendarMonths(decidedOn, 6)
      const longTarget = new Date(`${target}T00:00:00Z`).toLocaleDateString('en-GB', {
        day: 'numeric',
        month: 'long',
        year: 'numeric',
        timeZone: 'UTC',
      })
      assert.match(reviewText, new RegExp(`Target completion ${longTarget}`))
      assert.match(reviewText, /Commissioned/)
      assert.ok(reviewPage.body.includes(`href="${base}"`), 'the review links to its rapid review')
      assert.match(reviewText, /How it began From a rapid review decision/)

      overview = await coordinator.get(base)
      assert.ok(overview.body.includes(`href="/manage/reviews/${reviewId}"`), 'and back')
      assert.ok(!overview.body.includes(`action="${base}/review"`), 'no second button')
      assert.match(textOf(overview.body), /Local review Local child safeguarding practice review/)
      // The partner sees the link too.
      assert.ok((await partner.get(base)).body.includes(`href="/manage/reviews/${reviewId}"`))

      // A second attempt (an old page, a double click) is refused clearly.
      refused = await coordinator.submit(base, {}, `${base}/review`)
      assert.equal(refused.statusCode, 400)
      assert.match(
        errorSummaryOf(refused.body)?.items[0]?.text ?? '',
        /already been commissioned from this rapid review decision/,
      )
      assert.equal((await reviewsFrom(harness, base)).length, 1)

      const audit = await dbOf(harness)
        .selectFrom('audit_event')
        .select(['action', 'record_id', 'summary'])
        .where('record_id', 'in', [rapidReviewId, reviewId])
        .where('action', 'in', ['review.created', 'rapid-review.review-commissioned'])
        .orderBy('sequence')
        .execute()
      assert.deepEqual(
        audit.map(
          (event) => `${event.action} ${event.record_id === reviewId ? 'review' : 'rapid'}`,
        ),
        ['review.created review', 'rapid-review.review-commissioned rapid'],
      )
      for (const event of audit) {
        assert.ok(!event.summary.includes('Fictional Realname'), 'no restricted identity fields')
      }
    },
  )

  itOnLeg(
    'S9: another learning review is commissioned as one; no local review and a national review recommendation offer none',
    async () => {
      const harness = h()
      const coordinator = await signedIn(harness.app, COORDINATOR)
      const other = await decidedRapidReview(
        harness,
        coordinator,
        'Child L',
        'other-learning-review',
      )
      await signOffAll(harness, other.base)
      const reviewId = idFromLocation(
        await coordinator.submit(other.base, {}, `${other.base}/review`),
        '/manage/reviews/',
      )
      assert.equal(
        headingOf((await coordinator.get(`/manage/reviews/${reviewId}`)).body),
        'Other learning review: Child L',
      )

      for (const decision of ['no-local-review', 'national-review-recommended']) {
        const { base } = await decidedRapidReview(harness, coordinator, 'Child M', decision)
        await signOffAll(harness, base)
        const overview = await coordinator.get(base)
        assert.ok(!overview.body.includes(`action="${base}/review"`), decision)
        assert.match(textOf(overview.body), /Local review None/, decision)
        const refused = await coordinator.submit(base, {}, `${base}/review`)
        assert.equal(refused.statusCode, 400, decision)
        assert.match(
          errorSummaryOf(refused.body)?.items[0]?.text ?? '',
          decision === 'no-local-review'
            ? /There is no local review to commission/
            : /the Panel decides/,
        )
        assert.equal((await reviewsFrom(harness, base)).length, 0, decision)
      }
    },
  )
})
