// Seven-minute briefings and the records of their use (issue 9). Briefings are
// changed, published and withdrawn, never deleted; every change is versioned.
import type { BriefingSectionKey, BriefingSections } from '../../../domain/briefings/briefing.js'
import { StaleVersionError } from '../../../domain/errors.js'
import type { Db } from '../../db.js'

/** Each section's column. */
const SECTION_COLUMNS = {
  background: 'background',
  whyItMatters: 'why_it_matters',
  whatHappened: 'what_happened',
  whatWeLearned: 'what_we_learned',
  whatToDo: 'what_to_do',
  questions: 'questions',
  furtherInformation: 'further_information',
} as const satisfies Record<BriefingSectionKey, string>

export interface BriefingRecord {
  readonly id: string
  readonly reviewId: string
  readonly sections: BriefingSections
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
}

/** What the briefing needs to know of its review. */
export interface BriefingReview {
  readonly id: string
  readonly slug: string
  readonly title: string
  readonly kind: string
  readonly status: string
  readonly childPseudonym: string
  readonly summary: string
  readonly publishedOn: string | null
  /** The review taken down (S15): its briefing goes with it. */
  readonly withdrawnAt: string | null
  readonly leadPartnershipId: string
  readonly leadPartnershipName: string
}

const briefingColumns = [
  'briefing.id',
  'briefing.review_id',
  'briefing.background',
  'briefing.why_it_matters',
  'briefing.what_happened',
  'briefing.what_we_learned',
  'briefing.what_to_do',
  'briefing.questions',
  'briefing.further_information',
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
] as const

type BriefingRow = Awaited<ReturnType<ReturnType<typeof briefingQuery>['executeTakeFirstOrThrow']>>

function briefingQuery(db: Db) {
  return db.selectFrom('briefing').select(briefingColumns)
}

function recordOf(row: BriefingRow): BriefingRecord {
  return {
    id: row.id,
    // Only seven-minute briefings are read here: they always have a review.
    reviewId: row.review_id ?? '',
    sections: {
      background: row.background,
      whyItMatters: row.why_it_matters,
      whatHappened: row.what_happened,
      whatWeLearned: row.what_we_learned,
      whatToDo: row.what_to_do,
      questions: row.questions,
      furtherInformation: row.further_information,
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
    version: row.version,
  }
}

export async function findBriefingOfReview(
  db: Db,
  reviewId: string,
): Promise<BriefingRecord | undefined> {
  const row = await briefingQuery(db).where('briefing.review_id', '=', reviewId).executeTakeFirst()
  return row ? recordOf(row) : undefined
}

const reviewColumns = [
  'review.id',
  'review.slug',
  'review.title',
  'review.kind',
  'review.status',
  'review.child_pseudonym',
  'review.summary',
  'review.published_on',
  'review.withdrawn_at',
  'lead.id as lead_id',
  'lead.name as lead_name',
] as const

function reviewQuery(db: Db) {
  return db
    .selectFrom('review')
    .innerJoin('partnership as lead', 'lead.id', 'review.lead_partnership_id')
    .select(reviewColumns)
}

type ReviewRow = Awaited<ReturnType<ReturnType<typeof reviewQuery>['executeTakeFirstOrThrow']>>

function reviewOf(row: ReviewRow): BriefingReview {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    kind: row.kind,
    status: row.status,
    childPseudonym: row.child_pseudonym,
    summary: row.summary,
    publishedOn: row.published_on,
    withdrawnAt: row.withdrawn_at,
    leadPartnershipId: row.lead_id,
    leadPartnershipName: row.lead_name,
  }
}

export async function findBriefingReview(
  db: Db,
  reviewId: string,
): Promise<BriefingReview | undefined> {
  const row = await reviewQuery(db).where('review.id', '=', reviewId).executeTakeFirst()
  return row ? reviewOf(row) : undefined
}

export async function findBriefingReviewBySlug(
  db: Db,
  slug: string,
): Promise<BriefingReview | undefined> {
  const row = await reviewQuery(db).where('review.slug', '=', slug).executeTakeFirst()
  return row ? reviewOf(row) : undefined
}

/** The live learning points and recommendations of a review, in order, for the first draft. */
export async function listReviewStatements(
  db: Db,
  reviewId: string,
): Promise<{ learningPoints: string[]; recommendations: string[] }> {
  const [learningPoints, recommendations] = await Promise.all(
    (['learning_point', 'recommendation'] as const).map((table) =>
      db
        .selectFrom(table)
        .select('text')
        .where('review_id', '=', reviewId)
        .where('entered_in_error_at', 'is', null)
        .orderBy('position')
        .execute(),
    ),
  )
  return {
    learningPoints: (learningPoints ?? []).map((row) => row.text),
    recommendations: (recommendations ?? []).map((row) => row.text),
  }
}

