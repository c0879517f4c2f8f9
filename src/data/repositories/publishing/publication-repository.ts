// Publication plans and publications (0022-publication). Plain rows in and
// out; every change is versioned (a write that finds another's change first
// touches nothing and answers false).
import type { Db } from '../../db.js'

export interface PublicationPlanRecord {
  reviewId: string
  plannedOn: string | null
  scope: string
  scopeReason: string | null
  lookAgainOn: string | null
  reviewerNames: string
  sentToPanelOn: string | null
  sentToSecretaryOfStateOn: string | null
  sentToOfstedOn: string | null
  updatedAt: string
  updatedByName: string
  version: number
}

export interface PlanValues {
  plannedOn: string | null
  scope: string
  scopeReason: string | null
  lookAgainOn: string | null
  reviewerNames: string
}

export interface SentValues {
  sentToPanelOn: string | null
  sentToSecretaryOfStateOn: string | null
  sentToOfstedOn: string | null
}

const planColumns = [
  'review_id as reviewId',
  'planned_on as plannedOn',
  'scope',
  'scope_reason as scopeReason',
  'look_again_on as lookAgainOn',
  'reviewer_names as reviewerNames',
  'sent_to_panel_on as sentToPanelOn',
  'sent_to_secretary_of_state_on as sentToSecretaryOfStateOn',
  'sent_to_ofsted_on as sentToOfstedOn',
  'updated_at as updatedAt',
  'updated_by_name as updatedByName',
  'version',
] as const

export async function findPublicationPlan(
  db: Db,
  reviewId: string,
): Promise<PublicationPlanRecord | null> {
  const row = await db
    .selectFrom('publication_plan')
    .select(planColumns)
    .where('review_id', '=', reviewId)
    .executeTakeFirst()
  return row ? { ...row, version: Number(row.version) } : null
}

/** The first plan of a review; false when another was made first. */
export async function insertPublicationPlan(
  db: Db,
  reviewId: string,
  plan: PlanValues,
  change: { at: string; byName: string },
): Promise<boolean> {
  const result = await db
    .insertInto('publication_plan')
    .values({
      review_id: reviewId,
      planned_on: plan.plannedOn,
      scope: plan.scope,
      scope_reason: plan.scopeReason,
      look_again_on: plan.lookAgainOn,
      reviewer_names: plan.reviewerNames,
      updated_at: change.at,
      updated_by_name: change.byName,
    })
    .onConflict((conflict) => conflict.column('review_id').doNothing())
    .executeTakeFirst()
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1
}

