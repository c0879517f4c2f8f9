import type { Db } from '../db.js'

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

export async function reviewSlugExists(db: Db, slug: string): Promise<boolean> {
  const row = await db.selectFrom('review').select('id').where('slug', '=', slug).executeTakeFirst()
  return row !== undefined
}
