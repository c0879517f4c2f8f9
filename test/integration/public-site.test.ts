// The public face of the service: learning pages from the seed, the open data
// API, its documentation, security headers and the operations endpoints.
import assert from 'node:assert/strict'
import { createHash, randomUUID } from 'node:crypto'
import type { LightMyRequestResponse } from 'fastify'
import { insertContentSection } from '../../src/data/repositories/content-repository.js'
import { findPartnershipBySlug } from '../../src/data/repositories/partnership-repository.js'
import { insertReview } from '../../src/data/repositories/review-repository.js'
import {
  REVIEWS,
  WANDSWORTH_CHILDRENS_SERVICES,
  WANDSWORTH_SECTIONS,
} from '../../src/services/demo-data/seed-content.js'
import { buildApp } from '../../src/web/app.js'
import { describeOnEachDatabase, itOnLeg } from './support/app-harness.js'
import { escapeHtml, headingOf, textOf, titleOf } from './support/html.js'
import { testNow } from '../support/test-clock.js'
import { recordAudit } from '../../src/services/audit-trail.js'
import { COMMAND_LINE } from '../../src/services/context.js'

interface ApiStatement {
  position: number
  text: string
  addressedTo: string | null
}
interface ApiReview {
  slug: string
  title: string
  kind: string
  childPseudonym: string
  url: string
  leadPartnership: { slug: string; name: string }
  participatingPartnerships: { slug: string; name: string }[]
  learningPoints: ApiStatement[]
  recommendations: ApiStatement[]
}
interface ApiErrors {
  errors: { field: string; message: string }[]
}

const SERVICE_NAME = 'Safeguarding practice reviews'
const HOME_HEADING = 'Learning from Child Practice Reviews or Serious Case Reviews'

/** The block of the home page about one review. */
function reviewSectionOf(html: string, slug: string): string {
  const match = new RegExp(
    `<section class="app-review-summary" aria-labelledby="review-${slug}">([\\s\\S]*?)</section>`,
  ).exec(html)
  assert.ok(match?.[1], `home page has a section for ${slug}`)
  return match[1]
}

