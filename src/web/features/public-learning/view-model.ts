import type { PublishedReview } from '../../../data/repositories/review-repository.js'
import type { LearningHomePage } from '../../../services/public-learning-service.js'

/** Sections positioned below this come before the list of reviews, the rest after. */
const REVIEWS_POSITION = 100

const KIND_NAMES: Record<string, string> = {
  'scr-2015': 'Serious Case Review',
  lcspr: 'Local Child Safeguarding Practice Review',
  'other-learning': 'Learning review',
  national: 'National review',
}

export interface ReviewViewModel {
  slug: string
  href: string
  title: string
  kindName: string
  guidanceEdition: string
  childPseudonym: string
  summary: string
  publishedOn: string | null
  reviewerNames: string
  ledBy: string
  withPartnerships: string[]
  learningPointsHeading: string
  learningPoints: string[]
  recommendations: string[]
  /** The review's published seven-minute briefing, if it has one (issue 9). */
  briefingHref: string | null
}

export function reviewViewModel(
  review: PublishedReview,
  briefingHref: string | null = null,
): ReviewViewModel {
  const addressedTo = [
    ...new Set(review.learningPoints.map((point) => point.addressedTo).filter((to) => to !== null)),
  ]
  return {
    slug: review.slug,
    href: `/reviews/${encodeURIComponent(review.slug)}`,
    title: review.title,
    kindName: KIND_NAMES[review.kind] ?? review.kind,
    guidanceEdition: review.guidanceEdition,
    childPseudonym: review.childPseudonym,
    summary: review.summary,
    publishedOn: review.publishedOn,
    reviewerNames: review.reviewerNames,
    ledBy: review.leadPartnership.name,
    withPartnerships: review.participatingPartnerships.map((partnership) => partnership.name),
    learningPointsHeading:
      addressedTo.length === 1
        ? `Specific learning points for ${addressedTo[0] ?? ''}`
        : 'What was learnt',
    learningPoints: review.learningPoints.map((point) => point.text),
    recommendations: review.recommendations.map((recommendation) => recommendation.text),
    briefingHref,
  }
}

export function homePageViewModel(page: LearningHomePage) {
  return {
    pageTitle: 'Learning from Child Practice Reviews or Serious Case Reviews',
    partnershipName: page.partnership.name,
    sectionsBeforeReviews: page.sections.filter((section) => section.position < REVIEWS_POSITION),
    sectionsAfterReviews: page.sections.filter((section) => section.position >= REVIEWS_POSITION),
    reviews: page.reviews.map((review) => reviewViewModel(review)),
  }
}
