// Findings recorded on a review in progress, and mistakes put right (issue 8).
// Learning points and recommendations become records the review team keeps as
// the review goes: versioned, marked "entered in error" rather than deleted, a
// recommendation addressed to several agencies (of any partnership), a learning
// point that may cite the rapid review finding it was carried from. Chronology
// entries get the same correction and withdrawal; stages get the dates they
// started and finished; the family involvement stage gets a record of its own (S10).
import type { Kysely } from 'kysely'

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>

/** SQLite adds one column per ALTER TABLE, so each is its own statement. */
async function addColumns(
  db: AnyDb,
  table: string,
  columns: readonly (readonly [name: string, type: 'text' | 'integer', versioned?: boolean])[],
): Promise<void> {
  for (const [name, type, versioned] of columns) {
    await db.schema
      .alterTable(table)
      .addColumn(name, type, (c) => (versioned ? c.notNull().defaultTo(1) : c))
      .execute()
  }
}

const CORRECTABLE = [
  ['version', 'integer', true],
  ['updated_at', 'text'],
  ['created_by_user_id', 'text'],
  ['entered_in_error_at', 'text'],
  ['entered_in_error_reason', 'text'],
  ['entered_in_error_by_name', 'text'],
] as const

export async function up(db: AnyDb): Promise<void> {
  await addColumns(db, 'learning_point', [
    ...CORRECTABLE,
    // Carried from the rapid review that commissioned the review: which one and
    // which finding, so the learning point cites its source and is carried once.
    ['source_rapid_review_id', 'text'],
    ['source_reference', 'text'],
  ])
  await addColumns(db, 'recommendation', CORRECTABLE)
  await db.schema
    .createTable('recommendation_agency')
    .addColumn('recommendation_id', 'text', (c) => c.notNull().references('recommendation.id'))
    .addColumn('agency_id', 'text', (c) => c.notNull().references('agency.id'))
    .addPrimaryKeyConstraint('recommendation_agency_pk', ['recommendation_id', 'agency_id'])
    .execute()
  // The seed's recommendations were addressed to one agency each: keep that.
  await db
    .insertInto('recommendation_agency')
    .columns(['recommendation_id', 'agency_id'])
    .expression(
      db
        .selectFrom('recommendation')
        .select(['id', 'addressed_to_agency_id'])
        .where('addressed_to_agency_id', 'is not', null),
    )
    .execute()

  // chronology_entry has had created_by_user_id since 0004.
  const chronologyColumns = CORRECTABLE.filter(([name]) => name !== 'created_by_user_id')
  await addColumns(db, 'chronology_entry', chronologyColumns)
  await addColumns(db, 'review_stage', [
    ['started_on', 'text'],
    ['completed_on', 'text'],
  ])

  await db.schema
    .createTable('review_family_involvement')
    .addColumn('review_id', 'text', (c) => c.primaryKey().references('review.id'))
    .addColumn('invited_on', 'text')
    .addColumn('invited_how', 'text')
    .addColumn('invited_by', 'text')
    // 'yes', 'no' (declined) or 'not-yet' (not answered yet).
    .addColumn('took_part', 'text', (c) => c.notNull())
    .addColumn('family_views', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute()
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('review_family_involvement').ifExists().execute()
  await db.schema.dropTable('recommendation_agency').ifExists().execute()
  for (const [table, columns] of [
    ['review_stage', ['started_on', 'completed_on']],
    [
      'chronology_entry',
      CORRECTABLE.map(([name]) => name).filter((name) => name !== 'created_by_user_id'),
    ],
    ['recommendation', CORRECTABLE.map(([name]) => name)],
    [
      'learning_point',
      [...CORRECTABLE.map(([name]) => name), 'source_rapid_review_id', 'source_reference'],
    ],
  ] as const) {
    for (const column of columns) {
      await db.schema.alterTable(table).dropColumn(column).execute()
    }
  }
}
