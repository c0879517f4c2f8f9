// Agency actions and their progress updates (0010-action-plans). Rows come with
// what every page about an action needs to decide access and name it: the
// review (lead partnership, access restriction, title), the owning agency and
// its partnership, and the learning point or recommendation the action answers.
import { StaleVersionError } from '../../../domain/errors.js'
import type { Db } from '../../db.js'

export interface ActionRecord {
  id: string
  reviewId: string
  reviewTitle: string
  reviewPartnershipId: string
  reviewPartnershipName: string
  reviewAccessRestricted: boolean
  sourceKind: string
  sourceId: string
  /** The learning point's or recommendation's text; null if that row is gone. */
  sourceText: string | null
  sourcePosition: number | null
  agencyId: string
  agencyName: string
  agencyPartnershipId: string
  agencyPartnershipName: string
  description: string
  dueOn: string
  status: string
  createdAt: string
  updatedAt: string
  version: number
  /** The due date before the first agreed change (0020); null while never moved. */
  originalDueOn: string | null
  /** When the assurer will check again (0020). */
  recheckOn: string | null
}

export interface ActionUpdateRecord {
  id: string
  status: string
  note: string
  writtenByName: string
  writtenAt: string
  /** An assurance's evidence of impact, what was checked and when to check again (0020). */
  impact: string | null
  checked: string | null
  recheckOn: string | null
}

/** Which actions to fetch: those of any of these agencies, or linked to any of these partnerships. */
export interface ActionFilter {
  readonly agencyIds: readonly string[]
  readonly partnershipIds: readonly string[]
  readonly reviewId?: string
}

function actionQuery(db: Db) {
  return db
    .selectFrom('action')
    .innerJoin('review', 'review.id', 'action.review_id')
    .innerJoin(
      'partnership as review_partnership',
      'review_partnership.id',
      'review.lead_partnership_id',
    )
    .innerJoin('agency', 'agency.id', 'action.agency_id')
    .innerJoin(
      'partnership as agency_partnership',
      'agency_partnership.id',
      'agency.partnership_id',
    )
    .leftJoin('learning_point', (join) =>
      join
        .onRef('learning_point.id', '=', 'action.source_id')
        .on('action.source_kind', '=', 'learning-point'),
    )
    .leftJoin('recommendation', (join) =>
      join
        .onRef('recommendation.id', '=', 'action.source_id')
        .on('action.source_kind', '=', 'recommendation'),
    )
    .select([
      'action.id',
      'action.review_id',
      'review.title as review_title',
      'review.lead_partnership_id',
      'review_partnership.name as review_partnership_name',
      'review.access_restricted',
      'action.source_kind',
      'action.source_id',
      'learning_point.text as learning_point_text',
      'learning_point.position as learning_point_position',
      'recommendation.text as recommendation_text',
      'recommendation.position as recommendation_position',
      'action.agency_id',
      'agency.name as agency_name',
      'agency.partnership_id as agency_partnership_id',
      'agency_partnership.name as agency_partnership_name',
      'action.description',
      'action.due_on',
      'action.status',
      'action.created_at',
      'action.updated_at',
      'action.version',
      'action.original_due_on',
      'action.recheck_on',
    ])
}

export type ActionQuery = ReturnType<typeof actionQuery>
export { actionQuery }

type ActionRow = Awaited<ReturnType<ReturnType<typeof actionQuery>['executeTakeFirstOrThrow']>>

function toRecord(row: ActionRow): ActionRecord {
  return {
    id: row.id,
    reviewId: row.review_id,
    reviewTitle: row.review_title,
    reviewPartnershipId: row.lead_partnership_id,
    reviewPartnershipName: row.review_partnership_name,
    reviewAccessRestricted: Number(row.access_restricted) === 1,
    sourceKind: row.source_kind,
    sourceId: row.source_id,
    sourceText: row.learning_point_text ?? row.recommendation_text ?? null,
    sourcePosition:
      row.learning_point_position === null && row.recommendation_position === null
        ? null
        : Number(row.learning_point_position ?? row.recommendation_position),
    agencyId: row.agency_id,
    agencyName: row.agency_name,
    agencyPartnershipId: row.agency_partnership_id,
    agencyPartnershipName: row.agency_partnership_name,
    description: row.description,
    dueOn: row.due_on,
    status: row.status,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: Number(row.version),
    originalDueOn: row.original_due_on,
    recheckOn: row.recheck_on,
  }
}

export { toRecord as actionRecordOf }

