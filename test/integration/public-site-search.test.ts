// Search of published text (issue 9): ranking, English stemming, highlighted
// snippets that are safe HTML, filters and paging, hostile queries, and the
// promise that only published text can ever be found.
import assert from 'node:assert/strict'
import { findPartnershipBySlug } from '../../src/data/repositories/partnership-repository.js'
import { describeOnEachDatabase, type Harness, itOnLeg } from './support/app-harness.js'
import { apiToken, api, COORDINATOR } from './support/incident-helpers.js'
import { publishTestReview, withdrawTestReview } from './support/public-site-helpers.js'
import { actorFor } from './support/route-walk.js'
import { textOf } from './support/html.js'

interface SearchJson {
  searchedFor: string
  leftOut: string[]
  total: number
  totalCapped: boolean
  page: number
  pageSize: number
  results: {
    title: string
    url: string
    source: string
    review: { slug: string; kind: string }
    publishedOn: string | null
    snippet: string
    snippetHtml: string
  }[]
}

const ready = new WeakMap<Harness, Promise<void>>()

/** The reviews these tests search, published once per database. */
function corpus(harness: Harness): Promise<void> {
  let done = ready.get(harness)
  if (!done) {
    done = (async () => {
      await publishTestReview(harness, {
        slug: 'search-title-match',
        title: 'Neglect of a toddler in temporary accommodation',
        kind: 'lcspr',
        publishedOn: '2023-02-01',
        summary: 'The family moved between hostels. Health visitors lost contact.',
        learningPoints: ['Practitioners should follow up missed appointments.'],
      })
      await publishTestReview(harness, {
        slug: 'search-body-match',
        title: 'A review of information sharing',
        kind: 'other-learning',
        publishedOn: '2024-07-15',
        leadPartnership: 'southwark',
        summary:
          'Early help was offered. Much later in the review, the panel noted signs of neglected dental care and hunger, which were <b>not</b> shared & recorded (a score < 3 & falling).',
        recommendations: ['Agencies must share concerns about neglecting children promptly.'],
      })
      await publishTestReview(harness, {
        slug: 'search-draft-only',
        title: 'A review still in progress about zanzibarian practice',
        status: 'in-progress',
        summary: 'Draft text: quokkaphobic supervision.',
      })
      const withdrawnId = await publishTestReview(harness, {
        slug: 'search-withdrawn',
        title: 'A withdrawn review about thrumbleweed',
        summary: 'This mentions thrumbleweed and neglect.',
      })
      await withdrawTestReview(harness, withdrawnId, 'Criminal proceedings began')
      for (let n = 1; n <= 12; n += 1) {
        await publishTestReview(harness, {
          slug: `search-paging-${String(n).padStart(2, '0')}`,
          title: `Paging review ${n}`,
          kind: 'scr-2015',
          publishedOn: `2019-01-${String(n).padStart(2, '0')}`,
          summary: `Each of these mentions the word pagingword once, number ${n}.`,
        })
      }
    })()
    ready.set(harness, done)
  }
  return done
}

/** A review's id by its slug. */
async function reviewIdOf(harness: Harness, slug: string): Promise<string> {
  const row = await harness.runtime.database.db
    .selectFrom('review')
    .select('id')
    .where('slug', '=', slug)
    .executeTakeFirstOrThrow()
  return row.id
}

/** Every page of a search, one after another, as the slugs and titles shown. */
async function allPages(harness: Harness, query: string, pageSize: number) {
  const shown: { slug: string; title: string }[] = []
  for (let page = 1; ; page += 1) {
    const { body } = await searchJson(harness, `${query}&pageSize=${pageSize}&page=${page}`)
    if (body.results.length === 0) return shown
    shown.push(...body.results.map((result) => ({ slug: result.review.slug, title: result.title })))
  }
}

async function searchJson(harness: Harness, query: string) {
  const response = await harness.app.inject({
    method: 'GET',
    url: `/api/v1/public/search?${query}`,
  })
  return { status: response.statusCode, body: response.json<SearchJson>() }
}

