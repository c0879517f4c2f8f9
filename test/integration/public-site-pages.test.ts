// The public site's pages (issue 9): /reviews with filters, sort and paging,
// a review's page (and 410 Gone once withdrawn), the Atom feed, the sitemap,
// and the cache that serves them: ETags, 304s, Cache-Control, and a kept page
// replaced as soon as a change is committed.
import assert from 'node:assert/strict'
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { REVIEWS } from '../../src/services/demo-data/seed-content.js'
import { describeOnEachDatabase, type Harness, itOnLeg } from './support/app-harness.js'
import { errorSummaryOf, headingOf, textOf } from './support/html.js'
import { signedIn, COORDINATOR } from './support/incident-helpers.js'
import { publishTestReview, withdrawTestReview } from './support/public-site-helpers.js'

const ready = new WeakMap<Harness, Promise<void>>()

/** 25 more published reviews across kinds, years and partnerships, once per database. */
function corpus(harness: Harness): Promise<void> {
  let done = ready.get(harness)
  if (!done) {
    done = (async () => {
      for (let n = 1; n <= 25; n += 1) {
        const kind = n % 3 === 0 ? 'other-learning' : n % 3 === 1 ? 'lcspr' : 'scr-2015'
        await publishTestReview(harness, {
          slug: `list-review-${String(n).padStart(2, '0')}`,
          // Titles in an order unlike the dates, so sorting by title is seen.
          title: `${String.fromCharCode(90 - n)} list review ${n}`,
          kind,
          publishedOn: `${2020 + (n % 4)}-03-${String(n).padStart(2, '0')}`,
          leadPartnership: n % 5 === 0 ? 'southwark' : 'wandsworth',
          ...(n === 7 ? { participating: ['southwark'] } : {}),
        })
      }
    })()
    ready.set(harness, done)
  }
  return done
}

function listedSlugs(html: string): string[] {
  const list = /<ul class="govuk-list" data-testid="reviews">([\s\S]*?)<\/ul>/.exec(html)?.[1] ?? ''
  return [...list.matchAll(/href="\/reviews\/([a-z0-9-]+)"/g)].map((match) => match[1] ?? '')
}

async function get(harness: Harness, url: string, headers: Record<string, string> = {}) {
  return harness.app.inject({ method: 'GET', url, headers })
}

