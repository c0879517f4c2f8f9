// Issue 11, "we have seen this before": beside a new rapid review finding,
// learning point or recommendation, the business unit sees earlier learning
// sharing its themes or close wording whose actions are open, overdue or
// closed without completion, with each action's state and why it matches, and
// links it (audited, shown on both sides). Also the recurring themes page,
// themes on rapid review findings and briefings, and retiring a theme.
import assert from 'node:assert/strict'
import { describeOnEachDatabase, itOnLeg, type Harness } from './support/app-harness.js'
import { errorSummaryOf, textOf } from './support/html.js'
import {
  ADMINISTRATOR,
  COORDINATOR,
  PARTNER,
  PRACTITIONER,
  api,
  apiToken,
  signedIn,
} from './support/incident-helpers.js'
import { dbOf, demoChildDRapidReviewId } from './support/records.js'
import { ACCOUNTS, actorFor } from './support/route-walk.js'

async function childAGpRecommendation(harness: Harness) {
  return dbOf(harness)
    .selectFrom('recommendation')
    .innerJoin('review', 'review.id', 'recommendation.review_id')
    .select(['recommendation.id', 'review.id as reviewId'])
    .where('review.slug', '=', 'child-a-scr')
    .where('recommendation.position', '=', 6)
    .executeTakeFirstOrThrow()
}

async function auditOf(harness: Harness, recordId: string, like: string): Promise<string[]> {
  const rows = await dbOf(harness)
    .selectFrom('audit_event')
    .select('action')
    .where('record_id', '=', recordId)
    .where('action', 'like', like)
    .orderBy('sequence')
    .execute()
  return rows.map((row) => row.action)
}

