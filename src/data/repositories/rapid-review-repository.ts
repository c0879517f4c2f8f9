// Rapid reviews and their parts: agency requests, immediate safety actions, the
// reg. 11 criteria and partner sign-offs. Every change moves the rapid review's
// own version (which orders concurrent saves) and its step's version (which a
// form is judged by, so a change clashes only with a change to the same step).
import { StaleVersionError } from '../../domain/errors.js'
import type { Db } from '../db.js'

export interface RapidReviewRecord {
  id: string
  incidentId: string
  partnershipId: string
  state: string
  startedOn: string
  meetingOn: string | null
  meetingAttendees: string | null
  factsEstablished: string | null
  learningIdentified: string | null
  decision: string | null
  decisionRationale: string | null
  decidedOn: string | null
  sentToPanelOn: string | null
  panelResponseOn: string | null
  panelAgrees: boolean | null
  panelNationalReview: boolean | null
  panelResponseNotes: string | null
  createdAt: string
  updatedAt: string
  version: number
}

export interface AgencyRequestRecord {
  id: string
  rapidReviewId: string
  agencyId: string
  agencyName: string
  agencyKind: string
  requestedOn: string
  dueOn: string
  receivedOn: string | null
  summary: string | null
  version: number
}

export interface SafetyActionRecord {
  id: string
  position: number
  action: string
  owner: string
}

export interface CriterionRecord {
  criterion: string
  answer: string
  note: string | null
}

export interface SignOffRecord {
  partner: string
  signedByUserId: string | null
  signedByName: string
  signedOn: string
  signedAt: string
}

const flag = (value: number | null): boolean | null => (value === null ? null : Number(value) === 1)

export async function insertRapidReview(
  db: Db,
  values: {
    id: string
    incidentId: string
    partnershipId: string
    state: string
    startedOn: string
    createdAt: string
  },
): Promise<void> {
  await db
    .insertInto('rapid_review')
    .values({
      id: values.id,
      incident_id: values.incidentId,
      partnership_id: values.partnershipId,
      state: values.state,
      started_on: values.startedOn,
      created_at: values.createdAt,
      updated_at: values.createdAt,
    })
    .execute()
}

export async function findRapidReview(db: Db, id: string): Promise<RapidReviewRecord | undefined> {
  const row = await db
    .selectFrom('rapid_review')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst()
  if (!row) return undefined
  return {
    id: row.id,
    incidentId: row.incident_id,
    partnershipId: row.partnership_id,
    state: row.state,
    startedOn: row.started_on,
    meetingOn: row.meeting_on,
    meetingAttendees: row.meeting_attendees,
    factsEstablished: row.facts_established,
    learningIdentified: row.learning_identified,
    decision: row.decision,
    decisionRationale: row.decision_rationale,
    decidedOn: row.decided_on,
    sentToPanelOn: row.sent_to_panel_on,
    panelResponseOn: row.panel_response_on,
    panelAgrees: flag(row.panel_agrees),
    panelNationalReview: flag(row.panel_national_review),
    panelResponseNotes: row.panel_response_notes,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: Number(row.version),
  }
}

export interface RapidReviewChanges {
  state?: string
  meetingOn?: string | null
  meetingAttendees?: string | null
  factsEstablished?: string | null
  learningIdentified?: string | null
  decision?: string | null
  decisionRationale?: string | null
  decidedOn?: string | null
  sentToPanelOn?: string | null
  panelResponseOn?: string | null
  panelAgrees?: boolean | null
  panelNationalReview?: boolean | null
  panelResponseNotes?: string | null
}

const COLUMNS: Record<keyof RapidReviewChanges, string> = {
  state: 'state',
  meetingOn: 'meeting_on',
  meetingAttendees: 'meeting_attendees',
  factsEstablished: 'facts_established',
  learningIdentified: 'learning_identified',
  decision: 'decision',
  decisionRationale: 'decision_rationale',
  decidedOn: 'decided_on',
  sentToPanelOn: 'sent_to_panel_on',
  panelResponseOn: 'panel_response_on',
  panelAgrees: 'panel_agrees',
  panelNationalReview: 'panel_national_review',
  panelResponseNotes: 'panel_response_notes',
}

/**
 * Refuses a stale edit before anything is written, and holds the row for the
 * rest of the transaction: on PostgreSQL a second save of the same version
 * waits here, then finds the version moved on (a StaleVersionError), instead of
 * racing the first to insert the same part and failing on a unique key.
 */
export async function lockRapidReviewAtVersion(
  db: Db,
  id: string,
  expectedVersion: number,
): Promise<void> {
  const result = await db
    .updateTable('rapid_review')
    .set({ version: expectedVersion })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst()
  if (result.numUpdatedRows === 0n) throw new StaleVersionError('rapid review', id)
}

