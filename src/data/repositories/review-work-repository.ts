// Reviews being worked on: their details, reviewers, stages, monitoring
// checkpoints, delays and chronology. The published reviews of the public site
// live in the same `review` table and are read by review-repository.ts, which
// only ever selects status 'published'.
import { StaleVersionError } from '../../domain/errors.js'
import type { Db } from '../db.js'

export interface ReviewWorkRow {
  id: string
  slug: string
  title: string
  kind: string
  guidanceEdition: string
  status: string
  childPseudonym: string
  leadPartnership: { id: string; slug: string; name: string }
  participatingPartnerships: { id: string; slug: string; name: string }[]
  methodology: string | null
  methodologyOther: string | null
  decisionOn: string | null
  termsOfReference: string
  rapidReviewId: string | null
  restricted: boolean
  /** Restricted to its access list (issue 4). */
  accessRestricted: boolean
  startedOn: string | null
  finalReportReceivedOn: string | null
  publishedOn: string | null
  createdAt: string
  updatedAt: string
  version: number
}

export interface ReviewerRow {
  id: string
  name: string
  role: string
  organisation: string | null
  userId: string | null
  userDisplayName: string | null
}

export interface StageRow {
  stage: string
  status: string
  updatedAt: string
  version: number
  startedOn: string | null
  completedOn: string | null
}

export interface CheckpointRow {
  id: string
  heldOn: string
  observations: string | null
  requestKind: string | null
  requestDetail: string | null
  requestedOn: string | null
  requestDueOn: string | null
  respondedOn: string | null
  version: number
}

export interface DelayRow {
  id: string
  reason: string
  details: string
  identifiedOn: string
  panelToldOn: string | null
  secretaryOfStateToldOn: string | null
  version: number
}

export interface ChronologyEntryRow {
  id: string
  agency: string
  /** The list's agency; null for an entry older than the list (issue 8). */
  agencyId: string | null
  occurredOn: string
  occurredAt: string | null
  event: string
  source: string | null
  enteredBy: string
  sourceLine: number | null
  createdAt: string
  version: number
}

export interface ReviewWorkRecord extends ReviewWorkRow {
  reviewers: ReviewerRow[]
  stages: StageRow[]
  checkpoints: CheckpointRow[]
  delays: DelayRow[]
}

const reviewColumns = [
  'review.id',
  'review.slug',
  'review.title',
  'review.kind',
  'review.guidance_edition',
  'review.status',
  'review.child_pseudonym',
  'review.methodology',
  'review.methodology_other',
  'review.decision_on',
  'review.terms_of_reference',
  'review.rapid_review_id',
  'review.restricted',
  'review.access_restricted',
  'review.started_on',
  'review.final_report_received_on',
  'review.published_on',
  'review.created_at',
  'review.updated_at',
  'review.version',
  'lead.id as lead_id',
  'lead.slug as lead_slug',
  'lead.name as lead_name',
] as const

function baseQuery(db: Db) {
  return db
    .selectFrom('review')
    .innerJoin('partnership as lead', 'lead.id', 'review.lead_partnership_id')
    .select(reviewColumns)
}

type BaseRow = Awaited<ReturnType<ReturnType<typeof baseQuery>['executeTakeFirstOrThrow']>>

function toRow(
  row: BaseRow,
  participants: { id: string; slug: string; name: string }[],
): ReviewWorkRow {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    kind: row.kind,
    guidanceEdition: row.guidance_edition,
    status: row.status,
    childPseudonym: row.child_pseudonym,
    leadPartnership: { id: row.lead_id, slug: row.lead_slug, name: row.lead_name },
    participatingPartnerships: participants,
    methodology: row.methodology,
    methodologyOther: row.methodology_other,
    decisionOn: row.decision_on,
    termsOfReference: row.terms_of_reference,
    rapidReviewId: row.rapid_review_id,
    restricted: Number(row.restricted) === 1,
    accessRestricted: Number(row.access_restricted) === 1,
    startedOn: row.started_on,
    finalReportReceivedOn: row.final_report_received_on,
    publishedOn: row.published_on,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: Number(row.version),
  }
}

