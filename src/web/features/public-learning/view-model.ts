import type { FieldError } from '../../../domain/errors.js'
import {
  PUBLIC_KIND_FILTERS,
  PUBLIC_KIND_FILTER_NAMES,
  REVIEW_KIND_NAMES,
} from '../../../domain/public-site/review-kinds.js'
import { MAX_RESULTS, snippetToHtml } from '../../../domain/public-site/search-terms.js'
import type {
  LearningHomePage,
  PublicReviewPage,
  PublishedReview,
  ReviewListPage,
} from '../../../services/public-site/public-learning-service.js'
import type { PublicSearchPage } from '../../../services/public-site/public-search-service.js'
import { errorViewModel } from '../../form-errors.js'
import { type PublicListQuery, type PublicSearchTextQuery, queryStringWith } from './query.js'

/**
 * Which public pages these are (issue 12): the whole site's (`/reviews`,
 * `/search`), or one partnership's under `/p/:slug`, whose lists hold the
 * reviews it led or took part in and offer no partnership filter.
 */
export interface PublicScope {
  readonly basePath: string
  readonly partnership: { readonly slug: string; readonly name: string } | null
}

export const WHOLE_SITE: PublicScope = { basePath: '', partnership: null }

export function partnershipScope(partnership: { slug: string; name: string }): PublicScope {
  return {
    basePath: `/p/${encodeURIComponent(partnership.slug)}`,
    partnership: { slug: partnership.slug, name: partnership.name },
  }
}

/** Sections positioned below this come before the list of reviews, the rest after. */
const REVIEWS_POSITION = 100

export interface ReviewViewModel {
  slug: string
  href: string
  title: string
  kindName: string
  guidanceEdition: string
  childPseudonym: string
  summary: string
  publishedOn: string | null
  updatedOn: string | null
  reviewerNames: string
  ledBy: string
  withPartnerships: string[]
  learningPointsHeading: string
  learningPoints: string[]
  recommendations: string[]
  /** The review's published seven-minute briefing, if it has one (issue 9). */
}

export function reviewViewModel(review: PublishedReview): ReviewViewModel {
  const addressedTo = [
    ...new Set(review.learningPoints.map((point) => point.addressedTo).filter((to) => to !== null)),
  ]
  return {
    slug: review.slug,
    href: `/reviews/${encodeURIComponent(review.slug)}`,
    title: review.title,
    kindName: REVIEW_KIND_NAMES[review.kind] ?? review.kind,
    guidanceEdition: review.guidanceEdition,
    childPseudonym: review.childPseudonym,
    summary: review.summary,
    publishedOn: review.publishedOn,
    updatedOn: review.updatedOn,
    reviewerNames: review.reviewerNames,
    ledBy: review.leadPartnership.name,
    withPartnerships: review.participatingPartnerships.map((partnership) => partnership.name),
    learningPointsHeading:
      addressedTo.length === 1
        ? `Specific learning points for ${addressedTo[0] ?? ''}`
        : 'What was learnt',
    learningPoints: review.learningPoints.map((point) => point.text),
    recommendations: review.recommendations.map((recommendation) => recommendation.text),
  }
}

export function homePageViewModel(page: LearningHomePage, scope: PublicScope = WHOLE_SITE) {
  return {
    basePath: scope.basePath,
    scoped: scope.partnership !== null,
    pageTitle: 'Learning from Child Practice Reviews or Serious Case Reviews',
    partnershipName: page.partnership.name,
    sectionsBeforeReviews: page.sections.filter((section) => section.position < REVIEWS_POSITION),
    sectionsAfterReviews: page.sections.filter((section) => section.position >= REVIEWS_POSITION),
    reviews: page.reviews.map((review) => reviewViewModel(review)),
  }
}

