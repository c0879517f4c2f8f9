// The staff search index of the learning library (issue 11): documents in
// staff_search_document (0028), searched by the same full-text engine as the
// public site (../search/full-text-engine.ts), with the access rules of
// StaffSearchScope (domain/access/policy.ts) and the filters written as the
// engine's scope, so they are applied before anything is counted or paged.
//
// Access is read from the live records (review, incident, access lists,
// publications) in each query rather than copied into the index: restricting
// a record, publishing or withdrawing one takes effect at once.
import { createHash } from 'node:crypto'
import { type RawBuilder, sql } from 'kysely'
import type { StaffSearchScope } from '../../../domain/access/policy.js'
import {
  ACTION_STATUSES_OF_FILTER,
  type StaffSearchFilters,
} from '../../../domain/learning/staff-search.js'
import {
  MAX_RESULTS,
  type SearchTerms,
  withoutMatchMarks,
} from '../../../domain/public-site/search-terms.js'
import type { Db } from '../../db.js'
import {
  cappedTotal,
  fullTextEngineOf,
  type IndexTables,
  type SearchScope,
} from '../search/full-text-engine.js'

export interface StaffSearchDocument {
  readonly sourceKind: string
  readonly sourceId: string
  readonly partnershipId: string
  readonly reviewId: string | null
  readonly rapidReviewId: string | null
  readonly title: string
  readonly body: string
  readonly datedOn: string | null
  readonly url: string
  readonly publicUrl: string | null
}

export interface StaffSearchHit {
  readonly sourceKind: string
  readonly sourceId: string
  readonly reviewId: string | null
  readonly rapidReviewId: string | null
  readonly title: string
  readonly markedTitle: string
  /** Words around the matches with MATCH_START/MATCH_END, or the start of the text. */
  readonly snippet: string
  readonly datedOn: string | null
  readonly partnershipName: string
  /** Where this person reads it: the staff page when they may open the record, else the public page. */
  readonly url: string
  /** Part of the partnership's published work. */
  readonly published: boolean
}

export interface StaffSearchResults {
  readonly total: number
  readonly totalCapped: boolean
  readonly hits: StaffSearchHit[]
}

const STAFF_TABLES: IndexTables = {
  documents: 'staff_search_document',
  fts: 'staff_search_fts',
  dateColumn: 'dated_on',
}

function textHash(title: string, body: string): string {
  return createHash('sha256').update(title).update('\u0000').update(body).digest('hex')
}

/** Adds the document or replaces the one from the same source; unchanged text is not indexed again. */
export async function putStaffDocument(
  db: Db,
  document: StaffSearchDocument,
  indexedAt: string,
): Promise<void> {
  const title = withoutMatchMarks(document.title)
  const body = withoutMatchMarks(document.body)
  const hash = textHash(title, body)
  const about = {
    partnership_id: document.partnershipId,
    review_id: document.reviewId,
    rapid_review_id: document.rapidReviewId,
    dated_on: document.datedOn,
    url: document.url,
    public_url: document.publicUrl,
    indexed_at: indexedAt,
  }
  const existing = await db
    .selectFrom('staff_search_document')
    .select('text_hash')
    .where('source_kind', '=', document.sourceKind)
    .where('source_id', '=', document.sourceId)
    .executeTakeFirst()
  if (existing) {
    await db
      .updateTable('staff_search_document')
      .set(existing.text_hash === hash ? about : { ...about, title, body, text_hash: hash })
      .where('source_kind', '=', document.sourceKind)
      .where('source_id', '=', document.sourceId)
      .execute()
    return
  }
  await db
    .insertInto('staff_search_document')
    .values({
      id: `${document.sourceKind}:${document.sourceId}`,
      source_kind: document.sourceKind,
      source_id: document.sourceId,
      title,
      body,
      text_hash: hash,
      ...about,
    })
    .execute()
}

/** Removes a review's documents of these kinds that are not in `keep` (deleted, withdrawn, in error). */
export async function removeStaleReviewDocuments(
  db: Db,
  reviewId: string,
  kinds: readonly string[],
  keep: readonly string[],
): Promise<number> {
  if (kinds.length === 0) return 0
  let query = db
    .deleteFrom('staff_search_document')
    .where('review_id', '=', reviewId)
    .where('source_kind', 'in', [...kinds])
  if (keep.length > 0) query = query.where('source_id', 'not in', [...keep])
  const result = await query.executeTakeFirst()
  return Number(result.numDeletedRows)
}