export async function updatePublicationPlan(
  db: Db,
  reviewId: string,
  expectedVersion: number,
  values: Partial<PlanValues & SentValues>,
  change: { at: string; byName: string },
): Promise<boolean> {
  const result = await db
    .updateTable('publication_plan')
    .set((eb) => ({
      ...('plannedOn' in values ? { planned_on: values.plannedOn ?? null } : {}),
      ...('scope' in values && values.scope !== undefined ? { scope: values.scope } : {}),
      ...('scopeReason' in values ? { scope_reason: values.scopeReason ?? null } : {}),
      ...('lookAgainOn' in values ? { look_again_on: values.lookAgainOn ?? null } : {}),
      ...(values.reviewerNames !== undefined ? { reviewer_names: values.reviewerNames } : {}),
      ...('sentToPanelOn' in values ? { sent_to_panel_on: values.sentToPanelOn ?? null } : {}),
      ...('sentToSecretaryOfStateOn' in values
        ? { sent_to_secretary_of_state_on: values.sentToSecretaryOfStateOn ?? null }
        : {}),
      ...('sentToOfstedOn' in values ? { sent_to_ofsted_on: values.sentToOfstedOn ?? null } : {}),
      updated_at: change.at,
      updated_by_name: change.byName,
      version: eb('version', '+', 1),
    }))
    .where('review_id', '=', reviewId)
    .where('version', '=', expectedVersion)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

export interface ReportPublicationRecord {
  id: string
  reviewId: string
  /** The review's public address: the file is served under it. */
  reviewSlug: string
  reportVersionId: string
  reportVersionNumber: number
  publicDocumentId: string
  scope: string
  publishedOn: string
  availableUntil: string
  publishedAt: string
  publishedByName: string
  removed: string[]
  replacedAt: string | null
  takenDownAt: string | null
  takenDownReason: string | null
  fileName: string
  mediaType: string
  sizeBytes: number
  version: number
}

function publicationsOf(db: Db) {
  return db
    .selectFrom('report_publication as publication')
    .innerJoin('report_version', 'report_version.id', 'publication.report_version_id')
    .innerJoin('document', 'document.id', 'publication.public_document_id')
    .innerJoin('review', 'review.id', 'publication.review_id')
    .select([
      'publication.id',
      'publication.review_id as reviewId',
      'review.slug as reviewSlug',
      'publication.report_version_id as reportVersionId',
      'report_version.number as reportVersionNumber',
      'publication.public_document_id as publicDocumentId',
      'publication.scope',
      'publication.published_on as publishedOn',
      'publication.available_until as availableUntil',
      'publication.published_at as publishedAt',
      'publication.published_by_name as publishedByName',
      'publication.removed',
      'publication.replaced_at as replacedAt',
      'publication.taken_down_at as takenDownAt',
      'publication.taken_down_reason as takenDownReason',
      'document.file_name as fileName',
      'document.media_type as mediaType',
      'document.size_bytes as sizeBytes',
      'publication.version',
    ])
}

type PublicationRow = Awaited<
  ReturnType<ReturnType<typeof publicationsOf>['executeTakeFirstOrThrow']>
>

function publicationOf(row: PublicationRow): ReportPublicationRecord {
  return {
    ...row,
    reportVersionNumber: Number(row.reportVersionNumber),
    sizeBytes: Number(row.sizeBytes),
    version: Number(row.version),
    removed: parseRemoved(row.removed),
  }
}

function parseRemoved(text: string): string[] {
  try {
    const value: unknown = JSON.parse(text)
    return Array.isArray(value) ? value.filter((item) => typeof item === 'string') : []
  } catch {
    return []
  }
}

/** Every publication of a review, newest first. */
export async function listReportPublications(
  db: Db,
  reviewId: string,
): Promise<ReportPublicationRecord[]> {
  const rows = await publicationsOf(db)
    .where('publication.review_id', '=', reviewId)
    .orderBy('publication.published_at', 'desc')
    .execute()
  return rows.map(publicationOf)
}

/** The publication the public sees now: neither replaced nor taken down. */
export async function findLivePublication(
  db: Db,
  reviewId: string,
): Promise<ReportPublicationRecord | null> {
  const row = await publicationsOf(db)
    .where('publication.review_id', '=', reviewId)
    .where('publication.replaced_at', 'is', null)
    .where('publication.taken_down_at', 'is', null)
    .executeTakeFirst()
  return row ? publicationOf(row) : null
}

export interface NewReportPublication {
  id: string
  reviewId: string
  reportVersionId: string
  publicDocumentId: string
  scope: string
  publishedOn: string
  availableUntil: string
  publishedAt: string
  publishedBy: string
  publishedByName: string
  removed: readonly string[]
}

export async function insertReportPublication(
  db: Db,
  publication: NewReportPublication,
): Promise<void> {
  await db
    .insertInto('report_publication')
    .values({
      id: publication.id,
      review_id: publication.reviewId,
      report_version_id: publication.reportVersionId,
      public_document_id: publication.publicDocumentId,
      scope: publication.scope,
      published_on: publication.publishedOn,
      available_until: publication.availableUntil,
      published_at: publication.publishedAt,
      published_by: publication.publishedBy,
      published_by_name: publication.publishedByName,
      removed: JSON.stringify(publication.removed),
    })
    .execute()
}

/** A corrected version took its place: no longer served, kept for the record. */
export async function markPublicationReplaced(
  db: Db,
  id: string,
  expectedVersion: number,
  change: { at: string; byId: string },
): Promise<boolean> {
  const result = await db
    .updateTable('report_publication')
    .set((eb) => ({
      replaced_at: change.at,
      replaced_by_id: change.byId,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .where('replaced_at', 'is', null)
    .where('taken_down_at', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

export async function markPublicationTakenDown(
  db: Db,
  id: string,
  expectedVersion: number,
  change: { at: string; by: string; reason: string },
): Promise<boolean> {
  const result = await db
    .updateTable('report_publication')
    .set((eb) => ({
      taken_down_at: change.at,
      taken_down_by: change.by,
      taken_down_reason: change.reason,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .where('replaced_at', 'is', null)
    .where('taken_down_at', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

/** The review goes live (status 'published'), with the reviewers' names it is published with (S14). */
export async function setReviewPublished(
  db: Db,
  reviewId: string,
  expectedVersion: number,
  change: { publishedOn: string; reviewerNames: string; at: string },
): Promise<boolean> {
  const result = await db
    .updateTable('review')
    .set((eb) => ({
      status: 'published',
      published_on: change.publishedOn,
      reviewer_names: change.reviewerNames,
      withdrawn_at: null,
      withdrawn_reason: null,
      updated_at: change.at,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', reviewId)
    .where('version', '=', expectedVersion)
    .where('status', '=', 'final-report-received')
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

/** A corrected report replaced the published one: the public page says when. */
export async function setReviewPublicUpdated(
  db: Db,
  reviewId: string,
  change: { updatedOn: string; at: string },
): Promise<void> {
  await db
    .updateTable('review')
    .set((eb) => ({
      public_updated_on: change.updatedOn,
      updated_at: change.at,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', reviewId)
    .execute()
}

/** When the review was taken down (S15); null while it is up or was never published. */
export async function findReviewWithdrawnAt(db: Db, reviewId: string): Promise<string | null> {
  const row = await db
    .selectFrom('review')
    .select('withdrawn_at')
    .where('id', '=', reviewId)
    .executeTakeFirst()
  return row?.withdrawn_at ?? null
}

/** Taken down (S15): the public page answers 410 Gone and says when. */
export async function setReviewWithdrawn(
  db: Db,
  reviewId: string,
  change: { at: string; reason: string },
): Promise<void> {
  await db
    .updateTable('review')
    .set((eb) => ({
      withdrawn_at: change.at,
      withdrawn_reason: change.reason,
      updated_at: change.at,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', reviewId)
    .execute()
}

export interface PublicReportFile {
  fileName: string
  mediaType: string
  content: Uint8Array
  sha256: string
}

/** The live public copy of a published review's report, by the review's public address. */
export async function findPublicReportFile(
  db: Db,
  slug: string,
  publicationId: string,
): Promise<PublicReportFile | null> {
  const row = await db
    .selectFrom('report_publication as publication')
    .innerJoin('review', 'review.id', 'publication.review_id')
    .innerJoin('document', 'document.id', 'publication.public_document_id')
    .select([
      'document.file_name as fileName',
      'document.media_type as mediaType',
      'document.content',
      'document.sha256',
    ])
    .where('review.slug', '=', slug)
    .where('review.status', '=', 'published')
    .where('review.withdrawn_at', 'is', null)
    .where('publication.id', '=', publicationId)
    .where('publication.replaced_at', 'is', null)
    .where('publication.taken_down_at', 'is', null)
    .where('document.withdrawn_at', 'is', null)
    .executeTakeFirst()
  return row ? { ...row, content: new Uint8Array(row.content) } : null
}

export interface PlannedPublication {
  reviewId: string
  reviewTitle: string
  reviewKind: string
  guidanceEdition: string
  partnershipId: string
  partnershipName: string
  plannedOn: string
  sentToPanelOn: string | null
  sentToSecretaryOfStateOn: string | null
  sentToOfstedOn: string | null
  accessRestricted: boolean
}

/**
 * Reviews of these partnerships with a planned publication date that are not
 * published yet: the S16 clock on the dashboard and in the calendar feeds.
 */
export async function listPlannedPublications(
  db: Db,
  partnershipIds: readonly string[],
): Promise<PlannedPublication[]> {
  if (partnershipIds.length === 0) return []
  const rows = await db
    .selectFrom('publication_plan as plan')
    .innerJoin('review', 'review.id', 'plan.review_id')
    .innerJoin('partnership', 'partnership.id', 'review.lead_partnership_id')
    .select([
      'review.id as reviewId',
      'review.title as reviewTitle',
      'review.kind as reviewKind',
      'review.guidance_edition as guidanceEdition',
      'review.lead_partnership_id as partnershipId',
      'partnership.name as partnershipName',
      'plan.planned_on as plannedOn',
      'plan.sent_to_panel_on as sentToPanelOn',
      'plan.sent_to_secretary_of_state_on as sentToSecretaryOfStateOn',
      'plan.sent_to_ofsted_on as sentToOfstedOn',
      'review.access_restricted as accessRestricted',
    ])
    .where('review.lead_partnership_id', 'in', [...partnershipIds])
    .where('review.status', '!=', 'published')
    .where('plan.scope', '!=', 'not-yet')
    .where('plan.planned_on', 'is not', null)
    .orderBy('plan.planned_on')
    .execute()
  return rows.map((row) => ({
    ...row,
    plannedOn: row.plannedOn!,
    accessRestricted: Number(row.accessRestricted) === 1,
  }))
}
