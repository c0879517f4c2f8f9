// Chronology entries name an agency from the partnership's list (issue 8)
// instead of free text. The name is kept as it was when the entry was made (a
// chronology is a record of its time; a later rename does not rewrite it), and
// agency_id points at the list's row. Entries made before the list existed are
// linked where their name is one of the lead partnership's agencies.
import { sql, type Kysely } from 'kysely'

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .alterTable('chronology_entry')
    .addColumn('agency_id', 'text', (c) => c.references('agency.id'))
    .execute()
  await sql`
    update chronology_entry
    set agency_id = (
      select agency.id from agency
      join review on review.lead_partnership_id = agency.partnership_id
      where review.id = chronology_entry.review_id
        and lower(agency.name) = lower(chronology_entry.agency)
      order by agency.id
      limit 1
    )
  `.execute(db)
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('chronology_entry').dropColumn('agency_id').execute()
}
