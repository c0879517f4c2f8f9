// Everything the public may read (issue 9): published reviews, the
// partnership's pages, the list with its filters, and what the public pages'
// cache is kept under. Only reviews whose status is 'published' are read.
import type { Db } from '../../data/db.js'
import { readAuditHeadSequence } from '../../data/repositories/audit-repository.js'
import type { ContentSection } from '../../data/repositories/content-repository.js'
import { listContentSections } from '../../data/repositories/content-repository.js'
import {
  findPartnershipBySlug,
  listPartnerships,
  type Partnership,
} from '../../data/repositories/partnership-repository.js'
import {
  countPublishedReviews,
  findPublishedReviews,
  listPartnershipsWithPublishedReviews,
  listPublicationYears,
  type PublishedReview,
} from '../../data/repositories/public-site/published-review-repository.js'
import { NotFoundError, ValidationError } from '../../domain/errors.js'
import {
  type PublicKindFilter,
  type PublicReviewOrder,
  storedKindsFor,
} from '../../domain/public-site/review-kinds.js'
import type { ServiceContext } from '../context.js'

export type { PublishedReview } from '../../data/repositories/public-site/published-review-repository.js'

export interface LearningHomePage {
  partnership: Partnership
  sections: ContentSection[]
  reviews: PublishedReview[]
}

/** A file the public can download from a review's page: a published report version. */
export interface PublicDownload {
  title: string
  href: string
  /** e.g. application/pdf */
  mediaType: string
  sizeBytes: number
}

/** A link from a review's page to its seven-minute briefing. */
export interface PublicBriefingLink {
  title: string
  href: string
}

/**
 * What publishing adds to a review's public page. Publishing (report versions,
 * briefings) plugs its own in; until then a review has neither.
 */
export interface PublicReviewExtras {
  downloadsOf(db: Db, reviewId: string): Promise<PublicDownload[]>
  briefingOf(db: Db, reviewId: string): Promise<PublicBriefingLink | null>
}

export const NO_EXTRAS: PublicReviewExtras = {
  downloadsOf: () => Promise.resolve([]),
  briefingOf: () => Promise.resolve(null),
}

export interface PublicReviewPage {
  review: PublishedReview
  downloads: PublicDownload[]
  briefing: PublicBriefingLink | null
}

export interface ReviewListQuery {
  partnershipSlug?: string
  kind?: PublicKindFilter
  year?: number
  order: PublicReviewOrder
  /** From 1. */
  page: number
  pageSize: number
}

export interface ReviewListPage {
  reviews: PublishedReview[]
  total: number
  page: number
  pageCount: number
  /** For the filters: years with a published review, and partnerships that have one. */
  years: number[]
  partnerships: { slug: string; name: string }[]
}

export class PublicLearningService {
  constructor(
    private readonly context: ServiceContext,
    private readonly extras: PublicReviewExtras = NO_EXTRAS,
  ) {}

  /**
   * Moves with every committed change to the data, on every instance (the
   * audit trail's head: every change writes an audit event in its own
   * transaction). The public pages' cache keeps a page while this stands still.
   */
  changeMarker(): Promise<number> {
    return readAuditHeadSequence(this.context.db)
  }

  /** Every partnership of the deployment, by name: each has its public pages (issue 12). */
  async partnerships(): Promise<{ slug: string; name: string }[]> {
    return (await listPartnerships(this.context.db)).map(({ slug, name }) => ({ slug, name }))
  }

  /**
   * What `/` shows (issue 12): the configured partnership's page if it
   * exists; else the only partnership's; else the list of partnerships.
   */
  async siteHome(
    configuredSlug: string | null,
  ): Promise<
    | { kind: 'partnership'; page: LearningHomePage }
    | { kind: 'list'; partnerships: { slug: string; name: string }[] }
  > {
    const configured =
      configuredSlug === null
        ? undefined
        : await findPartnershipBySlug(this.context.db, configuredSlug)
    if (configured) return { kind: 'partnership', page: await this.homePage(configured.slug) }
    const partnerships = await this.partnerships()
    const [only] = partnerships
    if (partnerships.length === 1 && only) {
      return { kind: 'partnership', page: await this.homePage(only.slug) }
    }
    return { kind: 'list', partnerships }
  }