describeOnEachDatabase('We have seen this before', (h) => {
  itOnLeg(
    'the demo diluted formula finding shows Child A’s open recommendation to GPs, its action and why; linked and unlinked, audited, shown on both sides',
    async () => {
      const harness = h()
      const rapidReviewId = await demoChildDRapidReviewId(dbOf(harness))
      const path = `/manage/rapid-reviews/${rapidReviewId}/seen-before`
      const coordinator = await signedIn(harness.app, COORDINATOR)
      const findings = await coordinator.get(`/manage/rapid-reviews/${rapidReviewId}/findings`)
      assert.ok(findings.body.includes(`href="${path}"`), 'the findings page links to it')

      const page = await coordinator.get(path)
      assert.equal(page.statusCode, 200)
      const text = textOf(page.body)
      assert.match(text, /We have seen this before: Rapid review findings/)
      assert.match(text, /Themes: Health services Neglect Pre-birth and infants/)
      // Child A's recommendation first, with its action's state and owner.
      const first = text.search(/Child A Serious Case Review ?: Recommendation 6/)
      assert.ok(first >= 0, text.slice(0, 2000))
      const entry = text.slice(first, first + 1200)
      assert.match(entry, /infant formula should be made up only as set out by the manufacturers/)
      assert.match(entry, /Shared themes: Health services, Neglect, Pre-birth and infants/)
      assert.match(entry, /Same phrases: “infant formula”, “dilute formula”/)
      assert.match(entry, /Same words: “GPs”/)
      assert.match(entry, /NHS South West London Integrated Care Board/)
      assert.match(entry, /Open In progress/)
      // Learning already acted on (the assured Baby Eliza action) is no warning.
      assert.doesNotMatch(text, /Reissue the pre-birth assessment guidance/)

      const recommendation = await childAGpRecommendation(harness)
      const linked = await coordinator.submit(
        path,
        {
          earlier: `recommendation:${recommendation.id}`,
        },
        `${path}/link`,
      )
      assert.equal(linked.statusCode, 303)
      const afterLink = textOf((await coordinator.get(path)).body)
      assert.match(
        afterLink,
        /Linked earlier learning Child A Serious Case Review ?: Recommendation 6/,
      )
      const again = await coordinator.submit(
        path,
        {
          earlier: `recommendation:${recommendation.id}`,
        },
        `${path}/link`,
      )
      assert.equal(again.statusCode, 303, 'linking twice is one link')
      assert.equal(
        (
          await dbOf(harness)
            .selectFrom('learning_link')
            .select('id')
            .where('from_id', '=', rapidReviewId)
            .execute()
        ).length,
        1,
      )
      // The other side: Child A's recommendation names the later finding.
      const otherSide = textOf(
        (
          await coordinator.get(
            `/manage/reviews/${recommendation.reviewId}/findings/recommendation/${recommendation.id}/seen-before`,
          )
        ).body,
      )
      assert.match(
        otherSide,
        /Later learning linked to this Rapid review findings: Child D ?, linked by Demo Coordinator/,
      )

      // Only earlier learning from the list may be linked.
      const refused = await coordinator.submit(
        path,
        { earlier: 'recommendation:not-an-id' },
        `${path}/link`,
      )
      assert.equal(refused.statusCode, 400)
      assert.deepEqual(errorSummaryOf(refused.body)?.items, [
        { text: 'Choose earlier learning from the list to link', href: '#link' },
      ])

      const unlinked = await coordinator.submit(
        path,
        {
          earlier: `recommendation:${recommendation.id}`,
        },
        `${path}/unlink`,
      )
      assert.equal(unlinked.statusCode, 303)
      assert.match(textOf((await coordinator.get(path)).body), /Not linked to earlier learning/)
      const notThere = await coordinator.submit(
        path,
        {
          earlier: `recommendation:${recommendation.id}`,
        },
        `${path}/unlink`,
      )
      assert.equal(notThere.statusCode, 404)
      assert.deepEqual(await auditOf(harness, rapidReviewId, 'learning-link.%'), [
        'learning-link.added',
        'learning-link.removed',
      ])

      // A partner reads the rapid review but does not run it; a practitioner neither.
      assert.equal((await (await signedIn(harness.app, PARTNER)).get(path)).statusCode, 403)
      assert.equal((await (await signedIn(harness.app, PRACTITIONER)).get(path)).statusCode, 403)
    },
  )

  itOnLeg('saving findings that repeat earlier learning goes straight to it', async () => {
    const harness = h()
    const rapidReviewId = await demoChildDRapidReviewId(dbOf(harness))
    const base = `/manage/rapid-reviews/${rapidReviewId}`
    const coordinator = await signedIn(harness.app, COORDINATOR)
    const page = await coordinator.get(`${base}/findings`)
    const version = /name="version" value="(\d+)"/.exec(page.body)?.[1] ?? ''
    const saved = await coordinator.submit(`${base}/findings`, {
      version,
      factsEstablished: 'The baby was fed diluted infant formula for weeks.',
      learningIdentified: '',
    })
    assert.equal(saved.statusCode, 303, textOf(saved.body).slice(0, 400))
    assert.equal(saved.headers.location, `${base}/seen-before`)
    const next = textOf((await coordinator.get(`${base}/seen-before`)).body)
    assert.match(next, /Findings saved. We have seen this before: \d+ earlier/)
  })

  itOnLeg(
    'a new learning point with close wording finds earlier learning; the review team links it',
    async () => {
      const harness = h()
      const coordinator = await actorFor(harness, ACCOUNTS.coordinator)
      const review = await dbOf(harness)
        .selectFrom('review')
        .select('id')
        .where('slug', '=', 'demo-review-child-c')
        .executeTakeFirstOrThrow()
      const point = await harness.services.reviewFindings.add(
        coordinator,
        review.id,
        'learning-point',
        {
          text: 'The host local authority was not told of the out of borough placement.',
        },
      )
      const path = `/manage/reviews/${review.id}/findings/learning-point/${point.id}/seen-before`
      const browser = await signedIn(harness.app, COORDINATOR)
      const reviewPage = await browser.get(`/manage/reviews/${review.id}`)
      assert.ok(reviewPage.body.includes(`href="${path}"`), 'each finding links to it')
      const text = textOf((await browser.get(path)).body)
      // Child Y's overdue learning point 4 (notify the host authority), by wording alone.
      assert.match(text, /Child Y Serious Case Review ?: Learning point 4/)
      assert.match(text, /Same phrases: “host local authorities”/)
      assert.match(text, /Overdue/)
    },
  )

  itOnLeg(
    'recurring themes: themes in two or more reviews, with the reviews and actions behind each',
    async () => {
      const harness = h()
      const coordinator = await signedIn(harness.app, COORDINATOR)
      const page = await coordinator.get('/manage/recurring-themes')
      assert.equal(page.statusCode, 200)
      const text = textOf(page.body)
      assert.match(text, /Recurring themes/)
      // Professional curiosity: Baby Eliza and Child A.
      assert.match(text, /Professional curiosity 2 \d+ \d+ \d+/)
      // Health services: Baby Eliza's learning and Child A's recommendations; Child A's two
      // open actions (health visiting caseloads, the GP reminder) are behind it.
      const health = text.slice(text.indexOf('Health services In '))
      assert.match(health, /In 2 reviews; 2 of 2 actions still open/)
      assert.match(health, /Remind every GP practice/)
      assert.doesNotMatch(text, /Online harm/)
      assert.equal(
        (await (await signedIn(harness.app, PRACTITIONER)).get('/manage/recurring-themes'))
          .statusCode,
        403,
      )
    },
  )

  itOnLeg(
    'rapid review findings and briefings are tagged with themes; a retired theme keeps its tags but is no longer offered',
    async () => {
      const harness = h()
      const rapidReviewId = await demoChildDRapidReviewId(dbOf(harness))
      const coordinator = await signedIn(harness.app, COORDINATOR)
      const themesPath = `/manage/rapid-reviews/${rapidReviewId}/themes`
      const tagging = textOf((await coordinator.get(themesPath)).body)
      assert.match(tagging, /Tagged with Health services/)
      assert.equal(
        (await coordinator.submit(themesPath, { other: 'professional-curiosity' })).statusCode,
        303,
      )

      // The Child A briefing, published in the demo, is tagged from its page.
      const childA = await dbOf(harness)
        .selectFrom('review')
        .select('id')
        .where('slug', '=', 'child-a-scr')
        .executeTakeFirstOrThrow()
      const briefingPage = await coordinator.get(`/manage/reviews/${childA.id}/briefing`)
      assert.ok(briefingPage.body.includes(`/manage/reviews/${childA.id}/briefing/themes`))
      const briefingThemes = `/manage/reviews/${childA.id}/briefing/themes`
      assert.match(
        textOf((await coordinator.get(briefingThemes)).body),
        /Because it says: “.*formula/i,
      )
      assert.equal(
        (await coordinator.submit(briefingThemes, { suggested: 'neglect' })).statusCode,
        303,
      )
      assert.match(
        textOf((await coordinator.get(`/manage/reviews/${childA.id}/briefing`)).body),
        /Themes: Neglect/,
      )

      // The administrator retires Professional curiosity.
      const administrator = await signedIn(harness.app, ADMINISTRATOR)
      const theme = await dbOf(harness)
        .selectFrom('theme')
        .select(['id', 'version'])
        .where('slug', '=', 'professional-curiosity')
        .executeTakeFirstOrThrow()
      const retired = await administrator.submit(
        '/manage/settings/themes',
        { version: String(theme.version) },
        '/manage/settings/themes/professional-curiosity/retire',
      )
      assert.equal(retired.statusCode, 303)
      assert.match(
        textOf((await administrator.get('/manage/settings/themes')).body),
        /Professional curiosity professional-curiosity Retired/,
      )
      // Existing tags remain, shown as retired; it is not offered or suggested for new ones.
      const after = textOf((await coordinator.get(themesPath)).body)
      assert.match(after, /Professional curiosity Retired/)
      const point = await dbOf(harness)
        .selectFrom('learning_point')
        .innerJoin('review', 'review.id', 'learning_point.review_id')
        .select(['learning_point.id', 'review.id as reviewId'])
        .where('review.slug', '=', 'baby-eliza-scr')
        .where('learning_point.position', '=', 3)
        .executeTakeFirstOrThrow()
      const pointThemes = `/manage/reviews/${point.reviewId}/findings/learning-point/${point.id}/themes`
      assert.doesNotMatch(
        (await coordinator.get(pointThemes)).body,
        /value="professional-curiosity"/,
      )
      const refused = await coordinator.submit(pointThemes, { other: 'professional-curiosity' })
      assert.equal(refused.statusCode, 400)
      assert.match(textOf(refused.body), /Professional curiosity is retired: choose a theme in use/)
      // The API lists it, marked, so every slug a tag carries resolves.
      const token = await apiToken(harness, PRACTITIONER)
      const listed = JSON.parse((await api(harness.app, token, 'GET', '/api/v1/themes')).body) as {
        themes: { slug: string; retired: boolean }[]
      }
      assert.equal(listed.themes.find((t) => t.slug === 'professional-curiosity')?.retired, true)
      assert.equal(listed.themes.find((t) => t.slug === 'neglect')?.retired, false)
      assert.equal(listed.themes.length, 26)
      // Reinstated, it is offered again.
      const reinstated = await administrator.submit(
        '/manage/settings/themes',
        { version: String(theme.version + 1) },
        '/manage/settings/themes/professional-curiosity/reinstate',
      )
      assert.equal(reinstated.statusCode, 303)
      assert.match((await coordinator.get(pointThemes)).body, /value="professional-curiosity"/)
      assert.deepEqual(await auditOf(harness, theme.id, 'theme.%'), [
        'theme.retired',
        'theme.reinstated',
      ])
      // A stale form is refused, not applied.
      const stale = await administrator.submit(
        '/manage/settings/themes',
        { version: String(theme.version) },
        '/manage/settings/themes/professional-curiosity/retire',
      )
      assert.equal(stale.statusCode, 409)
    },
  )
})