/**
 * Applies changes (possibly none, when only a part changed) and moves the
 * version on; refuses a stale edit.
 */
export async function updateRapidReview(
  db: Db,
  id: string,
  expectedVersion: number,
  changes: RapidReviewChanges & { updatedAt: string },
): Promise<void> {
  const set: Record<string, string | number | null> = {}
  for (const [key, column] of Object.entries(COLUMNS) as [keyof RapidReviewChanges, string][]) {
    const value = changes[key]
    if (value === undefined) continue
    set[column] = typeof value === 'boolean' ? (value ? 1 : 0) : value
  }
  const result = await db
    .updateTable('rapid_review')
    .set({ ...set, updated_at: changes.updatedAt, version: expectedVersion + 1 })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst()
  if (result.numUpdatedRows === 0n) throw new StaleVersionError('rapid review', id)
}

export async function listAgencyRequests(
  db: Db,
  rapidReviewId: string,
): Promise<AgencyRequestRecord[]> {
  const rows = await db
    .selectFrom('rapid_review_agency_request as request')
    .innerJoin('agency', 'agency.id', 'request.agency_id')
    .select([
      'request.id',
      'request.rapid_review_id',
      'request.agency_id',
      'agency.name as agency_name',
      'agency.kind as agency_kind',
      'request.requested_on',
      'request.due_on',
      'request.received_on',
      'request.summary',
      'request.version',
    ])
    .where('request.rapid_review_id', '=', rapidReviewId)
    .orderBy('agency.name')
    .execute()
  return rows.map((row) => ({
    id: row.id,
    rapidReviewId: row.rapid_review_id,
    agencyId: row.agency_id,
    agencyName: row.agency_name,
    agencyKind: row.agency_kind,
    requestedOn: row.requested_on,
    dueOn: row.due_on,
    receivedOn: row.received_on,
    summary: row.summary,
    version: Number(row.version),
  }))
}

export async function insertAgencyRequest(
  db: Db,
  values: {
    id: string
    rapidReviewId: string
    agencyId: string
    requestedOn: string
    dueOn: string
    createdAt: string
  },
): Promise<void> {
  await db
    .insertInto('rapid_review_agency_request')
    .values({
      id: values.id,
      rapid_review_id: values.rapidReviewId,
      agency_id: values.agencyId,
      requested_on: values.requestedOn,
      due_on: values.dueOn,
      created_at: values.createdAt,
      updated_at: values.createdAt,
    })
    .execute()
}

export async function updateAgencyResponse(
  db: Db,
  id: string,
  expectedVersion: number,
  values: { receivedOn: string | null; summary: string | null; updatedAt: string },
): Promise<void> {
  const result = await db
    .updateTable('rapid_review_agency_request')
    .set({
      received_on: values.receivedOn,
      summary: values.summary,
      updated_at: values.updatedAt,
      version: expectedVersion + 1,
    })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst()
  if (result.numUpdatedRows === 0n) throw new StaleVersionError('agency request', id)
}

export async function listSafetyActions(
  db: Db,
  rapidReviewId: string,
): Promise<SafetyActionRecord[]> {
  const rows = await db
    .selectFrom('rapid_review_safety_action')
    .select(['id', 'position', 'action', 'owner'])
    .where('rapid_review_id', '=', rapidReviewId)
    .orderBy('position')
    .execute()
  return rows.map((row) => ({ ...row, position: Number(row.position) }))
}

export async function insertSafetyAction(
  db: Db,
  values: { id: string; rapidReviewId: string; action: string; owner: string; createdAt: string },
): Promise<void> {
  const last = await db
    .selectFrom('rapid_review_safety_action')
    .select((eb) => eb.fn.max('position').as('position'))
    .where('rapid_review_id', '=', values.rapidReviewId)
    .executeTakeFirst()
  await db
    .insertInto('rapid_review_safety_action')
    .values({
      id: values.id,
      rapid_review_id: values.rapidReviewId,
      position: Number(last?.position ?? 0) + 1,
      action: values.action,
      owner: values.owner,
      created_at: values.createdAt,
    })
    .execute()
}

export async function listCriteria(db: Db, rapidReviewId: string): Promise<CriterionRecord[]> {
  return db
    .selectFrom('rapid_review_criterion')
    .select(['criterion', 'answer', 'note'])
    .where('rapid_review_id', '=', rapidReviewId)
    .orderBy('criterion')
    .execute()
}

