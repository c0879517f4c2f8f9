// Published reviews as the public reads them (issue 9). Everything here reads
// only reviews whose status is 'published': a draft, a review in progress or
// one restricted to an access list never reaches the public site.
import type { Db } from '../../db.js'

export interface PublishedReview {
  id: string
  slug: string
  title: string
  kind: string
  guidanceEdition: string
  childPseudonym: string
  summary: string
  publishedOn: string | null
  /** When the published text or report was replaced by a corrected one. */
  updatedOn: string | null
  /** When the record last changed (a timestamp): the feed's "updated" when there is no date. */
  changedAt: string
  reviewerNames: string
  leadPartnership: { slug: string; name: string }
  participatingPartnerships: { slug: string; name: string }[]
  learningPoints: Statement[]
  recommendations: Statement[]
  /** Taken down before its "available until" date (S15): the page says so, 410 Gone. */
  withdrawal: { at: string; reason: string } | null
}

export interface Statement {
  position: number
  text: string
  addressedTo: string | null
}

export type PublishedReviewOrder = 'newest' | 'oldest' | 'title'

export interface PublishedReviewQuery {
  /** Only reviews this partnership led or took part in. */
  partnershipId?: string
  id?: string
  slug?: string
  /** The review kinds as stored ('lcspr', 'scr-2015', …). */
  kinds?: readonly string[]
  /** Published in this calendar year. */
  year?: number
  order?: PublishedReviewOrder
  /** A withdrawn review is left out unless asked for (its own page says it was withdrawn). */
  includeWithdrawn?: boolean
  limit: number
  offset: number
}

type Filters = Omit<PublishedReviewQuery, 'limit' | 'offset' | 'order'>

function filtered(db: Db, query: Filters) {
  let select = db
    .selectFrom('review')
    .innerJoin('partnership as lead', 'lead.id', 'review.lead_partnership_id')
    .where('review.status', '=', 'published')
  if (query.includeWithdrawn !== true) select = select.where('review.withdrawn_at', 'is', null)
  if (query.id !== undefined) select = select.where('review.id', '=', query.id)
  if (query.slug !== undefined) select = select.where('review.slug', '=', query.slug)
  if (query.kinds !== undefined) select = select.where('review.kind', 'in', [...query.kinds, ''])
  if (query.year !== undefined) {
    select = select
      .where('review.published_on', '>=', `${String(query.year).padStart(4, '0')}-01-01`)
      .where('review.published_on', '<', `${String(query.year + 1).padStart(4, '0')}-01-01`)
  }
  if (query.partnershipId !== undefined) {
    const partnershipId = query.partnershipId
    select = select.where((eb) =>
      eb.or([
        eb('review.lead_partnership_id', '=', partnershipId),
        eb(
          'review.id',
          'in',
          eb
            .selectFrom('review_partnership')
            .select('review_partnership.review_id')
            .where('review_partnership.partnership_id', '=', partnershipId),
        ),
      ]),
    )
  }
  return select
}

export async function countPublishedReviews(db: Db, query: Filters): Promise<number> {
  const row = await filtered(db, query)
    .select((eb) => eb.fn.countAll<number | string>().as('count'))
    .executeTakeFirst()
  return Number(row?.count ?? 0)
}

/**
 * Published reviews with their learning, newest first unless asked otherwise.
 * Three queries whatever the page size, rather than one per review.
 */
