import { defaultCaseReferencePrefix } from '../../domain/incidents/case-reference.js'
import { StaleVersionError } from '../../domain/errors.js'
import type { Db } from '../db.js'

export interface Partnership {
  id: string
  slug: string
  name: string
  version: number
}

export interface Agency {
  id: string
  partnershipId: string
  name: string
  kind: string
}

const partnershipColumns = ['id', 'slug', 'name', 'version'] as const

export function findPartnershipBySlug(db: Db, slug: string): Promise<Partnership | undefined> {
  return db
    .selectFrom('partnership')
    .select(partnershipColumns)
    .where('slug', '=', slug)
    .executeTakeFirst()
}

export function findPartnershipById(db: Db, id: string): Promise<Partnership | undefined> {
  return db
    .selectFrom('partnership')
    .select(partnershipColumns)
    .where('id', '=', id)
    .executeTakeFirst()
}

export function listPartnerships(db: Db): Promise<Partnership[]> {
  return db.selectFrom('partnership').select(partnershipColumns).orderBy('name').execute()
}

export async function insertPartnership(
  db: Db,
  values: { id: string; slug: string; name: string; createdAt: string },
): Promise<void> {
  await db
    .insertInto('partnership')
    .values({
      id: values.id,
      slug: values.slug,
      name: values.name,
      created_at: values.createdAt,
      // Its incidents' case references start with this (issue 8).
      case_reference_prefix: defaultCaseReferencePrefix(values.name, values.slug),
    })
    .execute()
}

/** Refuses a stale edit: the row must still carry the version the user loaded. */
export async function updatePartnershipName(
  db: Db,
  id: string,
  expectedVersion: number,
  name: string,
): Promise<void> {
  const result = await db
    .updateTable('partnership')
    .set({ name, version: expectedVersion + 1 })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst()
  if (result.numUpdatedRows === 0n) throw new StaleVersionError('partnership', id)
}

export async function insertAgency(db: Db, values: Agency & { createdAt: string }): Promise<void> {
  await db
    .insertInto('agency')
    .values({
      id: values.id,
      partnership_id: values.partnershipId,
      name: values.name,
      kind: values.kind,
      created_at: values.createdAt,
    })
    .execute()
}

/**
 * The partnership's current agencies, the ones offered when a new request,
 * action or account names one. A retired agency (issue 8) stays on the records
 * that already name it, which read it by id, and is left out here.
 */
export function listAgencies(db: Db, partnershipId: string): Promise<Agency[]> {
  return db
    .selectFrom('agency')
    .select(['id', 'partnership_id as partnershipId', 'name', 'kind'])
    .where('partnership_id', '=', partnershipId)
    .where('retired_on', 'is', null)
    .orderBy('name')
    .execute()
}