async function participantsOf(
  db: Db,
  reviewIds: string[],
): Promise<Map<string, { id: string; slug: string; name: string }[]>> {
  const byReview = new Map<string, { id: string; slug: string; name: string }[]>()
  if (reviewIds.length === 0) return byReview
  const rows = await db
    .selectFrom('review_partnership')
    .innerJoin('partnership', 'partnership.id', 'review_partnership.partnership_id')
    .select([
      'review_partnership.review_id',
      'partnership.id',
      'partnership.slug',
      'partnership.name',
    ])
    .where('review_partnership.review_id', 'in', reviewIds)
    .orderBy('partnership.name')
    .execute()
  for (const row of rows) {
    const list = byReview.get(row.review_id) ?? []
    list.push({ id: row.id, slug: row.slug, name: row.name })
    byReview.set(row.review_id, list)
  }
  return byReview
}

export interface NewReviewWork {
  id: string
  slug: string
  title: string
  kind: string
  guidanceEdition: string
  status: string
  leadPartnershipId: string
  participatingPartnershipIds: string[]
  childPseudonym: string
  methodology: string | null
  methodologyOther: string | null
  decisionOn: string
  termsOfReference: string
  rapidReviewId: string | null
  restricted: boolean
  createdByUserId: string | null
  stages: readonly string[]
  reviewers: {
    id: string
    name: string
    role: string
    organisation: string | null
    userId: string | null
  }[]
  now: string
}

export async function insertReviewWork(db: Db, review: NewReviewWork): Promise<void> {
  await db
    .insertInto('review')
    .values({
      id: review.id,
      slug: review.slug,
      title: review.title,
      kind: review.kind,
      guidance_edition: review.guidanceEdition,
      lead_partnership_id: review.leadPartnershipId,
      child_pseudonym: review.childPseudonym,
      summary: '',
      status: review.status,
      published_on: null,
      reviewer_names: review.reviewers.map((reviewer) => reviewer.name).join(', '),
      methodology: review.methodology,
      methodology_other: review.methodologyOther,
      decision_on: review.decisionOn,
      terms_of_reference: review.termsOfReference,
      rapid_review_id: review.rapidReviewId,
      restricted: review.restricted ? 1 : 0,
      created_by_user_id: review.createdByUserId,
      created_at: review.now,
      updated_at: review.now,
    })
    .execute()
  await replaceParticipatingPartnerships(db, review.id, review.participatingPartnershipIds)
  await db
    .insertInto('review_stage')
    .values(
      review.stages.map((stage) => ({
        review_id: review.id,
        stage,
        status: 'not-started',
        updated_at: review.now,
      })),
    )
    .execute()
  for (const reviewer of review.reviewers) {
    await insertReviewer(db, { ...reviewer, reviewId: review.id, now: review.now })
  }
}

export async function replaceParticipatingPartnerships(
  db: Db,
  reviewId: string,
  partnershipIds: readonly string[],
): Promise<void> {
  await db.deleteFrom('review_partnership').where('review_id', '=', reviewId).execute()
  if (partnershipIds.length === 0) return
  await db
    .insertInto('review_partnership')
    .values(
      partnershipIds.map((partnershipId) => ({
        review_id: reviewId,
        partnership_id: partnershipId,
      })),
    )
    .execute()
}

export async function findReviewWork(db: Db, id: string): Promise<ReviewWorkRecord | undefined> {
  const row = await baseQuery(db).where('review.id', '=', id).executeTakeFirst()
  if (!row) return undefined
  const [participants, reviewers, stages, checkpoints, delays] = await Promise.all([
    participantsOf(db, [id]),
    listReviewers(db, id),
    db
      .selectFrom('review_stage')
      .select(['stage', 'status', 'updated_at', 'version', 'started_on', 'completed_on'])
      .where('review_id', '=', id)
      .execute(),
    db
      .selectFrom('review_checkpoint')
      .selectAll()
      .where('review_id', '=', id)
      .orderBy('held_on')
      .orderBy('created_at')
      .execute(),
    db
      .selectFrom('review_delay')
      .selectAll()
      .where('review_id', '=', id)
      .orderBy('identified_on')
      .orderBy('created_at')
      .execute(),
  ])
  return {
    ...toRow(row, participants.get(id) ?? []),
    reviewers,
    stages: stages.map((stage) => ({
      stage: stage.stage,
      status: stage.status,
      updatedAt: stage.updated_at,
      version: Number(stage.version),
      startedOn: stage.started_on,
      completedOn: stage.completed_on,
    })),
    checkpoints: checkpoints.map((checkpoint) => ({
      id: checkpoint.id,
      heldOn: checkpoint.held_on,
      observations: checkpoint.observations,
      requestKind: checkpoint.request_kind,
      requestDetail: checkpoint.request_detail,
      requestedOn: checkpoint.requested_on,
      requestDueOn: checkpoint.request_due_on,
      respondedOn: checkpoint.responded_on,
      version: Number(checkpoint.version),
    })),
    delays: delays.map((delay) => ({
      id: delay.id,
      reason: delay.reason,
      details: delay.details,
      identifiedOn: delay.identified_on,
      panelToldOn: delay.panel_told_on,
      secretaryOfStateToldOn: delay.secretary_of_state_told_on,
      version: Number(delay.version),
    })),
  }
}

