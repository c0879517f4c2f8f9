// The Atom feed of publications and the sitemap (issue 9), built with
// fast-xml-parser's builder so every value is escaped.
import { XMLBuilder } from 'fast-xml-parser'
import type { PublishedReview } from '../../../services/public-site/public-learning-service.js'
import { REVIEW_KIND_NAMES } from '../../../domain/public-site/review-kinds.js'

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  format: true,
  suppressEmptyNode: true,
})

const XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n'

/** An RFC 3339 timestamp for a date or a stored timestamp. */
function timestampOf(value: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value
}

function entryUpdated(review: PublishedReview): string {
  return timestampOf(review.updatedOn ?? review.publishedOn ?? review.changedAt)
}

export function atomFeed(
  reviews: readonly PublishedReview[],
  site: { publicUrl: string; title: string; basePath?: string },
): string {
  // A partnership's own feed lives under its pages, /p/:slug (issue 12).
  const base = `${site.publicUrl}${site.basePath ?? ''}`
  const entries = reviews.map((review) => {
    const href = `${site.publicUrl}/reviews/${encodeURIComponent(review.slug)}`
    return {
      id: href,
      title: review.title,
      link: { '@rel': 'alternate', '@type': 'text/html', '@href': href },
      ...(review.publishedOn === null ? {} : { published: timestampOf(review.publishedOn) }),
      updated: entryUpdated(review),
      author: { name: review.leadPartnership.name },
      category: { '@term': review.kind, '@label': REVIEW_KIND_NAMES[review.kind] ?? review.kind },
      summary: { '@type': 'text', '#text': review.summary.split(/\n\s*\n/)[0] ?? '' },
    }
  })
  const updated = entries
    .map((entry) => entry.updated)
    .sort()
    .at(-1)
  return (
    XML_DECLARATION +
    builder.build({
      feed: {
        '@xmlns': 'http://www.w3.org/2005/Atom',
        '@xml:lang': 'en-GB',
        id: `${base}/reviews.atom`,
        title: site.title,
        subtitle: 'Safeguarding practice reviews published, newest first',
        link: [
          {
            '@rel': 'self',
            '@type': 'application/atom+xml',
            '@href': `${base}/reviews.atom`,
          },
          { '@rel': 'alternate', '@type': 'text/html', '@href': `${base}/reviews` },
        ],
        // An empty feed still needs "updated": the Unix epoch says "never".
        updated: updated ?? '1970-01-01T00:00:00Z',
        author: { name: site.title },
        entry: entries,
      },
    })
  )
}

export function sitemap(
  reviews: readonly PublishedReview[],
  publicUrl: string,
  partnerships: readonly { slug: string }[] = [],
): string {
  // Each partnership's own pages too (issue 12).
  const paths = [
    '/',
    '/reviews',
    '/search',
    ...partnerships.flatMap(({ slug }) => {
      const base = `/p/${encodeURIComponent(slug)}`
      return [base, `${base}/reviews`, `${base}/search`]
    }),
  ]
  const pages = paths.map((path) => ({ loc: `${publicUrl}${path}` }))
  const reviewPages = reviews.map((review) => ({
    loc: `${publicUrl}/reviews/${encodeURIComponent(review.slug)}`,
    ...((review.updatedOn ?? review.publishedOn)
      ? { lastmod: (review.updatedOn ?? review.publishedOn ?? '').slice(0, 10) }
      : {}),
  }))
  return (
    XML_DECLARATION +
    builder.build({
      urlset: {
        '@xmlns': 'http://www.sitemaps.org/schemas/sitemap/0.9',
        url: [...pages, ...reviewPages],
      },
    })
  )
}
