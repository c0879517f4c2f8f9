// Thematic briefings (issue 11): briefings of kind 'thematic' in the briefing
// table, the reviews they cite (briefing_source) and the tagged learning they
// are compiled from. Versioned like every briefing; never deleted.
import type {
  ThematicSectionKey,
  ThematicSections,
} from '../../../domain/briefings/thematic-briefing.js'
import { StaleVersionError } from '../../../domain/errors.js'
import type { Db } from '../../db.js'

const SECTION_COLUMNS = {
  whyHeld: 'why_held',
  riskFactors: 'risk_factors',
  learning: 'learning_for_practice',
  questions: 'questions',
} as const satisfies Record<ThematicSectionKey, string>

export interface ThematicSourceRow {
  readonly reviewId: string
  readonly label: string
  readonly position: number
  readonly reviewSlug: string
  readonly reviewTitle: string
  readonly reviewStatus: string
  readonly reviewWithdrawnAt: string | null
  readonly leadPartnershipId: string
}

export interface ThematicBriefingRecord {
  readonly id: string
  readonly partnershipId: string
  readonly partnershipName: string
  readonly title: string
  readonly slug: string
  readonly periodFrom: number | null
  readonly periodTo: number | null
  readonly sections: ThematicSections
  readonly status: string
  readonly publishedAt: string | null
  readonly publishedByName: string | null
  readonly withdrawnAt: string | null
  readonly withdrawnReason: string | null
  readonly withdrawnByName: string | null
  readonly createdAt: string
  readonly updatedAt: string
  readonly updatedByName: string
  readonly version: number
  readonly sources: readonly ThematicSourceRow[]
  readonly themes: readonly { slug: string; name: string }[]
}

function baseQuery(db: Db) {
  return db
    .selectFrom('briefing')
    .innerJoin('partnership', 'partnership.id', 'briefing.partnership_id')
    .select([
      'briefing.id',
      'briefing.partnership_id',
      'partnership.name as partnership_name',
      'briefing.title',
      'briefing.slug',
      'briefing.period_from',
      'briefing.period_to',
      'briefing.why_held',
      'briefing.risk_factors',
      'briefing.learning_for_practice',
      'briefing.questions',
      'briefing.status',
      'briefing.published_at',
      'briefing.published_by_name',
      'briefing.withdrawn_at',
      'briefing.withdrawn_reason',
      'briefing.withdrawn_by_name',
      'briefing.created_at',
      'briefing.updated_at',
      'briefing.updated_by_name',
      'briefing.version',
    ])
    .where('briefing.kind', '=', 'thematic')
}

type Row = Awaited<ReturnType<ReturnType<typeof baseQuery>['executeTakeFirstOrThrow']>>

async function withDetails(db: Db, rows: readonly Row[]): Promise<ThematicBriefingRecord[]> {
  if (rows.length === 0) return []
  const ids = rows.map((row) => row.id)
  const [sources, themes] = await Promise.all([
    db
      .selectFrom('briefing_source')
      .innerJoin('review', 'review.id', 'briefing_source.review_id')
      .select([
        'briefing_source.briefing_id',
        'briefing_source.review_id',
        'briefing_source.label',
        'briefing_source.position',
        'review.slug',
        'review.title',
        'review.status',
        'review.withdrawn_at',
        'review.lead_partnership_id',
      ])
      .where('briefing_source.briefing_id', 'in', ids)
      .orderBy('briefing_source.position')
      .execute(),
    db
      .selectFrom('theme_tag')
      .innerJoin('theme', 'theme.id', 'theme_tag.theme_id')
      .select(['theme_tag.record_id', 'theme.slug', 'theme.name'])
      .where('theme_tag.record_type', '=', 'briefing')
      .where('theme_tag.record_id', 'in', ids)
      .orderBy('theme.name')
      .execute(),
  ])
  return rows.map((row) => ({
    id: row.id,
    partnershipId: row.partnership_id ?? '',
    partnershipName: row.partnership_name,
    title: row.title ?? '',
    slug: row.slug ?? '',
    periodFrom: row.period_from === null ? null : Number(row.period_from),
    periodTo: row.period_to === null ? null : Number(row.period_to),
    sections: {
      whyHeld: row.why_held,
      riskFactors: row.risk_factors,
      learning: row.learning_for_practice,
      questions: row.questions,
    },
    status: row.status,
    publishedAt: row.published_at,
    publishedByName: row.published_by_name,
    withdrawnAt: row.withdrawn_at,
    withdrawnReason: row.withdrawn_reason,
    withdrawnByName: row.withdrawn_by_name,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    updatedByName: row.updated_by_name,
    version: Number(row.version),
    sources: sources
      .filter((source) => source.briefing_id === row.id)
      .map((source) => ({
        reviewId: source.review_id,
        label: source.label,
        position: Number(source.position),
        reviewSlug: source.slug,
        reviewTitle: source.title,
        reviewStatus: source.status,
        reviewWithdrawnAt: source.withdrawn_at,
        leadPartnershipId: source.lead_partnership_id,
      })),
    themes: themes
      .filter((theme) => theme.record_id === row.id)
      .map((theme) => ({ slug: theme.slug, name: theme.name })),
  }))
}