export interface ReviewListRow extends ReviewWorkRow {
  reviewerUserIds: string[]
}

/**
 * Reviews not yet published that one of these partnerships leads or takes part
 * in. The caller narrows the list further by who may read each one.
 */
export async function listReviewsInProgress(
  db: Db,
  partnershipIds: readonly string[],
  statuses: readonly string[],
): Promise<ReviewListRow[]> {
  if (partnershipIds.length === 0) return []
  const rows = await baseQuery(db)
    .where('review.status', 'in', [...statuses])
    .where((eb) =>
      eb.or([
        eb('review.lead_partnership_id', 'in', [...partnershipIds]),
        eb(
          'review.id',
          'in',
          eb
            .selectFrom('review_partnership')
            .select('review_partnership.review_id')
            .where('review_partnership.partnership_id', 'in', [...partnershipIds]),
        ),
      ]),
    )
    .orderBy('review.decision_on')
    .orderBy('review.title')
    .execute()
  const ids = rows.map((row) => row.id)
  const participants = await participantsOf(db, ids)
  const reviewerUsers =
    ids.length === 0
      ? []
      : await db
          .selectFrom('review_reviewer')
          .select(['review_id', 'user_id'])
          .where('review_id', 'in', ids)
          .where('user_id', 'is not', null)
          .execute()
  return rows.map((row) => ({
    ...toRow(row, participants.get(row.id) ?? []),
    reviewerUserIds: reviewerUsers
      .filter((reviewer) => reviewer.review_id === row.id && reviewer.user_id !== null)
      .map((reviewer) => reviewer.user_id as string),
  }))
}

export async function findReviewIdByRapidReview(
  db: Db,
  rapidReviewId: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('review')
    .select('id')
    .where('rapid_review_id', '=', rapidReviewId)
    .executeTakeFirst()
  return row?.id
}

/** Refuses a stale edit: the review must still carry the version the user loaded. */
export async function updateReviewWork(
  db: Db,
  id: string,
  expectedVersion: number,
  values: {
    title?: string
    childPseudonym?: string
    methodology?: string | null
    methodologyOther?: string | null
    decisionOn?: string
    termsOfReference?: string
    restricted?: boolean
    status?: string
    startedOn?: string
    finalReportReceivedOn?: string
  },
  now: string,
): Promise<void> {
  const result = await db
    .updateTable('review')
    .set({
      ...(values.title === undefined ? {} : { title: values.title }),
      ...(values.childPseudonym === undefined ? {} : { child_pseudonym: values.childPseudonym }),
      ...(values.methodology === undefined ? {} : { methodology: values.methodology }),
      ...(values.methodologyOther === undefined
        ? {}
        : { methodology_other: values.methodologyOther }),
      ...(values.decisionOn === undefined ? {} : { decision_on: values.decisionOn }),
      ...(values.termsOfReference === undefined
        ? {}
        : { terms_of_reference: values.termsOfReference }),
      ...(values.restricted === undefined ? {} : { restricted: values.restricted ? 1 : 0 }),
      ...(values.status === undefined ? {} : { status: values.status }),
      ...(values.startedOn === undefined ? {} : { started_on: values.startedOn }),
      ...(values.finalReportReceivedOn === undefined
        ? {}
        : { final_report_received_on: values.finalReportReceivedOn }),
      updated_at: now,
      version: expectedVersion + 1,
    })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst()
  if (result.numUpdatedRows === 0n) throw new StaleVersionError('review', id)
}

