// Publication (issue 9, S13–S16, S18): a review's publication plan, the
// copies of the report sent to the Panel, the Secretary of State and Ofsted
// before publication, and each publication of a report version (its safe
// public copy, live until at least its "available until" date, replaced by a
// corrected version or taken down with a reason; never deleted).
//
// Also the bank holidays of 2012–2017, for legacy SCRs' working days (S18,
// S19, S21): the shipped list now starts in 2012. Only years before 2018 are
// added, so a GOV.UK date an administrator removed from 2018 on stays removed.
import { readFileSync } from 'node:fs'
import type { Kysely } from 'kysely'

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>

function legacyBankHolidays(): { date: string; title: string }[] {
  const document = JSON.parse(
    readFileSync(
      new URL('../../domain/calendar/bank-holidays-england-and-wales.json', import.meta.url),
      'utf8',
    ),
  ) as { 'england-and-wales': { events: { date: string; title: string }[] } }
  return document['england-and-wales'].events.filter((event) => event.date < '2018-01-01')
}

export async function up(db: AnyDb): Promise<void> {
  const now = new Date().toISOString()
  const known = new Set(
    (await db.selectFrom('bank_holiday').select('date').execute()).map((row) => row.date as string),
  )
  const missing = legacyBankHolidays().filter((event) => !known.has(event.date))
  if (missing.length > 0) {
    await db
      .insertInto('bank_holiday')
      .values(
        missing.map((event) => ({
          date: event.date,
          title: event.title,
          source: 'gov-uk',
          created_at: now,
        })),
      )
      .execute()
  }

  await db.schema
    .createTable('publication_plan')
    .addColumn('review_id', 'text', (c) => c.primaryKey().references('review.id'))
    .addColumn('planned_on', 'text')
    // 'full-report', 'improvements-only' (S13) or 'not-yet' (S17: criminal
    // proceedings, an inquest), with the reason for either of the last two.
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('scope_reason', 'text')
    .addColumn('look_again_on', 'text')
    // S14: the reviewers named on the published report.
    .addColumn('reviewer_names', 'text', (c) => c.notNull())
    // S16: when the copy of the report went to each.
    .addColumn('sent_to_panel_on', 'text')
    .addColumn('sent_to_secretary_of_state_on', 'text')
    .addColumn('sent_to_ofsted_on', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by_name', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute()

  await db.schema
    .createTable('report_publication')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('review_id', 'text', (c) => c.notNull().references('review.id'))
    .addColumn('report_version_id', 'text', (c) => c.notNull().references('report_version.id'))
    // The safe public copy, a `document` row of its own (record type 'report-publication').
    .addColumn('public_document_id', 'text', (c) => c.notNull().references('document.id'))
    // 'full-report' or 'improvements-only' (S13): what the public is told it is.
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('published_on', 'text', (c) => c.notNull())
    .addColumn('available_until', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text', (c) => c.notNull())
    .addColumn('published_by', 'text', (c) => c.notNull())
    .addColumn('published_by_name', 'text', (c) => c.notNull())
    // What the public copy lost (metadata, annotations, …), for the record.
    .addColumn('removed', 'text', (c) => c.notNull())
    // Replaced by a corrected version: no longer served, kept.
    .addColumn('replaced_at', 'text')
    .addColumn('replaced_by_id', 'text')
    // Taken down (S15): before "available until" only by an administrator.
    .addColumn('taken_down_at', 'text')
    .addColumn('taken_down_by', 'text')
    .addColumn('taken_down_reason', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute()
  await db.schema
    .createIndex('report_publication_review_index')
    .on('report_publication')
    .column('review_id')
    .execute()
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('report_publication').ifExists().execute()
  await db.schema.dropTable('publication_plan').ifExists().execute()
  await db.deleteFrom('bank_holiday').where('date', '<', '2018-01-01').execute()
}
