// The theme taxonomy and the tags people put on records (issue 11). Themes are
// edited and retired, never deleted: tags point at them.
import { StaleVersionError } from '../../../domain/errors.js'
import type { Db } from '../../db.js'

export interface ThemeRow {
  readonly id: string
  readonly slug: string
  readonly name: string
  readonly description: string
  readonly shipped: boolean
  /** When an administrator retired it: no longer offered for new tags or suggested. */
  readonly retiredOn: string | null
  readonly version: number
  readonly createdAt: string
  readonly updatedAt: string
}

const themeColumns = [
  'id',
  'slug',
  'name',
  'description',
  'shipped',
  'retired_on as retiredOn',
  'version',
  'created_at as createdAt',
  'updated_at as updatedAt',
] as const

function toTheme(row: {
  id: string
  slug: string
  name: string
  description: string
  shipped: number
  retiredOn: string | null
  version: number
  createdAt: string
  updatedAt: string
}): ThemeRow {
  return { ...row, shipped: row.shipped === 1 }
}

/** Every theme, retired ones included (tags on records keep them), by name. */
export async function listAllThemes(db: Db): Promise<ThemeRow[]> {
  const rows = await db.selectFrom('theme').select(themeColumns).orderBy('name').execute()
  return rows.map(toTheme)
}

/** Retires a theme (`retiredOn` a date) or reinstates it (null); refuses a stale edit. */
export async function setThemeRetired(
  db: Db,
  id: string,
  expectedVersion: number,
  values: { retiredOn: string | null; at: string },
): Promise<void> {
  const result = await db
    .updateTable('theme')
    .set({ retired_on: values.retiredOn, updated_at: values.at, version: expectedVersion + 1 })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst()
  if (result.numUpdatedRows === 0n) throw new StaleVersionError('theme', id)
}

/** Every theme in use (not retired), by name: those offered for new tags and suggested. */
export async function listThemes(db: Db): Promise<ThemeRow[]> {
  const rows = await db
    .selectFrom('theme')
    .select(themeColumns)
    .where('retired_on', 'is', null)
    .orderBy('name')
    .execute()
  return rows.map(toTheme)
}

export async function findThemeById(db: Db, id: string): Promise<ThemeRow | undefined> {
  const row = await db
    .selectFrom('theme')
    .select(themeColumns)
    .where('id', '=', id)
    .executeTakeFirst()
  return row && toTheme(row)
}

export async function findThemeBySlug(db: Db, slug: string): Promise<ThemeRow | undefined> {
  const row = await db
    .selectFrom('theme')
    .select(themeColumns)
    .where('slug', '=', slug)
    .executeTakeFirst()
  return row && toTheme(row)
}

export async function insertTheme(
  db: Db,
  theme: { id: string; slug: string; name: string; description: string; at: string },
): Promise<void> {
  await db
    .insertInto('theme')
    .values({
      id: theme.id,
      slug: theme.slug,
      name: theme.name,
      description: theme.description,
      shipped: 0,
      retired_on: null,
      created_at: theme.at,
      updated_at: theme.at,
      version: 1,
    })
    .execute()
}

/** Changes a theme's name and description (never its slug); refuses a stale edit. */
export async function updateTheme(
  db: Db,
  id: string,
  expectedVersion: number,
  values: { name: string; description: string; at: string },
): Promise<void> {
  const result = await db
    .updateTable('theme')
    .set({
      name: values.name,
      description: values.description,
      updated_at: values.at,
      version: expectedVersion + 1,
    })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst()
  if (result.numUpdatedRows === 0n) throw new StaleVersionError('theme', id)
}

export const TAGGABLE_RECORD_TYPES = [
  'learning-point',
  'recommendation',
  'rapid-review-finding',
  'review',
  'briefing',
] as const

export type TaggableRecordType = (typeof TAGGABLE_RECORD_TYPES)[number]

export interface ThemeTagRow {
  readonly id: string
  readonly recordType: TaggableRecordType
  readonly recordId: string
  readonly themeId: string
  readonly themeSlug: string
  readonly themeName: string
  /** The theme was retired after the tag was made: the tag stays, shown as retired. */
  readonly themeRetired: boolean
  readonly taggedAt: string
  readonly taggedByName: string
}

/** The tags on these records, by theme name. */
export async function listTags(
  db: Db,
  recordType: TaggableRecordType,
  recordIds: readonly string[],
): Promise<ThemeTagRow[]> {
  if (recordIds.length === 0) return []
  const rows = await db
    .selectFrom('theme_tag')
    .innerJoin('theme', 'theme.id', 'theme_tag.theme_id')
    .select([
      'theme_tag.id as id',
      'theme_tag.record_type as recordType',
      'theme_tag.record_id as recordId',
      'theme.id as themeId',
      'theme.slug as themeSlug',
      'theme.name as themeName',
      'theme.retired_on as themeRetiredOn',
      'theme_tag.tagged_at as taggedAt',
      'theme_tag.tagged_by_name as taggedByName',
    ])
    .where('theme_tag.record_type', '=', recordType)
    .where('theme_tag.record_id', 'in', [...recordIds])
    .orderBy('theme.name')
    .execute()
  return rows.map(({ themeRetiredOn, ...row }) => ({
    ...row,
    recordType: row.recordType as TaggableRecordType,
    themeRetired: themeRetiredOn !== null,
  }))
}

export async function insertTag(
  db: Db,
  tag: {
    id: string
    themeId: string
    recordType: TaggableRecordType
    recordId: string
    partnershipId: string
    at: string
    byUserId: string | null
    byName: string
  },
): Promise<void> {
  await db
    .insertInto('theme_tag')
    .values({
      id: tag.id,
      theme_id: tag.themeId,
      record_type: tag.recordType,
      record_id: tag.recordId,
      partnership_id: tag.partnershipId,
      tagged_at: tag.at,
      tagged_by: tag.byUserId,
      tagged_by_name: tag.byName,
    })
    .execute()
}

/** Removes one tag; answers whether there was one to remove. */
export async function deleteTag(
  db: Db,
  recordType: TaggableRecordType,
  recordId: string,
  themeId: string,
): Promise<boolean> {
  const result = await db
    .deleteFrom('theme_tag')
    .where('record_type', '=', recordType)
    .where('record_id', '=', recordId)
    .where('theme_id', '=', themeId)
    .executeTakeFirst()
  return result.numDeletedRows > 0n
}
