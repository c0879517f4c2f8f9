// Incidents and their children. The children's restricted identity fields are
// read by one function only (`findChildIdentities`), so a caller has to ask for
// them by name; every other read leaves them out.
import { caseReferenceYear, formatCaseReference } from '../../domain/incidents/case-reference.js'
import { StaleVersionError } from '../../domain/errors.js'
import type { Db } from '../db.js'

export interface IncidentChildRecord {
  id: string
  position: number
  pseudonym: string
  ageYears: number | null
  healthInformation: string | null
}

export interface IncidentRecord {
  id: string
  partnershipId: string
  partnershipSlug: string
  partnershipName: string
  guidanceEdition: string
  abuseOrNeglect: string
  harm: string
  lookedAfter: boolean
  careLeaver: boolean
  incidentOn: string
  awareOn: string
  panelNotifiedOn: string | null
  ofstedNotifiedOn: string | null
  partnersNotifiedOn: string | null
  secretaryOfStateNotifiedOn: string | null
  place: string | null
  description: string | null
  notifyingAuthority: string | null
  homeAuthority: string | null
  notifierName: string | null
  notifierEmail: string | null
  notifierPhone: string | null
  state: string
  closedOn: string | null
  closedReason: string | null
  restricted: boolean
  /** Restricted to its access list (issue 4); its rapid review shares the restriction. */
  accessRestricted: boolean
  /** WSCP-2026-014 (issue 8). */
  caseReference: string
  /** Marked entered in error (issue 8): kept, but off every list, clock and count. */
  enteredInError: { at: string; reason: string } | null
  createdAt: string
  updatedAt: string
  version: number
  rapidReviewId: string | null
  /** Rapid review sent date, for the S6 clock. */
  rapidReviewSentOn: string | null
  /** What followed the rapid review (issue 8: the incident's status follows them). */
  panelRespondedOn: string | null
  localReviewStatus: string | null
  children: IncidentChildRecord[]
}

export interface ChildIdentityRecord {
  position: number
  name: string | null
  dateOfBirth: string | null
  address: string | null
  localAuthorityReference: string | null
  /** Ten digits, no spaces. */
  nhsNumber: string | null
}

export interface NewIncidentRow {
  id: string
  partnershipId: string
  guidanceEdition: string
  abuseOrNeglect: string
  harm: string
  lookedAfter: boolean
  careLeaver: boolean
  incidentOn: string
  awareOn: string
  place: string | null
  description: string | null
  notifyingAuthority: string | null
  homeAuthority: string | null
  notifierName: string | null
  notifierEmail: string | null
  notifierPhone: string | null
  state: string
  createdByUserId: string | null
  createdAt: string
  children: {
    id: string
    position: number
    pseudonym: string
    ageYears: number | null
    healthInformation: string | null
    identity: Omit<ChildIdentityRecord, 'position'>
  }[]
}

/**
 * The next case reference of a partnership for a year (issue 8). Call inside
 * the transaction that inserts the incident: the upsert takes the counter row's
 * lock on PostgreSQL until commit, so two recordings at once get two numbers;
 * the unique indexes on the incident are the backstop.
 */
export async function nextCaseReference(
  db: Db,
  partnershipId: string,
  awareOn: string,
): Promise<{ reference: string; year: number; number: number }> {
  const year = caseReferenceYear(awareOn)
  const counter = await db
    .insertInto('case_reference_counter')
    .values({ partnership_id: partnershipId, year, last_number: 1 })
    .onConflict((conflict) =>
      conflict.columns(['partnership_id', 'year']).doUpdateSet((eb) => ({
        last_number: eb('case_reference_counter.last_number', '+', 1),
      })),
    )
    .returning('last_number')
    .executeTakeFirstOrThrow()
  const partnership = await db
    .selectFrom('partnership')
    .select('case_reference_prefix')
    .where('id', '=', partnershipId)
    .executeTakeFirstOrThrow()
  const number = Number(counter.last_number)
  return {
    reference: formatCaseReference(partnership.case_reference_prefix, year, number),
    year,
    number,
  }
}