/** Candidate actions for a list, soonest due first; the service applies the policy to each. */
export async function listActions(db: Db, filter: ActionFilter): Promise<ActionRecord[]> {
  if (filter.agencyIds.length === 0 && filter.partnershipIds.length === 0) return []
  let query = actionQuery(db).where((eb) => {
    const either = []
    if (filter.agencyIds.length > 0)
      either.push(eb('action.agency_id', 'in', [...filter.agencyIds]))
    if (filter.partnershipIds.length > 0) {
      either.push(eb('review.lead_partnership_id', 'in', [...filter.partnershipIds]))
      either.push(eb('agency.partnership_id', 'in', [...filter.partnershipIds]))
    }
    return eb.or(either)
  })
  if (filter.reviewId !== undefined) query = query.where('action.review_id', '=', filter.reviewId)
  const rows = await query
    .orderBy('action.due_on')
    .orderBy('action.created_at')
    .orderBy('action.id')
    .execute()
  return rows.map(toRecord)
}

export async function findAction(db: Db, id: string): Promise<ActionRecord | null> {
  const row = await actionQuery(db).where('action.id', '=', id).executeTakeFirst()
  return row ? toRecord(row) : null
}

/** Oldest first: the page reads as the story of the action. */
export async function listActionUpdates(db: Db, actionId: string): Promise<ActionUpdateRecord[]> {
  const rows = await db
    .selectFrom('action_update')
    .select([
      'id',
      'status',
      'note',
      'written_by_name',
      'written_at',
      'impact',
      'checked',
      'recheck_on',
    ])
    .where('action_id', '=', actionId)
    .orderBy('written_at')
    .orderBy('id')
    .execute()
  return rows.map((row) => ({
    id: row.id,
    status: row.status,
    note: row.note,
    writtenByName: row.written_by_name,
    writtenAt: row.written_at,
    impact: row.impact,
    checked: row.checked,
    recheckOn: row.recheck_on,
  }))
}

export interface NewActionRow {
  id: string
  reviewId: string
  sourceKind: string
  sourceId: string
  agencyId: string
  description: string
  dueOn: string
  status: string
  createdByUserId: string | null
  createdAt: string
}

export async function insertAction(db: Db, row: NewActionRow): Promise<void> {
  await db
    .insertInto('action')
    .values({
      id: row.id,
      review_id: row.reviewId,
      source_kind: row.sourceKind,
      source_id: row.sourceId,
      agency_id: row.agencyId,
      description: row.description,
      due_on: row.dueOn,
      status: row.status,
      created_by_user_id: row.createdByUserId,
      created_at: row.createdAt,
      updated_at: row.createdAt,
    })
    .execute()
}

export interface NewActionUpdateRow {
  id: string
  actionId: string
  status: string
  note: string
  writtenByUserId: string | null
  writtenByName: string
  writtenAt: string
  impact?: string | null
  checked?: string | null
  recheckOn?: string | null
}

export async function insertActionUpdate(db: Db, row: NewActionUpdateRow): Promise<void> {
  await db
    .insertInto('action_update')
    .values({
      id: row.id,
      action_id: row.actionId,
      status: row.status,
      note: row.note,
      written_by_user_id: row.writtenByUserId,
      written_by_name: row.writtenByName,
      written_at: row.writtenAt,
      impact: row.impact ?? null,
      checked: row.checked ?? null,
      recheck_on: row.recheckOn ?? null,
    })
    .execute()
}

/** What else a change of status records on the action (0020). */
export interface ActionStatusExtras {
  completedAt?: string | null
  assuredAt?: string | null
  recheckOn?: string | null
  dueOn?: string
  originalDueOn?: string
}

/** Sets the status if nobody else changed the action since `expectedVersion`. */
export async function updateActionStatus(
  db: Db,
  id: string,
  expectedVersion: number,
  status: string,
  updatedAt: string,
  extras: ActionStatusExtras = {},
): Promise<void> {
  const result = await db
    .updateTable('action')
    .set({
      status,
      updated_at: updatedAt,
      version: expectedVersion + 1,
      ...(extras.completedAt === undefined ? {} : { completed_at: extras.completedAt }),
      ...(extras.assuredAt === undefined ? {} : { assured_at: extras.assuredAt }),
      ...(extras.recheckOn === undefined ? {} : { recheck_on: extras.recheckOn }),
      ...(extras.dueOn === undefined ? {} : { due_on: extras.dueOn }),
      ...(extras.originalDueOn === undefined ? {} : { original_due_on: extras.originalDueOn }),
    })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst()
  if (result.numUpdatedRows === 0n) throw new StaleVersionError('action', id)
}

