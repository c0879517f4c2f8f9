// The deployment's partnerships as its administrators see them (issue 12): who
// holds the deployment administrator role, and each partnership's outline
// (agencies, administrators, how many people). Nothing of a partnership's
// records: a deployment administrator runs the deployment, not the reviews.
import type { Db } from '../../db.js'

export async function isDeploymentAdministrator(db: Db, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom('deployment_administrator')
    .select('user_id')
    .where('user_id', '=', userId)
    .executeTakeFirst()
  return row !== undefined
}

export async function insertDeploymentAdministrator(
  db: Db,
  values: { userId: string; createdAt: string },
): Promise<void> {
  await db
    .insertInto('deployment_administrator')
    .values({ user_id: values.userId, created_at: values.createdAt })
    .execute()
}

export interface PartnershipSummary {
  id: string
  slug: string
  name: string
  caseReferencePrefix: string
  createdAt: string
  agencies: number
  people: number
}

export async function listPartnershipSummaries(db: Db): Promise<PartnershipSummary[]> {
  const rows = await db
    .selectFrom('partnership')
    .select((eb) => [
      'partnership.id',
      'partnership.slug',
      'partnership.name',
      'partnership.case_reference_prefix',
      'partnership.created_at',
      eb
        .selectFrom('agency')
        .select((inner) => inner.fn.countAll<number | string>().as('n'))
        .whereRef('agency.partnership_id', '=', 'partnership.id')
        .where('agency.retired_on', 'is', null)
        .as('agencies'),
      eb
        .selectFrom('membership')
        .select((inner) => inner.fn.count<number | string>('membership.user_id').distinct().as('n'))
        .whereRef('membership.partnership_id', '=', 'partnership.id')
        .as('people'),
    ])
    .orderBy('partnership.name')
    .execute()
  return rows.map((row) => ({
    id: row.id,
    slug: row.slug,
    name: row.name,
    caseReferencePrefix: row.case_reference_prefix,
    createdAt: row.created_at,
    agencies: Number(row.agencies ?? 0),
    people: Number(row.people ?? 0),
  }))
}

export interface PartnershipMember {
  userId: string
  displayName: string
  email: string
  role: string
}

/** The partnership's administrators, for the deployment administrator's page. */
export function listPartnershipAdministrators(
  db: Db,
  partnershipId: string,
): Promise<PartnershipMember[]> {
  return db
    .selectFrom('membership')
    .innerJoin('app_user', 'app_user.id', 'membership.user_id')
    .select([
      'app_user.id as userId',
      'app_user.display_name as displayName',
      'app_user.email',
      'membership.role',
    ])
    .where('membership.partnership_id', '=', partnershipId)
    .where('membership.role', '=', 'administrator')
    .orderBy('app_user.display_name')
    .execute()
}

export async function hasMembership(
  db: Db,
  values: { userId: string; partnershipId: string; role: string },
): Promise<boolean> {
  const row = await db
    .selectFrom('membership')
    .select('id')
    .where('user_id', '=', values.userId)
    .where('partnership_id', '=', values.partnershipId)
    .where('role', '=', values.role)
    .executeTakeFirst()
  return row !== undefined
}