/** Inserts the incident with the next case reference, which it returns. */
export async function insertIncident(db: Db, row: NewIncidentRow): Promise<string> {
  const reference = await nextCaseReference(db, row.partnershipId, row.awareOn)
  await db
    .insertInto('incident')
    .values({
      id: row.id,
      case_reference: reference.reference,
      case_reference_year: reference.year,
      case_reference_number: reference.number,
      partnership_id: row.partnershipId,
      guidance_edition: row.guidanceEdition,
      abuse_or_neglect: row.abuseOrNeglect,
      harm: row.harm,
      looked_after: row.lookedAfter ? 1 : 0,
      care_leaver: row.careLeaver ? 1 : 0,
      incident_on: row.incidentOn,
      aware_on: row.awareOn,
      place: row.place,
      description: row.description,
      notifying_authority: row.notifyingAuthority,
      home_authority: row.homeAuthority,
      notifier_name: row.notifierName,
      notifier_email: row.notifierEmail,
      notifier_phone: row.notifierPhone,
      state: row.state,
      restricted: 1,
      created_by_user_id: row.createdByUserId,
      created_at: row.createdAt,
      updated_at: row.createdAt,
    })
    .execute()
  for (const child of row.children) {
    await db
      .insertInto('incident_child')
      .values({
        id: child.id,
        incident_id: row.id,
        position: child.position,
        pseudonym: child.pseudonym,
        age_years: child.ageYears,
        health_information: child.healthInformation,
        restricted_name: child.identity.name,
        restricted_date_of_birth: child.identity.dateOfBirth,
        restricted_address: child.identity.address,
        restricted_la_reference: child.identity.localAuthorityReference,
        restricted_nhs_number: child.identity.nhsNumber,
      })
      .execute()
  }
  return reference.reference
}

function incidentQuery(db: Db) {
  return db
    .selectFrom('incident')
    .innerJoin('partnership', 'partnership.id', 'incident.partnership_id')
    .leftJoin('rapid_review', 'rapid_review.incident_id', 'incident.id')
    .leftJoin('review', 'review.rapid_review_id', 'rapid_review.id')
    .select([
      'rapid_review.panel_response_on as panel_response_on',
      'review.status as local_review_status',
      'incident.id',
      'incident.partnership_id',
      'partnership.slug as partnership_slug',
      'partnership.name as partnership_name',
      'incident.guidance_edition',
      'incident.abuse_or_neglect',
      'incident.harm',
      'incident.looked_after',
      'incident.care_leaver',
      'incident.incident_on',
      'incident.aware_on',
      'incident.panel_notified_on',
      'incident.ofsted_notified_on',
      'incident.partners_notified_on',
      'incident.secretary_of_state_notified_on',
      'incident.place',
      'incident.description',
      'incident.notifying_authority',
      'incident.home_authority',
      'incident.notifier_name',
      'incident.notifier_email',
      'incident.notifier_phone',
      'incident.state',
      'incident.closed_on',
      'incident.closed_reason',
      'incident.restricted',
      'incident.access_restricted',
      'incident.case_reference',
      'incident.entered_in_error_at',
      'incident.entered_in_error_reason',
      'incident.created_at',
      'incident.updated_at',
      'incident.version',
      'rapid_review.id as rapid_review_id',
      'rapid_review.sent_to_panel_on as rapid_review_sent_on',
    ])
}

type IncidentRow = Awaited<ReturnType<ReturnType<typeof incidentQuery>['executeTakeFirstOrThrow']>>