export async function removeStaffDocument(
  db: Db,
  sourceKind: string,
  sourceId: string,
): Promise<number> {
  const result = await db
    .deleteFrom('staff_search_document')
    .where('source_kind', '=', sourceKind)
    .where('source_id', '=', sourceId)
    .executeTakeFirst()
  return Number(result.numDeletedRows)
}

export async function countStaffDocuments(db: Db): Promise<number> {
  const row = await db
    .selectFrom('staff_search_document')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirst()
  return Number(row?.n ?? 0)
}

// ── What is indexed: the source records, read as they are now ────────────────

export interface ReviewSource {
  readonly id: string
  readonly slug: string
  readonly title: string
  readonly leadPartnershipId: string
  readonly publishedOn: string | null
  readonly startedOn: string | null
  readonly createdAt: string
}

export async function findReviewSource(db: Db, reviewId: string): Promise<ReviewSource | null> {
  const row = await db
    .selectFrom('review')
    .select([
      'id',
      'slug',
      'title',
      'lead_partnership_id',
      'published_on',
      'started_on',
      'created_at',
    ])
    .where('id', '=', reviewId)
    .executeTakeFirst()
  return row
    ? {
        id: row.id,
        slug: row.slug,
        title: row.title,
        leadPartnershipId: row.lead_partnership_id,
        publishedOn: row.published_on,
        startedOn: row.started_on,
        createdAt: row.created_at,
      }
    : null
}

export interface FindingSource {
  readonly kind: 'learning-point' | 'recommendation'
  readonly id: string
  readonly position: number
  readonly text: string
}

/** The review's learning points and recommendations, those entered in error left out. */
export async function listFindingSources(db: Db, reviewId: string): Promise<FindingSource[]> {
  const [points, recommendations] = await Promise.all([
    db
      .selectFrom('learning_point')
      .select(['id', 'position', 'text'])
      .where('review_id', '=', reviewId)
      .where('entered_in_error_at', 'is', null)
      .execute(),
    db
      .selectFrom('recommendation')
      .select(['id', 'position', 'text'])
      .where('review_id', '=', reviewId)
      .where('entered_in_error_at', 'is', null)
      .execute(),
  ])
  return [
    ...points.map((row) => ({ kind: 'learning-point' as const, ...row })),
    ...recommendations.map((row) => ({ kind: 'recommendation' as const, ...row })),
  ]
}

export interface BriefingSource {
  readonly id: string
  readonly sections: readonly string[]
}

export async function findBriefingSource(db: Db, reviewId: string): Promise<BriefingSource | null> {
  const row = await db
    .selectFrom('briefing')
    .select([
      'id',
      'background',
      'why_it_matters',
      'what_happened',
      'what_we_learned',
      'what_to_do',
      'questions',
      'further_information',
    ])
    .where('review_id', '=', reviewId)
    .executeTakeFirst()
  if (!row) return null
  const { id, ...sections } = row
  return {
    id,
    sections: [
      sections.background,
      sections.why_it_matters,
      sections.what_happened,
      sections.what_we_learned,
      sections.what_to_do,
      sections.questions,
      sections.further_information,
    ],
  }
}

export interface ReportSource {
  readonly id: string
  readonly number: number
  readonly text: string
}

/** The review's report versions not withdrawn, each with its text in reading order. */
export async function listReportSources(db: Db, reviewId: string): Promise<ReportSource[]> {
  const versions = await db
    .selectFrom('report_version')
    .select(['id', 'number'])
    .where('review_id', '=', reviewId)
    .where('withdrawn_at', 'is', null)
    .orderBy('number')
    .execute()
  const sources: ReportSource[] = []
  for (const version of versions) {
    const sections = await db
      .selectFrom('report_version_text')
      .select('text')
      .where('report_version_id', '=', version.id)
      .orderBy('position')
      .execute()
    sources.push({
      id: version.id,
      number: version.number,
      text: sections.map((section) => section.text).join('\n\n'),
    })
  }
  return sources
}

export interface RapidReviewSource {
  readonly id: string
  readonly partnershipId: string
  readonly caseReference: string | null
  readonly learningIdentified: string | null
  readonly datedOn: string
  /** Its incident was entered in error: off every list, so off the search too. */
  readonly enteredInError: boolean
}

