// The partnership's list of agencies as its administrators keep it (issue 8).
// Rows are renamed and retired, never deleted: other records point at them.
import { StaleVersionError } from '../../../domain/errors.js'
import type { Db } from '../../db.js'

export interface AgencyListEntry {
  readonly id: string
  readonly partnershipId: string
  readonly name: string
  readonly kind: string
  readonly version: number
  readonly retiredOn: string | null
  readonly retiredReason: string | null
}

const columns = [
  'id',
  'partnership_id as partnershipId',
  'name',
  'kind',
  'version',
  'retired_on as retiredOn',
  'retired_reason as retiredReason',
] as const

/** Every agency of these partnerships, retired ones included, by name. */
export function listAgencyEntries(
  db: Db,
  partnershipIds: readonly string[],
): Promise<AgencyListEntry[]> {
  if (partnershipIds.length === 0) return Promise.resolve([])
  return db
    .selectFrom('agency')
    .select(columns)
    .where('partnership_id', 'in', [...partnershipIds])
    .orderBy('name')
    .execute()
}

export function findAgencyEntry(db: Db, id: string): Promise<AgencyListEntry | undefined> {
  return db.selectFrom('agency').select(columns).where('id', '=', id).executeTakeFirst()
}

/** Renames or re-kinds an agency; refuses a stale edit. */
export async function updateAgencyEntry(
  db: Db,
  id: string,
  expectedVersion: number,
  values: { name: string; kind: string },
): Promise<void> {
  const result = await db
    .updateTable('agency')
    .set({ name: values.name, kind: values.kind, version: expectedVersion + 1 })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst()
  if (result.numUpdatedRows === 0n) throw new StaleVersionError('agency', id)
}

/** Retires an agency (reason given) or brings it back (null); refuses a stale edit. */
export async function setAgencyRetirement(
  db: Db,
  id: string,
  expectedVersion: number,
  retirement: { on: string; reason: string } | null,
): Promise<void> {
  const result = await db
    .updateTable('agency')
    .set({
      retired_on: retirement?.on ?? null,
      retired_reason: retirement?.reason ?? null,
      version: expectedVersion + 1,
    })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst()
  if (result.numUpdatedRows === 0n) throw new StaleVersionError('agency', id)
}
