// A child's NHS number on an incident (issue 9): a restricted identity field
// like the name, date of birth, address and local authority reference, kept in
// its own `restricted_*` column (10 digits, no spaces) so it is read only where
// the others are, and so the redaction check (S17) can look for it in reports.
import type { Kysely } from 'kysely'

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>

export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('incident_child').addColumn('restricted_nhs_number', 'text').execute()
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('incident_child').dropColumn('restricted_nhs_number').execute()
}