export async function insertBriefing(
  db: Db,
  values: {
    id: string
    reviewId: string
    sections: BriefingSections
    createdByUserId: string | null
    byName: string
    now: string
  },
): Promise<void> {
  await db
    .insertInto('briefing')
    .values({
      id: values.id,
      review_id: values.reviewId,
      background: values.sections.background,
      why_it_matters: values.sections.whyItMatters,
      what_happened: values.sections.whatHappened,
      what_we_learned: values.sections.whatWeLearned,
      what_to_do: values.sections.whatToDo,
      questions: values.sections.questions,
      further_information: values.sections.furtherInformation,
      status: 'draft',
      created_by_user_id: values.createdByUserId,
      created_at: values.now,
      updated_at: values.now,
      updated_by_name: values.byName,
    })
    .execute()
}

async function versionedUpdate(
  db: Db,
  id: string,
  expectedVersion: number,
  values: Record<string, string | null>,
): Promise<void> {
  const result = await db
    .updateTable('briefing')
    .set({ ...values, version: expectedVersion + 1 })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst()
  if (result.numUpdatedRows === 0n) throw new StaleVersionError('briefing', id)
}

/** Saves one section; refuses a stale edit. */
export function updateBriefingSection(
  db: Db,
  id: string,
  expectedVersion: number,
  key: BriefingSectionKey,
  text: string,
  change: { byName: string; now: string },
): Promise<void> {
  return versionedUpdate(db, id, expectedVersion, {
    [SECTION_COLUMNS[key]]: text,
    updated_at: change.now,
    updated_by_name: change.byName,
  })
}

/** Publishes the briefing (clearing an earlier withdrawal); refuses a stale edit. */
export function setBriefingPublished(
  db: Db,
  id: string,
  expectedVersion: number,
  change: { byName: string; now: string },
): Promise<void> {
  return versionedUpdate(db, id, expectedVersion, {
    status: 'published',
    published_at: change.now,
    published_by_name: change.byName,
    withdrawn_at: null,
    withdrawn_reason: null,
    withdrawn_by_name: null,
    updated_at: change.now,
    updated_by_name: change.byName,
  })
}

/** Withdraws a published briefing with a reason; refuses a stale edit. */
export function setBriefingWithdrawn(
  db: Db,
  id: string,
  expectedVersion: number,
  change: { byName: string; now: string; reason: string },
): Promise<void> {
  return versionedUpdate(db, id, expectedVersion, {
    status: 'withdrawn',
    withdrawn_at: change.now,
    withdrawn_reason: change.reason,
    withdrawn_by_name: change.byName,
    updated_at: change.now,
    updated_by_name: change.byName,
  })
}

// ── Use records ──────────────────────────────────────────────────────────────

export interface BriefingUseRow {
  readonly id: string
  readonly briefingId: string
  /** Which kind: a seven-minute briefing's "review" fields are its review's, a thematic one's its own. */
  readonly kind: 'seven-minute' | 'thematic'
  readonly reviewTitle: string
  readonly reviewSlug: string
  readonly leadPartnershipId: string
  readonly team: string
  readonly agencyId: string
  readonly agencyName: string
  readonly agencyPartnershipName: string
  readonly usedOn: string
  readonly staffCount: number
  readonly agreedActions: string
  readonly recordedByName: string
  readonly recordedAt: string
}

export async function insertBriefingUse(
  db: Db,
  values: {
    id: string
    briefingId: string
    team: string
    agencyId: string
    usedOn: string
    staffCount: number
    agreedActions: string
    recordedByUserId: string | null
    recordedByName: string
    now: string
  },
): Promise<void> {
  await db
    .insertInto('briefing_use')
    .values({
      id: values.id,
      briefing_id: values.briefingId,
      team: values.team,
      agency_id: values.agencyId,
      used_on: values.usedOn,
      staff_count: values.staffCount,
      agreed_actions: values.agreedActions,
      recorded_by_user_id: values.recordedByUserId,
      recorded_by_name: values.recordedByName,
      recorded_at: values.now,
    })
    .execute()
}

/**
 * Use of the partnerships' briefings, newest first; entered-in-error left out.
 * A seven-minute briefing is the partnership's when it leads the review; a
 * thematic one (issue 11), when it is the partnership's own.
 */
