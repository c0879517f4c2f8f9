// Earlier learning for "we have seen this before" (issue 11), and the links
// people make from new learning to it. Plain rows: the service decides who may
// see what, the domain decides what matches.
import type { Db } from '../../db.js'

/** A learning point or recommendation of a review, with what access and display need. */
export interface EarlierLearningRow {
  readonly kind: 'learning-point' | 'recommendation'
  readonly id: string
  readonly position: number
  readonly text: string
  readonly reviewId: string
  readonly reviewTitle: string
  readonly reviewSlug: string
  readonly reviewStatus: string
  readonly reviewWithdrawn: boolean
  readonly leadPartnershipId: string
  readonly leadPartnershipName: string
}

/**
 * Learning points and recommendations that have at least one action, outside
 * these reviews: only learning with actions can have open ones, and the new
 * item's own review is not "before".
 */
export async function listLearningWithActions(
  db: Db,
  excludeReviewIds: readonly string[],
): Promise<EarlierLearningRow[]> {
  const rows: EarlierLearningRow[] = []
  for (const kind of ['learning-point', 'recommendation'] as const) {
    const table = kind === 'learning-point' ? 'learning_point' : 'recommendation'
    let query = db
      .selectFrom(table)
      .innerJoin('review', 'review.id', `${table}.review_id`)
      .innerJoin('partnership as lead', 'lead.id', 'review.lead_partnership_id')
      .select([
        `${table}.id as id`,
        `${table}.position as position`,
        `${table}.text as text`,
        'review.id as review_id',
        'review.title as review_title',
        'review.slug as review_slug',
        'review.status as review_status',
        'review.withdrawn_at as withdrawn_at',
        'lead.id as lead_id',
        'lead.name as lead_name',
      ])
      .where(`${table}.entered_in_error_at`, 'is', null)
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('action')
            .select('action.id')
            .whereRef('action.source_id', '=', `${table}.id`)
            .where('action.source_kind', '=', kind),
        ),
      )
    if (excludeReviewIds.length > 0) {
      query = query.where('review.id', 'not in', [...excludeReviewIds])
    }
    for (const row of await query.orderBy('review.title').orderBy(`${table}.position`).execute()) {
      rows.push({
        kind,
        id: row.id,
        position: Number(row.position),
        text: row.text,
        reviewId: row.review_id,
        reviewTitle: row.review_title,
        reviewSlug: row.review_slug,
        reviewStatus: row.review_status,
        reviewWithdrawn: row.withdrawn_at !== null,
        leadPartnershipId: row.lead_id,
        leadPartnershipName: row.lead_name,
      })
    }
  }
  return rows
}

/** One learning point or recommendation by id, whatever its kind. */
export async function findLearning(
  db: Db,
  kind: 'learning-point' | 'recommendation',
  id: string,
): Promise<EarlierLearningRow | undefined> {
  const table = kind === 'learning-point' ? 'learning_point' : 'recommendation'
  const row = await db
    .selectFrom(table)
    .innerJoin('review', 'review.id', `${table}.review_id`)
    .innerJoin('partnership as lead', 'lead.id', 'review.lead_partnership_id')
    .select([
      `${table}.id as id`,
      `${table}.position as position`,
      `${table}.text as text`,
      'review.id as review_id',
      'review.title as review_title',
      'review.slug as review_slug',
      'review.status as review_status',
      'review.withdrawn_at as withdrawn_at',
      'lead.id as lead_id',
      'lead.name as lead_name',
    ])
    .where(`${table}.id`, '=', id)
    .where(`${table}.entered_in_error_at`, 'is', null)
    .executeTakeFirst()
  return (
    row && {
      kind,
      id: row.id,
      position: Number(row.position),
      text: row.text,
      reviewId: row.review_id,
      reviewTitle: row.review_title,
      reviewSlug: row.review_slug,
      reviewStatus: row.review_status,
      reviewWithdrawn: row.withdrawn_at !== null,
      leadPartnershipId: row.lead_id,
      leadPartnershipName: row.lead_name,
    }
  )
}

export type LinkableType = 'rapid-review-finding' | 'learning-point' | 'recommendation'

