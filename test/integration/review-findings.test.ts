// Findings on a review in progress (issue 8): a review created in the product
// gets learning points and recommendations (one addressed to an agency of
// another partnership, as the Child Y review was led by Southwark with learning
// for Wandsworth), then an action that reaches that agency's lead; findings of
// the commissioning rapid review carried in; the family involvement stage (S10);
// a decision date before the incident refused (S12) — on both databases.
import assert from 'node:assert/strict'
import { findPartnershipBySlug } from '../../src/data/repositories/partnership-repository.js'
import { ValidationError } from '../../src/domain/errors.js'
import { addCalendarDays } from '../../src/domain/calendar/calendar-date.js'
import { describeOnEachDatabase, itOnLeg, type Harness } from './support/app-harness.js'
import { textOf } from './support/html.js'
import { api, apiToken } from './support/incident-helpers.js'
import {
  COORDINATOR,
  SOUTHWARK_COORDINATOR,
  auditActions,
  createLegacyScr,
  dateFields,
  dbOf,
  errorsOf,
  signedIn,
  versionIn,
} from './support/review-helpers.js'
import { actorFor } from './support/route-walk.js'

const AGENCY_LEAD = 'agency-lead@wandsworth.example'
const CHILDRENS_SERVICES = "Wandsworth Council Children's Services"

async function agencyIdOf(harness: Harness, name: string): Promise<string> {
  const row = await dbOf(harness)
    .selectFrom('agency')
    .select('id')
    .where('name', '=', name)
    .executeTakeFirstOrThrow()
  return row.id
}

async function findingsOf(harness: Harness, reviewId: string) {
  return dbOf(harness)
    .selectFrom('learning_point')
    .select(['id', 'text', 'version', 'entered_in_error_at', 'source_reference'])
    .where('review_id', '=', reviewId)
    .orderBy('position')
    .execute()
}

