// Search of published text (issue 9). The index holds only what has been
// published: a review's own public text (summary, learning points,
// recommendations) is put in when it is published and taken out when it is
// withdrawn; publishing puts in a report's text or a briefing with
// indexPublishedText and takes it out with removeFromIndex. Restricted fields
// (a child's identity, the names not to publish) are never handed to it, and
// every search checks again that the review is published and not withdrawn.
import type { Db } from '../../data/db.js'
import { findPartnershipBySlug } from '../../data/repositories/partnership-repository.js'
import {
  findPublishedReviews,
  type PublishedReview,
} from '../../data/repositories/public-site/published-review-repository.js'
import {
  publicSearchIndexOf,
  type SearchDocument,
  type SearchHit,
} from '../../data/repositories/public-site/search-index.js'
import { ValidationError } from '../../domain/errors.js'
import {
  describeSearch,
  parseSearchQuery,
  type SearchTerms,
  withoutCommonWords,
} from '../../domain/public-site/search-terms.js'
import { type PublicKindFilter, storedKindsFor } from '../../domain/public-site/review-kinds.js'
import type { ServiceContext } from '../context.js'

export type { SearchDocument, SearchHit } from '../../data/repositories/public-site/search-index.js'

/** The source kind of a review's own published text in the index. */
export const REVIEW_TEXT = 'review'

export interface PublicSearchQuery {
  /** As typed: anything at all. */
  text: string
  kind?: PublicKindFilter
  partnershipSlug?: string
  year?: number
  /** From 1. */
  page: number
  pageSize: number
}

export interface PublicSearchPage {
  terms: SearchTerms
  /** The words searched for, as read (common words included). */
  searchedFor: string
  /** Words too common to search for, left out (`the`, `"of the"`). */
  leftOut: readonly string[]
  /** How many were found, counted up to MAX_RESULTS. */
  total: number
  /** More than `total` were found; only the best `total` can be listed. */
  totalCapped: boolean
  page: number
  pageCount: number
  hits: SearchHit[]
}

/** The text of a published review the public may search: nothing restricted. */
export function reviewSearchDocument(review: PublishedReview): SearchDocument {
  const body = [
    review.summary,
    ...review.learningPoints.map((point) => point.text),
    ...review.recommendations.map((recommendation) => recommendation.text),
  ].join('\n\n')
  return {
    sourceKind: REVIEW_TEXT,
    sourceId: review.id,
    reviewId: review.id,
    title: review.title,
    body,
    url: `/reviews/${encodeURIComponent(review.slug)}`,
    publishedOn: review.publishedOn,
  }
}

export class PublicSearchService {
  constructor(private readonly context: ServiceContext) {}

  async search(query: PublicSearchQuery): Promise<PublicSearchPage> {
    const terms = parseSearchQuery(query.text)
    let partnershipId: string | undefined
    if (query.partnershipSlug !== undefined) {
      const partnership = await findPartnershipBySlug(this.context.db, query.partnershipSlug)
      if (!partnership) {
        throw new ValidationError([
          { field: 'partnership', message: `There is no partnership "${query.partnershipSlug}"` },
        ])
      }
      partnershipId = partnership.id
    }
    const index = publicSearchIndexOf(this.context.db)
    const filters = {
      ...(query.kind === undefined ? {} : { reviewKinds: storedKindsFor(query.kind) }),
      ...(partnershipId === undefined ? {} : { partnershipId }),
      ...(query.year === undefined ? {} : { year: query.year }),
    }
    const offset = (query.page - 1) * query.pageSize
    // Both engines are given the same words, so a search finds the same on either.
    const { searched, leftOut } = withoutCommonWords(terms)
    const results = await index.search(this.context.db, searched, filters, {
      limit: query.pageSize,
      offset,
    })
    return {
      terms,
      searchedFor: describeSearch(terms),
      leftOut,
      total: results.total,
      totalCapped: results.totalCapped,
      page: query.page,
      pageCount: Math.max(1, Math.ceil(results.total / query.pageSize)),
      hits: results.hits,
    }
  }

  /**
   * Puts published text in the index (or replaces what came from the same
   * source). For publishing: a report version's text when it goes public, a
   * briefing when it is published. Pass the transaction that publishes it, so
   * the text is searchable exactly when the publication is committed.
   */
  async indexPublishedText(document: SearchDocument, within: Db = this.context.db): Promise<void> {
    await publicSearchIndexOf(within).put(within, document, this.context.now().toISOString())
  }

  /** Takes a source's text out of the index (a report or briefing withdrawn or replaced). */
  removeFromIndex(sourceKind: string, sourceId: string, within: Db = this.context.db) {
    return publicSearchIndexOf(within).remove(within, sourceKind, sourceId)
  }

  /** Takes everything of a review out of the index (the review withdrawn). */
  removeReviewFromIndex(reviewId: string, within: Db = this.context.db): Promise<number> {
    return publicSearchIndexOf(within).removeReview(within, reviewId)
  }

  /**
   * Indexes a review's own public text if it is published and not withdrawn,
   * and takes it out otherwise. Publishing calls this when a review goes live.
   */
  async indexPublishedReview(reviewId: string, within: Db = this.context.db): Promise<boolean> {
    return indexReviewText(within, reviewId, this.context.now())
  }

  /** Indexes every published review's own text again: after an import, or to repair. */
  async reindexPublishedReviews(): Promise<number> {
    const reviews = await findPublishedReviews(this.context.db, { limit: 100_000, offset: 0 })
    const index = publicSearchIndexOf(this.context.db)
    const at = this.context.now().toISOString()
    for (const review of reviews) await index.put(this.context.db, reviewSearchDocument(review), at)
    return reviews.length
  }
}

/** For the demo data loader and publishing, inside their own transactions. */
export async function indexReviewText(db: Db, reviewId: string, now: Date): Promise<boolean> {
  const index = publicSearchIndexOf(db)
  const [review] = await findPublishedReviews(db, { id: reviewId, limit: 1, offset: 0 })
  if (!review) {
    await index.remove(db, REVIEW_TEXT, reviewId)
    return false
  }
  await index.put(db, reviewSearchDocument(review), now.toISOString())
  return true
}