export async function findPublishedReviews(
  db: Db,
  query: PublishedReviewQuery,
): Promise<PublishedReview[]> {
  let select = filtered(db, query).select([
    'review.id',
    'review.slug',
    'review.title',
    'review.kind',
    'review.guidance_edition',
    'review.child_pseudonym',
    'review.summary',
    'review.published_on',
    'review.public_updated_on',
    'review.updated_at',
    'review.reviewer_names',
    'review.withdrawn_at',
    'review.withdrawn_reason',
    'lead.slug as lead_slug',
    'lead.name as lead_name',
  ])
  // Undated reviews last on both databases (PostgreSQL would put nulls first).
  switch (query.order ?? 'newest') {
    case 'newest':
      select = select.orderBy('review.published_on', (order) => order.desc().nullsLast())
      break
    case 'oldest':
      select = select.orderBy('review.published_on', (order) => order.asc().nullsLast())
      break
    case 'title':
      select = select.orderBy('review.title')
      break
  }
  const rows = await select.orderBy('review.slug').limit(query.limit).offset(query.offset).execute()
  if (rows.length === 0) return []
  const ids = rows.map((row) => row.id)

  const [participants, learningPoints, recommendations] = await Promise.all([
    db
      .selectFrom('review_partnership')
      .innerJoin('partnership', 'partnership.id', 'review_partnership.partnership_id')
      .select(['review_partnership.review_id', 'partnership.slug', 'partnership.name'])
      .where('review_partnership.review_id', 'in', ids)
      .orderBy('partnership.name')
      .execute(),
    statementsOf(db, 'learning_point', ids),
    statementsOf(db, 'recommendation', ids),
  ])

  return rows.map((row) => ({
    id: row.id,
    slug: row.slug,
    title: row.title,
    kind: row.kind,
    guidanceEdition: row.guidance_edition,
    childPseudonym: row.child_pseudonym,
    summary: row.summary,
    publishedOn: row.published_on,
    updatedOn: row.public_updated_on,
    changedAt: row.updated_at,
    reviewerNames: row.reviewer_names,
    leadPartnership: { slug: row.lead_slug, name: row.lead_name },
    participatingPartnerships: participants
      .filter((participant) => participant.review_id === row.id)
      .map(({ slug, name }) => ({ slug, name })),
    learningPoints: learningPoints.get(row.id) ?? [],
    recommendations: recommendations.get(row.id) ?? [],
    withdrawal:
      row.withdrawn_at === null
        ? null
        : { at: row.withdrawn_at, reason: row.withdrawn_reason ?? '' },
  }))
}

async function statementsOf(
  db: Db,
  table: 'learning_point' | 'recommendation',
  reviewIds: string[],
): Promise<Map<string, Statement[]>> {
  const rows = await db
    .selectFrom(table)
    .leftJoin('agency', 'agency.id', `${table}.addressed_to_agency_id`)
    .select([`${table}.review_id`, `${table}.position`, `${table}.text`, 'agency.name'])
    .where(`${table}.review_id`, 'in', reviewIds)
    .where(`${table}.entered_in_error_at`, 'is', null)
    .orderBy(`${table}.review_id`)
    .orderBy(`${table}.position`)
    .execute()
  const byReview = new Map<string, Statement[]>()
  for (const row of rows) {
    const list = byReview.get(row.review_id) ?? []
    list.push({ position: row.position, text: row.text, addressedTo: row.name })
    byReview.set(row.review_id, list)
  }
  return byReview
}

/** The years in which reviews were published, newest first: the list page's year filter. */
export async function listPublicationYears(db: Db): Promise<number[]> {
  const rows = await filtered(db, {})
    .select('review.published_on')
    .where('review.published_on', 'is not', null)
    .execute()
  const years = new Set<number>()
  for (const row of rows) {
    const year = Number(row.published_on?.slice(0, 4))
    if (Number.isInteger(year)) years.add(year)
  }
  return [...years].sort((a, b) => b - a)
}

/** Partnerships that led or took part in a published review: the partnership filter. */
export async function listPartnershipsWithPublishedReviews(
  db: Db,
): Promise<{ id: string; slug: string; name: string }[]> {
  const published = filtered(db, {}).select('review.id')
  return db
    .selectFrom('partnership')
    .select(['partnership.id', 'partnership.slug', 'partnership.name'])
    .where((eb) =>
      eb.or([
        eb('partnership.id', 'in', filtered(db, {}).select('review.lead_partnership_id')),
        eb(
          'partnership.id',
          'in',
          eb
            .selectFrom('review_partnership')
            .select('review_partnership.partnership_id')
            .where('review_partnership.review_id', 'in', published),
        ),
      ]),
    )
    .orderBy('partnership.name')
    .execute()
}