describeOnEachDatabase('public site pages and their cache', (h) => {
  itOnLeg('lists every published review, 20 to a page, newest first', async () => {
    await corpus(h())
    const first = await get(h(), '/reviews')
    assert.equal(first.statusCode, 200)
    assert.equal(headingOf(first.body), 'Published reviews')
    const page1 = listedSlugs(first.body)
    assert.equal(page1.length, 20)
    assert.match(textOf(first.body), /Showing 1 to 20 of 28 reviews/)
    // Newest first: 2023's reviews lead; undated seed reviews come last.
    assert.ok(page1[0]?.startsWith('list-review-'))
    const second = await get(h(), '/reviews?page=2')
    const page2 = listedSlugs(second.body)
    assert.equal(page2.length, 8)
    for (const review of REVIEWS) assert.ok(page2.includes(review.slug), review.slug)
    assert.equal(new Set([...page1, ...page2]).size, 28)
    assert.match(first.body, /class="govuk-pagination"/)
    assert.match(first.body, /href="\/reviews\?page=2"/)
    // Past the end: the last page.
    assert.deepEqual(listedSlugs((await get(h(), '/reviews?page=99')).body), page2)
  })

  itOnLeg('filters by kind, year and partnership, and sorts', async () => {
    await corpus(h())
    const cspr = listedSlugs((await get(h(), '/reviews?kind=cspr')).body)
    assert.equal(cspr.length, 9)
    const scr = listedSlugs((await get(h(), '/reviews?kind=scr')).body)
    assert.equal(scr.length, 8 + REVIEWS.filter((review) => review.kind === 'scr-2015').length)
    const other = listedSlugs((await get(h(), '/reviews?kind=other')).body)
    assert.equal(other.length, 8)

    const in2021 = listedSlugs((await get(h(), '/reviews?year=2021')).body)
    assert.deepEqual(in2021, [
      'list-review-25',
      'list-review-21',
      'list-review-17',
      'list-review-13',
      'list-review-09',
      'list-review-05',
      'list-review-01',
    ])
    const southwark = listedSlugs((await get(h(), '/reviews?partnership=southwark')).body)
    assert.ok(southwark.includes('list-review-05'), 'led by Southwark')
    assert.ok(southwark.includes('list-review-07'), 'Southwark took part')
    assert.ok(!southwark.includes('list-review-01'))

    const combined = await get(
      h(),
      '/reviews?kind=cspr&year=2021&partnership=wandsworth&sort=oldest',
    )
    assert.deepEqual(listedSlugs(combined.body), ['list-review-01', 'list-review-13'])
    const oldest = listedSlugs((await get(h(), '/reviews?year=2021&sort=oldest')).body)
    assert.deepEqual(oldest, [...in2021].reverse())
    const byTitle = listedSlugs((await get(h(), '/reviews?year=2021&sort=title')).body)
    assert.deepEqual(byTitle, [...in2021])
    // The chosen filters stay chosen, and paging keeps them.
    const filtered = (await get(h(), '/reviews?kind=scr&sort=title')).body
    assert.match(filtered, /<option value="scr" selected>/)
    assert.match(filtered, /<option value="title" selected>/)
    const none = await get(h(), '/reviews?year=1999')
    assert.equal(none.statusCode, 200)
    assert.match(textOf(none.body), /No published reviews match these filters/)
  })

  itOnLeg('explains a bad filter on the page (400), never an error page', async () => {
    await corpus(h())
    const cases: [string, string][] = [
      ['/reviews?kind=national-ish', 'Choose a kind of review from the list'],
      ['/reviews?year=20x4', 'Enter a year as 4 digits, for example 2024'],
      ['/reviews?partnership=Not%20A%20Slug', 'Choose a partnership from the list'],
      ['/reviews?partnership=nowhere', 'There is no partnership "nowhere"'],
      ['/reviews?sort=sideways', 'Choose how to sort the reviews from the list'],
      ['/reviews?page=0', 'The page number must be a whole number, 1 or more'],
      ['/reviews?page=abc', 'The page number must be a whole number, 1 or more'],
      ['/reviews?kind=cspr&kind=scr', 'Choose a kind of review from the list'],
    ]
    for (const [url, message] of cases) {
      const response = await get(h(), url)
      assert.equal(response.statusCode, 400, url)
      const summary = errorSummaryOf(response.body)
      assert.ok(summary, `${url}: error summary`)
      assert.ok(
        summary.items.some((item) => item.text === message),
        `${url}: ${JSON.stringify(summary.items)}`,
      )
      assert.match(response.body, /<title>Error: /, url)
    }
  })

  itOnLeg("shows a review's page, and says so with 410 Gone once withdrawn", async () => {
    const id = await publishTestReview(h(), {
      slug: 'page-review',
      title: 'Page review',
      kind: 'lcspr',
      publishedOn: '2024-02-03',
      participating: ['southwark'],
      summary: 'First paragraph.\n\nSecond paragraph.',
      learningPoints: ['Learning point one.'],
      recommendations: ['Recommendation one.'],
      reviewerNames: 'Dr A Reviewer and B Author',
    })
    await h()
      .runtime.database.db.updateTable('review')
      .set({ public_updated_on: '2024-03-04' })
      .where('id', '=', id)
      .execute()
    const page = await get(h(), '/reviews/page-review')
    assert.equal(page.statusCode, 200)
    const text = textOf(page.body)
    for (const expected of [
      'Local Child Safeguarding Practice Review',
      'Wandsworth Safeguarding Children Partnership',
      'Southwark Safeguarding Children Partnership',
      'Dr A Reviewer and B Author',
      '3 February 2024',
      'Updated 4 March 2024',
      'Learning point one.',
      'Recommendation one.',
    ]) {
      assert.ok(text.includes(expected), `shows ${expected}`)
    }

    await withdrawTestReview(h(), id, 'Criminal proceedings began')
    const gone = await get(h(), '/reviews/page-review')
    assert.equal(gone.statusCode, 410)
    assert.match(textOf(gone.body), /This review was withdrawn on 10 June 2026/)
    assert.match(textOf(gone.body), /Criminal proceedings began/)
    assert.doesNotMatch(gone.body, /Learning point one/)
    assert.ok(!listedSlugs((await get(h(), '/reviews?year=2024')).body).includes('page-review'))
    assert.equal((await get(h(), '/reviews/no-such-review')).statusCode, 404)
  })

  itOnLeg('publishes a valid Atom feed and sitemap of the published reviews', async () => {
    await corpus(h())
    const feed = await get(h(), '/reviews.atom')
    assert.equal(feed.statusCode, 200)
    assert.match(String(feed.headers['content-type']), /^application\/atom\+xml/)
    assert.equal(XMLValidator.validate(feed.body), true)
    const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' })
    const atom = parser.parse(feed.body) as {
      feed: {
        '@xmlns': string
        id: string
        updated: string
        entry: { id: string; title: string; updated: string; link: { '@href': string } }[]
      }
    }
    assert.equal(atom.feed['@xmlns'], 'http://www.w3.org/2005/Atom')
    assert.match(atom.feed.updated, /^\d{4}-\d{2}-\d{2}T/)
    const entries = atom.feed.entry
    assert.ok(entries.length >= 28)
    for (const entry of entries) {
      assert.match(entry.updated, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/)
      assert.equal(entry.id, entry.link['@href'])
      assert.match(entry.link['@href'], /^http:\/\/localhost:\d+\/reviews\/[a-z0-9-]+$/)
    }
    assert.ok(entries.some((entry) => entry.title === REVIEWS[0]?.title))

    const map = await get(h(), '/sitemap.xml')
    assert.equal(map.statusCode, 200)
    assert.match(String(map.headers['content-type']), /^application\/xml/)
    assert.equal(XMLValidator.validate(map.body), true)
    const urlset = (
      parser.parse(map.body) as { urlset: { '@xmlns': string; url: { loc: string }[] } }
    ).urlset
    assert.equal(urlset['@xmlns'], 'http://www.sitemaps.org/schemas/sitemap/0.9')
    const locations = urlset.url.map((url) => new URL(url.loc).pathname)
    for (const path of ['/', '/reviews', '/search', '/reviews/list-review-01']) {
      assert.ok(locations.includes(path), path)
    }
    for (const review of REVIEWS) assert.ok(locations.includes(`/reviews/${review.slug}`))
    // Withdrawn by the test before: gone from the sitemap and the feed.
    assert.ok(!locations.includes('/reviews/page-review'))
    assert.doesNotMatch(feed.body, /page-review/)
  })

  itOnLeg('serves kept pages with strong ETags, 304s and Cache-Control', async () => {
    for (const url of [
      '/',
      '/reviews',
      '/reviews/child-a-scr',
      '/search?q=neglect',
      '/reviews.atom',
      '/sitemap.xml',
    ]) {
      const first = await get(h(), url)
      assert.equal(first.statusCode, 200, url)
      const etag = String(first.headers.etag ?? '')
      assert.match(etag, /^"[A-Za-z0-9_-]{20,}"$/, `${url}: a strong ETag`)
      assert.equal(first.headers['cache-control'], 'public, max-age=60, must-revalidate', url)
      assert.equal(first.headers.vary, 'Cookie', url)
      const again = await get(h(), url)
      assert.equal(again.body, first.body, `${url}: the same bytes`)
      assert.equal(again.headers.etag, etag)
      assert.equal(again.headers['x-frame-options'], 'DENY', `${url}: security headers kept`)
      const notModified = await get(h(), url, { 'if-none-match': etag })
      assert.equal(notModified.statusCode, 304, url)
      assert.equal(notModified.body, '')
      assert.equal(notModified.headers.etag, etag)
      const otherTag = await get(h(), url, { 'if-none-match': '"something-else"' })
      assert.equal(otherTag.statusCode, 200, url)
      const head = await h().app.inject({ method: 'HEAD', url })
      assert.equal(head.statusCode, 200, `${url}: HEAD`)
      assert.equal(head.body, '')
    }
  })

  itOnLeg('shows a change at once: a kept page is replaced when the data changes', async () => {
    const before = await get(h(), '/reviews?sort=title')
    const etag = String(before.headers.etag)
    assert.equal((await get(h(), '/reviews?sort=title', { 'if-none-match': etag })).statusCode, 304)
    await publishTestReview(h(), { slug: 'aaa-cache-review', title: '0 cache review' })
    const after = await get(h(), '/reviews?sort=title', { 'if-none-match': etag })
    assert.equal(after.statusCode, 200, 'the old ETag no longer matches')
    assert.notEqual(after.headers.etag, etag)
    assert.equal(listedSlugs(after.body)[0], 'aaa-cache-review')
    const search = await get(h(), '/search?q=cache')
    assert.match(search.body, /0 <mark>cache<\/mark> review/)
    const feed = await get(h(), '/reviews.atom')
    assert.match(feed.body, /0 cache review/)
  })

  itOnLeg(
    'over a real connection, answers kept pages before Fastify with the same bytes and headers',
    async () => {
      const reviewId = await publishTestReview(h(), {
        slug: 'raw-path-review',
        title: 'Raw path review',
      })
      const address = await h().app.listen({ port: 0, host: '127.0.0.1' })
      const url = `${address}/reviews/raw-path-review`
      // The first request renders through Fastify and keeps the page; the next
      // is answered on Node's own request (PublicPageCache.answerRaw).
      const rendered = await fetch(url)
      const raw = await fetch(url)
      assert.equal(raw.status, 200)
      assert.equal(await raw.text(), await rendered.text())
      for (const header of [
        'etag',
        'cache-control',
        'vary',
        'content-type',
        'content-security-policy',
        'x-frame-options',
        'strict-transport-security',
        'referrer-policy',
      ]) {
        assert.equal(raw.headers.get(header), rendered.headers.get(header), header)
      }
      assert.equal(raw.headers.get('content-length'), rendered.headers.get('content-length'))
      const etag = raw.headers.get('etag') ?? ''
      const notModified = await fetch(url, { headers: { 'if-none-match': etag } })
      assert.equal(notModified.status, 304)
      assert.equal(notModified.headers.get('etag'), etag)
      assert.equal(notModified.headers.get('cache-control'), 'public, max-age=60, must-revalidate')
      const head = await fetch(url, { method: 'HEAD' })
      assert.equal(head.status, 200)
      assert.equal(await head.text(), '')
      // A session cookie: rendered for that person, never the kept page.
      const withSession = await fetch(url, { headers: { cookie: 'session=not-a-real-session' } })
      assert.equal(withSession.headers.get('cache-control'), 'no-store')
      // Other methods go on to Fastify as before (a form without its token is refused).
      const posted = await fetch(`${address}/sign-in`, { method: 'POST' })
      assert.notEqual(posted.status, 404)
      // A committed change is seen at once on this path too.
      await withdrawTestReview(h(), reviewId, 'Withdrawn to see the kept page replaced.')
      const gone = await fetch(url)
      assert.equal(gone.status, 410)
    },
  )

  itOnLeg('renders afresh, and keeps nothing, for a signed-in person', async () => {
    const browser = await signedIn(h().app, COORDINATOR)
    const page = await browser.get('/reviews')
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /Sign out/)
    assert.equal(page.headers['cache-control'], 'no-store')
    assert.match(String(page.headers['content-security-policy']), /'nonce-/)
    const anonymous = await get(h(), '/reviews')
    assert.doesNotMatch(anonymous.body, /Sign out/)
  })
})