async function withChildren(db: Db, rows: IncidentRow[]): Promise<IncidentRecord[]> {
  if (rows.length === 0) return []
  // Only the pseudonymous columns: restricted_* are never selected here.
  const children = await db
    .selectFrom('incident_child')
    .select(['id', 'incident_id', 'position', 'pseudonym', 'age_years', 'health_information'])
    .where(
      'incident_id',
      'in',
      rows.map((row) => row.id),
    )
    .orderBy('position')
    .execute()
  const childrenOf = byIncident(children, (child) => ({
    id: child.id,
    position: Number(child.position),
    pseudonym: child.pseudonym,
    ageYears: child.age_years === null ? null : Number(child.age_years),
    healthInformation: child.health_information,
  }))
  return rows.map((row) => ({
    id: row.id,
    partnershipId: row.partnership_id,
    partnershipSlug: row.partnership_slug,
    partnershipName: row.partnership_name,
    guidanceEdition: row.guidance_edition,
    abuseOrNeglect: row.abuse_or_neglect,
    harm: row.harm,
    lookedAfter: Number(row.looked_after) === 1,
    careLeaver: Number(row.care_leaver) === 1,
    incidentOn: row.incident_on,
    awareOn: row.aware_on,
    panelNotifiedOn: row.panel_notified_on,
    ofstedNotifiedOn: row.ofsted_notified_on,
    partnersNotifiedOn: row.partners_notified_on,
    secretaryOfStateNotifiedOn: row.secretary_of_state_notified_on,
    place: row.place,
    description: row.description,
    notifyingAuthority: row.notifying_authority,
    homeAuthority: row.home_authority,
    notifierName: row.notifier_name,
    notifierEmail: row.notifier_email,
    notifierPhone: row.notifier_phone,
    state: row.state,
    closedOn: row.closed_on,
    closedReason: row.closed_reason,
    restricted: Number(row.restricted) === 1,
    accessRestricted: Number(row.access_restricted) === 1,
    caseReference: row.case_reference ?? '',
    enteredInError:
      row.entered_in_error_at === null
        ? null
        : { at: row.entered_in_error_at, reason: row.entered_in_error_reason ?? '' },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: Number(row.version),
    rapidReviewId: row.rapid_review_id,
    rapidReviewSentOn: row.rapid_review_sent_on,
    panelRespondedOn: row.panel_response_on,
    localReviewStatus: row.local_review_status,
    children: childrenOf.get(row.id) ?? [],
  }))
}

export async function findIncident(db: Db, id: string): Promise<IncidentRecord | undefined> {
  const row = await incidentQuery(db).where('incident.id', '=', id).executeTakeFirst()
  return row ? (await withChildren(db, [row]))[0] : undefined
}

/**
 * Incidents of these partnerships, most recently became-aware first: those in
 * use, or (`enteredInError`) only those marked entered in error, which no
 * other list shows (issue 8).
 */
export async function listIncidents(
  db: Db,
  partnershipIds: readonly string[],
  options: { enteredInError?: boolean } = {},
): Promise<IncidentRecord[]> {
  if (partnershipIds.length === 0) return []
  const rows = await incidentQuery(db)
    .where('incident.partnership_id', 'in', [...partnershipIds])
    .where('incident.entered_in_error_at', options.enteredInError ? 'is not' : 'is', null)
    .orderBy('incident.aware_on', 'desc')
    .orderBy('incident.created_at', 'desc')
    .execute()
  return withChildren(db, rows)
}

/**
 * What the statutory clocks read of an incident: the facts its S3/S6 deadlines
 * are computed from and what the dashboard and calendar feed show. Fewer columns
 * than `IncidentRecord`, because the dashboard reads every open incident on
 * every request.
 */
export interface IncidentClockRecord {
  id: string
  partnershipId: string
  partnershipSlug: string
  partnershipName: string
  guidanceEdition: string
  abuseOrNeglect: string
  harm: string
  lookedAfter: boolean
  careLeaver: boolean
  awareOn: string
  panelNotifiedOn: string | null
  partnersNotifiedOn: string | null
  state: string
  accessRestricted: boolean
  caseReference: string
  rapidReviewId: string | null
  rapidReviewSentOn: string | null
  children: Pick<IncidentChildRecord, 'position' | 'pseudonym' | 'ageYears'>[]
}

/**
 * The incidents an on-time history needs besides those with a clock running:
 * the ones with a step done (the Panel notified, or the rapid review sent),
 * open or closed, whose deadlines were met or missed, and of those only the
 * ones that became aware on or after `awareOnOrAfter` (all of them when null).
 */
export interface IncidentClocksHistory {
  readonly awareOnOrAfter: string | null
}

