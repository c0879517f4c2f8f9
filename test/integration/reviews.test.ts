// Reviews in progress (S10–S12, S18–S19): a legacy SCR created directly, its
// reviewers, stages and lifecycle, monitoring checkpoints, delays, the target
// date, access rules, stale edits, bad input and the API — on both databases.
import assert from 'node:assert/strict'
import { findPartnershipBySlug } from '../../src/data/repositories/partnership-repository.js'
import { findUserByEmail } from '../../src/data/repositories/user-repository.js'
import { canEditReview } from '../../src/domain/access/policy.js'
import { REVIEW_STAGES } from '../../src/domain/reviews/stages.js'
import { writtenDate } from '../../src/domain/calendar/written-date.js'
import { ValidationError } from '../../src/domain/errors.js'
import { loadDemoReviews, DEMO_REVIEW_SLUG } from '../../src/services/demo-data/demo-reviews.js'
import { ReviewService } from '../../src/services/review-service.js'
import type { Browser } from './support/app-harness.js'
import { describeOnEachDatabase, itOnLeg, type Harness } from './support/app-harness.js'
import { errorSummaryOf, headingOf, inlineErrorsOf, textOf } from './support/html.js'
import {
  COORDINATOR,
  ESCAPED_SCRIPT,
  PARTNER,
  PRACTITIONER,
  REVIEWER,
  SCRIPT,
  SOUTHWARK_COORDINATOR,
  apiToken,
  auditActions,
  countOf,
  createLegacyScr,
  dateFields,
  dbOf,
  errorsOf,
  legacyScrForm,
  signedIn,
  versionIn,
} from './support/review-helpers.js'
import { testClock } from '../support/test-clock.js'

interface ApiReview {
  id: string
  kind: string
  guidanceEdition: string
  status: string
  decisionOn: string | null
  targetOn: string | null
  targetStatus: string | null
  rapidReviewId: string | null
  reviewers: { name: string; role: string; organisation: string | null }[]
  stages: { stage: string; name: string; status: string }[]
  checkpoints: { heldOn: string; request: { kind: string; respondedOn: string | null } | null }[]
  delays: { reason: string; panelToldOn: string | null; secretaryOfStateToldOn: string | null }[]
}
interface ApiErrors {
  errors: { field: string; message: string }[]
}

async function wandsworthId(harness: Harness): Promise<string> {
  const partnership = await findPartnershipBySlug(dbOf(harness), 'wandsworth')
  assert.ok(partnership)
  return partnership.id
}

async function userId(harness: Harness, email: string): Promise<string> {
  const user = await findUserByEmail(dbOf(harness), email)
  assert.ok(user)
  return user.id
}

