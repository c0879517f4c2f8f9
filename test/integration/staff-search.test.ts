// Staff search of the learning library (issue 11), on both databases: every
// partnership's published learning for all staff, a partnership's own work in
// progress for its staff only, a restricted review's text only for the people
// on its access list, the index following changes in the same transaction,
// the filters (theme, kind, year, agency, partnership, status of related
// actions), listing by filters alone, escaped snippets, paging and bad filters.
import assert from 'node:assert/strict'
import { sql } from 'kysely'
import { indexRapidReviewForStaffSearch } from '../../src/services/learning/staff-search-service.js'
import type { StaffSearchFilters } from '../../src/domain/learning/staff-search.js'
import { testNow } from '../support/test-clock.js'
import { describeOnEachDatabase, type Harness, itOnLeg } from './support/app-harness.js'
import { dbOf, errorsOf, signedIn } from './support/review-helpers.js'
import { actorFor } from './support/route-walk.js'

const COORDINATOR = 'coordinator@wandsworth.example'
const ADMINISTRATOR = 'administrator@wandsworth.example'
const PARTNER = 'partner@wandsworth.example'
const PRACTITIONER = 'practitioner@wandsworth.example'
const SOUTHWARK = 'coordinator@southwark.example'
const DEMO_REVIEW = 'demo-review-child-c'

async function search(
  harness: Harness,
  email: string,
  text: string,
  filters: StaffSearchFilters = {},
  page = 1,
) {
  return harness.services.staffSearch.search(await actorFor(harness, email), {
    text,
    filters,
    page,
  })
}

async function reviewIdOf(harness: Harness, slug: string): Promise<string> {
  const row = await dbOf(harness)
    .selectFrom('review')
    .select('id')
    .where('slug', '=', slug)
    .executeTakeFirstOrThrow()
  return row.id
}

/** A learning point on the demo review in progress (Wandsworth's), added by its coordinator. */
async function addLearningPoint(harness: Harness, text: string): Promise<string> {
  const coordinator = await actorFor(harness, COORDINATOR)
  const reviewId = await reviewIdOf(harness, DEMO_REVIEW)
  const { id } = await harness.services.reviewFindings.add(
    coordinator,
    reviewId,
    'learning-point',
    {
      text,
    },
  )
  return id
}