/**
 * The incidents of these partnerships that the statutory clocks read, in the
 * order of `listIncidents`: those not closed with a step still to do (the
 * Panel not yet notified, or the rapid review not yet sent), whose S3 or S6
 * clock may be running, and, when `history` is given, those it selects. The
 * rest cannot show: a closed incident's clocks no longer run, and an
 * incident's clocks stop once its steps are done. Filtering here rather than
 * after loading keeps a dashboard read bounded by what is open, not by every
 * incident ever recorded.
 */
export async function listIncidentClocks(
  db: Db,
  partnershipIds: readonly string[],
  history: IncidentClocksHistory | null,
): Promise<IncidentClockRecord[]> {
  if (partnershipIds.length === 0) return []
  const rows = await db
    .selectFrom('incident')
    .innerJoin('partnership', 'partnership.id', 'incident.partnership_id')
    .leftJoin('rapid_review', 'rapid_review.incident_id', 'incident.id')
    .select([
      'incident.id',
      'incident.partnership_id',
      'partnership.slug as partnership_slug',
      'partnership.name as partnership_name',
      'incident.guidance_edition',
      'incident.abuse_or_neglect',
      'incident.harm',
      'incident.looked_after',
      'incident.care_leaver',
      'incident.aware_on',
      'incident.panel_notified_on',
      'incident.partners_notified_on',
      'incident.state',
      'incident.access_restricted',
      'incident.case_reference',
      'rapid_review.id as rapid_review_id',
      'rapid_review.sent_to_panel_on as rapid_review_sent_on',
    ])
    .where('incident.partnership_id', 'in', [...partnershipIds])
    // Entered in error: on no clock, count or feed (issue 8).
    .where('incident.entered_in_error_at', 'is', null)
    .where((eb) => {
      const clockMayRun = eb.and([
        eb('incident.state', '<>', 'closed'),
        eb.or([
          eb('incident.panel_notified_on', 'is', null),
          eb('rapid_review.sent_to_panel_on', 'is', null),
        ]),
      ])
      if (history === null) return clockMayRun
      const stepDone = eb.or([
        eb('incident.panel_notified_on', 'is not', null),
        eb('rapid_review.sent_to_panel_on', 'is not', null),
      ])
      return eb.or([
        clockMayRun,
        history.awareOnOrAfter === null
          ? stepDone
          : eb.and([stepDone, eb('incident.aware_on', '>=', history.awareOnOrAfter)]),
      ])
    })
    .orderBy('incident.aware_on', 'desc')
    .orderBy('incident.created_at', 'desc')
    .execute()
  if (rows.length === 0) return []
  const children = await db
    .selectFrom('incident_child')
    .select(['incident_id', 'position', 'pseudonym', 'age_years'])
    .where(
      'incident_id',
      'in',
      rows.map((row) => row.id),
    )
    .orderBy('position')
    .execute()
  const childrenOf = byIncident(children, (child) => ({
    position: Number(child.position),
    pseudonym: child.pseudonym,
    ageYears: child.age_years === null ? null : Number(child.age_years),
  }))
  return rows.map((row) => ({
    id: row.id,
    partnershipId: row.partnership_id,
    partnershipSlug: row.partnership_slug,
    partnershipName: row.partnership_name,
    guidanceEdition: row.guidance_edition,
    abuseOrNeglect: row.abuse_or_neglect,
    harm: row.harm,
    lookedAfter: Number(row.looked_after) === 1,
    careLeaver: Number(row.care_leaver) === 1,
    awareOn: row.aware_on,
    panelNotifiedOn: row.panel_notified_on,
    partnersNotifiedOn: row.partners_notified_on,
    state: row.state,
    accessRestricted: Number(row.access_restricted) === 1,
    caseReference: row.case_reference ?? '',
    rapidReviewId: row.rapid_review_id,
    rapidReviewSentOn: row.rapid_review_sent_on,
    children: childrenOf.get(row.id) ?? [],
  }))
}

