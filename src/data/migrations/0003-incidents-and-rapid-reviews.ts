// Serious incidents (S1–S5) and their rapid reviews (S6–S9).
//
// A child's restricted identity fields (name, date of birth, address, local
// authority reference) live in their own `restricted_*` columns of
// incident_child, so a query that does not name them cannot leak them, and a
// later retention job can blank them without touching the pseudonym.
// Deadlines are not stored: they are computed on read from aware_on (S3, S6).
import type { Kysely } from 'kysely'

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('incident')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('partnership_id', 'text', (c) => c.notNull().references('partnership.id'))
    .addColumn('guidance_edition', 'text', (c) => c.notNull())
    .addColumn('abuse_or_neglect', 'text', (c) => c.notNull())
    .addColumn('harm', 'text', (c) => c.notNull())
    .addColumn('looked_after', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('care_leaver', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('incident_on', 'text', (c) => c.notNull())
    .addColumn('aware_on', 'text', (c) => c.notNull())
    .addColumn('panel_notified_on', 'text')
    .addColumn('ofsted_notified_on', 'text')
    .addColumn('partners_notified_on', 'text')
    .addColumn('secretary_of_state_notified_on', 'text')
    .addColumn('place', 'text')
    .addColumn('description', 'text')
    .addColumn('notifying_authority', 'text')
    .addColumn('home_authority', 'text')
    .addColumn('notifier_name', 'text')
    .addColumn('notifier_email', 'text')
    .addColumn('notifier_phone', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('closed_on', 'text')
    .addColumn('closed_reason', 'text')
    // 1 while any child's restricted identity fields may be held.
    .addColumn('restricted', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by_user_id', 'text', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute()
  await db.schema
    .createIndex('incident_partnership_idx')
    .on('incident')
    .columns(['partnership_id', 'state'])
    .execute()

  await db.schema
    .createTable('incident_child')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incident.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('pseudonym', 'text', (c) => c.notNull())
    .addColumn('age_years', 'integer')
    .addColumn('health_information', 'text')
    .addColumn('restricted_name', 'text')
    .addColumn('restricted_date_of_birth', 'text')
    .addColumn('restricted_address', 'text')
    .addColumn('restricted_la_reference', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('incident_child_position_unique', ['incident_id', 'position'])
    .execute()

  await db.schema
    .createTable('rapid_review')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // One rapid review per incident.
    .addColumn('incident_id', 'text', (c) => c.notNull().unique().references('incident.id'))
    .addColumn('partnership_id', 'text', (c) => c.notNull().references('partnership.id'))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('started_on', 'text', (c) => c.notNull())
    .addColumn('meeting_on', 'text')
    .addColumn('meeting_attendees', 'text')
    .addColumn('facts_established', 'text')
    .addColumn('learning_identified', 'text')
    .addColumn('decision', 'text')
    .addColumn('decision_rationale', 'text')
    .addColumn('decided_on', 'text')
    .addColumn('sent_to_panel_on', 'text')
    .addColumn('panel_response_on', 'text')
    .addColumn('panel_agrees', 'integer')
    .addColumn('panel_national_review', 'integer')
    .addColumn('panel_response_notes', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute()

  await db.schema
    .createTable('rapid_review_agency_request')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('rapid_review_id', 'text', (c) => c.notNull().references('rapid_review.id'))
    .addColumn('agency_id', 'text', (c) => c.notNull().references('agency.id'))
    .addColumn('requested_on', 'text', (c) => c.notNull())
    .addColumn('due_on', 'text', (c) => c.notNull())
    .addColumn('received_on', 'text')
    .addColumn('summary', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('rapid_review_agency_request_unique', ['rapid_review_id', 'agency_id'])
    .execute()

  await db.schema
    .createTable('rapid_review_safety_action')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('rapid_review_id', 'text', (c) => c.notNull().references('rapid_review.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('rapid_review_safety_action_position_unique', [
      'rapid_review_id',
      'position',
    ])
    .execute()

  await db.schema
    .createTable('rapid_review_criterion')
    .addColumn('rapid_review_id', 'text', (c) => c.notNull().references('rapid_review.id'))
    .addColumn('criterion', 'text', (c) => c.notNull())
    .addColumn('answer', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addPrimaryKeyConstraint('rapid_review_criterion_pk', ['rapid_review_id', 'criterion'])
    .execute()

  await db.schema
    .createTable('rapid_review_sign_off')
    .addColumn('rapid_review_id', 'text', (c) => c.notNull().references('rapid_review.id'))
    .addColumn('partner', 'text', (c) => c.notNull())
    .addColumn('signed_by_user_id', 'text', (c) => c.references('app_user.id'))
    .addColumn('signed_by_name', 'text', (c) => c.notNull())
    .addColumn('signed_on', 'text', (c) => c.notNull())
    .addColumn('signed_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    // One signature per statutory partner: the database refuses a second.
    .addPrimaryKeyConstraint('rapid_review_sign_off_pk', ['rapid_review_id', 'partner'])
    .execute()
}

export async function down(db: AnyDb): Promise<void> {
  for (const table of [
    'rapid_review_sign_off',
    'rapid_review_criterion',
    'rapid_review_safety_action',
    'rapid_review_agency_request',
    'rapid_review',
    'incident_child',
    'incident',
  ]) {
    await db.schema.dropTable(table).ifExists().execute()
  }
}