describeOnEachDatabase('public search of published text', (h) => {
  itOnLeg('ranks a title match first and finds other forms of a word (stemming)', async () => {
    await corpus(h())
    const { status, body } = await searchJson(h(), 'q=neglected')
    assert.equal(status, 200)
    const slugs = body.results.map((result) => result.review.slug)
    assert.ok(slugs.includes('search-title-match'), `"neglected" finds "Neglect": ${slugs.join()}`)
    assert.ok(slugs.includes('search-body-match'), '"neglected" finds "neglecting"')
    assert.ok(
      slugs.indexOf('search-title-match') < slugs.indexOf('search-body-match'),
      'a match in the title ranks above one deep in the text',
    )
    // The seed's reviews say "neglect" too.
    assert.ok(body.total >= 3)
    assert.equal(body.searchedFor, 'neglected')
  })

  itOnLeg('marks the matches in snippets and escapes everything else', async () => {
    await corpus(h())
    const { body } = await searchJson(h(), 'q=dental')
    const hit = body.results.find((result) => result.review.slug === 'search-body-match')
    assert.ok(hit, 'found by a word deep in the summary')
    assert.match(hit.snippetHtml, /<mark>dental<\/mark>/)
    // PostgreSQL's headline leaves out what looks like a tag; either way nothing is markup.
    assert.ok(hit.snippetHtml.includes('score &lt; 3 &amp; falling'), hit.snippetHtml)
    assert.doesNotMatch(hit.snippetHtml.replace(/<\/?mark>/g, ''), /<|>/)
    assert.doesNotMatch(hit.snippet, /\uE000|\uE001/)

    const page = await h().app.inject({ method: 'GET', url: '/search?q=dental' })
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /<mark>dental<\/mark>/)
    assert.ok(page.body.includes('score &lt; 3 &amp; falling'))
    assert.doesNotMatch(page.body, /<b>not<\/b>/)
  })

  itOnLeg('finds a phrase only where its words are together', async () => {
    await corpus(h())
    const together = await searchJson(h(), `q=${encodeURIComponent('"dental care"')}`)
    assert.deepEqual(
      together.body.results.map((result) => result.review.slug),
      ['search-body-match'],
    )
    const apart = await searchJson(h(), `q=${encodeURIComponent('"care dental"')}`)
    assert.equal(apart.body.total, 0)
  })

  itOnLeg('never finds unpublished, withdrawn or restricted text', async () => {
    await corpus(h())
    for (const word of ['zanzibarian', 'quokkaphobic', 'thrumbleweed']) {
      const { body } = await searchJson(h(), `q=${word}`)
      assert.equal(body.total, 0, `${word} is not published`)
      const page = await h().app.inject({ method: 'GET', url: `/search?q=${word}` })
      assert.match(textOf(page.body), /0 results for ‘/)
    }
    // A child's name is a restricted field of an incident: never indexed.
    const coordinator = await actorFor(h(), COORDINATOR)
    await h().services.incidents.record(coordinator, 'wandsworth', {
      guidanceEdition: 'WT2023',
      abuseOrNeglect: 'suspected',
      harm: 'serious-harm',
      incidentOn: '2024-01-08',
      awareOn: '2024-01-09',
      lookedAfter: false,
      careLeaver: false,
      children: [{ pseudonym: 'Child Q', name: 'Quintavius Brightwater' }],
    })
    assert.equal((await searchJson(h(), 'q=Quintavius')).body.total, 0)
    assert.equal((await searchJson(h(), 'q=Brightwater')).body.total, 0)
    // Even an index entry left behind cannot reveal a review that is not published.
    const draft = await h()
      .runtime.database.db.selectFrom('review')
      .select('id')
      .where('slug', '=', 'search-draft-only')
      .executeTakeFirstOrThrow()
    await h().services.publicSearch.indexPublishedText({
      sourceKind: 'report',
      sourceId: `draft-report-${draft.id}`,
      reviewId: draft.id,
      title: 'Draft report',
      body: 'zanzibarian draft report text',
      url: '/reviews/search-draft-only',
      publishedOn: null,
    })
    assert.equal((await searchJson(h(), 'q=zanzibarian')).body.total, 0)
    assert.equal(await h().services.publicSearch.indexPublishedReview(draft.id), false)
  })

  itOnLeg('indexes a published report or briefing, and forgets it when withdrawn', async () => {
    await corpus(h())
    const review = await h()
      .runtime.database.db.selectFrom('review')
      .select('id')
      .where('slug', '=', 'search-title-match')
      .executeTakeFirstOrThrow()
    const document = {
      sourceKind: 'briefing',
      sourceId: `briefing-${review.id}`,
      reviewId: review.id,
      title: 'Seven-minute briefing: toddler neglect',
      body: 'Why it matters: the xylophonist health visitor lost contact.',
      url: '/reviews/search-title-match',
      publishedOn: '2023-02-01',
    }
    await h().services.publicSearch.indexPublishedText(document)
    // Indexing again replaces, never duplicates.
    await h().services.publicSearch.indexPublishedText(document)
    const found = await searchJson(h(), 'q=xylophonist')
    assert.equal(found.body.total, 1)
    assert.equal(found.body.results[0]?.source, 'briefing')
    assert.equal(await h().services.publicSearch.removeFromIndex('briefing', document.sourceId), 1)
    assert.equal((await searchJson(h(), 'q=xylophonist')).body.total, 0)
  })

  itOnLeg('filters by kind, partnership and year, and pages the results', async () => {
    await corpus(h())
    const byKind = await searchJson(h(), 'q=neglect&kind=other')
    assert.deepEqual(
      byKind.body.results.map((result) => result.review.slug),
      ['search-body-match'],
    )
    const byPartnership = await searchJson(h(), 'q=neglect&partnership=southwark')
    assert.ok(byPartnership.body.results.every((r) => r.review.slug !== 'search-title-match'))
    assert.ok(byPartnership.body.results.some((r) => r.review.slug === 'search-body-match'))
    const byYear = await searchJson(h(), 'q=neglect&year=2023')
    assert.deepEqual(
      byYear.body.results.map((result) => result.review.slug),
      ['search-title-match'],
    )

    const first = await searchJson(h(), 'q=pagingword&pageSize=5')
    assert.equal(first.body.total, 12)
    assert.equal(first.body.results.length, 5)
    const third = await searchJson(h(), 'q=pagingword&pageSize=5&page=3')
    assert.equal(third.body.results.length, 2)
    const all = new Set<string>()
    for (const page of [1, 2, 3]) {
      const { body } = await searchJson(h(), `q=pagingword&pageSize=5&page=${page}`)
      for (const result of body.results) all.add(result.review.slug)
    }
    assert.equal(all.size, 12, 'every result once across the pages')

    const html = await h().app.inject({ method: 'GET', url: '/search?q=pagingword&kind=scr' })
    assert.equal(html.statusCode, 200)
    assert.match(html.body, /12 results for ‘pagingword’/)
    assert.match(html.body, /class="govuk-pagination"/)
    assert.match(html.body, /href="\/search\?q=pagingword&amp;kind=scr&amp;page=2"/)
  })

  itOnLeg('answers every hostile query with a page, never an error', async () => {
    await corpus(h())
    const hostile = [
      '"',
      '"""',
      'neglect"',
      '((neglect',
      'neglect)',
      'NEAR(neglect care, 2)',
      'neglect AND',
      'AND OR NOT',
      'neglect*',
      '*',
      '^neglect',
      'title:neglect',
      '-neglect',
      'neglect & | ! <-> :*',
      "'; DROP TABLE review; --",
      '\u0000neglect\u0000',
      '🙂 neglect 🙂',
      '🙂',
      'x'.repeat(10_000),
      'neglect '.repeat(1_500),
      '\uE000neglect\uE001',
      '<script>alert(1)</script>',
      'the',
      '%',
      '\\',
    ]
    for (const q of hostile) {
      const url = `/search?q=${encodeURIComponent(q)}`
      const page = await h().app.inject({ method: 'GET', url })
      assert.equal(page.statusCode, 200, `${JSON.stringify(q.slice(0, 40))}: ${page.statusCode}`)
      assert.doesNotMatch(page.body, /<script>alert/)
      const json = await searchJson(h(), `q=${encodeURIComponent(q)}`)
      assert.equal(json.status, 200, JSON.stringify(q.slice(0, 40)))
    }
    // Words inside operators are still searched.
    assert.ok((await searchJson(h(), `q=${encodeURIComponent('((neglect* AND')}`)).body.total > 0)
    const nothing = await h().app.inject({ method: 'GET', url: '/search?q=%F0%9F%99%82' })
    assert.match(textOf(nothing.body), /Enter words to search for/)
  })

  itOnLeg('explains bad filters on the page and in the API', async () => {
    await corpus(h())
    for (const url of [
      '/search?q=neglect&kind=national-ish',
      '/search?q=neglect&year=20x4',
      '/search?q=neglect&partnership=nowhere',
      '/search?q=neglect&page=0',
      '/search?q=neglect&kind=cspr&kind=scr',
    ]) {
      const page = await h().app.inject({ method: 'GET', url })
      assert.equal(page.statusCode, 400, url)
      assert.match(page.body, /govuk-error-summary/, url)
    }
    const bad = await searchJson(h(), 'q=neglect&kind=nope')
    assert.equal(bad.status, 400)
    assert.deepEqual(
      (bad.body as unknown as { errors: { field: string }[] }).errors.map((e) => e.field),
      ['kind'],
    )
    assert.equal((await searchJson(h(), 'kind=cspr')).status, 400, 'q is required')
    const token = await apiToken(h(), COORDINATOR)
    // Public: a token is neither needed nor harmful.
    assert.equal(
      (await api(h().app, token, 'GET', '/api/v1/public/search?q=neglect')).statusCode,
      200,
    )
    assert.ok(await findPartnershipBySlug(h().runtime.database.db, 'southwark'))
  })
  itOnLeg('leaves out words too common to search for, on both databases alike', async () => {
    await corpus(h())
    await publishTestReview(h(), {
      slug: 'search-common-words',
      title: 'Quiltmaker visits',
      summary:
        'Quiltmaker visits happened weekly. Zorblat wimbles were seen; later zorblat of wimbles.',
    })
    // PostgreSQL's English configuration drops "the"; SQLite is given the
    // words without it too, so a text without "the" is found on both.
    const withThe = await searchJson(h(), `q=${encodeURIComponent('the quiltmaker')}`)
    assert.deepEqual(
      withThe.body.results.map((result) => result.review.slug),
      ['search-common-words'],
    )
    assert.deepEqual(withThe.body.leftOut, ['the'])
    assert.equal(withThe.body.searchedFor, 'the quiltmaker')

    const onlyCommon = await searchJson(h(), `q=${encodeURIComponent('the "of the" it')}`)
    assert.equal(onlyCommon.body.total, 0)
    assert.deepEqual(onlyCommon.body.leftOut, ['the', '"of the"', 'it'])
    const page = await h().app.inject({ method: 'GET', url: '/search?q=the' })
    assert.match(textOf(page.body), /0 results for ‘the’/)
    assert.match(textOf(page.body), /Not searched for, as too common: ‘the’\./)

    // Inside a phrase with other words a common word still holds its place.
    const phrase = await searchJson(h(), `q=${encodeURIComponent('"zorblat of wimbles"')}`)
    assert.equal(phrase.body.total, 1)
    assert.deepEqual(phrase.body.leftOut, [])
    assert.equal(
      (await searchJson(h(), `q=${encodeURIComponent('"quiltmaker of visits"')}`)).body.total,
      0,
    )
  })

  itOnLeg('matches a phrase exactly, whatever its length', async () => {
    await corpus(h())
    await publishTestReview(h(), {
      slug: 'search-phrase-three',
      title: 'Phrase review A',
      summary: 'The frumious bandersnatch policy was followed.',
    })
    await publishTestReview(h(), {
      slug: 'search-phrase-two',
      title: 'Phrase review B',
      // Every pair of "frumious bandersnatch policy" is here, but not the three together.
      summary: 'A frumious bandersnatch was noted. Later a bandersnatch policy was written.',
    })
    await publishTestReview(h(), {
      slug: 'search-phrase-reversed',
      title: 'Phrase review C',
      summary: 'Only a bandersnatch frumious, in that order.',
    })
    const slugsFor = async (q: string) =>
      (await searchJson(h(), `q=${encodeURIComponent(q)}`)).body.results
        .map((result) => result.review.slug)
        .sort()
    assert.deepEqual(await slugsFor('"frumious bandersnatch"'), [
      'search-phrase-three',
      'search-phrase-two',
    ])
    assert.deepEqual(await slugsFor('"frumious bandersnatch policy"'), ['search-phrase-three'])
    assert.deepEqual(await slugsFor('"bandersnatch frumious"'), ['search-phrase-reversed'])
    // Stemmed like single words: "policies" finds "policy".
    assert.deepEqual(await slugsFor('"bandersnatch policies"'), [
      'search-phrase-three',
      'search-phrase-two',
    ])
  })

  itOnLeg('pages a filtered search in the order of the whole search', async () => {
    await corpus(h())
    // Nine reviews, each saying the word a different number of times, so
    // each has its own rank; every other one a Serious Case Review.
    for (let n = 1; n <= 9; n += 1) {
      await publishTestReview(h(), {
        slug: `search-filtered-${n}`,
        title: `Filtered paging review ${n}`,
        kind: n % 2 === 0 ? 'scr-2015' : 'lcspr',
        publishedOn: n <= 4 ? '2017-03-01' : '2018-03-01',
        summary: `${'Sprocketword appears here. '.repeat(n)}The end of review ${n}.`,
      })
    }
    const whole = await allPages(h(), 'q=sprocketword', 50)
    assert.equal(whole.length, 9)
    const scr = new Set(['2', '4', '6', '8'].map((n) => `search-filtered-${n}`))
    const filtered = await allPages(h(), 'q=sprocketword&kind=scr', 3)
    assert.deepEqual(
      filtered.map((shown) => shown.slug),
      whole.map((shown) => shown.slug).filter((slug) => scr.has(slug)),
      'the filtered pages list the scr reviews once each, best first',
    )
    const { body } = await searchJson(h(), 'q=sprocketword&kind=scr&year=2018&pageSize=1')
    assert.equal(body.total, 2)
    assert.equal(body.totalCapped, false)
    const byYear = await allPages(h(), 'q=sprocketword&kind=scr&year=2018', 1)
    assert.deepEqual(
      byYear.map((shown) => shown.slug),
      whole
        .map((shown) => shown.slug)
        .filter((slug) => slug === 'search-filtered-6' || slug === 'search-filtered-8'),
    )
  })

  itOnLeg('fills a page past entries of unpublished reviews that rank above it', async () => {
    await corpus(h())
    const draftId = await reviewIdOf(h(), 'search-draft-only')
    // Left behind by mistake: entries of a review in progress, each better
    // matched (the word in the title) than any published text.
    for (let n = 1; n <= 6; n += 1) {
      await h().services.publicSearch.indexPublishedText({
        sourceKind: 'report',
        sourceId: `draft-gizmoword-${n}`,
        reviewId: draftId,
        title: `Gizmoword gizmoword draft ${n}`,
        body: 'Gizmoword gizmoword gizmoword.',
        url: '/reviews/search-draft-only',
        publishedOn: null,
      })
    }
    for (let n = 1; n <= 3; n += 1) {
      await publishTestReview(h(), {
        slug: `search-gizmo-${n}`,
        title: `Published review ${n}`,
        summary: `Somewhere in here is the gizmoword, once (${n}).`,
      })
    }
    const first = await searchJson(h(), 'q=gizmoword&pageSize=2')
    assert.equal(first.body.total, 3)
    assert.equal(first.body.results.length, 2)
    const shown = await allPages(h(), 'q=gizmoword', 2)
    assert.deepEqual(shown.map((hit) => hit.slug).sort(), [
      'search-gizmo-1',
      'search-gizmo-2',
      'search-gizmo-3',
    ])
  })

  itOnLeg('counts up to 1,000 and says when there are more', async () => {
    await corpus(h())
    const reviewId = await reviewIdOf(h(), 'search-title-match')
    const db = h().runtime.database.db
    await db.transaction().execute(async (trx) => {
      for (let n = 1; n <= 1005; n += 1) {
        await h().services.publicSearch.indexPublishedText(
          {
            sourceKind: 'briefing',
            sourceId: `capword-${n}`,
            reviewId,
            title: `Capword briefing ${n}`,
            body: 'A briefing about the capword.',
            url: '/reviews/search-title-match',
            publishedOn: '2023-02-01',
          },
          trx,
        )
      }
    })
    for (const filter of ['', '&kind=cspr']) {
      const first = await searchJson(h(), `q=capword${filter}`)
      assert.equal(first.body.total, 1000, filter)
      assert.equal(first.body.totalCapped, true, filter)
      assert.equal(first.body.results.length, 10)
      const last = await searchJson(h(), `q=capword${filter}&pageSize=10&page=100`)
      assert.equal(last.body.results.length, 10, 'the 1,000th is listed')
      const past = await searchJson(h(), `q=capword${filter}&pageSize=10&page=101`)
      assert.equal(past.body.results.length, 0, 'the 1,001st is not')
      assert.equal(past.body.total, 1000)
      assert.equal(past.body.totalCapped, true)
      const straddling = await searchJson(h(), `q=capword${filter}&pageSize=30&page=34`)
      assert.equal(straddling.body.results.length, 10, 'a page that crosses 1,000 stops at it')
    }
    // The best 1,000, each once across the pages.
    const titles = (await allPages(h(), 'q=capword', 50)).map((hit) => hit.title)
    assert.equal(titles.length, 1000)
    assert.equal(new Set(titles).size, 1000)

    const html = await h().app.inject({ method: 'GET', url: '/search?q=capword' })
    const text = textOf(html.body)
    assert.match(text, /More than 1,000 results for ‘capword’/)
    assert.match(text, /Showing 1 to 10 of more than 1,000, best match first\./)
    assert.match(text, /Only the best 1,000 are listed\./)
    assert.match(html.body, /href="\/search\?q=capword&amp;page=100"/)
    const past = await h().app.inject({ method: 'GET', url: '/search?q=capword&page=101' })
    assert.match(textOf(past.body), /Only the best 1,000 are listed\./)
    // Fewer than the cap are counted exactly.
    const few = await searchJson(h(), 'q=capword&year=1999')
    assert.equal(few.body.total, 0)
    assert.equal(few.body.totalCapped, false)
  })
})