export async function listReviewers(db: Db, reviewId: string): Promise<ReviewerRow[]> {
  const rows = await db
    .selectFrom('review_reviewer')
    .leftJoin('app_user', 'app_user.id', 'review_reviewer.user_id')
    .select([
      'review_reviewer.id',
      'review_reviewer.name',
      'review_reviewer.role',
      'review_reviewer.organisation',
      'review_reviewer.user_id',
      'app_user.display_name',
    ])
    .where('review_reviewer.review_id', '=', reviewId)
    .orderBy('review_reviewer.created_at')
    .orderBy('review_reviewer.name')
    .execute()
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    role: row.role,
    organisation: row.organisation,
    userId: row.user_id,
    userDisplayName: row.display_name,
  }))
}

export async function insertReviewer(
  db: Db,
  reviewer: {
    id: string
    reviewId: string
    name: string
    role: string
    organisation: string | null
    userId: string | null
    now: string
  },
): Promise<void> {
  await db
    .insertInto('review_reviewer')
    .values({
      id: reviewer.id,
      review_id: reviewer.reviewId,
      name: reviewer.name,
      role: reviewer.role,
      organisation: reviewer.organisation,
      user_id: reviewer.userId,
      created_at: reviewer.now,
    })
    .execute()
}

export async function deleteReviewer(
  db: Db,
  reviewId: string,
  reviewerId: string,
): Promise<boolean> {
  const result = await db
    .deleteFrom('review_reviewer')
    .where('id', '=', reviewerId)
    .where('review_id', '=', reviewId)
    .executeTakeFirst()
  return result.numDeletedRows > 0n
}

/** Keeps the published reviewer names (S14) in step with the named reviewers. */
export async function refreshReviewerNames(db: Db, reviewId: string): Promise<void> {
  const names = (await listReviewers(db, reviewId)).map((reviewer) => reviewer.name)
  await db
    .updateTable('review')
    .set({ reviewer_names: names.join(', ') })
    .where('id', '=', reviewId)
    .execute()
}

export async function updateStageStatus(
  db: Db,
  reviewId: string,
  stage: string,
  expectedVersion: number,
  status: string,
  now: string,
  /** When the stage started and was completed; left as they are when not given. */
  dates?: { startedOn: string | null; completedOn: string | null },
): Promise<void> {
  const result = await db
    .updateTable('review_stage')
    .set({
      status,
      updated_at: now,
      version: expectedVersion + 1,
      ...(dates ? { started_on: dates.startedOn, completed_on: dates.completedOn } : {}),
    })
    .where('review_id', '=', reviewId)
    .where('stage', '=', stage)
    .where('version', '=', expectedVersion)
    .executeTakeFirst()
  if (result.numUpdatedRows === 0n) throw new StaleVersionError('stage', `${reviewId}/${stage}`)
}

export async function insertCheckpoint(
  db: Db,
  checkpoint: Omit<CheckpointRow, 'version' | 'respondedOn'> & { reviewId: string; now: string },
): Promise<void> {
  await db
    .insertInto('review_checkpoint')
    .values({
      id: checkpoint.id,
      review_id: checkpoint.reviewId,
      held_on: checkpoint.heldOn,
      observations: checkpoint.observations,
      request_kind: checkpoint.requestKind,
      request_detail: checkpoint.requestDetail,
      requested_on: checkpoint.requestedOn,
      request_due_on: checkpoint.requestDueOn,
      responded_on: null,
      created_at: checkpoint.now,
    })
    .execute()
}

export async function updateCheckpointResponse(
  db: Db,
  reviewId: string,
  checkpointId: string,
  expectedVersion: number,
  respondedOn: string,
): Promise<void> {
  const result = await db
    .updateTable('review_checkpoint')
    .set({ responded_on: respondedOn, version: expectedVersion + 1 })
    .where('id', '=', checkpointId)
    .where('review_id', '=', reviewId)
    .where('version', '=', expectedVersion)
    .executeTakeFirst()
  if (result.numUpdatedRows === 0n) throw new StaleVersionError('checkpoint', checkpointId)
}

export async function insertDelay(
  db: Db,
  delay: Omit<DelayRow, 'version'> & { reviewId: string; now: string },
): Promise<void> {
  await db
    .insertInto('review_delay')
    .values({
      id: delay.id,
      review_id: delay.reviewId,
      reason: delay.reason,
      details: delay.details,
      identified_on: delay.identifiedOn,
      panel_told_on: delay.panelToldOn,
      secretary_of_state_told_on: delay.secretaryOfStateToldOn,
      created_at: delay.now,
    })
    .execute()
}

