// Access lists of restricted records, and the flags that restrict them. An
// incident's list also governs its rapid review, so the record types are only
// 'incident' and 'review'.
import { StaleVersionError } from '../../domain/errors.js'
import type { Db } from '../db.js'

export type AccessListRecordType = 'incident' | 'review'

export interface AccessEntry {
  userId: string
  displayName: string
  email: string
  addedAt: string
}

export async function listAccessEntries(
  db: Db,
  recordType: AccessListRecordType,
  recordId: string,
): Promise<AccessEntry[]> {
  const rows = await db
    .selectFrom('record_access_entry')
    .innerJoin('app_user', 'app_user.id', 'record_access_entry.user_id')
    .select([
      'record_access_entry.user_id',
      'app_user.display_name',
      'app_user.email',
      'record_access_entry.added_at',
    ])
    .where('record_access_entry.record_type', '=', recordType)
    .where('record_access_entry.record_id', '=', recordId)
    .orderBy('app_user.display_name')
    .execute()
  return rows.map((row) => ({
    userId: row.user_id,
    displayName: row.display_name,
    email: row.email,
    addedAt: row.added_at,
  }))
}

/** The user ids on the lists of many records at once (for lists and dashboards). */
export async function accessListsOf(
  db: Db,
  recordType: AccessListRecordType,
  recordIds: readonly string[],
): Promise<Map<string, string[]>> {
  const lists = new Map<string, string[]>()
  if (recordIds.length === 0) return lists
  const rows = await db
    .selectFrom('record_access_entry')
    .select(['record_id', 'user_id'])
    .where('record_type', '=', recordType)
    .where('record_id', 'in', [...recordIds])
    .execute()
  for (const row of rows) {
    const list = lists.get(row.record_id) ?? []
    list.push(row.user_id)
    lists.set(row.record_id, list)
  }
  return lists
}

export async function insertAccessEntry(
  db: Db,
  entry: {
    recordType: AccessListRecordType
    recordId: string
    partnershipId: string
    userId: string
    addedByUserId: string
    addedAt: string
  },
): Promise<void> {
  await db
    .insertInto('record_access_entry')
    .values({
      record_type: entry.recordType,
      record_id: entry.recordId,
      partnership_id: entry.partnershipId,
      user_id: entry.userId,
      added_by_user_id: entry.addedByUserId,
      added_at: entry.addedAt,
    })
    .onConflict((oc) => oc.columns(['record_type', 'record_id', 'user_id']).doNothing())
    .execute()
}

/** Removes one person; false when they were not on the list. */
export async function deleteAccessEntry(
  db: Db,
  recordType: AccessListRecordType,
  recordId: string,
  userId: string,
): Promise<boolean> {
  const result = await db
    .deleteFrom('record_access_entry')
    .where('record_type', '=', recordType)
    .where('record_id', '=', recordId)
    .where('user_id', '=', userId)
    .executeTakeFirst()
  return result.numDeletedRows > 0n
}

/** Turns the restriction on or off; refuses a stale edit like every other change. */
export async function updateAccessRestricted(
  db: Db,
  recordType: AccessListRecordType,
  recordId: string,
  expectedVersion: number,
  restricted: boolean,
  now: string,
): Promise<void> {
  const result = await db
    .updateTable(recordType)
    .set({ access_restricted: restricted ? 1 : 0, updated_at: now, version: expectedVersion + 1 })
    .where('id', '=', recordId)
    .where('version', '=', expectedVersion)
    .executeTakeFirst()
  if (result.numUpdatedRows === 0n) throw new StaleVersionError(recordType, recordId)
}

/** Restricts a record being created (its version stays: nobody has loaded it yet). */
export async function markAccessRestricted(
  db: Db,
  recordType: AccessListRecordType,
  recordId: string,
): Promise<void> {
  await db
    .updateTable(recordType)
    .set({ access_restricted: 1 })
    .where('id', '=', recordId)
    .execute()
}

/** Active members of a partnership with their roles: who could be put on an access list. */
export async function listPartnershipMembers(
  db: Db,
  partnershipId: string,
): Promise<{ userId: string; displayName: string; email: string; role: string }[]> {
  const rows = await db
    .selectFrom('membership')
    .innerJoin('app_user', 'app_user.id', 'membership.user_id')
    .select(['app_user.id', 'app_user.display_name', 'app_user.email', 'membership.role'])
    .where('membership.partnership_id', '=', partnershipId)
    .where('app_user.is_active', '=', 1)
    .orderBy('app_user.display_name')
    .execute()
  return rows.map((row) => ({
    userId: row.id,
    displayName: row.display_name,
    email: row.email,
    role: row.role,
  }))
}

/** The record whose access list governs a stored record, e.g. an uploaded document's. */
export interface AccessOwner {
  recordType: AccessListRecordType
  recordId: string
  partnershipId: string
  accessRestricted: boolean
}

/**
 * Finds the incident or review that governs access to a record of this type:
 * a rapid review and its agency requests belong to their incident. Undefined
 * for a record type no access list governs, or a record that does not exist.
 */
export async function findAccessOwner(
  db: Db,
  recordType: string,
  recordId: string,
): Promise<AccessOwner | undefined> {
  let incidentId: string | undefined
  // A report version's file is the review's (issue 9): as hidden as the review.
  if (recordType === 'report-version') {
    const version = await db
      .selectFrom('report_version')
      .select('review_id')
      .where('id', '=', recordId)
      .executeTakeFirst()
    return version ? findAccessOwner(db, 'review', version.review_id) : undefined
  }
  if (recordType === 'review') {
    const review = await db
      .selectFrom('review')
      .select(['id', 'lead_partnership_id', 'access_restricted'])
      .where('id', '=', recordId)
      .executeTakeFirst()
    return (
      review && {
        recordType: 'review',
        recordId: review.id,
        partnershipId: review.lead_partnership_id,
        accessRestricted: Number(review.access_restricted) === 1,
      }
    )
  }
  if (recordType === 'incident') {
    incidentId = recordId
  } else if (recordType === 'rapid-review') {
    const row = await db
      .selectFrom('rapid_review')
      .select('incident_id')
      .where('id', '=', recordId)
      .executeTakeFirst()
    incidentId = row?.incident_id
  } else if (recordType === 'rapid-review-agency-request') {
    const row = await db
      .selectFrom('rapid_review_agency_request')
      .innerJoin('rapid_review', 'rapid_review.id', 'rapid_review_agency_request.rapid_review_id')
      .select('rapid_review.incident_id')
      .where('rapid_review_agency_request.id', '=', recordId)
      .executeTakeFirst()
    incidentId = row?.incident_id
  }
  if (incidentId === undefined) return undefined
  const incident = await db
    .selectFrom('incident')
    .select(['id', 'partnership_id', 'access_restricted'])
    .where('id', '=', incidentId)
    .executeTakeFirst()
  return (
    incident && {
      recordType: 'incident',
      recordId: incident.id,
      partnershipId: incident.partnership_id,
      accessRestricted: Number(incident.access_restricted) === 1,
    }
  )
}