export interface ActionSourceRecord {
  kind: 'learning-point' | 'recommendation'
  id: string
  position: number
  text: string
  addressedToAgencyId: string | null
}

/** The review's learning points, then its recommendations, in the review's order. */
export async function listActionSources(db: Db, reviewId: string): Promise<ActionSourceRecord[]> {
  const learningPoints = await db
    .selectFrom('learning_point')
    .select(['id', 'position', 'text', 'addressed_to_agency_id'])
    .where('review_id', '=', reviewId)
    // Entered in error: kept for the record, never acted on.
    .where('entered_in_error_at', 'is', null)
    .orderBy('position')
    .execute()
  const recommendations = await db
    .selectFrom('recommendation')
    .select(['id', 'position', 'text', 'addressed_to_agency_id'])
    .where('review_id', '=', reviewId)
    // Entered in error: kept for the record, never acted on.
    .where('entered_in_error_at', 'is', null)
    .orderBy('position')
    .execute()
  return [
    ...learningPoints.map((row) => ({ kind: 'learning-point' as const, row })),
    ...recommendations.map((row) => ({ kind: 'recommendation' as const, row })),
  ].map(({ kind, row }) => ({
    kind,
    id: row.id,
    position: Number(row.position),
    text: row.text,
    addressedToAgencyId: row.addressed_to_agency_id,
  }))
}

export interface ReviewWithLearningRecord {
  id: string
  title: string
  leadPartnershipId: string
  leadPartnershipName: string
  participatingPartnershipIds: string[]
  accessRestricted: boolean
  learningPoints: number
  recommendations: number
}

/**
 * Reviews led by or shared with these partnerships that have learning points or
 * recommendations to act on, newest first.
 */
export async function listReviewsWithLearning(
  db: Db,
  partnershipIds: readonly string[],
): Promise<ReviewWithLearningRecord[]> {
  if (partnershipIds.length === 0) return []
  const ids = [...partnershipIds]
  const rows = await db
    .selectFrom('review')
    .innerJoin('partnership as lead', 'lead.id', 'review.lead_partnership_id')
    .select((eb) => [
      'review.id',
      'review.title',
      'review.lead_partnership_id',
      'lead.name as lead_name',
      'review.access_restricted',
      eb
        .selectFrom('learning_point')
        .select((inner) => inner.fn.countAll().as('n'))
        .whereRef('learning_point.review_id', '=', 'review.id')
        .where('learning_point.entered_in_error_at', 'is', null)
        .as('learning_points'),
      eb
        .selectFrom('recommendation')
        .select((inner) => inner.fn.countAll().as('n'))
        .whereRef('recommendation.review_id', '=', 'review.id')
        .where('recommendation.entered_in_error_at', 'is', null)
        .as('recommendations'),
    ])
    .where((eb) =>
      eb.or([
        eb('review.lead_partnership_id', 'in', ids),
        eb(
          'review.id',
          'in',
          eb
            .selectFrom('review_partnership')
            .select('review_partnership.review_id')
            .where('review_partnership.partnership_id', 'in', ids),
        ),
      ]),
    )
    .orderBy('review.created_at', 'desc')
    .orderBy('review.title')
    .execute()
  if (rows.length === 0) return []
  const shared = await db
    .selectFrom('review_partnership')
    .select(['review_id', 'partnership_id'])
    .where(
      'review_id',
      'in',
      rows.map((row) => row.id),
    )
    .execute()
  return rows
    .map((row) => ({
      id: row.id,
      title: row.title,
      leadPartnershipId: row.lead_partnership_id,
      leadPartnershipName: row.lead_name,
      participatingPartnershipIds: shared
        .filter((link) => link.review_id === row.id)
        .map((link) => link.partnership_id),
      accessRestricted: Number(row.access_restricted) === 1,
      learningPoints: Number(row.learning_points ?? 0),
      recommendations: Number(row.recommendations ?? 0),
    }))
    .filter((review) => review.learningPoints + review.recommendations > 0)
}

/** The id of the review with this slug, for the demo data loader. */
export async function findReviewIdBySlug(db: Db, slug: string): Promise<string | null> {
  const row = await db.selectFrom('review').select('id').where('slug', '=', slug).executeTakeFirst()
  return row?.id ?? null
}

export async function countActions(db: Db): Promise<number> {
  const row = await db
    .selectFrom('action')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}