export async function updateDelayToldDates(
  db: Db,
  reviewId: string,
  delayId: string,
  expectedVersion: number,
  values: { panelToldOn: string | null; secretaryOfStateToldOn: string | null },
): Promise<void> {
  const result = await db
    .updateTable('review_delay')
    .set({
      panel_told_on: values.panelToldOn,
      secretary_of_state_told_on: values.secretaryOfStateToldOn,
      version: expectedVersion + 1,
    })
    .where('id', '=', delayId)
    .where('review_id', '=', reviewId)
    .where('version', '=', expectedVersion)
    .executeTakeFirst()
  if (result.numUpdatedRows === 0n) throw new StaleVersionError('delay', delayId)
}

/** SQLite allows some 32k bound values per statement; 500 rows of 11 stay far below. */
const INSERT_CHUNK = 500

export async function insertChronologyEntries(
  db: Db,
  reviewId: string,
  entries: readonly Omit<ChronologyEntryRow, 'createdAt' | 'version'>[],
  by: { userId: string | null; now: string },
): Promise<void> {
  for (let start = 0; start < entries.length; start += INSERT_CHUNK) {
    await db
      .insertInto('chronology_entry')
      .values(
        entries.slice(start, start + INSERT_CHUNK).map((entry) => ({
          id: entry.id,
          review_id: reviewId,
          agency: entry.agency,
          agency_id: entry.agencyId,
          occurred_on: entry.occurredOn,
          occurred_at: entry.occurredAt,
          event: entry.event,
          source: entry.source,
          entered_by: entry.enteredBy,
          source_line: entry.sourceLine,
          created_by_user_id: by.userId,
          created_at: by.now,
        })),
      )
      .execute()
  }
}

export async function listChronologyEntries(
  db: Db,
  reviewId: string,
): Promise<ChronologyEntryRow[]> {
  const rows = await db
    .selectFrom('chronology_entry')
    .select([
      'id',
      'agency',
      'agency_id',
      'occurred_on',
      'occurred_at',
      'event',
      'source',
      'entered_by',
      'source_line',
      'created_at',
      'version',
    ])
    .where('review_id', '=', reviewId)
    // Entered in error: kept for the record, off the chronology (issue 8).
    .where('entered_in_error_at', 'is', null)
    .execute()
  return rows.map((row) => ({
    id: row.id,
    agency: row.agency,
    agencyId: row.agency_id,
    occurredOn: row.occurred_on,
    occurredAt: row.occurred_at,
    event: row.event,
    source: row.source,
    enteredBy: row.entered_by,
    sourceLine: row.source_line === null ? null : Number(row.source_line),
    createdAt: row.created_at,
    version: Number(row.version),
  }))
}

export async function countChronologyEntries(db: Db, reviewId: string): Promise<number> {
  const row = await db
    .selectFrom('chronology_entry')
    .select((eb) => eb.fn.countAll().as('count'))
    .where('review_id', '=', reviewId)
    .where('entered_in_error_at', 'is', null)
    .executeTakeFirst()
  return Number(row?.count ?? 0)
}

/** People in a partnership with one of these roles: who can be linked as a named reviewer. */
export async function listMembersWithRoles(
  db: Db,
  partnershipId: string,
  roles: readonly string[],
): Promise<{ userId: string; displayName: string; email: string }[]> {
  if (roles.length === 0) return []
  const rows = await db
    .selectFrom('membership')
    .innerJoin('app_user', 'app_user.id', 'membership.user_id')
    .select(['app_user.id', 'app_user.display_name', 'app_user.email'])
    .where('membership.partnership_id', '=', partnershipId)
    .where('membership.role', 'in', [...roles])
    .where('app_user.is_active', '=', 1)
    .orderBy('app_user.display_name')
    .execute()
  const seen = new Set<string>()
  return rows
    .filter((row) => (seen.has(row.id) ? false : (seen.add(row.id), true)))
    .map((row) => ({ userId: row.id, displayName: row.display_name, email: row.email }))
}

/** The date the partnership became aware of the incident a rapid review was about. */
export async function findAwarenessDateOfRapidReview(
  db: Db,
  rapidReviewId: string,
): Promise<string | null> {
  const row = await db
    .selectFrom('rapid_review')
    .innerJoin('incident', 'incident.id', 'rapid_review.incident_id')
    .select('incident.aware_on')
    .where('rapid_review.id', '=', rapidReviewId)
    .executeTakeFirst()
  return row?.aware_on ?? null
}

