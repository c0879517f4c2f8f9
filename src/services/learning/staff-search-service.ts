// Staff search of the learning library (issue 11): learning points,
// recommendations, rapid review findings, report text and seven-minute
// briefings, across every partnership's published work and the person's own
// partnership's work under the access rules (StaffSearchScope). It shares the
// public site's engine and query language (parseSearchQuery, common words
// left out, highlighted snippets).
//
// The index follows the records: the services that change findings, rapid
// review findings, report versions, briefings and publications call
// indexReviewForStaffSearch / indexRapidReviewForStaffSearch inside the
// transaction of the change, so what is searchable is committed with it.
// reindexStaffSearch rebuilds everything (the command line, the demo data,
// and the first start after the index was added).
import type { Db } from '../../data/db.js'
import {
  countStaffDocuments,
  findBriefingSource,
  findRapidReviewSource,
  findReviewSource,
  listAllRapidReviewIds,
  listAllReviewIds,
  listFindingSources,
  listPublishedThematicBriefingIds,
  listReportSources,
  listStaffDocumentYears,
  listStaffDocuments,
  putStaffDocument,
  removeStaffDocument,
  removeStaleReviewDocuments,
  searchStaffDocuments,
  type StaffSearchDocument,
  type StaffSearchHit,
} from '../../data/repositories/learning/staff-search-repository.js'
import { findThematicBriefing } from '../../data/repositories/briefings/thematic-briefing-repository.js'
import { listThemes } from '../../data/repositories/learning/theme-repository.js'
import { listPartnerships } from '../../data/repositories/partnership-repository.js'
import { listAllAgencies } from '../../data/repositories/review-findings-repository.js'
import { assertCan, staffSearchScope } from '../../domain/access/policy.js'
import type { Actor } from '../../domain/access/roles.js'
import {
  hasFilters,
  type StaffSearchFilters,
  type StaffSearchRequest,
} from '../../domain/learning/staff-search.js'
import {
  describeSearch,
  isEmptySearch,
  parseSearchQuery,
  withoutCommonWords,
} from '../../domain/public-site/search-terms.js'
import { THEMATIC_SECTIONS } from '../../domain/briefings/thematic-briefing.js'
import { publicThematicPath, staffThematicPath } from '../briefings/briefing-paths.js'
import type { ServiceContext } from '../context.js'

export type { StaffSearchHit } from '../../data/repositories/learning/staff-search-repository.js'

export const STAFF_SEARCH_PAGE_SIZE = 20

export interface StaffSearchPage {
  /** Words were searched for, or filters listed what they match; false: nothing asked yet. */
  readonly asked: boolean
  readonly searchedFor: string
  readonly leftOut: readonly string[]
  readonly total: number
  readonly totalCapped: boolean
  readonly page: number
  readonly pageCount: number
  readonly hits: readonly StaffSearchHit[]
}

export interface StaffSearchOptions {
  readonly themes: readonly { slug: string; name: string }[]
  readonly partnerships: readonly { id: string; name: string }[]
  readonly agencies: readonly { id: string; name: string; partnershipName: string }[]
}

export class StaffSearchService {
  constructor(
    private readonly context: ServiceContext,
    private readonly today: () => string,
  ) {}

  /** Any member of staff may search; what they find is what they may see. */
  async search(actor: Actor | null, request: StaffSearchRequest): Promise<StaffSearchPage> {
    assertCan(actor, 'manage:open')
    const { db } = this.context
    const terms = parseSearchQuery(request.text)
    const { searched, leftOut } = withoutCommonWords(terms)
    const scope = staffSearchScope(actor)
    const page = {
      limit: STAFF_SEARCH_PAGE_SIZE,
      offset: (request.page - 1) * STAFF_SEARCH_PAGE_SIZE,
    }
    const filters: StaffSearchFilters = request.filters
    const today = this.today()
    let results
    let asked = true
    if (!isEmptySearch(searched)) {
      results = await searchStaffDocuments(db, scope, searched, filters, today, page)
    } else if (isEmptySearch(terms) && hasFilters(filters)) {
      results = await listStaffDocuments(db, scope, filters, today, page)
    } else {
      // Nothing asked yet, or only words too common to search for.
      asked = !isEmptySearch(terms)
      results = { total: 0, totalCapped: false, hits: [] }
    }
    return {
      asked,
      searchedFor: describeSearch(terms),
      leftOut,
      total: results.total,
      totalCapped: results.totalCapped,
      page: request.page,
      pageCount: Math.max(1, Math.ceil(results.total / STAFF_SEARCH_PAGE_SIZE)),
      hits: results.hits,
    }
  }

