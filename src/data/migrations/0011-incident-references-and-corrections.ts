// Issue 8, serious incidents: a readable case reference per incident
// (WSCP-2026-014: the partnership's prefix, the year it became aware, a number
// per partnership per year), "entered in error" instead of deleting, and the
// one-time tokens that make a form submitted twice record once.
import type { Kysely } from 'kysely'
import {
  caseReferenceYear,
  defaultCaseReferencePrefix,
  formatCaseReference,
} from '../../domain/incidents/case-reference.js'

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .alterTable('partnership')
    .addColumn('case_reference_prefix', 'text', (c) => c.notNull().defaultTo(''))
    .execute()

  await db.schema.alterTable('incident').addColumn('case_reference', 'text').execute()
  await db.schema.alterTable('incident').addColumn('case_reference_year', 'integer').execute()
  await db.schema.alterTable('incident').addColumn('case_reference_number', 'integer').execute()
  // Kept, never deleted: the reason and who said so (audited too).
  await db.schema.alterTable('incident').addColumn('entered_in_error_at', 'text').execute()
  await db.schema.alterTable('incident').addColumn('entered_in_error_reason', 'text').execute()
  await db.schema.alterTable('incident').addColumn('entered_in_error_by_user_id', 'text').execute()

  // The counter a new reference is taken from, one row per partnership and
  // year, incremented in the recording transaction (INSERT … ON CONFLICT DO
  // UPDATE … RETURNING locks the row on PostgreSQL; SQLite has one writer).
  await db.schema
    .createTable('case_reference_counter')
    .addColumn('partnership_id', 'text', (c) => c.notNull().references('partnership.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('last_number', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('case_reference_counter_pk', ['partnership_id', 'year'])
    .execute()

  // A one-time form token, stored when the record it created is saved, in the
  // same transaction: a second submission of the same form finds it and is sent
  // to what the first one recorded.
  await db.schema
    .createTable('form_submission')
    .addColumn('token', 'text', (c) => c.primaryKey())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('record_type', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()

  // Backfill: each partnership's prefix from its name, and references for the
  // incidents already recorded, numbered in the order they became aware.
  const partnerships = await db.selectFrom('partnership').select(['id', 'slug', 'name']).execute()
  for (const partnership of partnerships) {
    const prefix = defaultCaseReferencePrefix(String(partnership.name), String(partnership.slug))
    await db
      .updateTable('partnership')
      .set({ case_reference_prefix: prefix })
      .where('id', '=', partnership.id)
      .execute()
    const incidents = await db
      .selectFrom('incident')
      .select(['id', 'aware_on'])
      .where('partnership_id', '=', partnership.id)
      .orderBy('aware_on')
      .orderBy('created_at')
      .orderBy('id')
      .execute()
    const counts = new Map<number, number>()
    for (const incident of incidents) {
      const year = caseReferenceYear(String(incident.aware_on))
      const number = (counts.get(year) ?? 0) + 1
      counts.set(year, number)
      await db
        .updateTable('incident')
        .set({
          case_reference: formatCaseReference(prefix, year, number),
          case_reference_year: year,
          case_reference_number: number,
        })
        .where('id', '=', incident.id)
        .execute()
    }
    for (const [year, last] of counts) {
      await db
        .insertInto('case_reference_counter')
        .values({ partnership_id: partnership.id, year, last_number: last })
        .execute()
    }
  }

  await db.schema
    .createIndex('incident_case_reference_unique')
    .on('incident')
    .column('case_reference')
    .unique()
    .execute()
  await db.schema
    .createIndex('incident_case_reference_number_unique')
    .on('incident')
    .columns(['partnership_id', 'case_reference_year', 'case_reference_number'])
    .unique()
    .execute()
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('incident_case_reference_number_unique').ifExists().execute()
  await db.schema.dropIndex('incident_case_reference_unique').ifExists().execute()
  await db.schema.dropTable('form_submission').ifExists().execute()
  await db.schema.dropTable('case_reference_counter').ifExists().execute()
  for (const column of [
    'entered_in_error_by_user_id',
    'entered_in_error_reason',
    'entered_in_error_at',
    'case_reference_number',
    'case_reference_year',
    'case_reference',
  ]) {
    await db.schema.alterTable('incident').dropColumn(column).execute()
  }
  await db.schema.alterTable('partnership').dropColumn('case_reference_prefix').execute()
}