describeOnEachDatabase('Reviews in progress: legacy SCRs and learning reviews', (h) => {
  let coordinator: Browser
  let scrId = ''

  itOnLeg(
    'S18/S19: a coordinator creates a legacy SCR directly; target = decision + 6 months (S12)',
    async () => {
      const harness = h()
      coordinator = await signedIn(harness.app, COORDINATOR)
      const form = await coordinator.get('/manage/reviews/new')
      assert.equal(form.statusCode, 200)
      assert.equal(headingOf(form.body), 'Create a legacy SCR or other learning review')

      scrId = await createLegacyScr(coordinator, await wandsworthId(harness))
      const page = await coordinator.get(`/manage/reviews/${scrId}`)
      assert.equal(page.statusCode, 200)
      assert.equal(headingOf(page.body), 'Serious case review (Working Together 2015): Child C')
      const text = textOf(page.body)
      assert.match(text, /Commissioned/)
      assert.match(text, /Guidance edition WT2015: Working Together to Safeguard Children 2015/)
      assert.match(text, /a legacy serious case review has no rapid review \(S19\)/)
      assert.match(text, /Decision to hold the review 15 March 2018/)
      // S12/S18: 15 March 2018 + 6 months, long past: overdue.
      assert.match(text, /Target completion 15 September 2018 Overdue/)
      assert.match(text, /6 months after the decision \(S12, S18\)/)
      // The GOV.UK task list shows all eight stages, none started.
      for (const stage of [
        'Scoping',
        'Agency reports',
        'Chronology',
        'Practitioner learning event',
        'Family involvement',
        'Drafting',
        'Quality assurance',
        'Final report',
      ]) {
        assert.match(text, new RegExp(`${stage} .*?Not yet started`), stage)
      }
      assert.deepEqual(await auditActions(harness, scrId), ['review.created'])

      const review = await harness.services.reviews.get(
        await harness.services.auth.actorFor(await userId(harness, COORDINATOR)),
        scrId,
      )
      assert.equal(review.kind, 'scr-2015')
      assert.equal(review.guidanceEdition, 'WT2015')
      assert.equal(review.rapidReviewId, null)
      assert.equal(review.targetOn, '2018-09-15')
      assert.equal(review.stages.length, REVIEW_STAGES.length)
    },
  )

  itOnLeg(
    'lists reviews in progress with target dates and status tags; the public site still shows published reviews only',
    async () => {
      const { app } = h()
      const list = await coordinator.get('/manage/reviews')
      assert.equal(list.statusCode, 200)
      assert.equal(headingOf(list.body), 'Reviews in progress')
      const text = textOf(list.body)
      assert.match(text, /Serious case review \(Working Together 2015\): Child C/)
      assert.match(text, /15 September 2018 Overdue/)
      assert.match(list.body, /govuk-tag--grey">\s*Commissioned/)
      // Published seed reviews are not "in progress".
      // Published reviews are not in progress: listed apart, for their briefing and report.
      const [inProgress = '', published = ''] = text.split('Published reviews')
      assert.doesNotMatch(inProgress, /Child Y/)
      assert.match(published, /Child Y Serious Case Review/)

      const home = await app.inject({ method: 'GET', url: '/' })
      assert.doesNotMatch(home.body, /Child C/)
      const open = await app.inject({ method: 'GET', url: '/api/v1/public/reviews' })
      const slugs = open.json<{ reviews: { slug: string }[] }>().reviews.map((r) => r.slug)
      assert.deepEqual(slugs.sort(), ['baby-eliza-scr', 'child-a-scr', 'child-y-scr'])
      const publicPage = await app.inject({ method: 'GET', url: `/reviews/review-${scrId}` })
      assert.equal(publicPage.statusCode, 404)
    },
  )

  itOnLeg(
    'S10: starting without a named reviewer or terms of reference is refused, saying what is missing',
    async () => {
      const harness = h()
      const start = await coordinator.get(`/manage/reviews/${scrId}/start`)
      assert.equal(start.statusCode, 200)
      const refused = await coordinator.post(`/manage/reviews/${scrId}/start`, {
        _csrf: csrfOf(start.body),
        version: versionIn(start.body),
      })
      assert.equal(refused.statusCode, 400)
      assert.deepEqual(errorsOf(refused), [
        'Name at least one reviewer before a serious case review (working together 2015) starts (S10).',
        'Record the terms of reference before a serious case review (working together 2015) starts (S10).',
      ])
      const review = await coordinatorReview(harness, scrId)
      assert.equal(review.status, 'commissioned')
      assert.deepEqual(await auditActions(harness, scrId), ['review.created'])
    },
  )

  itOnLeg(
    'S10: names the lead reviewer, linked to the reviewer’s account, and records terms of reference',
    async () => {
      const harness = h()
      const reviewerId = await userId(harness, REVIEWER)
      // Before being named, the reviewer cannot even see the review.
      const reviewer = await signedIn(harness.app, REVIEWER)
      assert.equal((await reviewer.get(`/manage/reviews/${scrId}`)).statusCode, 404)

      const added = await coordinator.submit(`/manage/reviews/${scrId}/reviewers/new`, {
        name: 'Demo Reviewer',
        role: 'lead-reviewer',
        organisation: 'Independent',
        userId: reviewerId,
      })
      assert.equal(added.statusCode, 303)
      const details = await coordinator.get(`/manage/reviews/${scrId}/details`)
      const saved = await coordinator.post(`/manage/reviews/${scrId}/details`, {
        _csrf: csrfOf(details.body),
        version: versionIn(details.body),
        childPseudonym: 'Child C',
        title: '',
        methodology: 'silp',
        methodologyOther: '',
        termsOfReference: `How agencies shared information. ${SCRIPT}`,
        restricted: '',
        ...dateFields('decisionOn', '2018-03-15'),
      })
      assert.equal(saved.statusCode, 303, saved.body.slice(0, 1500))
      const page = await coordinator.get(`/manage/reviews/${scrId}`)
      assert.match(textOf(page.body), /Demo Reviewer Lead reviewer Independent Demo Reviewer/)
      assert.ok(page.body.includes(ESCAPED_SCRIPT), 'terms of reference escaped')
      assert.ok(!page.body.includes(SCRIPT))
      // Now named, the reviewer reads it and may work on its stages.
      assert.equal((await reviewer.get(`/manage/reviews/${scrId}`)).statusCode, 200)
      assert.deepEqual(await auditActions(harness, scrId), [
        'review.created',
        'review.reviewer-added',
        'review.details-updated',
      ])
    },
  )

  itOnLeg(
    'starts the review; the final report is refused until every stage is completed, then recorded',
    async () => {
      const harness = h()
      const start = await coordinator.get(`/manage/reviews/${scrId}/start`)
      const started = await coordinator.post(`/manage/reviews/${scrId}/start`, {
        _csrf: csrfOf(start.body),
        version: versionIn(start.body),
      })
      assert.equal(started.statusCode, 303)
      assert.equal((await coordinatorReview(harness, scrId)).status, 'in-progress')

      // Starting twice: an illegal transition, refused with the state it is in.
      const again = await coordinator.post(`/manage/reviews/${scrId}/start`, {
        _csrf: csrfOf(start.body),
        version: String((await coordinatorReview(harness, scrId)).version),
      })
      assert.equal(again.statusCode, 400)
      assert.deepEqual(errorsOf(again), [
        'This review cannot be started: it is in progress. Only a commissioned review can be started.',
      ])

      // The named reviewer completes all stages but quality assurance and the final report.
      const reviewer = await signedIn(harness.app, REVIEWER)
      for (const stage of REVIEW_STAGES.filter(
        (candidate) => candidate !== 'quality-assurance' && candidate !== 'final-report',
      )) {
        const url = `/manage/reviews/${scrId}/stages/${stage}`
        const page = await reviewer.get(url)
        assert.equal(page.statusCode, 200, stage)
        const response = await reviewer.post(url, {
          _csrf: csrfOf(page.body),
          version: versionIn(page.body),
          status: 'completed',
        })
        assert.equal(response.statusCode, 303, `${stage}: ${response.body.slice(0, 500)}`)
      }

      // Issue 8: the final report stage cannot be completed while another stage is open.
      const finalStage = await reviewer.get(`/manage/reviews/${scrId}/stages/final-report`)
      const tooEarly = await reviewer.post(`/manage/reviews/${scrId}/stages/final-report`, {
        _csrf: csrfOf(finalStage.body),
        version: versionIn(finalStage.body),
        status: 'completed',
      })
      assert.equal(tooEarly.statusCode, 400)
      assert.deepEqual(errorsOf(tooEarly), [
        'The final report stage cannot be marked completed while other stages are still open: Quality assurance (not yet started)',
      ])
      // Stage dates in order and not in the future, each message naming the dates.
      const badDates = await reviewer.post(`/manage/reviews/${scrId}/stages/final-report`, {
        _csrf: csrfOf(finalStage.body),
        version: versionIn(finalStage.body),
        status: 'in-progress',
        ...dateFields('startedOn', '2999-01-01'),
      })
      assert.equal(badDates.statusCode, 400)
      assert.match(
        errorsOf(badDates)[0] ?? '',
        /The date the stage started cannot be in the future: today is/,
      )

      // The stages as a GOV.UK task list: each a linked item with its status.
      const summary = await coordinator.get(`/manage/reviews/${scrId}`)
      const taskList = /<ul class="govuk-task-list"[^>]*>([\s\S]*?)<\/ul>/.exec(summary.body)?.[1]
      assert.ok(taskList, 'the stages are a GOV.UK task list')
      const items = [
        ...taskList.matchAll(/<li class="govuk-task-list__item[^"]*">([\s\S]*?)<\/li>/g),
      ]
      assert.equal(items.length, REVIEW_STAGES.length)
      for (const [index, stage] of REVIEW_STAGES.entries()) {
        const item = items[index]?.[1] ?? ''
        assert.match(
          item,
          new RegExp(
            stage === 'family-involvement'
              ? `href="/manage/reviews/${scrId}/family-involvement"`
              : `href="/manage/reviews/${scrId}/stages/${stage}"`,
          ),
          `${stage} links to its page`,
        )
        const status = /class="govuk-task-list__status[^"]*"[^>]*>([\s\S]*?)<\/div>/.exec(item)?.[1]
        assert.match(
          textOf(status ?? ''),
          stage === 'quality-assurance' || stage === 'final-report'
            ? /Not yet started/i
            : /Completed/i,
          stage,
        )
      }

      const finalPage = await coordinator.get(`/manage/reviews/${scrId}/final-report`)
      assert.match(
        textOf(finalPage.body),
        /Not completed yet: Quality assurance \(not yet started\), Final report \(not yet started\)/,
      )
      const refused = await coordinator.post(`/manage/reviews/${scrId}/final-report`, {
        _csrf: csrfOf(finalPage.body),
        version: versionIn(finalPage.body),
        ...dateFields('receivedOn', '2018-09-01'),
      })
      assert.equal(refused.statusCode, 400)
      assert.deepEqual(errorsOf(refused), [
        'The final report cannot be marked received before every stage is completed. Not completed yet: Quality assurance (not yet started), Final report (not yet started).',
      ])
      assert.equal((await coordinatorReview(harness, scrId)).status, 'in-progress')

      const qa = await coordinator.get(`/manage/reviews/${scrId}/stages/quality-assurance`)
      assert.equal(
        (
          await coordinator.post(`/manage/reviews/${scrId}/stages/quality-assurance`, {
            _csrf: csrfOf(qa.body),
            version: versionIn(qa.body),
            status: 'completed',
          })
        ).statusCode,
        303,
      )
      const finalStageNow = await coordinator.get(`/manage/reviews/${scrId}/stages/final-report`)
      assert.equal(
        (
          await coordinator.post(`/manage/reviews/${scrId}/stages/final-report`, {
            _csrf: csrfOf(finalStageNow.body),
            version: versionIn(finalStageNow.body),
            status: 'completed',
          })
        ).statusCode,
        303,
      )
      const recorded = await coordinator.post(`/manage/reviews/${scrId}/final-report`, {
        _csrf: csrfOf(finalPage.body),
        version: versionIn(finalPage.body),
        ...dateFields('receivedOn', '2018-09-01'),
      })
      assert.equal(recorded.statusCode, 303, recorded.body.slice(0, 1500))
      const review = await coordinatorReview(harness, scrId)
      assert.equal(review.status, 'final-report-received')
      assert.equal(review.finalReportReceivedOn, '2018-09-01')
      // Received before the target: the clock is met.
      assert.equal(review.clock?.status, 'met')
      const page = await coordinator.get(`/manage/reviews/${scrId}`)
      assert.match(textOf(page.body), /Target completion 15 September 2018 Done on time/)
      // Stages no longer move once the final report is in.
      const stage = await reviewer.get(`/manage/reviews/${scrId}/stages/drafting`)
      const frozen = await reviewer.post(`/manage/reviews/${scrId}/stages/drafting`, {
        _csrf: csrfOf(stage.body),
        version: versionIn(stage.body),
        status: 'in-progress',
      })
      assert.equal(frozen.statusCode, 400)
      assert.deepEqual(errorsOf(frozen), [
        'Stages can no longer change: the review is final report received.',
      ])
      const actions = await auditActions(harness, scrId)
      assert.equal(actions.filter((action) => action === 'review.stage-updated').length, 8)
      assert.ok(actions.includes('review.started'))
      assert.equal(actions.at(-1), 'review.final-report-received')
    },
  )

  itOnLeg(
    'S11: records a monitoring checkpoint with a written request, then its answer',
    async () => {
      const harness = h()
      const added = await coordinator.submit(`/manage/reviews/${scrId}/checkpoints/new`, {
        ...dateFields('heldOn', '2018-05-01'),
        observations: 'Agency reports late from health.',
        requestKind: 'draft',
        requestDetail: 'First draft of the report',
        ...dateFields('requestedOn', '2018-05-02'),
        ...dateFields('requestDueOn', '2018-06-01'),
      })
      assert.equal(added.statusCode, 303, added.body.slice(0, 1500))
      const review = await coordinatorReview(harness, scrId)
      const checkpoint = review.checkpoints[0]
      assert.ok(checkpoint?.request)
      assert.equal(checkpoint.request.kind, 'draft')
      assert.equal(checkpoint.request.status, 'overdue')
      const answer = await coordinator.submit(
        `/manage/reviews/${scrId}/checkpoints/${checkpoint.id}`,
        {
          version: String(checkpoint.version),
          ...dateFields('respondedOn', '2018-05-30'),
        },
      )
      assert.equal(answer.statusCode, 303)
      const page = await coordinator.get(`/manage/reviews/${scrId}`)
      assert.match(
        textOf(page.body),
        /A draft of the report: First draft of the report Sent 2 May 2018, due 1 June 2018, answered 30 May 2018 Answered/,
      )
      const actions = await auditActions(harness, scrId)
      assert.ok(actions.includes('review.checkpoint-added'))
      assert.ok(actions.includes('review.checkpoint-answered'))
    },
  )

  itOnLeg(
    'S12: records a delay from a criminal investigation and when the Panel and SoS were told',
    async () => {
      const harness = h()
      const added = await coordinator.submit(`/manage/reviews/${scrId}/delays/new`, {
        reason: 'criminal-investigation',
        details: 'Police investigation under way; publication could prejudice a trial.',
        ...dateFields('identifiedOn', '2018-06-01'),
        ...dateFields('panelToldOn', '2018-06-04'),
      })
      assert.equal(added.statusCode, 303, added.body.slice(0, 1500))
      let page = await coordinator.get(`/manage/reviews/${scrId}`)
      assert.match(
        textOf(page.body),
        /Criminal investigation .* Panel: 4 June 2018 Secretary of State: not told yet Tell the Secretary of State/,
      )
      const delay = (await coordinatorReview(harness, scrId)).delays[0]
      assert.ok(delay)
      const told = await coordinator.submit(`/manage/reviews/${scrId}/delays/${delay.id}`, {
        version: String(delay.version),
        ...dateFields('panelToldOn', '2018-06-04'),
        ...dateFields('secretaryOfStateToldOn', '2018-06-05'),
      })
      assert.equal(told.statusCode, 303)
      page = await coordinator.get(`/manage/reviews/${scrId}`)
      assert.match(textOf(page.body), /Secretary of State: 5 June 2018/)
      assert.doesNotMatch(textOf(page.body), /Tell the/)
    },
  )

  itOnLeg('a stale edit is refused with 409 and nothing changes', async () => {
    const harness = h()
    const id = await createLegacyScr(coordinator, await wandsworthId(harness), {
      childPseudonym: 'Child D',
    })
    const first = await coordinator.get(`/manage/reviews/${id}/details`)
    const second = await coordinator.get(`/manage/reviews/${id}/details`)
    const fields = {
      childPseudonym: 'Child D',
      title: '',
      methodology: 'silp',
      methodologyOther: '',
      termsOfReference: 'First version',
      ...dateFields('decisionOn', '2018-03-15'),
    }
    const saved = await coordinator.post(`/manage/reviews/${id}/details`, {
      _csrf: csrfOf(first.body),
      version: versionIn(first.body),
      ...fields,
    })
    assert.equal(saved.statusCode, 303)
    const stale = await coordinator.post(`/manage/reviews/${id}/details`, {
      _csrf: csrfOf(second.body),
      version: versionIn(second.body),
      ...fields,
      termsOfReference: 'Overwrites the first',
    })
    assert.equal(stale.statusCode, 409)
    assert.match(textOf(stale.body), /changed by someone else/)
    assert.equal((await coordinatorReview(harness, id)).termsOfReference, 'First version')

    // Stages are versioned too.
    const stagePage = await coordinator.get(`/manage/reviews/${id}/stages/scoping`)
    const version = versionIn(stagePage.body)
    const body = { _csrf: csrfOf(stagePage.body), version, status: 'in-progress' }
    assert.equal(
      (await coordinator.post(`/manage/reviews/${id}/stages/scoping`, body)).statusCode,
      303,
    )
    assert.equal(
      (await coordinator.post(`/manage/reviews/${id}/stages/scoping`, body)).statusCode,
      409,
    )
  })

  itOnLeg(
    'bad input on the new review form: empty, too long, wrong type, 2023-02-30, script — clear errors, nothing stored',
    async () => {
      const harness = h()
      const wandsworth = await wandsworthId(harness)
      const before = await countOf(harness, 'review')

      const empty = await coordinator.submit('/manage/reviews/new', {
        leadPartnershipId: wandsworth,
      })
      assert.equal(empty.statusCode, 400)
      assert.deepEqual(errorsOf(empty), [
        'Choose the kind of review',
        'Choose the guidance edition the review follows',
        'Enter the pseudonym used for the child, like Child C',
        'Choose the methodology',
        'Enter the decision date',
      ])
      assert.equal(errorSummaryOf(empty.body)?.items.at(-1)?.href, '#decisionOn-day')

      const tooLong = await coordinator.submit(
        '/manage/reviews/new',
        legacyScrForm(wandsworth, {
          childPseudonym: 'C'.repeat(61),
          title: 'T'.repeat(201),
          termsOfReference: 'x'.repeat(10_001),
          reviewer1Name: 'N'.repeat(121),
          reviewer1Role: 'lead-reviewer',
        }),
      )
      assert.equal(tooLong.statusCode, 400)
      assert.deepEqual(errorsOf(tooLong), [
        'Title must be 200 characters or fewer',
        'Pseudonym must be 60 characters or fewer',
        'Terms of reference must be 10000 characters or fewer',
        'Reviewer’s name must be 120 characters or fewer',
      ])

      const wrongType = await coordinator.submit(
        '/manage/reviews/new',
        legacyScrForm(wandsworth, {
          kind: 'lcspr',
          guidanceEdition: 'WT1999',
          methodology: '42',
          'decisionOn-day': 'ab',
          reviewer1Name: 'Someone',
          reviewer1Role: 'astronaut',
          reviewer1UserId: 'not-an-account',
          participatingPartnershipIds: 'not-a-partnership',
        }),
      )
      assert.equal(wrongType.statusCode, 400)
      assert.deepEqual(errorsOf(wrongType), [
        'Choose the kind of review',
        'Choose the guidance edition the review follows',
        'Choose the methodology',
        'Decision date must be a real date',
        'Choose the reviewer’s role',
        'Choose participating partnerships from the list',
      ])

      const impossible = await coordinator.submit(
        '/manage/reviews/new',
        legacyScrForm(wandsworth, {
          guidanceEdition: 'WT2018',
          ...dateFields('decisionOn', '2023-02-30'),
        }),
      )
      assert.equal(impossible.statusCode, 400)
      assert.deepEqual(errorsOf(impossible), [
        'A serious case review follows Working Together 2015 (S18, S19): choose WT2015',
        'Decision date must be a real date',
      ])
      assert.ok(
        inlineErrorsOf(impossible.body).includes('decisionOn: Decision date must be a real date'),
      )

      // Script text comes back escaped in the re-rendered form, never as markup.
      const script = await coordinator.submit(
        '/manage/reviews/new',
        legacyScrForm(wandsworth, { childPseudonym: SCRIPT, title: SCRIPT, 'decisionOn-year': '' }),
      )
      assert.equal(script.statusCode, 400)
      assert.ok(script.body.includes(ESCAPED_SCRIPT))
      assert.ok(!script.body.includes(SCRIPT))

      // A repeated field (an array) is a wrong type too: an error, not a crash.
      const newPage = await coordinator.get('/manage/reviews/new')
      const repeated = await postPairs(harness, coordinator, '/manage/reviews/new', [
        ['_csrf', csrfOf(newPage.body)],
        ...Object.entries(legacyScrForm(wandsworth, { childPseudonym: 'Child Z' })),
        ['childPseudonym', 'Child Y'],
      ])
      assert.equal(repeated.statusCode, 400)
      assert.deepEqual(errorsOf(repeated), ['Enter the pseudonym used for the child, like Child C'])
      assert.equal(await countOf(harness, 'review'), before)

      // And stored script text is shown escaped on the review and the list.
      const stored = await createLegacyScr(coordinator, wandsworth, { childPseudonym: SCRIPT })
      for (const url of [`/manage/reviews/${stored}`, '/manage/reviews']) {
        const page = await coordinator.get(url)
        assert.ok(page.body.includes(ESCAPED_SCRIPT), url)
        assert.ok(!page.body.includes(SCRIPT), url)
      }
      assert.equal(await countOf(harness, 'review'), before + 1)
    },
  )

  itOnLeg(
    'bad input on the reviewer, stage, checkpoint, delay, details and final report forms',
    async () => {
      const harness = h()
      const id = await createLegacyScr(coordinator, await wandsworthId(harness), {
        childPseudonym: 'Child E',
      })
      const reviewersBefore = await countOf(harness, 'review_reviewer', id)

      const reviewer = await coordinator.submit(`/manage/reviews/${id}/reviewers/new`, {
        name: '',
        role: 'case-group-member',
        organisation: 'O'.repeat(201),
        userId: await userId(harness, PRACTITIONER),
      })
      assert.equal(reviewer.statusCode, 400)
      assert.deepEqual(errorsOf(reviewer), [
        'Enter the reviewer’s name',
        'Choose the reviewer’s role: Significant Incident Learning Process (SILP) names lead reviewer, agency report author, reviewer',
        'Organisation must be 200 characters or fewer',
      ])
      const notAnAccount = await coordinator.submit(`/manage/reviews/${id}/reviewers/new`, {
        name: 'A Practitioner',
        role: 'reviewer',
        organisation: '',
        userId: await userId(harness, PRACTITIONER),
      })
      assert.deepEqual(errorsOf(notAnAccount), [
        'Choose the reviewer’s account from the list, or leave it blank',
      ])
      assert.equal(await countOf(harness, 'review_reviewer', id), reviewersBefore)

      const stage = await coordinator.get(`/manage/reviews/${id}/stages/scoping`)
      const wrongStatus = await coordinator.post(`/manage/reviews/${id}/stages/scoping`, {
        _csrf: csrfOf(stage.body),
        version: versionIn(stage.body),
        status: 'done-ish',
      })
      assert.equal(wrongStatus.statusCode, 400)
      assert.deepEqual(errorsOf(wrongStatus), [
        'Choose whether the stage is not started, in progress or completed',
      ])
      const noVersion = await coordinator.post(`/manage/reviews/${id}/stages/scoping`, {
        _csrf: csrfOf(stage.body),
        version: 'abc',
        status: 'completed',
      })
      assert.equal(noVersion.statusCode, 400)
      assert.deepEqual(errorsOf(noVersion), [
        'The form was incomplete. Reload the page and try again.',
      ])
      // Only scoping moves while the review is commissioned.
      const early = await coordinator.get(`/manage/reviews/${id}/stages/drafting`)
      const tooEarly = await coordinator.post(`/manage/reviews/${id}/stages/drafting`, {
        _csrf: csrfOf(early.body),
        version: versionIn(early.body),
        status: 'in-progress',
      })
      assert.equal(tooEarly.statusCode, 400)
      assert.match(
        errorsOf(tooEarly)[0] ?? '',
        /^Start the review before recording progress on Drafting/,
      )
      assert.equal((await coordinator.get(`/manage/reviews/${id}/stages/nonsense`)).statusCode, 404)

      const checkpoint = await coordinator.submit(`/manage/reviews/${id}/checkpoints/new`, {
        ...dateFields('heldOn', '2023-02-30'),
        observations: 'o'.repeat(5001),
        requestKind: 'information',
        requestDetail: '',
        'requestedOn-day': 'x',
        'requestedOn-month': '1',
        'requestedOn-year': '2018',
      })
      assert.equal(checkpoint.statusCode, 400)
      assert.deepEqual(errorsOf(checkpoint), [
        'Checkpoint date must be a real date',
        'Notes on time and quality must be 5000 characters or fewer',
        'Enter what was requested',
        'Date the written request was sent must be a real date',
        'Enter the date the answer is due',
      ])
      assert.equal(errorSummaryOf(checkpoint.body)?.items[0]?.href, '#heldOn-day')
      assert.equal(await countOf(harness, 'review_checkpoint', id), 0)

      const delay = await coordinator.submit(`/manage/reviews/${id}/delays/new`, {
        reason: SCRIPT,
        details: SCRIPT,
        ...dateFields('identifiedOn', '2018-01-01'),
        ...dateFields('panelToldOn', '2099-01-01'),
      })
      assert.equal(delay.statusCode, 400)
      assert.deepEqual(errorsOf(delay), [
        'Choose the proceedings causing the delay',
        'Date the delay was identified must be on or after the decision to hold the review',
        'Date the Panel was told must be today or in the past',
      ])
      assert.ok(delay.body.includes(ESCAPED_SCRIPT))
      assert.ok(!delay.body.includes(SCRIPT))
      assert.equal(await countOf(harness, 'review_delay', id), 0)

      const details = await coordinator.get(`/manage/reviews/${id}/details`)
      const badDetails = await coordinator.post(`/manage/reviews/${id}/details`, {
        _csrf: csrfOf(details.body),
        version: versionIn(details.body),
        childPseudonym: '',
        methodology: 'other',
        methodologyOther: '',
        ...dateFields('decisionOn', '2999-01-01'),
      })
      assert.equal(badDetails.statusCode, 400)
      assert.deepEqual(errorsOf(badDetails), [
        'Enter the pseudonym used for the child, like Child C',
        'Enter the name of the methodology',
        `Decision date must be today or in the past: 1 January 2999 is after today, ${writtenDate(harness.services.calendar.today())}`,
      ])
      assert.equal((await coordinatorReview(harness, id)).childPseudonym, 'Child E')

      // The final report of a review that has not started is an illegal transition.
      const finalPage = await coordinator.get(`/manage/reviews/${id}/final-report`)
      const notStarted = await coordinator.post(`/manage/reviews/${id}/final-report`, {
        _csrf: csrfOf(finalPage.body),
        version: versionIn(finalPage.body),
        ...dateFields('receivedOn', '2018-09-01'),
      })
      assert.equal(notStarted.statusCode, 400)
      assert.match(
        errorsOf(notStarted).join(' '),
        /the review has not started yet\. Start the review first/,
      )
    },
  )

  itOnLeg(
    'access: 403 for a practitioner; partners read but do not edit; other partnerships see nothing',
    async () => {
      const harness = h()
      const practitioner = await signedIn(harness.app, PRACTITIONER)
      for (const url of [
        '/manage/reviews',
        '/manage/reviews/new',
        `/manage/reviews/${scrId}`,
        `/manage/reviews/${scrId}/chronology`,
      ]) {
        assert.equal((await practitioner.get(url)).statusCode, 403, url)
      }
      const partner = await signedIn(harness.app, PARTNER)
      assert.equal((await partner.get(`/manage/reviews/${scrId}`)).statusCode, 200)
      assert.equal((await partner.get('/manage/reviews/new')).statusCode, 403)
      const page = await partner.get(`/manage/reviews/${scrId}`)
      assert.doesNotMatch(page.body, /reviewers\/new|\/details"/)

      const southwark = await signedIn(harness.app, SOUTHWARK_COORDINATOR)
      assert.equal((await southwark.get(`/manage/reviews/${scrId}`)).statusCode, 404)
      assert.doesNotMatch(textOf((await southwark.get('/manage/reviews')).body), /Child C/)

      // A reviewer edits only the reviews they are named on (policy helper + service).
      const other = await createLegacyScr(coordinator, await wandsworthId(harness), {
        childPseudonym: 'Child F',
      })
      const reviewerActor = await harness.services.auth.actorFor(await userId(harness, REVIEWER))
      await assert.rejects(
        harness.services.reviews.updateStage(reviewerActor, other, 'scoping', 1, 'in-progress'),
        { name: 'NotFoundError' },
      )
      const partnerActor = await harness.services.auth.actorFor(await userId(harness, PARTNER))
      await assert.rejects(
        harness.services.reviews.updateStage(partnerActor, other, 'scoping', 1, 'in-progress'),
        { name: 'AccessDeniedError' },
      )
      assert.equal(
        canEditReview(reviewerActor, {
          leadPartnershipId: await wandsworthId(harness),
          participatingPartnershipIds: [],
          namedUserIds: [],
          restricted: false,
        }),
        false,
      )
    },
  )

  itOnLeg(
    'API: GET /api/v1/reviews/:id answers the review with targetOn and stages, only to those who may read it',
    async () => {
      const harness = h()
      const token = await apiToken(harness, COORDINATOR)
      const response = await harness.app.inject({
        method: 'GET',
        url: `/api/v1/reviews/${scrId}`,
        headers: { authorization: `Bearer ${token}` },
      })
      assert.equal(response.statusCode, 200, response.body)
      const review = response.json<ApiReview>()
      assert.equal(review.kind, 'scr-2015')
      assert.equal(review.guidanceEdition, 'WT2015')
      assert.equal(review.status, 'final-report-received')
      assert.equal(review.decisionOn, '2018-03-15')
      assert.equal(review.targetOn, '2018-09-15')
      assert.equal(review.targetStatus, 'met')
      assert.equal(review.rapidReviewId, null)
      assert.deepEqual(
        review.stages.map((stage) => [stage.stage, stage.status]),
        REVIEW_STAGES.map((stage) => [stage, 'completed']),
      )
      assert.equal(review.stages[3]?.name, 'Practitioner learning event')
      assert.deepEqual(review.reviewers, [
        { name: 'Demo Reviewer', role: 'lead-reviewer', organisation: 'Independent' },
      ])
      assert.equal(review.checkpoints[0]?.request?.respondedOn, '2018-05-30')
      assert.equal(review.delays[0]?.secretaryOfStateToldOn, '2018-06-05')
      assert.doesNotMatch(response.body, /userId/)

      const southwark = await apiToken(harness, SOUTHWARK_COORDINATOR)
      const hidden = await harness.app.inject({
        method: 'GET',
        url: `/api/v1/reviews/${scrId}`,
        headers: { authorization: `Bearer ${southwark}` },
      })
      assert.equal(hidden.statusCode, 404)
      const practitioner = await apiToken(harness, PRACTITIONER)
      assert.equal(
        (
          await harness.app.inject({
            method: 'GET',
            url: `/api/v1/reviews/${scrId}`,
            headers: { authorization: `Bearer ${practitioner}` },
          })
        ).statusCode,
        403,
      )
      const badId = await harness.app.inject({
        method: 'GET',
        url: '/api/v1/reviews/not-an-id',
        headers: { authorization: `Bearer ${token}` },
      })
      assert.equal(badId.statusCode, 400)
      assert.equal(badId.json<ApiErrors>().errors[0]?.field, 'id')
      const noToken = await harness.app.inject({ method: 'GET', url: `/api/v1/reviews/${scrId}` })
      assert.equal(noToken.statusCode, 401)
      const docs = await harness.app.inject({ method: 'GET', url: '/api/docs/openapi.json' })
      assert.ok(docs.json<{ paths: Record<string, unknown> }>().paths['/reviews/{id}'])
    },
  )

  itOnLeg(
    'a rapid review decision creates an LCSPR (methodology later), once per rapid review',
    async () => {
      const harness = h()
      const actor = await harness.services.auth.actorFor(await userId(harness, COORDINATOR))
      const wandsworth = await wandsworthId(harness)
      const southwark = await findPartnershipBySlug(dbOf(harness), 'southwark')
      const input = {
        rapidReviewId: 'rapid-review-1',
        partnershipId: wandsworth,
        decisionOn: '2024-02-01',
        kind: 'lcspr',
        guidanceEdition: 'WT2023',
        childPseudonym: 'Child G',
        participatingPartnershipIds: [southwark!.id],
      }
      const { id } = await harness.services.reviews.createFromRapidReviewDecision(actor, input)
      const review = await harness.services.reviews.get(actor, id)
      assert.equal(review.kind, 'lcspr')
      assert.equal(review.rapidReviewId, 'rapid-review-1')
      assert.equal(review.methodology, null)
      assert.equal(review.targetOn, '2024-08-01')
      assert.deepEqual(
        review.participatingPartnerships.map((p) => p.slug),
        ['southwark'],
      )
      assert.equal(review.transitions.start.allowed, false)
      await assert.rejects(
        harness.services.reviews.createFromRapidReviewDecision(actor, input),
        (error: unknown) =>
          error instanceof ValidationError &&
          error.errors[0]?.message ===
            'A review has already been created from this rapid review decision',
      )
      await assert.rejects(
        harness.services.reviews.createFromRapidReviewDecision(actor, {
          ...input,
          rapidReviewId: 'rapid-review-2',
          kind: 'scr-2015',
          guidanceEdition: 'WT2015',
        }),
        ValidationError,
      )
      // Inside the rapid review's own transaction, on a service built on it.
      await dbOf(harness)
        .transaction()
        .execute(async (trx) => {
          await new ReviewService({ db: trx, now: testClock }).createFromRapidReviewDecision(
            actor,
            {
              ...input,
              rapidReviewId: 'rapid-review-3',
            },
          )
        })
      assert.equal(
        await countOf(harness, 'review'),
        (await dbOf(harness).selectFrom('review').select('id').execute()).length,
      )
      // The participating partnership's business unit reads it; a restricted one it would not.
      const southwarkActor = await harness.services.auth.actorFor(
        await userId(harness, SOUTHWARK_COORDINATOR),
      )
      assert.equal((await harness.services.reviews.get(southwarkActor, id)).canOversee, false)
    },
  )

  itOnLeg('demo data: one review in progress for Child C, loaded once', async () => {
    const harness = h()
    const context = { db: dbOf(harness), now: testClock }
    // The harness loaded the demo data, which includes this review: again adds nothing.
    assert.deepEqual(await loadDemoReviews(context), { reviews: 0 })
    const copies = await dbOf(harness)
      .selectFrom('review')
      .select('id')
      .where('slug', '=', DEMO_REVIEW_SLUG)
      .execute()
    assert.equal(copies.length, 1)
    const row = await dbOf(harness)
      .selectFrom('review')
      .select(['id', 'status'])
      .where('slug', '=', DEMO_REVIEW_SLUG)
      .executeTakeFirstOrThrow()
    assert.equal(row.status, 'in-progress')
    const reviewer = await signedIn(harness.app, REVIEWER)
    const page = await reviewer.get(`/manage/reviews/${row.id}`)
    assert.equal(page.statusCode, 200)
    assert.match(textOf(page.body), /On track/)
    assert.equal(await countOf(harness, 'chronology_entry', row.id), 4)
    // S10: an in-progress review keeps its lead reviewer: removing the only one is refused.
    const coordinatorPage = await coordinator.get(`/manage/reviews/${row.id}`)
    const removeAction = /action="(\/manage\/reviews\/[^"]+\/reviewers\/[^"]+\/remove)"/.exec(
      coordinatorPage.body,
    )?.[1]
    assert.ok(removeAction)
    const refused = await coordinator.post(removeAction, { _csrf: csrfOf(coordinatorPage.body) })
    assert.equal(refused.statusCode, 400)
    assert.deepEqual(errorsOf(refused), [
      'A review in progress needs a lead reviewer: name another before removing Demo Reviewer (S10)',
    ])
    assert.equal(errorSummaryOf(refused.body)?.items[0]?.href, '#reviewers')
    assert.equal(await countOf(harness, 'review_reviewer', row.id), 1)
  })
})

async function coordinatorReview(harness: Harness, id: string) {
  const actor = await harness.services.auth.actorFor(await userId(harness, COORDINATOR))
  return harness.services.reviews.get(actor, id)
}

/** Posts a form whose fields may repeat, as a browser sends checkboxes (or a tampered form). */
async function postPairs(
  harness: Harness,
  browser: Browser,
  url: string,
  pairs: [string, string][],
) {
  return harness.app.inject({
    method: 'POST',
    url,
    headers: {
      cookie: `session=${browser.cookieNamed('session') ?? ''}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    payload: new URLSearchParams(pairs).toString(),
  })
}

function csrfOf(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html)
  assert.ok(match?.[1], 'a CSRF token on the page')
  return match[1]
}