describeOnEachDatabase('Findings on a review in progress', (h) => {
  itOnLeg(
    'a new review gets a learning point and a recommendation for another partnership’s agency; an action follows and reaches that agency’s lead',
    async () => {
      const harness = h()
      const southwark = await signedIn(harness.app, SOUTHWARK_COORDINATOR)
      const southwarkId = (await findPartnershipBySlug(dbOf(harness), 'southwark'))!.id
      const reviewId = await createLegacyScr(southwark, southwarkId, { childPseudonym: 'Child Q' })
      const base = `/manage/reviews/${reviewId}`

      const empty = await southwark.submit(`${base}/findings/recommendation/new`, { text: '' })
      assert.equal(empty.statusCode, 400)
      assert.deepEqual(errorsOf(empty), [
        'Enter the recommendation',
        'Select the agencies the recommendation is for',
      ])

      const point = await southwark.submit(`${base}/findings/learning-point/new`, {
        text: 'Neglect was seen in each visit but never named.',
      })
      assert.equal(point.statusCode, 303)
      assert.match(textOf((await southwark.get(base)).body), /Learning point added/)

      const wandsworthAgency = await agencyIdOf(harness, CHILDRENS_SERVICES)
      const form = await southwark.get(`${base}/findings/recommendation/new`)
      assert.match(
        form.body,
        new RegExp(`value="${wandsworthAgency}"`),
        'other partnerships’ agencies offered',
      )
      const recommendation = await southwark.post(`${base}/findings/recommendation/new`, {
        _csrf: /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!,
        text: 'Children’s services should audit neglect thresholds.',
        agencyIds: wandsworthAgency,
      })
      assert.equal(recommendation.statusCode, 303)
      const page = textOf((await southwark.get(base)).body)
      assert.match(page, /Children’s services should audit neglect thresholds\./)
      assert.match(page, /For: Wandsworth Council Children's Services \(Wandsworth/)

      // The action form offers the recommendation and the Wandsworth agency it is addressed to.
      const actionForm = await southwark.get(`${base}/actions/new`)
      assert.equal(actionForm.statusCode, 200)
      const recommendationId = (
        await dbOf(harness)
          .selectFrom('recommendation')
          .select('id')
          .where('review_id', '=', reviewId)
          .executeTakeFirstOrThrow()
      ).id
      const assigned = await southwark.submit(
        `${base}/actions/new`,
        {
          source: `recommendation:${recommendationId}`,
          agencyId: wandsworthAgency,
          description: 'Audit 20 neglect referrals',
          ...dateFields('dueOn', addCalendarDays(harness.services.calendar.today(), 30)),
        },
        `${base}/actions`,
      )
      assert.equal(assigned.statusCode, 303, assigned.body.slice(0, 1500))
      const actionId = /\/manage\/actions\/([0-9a-f-]{36})/.exec(assigned.headers.location!)![1]!
      const lead = await signedIn(harness.app, AGENCY_LEAD)
      const list = await lead.get('/manage/actions')
      assert.match(list.body, new RegExp(`/manage/actions/${actionId}`))
      assert.match(textOf(list.body), /Audit 20 neglect referrals/)

      // Correcting the learning point: versioned; marking it entered in error keeps it, off lists.
      const lp = (await findingsOf(harness, reviewId))[0]!
      const change = await southwark.submit(`${base}/findings/learning-point/${lp.id}`, {
        version: String(lp.version),
        text: 'Neglect was seen at each visit but never named as neglect.',
      })
      assert.equal(change.statusCode, 303)
      const stale = await southwark.submit(`${base}/findings/learning-point/${lp.id}`, {
        version: String(lp.version),
        text: 'Stale',
      })
      assert.equal(stale.statusCode, 409)
      const withdrawn = await southwark.submit(
        `${base}/findings/learning-point/${lp.id}/entered-in-error`,
        { version: String(lp.version + 1), reason: 'Duplicate of recommendation 1' },
      )
      assert.equal(withdrawn.statusCode, 303)
      const kept = (await findingsOf(harness, reviewId))[0]!
      assert.ok(kept.entered_in_error_at, 'kept, marked')
      const options = await harness.services.actionPlans.newActionOptions(
        await actorFor(harness, SOUTHWARK_COORDINATOR),
        reviewId,
      )
      assert.deepEqual(
        options.sources.map((source) => source.kind),
        ['recommendation'],
        'a finding entered in error cannot be acted on',
      )
      const actions = await auditActions(harness, reviewId)
      for (const action of [
        'review.learning-point-added',
        'review.recommendation-added',
        'review.learning-point-corrected',
        'review.learning-point-entered-in-error',
      ]) {
        assert.ok(actions.includes(action), action)
      }
      // Wandsworth's coordinator is not on this review's team: cannot record its findings.
      const wandsworth = await signedIn(harness.app, COORDINATOR)
      assert.equal((await wandsworth.get(`${base}/findings/learning-point/new`)).statusCode, 404)
    },
  )

  itOnLeg(
    'a rapid review’s findings are carried in as cited learning points; a decision before the incident is refused naming both dates',
    async () => {
      const harness = h()
      const token = await apiToken(harness, COORDINATOR)
      const created = await api(harness.app, token, 'POST', '/api/v1/incidents', {
        childPseudonym: 'Child Findings',
        awareOn: '2024-01-10',
        incidentOn: '2024-01-08',
        harm: 'serious-harm',
        abuseOrNeglect: 'suspected',
      })
      assert.equal(created.statusCode, 201, created.body)
      const incident = created.json<{ id: string; version: number }>()
      const coordinatorActor = await actorFor(harness, COORDINATOR)
      const rapidReviewId = await harness.services.rapidReviews.start(
        coordinatorActor,
        incident.id,
        incident.version,
      )
      await dbOf(harness)
        .updateTable('rapid_review')
        .set({
          learning_identified:
            '- Agencies did not share the bruising seen at nursery\n- The GP was not invited to the strategy meeting',
        })
        .where('id', '=', rapidReviewId)
        .execute()
      const wandsworthId = (await findPartnershipBySlug(dbOf(harness), 'wandsworth'))!.id
      const decision = {
        rapidReviewId,
        partnershipId: wandsworthId,
        kind: 'lcspr',
        guidanceEdition: 'WT2023',
        childPseudonym: 'Child Findings',
      }
      await assert.rejects(
        harness.services.reviews.createFromRapidReviewDecision(coordinatorActor, {
          ...decision,
          decisionOn: '2024-01-09',
        }),
        (error: unknown) =>
          error instanceof ValidationError &&
          error.errors.some(
            (e) =>
              e.message ===
              'Decision date (9 January 2024) must be on or after the date the partnership became aware of the incident (10 January 2024)',
          ),
      )
      const { id: reviewId } = await harness.services.reviews.createFromRapidReviewDecision(
        coordinatorActor,
        { ...decision, decisionOn: '2024-02-01' },
      )
      // The 6-month target (S12) runs from the accepted date.
      assert.equal(
        (await harness.services.reviews.get(coordinatorActor, reviewId)).targetOn,
        '2024-08-01',
      )

      const coordinator = await signedIn(harness.app, COORDINATOR)
      const base = `/manage/reviews/${reviewId}`
      assert.match(
        textOf((await coordinator.get(base)).body),
        /Carry findings from the rapid review \(2 not yet in this review\)/,
      )
      const carry = await coordinator.get(`${base}/findings/from-rapid-review`)
      assert.match(textOf(carry.body), /Agencies did not share the bruising seen at nursery/)
      const none = await coordinator.submit(`${base}/findings/from-rapid-review`, {})
      assert.equal(none.statusCode, 400)
      assert.deepEqual(errorsOf(none), ['Select the findings to carry into the review'])
      const carried = await coordinator.submit(`${base}/findings/from-rapid-review`, {
        findings: 'learning-identified:2',
      })
      assert.equal(carried.statusCode, 303)
      const points = await findingsOf(harness, reviewId)
      assert.deepEqual(
        points.map((point) => [point.text, point.source_reference]),
        [['The GP was not invited to the strategy meeting', 'learning-identified:2']],
      )
      const page = textOf((await coordinator.get(base)).body)
      assert.match(page, /1 learning point added/)
      assert.match(page, /From the rapid review: learning identified, finding 2/)
      // Carried once: the same finding again is refused.
      const twice = await coordinator.submit(`${base}/findings/from-rapid-review`, {
        findings: 'learning-identified:2',
      })
      assert.equal(twice.statusCode, 400)
      assert.ok(
        (await auditActions(harness, reviewId)).includes('review.rapid-review-findings-carried'),
      )
    },
  )

  itOnLeg(
    'the family involvement stage records the invitation and what the family said (S10)',
    async () => {
      const harness = h()
      const coordinator = await signedIn(harness.app, COORDINATOR)
      const wandsworthId = (await findPartnershipBySlug(dbOf(harness), 'wandsworth'))!.id
      const reviewId = await createLegacyScr(coordinator, wandsworthId, {
        childPseudonym: 'Child F',
      })
      const url = `/manage/reviews/${reviewId}/family-involvement`
      const review = await coordinator.get(`/manage/reviews/${reviewId}`)
      assert.match(review.body, new RegExp(`href="${url}"`), 'from the stages task list')
      const page = await coordinator.get(url)
      assert.equal(page.statusCode, 200)
      const bad = await coordinator.submit(url, {
        version: versionIn(page.body),
        ...dateFields('invitedOn', '2018-03-01'),
        invitedHow: 'letter',
        invitedBy: 'Lead reviewer',
        tookPart: 'yes',
        familyViews: '',
      })
      assert.equal(bad.statusCode, 400)
      assert.deepEqual(errorsOf(bad), [
        'The date the family were invited (1 March 2018) must be on or after the decision to hold the review (15 March 2018)',
        'Enter what the family said',
      ])
      const saved = await coordinator.submit(url, {
        version: versionIn(page.body),
        ...dateFields('invitedOn', '2018-04-02'),
        invitedHow: 'letter',
        invitedBy: 'Lead reviewer',
        tookPart: 'yes',
        familyViews: 'Mother said nobody listened when she asked for help.',
      })
      assert.equal(saved.statusCode, 303)
      assert.match(
        textOf((await coordinator.get(`/manage/reviews/${reviewId}`)).body),
        /Family involvement recorded/,
      )
      const again = await coordinator.get(url)
      assert.match(again.body, /Mother said nobody listened/)
      assert.match(again.body, /value="letter" checked/)
      // The first form, read before anything was saved, is now stale.
      const stale = await coordinator.submit(url, {
        version: '0',
        ...dateFields('invitedOn', '2018-04-03'),
        invitedHow: 'phone',
        invitedBy: 'Someone else',
        tookPart: 'no',
      })
      assert.equal(stale.statusCode, 409)
      assert.ok(
        (await auditActions(harness, reviewId)).includes('review.family-involvement-recorded'),
      )
    },
  )
})
