import type { Db } from '../db.js'

export interface PublishedReview {
  id: string
  slug: string
  title: string
  kind: string
  guidanceEdition: string
  childPseudonym: string
  summary: string
  publishedOn: string | null
  reviewerNames: string
  leadPartnership: { slug: string; name: string }
  participatingPartnerships: { slug: string; name: string }[]
  learningPoints: Statement[]
  recommendations: Statement[]
}

export interface Statement {
  position: number
  text: string
  addressedTo: string | null
}

export interface NewReview {
  id: string
  slug: string
  title: string
  kind: string
  guidanceEdition: string
  leadPartnershipId: string
  participatingPartnershipIds: string[]
  childPseudonym: string
  summary: string
  status: string
  publishedOn: string | null
  reviewerNames: string
  learningPoints: { id: string; text: string; addressedToAgencyId: string | null }[]
  recommendations: { id: string; text: string; addressedToAgencyId: string | null }[]
  now: string
}

export async function insertReview(db: Db, review: NewReview): Promise<void> {
  await db
    .insertInto('review')
    .values({
      id: review.id,
      slug: review.slug,
      title: review.title,
      kind: review.kind,
      guidance_edition: review.guidanceEdition,
      lead_partnership_id: review.leadPartnershipId,
      child_pseudonym: review.childPseudonym,
      summary: review.summary,
      status: review.status,
      published_on: review.publishedOn,
      reviewer_names: review.reviewerNames,
      created_at: review.now,
      updated_at: review.now,
    })
    .execute()
  if (review.participatingPartnershipIds.length > 0) {
    await db
      .insertInto('review_partnership')
      .values(
        review.participatingPartnershipIds.map((partnershipId) => ({
          review_id: review.id,
          partnership_id: partnershipId,
        })),
      )
      .execute()
  }
  for (const [table, statements] of [
    ['learning_point', review.learningPoints],
    ['recommendation', review.recommendations],
  ] as const) {
    if (statements.length === 0) continue
    await db
      .insertInto(table)
      .values(
        statements.map((statement, index) => ({
          id: statement.id,
          review_id: review.id,
          position: index + 1,
          text: statement.text,
          addressed_to_agency_id: statement.addressedToAgencyId,
        })),
      )
      .execute()
  }
}

export interface PublishedReviewQuery {
  /** Only reviews this partnership led or took part in. */
  partnershipId?: string
  slug?: string
  limit: number
  offset: number
}

/**
 * Published reviews with their learning, newest first. Three queries whatever
 * the page size, rather than one per review.
 */
export async function findPublishedReviews(
  db: Db,
  query: PublishedReviewQuery,
): Promise<PublishedReview[]> {
  let select = db
    .selectFrom('review')
    .innerJoin('partnership as lead', 'lead.id', 'review.lead_partnership_id')
    .select([
      'review.id',
      'review.slug',
      'review.title',
      'review.kind',
      'review.guidance_edition',
      'review.child_pseudonym',
      'review.summary',
      'review.published_on',
      'review.reviewer_names',
      'lead.slug as lead_slug',
      'lead.name as lead_name',
    ])
    .where('review.status', '=', 'published')
  if (query.slug !== undefined) select = select.where('review.slug', '=', query.slug)
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
  const rows = await select
    // Undated reviews last on both databases (PostgreSQL would put nulls first).
    .orderBy('review.published_on', (order) => order.desc().nullsLast())
    .orderBy('review.slug')
    .limit(query.limit)
    .offset(query.offset)
    .execute()
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
    reviewerNames: row.reviewer_names,
    leadPartnership: { slug: row.lead_slug, name: row.lead_name },
    participatingPartnerships: participants
      .filter((participant) => participant.review_id === row.id)
      .map(({ slug, name }) => ({ slug, name })),
    learningPoints: learningPoints.get(row.id) ?? [],
    recommendations: recommendations.get(row.id) ?? [],
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

export async function reviewSlugExists(db: Db, slug: string): Promise<boolean> {
  const row = await db.selectFrom('review').select('id').where('slug', '=', slug).executeTakeFirst()
  return row !== undefined
}