export async function findRapidReviewSource(
  db: Db,
  rapidReviewId: string,
): Promise<RapidReviewSource | null> {
  const row = await db
    .selectFrom('rapid_review')
    .innerJoin('incident', 'incident.id', 'rapid_review.incident_id')
    .select([
      'rapid_review.id',
      'rapid_review.partnership_id',
      'rapid_review.learning_identified',
      'rapid_review.started_on',
      'rapid_review.decided_on',
      'incident.case_reference',
      'incident.entered_in_error_at',
    ])
    .where('rapid_review.id', '=', rapidReviewId)
    .executeTakeFirst()
  return row
    ? {
        id: row.id,
        partnershipId: row.partnership_id,
        caseReference: row.case_reference,
        learningIdentified: row.learning_identified,
        datedOn: row.decided_on ?? row.started_on,
        enteredInError: row.entered_in_error_at !== null,
      }
    : null
}

export async function listAllReviewIds(db: Db): Promise<string[]> {
  return (await db.selectFrom('review').select('id').orderBy('id').execute()).map((r) => r.id)
}

/** Published thematic briefings' ids: the only ones staff search holds. */
export async function listPublishedThematicBriefingIds(db: Db): Promise<string[]> {
  const rows = await db
    .selectFrom('briefing')
    .select('id')
    .where('kind', '=', 'thematic')
    .where('status', '=', 'published')
    .orderBy('id')
    .execute()
  return rows.map((row) => row.id)
}

export async function listAllRapidReviewIds(db: Db): Promise<string[]> {
  return (await db.selectFrom('rapid_review').select('id').orderBy('id').execute()).map((r) => r.id)
}

// ── Searching ───────────────────────────────────────────────────────────────

function inList(column: RawBuilder<unknown>, values: readonly string[]): RawBuilder<unknown> {
  return values.length === 0
    ? sql`1 = 0`
    : sql`${column} IN (${sql.join(values.map((value) => sql`${value}`))})`
}

/**
 * Part of the published record: the review published and not withdrawn, and
 * the document its public text (its learning), its published briefing, or
 * the report version the public can read now; or a published thematic
 * briefing (no review of its own: only published ones are indexed, checked
 * again here).
 */
const PUBLISHED = sql`((d.review_id IS NOT NULL AND r.status = 'published' AND r.withdrawn_at IS NULL AND (
  d.source_kind IN ('learning-point', 'recommendation')
  OR (d.source_kind = 'briefing' AND EXISTS (
    SELECT 1 FROM briefing b WHERE b.id = d.source_id AND b.status = 'published'))
  OR (d.source_kind = 'report' AND EXISTS (
    SELECT 1 FROM report_publication p WHERE p.report_version_id = d.source_id
      AND p.replaced_at IS NULL AND p.taken_down_at IS NULL))))
  OR (d.review_id IS NULL AND d.rapid_review_id IS NULL AND d.source_kind = 'briefing'
    AND EXISTS (SELECT 1 FROM briefing b WHERE b.id = d.source_id AND b.kind = 'thematic'
      AND b.status = 'published')))`

/** What the person may open inside the partnerships: StaffSearchScope's rules, as SQL. */
function openTo(scope: StaffSearchScope): RawBuilder<unknown> {
  const me = scope.userId
  const onReviewList = sql`(r.access_restricted = 0 OR EXISTS (SELECT 1 FROM record_access_entry e
    WHERE e.record_type = 'review' AND e.record_id = r.id AND e.user_id = ${me}))`
  const named = scope.readsNamedReviews
    ? sql`EXISTS (SELECT 1 FROM review_reviewer rv WHERE rv.review_id = r.id AND rv.user_id = ${me})`
    : sql`1 = 0`
  const readers = scope.readReviewPartnershipIds
  const byPartnership = sql`(${inList(sql`r.lead_partnership_id`, readers)} OR (r.restricted = 0
    AND EXISTS (SELECT 1 FROM review_partnership rp WHERE rp.review_id = r.id
      AND ${inList(sql`rp.partnership_id`, readers)})))`
  const review = sql`(d.review_id IS NOT NULL AND ${onReviewList} AND (
    ${named}
    OR ${inList(sql`r.lead_partnership_id`, scope.draftReportPartnershipIds)}
    OR (d.source_kind <> 'report' AND ${byPartnership})))`
  const rapidReview = sql`(d.rapid_review_id IS NOT NULL AND i.entered_in_error_at IS NULL
    AND ${inList(sql`rr.partnership_id`, scope.incidentPartnershipIds)}
    AND (i.access_restricted = 0 OR EXISTS (SELECT 1 FROM record_access_entry e
      WHERE e.record_type = 'incident' AND e.record_id = i.id AND e.user_id = ${me})))`
  return sql`(${review} OR ${rapidReview})`
}

