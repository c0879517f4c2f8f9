// "We have seen this before" (issue 11): the business unit links a new rapid
// review finding, learning point or recommendation to earlier learning it
// repeats, so the repeat is on record beside both. A link is made and taken
// off by a person (both audited); taking it off deletes the row, the audit
// trail keeps who linked what and when.
import type { Kysely } from 'kysely'

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('learning_link')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // The new item: 'rapid-review-finding' (its rapid review's id), 'learning-point' or 'recommendation'.
    .addColumn('from_type', 'text', (c) => c.notNull())
    .addColumn('from_id', 'text', (c) => c.notNull())
    // The earlier item it repeats: a learning point or recommendation.
    .addColumn('to_type', 'text', (c) => c.notNull())
    .addColumn('to_id', 'text', (c) => c.notNull())
    // The partnership of the new item, whose business unit made the link.
    .addColumn('partnership_id', 'text', (c) => c.notNull().references('partnership.id'))
    .addColumn('linked_at', 'text', (c) => c.notNull())
    .addColumn('linked_by', 'text', (c) => c.references('app_user.id'))
    .addColumn('linked_by_name', 'text', (c) => c.notNull())
    .addUniqueConstraint('learning_link_once', ['from_type', 'from_id', 'to_type', 'to_id'])
    .execute()
  await db.schema
    .createIndex('learning_link_to')
    .on('learning_link')
    .columns(['to_type', 'to_id'])
    .execute()
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('learning_link').execute()
}
