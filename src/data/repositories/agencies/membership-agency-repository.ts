// Which agency an account acts for in a partnership (issue 8): an agency lead's
// agency, a statutory partner delegate's (S8). Held on each of the account's
// memberships of that partnership, so every role it has there agrees.
import type { Db } from '../../db.js'

export interface MembershipAgency {
  readonly userId: string
  readonly email: string
  readonly displayName: string
  readonly partnershipId: string
  readonly roles: readonly string[]
  /** Null when the account acts for no agency. */
  readonly agencyId: string | null
}

/** The account's memberships of this partnership, or undefined if it has none. */
export async function findMembershipAgency(
  db: Db,
  userId: string,
  partnershipId: string,
): Promise<MembershipAgency | undefined> {
  const rows = await db
    .selectFrom('membership')
    .innerJoin('app_user', 'app_user.id', 'membership.user_id')
    .select([
      'app_user.id as userId',
      'app_user.email',
      'app_user.display_name as displayName',
      'membership.partnership_id as partnershipId',
      'membership.role',
      'membership.agency_id as agencyId',
    ])
    .where('membership.user_id', '=', userId)
    .where('membership.partnership_id', '=', partnershipId)
    .orderBy('membership.role')
    .execute()
  const first = rows[0]
  if (!first) return undefined
  return {
    userId: first.userId,
    email: first.email,
    displayName: first.displayName,
    partnershipId: first.partnershipId,
    roles: rows.map((row) => row.role),
    // Memberships made before this page could disagree: the first one named wins.
    agencyId: rows.find((row) => row.agencyId !== null)?.agencyId ?? null,
  }
}

/** The partnerships, of these, in which the account has a membership. */
export async function partnershipsOfUser(
  db: Db,
  userId: string,
  partnershipIds: readonly string[],
): Promise<string[]> {
  if (partnershipIds.length === 0) return []
  const rows = await db
    .selectFrom('membership')
    .select('partnership_id')
    .distinct()
    .where('user_id', '=', userId)
    .where('partnership_id', 'in', [...partnershipIds])
    .orderBy('partnership_id')
    .execute()
  return rows.map((row) => row.partnership_id)
}

export async function setMembershipAgency(
  db: Db,
  userId: string,
  partnershipId: string,
  agencyId: string | null,
): Promise<void> {
  await db
    .updateTable('membership')
    .set({ agency_id: agencyId })
    .where('user_id', '=', userId)
    .where('partnership_id', '=', partnershipId)
    .execute()
}
