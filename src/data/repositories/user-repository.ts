import { isRole, type Membership } from '../../domain/access/roles.js'
import type { Db } from '../db.js'

export interface UserRecord {
  id: string
  email: string
  displayName: string
  passwordHash: string | null
  isActive: boolean
}

export async function findUserByEmail(db: Db, email: string): Promise<UserRecord | undefined> {
  const row = await db
    .selectFrom('app_user')
    .select(['id', 'email', 'display_name', 'password_hash', 'is_active'])
    .where('email', '=', email.toLowerCase())
    .executeTakeFirst()
  return row && toUser(row)
}

export async function findUserById(db: Db, id: string): Promise<UserRecord | undefined> {
  const row = await db
    .selectFrom('app_user')
    .select(['id', 'email', 'display_name', 'password_hash', 'is_active'])
    .where('id', '=', id)
    .executeTakeFirst()
  return row && toUser(row)
}

function toUser(row: {
  id: string
  email: string
  display_name: string
  password_hash: string | null
  is_active: number
}): UserRecord {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    passwordHash: row.password_hash,
    isActive: row.is_active === 1,
  }
}

export async function insertUser(
  db: Db,
  values: {
    id: string
    email: string
    displayName: string
    passwordHash: string | null
    createdAt: string
  },
): Promise<void> {
  await db
    .insertInto('app_user')
    .values({
      id: values.id,
      email: values.email.toLowerCase(),
      display_name: values.displayName,
      password_hash: values.passwordHash,
      is_active: 1,
      created_at: values.createdAt,
    })
    .execute()
}

export async function insertMembership(
  db: Db,
  values: {
    id: string
    userId: string
    partnershipId: string
    role: string
    agencyId: string | null
    createdAt: string
  },
): Promise<void> {
  await db
    .insertInto('membership')
    .values({
      id: values.id,
      user_id: values.userId,
      partnership_id: values.partnershipId,
      role: values.role,
      agency_id: values.agencyId,
      created_at: values.createdAt,
    })
    .execute()
}

export async function membershipsOf(db: Db, userId: string): Promise<Membership[]> {
  const rows = await db
    .selectFrom('membership')
    .innerJoin('partnership', 'partnership.id', 'membership.partnership_id')
    .select([
      'membership.partnership_id',
      'partnership.slug',
      'partnership.name',
      'membership.role',
      'membership.agency_id',
    ])
    .where('membership.user_id', '=', userId)
    .orderBy('partnership.name')
    .orderBy('membership.role')
    .execute()
  // A role name the code no longer knows grants nothing rather than crashing.
  return rows.flatMap((row) =>
    isRole(row.role)
      ? [
          {
            partnershipId: row.partnership_id,
            partnershipSlug: row.slug,
            partnershipName: row.name,
            role: row.role,
            agencyId: row.agency_id,
          },
        ]
      : [],
  )
}

export async function countUsers(db: Db): Promise<number> {
  const row = await db
    .selectFrom('app_user')
    .select((eb) => eb.fn.countAll<string | number>().as('count'))
    .executeTakeFirstOrThrow()
  return Number(row.count)
}

/** A new password hash (the person changed their password); moves the account's version on. */
export async function updatePasswordHash(
  db: Db,
  userId: string,
  passwordHash: string,
): Promise<void> {
  await db
    .updateTable('app_user')
    .set((eb) => ({ password_hash: passwordHash, version: eb('version', '+', 1) }))
    .where('id', '=', userId)
    .execute()
}
