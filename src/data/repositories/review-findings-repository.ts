// A review's findings as the review team records them (issue 8): learning
// points and recommendations, each versioned and, when recorded by mistake,
// marked "entered in error" (kept, off every list). A recommendation is
// addressed to one or more agencies, of any partnership (recommendation_agency).
import { StaleVersionError } from '../../domain/errors.js'
import type { Db } from '../db.js'

export type FindingKind = 'learning-point' | 'recommendation'

const TABLES = { 'learning-point': 'learning_point', recommendation: 'recommendation' } as const

export interface FindingAgency {
  id: string
  name: string
  partnershipName: string
}

export interface FindingRow {
  kind: FindingKind
  id: string
  reviewId: string
  position: number
  text: string
  agencies: FindingAgency[]
  sourceRapidReviewId: string | null
  sourceReference: string | null
  version: number
  enteredInError: { at: string; reason: string; byName: string } | null
}

async function agenciesOf(
  db: Db,
  recommendationIds: string[],
): Promise<Map<string, FindingAgency[]>> {
  const byRecommendation = new Map<string, FindingAgency[]>()
  if (recommendationIds.length === 0) return byRecommendation
  const rows = await db
    .selectFrom('recommendation_agency')
    .innerJoin('agency', 'agency.id', 'recommendation_agency.agency_id')
    .innerJoin('partnership', 'partnership.id', 'agency.partnership_id')
    .select([
      'recommendation_agency.recommendation_id',
      'agency.id',
      'agency.name',
      'partnership.name as partnership_name',
    ])
    .where('recommendation_agency.recommendation_id', 'in', recommendationIds)
    .orderBy('partnership.name')
    .orderBy('agency.name')
    .execute()
  for (const row of rows) {
    const list = byRecommendation.get(row.recommendation_id) ?? []
    list.push({ id: row.id, name: row.name, partnershipName: row.partnership_name })
    byRecommendation.set(row.recommendation_id, list)
  }
  return byRecommendation
}

async function rowsOf(
  db: Db,
  kind: FindingKind,
  where: { reviewId?: string; id?: string },
): Promise<FindingRow[]> {
  const table = TABLES[kind]
  let query = db
    .selectFrom(table)
    .leftJoin('agency', 'agency.id', `${table}.addressed_to_agency_id`)
    .leftJoin('partnership', 'partnership.id', 'agency.partnership_id')
    .select([
      `${table}.id`,
      `${table}.review_id`,
      `${table}.position`,
      `${table}.text`,
      `${table}.version`,
      `${table}.entered_in_error_at`,
      `${table}.entered_in_error_reason`,
      `${table}.entered_in_error_by_name`,
      `${table}.addressed_to_agency_id`,
      'agency.name as agency_name',
      'partnership.name as partnership_name',
    ])
  if (where.reviewId !== undefined) query = query.where(`${table}.review_id`, '=', where.reviewId)
  if (where.id !== undefined) query = query.where(`${table}.id`, '=', where.id)
  const rows = await query.orderBy(`${table}.position`).execute()
  const sources =
    kind === 'learning-point' && rows.length > 0
      ? await db
          .selectFrom('learning_point')
          .select(['id', 'source_rapid_review_id', 'source_reference'])
          .where(
            'id',
            'in',
            rows.map((row) => row.id),
          )
          .execute()
      : []
  const agencies =
    kind === 'recommendation'
      ? await agenciesOf(
          db,
          rows.map((row) => row.id),
        )
      : new Map<string, FindingAgency[]>()
  return rows.map((row) => {
    const source = sources.find((candidate) => candidate.id === row.id)
    const single: FindingAgency[] =
      row.addressed_to_agency_id !== null && row.agency_name !== null
        ? [
            {
              id: row.addressed_to_agency_id,
              name: row.agency_name,
              partnershipName: row.partnership_name ?? '',
            },
          ]
        : []
    return {
      kind,
      id: row.id,
      reviewId: row.review_id,
      position: Number(row.position),
      text: row.text,
      agencies: kind === 'recommendation' ? (agencies.get(row.id) ?? single) : single,
      sourceRapidReviewId: source?.source_rapid_review_id ?? null,
      sourceReference: source?.source_reference ?? null,
      version: Number(row.version),
      enteredInError:
        row.entered_in_error_at === null
          ? null
          : {
              at: row.entered_in_error_at,
              reason: row.entered_in_error_reason ?? '',
              byName: row.entered_in_error_by_name ?? '',
            },
    }
  })
}

/** The review's learning points and recommendations in order, those entered in error included. */
export async function listFindings(
  db: Db,
  reviewId: string,
): Promise<{ learningPoints: FindingRow[]; recommendations: FindingRow[] }> {
  const [learningPoints, recommendations] = await Promise.all([
    rowsOf(db, 'learning-point', { reviewId }),
    rowsOf(db, 'recommendation', { reviewId }),
  ])
  return { learningPoints, recommendations }
}

export async function findFinding(
  db: Db,
  kind: FindingKind,
  id: string,
): Promise<FindingRow | undefined> {
  return (await rowsOf(db, kind, { id }))[0]
}

export interface NewFindingRow {
  id: string
  reviewId: string
  text: string
  agencyIds: readonly string[]
  sourceRapidReviewId?: string | null
  sourceReference?: string | null
  createdByUserId: string
  now: string
}