describeOnEachDatabase('Staff search of the learning library', (h) => {
  itOnLeg(
    'the demo data is indexed: published learning of every partnership for all staff',
    async () => {
      const harness = h()
      // Child Y was led by Southwark: a Wandsworth practitioner finds it, on its public page.
      const found = await search(harness, PRACTITIONER, '"host local authorities"')
      assert.equal(found.total, 1)
      const hit = found.hits[0]!
      assert.equal(hit.sourceKind, 'learning-point')
      assert.equal(hit.published, true)
      assert.equal(hit.partnershipName.includes('Southwark'), true)
      assert.match(
        hit.snippet,
        /\uE000host(\uE001 \uE000| )local(\uE001 \uE000| )authorities\uE001/,
      )
      // Southwark's coordinator finds Wandsworth's published learning too.
      const formula = await search(harness, SOUTHWARK, 'dilute formula')
      assert.ok(formula.total >= 1)
      assert.ok(formula.hits.every((h) => h.published))
      assert.ok(formula.hits.some((h) => h.url.startsWith('/reviews/child-a-scr')))
      // Wandsworth's coordinator opens its own review's staff page instead.
      const own = await search(harness, COORDINATOR, 'dilute formula', {
        kinds: ['recommendation'],
      })
      assert.ok(
        own.hits.some((h) => h.url.startsWith('/manage/reviews/') && h.url.endsWith('#findings')),
      )
    },
  )

  itOnLeg('work in progress: its partnership’s staff only, following every change', async () => {
    const harness = h()
    const id = await addLearningPoint(
      harness,
      'Supervision missed the zephyrine pattern <b>twice</b> & more.',
    )
    const mine = await search(harness, COORDINATOR, 'zephyrine')
    assert.equal(mine.total, 1)
    assert.equal(mine.hits[0]!.published, false)
    assert.match(mine.hits[0]!.url, /^\/manage\/reviews\/[^/]+#findings$/)
    assert.equal((await search(harness, PARTNER, 'zephyrine')).total, 1)
    assert.equal((await search(harness, SOUTHWARK, 'zephyrine')).total, 0, 'another partnership')
    assert.equal((await search(harness, PRACTITIONER, 'zephyrine')).total, 0, 'no internal reading')

    // Snippets are escaped: only the engine's matches are marked up.
    const browser = await signedIn(harness.app, COORDINATOR)
    const page = await browser.get('/manage/learning?q=zephyrine')
    assert.equal(page.statusCode, 200)
    // PostgreSQL's headline leaves tags out; SQLite keeps them, escaped.
    assert.match(
      page.body,
      /<mark>zephyrine<\/mark> pattern (&lt;b&gt;|\s+)twice(&lt;\/b&gt;|\s+) &amp; more/,
    )
    assert.doesNotMatch(page.body, /<b>twice<\/b>/)

    // Changed, then entered in error: the index follows in the same transaction.
    const coordinator = await actorFor(harness, COORDINATOR)
    const reviewId = await reviewIdOf(harness, DEMO_REVIEW)
    const finding = await harness.services.reviewFindings.get(
      coordinator,
      reviewId,
      'learning-point',
      id,
    )
    await harness.services.reviewFindings.edit(
      coordinator,
      reviewId,
      'learning-point',
      id,
      finding.version,
      {
        text: 'Supervision missed the quillback pattern.',
      },
    )
    assert.equal((await search(harness, COORDINATOR, 'zephyrine')).total, 0)
    assert.equal((await search(harness, COORDINATOR, 'quillback')).total, 1)
    await harness.services.reviewFindings.markEnteredInError(
      coordinator,
      reviewId,
      'learning-point',
      id,
      finding.version + 1,
      'Added to the wrong review',
    )
    assert.equal((await search(harness, COORDINATOR, 'quillback')).total, 0)
  })

  itOnLeg('a restricted review’s text: only the people on its access list', async () => {
    const harness = h()
    await addLearningPoint(harness, 'The kestrelwick meeting was never minuted.')
    const reviewId = await reviewIdOf(harness, DEMO_REVIEW)
    const db = dbOf(harness)
    const coordinator = await actorFor(harness, COORDINATOR)
    const review = await db
      .selectFrom('review')
      .select('lead_partnership_id')
      .where('id', '=', reviewId)
      .executeTakeFirstOrThrow()
    await db
      .updateTable('review')
      .set({ access_restricted: 1 })
      .where('id', '=', reviewId)
      .execute()
    await db
      .insertInto('record_access_entry')
      .values({
        record_type: 'review',
        record_id: reviewId,
        partnership_id: review.lead_partnership_id,
        user_id: coordinator.userId,
        added_by_user_id: coordinator.userId,
        added_at: new Date(0).toISOString(),
      })
      .execute()
    try {
      assert.equal((await search(harness, COORDINATOR, 'kestrelwick')).total, 1, 'on the list')
      for (const email of [PARTNER, ADMINISTRATOR, PRACTITIONER, SOUTHWARK]) {
        const found = await search(harness, email, 'kestrelwick')
        assert.equal(found.total, 0, `${email} is not on the list`)
        // Not by a filter either.
        const listed = await search(harness, email, '', { kinds: ['learning-point'] })
        assert.ok(
          listed.hits.every((hit) => hit.reviewId !== reviewId),
          email,
        )
      }
    } finally {
      await db.deleteFrom('record_access_entry').where('record_id', '=', reviewId).execute()
      await db
        .updateTable('review')
        .set({ access_restricted: 0 })
        .where('id', '=', reviewId)
        .execute()
    }
  })

  itOnLeg('rapid review findings: the partnership’s incident readers only', async () => {
    const harness = h()
    const db = dbOf(harness)
    const rapidReview = await db
      .selectFrom('rapid_review')
      .innerJoin('partnership', 'partnership.id', 'rapid_review.partnership_id')
      .select('rapid_review.id')
      .where('partnership.slug', '=', 'wandsworth')
      .executeTakeFirstOrThrow()
    await db
      .updateTable('rapid_review')
      .set({
        learning_identified: 'Health visitors saw the marrowfield bruising and did not escalate.',
      })
      .where('id', '=', rapidReview.id)
      .execute()
    await db
      .transaction()
      .execute((trx) => indexRapidReviewForStaffSearch(trx, rapidReview.id, testNow()))
    const found = await search(harness, PARTNER, 'marrowfield')
    assert.equal(found.total, 1)
    assert.equal(found.hits[0]!.sourceKind, 'rapid-review-finding')
    assert.equal(found.hits[0]!.url, `/manage/rapid-reviews/${rapidReview.id}`)
    for (const email of [SOUTHWARK, PRACTITIONER]) {
      assert.equal((await search(harness, email, 'marrowfield')).total, 0, email)
    }
    const kinds = await search(harness, COORDINATOR, 'marrowfield', { kinds: ['report'] })
    assert.equal(kinds.total, 0, 'the kind filter')
  })

  itOnLeg(
    'filters: theme, kind, year, partnership, agency and the status of related actions',
    async () => {
      const harness = h()
      // Every review touching professional curiosity, by the theme alone.
      const curious = await search(harness, COORDINATOR, '', {
        themeSlug: 'professional-curiosity',
      })
      assert.ok(curious.total > 0)
      const reviews = new Set(curious.hits.map((hit) => hit.reviewId))
      const childA = await reviewIdOf(harness, 'child-a-scr')
      const eliza = await reviewIdOf(harness, 'baby-eliza-scr')
      const childY = await reviewIdOf(harness, 'child-y-scr')
      assert.ok(reviews.has(childA) && reviews.has(eliza), 'Child A and Baby Eliza')
      assert.ok(!reviews.has(childY), 'Child Y is not about professional curiosity')
      // With words too.
      const words = await search(harness, COORDINATOR, 'GPs', { themeSlug: 'health-services' })
      assert.ok(words.total > 0)
      assert.ok(words.hits.every((hit) => hit.reviewId === childA || hit.reviewId === eliza))

      const southwark = await dbOf(harness)
        .selectFrom('partnership')
        .select('id')
        .where('slug', '=', 'southwark')
        .executeTakeFirstOrThrow()
      const byPartnership = await search(harness, COORDINATOR, '', { partnershipId: southwark.id })
      assert.ok(byPartnership.total > 0)
      assert.ok(byPartnership.hits.every((hit) => hit.reviewId === childY))

      const years = await harness.services.staffSearch.years(await actorFor(harness, COORDINATOR))
      assert.ok(years.length > 0)
      const year = years[0]!
      const inYear = await search(harness, COORDINATOR, '', { year })
      assert.ok(inYear.hits.every((hit) => hit.datedOn?.startsWith(String(year))))
      const never = await search(harness, COORDINATOR, '', { year: 1991 })
      assert.equal(never.total, 0)

      // Actions: the demo has one overdue, one completed awaiting sign-off, one assured.
      const statuses = await dbOf(harness)
        .selectFrom('action')
        .select(['source_kind', 'source_id', 'status', 'due_on', 'agency_id'])
        .execute()
      assert.ok(statuses.length > 0, 'demo actions')
      const completed = await search(harness, COORDINATOR, '', { actionStatus: 'completed' })
      const expected = new Set(
        statuses
          .filter((a) => a.status === 'completed' || a.status === 'assured')
          .map((a) => a.source_id),
      )
      assert.deepEqual(new Set(completed.hits.map((hit) => hit.sourceId)), expected)
      const closed = await search(harness, COORDINATOR, '', { actionStatus: 'closed' })
      assert.equal(closed.total, statuses.filter((a) => a.status === 'closed').length)
      const overdue = await search(harness, COORDINATOR, '', { actionStatus: 'overdue' })
      const open = await search(harness, COORDINATOR, '', { actionStatus: 'open' })
      assert.ok(overdue.total >= 1 && open.total >= overdue.total)
      // Wandsworth's actions are not Southwark's business: its published
      // learning is not found by the state of its actions.
      for (const actionStatus of ['open', 'overdue', 'completed', 'closed'] as const) {
        const elsewhere = await search(harness, SOUTHWARK, '', { actionStatus })
        assert.ok(
          elsewhere.hits.every((hit) => hit.reviewId !== childA),
          `${actionStatus}: Child A's actions stay Wandsworth's`,
        )
      }

      const agencyId = statuses[0]!.agency_id
      const byAgency = await search(harness, COORDINATOR, '', { agencyId })
      assert.ok(byAgency.hits.some((hit) => hit.sourceId === statuses[0]!.source_id))
    },
  )

  itOnLeg('the page: a GET form, paging, a bad filter says what was wrong', async () => {
    const harness = h()
    const browser = await signedIn(harness.app, COORDINATOR)
    const empty = await browser.get('/manage/learning')
    assert.equal(empty.statusCode, 200)
    assert.match(empty.body, /Learning library/)
    assert.doesNotMatch(empty.body, /data-testid="result-count"/)

    const listed = await browser.get('/manage/learning?theme=professional-curiosity')
    assert.equal(listed.statusCode, 200)
    assert.match(listed.body, /data-testid="search-results"/)

    const beyond = await browser.get('/manage/learning?theme=professional-curiosity&page=999')
    assert.equal(beyond.statusCode, 200)
    assert.match(beyond.body, /There are no more results/)

    const bad = await browser.get('/manage/learning?q=neglect&kind=gossip&year=twenty&actions=soon')
    assert.equal(bad.statusCode, 400)
    const errors = errorsOf(bad)
    assert.ok(
      errors.some((e) => e.includes('Select a kind')),
      errors.join(),
    )
    assert.ok(
      errors.some((e) => e.includes('Year must be')),
      errors.join(),
    )
    assert.match(bad.body, /value="neglect"/, 'what was typed is kept')

    const hostile = await browser.get(
      `/manage/learning?q=${encodeURIComponent('"unbalanced NEAR( * <script>')}`,
    )
    assert.equal(hostile.statusCode, 200)
    assert.doesNotMatch(hostile.body, /<script>/)

    const anonymous = await harness.app.inject({ method: 'GET', url: '/manage/learning' })
    assert.equal(anonymous.statusCode, 302)
  })

  itOnLeg('reindexing rebuilds the same index from the records', async () => {
    const harness = h()
    const db = dbOf(harness)
    const before = await db.selectFrom('staff_search_document').select('id').orderBy('id').execute()
    await sql`DELETE FROM staff_search_document`.execute(db)
    assert.equal((await search(harness, COORDINATOR, 'formula')).total, 0)
    const count = await harness.services.staffSearch.reindexAll()
    assert.equal(count, before.length)
    assert.ok((await search(harness, COORDINATOR, 'formula')).total > 0)
  })
})
