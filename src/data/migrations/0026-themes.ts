// Themes (issue 11): the taxonomy of recurring themes across reviews, shipped
// with the starting set, and the tags that link a theme to a learning point,
// recommendation, rapid review finding, review or briefing. A tag is made by a
// person (a suggestion never becomes a tag by itself); removing one is audited.
import type { Kysely } from 'kysely'
import { SHIPPED_THEMES } from '../../domain/learning/themes.js'

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('theme')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // Part of the API: never changes once the theme exists.
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    // 1 for the starting set the product ships with, 0 for themes administrators add.
    .addColumn('shipped', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('retired_on', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute()

  await db.schema
    .createTable('theme_tag')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('theme_id', 'text', (c) => c.notNull().references('theme.id'))
    // 'learning-point', 'recommendation', 'rapid-review-finding', 'review' or 'briefing'.
    .addColumn('record_type', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull())
    // The review the record belongs to (its own id for a review), so a review's
    // tags are read in one query and follow its access rules.
    .addColumn('partnership_id', 'text', (c) => c.notNull().references('partnership.id'))
    .addColumn('tagged_at', 'text', (c) => c.notNull())
    .addColumn('tagged_by', 'text')
    .addColumn('tagged_by_name', 'text', (c) => c.notNull())
    .addUniqueConstraint('theme_tag_once', ['record_type', 'record_id', 'theme_id'])
    .execute()
  await db.schema
    .createIndex('theme_tag_by_theme')
    .on('theme_tag')
    .columns(['theme_id', 'record_type'])
    .execute()

  const now = new Date().toISOString()
  await db
    .insertInto('theme')
    .values(
      SHIPPED_THEMES.map((theme) => ({
        id: `theme-${theme.slug}`,
        slug: theme.slug,
        name: theme.name,
        description: theme.description,
        shipped: 1,
        retired_on: null,
        created_at: now,
        updated_at: now,
        version: 1,
      })),
    )
    .execute()
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('theme_tag').execute()
  await db.schema.dropTable('theme').execute()
}
