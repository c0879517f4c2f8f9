import type { ContentSection } from '../data/repositories/content-repository.js'
import { listContentSections } from '../data/repositories/content-repository.js'
import {
  findPartnershipBySlug,
  type Partnership,
} from '../data/repositories/partnership-repository.js'
import {
  findPublishedReviews,
  type PublishedReview,
} from '../data/repositories/review-repository.js'
import { NotFoundError, ValidationError } from '../domain/errors.js'
import type { ServiceContext } from './context.js'

export interface LearningHomePage {
  partnership: Partnership
  sections: ContentSection[]
  reviews: PublishedReview[]
}

/** Everything the public may read: published reviews and the partnership's pages. */
export class PublicLearningService {
  constructor(private readonly context: ServiceContext) {}

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

  async publishedReview(slug: string): Promise<PublishedReview> {
    const [review] = await findPublishedReviews(this.context.db, { slug, limit: 1, offset: 0 })
    if (!review) throw new NotFoundError(`No published review "${slug}"`)
    return review
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

  private async partnership(slug: string): Promise<Partnership> {
    const partnership = await findPartnershipBySlug(this.context.db, slug)
    if (!partnership) throw new NotFoundError(`No partnership "${slug}"`)
    return partnership
  }
}