export async function upsertCriterion(
  db: Db,
  values: {
    rapidReviewId: string
    criterion: string
    answer: string
    note: string | null
    updatedAt: string
  },
): Promise<void> {
  await db
    .insertInto('rapid_review_criterion')
    .values({
      rapid_review_id: values.rapidReviewId,
      criterion: values.criterion,
      answer: values.answer,
      note: values.note,
      updated_at: values.updatedAt,
    })
    .onConflict((oc) =>
      oc.columns(['rapid_review_id', 'criterion']).doUpdateSet((eb) => ({
        answer: values.answer,
        note: values.note,
        updated_at: values.updatedAt,
        version: eb('rapid_review_criterion.version', '+', 1),
      })),
    )
    .execute()
}

export async function listSignOffs(db: Db, rapidReviewId: string): Promise<SignOffRecord[]> {
  const rows = await db
    .selectFrom('rapid_review_sign_off')
    .select(['partner', 'signed_by_user_id', 'signed_by_name', 'signed_on', 'signed_at'])
    .where('rapid_review_id', '=', rapidReviewId)
    .orderBy('signed_at')
    .execute()
  return rows.map((row) => ({
    partner: row.partner,
    signedByUserId: row.signed_by_user_id,
    signedByName: row.signed_by_name,
    signedOn: row.signed_on,
    signedAt: row.signed_at,
  }))
}

export async function insertSignOff(
  db: Db,
  values: {
    rapidReviewId: string
    partner: string
    signedByUserId: string | null
    signedByName: string
    signedOn: string
    signedAt: string
  },
): Promise<void> {
  await db
    .insertInto('rapid_review_sign_off')
    .values({
      rapid_review_id: values.rapidReviewId,
      partner: values.partner,
      signed_by_user_id: values.signedByUserId,
      signed_by_name: values.signedByName,
      signed_on: values.signedOn,
      signed_at: values.signedAt,
    })
    .execute()
}

/** Each step's own version; a step never saved is at version 1. */
export async function listStepVersions(
  db: Db,
  rapidReviewId: string,
): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('rapid_review_step_version')
    .select(['step', 'version'])
    .where('rapid_review_id', '=', rapidReviewId)
    .execute()
  return Object.fromEntries(rows.map((row) => [row.step, Number(row.version)]))
}

/** Moves one step's version on (from 1 when it was never saved). */
export async function bumpStepVersion(db: Db, rapidReviewId: string, step: string): Promise<void> {
  await db
    .insertInto('rapid_review_step_version')
    .values({ rapid_review_id: rapidReviewId, step, version: 2 })
    .onConflict((oc) =>
      oc.columns(['rapid_review_id', 'step']).doUpdateSet((eb) => ({
        version: eb('rapid_review_step_version.version', '+', 1),
      })),
    )
    .execute()
}

/**
 * Holds the rapid review's row for the rest of the transaction without
 * judging its version: on PostgreSQL a second save waits here and then reads
 * what the first committed, so it can judge its own step's version.
 */
export async function lockRapidReview(db: Db, id: string): Promise<void> {
  const result = await db
    .updateTable('rapid_review')
    .set((eb) => ({ version: eb.ref('version') }))
    .where('id', '=', id)
    .executeTakeFirst()
  if (result.numUpdatedRows === 0n) throw new StaleVersionError('rapid review', id)
}

export interface EndedSignatureRecord {
  id: string
  partner: string
  signedByUserId: string | null
  signedByName: string
  signedOn: string
  endedHow: 'withdrawn' | 'voided'
  changed: string | null
  endedOn: string
  endedAt: string
  noticeResolvedAt: string | null
}

/**
 * Ends a signature before sending: the live row goes, a record of it stays
 * with how and why (withdrawn by its delegate, or voided by a change).
 */
export async function endSignOff(
  db: Db,
  values: {
    id: string
    rapidReviewId: string
    partner: string
    endedHow: 'withdrawn' | 'voided'
    changed: string | null
    endedOn: string
    endedAt: string
    endedByUserId: string | null
  },
): Promise<void> {
  const signOff = await db
    .selectFrom('rapid_review_sign_off')
    .selectAll()
    .where('rapid_review_id', '=', values.rapidReviewId)
    .where('partner', '=', values.partner)
    .executeTakeFirst()
  if (!signOff) return
  await db
    .insertInto('rapid_review_ended_signature')
    .values({
      id: values.id,
      rapid_review_id: values.rapidReviewId,
      partner: values.partner,
      signed_by_user_id: signOff.signed_by_user_id,
      signed_by_name: signOff.signed_by_name,
      signed_on: signOff.signed_on,
      ended_how: values.endedHow,
      changed: values.changed,
      ended_on: values.endedOn,
      ended_at: values.endedAt,
      ended_by_user_id: values.endedByUserId,
      // A withdrawal is the delegate's own act: nothing to tell them.
      notice_resolved_at: values.endedHow === 'withdrawn' ? values.endedAt : null,
    })
    .execute()
  await db
    .deleteFrom('rapid_review_sign_off')
    .where('rapid_review_id', '=', values.rapidReviewId)
    .where('partner', '=', values.partner)
    .execute()
}

