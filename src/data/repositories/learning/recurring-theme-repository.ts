// Themes across a partnership's reviews (issue 11): which themes are on which
// reviews, directly or through their learning points and recommendations.
import type { Db } from '../../db.js'

export interface ReviewThemeRow {
  readonly themeSlug: string
  readonly themeName: string
  readonly themeRetired: boolean
  readonly reviewId: string
  /** 'review', 'learning-point' or 'recommendation': where the tag sits. */
  readonly recordType: 'review' | 'learning-point' | 'recommendation'
  readonly recordId: string
}

export interface PartnershipReviewRow {
  readonly id: string
  readonly title: string
  readonly status: string
  readonly withdrawn: boolean
}

/** Reviews the partnership led or took part in. */
export async function listPartnershipReviews(
  db: Db,
  partnershipId: string,
): Promise<PartnershipReviewRow[]> {
  const rows = await db
    .selectFrom('review')
    .select(['id', 'title', 'status', 'withdrawn_at'])
    .where((eb) =>
      eb.or([
        eb('lead_partnership_id', '=', partnershipId),
        eb(
          'id',
          'in',
          eb
            .selectFrom('review_partnership')
            .select('review_id')
            .where('partnership_id', '=', partnershipId),
        ),
      ]),
    )
    .orderBy('title')
    .execute()
  return rows.map((row) => ({
    id: row.id,
    title: row.title,
    status: row.status,
    withdrawn: row.withdrawn_at !== null,
  }))
}

/** Every theme tag on these reviews and on their learning points and recommendations in use. */
export async function listReviewThemes(
  db: Db,
  reviewIds: readonly string[],
): Promise<ReviewThemeRow[]> {
  if (reviewIds.length === 0) return []
  const ids = [...reviewIds]
  const columns = [
    'theme.slug as slug',
    'theme.name as name',
    'theme.retired_on as retired_on',
    'theme_tag.record_id as record_id',
  ] as const
  const onReviews = await db
    .selectFrom('theme_tag')
    .innerJoin('theme', 'theme.id', 'theme_tag.theme_id')
    .select([...columns, 'theme_tag.record_id as review_id'])
    .where('theme_tag.record_type', '=', 'review')
    .where('theme_tag.record_id', 'in', ids)
    .execute()
  const rows: ReviewThemeRow[] = onReviews.map((row) => ({
    themeSlug: row.slug,
    themeName: row.name,
    themeRetired: row.retired_on !== null,
    reviewId: row.review_id,
    recordType: 'review',
    recordId: row.record_id,
  }))
  const onLearningPoints = await db
    .selectFrom('theme_tag')
    .innerJoin('theme', 'theme.id', 'theme_tag.theme_id')
    .innerJoin('learning_point', 'learning_point.id', 'theme_tag.record_id')
    .select([...columns, 'learning_point.review_id as review_id'])
    .where('theme_tag.record_type', '=', 'learning-point')
    .where('learning_point.review_id', 'in', ids)
    .where('learning_point.entered_in_error_at', 'is', null)
    .execute()
  const onRecommendations = await db
    .selectFrom('theme_tag')
    .innerJoin('theme', 'theme.id', 'theme_tag.theme_id')
    .innerJoin('recommendation', 'recommendation.id', 'theme_tag.record_id')
    .select([...columns, 'recommendation.review_id as review_id'])
    .where('theme_tag.record_type', '=', 'recommendation')
    .where('recommendation.review_id', 'in', ids)
    .where('recommendation.entered_in_error_at', 'is', null)
    .execute()
  for (const [kind, found] of [
    ['learning-point', onLearningPoints],
    ['recommendation', onRecommendations],
  ] as const) {
    for (const row of found) {
      rows.push({
        themeSlug: row.slug,
        themeName: row.name,
        themeRetired: row.retired_on !== null,
        reviewId: row.review_id,
        recordType: kind,
        recordId: row.record_id,
      })
    }
  }
  return rows
}