export interface LearningLinkRow {
  readonly id: string
  readonly fromType: LinkableType
  readonly fromId: string
  readonly toType: 'learning-point' | 'recommendation'
  readonly toId: string
  readonly partnershipId: string
  readonly linkedAt: string
  readonly linkedByName: string
}

const linkColumns = [
  'id',
  'from_type as fromType',
  'from_id as fromId',
  'to_type as toType',
  'to_id as toId',
  'partnership_id as partnershipId',
  'linked_at as linkedAt',
  'linked_by_name as linkedByName',
] as const

type RawLink = Omit<LearningLinkRow, 'fromType' | 'toType'> & { fromType: string; toType: string }

function linkOf(row: RawLink): LearningLinkRow {
  return {
    ...row,
    fromType: row.fromType as LinkableType,
    toType: row.toType as 'learning-point' | 'recommendation',
  }
}

/** Links made from this item to earlier learning, oldest first. */
export async function listLinksFrom(
  db: Db,
  type: LinkableType,
  id: string,
): Promise<LearningLinkRow[]> {
  const rows = await db
    .selectFrom('learning_link')
    .select(linkColumns)
    .where('from_type', '=', type)
    .where('from_id', '=', id)
    .orderBy('linked_at')
    .execute()
  return rows.map(linkOf)
}

/** Links later learning made to this item, oldest first. */
export async function listLinksTo(
  db: Db,
  type: LinkableType,
  id: string,
): Promise<LearningLinkRow[]> {
  const rows = await db
    .selectFrom('learning_link')
    .select(linkColumns)
    .where('to_type', '=', type)
    .where('to_id', '=', id)
    .orderBy('linked_at')
    .execute()
  return rows.map(linkOf)
}

export async function insertLink(
  db: Db,
  link: {
    id: string
    fromType: LinkableType
    fromId: string
    toType: 'learning-point' | 'recommendation'
    toId: string
    partnershipId: string
    at: string
    byUserId: string | null
    byName: string
  },
): Promise<void> {
  await db
    .insertInto('learning_link')
    .values({
      id: link.id,
      from_type: link.fromType,
      from_id: link.fromId,
      to_type: link.toType,
      to_id: link.toId,
      partnership_id: link.partnershipId,
      linked_at: link.at,
      linked_by: link.byUserId,
      linked_by_name: link.byName,
    })
    .execute()
}

/** Removes one link; answers whether there was one. */
export async function deleteLink(
  db: Db,
  from: { type: LinkableType; id: string },
  to: { type: string; id: string },
): Promise<boolean> {
  const result = await db
    .deleteFrom('learning_link')
    .where('from_type', '=', from.type)
    .where('from_id', '=', from.id)
    .where('to_type', '=', to.type)
    .where('to_id', '=', to.id)
    .executeTakeFirst()
  return result.numDeletedRows > 0n
}

/** The rapid review with its first child's pseudonym and partnership, to name a linked finding. */
export async function findRapidReviewLabel(
  db: Db,
  rapidReviewId: string,
): Promise<
  | {
      id: string
      partnershipId: string
      incidentId: string
      pseudonym: string | null
      text: string
    }
  | undefined
> {
  const row = await db
    .selectFrom('rapid_review')
    .innerJoin('incident', 'incident.id', 'rapid_review.incident_id')
    .select([
      'rapid_review.id as id',
      'rapid_review.partnership_id as partnership_id',
      'incident.id as incident_id',
      'rapid_review.facts_established as facts',
      'rapid_review.learning_identified as learning',
      (eb) =>
        eb
          .selectFrom('incident_child')
          .select('incident_child.pseudonym')
          .whereRef('incident_child.incident_id', '=', 'incident.id')
          .orderBy('incident_child.position')
          .limit(1)
          .as('pseudonym'),
    ])
    .where('rapid_review.id', '=', rapidReviewId)
    .executeTakeFirst()
  return (
    row && {
      id: row.id,
      partnershipId: row.partnership_id,
      incidentId: row.incident_id,
      pseudonym: row.pseudonym ?? null,
      text: [row.facts, row.learning].filter((part) => part).join('\n\n'),
    }
  )
}
