// Who the reminders go to, and what about (issue 10): active people by role,
// with their choice of "digest only", and the actions falling due.
import type { Db } from '../../db.js'

export interface RecipientRecord {
  userId: string
  email: string
  displayName: string
  partnershipId: string
  partnershipName: string
  /** The agency an agency lead or a partner's delegate stands for. */
  agencyId: string | null
  digestOnly: boolean
}

/** Active people holding `role`, one row per membership, in a stable order. */
export async function listRecipientsWithRole(db: Db, role: string): Promise<RecipientRecord[]> {
  const rows = await db
    .selectFrom('membership')
    .innerJoin('app_user', 'app_user.id', 'membership.user_id')
    .innerJoin('partnership', 'partnership.id', 'membership.partnership_id')
    .leftJoin('mail_preference', 'mail_preference.user_id', 'app_user.id')
    .select([
      'app_user.id as user_id',
      'app_user.email',
      'app_user.display_name',
      'membership.partnership_id',
      'partnership.name as partnership_name',
      'membership.agency_id',
      'mail_preference.digest_only',
    ])
    .where('membership.role', '=', role)
    .where('app_user.is_active', '=', 1)
    .orderBy('app_user.email')
    .orderBy('membership.partnership_id')
    .execute()
  return rows.map((row) => ({
    userId: row.user_id,
    email: row.email,
    displayName: row.display_name,
    partnershipId: row.partnership_id,
    partnershipName: row.partnership_name,
    agencyId: row.agency_id,
    digestOnly: Number(row.digest_only ?? 0) === 1,
  }))
}

export interface ActionForReminderRecord {
  id: string
  description: string
  dueOn: string
  status: string
  agencyId: string
  agencyName: string
  agencyPartnershipId: string
  agencyPartnershipName: string
  reviewTitle: string
  reviewPartnershipName: string
}

/** Actions of these agencies due on or before `dueOnOrBefore`, in these statuses, soonest first. */
export async function listActionsDueBy(
  db: Db,
  filter: { agencyIds: readonly string[]; dueOnOrBefore: string; statuses: readonly string[] },
): Promise<ActionForReminderRecord[]> {
  if (filter.agencyIds.length === 0 || filter.statuses.length === 0) return []
  const rows = await db
    .selectFrom('action')
    .innerJoin('agency', 'agency.id', 'action.agency_id')
    .innerJoin(
      'partnership as agency_partnership',
      'agency_partnership.id',
      'agency.partnership_id',
    )
    .innerJoin('review', 'review.id', 'action.review_id')
    .innerJoin(
      'partnership as review_partnership',
      'review_partnership.id',
      'review.lead_partnership_id',
    )
    .select([
      'action.id',
      'action.description',
      'action.due_on',
      'action.status',
      'action.agency_id',
      'agency.name as agency_name',
      'agency.partnership_id as agency_partnership_id',
      'agency_partnership.name as agency_partnership_name',
      'review.title as review_title',
      'review_partnership.name as review_partnership_name',
    ])
    .where('action.agency_id', 'in', [...filter.agencyIds])
    .where('action.due_on', '<=', filter.dueOnOrBefore)
    .where('action.status', 'in', [...filter.statuses])
    .orderBy('action.due_on')
    .orderBy('action.id')
    .execute()
  return rows.map((row) => ({
    id: row.id,
    description: row.description,
    dueOn: row.due_on,
    status: row.status,
    agencyId: row.agency_id,
    agencyName: row.agency_name,
    agencyPartnershipId: row.agency_partnership_id,
    agencyPartnershipName: row.agency_partnership_name,
    reviewTitle: row.review_title,
    reviewPartnershipName: row.review_partnership_name,
  }))
}

/** The agencies of these partnerships, retired ones too (their actions may still be open). */
export async function listAgencyIdsOf(
  db: Db,
  partnershipIds: readonly string[],
): Promise<string[]> {
  if (partnershipIds.length === 0) return []
  const agencies = await db
    .selectFrom('agency')
    .select('id')
    .where('partnership_id', 'in', [...partnershipIds])
    .execute()
  return agencies.map((agency) => agency.id)
}

export interface MailPreferenceRecord {
  digestOnly: boolean
  version: number
}

export async function findMailPreference(
  db: Db,
  userId: string,
): Promise<MailPreferenceRecord | undefined> {
  const row = await db
    .selectFrom('mail_preference')
    .select(['digest_only', 'version'])
    .where('user_id', '=', userId)
    .executeTakeFirst()
  return row === undefined
    ? undefined
    : { digestOnly: Number(row.digest_only) === 1, version: Number(row.version) }
}

/** Saves the choice; false when `expectedVersion` is stale (someone saved in between). */
export async function saveMailPreference(
  db: Db,
  userId: string,
  choice: { digestOnly: boolean; expectedVersion: number | null; now: string },
): Promise<boolean> {
  if (choice.expectedVersion === null) {
    const result = await db
      .insertInto('mail_preference')
      .values({ user_id: userId, digest_only: choice.digestOnly ? 1 : 0, updated_at: choice.now })
      .onConflict((conflict) => conflict.column('user_id').doNothing())
      .executeTakeFirst()
    return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1
  }
  const result = await db
    .updateTable('mail_preference')
    .set((eb) => ({
      digest_only: choice.digestOnly ? 1 : 0,
      updated_at: choice.now,
      version: eb('version', '+', 1),
    }))
    .where('user_id', '=', userId)
    .where('version', '=', choice.expectedVersion)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}
