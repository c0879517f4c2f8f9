// Report versions (issue 9), their text and their redaction hits. The file is
// a `document` row (stored by the documents service); this keeps what makes it
// a version of a review's report.
import { sql } from 'kysely'
import type { Db } from '../../db.js'

export interface ReportVersionRecord {
  id: string
  reviewId: string
  partnershipId: string
  number: number
  documentId: string
  fileName: string
  kind: string
  mediaType: string
  sizeBytes: number
  note: string | null
  checkedAt: string | null
  termsChecked: number
  uploadedBy: string
  uploadedByName: string
  uploadedAt: string
  withdrawnAt: string | null
  withdrawnByName: string | null
  withdrawnReason: string | null
  version: number
  /** Hits not dismissed. */
  openHits: number
  hits: number
}

export interface NewReportVersion {
  id: string
  reviewId: string
  partnershipId: string
  documentId: string
  note: string | null
  uploadedBy: string
  uploadedAt: string
}

/** The next number and the row, in the caller's transaction. */
export async function insertReportVersion(db: Db, version: NewReportVersion): Promise<number> {
  const last = await db
    .selectFrom('report_version')
    .select(sql<number>`max(number)`.as('number'))
    .where('review_id', '=', version.reviewId)
    .executeTakeFirst()
  const number = Number(last?.number ?? 0) + 1
  await db
    .insertInto('report_version')
    .values({
      id: version.id,
      review_id: version.reviewId,
      partnership_id: version.partnershipId,
      number,
      document_id: version.documentId,
      note: version.note,
      uploaded_by: version.uploadedBy,
      uploaded_at: version.uploadedAt,
    })
    .execute()
  return number
}

function baseQuery(db: Db) {
  return db
    .selectFrom('report_version as v')
    .innerJoin('document as d', 'd.id', 'v.document_id')
    .innerJoin('app_user as u', 'u.id', 'v.uploaded_by')
    .leftJoin('app_user as w', 'w.id', 'v.withdrawn_by')
    .select((eb) => [
      'v.id',
      'v.review_id as reviewId',
      'v.partnership_id as partnershipId',
      'v.number',
      'v.document_id as documentId',
      'd.file_name as fileName',
      'd.kind',
      'd.media_type as mediaType',
      'd.size_bytes as sizeBytes',
      'v.note',
      'v.checked_at as checkedAt',
      'v.terms_checked as termsChecked',
      'v.uploaded_by as uploadedBy',
      'u.display_name as uploadedByName',
      'v.uploaded_at as uploadedAt',
      'v.withdrawn_at as withdrawnAt',
      'w.display_name as withdrawnByName',
      'v.withdrawn_reason as withdrawnReason',
      'v.version',
      eb
        .selectFrom('redaction_hit as h')
        .select(sql<number>`count(*)`.as('n'))
        .whereRef('h.report_version_id', '=', 'v.id')
        .where('h.dismissed_at', 'is', null)
        .as('openHits'),
      eb
        .selectFrom('redaction_hit as h')
        .select(sql<number>`count(*)`.as('n'))
        .whereRef('h.report_version_id', '=', 'v.id')
        .as('hits'),
    ])
}

type Row = Awaited<ReturnType<ReturnType<typeof baseQuery>['executeTakeFirstOrThrow']>>

function recordOf(row: Row): ReportVersionRecord {
  return {
    ...row,
    number: Number(row.number),
    sizeBytes: Number(row.sizeBytes),
    termsChecked: Number(row.termsChecked),
    version: Number(row.version),
    openHits: Number(row.openHits ?? 0),
    hits: Number(row.hits ?? 0),
  }
}

/** A review's versions, newest first, withdrawn ones included (they say so). */
export async function listReportVersions(db: Db, reviewId: string): Promise<ReportVersionRecord[]> {
  const rows = await baseQuery(db)
    .where('v.review_id', '=', reviewId)
    .orderBy('v.number', 'desc')
    .execute()
  return rows.map(recordOf)
}

export async function findReportVersion(
  db: Db,
  id: string,
): Promise<ReportVersionRecord | undefined> {
  const row = await baseQuery(db).where('v.id', '=', id).executeTakeFirst()
  return row && recordOf(row)
}