/** "1.2 MB", "340 KB": a download's size as GOV.UK writes it. */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`
}

const FILE_TYPES: Record<string, string> = {
  'application/pdf': 'PDF',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word document',
}

export function reviewPageViewModel(page: PublicReviewPage) {
  const review = reviewViewModel(page.review)
  return {
    pageTitle: page.review.withdrawal ? `${review.title} (withdrawn)` : review.title,
    review,
    withdrawal: page.review.withdrawal,
    downloads: page.downloads.map((download) => ({
      title: download.title,
      href: download.href,
      description: `${FILE_TYPES[download.mediaType] ?? download.mediaType}, ${fileSize(download.sizeBytes)}`,
    })),
    briefing: page.briefing,
  }
}

interface Option {
  value: string
  text: string
  selected?: boolean
}

function options(
  values: { value: string; text: string }[],
  chosen: string | undefined,
  anyText: string,
): Option[] {
  return [
    { value: '', text: anyText, selected: chosen === undefined },
    ...values.map((option) => ({ ...option, selected: option.value === chosen })),
  ]
}

export function paginationOf(
  page: number,
  pageCount: number,
  href: (page: number) => string,
): Record<string, unknown> | null {
  if (pageCount <= 1) return null
  const shown = new Set(
    [1, pageCount, page - 1, page, page + 1].filter((n) => n >= 1 && n <= pageCount),
  )
  const numbers = [...shown].sort((a, b) => a - b)
  const items: Record<string, unknown>[] = []
  let previous = 0
  for (const number of numbers) {
    if (number - previous > 1) items.push({ ellipsis: true })
    items.push({ number: String(number), href: href(number), current: number === page })
    previous = number
  }
  return {
    items,
    ...(page > 1 ? { previous: { href: href(page - 1) } } : {}),
    ...(page < pageCount ? { next: { href: href(page + 1) } } : {}),
  }
}

const SORT_OPTIONS = [
  { value: 'newest', text: 'Newest first' },
  { value: 'oldest', text: 'Oldest first' },
  { value: 'title', text: 'Title (A to Z)' },
]

function filterOptions(
  query: { kind?: string | undefined; year?: number | undefined; partnership?: string | undefined },
  choices: { years: number[]; partnerships: { slug: string; name: string }[] },
  scope: PublicScope,
) {
  return {
    basePath: scope.basePath,
    scopedPartnership: scope.partnership,
    kindOptions: options(
      PUBLIC_KIND_FILTER_NAMES.map((name) => ({
        value: name,
        text: PUBLIC_KIND_FILTERS[name].label,
      })),
      query.kind,
      'Any kind',
    ),
    yearOptions: options(
      choices.years.map((year) => ({ value: String(year), text: String(year) })),
      query.year === undefined ? undefined : String(query.year),
      'Any year',
    ),
    // A partnership's own pages show its reviews only: no partnership to choose.
    partnershipOptions:
      scope.partnership !== null
        ? null
        : options(
            choices.partnerships.map((partnership) => ({
              value: partnership.slug,
              text: partnership.name,
            })),
            query.partnership,
            'Any partnership',
          ),
  }
}

export function reviewListViewModel(
  query: PublicListQuery,
  list: ReviewListPage | null,
  errors: readonly FieldError[],
  choices: { years: number[]; partnerships: { slug: string; name: string }[] },
  pageSize: number,
  scope: PublicScope = WHOLE_SITE,
) {
  const filters = {
    kind: query.kind,
    year: query.year,
    partnership: scope.partnership === null ? query.partnership : undefined,
    sort: query.sort === 'newest' ? undefined : query.sort,
  }
  const first = list ? (list.page - 1) * pageSize + 1 : 0
  return {
    pageTitle:
      scope.partnership === null
        ? 'Published reviews'
        : `Published reviews: ${scope.partnership.name}`,
    ...errorViewModel(errors),
    ...filterOptions(query, choices, scope),
    sortOptions: SORT_OPTIONS.map((option) => ({
      ...option,
      selected: option.value === query.sort,
    })),
    total: list?.total ?? 0,
    showing:
      list && list.total > 0
        ? { from: first, to: first + list.reviews.length - 1, of: list.total }
        : null,
    reviews: (list?.reviews ?? []).map(reviewViewModel),
    pagination: list
      ? paginationOf(
          list.page,
          list.pageCount,
          (n) => `${scope.basePath}/reviews${queryStringWith(filters, n)}`,
        )
      : null,
  }
}

export function searchViewModel(
  query: PublicSearchTextQuery,
  results: PublicSearchPage | null,
  errors: readonly FieldError[],
  choices: { years: number[]; partnerships: { slug: string; name: string }[] },
  pageSize: number,
  scope: PublicScope = WHOLE_SITE,
) {
  const filters = {
    q: query.q,
    kind: query.kind,
    year: query.year,
    partnership: scope.partnership === null ? query.partnership : undefined,
  }
  const first = results ? (results.page - 1) * pageSize + 1 : 0
  return {
    pageTitle: results && results.searchedFor !== '' ? `Search: ${results.searchedFor}` : 'Search',
    ...errorViewModel(errors),
    ...filterOptions(query, choices, scope),
    // Shown back in the box as typed, but not all of a 10,000 character paste.
    typed: query.q.slice(0, 500),
    searched: results !== null && results.searchedFor !== '',
    searchedFor: results?.searchedFor ?? '',
    nothingToSearch: results !== null && results.searchedFor === '' && query.q.trim() !== '',
    total: results?.total ?? 0,
    // Counting stops at MAX_RESULTS: past it the page says so, not a number it does not know.
    countText: results ? resultCountText(results.total, results.totalCapped) : '',
    capped: results?.totalCapped ?? false,
    listedAtMost: MAX_RESULTS.toLocaleString('en-GB'),
    leftOut: (results?.leftOut ?? []).map((words) => `‘${words}’`).join(', '),
    showing:
      results && results.hits.length > 0
        ? {
            from: first,
            to: first + results.hits.length - 1,
            of: results.totalCapped
              ? `more than ${results.total.toLocaleString('en-GB')}`
              : results.total.toLocaleString('en-GB'),
          }
        : null,
    hits: (results?.hits ?? []).map((hit) => ({
      href: hit.url,
      // Escaped here, with only the matches marked: the template prints it as is.
      titleHtml: snippetToHtml(hit.markedTitle),
      snippetHtml: snippetToHtml(hit.snippet),
      kindName: REVIEW_KIND_NAMES[hit.reviewKind] ?? hit.reviewKind,
      sourceName: SOURCE_NAMES[hit.sourceKind] ?? 'Published text',
      publishedOn: hit.publishedOn,
    })),
    pagination: results
      ? paginationOf(
          results.page,
          results.pageCount,
          (n) => `${scope.basePath}/search${queryStringWith(filters, n)}`,
        )
      : null,
  }
}

/** "1 result", "12 results", "More than 1,000 results". */
export function resultCountText(total: number, capped: boolean): string {
  const count = total.toLocaleString('en-GB')
  if (capped) return `More than ${count} results`
  return total === 1 ? '1 result' : `${count} results`
}

const SOURCE_NAMES: Record<string, string> = {
  review: 'Summary, learning and recommendations',
  report: 'Published report',
  briefing: 'Seven-minute briefing',
  'thematic-briefing': 'Thematic briefing',
}

/** `/` when the deployment has several partnerships (issue 12): each one's public pages. */
export function partnershipListViewModel(partnerships: readonly { slug: string; name: string }[]) {
  return {
    pageTitle: 'Learning from Child Practice Reviews or Serious Case Reviews',
    partnerships: partnerships.map((partnership) => ({
      name: partnership.name,
      href: partnershipScope(partnership).basePath,
    })),
  }
}
