// Report versions and the redaction check (issue 9, S17). A review's report is
// uploaded in versions (the file itself is a row of `document`, stored and
// checked like every other upload); the text a reader can get at is kept per
// version with where it was found, and so are the check's hits (masked
// excerpts, never the matched value). A review's "names and details not to
// publish" are restricted values, read by one repository function only, like
// an incident's children's identity fields. Nothing here is deleted: versions
// and details are withdrawn with a reason; a hit is dismissed with a reason.
import type { Kysely } from 'kysely'

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('report_version')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('review_id', 'text', (c) => c.notNull().references('review.id'))
    .addColumn('partnership_id', 'text', (c) => c.notNull().references('partnership.id'))
    // 1, 2, 3… per review, in upload order.
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('document_id', 'text', (c) => c.notNull().references('document.id'))
    .addColumn('note', 'text')
    // When the check last ran, and what it looked for (counts only, never values).
    .addColumn('checked_at', 'text')
    .addColumn('terms_checked', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('uploaded_by', 'text', (c) => c.notNull().references('app_user.id'))
    .addColumn('uploaded_at', 'text', (c) => c.notNull())
    .addColumn('withdrawn_at', 'text')
    .addColumn('withdrawn_by', 'text', (c) => c.references('app_user.id'))
    .addColumn('withdrawn_reason', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('report_version_number_unique', ['review_id', 'number'])
    .execute()

  await db.schema
    .createTable('report_version_text')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('report_version_id', 'text', (c) => c.notNull().references('report_version.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    // 'page', 'footer', 'comment', 'properties'…: where a reader finds the text.
    .addColumn('location', 'text', (c) => c.notNull())
    .addColumn('page', 'integer')
    .addColumn('text', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('report_version_text_version_index')
    .on('report_version_text')
    .column('report_version_id')
    .execute()

  await db.schema
    .createTable('redaction_hit')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('report_version_id', 'text', (c) => c.notNull().references('report_version.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    // Which detail was found, by its place ('child:1:name', 'detail:<id>'), never its value.
    .addColumn('term_ref', 'text')
    .addColumn('warning', 'integer', (c) => c.notNull())
    .addColumn('location', 'text', (c) => c.notNull())
    .addColumn('page', 'integer')
    .addColumn('excerpt', 'text', (c) => c.notNull())
    .addColumn('dismissed_at', 'text')
    .addColumn('dismissed_by', 'text', (c) => c.references('app_user.id'))
    .addColumn('dismissed_reason', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute()
  await db.schema
    .createIndex('redaction_hit_version_index')
    .on('redaction_hit')
    .column('report_version_id')
    .execute()

  await db.schema
    .createTable('review_protected_detail')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('review_id', 'text', (c) => c.notNull().references('review.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    // Who or what it is ("the mother's partner", "the school"): shown; the value is not.
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('restricted_value', 'text', (c) => c.notNull())
    .addColumn('added_by', 'text', (c) => c.notNull().references('app_user.id'))
    .addColumn('added_at', 'text', (c) => c.notNull())
    .addColumn('withdrawn_at', 'text')
    .addColumn('withdrawn_by', 'text', (c) => c.references('app_user.id'))
    .addColumn('withdrawn_reason', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute()
  await db.schema
    .createIndex('review_protected_detail_review_index')
    .on('review_protected_detail')
    .column('review_id')
    .execute()
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('review_protected_detail').ifExists().execute()
  await db.schema.dropTable('redaction_hit').ifExists().execute()
  await db.schema.dropTable('report_version_text').ifExists().execute()
  await db.schema.dropTable('report_version').ifExists().execute()
}