export async function markReportVersionWithdrawn(
  db: Db,
  id: string,
  expectedVersion: number,
  withdrawal: { at: string; by: string; reason: string },
): Promise<boolean> {
  const result = await db
    .updateTable('report_version')
    .set({
      withdrawn_at: withdrawal.at,
      withdrawn_by: withdrawal.by,
      withdrawn_reason: withdrawal.reason,
      version: expectedVersion + 1,
    })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .where('withdrawn_at', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

export interface StoredSection {
  location: string
  page: number | null
  text: string
}

export async function replaceReportVersionText(
  db: Db,
  versionId: string,
  sections: readonly StoredSection[],
  newId: () => string,
): Promise<void> {
  await db.deleteFrom('report_version_text').where('report_version_id', '=', versionId).execute()
  for (const [position, section] of sections.entries()) {
    await db
      .insertInto('report_version_text')
      .values({
        id: newId(),
        report_version_id: versionId,
        position,
        location: section.location,
        page: section.page,
        text: section.text,
      })
      .execute()
  }
}

export async function reportVersionText(db: Db, versionId: string): Promise<StoredSection[]> {
  const rows = await db
    .selectFrom('report_version_text')
    .select(['location', 'page', 'text'])
    .where('report_version_id', '=', versionId)
    .orderBy('position')
    .execute()
  return rows.map((row) => ({ ...row, page: row.page === null ? null : Number(row.page) }))
}

export interface NewRedactionHit {
  kind: string
  termRef: string | null
  warning: boolean
  location: string
  page: number | null
  excerpt: string
}

export interface RedactionHitRecord extends NewRedactionHit {
  id: string
  position: number
  dismissedAt: string | null
  dismissedByName: string | null
  dismissedReason: string | null
  version: number
}

/**
 * The check's hits for a version, replacing those of an earlier run: a hit
 * dismissed before keeps its dismissal when the same hit (kind, detail, place,
 * excerpt) is found again, so re-running the check does not undo people's work.
 */
export async function replaceRedactionHits(
  db: Db,
  versionId: string,
  hits: readonly NewRedactionHit[],
  checkedAt: string,
  termsChecked: number,
  newId: () => string,
): Promise<void> {
  const earlier = await db
    .selectFrom('redaction_hit')
    .select([
      'kind',
      'term_ref',
      'location',
      'page',
      'excerpt',
      'dismissed_at',
      'dismissed_by',
      'dismissed_reason',
    ])
    .where('report_version_id', '=', versionId)
    .where('dismissed_at', 'is not', null)
    .execute()
  const keyOf = (hit: {
    kind: string
    term_ref: string | null
    location: string
    page: number | null
    excerpt: string
  }) =>
    JSON.stringify([
      hit.kind,
      hit.term_ref,
      hit.location,
      hit.page === null ? null : Number(hit.page),
      hit.excerpt,
    ])
  const dismissed = new Map(earlier.map((row) => [keyOf(row), row]))
  await db.deleteFrom('redaction_hit').where('report_version_id', '=', versionId).execute()
  for (const [position, hit] of hits.entries()) {
    const before = dismissed.get(
      keyOf({
        kind: hit.kind,
        term_ref: hit.termRef,
        location: hit.location,
        page: hit.page,
        excerpt: hit.excerpt,
      }),
    )
    await db
      .insertInto('redaction_hit')
      .values({
        id: newId(),
        report_version_id: versionId,
        position,
        kind: hit.kind,
        term_ref: hit.termRef,
        warning: hit.warning ? 1 : 0,
        location: hit.location,
        page: hit.page,
        excerpt: hit.excerpt,
        dismissed_at: before?.dismissed_at ?? null,
        dismissed_by: before?.dismissed_by ?? null,
        dismissed_reason: before?.dismissed_reason ?? null,
      })
      .execute()
  }
  await db
    .updateTable('report_version')
    .set({ checked_at: checkedAt, terms_checked: termsChecked })
    .where('id', '=', versionId)
    .execute()
}

export async function listRedactionHits(db: Db, versionId: string): Promise<RedactionHitRecord[]> {
  const rows = await db
    .selectFrom('redaction_hit as h')
    .leftJoin('app_user as u', 'u.id', 'h.dismissed_by')
    .select([
      'h.id',
      'h.position',
      'h.kind',
      'h.term_ref as termRef',
      'h.warning',
      'h.location',
      'h.page',
      'h.excerpt',
      'h.dismissed_at as dismissedAt',
      'u.display_name as dismissedByName',
      'h.dismissed_reason as dismissedReason',
      'h.version',
    ])
    .where('h.report_version_id', '=', versionId)
    .orderBy('h.position')
    .execute()
  return rows.map((row) => ({
    ...row,
    position: Number(row.position),
    warning: Number(row.warning) === 1,
    page: row.page === null ? null : Number(row.page),
    version: Number(row.version),
  }))
}

export async function markHitDismissed(
  db: Db,
  hitId: string,
  versionId: string,
  expectedVersion: number,
  dismissal: { at: string; by: string; reason: string },
): Promise<boolean> {
  const result = await db
    .updateTable('redaction_hit')
    .set({
      dismissed_at: dismissal.at,
      dismissed_by: dismissal.by,
      dismissed_reason: dismissal.reason,
      version: expectedVersion + 1,
    })
    .where('id', '=', hitId)
    .where('report_version_id', '=', versionId)
    .where('version', '=', expectedVersion)
    .where('dismissed_at', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

/** Hits not dismissed, for the publishing rule. */
export async function countOpenHits(db: Db, versionId: string): Promise<number> {
  const row = await db
    .selectFrom('redaction_hit')
    .select(sql<number>`count(*)`.as('n'))
    .where('report_version_id', '=', versionId)
    .where('dismissed_at', 'is', null)
    .executeTakeFirst()
  return Number(row?.n ?? 0)
}