/** Adds a finding after the review's last one (entered-in-error rows keep their numbers). */
export async function insertFinding(db: Db, kind: FindingKind, row: NewFindingRow): Promise<void> {
  const table = TABLES[kind]
  const last = await db
    .selectFrom(table)
    .select((eb) => eb.fn.max('position').as('position'))
    .where('review_id', '=', row.reviewId)
    .executeTakeFirst()
  const values = {
    id: row.id,
    review_id: row.reviewId,
    position: Number(last?.position ?? 0) + 1,
    text: row.text,
    addressed_to_agency_id: row.agencyIds[0] ?? null,
    created_by_user_id: row.createdByUserId,
    updated_at: row.now,
  }
  if (kind === 'learning-point') {
    await db
      .insertInto('learning_point')
      .values({
        ...values,
        source_rapid_review_id: row.sourceRapidReviewId ?? null,
        source_reference: row.sourceReference ?? null,
      })
      .execute()
  } else {
    await db.insertInto('recommendation').values(values).execute()
    await replaceAgencies(db, row.id, row.agencyIds)
  }
}

async function replaceAgencies(
  db: Db,
  recommendationId: string,
  agencyIds: readonly string[],
): Promise<void> {
  await db
    .deleteFrom('recommendation_agency')
    .where('recommendation_id', '=', recommendationId)
    .execute()
  if (agencyIds.length === 0) return
  await db
    .insertInto('recommendation_agency')
    .values(
      agencyIds.map((agencyId) => ({ recommendation_id: recommendationId, agency_id: agencyId })),
    )
    .execute()
}

/** Corrects a finding's text (and a recommendation's agencies) if nobody else changed it. */
export async function updateFinding(
  db: Db,
  kind: FindingKind,
  id: string,
  expectedVersion: number,
  values: { text: string; agencyIds: readonly string[] },
  now: string,
): Promise<void> {
  const result = await db
    .updateTable(TABLES[kind])
    .set({
      text: values.text,
      ...(kind === 'recommendation' ? { addressed_to_agency_id: values.agencyIds[0] ?? null } : {}),
      updated_at: now,
      version: expectedVersion + 1,
    })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .where('entered_in_error_at', 'is', null)
    .executeTakeFirst()
  if (result.numUpdatedRows === 0n) throw new StaleVersionError(kind, id)
  if (kind === 'recommendation') await replaceAgencies(db, id, values.agencyIds)
}

/** Marks a finding entered in error: kept, with who and why, off every list. */
export async function markFindingEnteredInError(
  db: Db,
  kind: FindingKind,
  id: string,
  expectedVersion: number,
  values: { reason: string; byName: string },
  now: string,
): Promise<void> {
  const result = await db
    .updateTable(TABLES[kind])
    .set({
      entered_in_error_at: now,
      entered_in_error_reason: values.reason,
      entered_in_error_by_name: values.byName,
      updated_at: now,
      version: expectedVersion + 1,
    })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .where('entered_in_error_at', 'is', null)
    .executeTakeFirst()
  if (result.numUpdatedRows === 0n) throw new StaleVersionError(kind, id)
}

/** What the rapid review that commissioned a review found, for carrying into it. */
export async function findRapidReviewFindings(
  db: Db,
  rapidReviewId: string,
): Promise<{ meetingOn: string | null; learningIdentified: string | null } | undefined> {
  const row = await db
    .selectFrom('rapid_review')
    .select(['meeting_on', 'learning_identified'])
    .where('id', '=', rapidReviewId)
    .executeTakeFirst()
  return row && { meetingOn: row.meeting_on, learningIdentified: row.learning_identified }
}

/** Every agency of every partnership, for addressing a recommendation. */
export async function listAllAgencies(
  db: Db,
): Promise<(FindingAgency & { partnershipId: string })[]> {
  const rows = await db
    .selectFrom('agency')
    .innerJoin('partnership', 'partnership.id', 'agency.partnership_id')
    .select([
      'agency.id',
      'agency.name',
      'partnership.id as partnership_id',
      'partnership.name as partnership_name',
    ])
    .orderBy('partnership.name')
    .orderBy('agency.name')
    .execute()
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    partnershipId: row.partnership_id,
    partnershipName: row.partnership_name,
  }))
}

/** Agencies the review's current recommendations are addressed to, of whatever partnership. */
export async function listAgenciesAddressedByReview(
  db: Db,
  reviewId: string,
): Promise<(FindingAgency & { partnershipId: string })[]> {
  const rows = await db
    .selectFrom('recommendation_agency')
    .innerJoin('recommendation', 'recommendation.id', 'recommendation_agency.recommendation_id')
    .innerJoin('agency', 'agency.id', 'recommendation_agency.agency_id')
    .innerJoin('partnership', 'partnership.id', 'agency.partnership_id')
    .select([
      'agency.id',
      'agency.name',
      'partnership.id as partnership_id',
      'partnership.name as partnership_name',
    ])
    .where('recommendation.review_id', '=', reviewId)
    .where('recommendation.entered_in_error_at', 'is', null)
    .distinct()
    .orderBy('partnership.name')
    .orderBy('agency.name')
    .execute()
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    partnershipId: row.partnership_id,
    partnershipName: row.partnership_name,
  }))
}