  /** The filters' choices: every theme, partnership and agency (names are not restricted). */
  async options(actor: Actor | null): Promise<StaffSearchOptions> {
    assertCan(actor, 'manage:open')
    const { db } = this.context
    const [themes, partnerships, agencies] = await Promise.all([
      listThemes(db),
      listPartnerships(db),
      listAllAgencies(db),
    ])
    return {
      themes: themes.map((theme) => ({ slug: theme.slug, name: theme.name })),
      partnerships: partnerships.map((p) => ({ id: p.id, name: p.name })),
      agencies: agencies.map((a) => ({
        id: a.id,
        name: a.name,
        partnershipName: a.partnershipName,
      })),
    }
  }

  /** The years the year filter offers. */
  async years(actor: Actor | null): Promise<number[]> {
    assertCan(actor, 'manage:open')
    return listStaffDocumentYears(this.context.db)
  }

  /** Rebuilds the whole index from the records; how many documents it holds. */
  async reindexAll(): Promise<number> {
    return reindexStaffSearch(this.context.db, this.context.now())
  }

  /** The first start after the index was added (or a restore that left it empty) fills it. */
  async reindexIfEmpty(): Promise<number | null> {
    const { db } = this.context
    if ((await countStaffDocuments(db)) > 0) return null
    const anything = (await listAllReviewIds(db)).length + (await listAllRapidReviewIds(db)).length
    return anything === 0 ? null : this.reindexAll()
  }
}

/** What parts of a review to index again: the reports' text is large, read only when it changed. */
export interface ReviewIndexParts {
  readonly reports?: boolean
}

const FINDING_KINDS = ['learning-point', 'recommendation'] as const

function reviewTitle(title: string, part: string): string {
  return `${title}: ${part}`
}

/**
 * Puts the review's findings and briefing (and its report versions, when
 * asked) in the staff index as they are now, and takes out what is gone.
 * Call inside the transaction of the change.
 */
export async function indexReviewForStaffSearch(
  db: Db,
  reviewId: string,
  at: Date,
  parts: ReviewIndexParts = {},
): Promise<void> {
  const review = await findReviewSource(db, reviewId)
  if (!review) return
  const indexedAt = at.toISOString()
  const base = {
    partnershipId: review.leadPartnershipId,
    reviewId: review.id,
    rapidReviewId: null,
    datedOn: review.publishedOn ?? review.startedOn ?? review.createdAt.slice(0, 10),
  }
  const reviewPage = `/manage/reviews/${encodeURIComponent(review.id)}`
  const publicPage = `/reviews/${encodeURIComponent(review.slug)}`
  const documents: StaffSearchDocument[] = []
  const findings = await listFindingSources(db, reviewId)
  for (const finding of findings) {
    const name = finding.kind === 'learning-point' ? 'learning point' : 'recommendation'
    documents.push({
      ...base,
      sourceKind: finding.kind,
      sourceId: finding.id,
      title: reviewTitle(review.title, `${name} ${finding.position}`),
      body: finding.text,
      url: `${reviewPage}#findings`,
      publicUrl: publicPage,
    })
  }
  const briefing = await findBriefingSource(db, reviewId)
  if (briefing) {
    documents.push({
      ...base,
      sourceKind: 'briefing',
      sourceId: briefing.id,
      title: reviewTitle(review.title, 'seven-minute briefing'),
      body: briefing.sections.join('\n\n'),
      url: `${reviewPage}/briefing`,
      publicUrl: `${publicPage}/seven-minute-briefing`,
    })
  }
  const kinds: string[] = [...FINDING_KINDS, 'briefing']
  if (parts.reports) {
    kinds.push('report')
    for (const report of await listReportSources(db, reviewId)) {
      documents.push({
        ...base,
        sourceKind: 'report',
        sourceId: report.id,
        title: reviewTitle(review.title, `report version ${report.number}`),
        body: report.text,
        url: `${reviewPage}/report-versions/${encodeURIComponent(report.id)}`,
        publicUrl: publicPage,
      })
    }
  }
  for (const document of documents) await putStaffDocument(db, document, indexedAt)
  await removeStaleReviewDocuments(
    db,
    reviewId,
    kinds,
    documents.map((document) => document.sourceId),
  )
}