  /** A partnership's own public pages need it to exist: anything else is not found. */
  async publicPartnership(slug: string): Promise<Partnership> {
    return this.partnership(slug)
  }

  async homePage(partnershipSlug: string): Promise<LearningHomePage> {
    const partnership = await this.partnership(partnershipSlug)
    const [sections, reviews] = await Promise.all([
      listContentSections(this.context.db, partnership.id),
      findPublishedReviews(this.context.db, {
        partnershipId: partnership.id,
        limit: 500,
        offset: 0,
      }),
    ])
    return { partnership, sections, reviews }
  }

  /** A published review's page, withdrawn ones too: their page says they were withdrawn. */
  async publishedReview(slug: string): Promise<PublicReviewPage> {
    const [review] = await findPublishedReviews(this.context.db, {
      slug,
      includeWithdrawn: true,
      limit: 1,
      offset: 0,
    })
    if (!review) throw new NotFoundError(`No published review "${slug}"`)
    if (review.withdrawal !== null) return { review, downloads: [], briefing: null }
    const [downloads, briefing] = await Promise.all([
      this.extras.downloadsOf(this.context.db, review.id),
      this.extras.briefingOf(this.context.db, review.id),
    ])
    return { review, downloads, briefing }
  }

  /** The filtered, sorted, paged list at /reviews. A partnership that does not exist is a mistake in the address. */
  async reviewList(query: ReviewListQuery): Promise<ReviewListPage> {
    const partnershipId = await this.partnershipIdOf(query.partnershipSlug)
    const filters = {
      ...(partnershipId === undefined ? {} : { partnershipId }),
      ...(query.kind === undefined ? {} : { kinds: storedKindsFor(query.kind) }),
      ...(query.year === undefined ? {} : { year: query.year }),
    }
    const [total, years, partnerships] = await Promise.all([
      countPublishedReviews(this.context.db, filters),
      listPublicationYears(this.context.db),
      listPartnershipsWithPublishedReviews(this.context.db),
    ])
    const pageCount = Math.max(1, Math.ceil(total / query.pageSize))
    const page = Math.min(query.page, pageCount)
    const reviews = await findPublishedReviews(this.context.db, {
      ...filters,
      order: query.order,
      limit: query.pageSize,
      offset: (page - 1) * query.pageSize,
    })
    return {
      reviews,
      total,
      page,
      pageCount,
      years,
      partnerships: partnerships.map(({ slug, name }) => ({ slug, name })),
    }
  }

  /** Every published review, newest first: the feed and the sitemap; or one partnership's (issue 12). */
  allPublishedReviews(limit = 5000, partnershipId?: string): Promise<PublishedReview[]> {
    return findPublishedReviews(this.context.db, {
      limit,
      offset: 0,
      ...(partnershipId === undefined ? {} : { partnershipId }),
    })
  }

  async listPublishedReviews(query: {
    partnershipSlug?: string
    limit: number
    offset: number
  }): Promise<PublishedReview[]> {
    let partnershipId: string | undefined
    if (query.partnershipSlug !== undefined) {
      const partnership = await findPartnershipBySlug(this.context.db, query.partnershipSlug)
      if (!partnership) {
        throw new ValidationError([
          { field: 'partnership', message: `there is no partnership "${query.partnershipSlug}"` },
        ])
      }
      partnershipId = partnership.id
    }
    return findPublishedReviews(this.context.db, {
      ...(partnershipId === undefined ? {} : { partnershipId }),
      limit: query.limit,
      offset: query.offset,
    })
  }

  private async partnershipIdOf(slug: string | undefined): Promise<string | undefined> {
    if (slug === undefined) return undefined
    const partnership = await findPartnershipBySlug(this.context.db, slug)
    if (!partnership) {
      throw new ValidationError([
        { field: 'partnership', message: `There is no partnership "${slug}"` },
      ])
    }
    return partnership.id
  }

  private async partnership(slug: string): Promise<Partnership> {
    const partnership = await findPartnershipBySlug(this.context.db, slug)
    if (!partnership) throw new NotFoundError(`No partnership "${slug}"`)
    return partnership
  }
}