export async function findThematicBriefing(
  db: Db,
  id: string,
): Promise<ThematicBriefingRecord | undefined> {
  const row = await baseQuery(db).where('briefing.id', '=', id).executeTakeFirst()
  return row ? (await withDetails(db, [row]))[0] : undefined
}

export async function findThematicBriefingBySlug(
  db: Db,
  slug: string,
): Promise<ThematicBriefingRecord | undefined> {
  const row = await baseQuery(db).where('briefing.slug', '=', slug).executeTakeFirst()
  return row ? (await withDetails(db, [row]))[0] : undefined
}

/** The partnerships' thematic briefings, newest change first. */
export async function listThematicBriefings(
  db: Db,
  filter: { partnershipIds?: readonly string[]; publishedOnly?: boolean },
): Promise<ThematicBriefingRecord[]> {
  let query = baseQuery(db)
  if (filter.partnershipIds !== undefined) {
    if (filter.partnershipIds.length === 0) return []
    query = query.where('briefing.partnership_id', 'in', [...filter.partnershipIds])
  }
  if (filter.publishedOnly) query = query.where('briefing.status', '=', 'published')
  const rows = await query
    .orderBy(filter.publishedOnly ? 'briefing.published_at' : 'briefing.updated_at', 'desc')
    .orderBy('briefing.id')
    .execute()
  return withDetails(db, rows)
}

export async function isBriefingSlugTaken(db: Db, slug: string): Promise<boolean> {
  const row = await db
    .selectFrom('briefing')
    .select('id')
    .where('slug', '=', slug)
    .executeTakeFirst()
  return row !== undefined
}

export async function insertThematicBriefing(
  db: Db,
  values: {
    id: string
    partnershipId: string
    title: string
    slug: string
    periodFrom: number | null
    periodTo: number | null
    sections: ThematicSections
    sources: readonly { reviewId: string; label: string }[]
    createdByUserId: string | null
    byName: string
    now: string
  },
): Promise<void> {
  await db
    .insertInto('briefing')
    .values({
      id: values.id,
      review_id: null,
      kind: 'thematic',
      partnership_id: values.partnershipId,
      title: values.title,
      slug: values.slug,
      period_from: values.periodFrom === null ? null : String(values.periodFrom),
      period_to: values.periodTo === null ? null : String(values.periodTo),
      why_held: values.sections.whyHeld,
      risk_factors: values.sections.riskFactors,
      learning_for_practice: values.sections.learning,
      questions: values.sections.questions,
      // The seven-minute sections: not used by a thematic briefing.
      background: '',
      why_it_matters: '',
      what_happened: '',
      what_we_learned: '',
      what_to_do: '',
      further_information: '',
      status: 'draft',
      created_by_user_id: values.createdByUserId,
      created_at: values.now,
      updated_at: values.now,
      updated_by_name: values.byName,
    })
    .execute()
  if (values.sources.length > 0) {
    await db
      .insertInto('briefing_source')
      .values(
        values.sources.map((source, index) => ({
          briefing_id: values.id,
          review_id: source.reviewId,
          position: index + 1,
          label: source.label,
        })),
      )
      .execute()
  }
}

/** Saves one section (or the title); refuses a stale edit. */
export async function updateThematicText(
  db: Db,
  id: string,
  expectedVersion: number,
  key: ThematicSectionKey | 'title',
  text: string,
  change: { byName: string; now: string },
): Promise<void> {
  const column = key === 'title' ? 'title' : SECTION_COLUMNS[key]
  const result = await db
    .updateTable('briefing')
    .set({
      [column]: text,
      updated_at: change.now,
      updated_by_name: change.byName,
      version: expectedVersion + 1,
    })
    .where('id', '=', id)
    .where('kind', '=', 'thematic')
    .where('version', '=', expectedVersion)
    .executeTakeFirst()
  if (result.numUpdatedRows === 0n) throw new StaleVersionError('briefing', id)
}