/** Puts a rapid review's findings (the learning identified) in the staff index as they are now. */
export async function indexRapidReviewForStaffSearch(
  db: Db,
  rapidReviewId: string,
  at: Date,
): Promise<void> {
  const rapidReview = await findRapidReviewSource(db, rapidReviewId)
  const text = rapidReview?.learningIdentified?.trim() ?? ''
  if (!rapidReview || rapidReview.enteredInError || text === '') {
    await removeStaffDocument(db, 'rapid-review-finding', rapidReviewId)
    return
  }
  const reference = rapidReview.caseReference ?? 'rapid review'
  await putStaffDocument(
    db,
    {
      sourceKind: 'rapid-review-finding',
      sourceId: rapidReview.id,
      partnershipId: rapidReview.partnershipId,
      reviewId: null,
      rapidReviewId: rapidReview.id,
      title: `Rapid review ${reference}: learning identified`,
      body: text,
      datedOn: rapidReview.datedOn,
      url: `/manage/rapid-reviews/${encodeURIComponent(rapidReview.id)}`,
      publicUrl: null,
    },
    at.toISOString(),
  )
}

/** Indexes every review and rapid review again; how many documents the index holds. */
/**
 * Puts a thematic briefing in the staff index while it is published, and
 * takes it out otherwise (a draft is for its business unit, who have it on
 * their briefings page; a withdrawn one is gone). It has no review of its own:
 * its partnership is the one that wrote it, its themes are its own tags.
 * Call inside the transaction of the change.
 */
export async function indexThematicBriefingForStaffSearch(
  db: Db,
  briefingId: string,
  at: Date,
): Promise<void> {
  const briefing = await findThematicBriefing(db, briefingId)
  if (briefing?.status !== 'published') {
    await removeStaffDocument(db, 'briefing', briefingId)
    return
  }
  await putStaffDocument(
    db,
    {
      sourceKind: 'briefing',
      sourceId: briefing.id,
      partnershipId: briefing.partnershipId,
      reviewId: null,
      rapidReviewId: null,
      datedOn: (briefing.publishedAt ?? briefing.updatedAt).slice(0, 10),
      title: `${briefing.title}: thematic briefing`,
      body: [
        briefing.themes.map((theme) => theme.name).join(', '),
        ...THEMATIC_SECTIONS.map(
          (section) => `${section.heading}\n${briefing.sections[section.key]}`,
        ),
      ].join('\n\n'),
      url: staffThematicPath(briefing.id),
      publicUrl: publicThematicPath(briefing.slug),
    },
    at.toISOString(),
  )
}

export async function reindexStaffSearch(db: Db, at: Date): Promise<number> {
  for (const briefingId of await listPublishedThematicBriefingIds(db)) {
    await indexThematicBriefingForStaffSearch(db, briefingId, at)
  }
  for (const reviewId of await listAllReviewIds(db)) {
    await indexReviewForStaffSearch(db, reviewId, at, { reports: true })
  }
  for (const rapidReviewId of await listAllRapidReviewIds(db)) {
    await indexRapidReviewForStaffSearch(db, rapidReviewId, at)
  }
  return countStaffDocuments(db)
}