/** The filters as conditions on the documents (`today` for overdue actions). */
function filterConditions(filters: StaffSearchFilters, today: string): RawBuilder<unknown>[] {
  const conditions: RawBuilder<unknown>[] = []
  if (filters.kinds !== undefined) conditions.push(inList(sql`d.source_kind`, filters.kinds))
  if (filters.year !== undefined) {
    const from = `${String(filters.year).padStart(4, '0')}-01-01`
    const to = `${String(filters.year + 1).padStart(4, '0')}-01-01`
    conditions.push(sql`d.dated_on >= ${from} AND d.dated_on < ${to}`)
  }
  if (filters.partnershipId !== undefined) {
    const id = filters.partnershipId
    conditions.push(sql`(d.partnership_id = ${id} OR (d.review_id IS NOT NULL AND EXISTS (
      SELECT 1 FROM review_partnership fp WHERE fp.review_id = d.review_id AND fp.partnership_id = ${id})))`)
  }
  if (filters.themeSlug !== undefined) {
    // The record's own tag, or its review's: a review about professional
    // curiosity is found through its report and briefing too.
    conditions.push(sql`EXISTS (SELECT 1 FROM theme_tag t JOIN theme th ON th.id = t.theme_id
      WHERE th.slug = ${filters.themeSlug} AND (
        (t.record_type = d.source_kind AND t.record_id = d.source_id)
        OR (t.record_type = 'review' AND t.record_id = d.review_id)))`)
  }
  if (filters.agencyId !== undefined) {
    const id = filters.agencyId
    conditions.push(sql`(
      (d.source_kind = 'learning-point' AND EXISTS (SELECT 1 FROM learning_point lp
        WHERE lp.id = d.source_id AND lp.addressed_to_agency_id = ${id}))
      OR (d.source_kind = 'recommendation' AND EXISTS (SELECT 1 FROM recommendation_agency ra
        WHERE ra.recommendation_id = d.source_id AND ra.agency_id = ${id}))
      OR EXISTS (SELECT 1 FROM action aa WHERE aa.source_kind = d.source_kind
        AND aa.source_id = d.source_id AND aa.agency_id = ${id}))`)
  }
  if (filters.actionStatus !== undefined) {
    const statuses = ACTION_STATUSES_OF_FILTER[filters.actionStatus]
    const overdue = filters.actionStatus === 'overdue' ? sql` AND a.due_on < ${today}` : sql``
    conditions.push(sql`EXISTS (SELECT 1 FROM action a WHERE a.source_kind = d.source_kind
      AND a.source_id = d.source_id AND ${inList(sql`a.status`, statuses)}${overdue})`)
  }
  return conditions
}

function hasAnyFilter(filters: StaffSearchFilters): boolean {
  return Object.values(filters).some((value) => value !== undefined)
}

/** The start of a text shown when nothing was searched for (filters only). */
const START_LENGTH = 240

const JOINS = sql`LEFT JOIN review r ON r.id = d.review_id
  LEFT JOIN rapid_review rr ON rr.id = d.rapid_review_id
  LEFT JOIN incident i ON i.id = rr.incident_id`