function listItems(html: string, testId: string): string[] {
  const list = new RegExp(`<ul [^>]*data-testid="${testId}">([\\s\\S]*?)</ul>`).exec(html)?.[1]
  if (list === undefined) return []
  return [...list.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((item) => item[1] ?? '')
}

function assertNoCookie(response: LightMyRequestResponse, url: string): void {
  assert.equal(response.headers['set-cookie'], undefined, `${url} sets no cookie`)
}

describeOnEachDatabase('Public site, open data API and operations', (h) => {
  itOnLeg(
    'shows every learning point and recommendation of the seed on the home page',
    async () => {
      const { app } = h()
      const response = await app.inject({ method: 'GET', url: '/' })
      assert.equal(response.statusCode, 200)
      assert.match(String(response.headers['content-type']), /^text\/html/)
      assert.equal(headingOf(response.body), HOME_HEADING)
      assert.equal(titleOf(response.body), `${HOME_HEADING} – ${SERVICE_NAME}`)
      assert.match(response.body, /Wandsworth Safeguarding Children Partnership/)

      assert.equal(REVIEWS.length, 3)
      for (const review of REVIEWS) {
        const section = reviewSectionOf(response.body, review.slug)
        assert.ok(
          section.includes(
            `<a class="govuk-link" href="/reviews/${review.slug}">${escapeHtml(review.title)}</a>`,
          ),
          `${review.slug}: linked title`,
        )
        // Exactly the seed's statements, in order, escaped: nothing lost, mixed up or doubled.
        assert.deepEqual(
          listItems(section, 'learning-points'),
          review.learningPoints.map(escapeHtml),
        )
        assert.deepEqual(
          listItems(section, 'recommendations'),
          review.recommendations.map(escapeHtml),
        )
      }
      const totals = REVIEWS.map(
        (review) => review.learningPoints.length + review.recommendations.length,
      )
      assert.deepEqual(totals.sort(), [5, 6, 7])

      // Child Y was led by Southwark about a Wandsworth child; Wandsworth shows it.
      const childY = textOf(reviewSectionOf(response.body, 'child-y-scr'))
      assert.match(
        childY,
        /Serious Case Review led by Southwark Safeguarding Children Partnership, with Wandsworth Safeguarding Children Partnership\./,
      )
      assert.ok(
        childY.includes(`Specific learning points for ${WANDSWORTH_CHILDRENS_SERVICES}`),
        childY,
      )
    },
  )

  itOnLeg('shows the partnership’s sections around the list of reviews, in order', async () => {
    const { app } = h()
    const html = (await app.inject({ method: 'GET', url: '/' })).body
    const reviewsAt = html.indexOf('id="published-reviews"')
    assert.ok(reviewsAt > 0)
    let previous = -1
    for (const section of [...WANDSWORTH_SECTIONS].sort((a, b) => a.position - b.position)) {
      const at = html.indexOf(`id="${section.key}">${escapeHtml(section.heading)}</h2>`)
      assert.ok(at > 0, `section ${section.key} shown`)
      assert.ok(at > previous, `section ${section.key} in position order`)
      assert.equal(at < reviewsAt, section.position < 100, `${section.key} on the right side`)
      for (const paragraph of section.paragraphs) {
        assert.ok(html.includes(`<p class="govuk-body">${escapeHtml(paragraph)}</p>`), paragraph)
      }
      previous = at
    }
  })

  itOnLeg('has a page for each review, by slug', async () => {
    const { app } = h()
    for (const review of REVIEWS) {
      const response = await app.inject({ method: 'GET', url: `/reviews/${review.slug}` })
      assert.equal(response.statusCode, 200, review.slug)
      assert.equal(headingOf(response.body), review.title)
      assert.equal(titleOf(response.body), `${review.title} – ${SERVICE_NAME}`)
      for (const paragraph of review.summary) {
        assert.ok(
          response.body.includes(`<p class="govuk-body">${escapeHtml(paragraph)}</p>`),
          `${review.slug}: summary paragraph`,
        )
      }
      assert.deepEqual(
        listItems(response.body, 'learning-points'),
        review.learningPoints.map(escapeHtml),
      )
      assert.deepEqual(
        listItems(response.body, 'recommendations'),
        review.recommendations.map(escapeHtml),
      )
      const text = textOf(response.body)
      assert.match(text, new RegExp(`Child ${review.childPseudonym}`))
      assert.match(text, /Working Together to Safeguard Children 2015/)
      assert.match(text, /Published Date not recorded/)
    }
    const childY = textOf((await app.inject({ method: 'GET', url: '/reviews/child-y-scr' })).body)
    assert.match(childY, /Led by Southwark Safeguarding Children Partnership/)
    assert.match(childY, /With Wandsworth Safeguarding Children Partnership/)
  })

  itOnLeg('answers an unknown address with the GOV.UK-style 404 page', async () => {
    const { app } = h()
    for (const url of ['/reviews/no-such-review', '/reviews/Not_A_Slug!', '/no/such/page']) {
      const response = await app.inject({ method: 'GET', url })
      assert.equal(response.statusCode, 404, url)
      assert.match(String(response.headers['content-type']), /^text\/html/, url)
      assert.equal(headingOf(response.body), 'Page not found', url)
      assert.equal(titleOf(response.body), `Page not found – ${SERVICE_NAME}`)
      assert.match(textOf(response.body), /If you typed the web address, check it is correct\./)
      assert.match(
        response.body,
        /<a class="govuk-link" href="\/">Go to learning from reviews<\/a>/,
      )
    }
  })

  itOnLeg('keeps a draft review off the public pages and out of the API', async () => {
    const { app, runtime } = h()
    const db = runtime.database.db
    const wandsworth = await findPartnershipBySlug(db, 'wandsworth')
    assert.ok(wandsworth)
    const now = testNow().toISOString()
    await insertReview(db, {
      id: randomUUID(),
      slug: 'child-z-draft',
      title: 'Child Z draft review',
      kind: 'lcspr',
      guidanceEdition: 'WT2023',
      leadPartnershipId: wandsworth.id,
      participatingPartnershipIds: [],
      childPseudonym: 'Child Z',
      summary: 'Not yet published.',
      status: 'draft',
      publishedOn: null,
      reviewerNames: '',
      learningPoints: [
        { id: randomUUID(), text: 'Draft learning point', addressedToAgencyId: null },
      ],
      recommendations: [],
      now,
    })
    assert.equal(
      (await app.inject({ method: 'GET', url: '/reviews/child-z-draft' })).statusCode,
      404,
    )
    const home = (await app.inject({ method: 'GET', url: '/' })).body
    assert.doesNotMatch(home, /Child Z|Draft learning point/)
    const api = await app.inject({
      method: 'GET',
      url: '/api/v1/public/reviews?partnership=wandsworth',
    })
    assert.deepEqual(
      api.json<{ reviews: ApiReview[] }>().reviews.map((review) => review.slug),
      ['baby-eliza-scr', 'child-a-scr', 'child-y-scr'],
    )
  })

  itOnLeg('escapes stored text: markup in content never reaches the page as markup', async () => {
    const { app, runtime } = h()
    const db = runtime.database.db
    const wandsworth = await findPartnershipBySlug(db, 'wandsworth')
    assert.ok(wandsworth)
    await insertContentSection(db, {
      id: randomUUID(),
      partnershipId: wandsworth.id,
      key: 'markup-probe',
      position: 900,
      heading: '<script>alert("heading")</script>',
      body: 'Tom & Jerry\'s <img src=x onerror="alert(1)">',
      linkText: 'A link',
      linkUrl: 'https://example.org/?a=1&b="2"',
    })
    // Every change is audited in its own transaction; the public pages' cache
    // is kept under the audit trail's head, so a change that was not would
    // not show until the next one.
    await recordAudit(db, testNow(), {
      actor: COMMAND_LINE,
      action: 'content-section.added',
      recordType: 'content_section',
      recordId: null,
      partnershipId: wandsworth.id,
      after: { key: 'markup-probe' },
    })
    const html = (await app.inject({ method: 'GET', url: '/' })).body
    assert.doesNotMatch(html, /<script>alert|<img src=x/)
    assert.ok(html.includes('&lt;script&gt;alert(&quot;heading&quot;)&lt;/script&gt;'))
    assert.ok(html.includes('Tom &amp; Jerry&#39;s &lt;img src=x onerror=&quot;alert(1)&quot;&gt;'))
    assert.ok(html.includes('href="https://example.org/?a=1&amp;b=&quot;2&quot;"'))
  })

  itOnLeg('serves the accessibility statement and privacy notice', async () => {
    const { app } = h()
    const pages = {
      '/accessibility': 'Accessibility statement',
      '/privacy': 'Privacy notice',
    }
    for (const [url, heading] of Object.entries(pages)) {
      const response = await app.inject({ method: 'GET', url })
      assert.equal(response.statusCode, 200, url)
      assert.equal(headingOf(response.body), heading)
      assert.match(textOf(response.body), new RegExp(SERVICE_NAME))
    }
  })

  itOnLeg('sets no cookie on any public page or public API call', async () => {
    const { app } = h()
    const urls = [
      '/',
      '/reviews/child-a-scr',
      '/reviews/no-such-review',
      '/accessibility',
      '/privacy',
      '/api/docs',
      '/api/docs/openapi.json',
      '/api/v1/public/reviews',
      '/api/v1/public/reviews?limit=abc',
      '/healthz',
      '/no/such/page',
    ]
    for (const url of urls) assertNoCookie(await app.inject({ method: 'GET', url }), url)
  })

  itOnLeg(
    'sends security headers; the inline script carries the CSP nonce of its response',
    async () => {
      const { app } = h()
      const nonces: string[] = []
      // Public pages kept in memory carry no nonce: their one inline script is
      // allowed by its hash (public-page-cache.ts).
      for (const url of ['/', '/reviews/child-y-scr', '/search?q=neglect']) {
        const response = await app.inject({ method: 'GET', url })
        const csp = String(response.headers['content-security-policy'] ?? '')
        const scriptSrc =
          csp
            .split(';')
            .map((directive) => directive.trim().split(/\s+/))
            .find(([name]) => name === 'script-src') ?? []
        assert.ok(!scriptSrc.some((value) => value.startsWith("'nonce-")), `${url}: ${csp}`)
        assert.ok(!scriptSrc.includes("'unsafe-inline'"), `${url}: no unsafe-inline scripts`)
        const inline = [...response.body.matchAll(/<script>([\s\S]*?)<\/script>/g)]
        assert.ok(inline.length > 0, `${url}: has the GOV.UK inline script`)
        for (const [, source = ''] of inline) {
          const hash = createHash('sha256').update(source).digest('base64')
          assert.ok(scriptSrc.includes(`'sha256-${hash}'`), `${url}: inline script allowed by hash`)
        }
        assert.doesNotMatch(response.body, /nonce=/, url)
        assert.equal(response.headers['x-frame-options'], 'DENY', url)
        assert.equal(response.headers['x-content-type-options'], 'nosniff', url)
      }
      for (const url of ['/sign-in', '/privacy', '/no/such/page']) {
        const response = await app.inject({ method: 'GET', url })
        const csp = String(response.headers['content-security-policy'] ?? '')
        const directives = new Map(
          csp.split(';').map((directive) => {
            const [name = '', ...values] = directive.trim().split(/\s+/)
            return [name, values] as const
          }),
        )
        const scriptSrc = directives.get('script-src') ?? []
        const nonce = scriptSrc.find((value) => value.startsWith("'nonce-"))?.slice(7, -1)
        assert.ok(nonce && nonce.length >= 16, `${url}: script-src has a nonce: ${csp}`)
        assert.ok(!scriptSrc.includes("'unsafe-inline'"), `${url}: no unsafe-inline scripts`)
        assert.deepEqual(directives.get('frame-ancestors'), ["'none'"], url)
        assert.deepEqual(directives.get('object-src'), ["'none'"], url)
        assert.deepEqual(directives.get('default-src'), ["'self'"], url)

        const inlineScripts = [...response.body.matchAll(/<script\b([^>]*)>/g)]
          .map((match) => match[1] ?? '')
          .filter((attributes) => !/\bsrc=/.test(attributes))
        assert.ok(inlineScripts.length > 0, `${url}: has the GOV.UK inline script`)
        for (const attributes of inlineScripts) {
          assert.ok(attributes.includes(`nonce="${nonce}"`), `${url}: inline script has the nonce`)
        }
        nonces.push(nonce)

        assert.equal(response.headers['x-content-type-options'], 'nosniff', url)
        assert.equal(response.headers['x-frame-options'], 'DENY', url)
        assert.ok(
          [
            'no-referrer',
            'same-origin',
            'strict-origin',
            'strict-origin-when-cross-origin',
          ].includes(String(response.headers['referrer-policy'])),
          `${url}: referrer-policy ${String(response.headers['referrer-policy'])}`,
        )
        assert.equal(response.headers['cache-control'], 'no-store', url)
        // Plain HTTP in tests: HSTS belongs to the secure-cookie configuration only.
        assert.equal(response.headers['strict-transport-security'], undefined, url)
      }
      assert.equal(new Set(nonces).size, nonces.length, 'a fresh nonce for every response')
    },
  )

  itOnLeg('lists published reviews as open data, without a token', async () => {
    const { app } = h()
    const response = await app.inject({ method: 'GET', url: '/api/v1/public/reviews' })
    assert.equal(response.statusCode, 200)
    assert.match(String(response.headers['content-type']), /^application\/json/)
    assert.equal(response.headers['access-control-allow-origin'], '*')
    assert.equal(response.headers['cache-control'], 'no-store')
    const body = response.json<{ reviews: ApiReview[]; limit: number; offset: number }>()
    assert.equal(body.limit, 50)
    assert.equal(body.offset, 0)
    assert.equal(body.reviews.length, 3)
    const counts = Object.fromEntries(
      body.reviews.map((review) => [
        review.slug,
        [review.learningPoints.length, review.recommendations.length],
      ]),
    )
    assert.deepEqual(counts, {
      'child-y-scr': [5, 0],
      'baby-eliza-scr': [7, 0],
      'child-a-scr': [0, 6],
    })
    for (const seed of REVIEWS) {
      const review = body.reviews.find((candidate) => candidate.slug === seed.slug)
      assert.ok(review)
      assert.equal(review.title, seed.title)
      assert.equal(review.childPseudonym, seed.childPseudonym)
      assert.equal(review.url, `/reviews/${seed.slug}`)
      assert.deepEqual(
        review.learningPoints.map((point) => point.text),
        seed.learningPoints,
      )
      assert.deepEqual(
        review.learningPoints.map((point) => point.position),
        seed.learningPoints.map((_, index) => index + 1),
      )
      assert.deepEqual(
        review.recommendations.map((recommendation) => recommendation.text),
        seed.recommendations,
      )
      assert.equal(review.leadPartnership.slug, seed.leadPartnershipSlug)
      assert.deepEqual(
        review.participatingPartnerships.map((partnership) => partnership.slug),
        seed.participatingPartnershipSlugs,
      )
      // Internal ids are not part of open data.
      assert.equal('id' in review, false)
    }
    const childY = body.reviews.find((review) => review.slug === 'child-y-scr')
    assert.ok(
      childY?.learningPoints.every((point) => point.addressedTo === WANDSWORTH_CHILDRENS_SERVICES),
    )
  })

  itOnLeg('filters and pages the open data', async () => {
    const { app } = h()
    const slugs = async (query: string) => {
      const response = await app.inject({ method: 'GET', url: `/api/v1/public/reviews${query}` })
      assert.equal(response.statusCode, 200, query)
      return response.json<{ reviews: ApiReview[] }>().reviews.map((review) => review.slug)
    }
    assert.deepEqual(await slugs('?partnership=southwark'), ['child-y-scr'])
    // Wandsworth took part in Child Y, so it is Wandsworth's learning too.
    assert.deepEqual(await slugs('?partnership=wandsworth'), [
      'baby-eliza-scr',
      'child-a-scr',
      'child-y-scr',
    ])
    const all = await slugs('')
    assert.deepEqual(await slugs('?limit=1'), all.slice(0, 1))
    assert.deepEqual(await slugs('?limit=2&offset=1'), all.slice(1, 3))
    assert.deepEqual(await slugs('?offset=3'), [])
  })

  itOnLeg('answers bad open data queries with 400 and a list of field errors', async () => {
    const { app } = h()
    const cases: [string, string][] = [
      ['?limit=abc', 'limit'],
      ['?limit=0', 'limit'],
      ['?limit=101', 'limit'],
      ['?limit=1.5', 'limit'],
      ['?offset=-1', 'offset'],
      ['?partnership=Not%20A%20Slug', 'partnership'],
      ['?colour=blue', 'colour'],
    ]
    for (const [query, field] of cases) {
      const response = await app.inject({ method: 'GET', url: `/api/v1/public/reviews${query}` })
      assert.equal(response.statusCode, 400, query)
      assert.match(String(response.headers['content-type']), /^application\/json/, query)
      const body = response.json<ApiErrors>()
      assert.ok(Array.isArray(body.errors) && body.errors.length > 0, query)
      for (const error of body.errors) {
        assert.equal(typeof error.field, 'string', query)
        assert.ok(error.message.length > 0, query)
      }
      assert.ok(
        body.errors.some((error) => error.field === field),
        `${query}: names ${field}: ${JSON.stringify(body.errors)}`,
      )
    }
    const unknown = await app.inject({ method: 'GET', url: '/api/v1/public/reviews?colour=blue' })
    assert.deepEqual(unknown.json<ApiErrors>().errors, [
      { field: 'colour', message: 'is not a known parameter' },
    ])
  })

  itOnLeg('answers an unknown partnership with a 400 on that field', async () => {
    const { app } = h()
    const response = await app.inject({
      method: 'GET',
      url: '/api/v1/public/reviews?partnership=nowhere',
    })
    assert.equal(response.statusCode, 400)
    assert.deepEqual(response.json<ApiErrors>().errors, [
      { field: 'partnership', message: 'there is no partnership "nowhere"' },
    ])
  })

  itOnLeg('answers an unknown API address with a JSON 404', async () => {
    const { app } = h()
    const response = await app.inject({ method: 'GET', url: '/api/v1/no-such-thing' })
    assert.equal(response.statusCode, 404)
    assert.deepEqual(response.json<ApiErrors>().errors, [
      { field: 'request', message: 'Not found: there is nothing at this address' },
    ])
  })

  itOnLeg('describes the API in OpenAPI 3.1 and renders its documentation', async () => {
    const { app } = h()
    const response = await app.inject({ method: 'GET', url: '/api/docs/openapi.json' })
    assert.equal(response.statusCode, 200)
    const document = response.json<{
      openapi: string
      info: { title: string; version: string }
      servers: { url: string }[]
      components: { securitySchemes: Record<string, { type: string; scheme: string }> }
      paths: Record<
        string,
        {
          get: {
            summary: string
            security: Record<string, unknown>[]
            parameters?: { name: string; in: string }[]
            responses: Record<string, { content?: Record<string, { schema: object }> }>
          }
        }
      >
    }>()
    assert.equal(document.openapi, '3.1.0')
    assert.equal(document.info.title, `${SERVICE_NAME} API`)
    assert.ok(document.info.version)
    assert.deepEqual(document.servers, [{ url: '/api/v1' }])
    assert.deepEqual(document.components.securitySchemes.bearer, { type: 'http', scheme: 'bearer' })
    for (const path of ['/public/reviews', '/me']) assert.ok(document.paths[path], path)

    const reviews = document.paths['/public/reviews']?.get
    assert.ok(reviews)
    assert.deepEqual(reviews.security, [])
    assert.deepEqual(
      reviews.parameters?.map((parameter) => `${parameter.in}:${parameter.name}`).sort(),
      ['query:limit', 'query:offset', 'query:partnership'],
    )
    assert.ok(reviews.responses['200']?.content?.['application/json']?.schema)
    assert.ok(reviews.responses['400']?.content?.['application/json']?.schema)

    const me = document.paths['/me']?.get
    assert.ok(me)
    assert.deepEqual(me.security, [{ bearer: [] }])
    assert.ok(me.responses['200']?.content?.['application/json']?.schema)
    assert.ok(me.responses['401'])

    const docs = await app.inject({ method: 'GET', url: '/api/docs' })
    assert.equal(docs.statusCode, 200)
    assert.match(String(docs.headers['content-type']), /^text\/html/)
    assert.equal(headingOf(docs.body), 'Open data API')
    const text = textOf(docs.body)
    assert.match(text, /GET \/api\/v1\/public\/reviews/)
    assert.match(text, /GET \/api\/v1\/me/)
    assert.match(text, /Open to everyone, no token needed\./)
    assert.match(text, /Needs a bearer token\./)
    assert.match(docs.body, /href="\/api\/docs\/openapi.json"/)
  })

  itOnLeg('reports liveness, readiness and Prometheus metrics', async () => {
    const { app } = h()
    const health = await app.inject({ method: 'GET', url: '/healthz' })
    assert.equal(health.statusCode, 200)
    assert.deepEqual(health.json(), { status: 'ok' })

    const ready = await app.inject({ method: 'GET', url: '/readyz' })
    assert.equal(ready.statusCode, 200)
    assert.deepEqual(ready.json(), { status: 'ready' })

    await app.inject({ method: 'GET', url: '/reviews/child-a-scr' })
    const metrics = await app.inject({ method: 'GET', url: '/metrics' })
    assert.equal(metrics.statusCode, 200)
    assert.match(String(metrics.headers['content-type']), /^text\/plain/)
    assert.match(metrics.body, /^# TYPE http_request_duration_seconds histogram$/m)
    assert.match(metrics.body, /^process_cpu_user_seconds_total /m)
    assert.match(metrics.body, /^process_resident_memory_bytes /m)
    assert.match(metrics.body, /^nodejs_eventloop_lag_seconds /m)
    // Labelled by route pattern, never by the address asked for.
    assert.match(
      metrics.body,
      /http_request_duration_seconds_count\{method="GET",route="\/reviews\/:slug",status_code="200"\} [1-9]/,
    )
    assert.doesNotMatch(metrics.body, /child-a-scr/)
  })

  itOnLeg('is not ready while the database cannot be reached', async () => {
    const { config, services } = h()
    const app = await buildApp({
      config,
      services,
      isDatabaseReachable: () => Promise.resolve(false),
      logger: false,
    })
    try {
      const ready = await app.inject({ method: 'GET', url: '/readyz' })
      assert.equal(ready.statusCode, 503)
      assert.deepEqual(ready.json(), { status: 'database unreachable' })
      assert.equal((await app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200)
    } finally {
      await app.close()
    }
  })
})