export async function listBriefingUses(
  db: Db,
  leadPartnershipIds: readonly string[],
): Promise<BriefingUseRow[]> {
  if (leadPartnershipIds.length === 0) return []
  const rows = await db
    .selectFrom('briefing_use')
    .innerJoin('briefing', 'briefing.id', 'briefing_use.briefing_id')
    .leftJoin('review', 'review.id', 'briefing.review_id')
    .innerJoin('agency', 'agency.id', 'briefing_use.agency_id')
    .innerJoin(
      'partnership as agency_partnership',
      'agency_partnership.id',
      'agency.partnership_id',
    )
    .select((eb) => [
      'briefing_use.id',
      'briefing_use.briefing_id',
      'briefing.kind',
      eb.fn.coalesce('review.title', 'briefing.title', eb.val('')).as('review_title'),
      eb.fn.coalesce('review.slug', 'briefing.slug', eb.val('')).as('review_slug'),
      eb.fn
        .coalesce('review.lead_partnership_id', 'briefing.partnership_id', eb.val(''))
        .as('lead_partnership_id'),
      'briefing_use.team',
      'briefing_use.agency_id',
      'agency.name as agency_name',
      'agency_partnership.name as agency_partnership_name',
      'briefing_use.used_on',
      'briefing_use.staff_count',
      'briefing_use.agreed_actions',
      'briefing_use.recorded_by_name',
      'briefing_use.recorded_at',
    ])
    .where((eb) =>
      eb.or([
        eb('review.lead_partnership_id', 'in', [...leadPartnershipIds]),
        eb('briefing.partnership_id', 'in', [...leadPartnershipIds]),
      ]),
    )
    .where('briefing_use.entered_in_error_at', 'is', null)
    .orderBy('briefing_use.used_on', 'desc')
    .orderBy('briefing_use.recorded_at', 'desc')
    .execute()
  return rows.map((row) => ({
    id: row.id,
    briefingId: row.briefing_id,
    kind: row.kind === 'thematic' ? 'thematic' : 'seven-minute',
    reviewTitle: row.review_title,
    reviewSlug: row.review_slug,
    leadPartnershipId: row.lead_partnership_id,
    team: row.team,
    agencyId: row.agency_id,
    agencyName: row.agency_name,
    agencyPartnershipName: row.agency_partnership_name,
    usedOn: row.used_on,
    staffCount: Number(row.staff_count),
    agreedActions: row.agreed_actions,
    recordedByName: row.recorded_by_name,
    recordedAt: row.recorded_at,
  }))
}

/** The partnerships' published briefings of both kinds, by title, so unused ones show too. */
export async function listPublishedBriefings(
  db: Db,
  partnershipIds: readonly string[],
): Promise<{ id: string; kind: 'seven-minute' | 'thematic'; title: string; slug: string }[]> {
  if (partnershipIds.length === 0) return []
  const sevenMinute = await db
    .selectFrom('briefing')
    .innerJoin('review', 'review.id', 'briefing.review_id')
    .select(['review.title', 'review.slug', 'briefing.id'])
    .where('briefing.status', '=', 'published')
    .where('review.status', '=', 'published')
    .where('review.lead_partnership_id', 'in', [...partnershipIds])
    .execute()
  const thematic = await db
    .selectFrom('briefing')
    .select(['briefing.title', 'briefing.slug', 'briefing.id'])
    .where('briefing.kind', '=', 'thematic')
    .where('briefing.status', '=', 'published')
    .where('briefing.partnership_id', 'in', [...partnershipIds])
    .execute()
  return [
    ...sevenMinute.map((row) => ({ ...row, kind: 'seven-minute' as const })),
    ...thematic.map((row) => ({
      id: row.id,
      kind: 'thematic' as const,
      title: row.title ?? '',
      slug: row.slug ?? '',
    })),
  ].sort((a, b) => a.title.localeCompare(b.title))
}

/** Current agencies of these partnerships, for the use form. */
export async function listCurrentAgencies(
  db: Db,
  partnershipIds: readonly string[],
): Promise<{ id: string; name: string; partnershipId: string; partnershipName: string }[]> {
  if (partnershipIds.length === 0) return []
  const rows = await db
    .selectFrom('agency')
    .innerJoin('partnership', 'partnership.id', 'agency.partnership_id')
    .select([
      'agency.id',
      'agency.name',
      'agency.partnership_id',
      'partnership.name as partnership_name',
    ])
    .where('agency.partnership_id', 'in', [...partnershipIds])
    .where('agency.retired_on', 'is', null)
    .orderBy('partnership.name')
    .orderBy('agency.name')
    .execute()
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    partnershipId: row.partnership_id,
    partnershipName: row.partnership_name,
  }))
}