// ── The learning a thematic briefing is compiled from ────────────────────────

export interface CandidateReviewRow {
  readonly id: string
  readonly slug: string
  readonly title: string
  readonly childPseudonym: string
  readonly summary: string
  readonly status: string
  readonly publishedOn: string | null
  readonly decisionOn: string | null
  readonly createdAt: string
  readonly withdrawnAt: string | null
  readonly leadPartnershipId: string
  readonly leadPartnershipName: string
  readonly themeSlugs: readonly string[]
}

export interface ThemedItemRow {
  readonly kind: 'learning-point' | 'recommendation'
  readonly id: string
  readonly reviewId: string
  readonly position: number
  readonly text: string
  readonly themeSlugs: readonly string[]
}

async function tagsByRecord(
  db: Db,
  recordType: string,
  recordIds: readonly string[],
): Promise<Map<string, string[]>> {
  const tags = new Map<string, string[]>()
  if (recordIds.length === 0) return tags
  const rows = await db
    .selectFrom('theme_tag')
    .innerJoin('theme', 'theme.id', 'theme_tag.theme_id')
    .select(['theme_tag.record_id', 'theme.slug'])
    .where('theme_tag.record_type', '=', recordType)
    .where('theme_tag.record_id', 'in', [...recordIds])
    .orderBy('theme.slug')
    .execute()
  for (const row of rows) tags.set(row.record_id, [...(tags.get(row.record_id) ?? []), row.slug])
  return tags
}

/**
 * Every live learning point and recommendation tagged with one of these
 * themes, with all its themes, and every review touching them (tagged itself,
 * or holding such an item), with its themes. Access is the caller's to check.
 */
export async function listThemedLearning(
  db: Db,
  themeSlugs: readonly string[],
): Promise<{ reviews: CandidateReviewRow[]; items: ThemedItemRow[] }> {
  if (themeSlugs.length === 0) return { reviews: [], items: [] }
  const tagged = await db
    .selectFrom('theme_tag')
    .innerJoin('theme', 'theme.id', 'theme_tag.theme_id')
    .select(['theme_tag.record_type', 'theme_tag.record_id'])
    .where('theme.slug', 'in', [...themeSlugs])
    .where('theme_tag.record_type', 'in', ['review', 'learning-point', 'recommendation'])
    .execute()
  const idsOf = (type: string) => [
    ...new Set(tagged.filter((tag) => tag.record_type === type).map((tag) => tag.record_id)),
  ]
  const items: ThemedItemRow[] = []
  for (const [kind, table] of [
    ['learning-point', 'learning_point'],
    ['recommendation', 'recommendation'],
  ] as const) {
    const ids = idsOf(kind)
    if (ids.length === 0) continue
    const rows = await db
      .selectFrom(table)
      .select(['id', 'review_id', 'position', 'text'])
      .where('id', 'in', ids)
      .where('entered_in_error_at', 'is', null)
      .execute()
    const tags = await tagsByRecord(
      db,
      kind,
      rows.map((row) => row.id),
    )
    for (const row of rows) {
      items.push({
        kind,
        id: row.id,
        reviewId: row.review_id,
        position: Number(row.position),
        text: row.text,
        themeSlugs: tags.get(row.id) ?? [],
      })
    }
  }
  const reviewIds = [...new Set([...idsOf('review'), ...items.map((item) => item.reviewId)])]
  if (reviewIds.length === 0) return { reviews: [], items }
  const [rows, reviewTags] = await Promise.all([
    db
      .selectFrom('review')
      .innerJoin('partnership', 'partnership.id', 'review.lead_partnership_id')
      .select([
        'review.id',
        'review.slug',
        'review.title',
        'review.child_pseudonym',
        'review.summary',
        'review.status',
        'review.published_on',
        'review.decision_on',
        'review.created_at',
        'review.withdrawn_at',
        'review.lead_partnership_id',
        'partnership.name as lead_name',
      ])
      .where('review.id', 'in', reviewIds)
      .execute(),
    tagsByRecord(db, 'review', reviewIds),
  ])
  return {
    reviews: rows.map((row) => ({
      id: row.id,
      slug: row.slug,
      title: row.title,
      childPseudonym: row.child_pseudonym,
      summary: row.summary,
      status: row.status,
      publishedOn: row.published_on,
      decisionOn: row.decision_on,
      createdAt: row.created_at,
      withdrawnAt: row.withdrawn_at,
      leadPartnershipId: row.lead_partnership_id,
      leadPartnershipName: row.lead_name,
      themeSlugs: reviewTags.get(row.id) ?? [],
    })),
    items,
  }
}