export async function listEndedSignatures(
  db: Db,
  rapidReviewId: string,
): Promise<EndedSignatureRecord[]> {
  const rows = await db
    .selectFrom('rapid_review_ended_signature')
    .selectAll()
    .where('rapid_review_id', '=', rapidReviewId)
    .orderBy('ended_at')
    .orderBy('id')
    .execute()
  return rows.map((row) => ({
    id: row.id,
    partner: row.partner,
    signedByUserId: row.signed_by_user_id,
    signedByName: row.signed_by_name,
    signedOn: row.signed_on,
    endedHow: row.ended_how === 'withdrawn' ? 'withdrawn' : 'voided',
    changed: row.changed,
    endedOn: row.ended_on,
    endedAt: row.ended_at,
    noticeResolvedAt: row.notice_resolved_at,
  }))
}

/** A partner signed again (or the rapid review went): their voided-signature notices are done. */
export async function resolveSignatureNotices(
  db: Db,
  rapidReviewId: string,
  at: string,
  partner?: string,
): Promise<void> {
  let query = db
    .updateTable('rapid_review_ended_signature')
    .set({ notice_resolved_at: at })
    .where('rapid_review_id', '=', rapidReviewId)
    .where('notice_resolved_at', 'is', null)
  if (partner !== undefined) query = query.where('partner', '=', partner)
  await query.execute()
}

/** Open voided-signature notices of one person: for a "your tasks" list. */
export async function listOpenSignatureNoticesOf(
  db: Db,
  userId: string,
): Promise<{ rapidReviewId: string; partner: string; changed: string | null; endedOn: string }[]> {
  const rows = await db
    .selectFrom('rapid_review_ended_signature')
    .select(['rapid_review_id', 'partner', 'changed', 'ended_on'])
    .where('signed_by_user_id', '=', userId)
    .where('notice_resolved_at', 'is', null)
    .orderBy('ended_at')
    .execute()
  return rows.map((row) => ({
    rapidReviewId: row.rapid_review_id,
    partner: row.partner,
    changed: row.changed,
    endedOn: row.ended_on,
  }))
}

export interface RapidReviewTimetableRecord {
  lettersWorkingDay: number
  summariesWorkingDay: number
  meetingFromWorkingDay: number
  meetingToWorkingDay: number
  signOffWorkingDay: number
  version: number
}

export async function findRapidReviewTimetable(
  db: Db,
  partnershipId: string,
): Promise<RapidReviewTimetableRecord | undefined> {
  const row = await db
    .selectFrom('rapid_review_timetable')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .executeTakeFirst()
  if (!row) return undefined
  return {
    lettersWorkingDay: Number(row.letters_working_day),
    summariesWorkingDay: Number(row.summaries_working_day),
    meetingFromWorkingDay: Number(row.meeting_from_working_day),
    meetingToWorkingDay: Number(row.meeting_to_working_day),
    signOffWorkingDay: Number(row.sign_off_working_day),
    version: Number(row.version),
  }
}

/**
 * Saves a partnership's timetable: inserts the first one (expected version 1
 * means "still the default"), else a versioned update; refuses a stale edit.
 */
export async function saveRapidReviewTimetable(
  db: Db,
  partnershipId: string,
  expectedVersion: number,
  values: Omit<RapidReviewTimetableRecord, 'version'> & { updatedAt: string },
): Promise<void> {
  const columns = {
    letters_working_day: values.lettersWorkingDay,
    summaries_working_day: values.summariesWorkingDay,
    meeting_from_working_day: values.meetingFromWorkingDay,
    meeting_to_working_day: values.meetingToWorkingDay,
    sign_off_working_day: values.signOffWorkingDay,
    updated_at: values.updatedAt,
  }
  const existing = await findRapidReviewTimetable(db, partnershipId)
  if (!existing) {
    if (expectedVersion !== 1) throw new StaleVersionError('rapid review timetable', partnershipId)
    await db
      .insertInto('rapid_review_timetable')
      .values({ partnership_id: partnershipId, ...columns, version: 2 })
      .execute()
    return
  }
  const result = await db
    .updateTable('rapid_review_timetable')
    .set({ ...columns, version: expectedVersion + 1 })
    .where('partnership_id', '=', partnershipId)
    .where('version', '=', expectedVersion)
    .executeTakeFirst()
  if (result.numUpdatedRows === 0n) {
    throw new StaleVersionError('rapid review timetable', partnershipId)
  }
}