function staffScope(
  scope: StaffSearchScope,
  filters: StaffSearchFilters,
  today: string,
): SearchScope {
  const open = openTo(scope)
  // An action's status is the business of the partnerships working on the
  // review: filtering by it finds only records the person may open, never
  // another partnership's published learning by the state of its actions.
  const actionsSeen = filters.actionStatus === undefined ? [] : [open]
  const where = sql.join(
    [sql`(${PUBLISHED} OR ${open})`, ...actionsSeen, ...filterConditions(filters, today)],
    sql` AND `,
  )
  return {
    joins: JOINS,
    where,
    // Filters leave few documents: list them first. Without any, most of
    // what matches is someone's published learning: rank first, check after.
    ...(hasAnyFilter(filters)
      ? {
          narrowedTo: sql`(SELECT d.doc_number FROM staff_search_document d ${JOINS} WHERE ${where})`,
        }
      : {}),
    columns: sql`d.source_kind, d.source_id, d.review_id, d.rapid_review_id, d.title, d.dated_on,
      d.url, d.public_url, substr(d.body, 1, ${sql.lit(START_LENGTH)}) AS body_start,
      (SELECT name FROM partnership p WHERE p.id = d.partnership_id) AS partnership_name,
      CASE WHEN ${PUBLISHED} THEN 1 ELSE 0 END AS published,
      CASE WHEN ${open} THEN 1 ELSE 0 END AS open_to_them`,
  }
}

interface StaffHitRow {
  source_kind: string
  source_id: string
  review_id: string | null
  rapid_review_id: string | null
  title: string
  dated_on: string | null
  url: string
  public_url: string | null
  body_start: string
  partnership_name: string | null
  published: number | boolean
  open_to_them: number | boolean
  marked_title: string | null
  snippet: string | null
}

function toHit(row: StaffHitRow): StaffSearchHit {
  const open = Boolean(Number(row.open_to_them))
  const start =
    row.body_start.length >= START_LENGTH ? `${row.body_start.trimEnd()}…` : row.body_start
  return {
    sourceKind: row.source_kind,
    sourceId: row.source_id,
    reviewId: row.review_id,
    rapidReviewId: row.rapid_review_id,
    title: row.title,
    markedTitle: row.marked_title ?? row.title,
    snippet: row.snippet ?? start,
    datedOn: row.dated_on,
    partnershipName: row.partnership_name ?? '',
    url: open ? row.url : (row.public_url ?? row.url),
    published: Boolean(Number(row.published)),
  }
}

/** One page of what the person may see matching the words and filters, best first. */
export async function searchStaffDocuments(
  db: Db,
  scope: StaffSearchScope,
  terms: SearchTerms,
  filters: StaffSearchFilters,
  today: string,
  page: { limit: number; offset: number },
): Promise<StaffSearchResults> {
  const results = await fullTextEngineOf(db).search<StaffHitRow>(
    db,
    STAFF_TABLES,
    terms,
    staffScope(scope, filters, today),
    page,
  )
  return { total: results.total, totalCapped: results.totalCapped, hits: results.rows.map(toHit) }
}

/**
 * Without words, the filters alone: what they match that the person may
 * see, newest first, with the start of each text. Counted up to the same
 * cap as a search.
 */
export async function listStaffDocuments(
  db: Db,
  scope: StaffSearchScope,
  filters: StaffSearchFilters,
  today: string,
  page: { limit: number; offset: number },
): Promise<StaffSearchResults> {
  const { joins, where, columns } = staffScope(scope, filters, today)
  const count = await sql<{ counted: number | string }>`
    SELECT count(*) AS counted FROM (
      SELECT 1 FROM staff_search_document d ${joins} WHERE ${where}
      LIMIT ${MAX_RESULTS + 1}) AS found`.execute(db)
  const total = cappedTotal(Number(count.rows[0]?.counted ?? 0))
  const limit = Math.max(0, Math.min(page.limit, total.total - page.offset))
  if (limit === 0) return { ...total, hits: [] }
  const rows = await sql<StaffHitRow>`
    SELECT ${columns}, NULL AS marked_title, NULL AS snippet
    FROM staff_search_document d ${joins} WHERE ${where}
    ORDER BY CASE WHEN d.dated_on IS NULL THEN 1 ELSE 0 END, d.dated_on DESC, d.doc_number DESC
    LIMIT ${limit} OFFSET ${page.offset}`.execute(db)
  return { ...total, hits: rows.rows.map(toHit) }
}

/** The years the library's documents are dated in, newest first (years say nothing restricted). */
export async function listStaffDocumentYears(db: Db): Promise<number[]> {
  const rows = await sql<{ year: string | null }>`
    SELECT DISTINCT substr(dated_on, 1, 4) AS year FROM staff_search_document
    WHERE dated_on IS NOT NULL ORDER BY year DESC`.execute(db)
  return rows.rows.flatMap((row) =>
    row.year && /^\d{4}$/.test(row.year) ? [Number(row.year)] : [],
  )
}