/** The restricted identity fields. Callers must have checked 'incidents:manage'. */
export async function findChildIdentities(
  db: Db,
  incidentId: string,
): Promise<ChildIdentityRecord[]> {
  const rows = await db
    .selectFrom('incident_child')
    .select([
      'position',
      'restricted_name',
      'restricted_date_of_birth',
      'restricted_address',
      'restricted_la_reference',
      'restricted_nhs_number',
    ])
    .where('incident_id', '=', incidentId)
    .orderBy('position')
    .execute()
  return rows.map((row) => ({
    position: Number(row.position),
    name: row.restricted_name,
    dateOfBirth: row.restricted_date_of_birth,
    address: row.restricted_address,
    localAuthorityReference: row.restricted_la_reference,
    nhsNumber: row.restricted_nhs_number,
  }))
}

export interface IncidentChanges {
  state?: string
  panelNotifiedOn?: string | null
  ofstedNotifiedOn?: string | null
  partnersNotifiedOn?: string | null
  secretaryOfStateNotifiedOn?: string | null
  closedOn?: string | null
  closedReason?: string | null
  // Corrections of the recorded details (issue 8).
  guidanceEdition?: string
  abuseOrNeglect?: string
  harm?: string
  lookedAfter?: boolean
  careLeaver?: boolean
  incidentOn?: string
  awareOn?: string
  place?: string | null
  description?: string | null
  notifyingAuthority?: string | null
  homeAuthority?: string | null
  notifierName?: string | null
  notifierEmail?: string | null
  notifierPhone?: string | null
  enteredInError?: { at: string; reason: string; byUserId: string }
}

/** The columns of the changes given; undefined ones are left as they are. */
function changedColumns(changes: IncidentChanges) {
  const columns: Record<string, string | number | null> = {}
  const put = (column: string, value: string | number | null | undefined) => {
    if (value !== undefined) columns[column] = value
  }
  const flag = (value: boolean | undefined) => (value === undefined ? undefined : value ? 1 : 0)
  put('state', changes.state)
  put('panel_notified_on', changes.panelNotifiedOn)
  put('ofsted_notified_on', changes.ofstedNotifiedOn)
  put('partners_notified_on', changes.partnersNotifiedOn)
  put('secretary_of_state_notified_on', changes.secretaryOfStateNotifiedOn)
  put('closed_on', changes.closedOn)
  put('closed_reason', changes.closedReason)
  put('guidance_edition', changes.guidanceEdition)
  put('abuse_or_neglect', changes.abuseOrNeglect)
  put('harm', changes.harm)
  put('looked_after', flag(changes.lookedAfter))
  put('care_leaver', flag(changes.careLeaver))
  put('incident_on', changes.incidentOn)
  put('aware_on', changes.awareOn)
  put('place', changes.place)
  put('description', changes.description)
  put('notifying_authority', changes.notifyingAuthority)
  put('home_authority', changes.homeAuthority)
  put('notifier_name', changes.notifierName)
  put('notifier_email', changes.notifierEmail)
  put('notifier_phone', changes.notifierPhone)
  if (changes.enteredInError) {
    put('entered_in_error_at', changes.enteredInError.at)
    put('entered_in_error_reason', changes.enteredInError.reason)
    put('entered_in_error_by_user_id', changes.enteredInError.byUserId)
  }
  return columns
}

/** A child's corrected details; the restricted ones only when given. */
export interface IncidentChildChanges {
  pseudonym?: string
  ageYears?: number | null
  healthInformation?: string | null
  identity?: Omit<ChildIdentityRecord, 'position'>
}

/** Part of a versioned incident correction: call after `updateIncident` in the same transaction. */
export async function updateIncidentChild(
  db: Db,
  incidentId: string,
  position: number,
  changes: IncidentChildChanges,
): Promise<void> {
  const columns: Record<string, string | number | null> = {}
  if (changes.pseudonym !== undefined) columns.pseudonym = changes.pseudonym
  if (changes.ageYears !== undefined) columns.age_years = changes.ageYears
  if (changes.healthInformation !== undefined) {
    columns.health_information = changes.healthInformation
  }
  if (changes.identity) {
    columns.restricted_name = changes.identity.name
    columns.restricted_date_of_birth = changes.identity.dateOfBirth
    columns.restricted_address = changes.identity.address
    columns.restricted_la_reference = changes.identity.localAuthorityReference
    columns.restricted_nhs_number = changes.identity.nhsNumber
  }
  if (Object.keys(columns).length === 0) return
  await db
    .updateTable('incident_child')
    .set(columns)
    .where('incident_id', '=', incidentId)
    .where('position', '=', position)
    .execute()
}

