// A review's "names and details not to publish" (issue 9, S17). The values
// are restricted like an incident's children's identity fields: only
// `findProtectedDetailValues` reads them, so a caller asks for them by name.
import type { Db } from '../../db.js'

export interface ProtectedDetailRecord {
  id: string
  reviewId: string
  kind: string
  description: string
  addedByName: string
  addedAt: string
  version: number
}

export interface ProtectedDetailValue {
  id: string
  kind: string
  value: string
}

export async function insertProtectedDetail(
  db: Db,
  detail: {
    id: string
    reviewId: string
    kind: string
    description: string
    value: string
    addedBy: string
    addedAt: string
  },
): Promise<void> {
  await db
    .insertInto('review_protected_detail')
    .values({
      id: detail.id,
      review_id: detail.reviewId,
      kind: detail.kind,
      description: detail.description,
      restricted_value: detail.value,
      added_by: detail.addedBy,
      added_at: detail.addedAt,
    })
    .execute()
}

/** The review's details in force, without their values. */
export async function listProtectedDetails(
  db: Db,
  reviewId: string,
): Promise<ProtectedDetailRecord[]> {
  const rows = await db
    .selectFrom('review_protected_detail as p')
    .innerJoin('app_user as u', 'u.id', 'p.added_by')
    .select([
      'p.id',
      'p.review_id as reviewId',
      'p.kind',
      'p.description',
      'u.display_name as addedByName',
      'p.added_at as addedAt',
      'p.version',
    ])
    .where('p.review_id', '=', reviewId)
    .where('p.withdrawn_at', 'is', null)
    .orderBy('p.added_at')
    .orderBy('p.id')
    .execute()
  return rows.map((row) => ({ ...row, version: Number(row.version) }))
}

/** The restricted values. Callers must have checked who may see or match them. */
export async function findProtectedDetailValues(
  db: Db,
  reviewId: string,
): Promise<ProtectedDetailValue[]> {
  const rows = await db
    .selectFrom('review_protected_detail')
    .select(['id', 'kind', 'restricted_value'])
    .where('review_id', '=', reviewId)
    .where('withdrawn_at', 'is', null)
    .orderBy('added_at')
    .orderBy('id')
    .execute()
  return rows.map((row) => ({ id: row.id, kind: row.kind, value: row.restricted_value }))
}

export async function markProtectedDetailWithdrawn(
  db: Db,
  id: string,
  reviewId: string,
  expectedVersion: number,
  withdrawal: { at: string; by: string; reason: string },
): Promise<boolean> {
  const result = await db
    .updateTable('review_protected_detail')
    .set({
      withdrawn_at: withdrawal.at,
      withdrawn_by: withdrawal.by,
      withdrawn_reason: withdrawal.reason,
      version: expectedVersion + 1,
    })
    .where('id', '=', id)
    .where('review_id', '=', reviewId)
    .where('version', '=', expectedVersion)
    .where('withdrawn_at', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

/** The children's identity fields of the incident the review came from (via its rapid review). */
export async function findReviewIncidentId(db: Db, reviewId: string): Promise<string | null> {
  const row = await db
    .selectFrom('review')
    .leftJoin('rapid_review', 'rapid_review.id', 'review.rapid_review_id')
    .select('rapid_review.incident_id')
    .where('review.id', '=', reviewId)
    .executeTakeFirst()
  return row?.incident_id ?? null
}

/** The pseudonyms of an incident's children, by position (not restricted). */
export async function listChildPseudonyms(
  db: Db,
  incidentId: string,
): Promise<{ position: number; pseudonym: string }[]> {
  const rows = await db
    .selectFrom('incident_child')
    .select(['position', 'pseudonym'])
    .where('incident_id', '=', incidentId)
    .orderBy('position')
    .execute()
  return rows.map((row) => ({ position: Number(row.position), pseudonym: row.pseudonym }))
}