export interface FamilyInvolvementRow {
  invitedOn: string | null
  invitedHow: string | null
  invitedBy: string | null
  tookPart: string
  familyViews: string | null
  updatedAt: string
  version: number
}

/** How the family were invited and what they said (S10), if recorded yet. */
export async function findFamilyInvolvement(
  db: Db,
  reviewId: string,
): Promise<FamilyInvolvementRow | null> {
  const row = await db
    .selectFrom('review_family_involvement')
    .selectAll()
    .where('review_id', '=', reviewId)
    .executeTakeFirst()
  if (!row) return null
  return {
    invitedOn: row.invited_on,
    invitedHow: row.invited_how,
    invitedBy: row.invited_by,
    tookPart: row.took_part,
    familyViews: row.family_views,
    updatedAt: row.updated_at,
    version: Number(row.version),
  }
}

/**
 * Saves the record: the first save expects version 0 (nothing saved yet), every
 * later one the version the form was read at; otherwise someone else saved first.
 */
export async function saveFamilyInvolvement(
  db: Db,
  reviewId: string,
  expectedVersion: number,
  values: Omit<FamilyInvolvementRow, 'updatedAt' | 'version'>,
  now: string,
): Promise<void> {
  const columns = {
    invited_on: values.invitedOn,
    invited_how: values.invitedHow,
    invited_by: values.invitedBy,
    took_part: values.tookPart,
    family_views: values.familyViews,
    updated_at: now,
  }
  if (expectedVersion === 0) {
    const existing = await findFamilyInvolvement(db, reviewId)
    if (existing) throw new StaleVersionError('family-involvement', reviewId)
    await db
      .insertInto('review_family_involvement')
      .values({ review_id: reviewId, ...columns })
      .execute()
    return
  }
  const result = await db
    .updateTable('review_family_involvement')
    .set({ ...columns, version: expectedVersion + 1 })
    .where('review_id', '=', reviewId)
    .where('version', '=', expectedVersion)
    .executeTakeFirst()
  if (result.numUpdatedRows === 0n) throw new StaleVersionError('family-involvement', reviewId)
}

/** One chronology entry still on the chronology, with its version. */
export async function findChronologyEntry(
  db: Db,
  reviewId: string,
  entryId: string,
): Promise<ChronologyEntryRow | undefined> {
  return (await listChronologyEntries(db, reviewId)).find((entry) => entry.id === entryId)
}

/** Corrects an entry if nobody else changed it since `expectedVersion`. */
export async function updateChronologyEntry(
  db: Db,
  reviewId: string,
  entryId: string,
  expectedVersion: number,
  values: {
    agency: string
    agencyId: string | null
    occurredOn: string
    occurredAt: string | null
    event: string
    source: string | null
  },
  now: string,
): Promise<void> {
  const result = await db
    .updateTable('chronology_entry')
    .set({
      agency: values.agency,
      agency_id: values.agencyId,
      occurred_on: values.occurredOn,
      occurred_at: values.occurredAt,
      event: values.event,
      source: values.source,
      updated_at: now,
      version: expectedVersion + 1,
    })
    .where('id', '=', entryId)
    .where('review_id', '=', reviewId)
    .where('version', '=', expectedVersion)
    .where('entered_in_error_at', 'is', null)
    .executeTakeFirst()
  if (result.numUpdatedRows === 0n) throw new StaleVersionError('chronology-entry', entryId)
}

/** Takes an entry off the chronology, keeping it with who and why. */
export async function markChronologyEntryEnteredInError(
  db: Db,
  reviewId: string,
  entryId: string,
  expectedVersion: number,
  values: { reason: string; byName: string },
  now: string,
): Promise<void> {
  const result = await db
    .updateTable('chronology_entry')
    .set({
      entered_in_error_at: now,
      entered_in_error_reason: values.reason,
      entered_in_error_by_name: values.byName,
      updated_at: now,
      version: expectedVersion + 1,
    })
    .where('id', '=', entryId)
    .where('review_id', '=', reviewId)
    .where('version', '=', expectedVersion)
    .where('entered_in_error_at', 'is', null)
    .executeTakeFirst()
  if (result.numUpdatedRows === 0n) throw new StaleVersionError('chronology-entry', entryId)
}