/** An earlier incident that a new one may repeat, as the warning lists it: no identifying detail. */
export interface PossibleDuplicate {
  id: string
  caseReference: string
  awareOn: string
  pseudonyms: string[]
}

/**
 * Incidents of the partnership in use (not entered in error) that became aware
 * between `from` and `to` and have a child with one of these pseudonyms or,
 * compared in the database and never returned, one of these restricted names
 * or NHS numbers. Pseudonyms and names compared without case or surrounding
 * spaces; NHS numbers are stored as their ten digits.
 */
export async function findPossibleDuplicates(
  db: Db,
  query: {
    partnershipId: string
    from: string
    to: string
    pseudonyms: readonly string[]
    names: readonly string[]
    nhsNumbers: readonly string[]
    excludeId?: string
  },
): Promise<PossibleDuplicate[]> {
  const pseudonyms = query.pseudonyms.map((text) => text.trim().toLowerCase())
  const names = query.names.map((text) => text.trim().toLowerCase())
  const { nhsNumbers } = query
  if (pseudonyms.length === 0 && names.length === 0 && nhsNumbers.length === 0) return []
  let select = db
    .selectFrom('incident')
    .select(['incident.id', 'incident.case_reference', 'incident.aware_on'])
    .where('incident.partnership_id', '=', query.partnershipId)
    .where('incident.entered_in_error_at', 'is', null)
    .where('incident.aware_on', '>=', query.from)
    .where('incident.aware_on', '<=', query.to)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('incident_child')
          .select('incident_child.id')
          .whereRef('incident_child.incident_id', '=', 'incident.id')
          .where((child) => {
            const matches = []
            if (pseudonyms.length > 0) {
              matches.push(
                child(
                  child.fn('lower', [child.fn('trim', ['incident_child.pseudonym'])]),
                  'in',
                  pseudonyms,
                ),
              )
            }
            if (names.length > 0) {
              matches.push(
                child(
                  child.fn('lower', [child.fn('trim', ['incident_child.restricted_name'])]),
                  'in',
                  names,
                ),
              )
            }
            if (nhsNumbers.length > 0) {
              matches.push(child('incident_child.restricted_nhs_number', 'in', nhsNumbers))
            }
            return child.or(matches)
          }),
      ),
    )
  if (query.excludeId) select = select.where('incident.id', '<>', query.excludeId)
  const rows = await select.orderBy('incident.aware_on', 'desc').execute()
  if (rows.length === 0) return []
  const children = await db
    .selectFrom('incident_child')
    .select(['incident_id', 'pseudonym'])
    .where(
      'incident_id',
      'in',
      rows.map((row) => row.id),
    )
    .orderBy('position')
    .execute()
  const childrenOf = byIncident(children, (child) => child.pseudonym)
  return rows.map((row) => ({
    id: row.id,
    caseReference: row.case_reference ?? '',
    awareOn: row.aware_on,
    pseudonyms: childrenOf.get(row.id) ?? [],
  }))
}

/** Refuses a stale edit: the row must still carry the version the user loaded. */
export async function updateIncident(
  db: Db,
  id: string,
  expectedVersion: number,
  changes: IncidentChanges & { updatedAt: string },
): Promise<void> {
  const result = await db
    .updateTable('incident')
    .set({
      ...changedColumns(changes),
      updated_at: changes.updatedAt,
      version: expectedVersion + 1,
    })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst()
  if (result.numUpdatedRows === 0n) throw new StaleVersionError('incident', id)
}

/** Child rows grouped by their incident, in the order given, each mapped to its record. */
function byIncident<Row extends { incident_id: string }, Child>(
  rows: readonly Row[],
  toChild: (row: Row) => Child,
): Map<string, Child[]> {
  const grouped = new Map<string, Child[]>()
  for (const row of rows) {
    const list = grouped.get(row.incident_id) ?? []
    list.push(toChild(row))
    grouped.set(row.incident_id, list)
  }
  return grouped
}
