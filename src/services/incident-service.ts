import { randomUUID } from 'node:crypto'
import {
  findFormSubmission,
  insertFormSubmission,
} from '../data/repositories/form-submission-repository.js'
import {
  findChildIdentities,
  findIncident,
  findPossibleDuplicates,
  insertIncident,
  listIncidents,
  listIncidentClocks,
  updateIncident,
  updateIncidentChild,
  type IncidentChanges,
  type IncidentChildChanges,
  type IncidentRecord,
} from '../data/repositories/incident-repository.js'
import { findPartnershipBySlug } from '../data/repositories/partnership-repository.js'
import {
  isUnlocked,
  readDisclosureReason,
  unlockUntil,
  type DisclosurePurpose,
  type IdentityUnlock,
} from '../domain/access/identity-disclosure.js'
import { assertCan, can, partnershipsWhere } from '../domain/access/policy.js'
import type { Actor } from '../domain/access/roles.js'
import { addCalendarDays, type CalendarDate } from '../domain/calendar/calendar-date.js'
import { OutsideCalendarError, type WorkingDayCalendar } from '../domain/calendar/working-days.js'
import {
  NotFoundError,
  StaleVersionError,
  ValidationError,
  type FieldError,
} from '../domain/errors.js'
import {
  checkAwareBeforeNotifications,
  checkNotifiedAfterAware,
} from '../domain/incidents/date-order.js'
import { checkDate, checkText } from '../domain/incidents/field-rules.js'
import { nextIncidentState } from '../domain/incidents/incident-lifecycle.js'
import {
  validateIncident,
  type IncidentInput,
  type ValidIncident,
} from '../domain/incidents/incident-validation.js'
import { notificationDueOn, rapidReviewDueOn } from '../domain/statutory/deadlines.js'
import type { StatutoryPeriods } from '../domain/statutory/periods.js'
import { renderCaseDocumentPdf } from '../integrations/documents/case-document-pdf.js'
import { recordAudit } from './audit-trail.js'
import { CalendarService } from './calendar-service.js'
import { type ServiceContext, userActor } from './context.js'
import { incidentSavedVersion, withSavedVersion } from './edit-conflicts.js'
import { notificationPackDocument, type NotificationPack } from './incident-documents.js'
import {
  childPositionOf,
  correctionPartVersion,
  correctionSavedVersion,
  mergeCorrection,
  storedIncidentInput,
  type CorrectionInput,
  type IncidentCorrectionPart,
} from './incident-corrections.js'
import { auditAdministratorAccess, incidentAccess, openableIncidents } from './record-access.js'
import {
  assessmentOf,
  editionOf,
  incidentClocksViewOf,
  incidentFactsOf,
  incidentViewOf,
  type IncidentClocksView,
  type IncidentView,
} from './incident-views.js'

export const CLOSE_REASON_MAX_LENGTH = 2000
export const ENTERED_IN_ERROR_REASON_MAX_LENGTH = 2000

/** Issue 8: an incident about the same child within this many days may be the same one. */
export const POSSIBLE_DUPLICATE_DAYS = 10

/** The purpose a one-time form token of the "record an incident" form is spent for. */
export const RECORD_INCIDENT_FORM = 'record-incident'

/** An earlier incident a new one may repeat, as the warning shows it. */
export interface PossibleDuplicateView {
  readonly id: string
  readonly caseReference: string
  readonly pseudonyms: readonly string[]
  readonly awareOn: CalendarDate
}

/** What submitting the "record an incident" form did. */
export type FormRecording =
  | { readonly outcome: 'recorded'; readonly incident: IncidentView }
  /** The same form (its one-time token) was submitted before: nothing new was recorded. */
  | { readonly outcome: 'already-recorded'; readonly incident: IncidentView }
  /** Nothing recorded yet: the person must confirm it is a different incident. */
  | { readonly outcome: 'possible-duplicates'; readonly duplicates: PossibleDuplicateView[] }

/** A partnership where the actor may record incidents. */
export interface RecordingPartnership {
  readonly id: string
  readonly slug: string
  readonly name: string
}

/** Dates as typed ('' when not recorded). */
export interface NotificationDatesInput {
  readonly panelNotifiedOn?: unknown
  readonly ofstedNotifiedOn?: unknown
  readonly partnersNotifiedOn?: unknown
  readonly secretaryOfStateNotifiedOn?: unknown
}

export interface IncidentPage {
  readonly incident: IncidentView
  /**
   * The restricted identity fields: null unless the actor holds 'identity:view'
   * and gave a reason in the last few minutes (issue 4).
   */
  readonly identities: NotificationPack['children'] | null
  /** When the shown details hide again (ISO 8601), or null. */
  readonly identitiesShownUntil: string | null
  /** May ask to see them ("Show identifying details"). */
  readonly canShowIdentities: boolean
  /** May restrict the incident to an access list. */
  readonly canRestrict: boolean
  readonly canManage: boolean
  /** May mark it entered in error (issue 8): those who manage it, unless a rapid review started. */
  readonly canMarkEnteredInError: boolean
}

const NOTIFICATION_FIELDS = [
  ['panelNotifiedOn', 'Date the Panel was notified'],
  ['ofstedNotifiedOn', 'Date Ofsted was notified'],
  ['partnersNotifiedOn', 'Date the safeguarding partners were told'],
  ['secretaryOfStateNotifiedOn', 'Date the Secretary of State and Ofsted were notified'],
] as const

/**
 * Serious incidents (S1–S5): recording, notification dates, closing, and the
 * notification pack. Restricted identity fields go into the database and come
 * out only through `page` (for people who manage incidents) and the
 * notification pack; never into audit summaries, views or the API.
 */
export class IncidentService {
  private readonly calendarService: CalendarService

  constructor(private readonly context: ServiceContext) {
    this.calendarService = new CalendarService(context)
  }

  /** Where the actor may record incidents, for the form's partnership question. */
  recordingPartnerships(actor: Actor): RecordingPartnership[] {
    const ids = partnershipsWhere(actor, 'incidents:manage')
    return actor.memberships
      .filter((membership, index, all) => {
        const first = all.findIndex((other) => other.partnershipId === membership.partnershipId)
        return ids.includes(membership.partnershipId) && first === index
      })
      .map((membership) => ({
        id: membership.partnershipId,
        slug: membership.partnershipSlug,
        name: membership.partnershipName,
      }))
  }

  /**
   * The partnership an incident is recorded for: the only one the actor manages
   * incidents in, or the one named by slug when there are several.
   */
  recordingPartnershipFor(actor: Actor | null, slug: string | undefined): RecordingPartnership {
    assertCan(actor, 'incidents:manage')
    const options = this.recordingPartnerships(actor)
    const list = options.map((option) => option.slug).join(', ')
    if (slug === undefined || slug === '') {
      if (options.length === 1 && options[0]) return options[0]
      throw new ValidationError([
        { field: 'partnership', message: `Select the partnership the incident is for (${list})` },
      ])
    }
    const chosen = options.find((option) => option.slug === slug)
    if (!chosen) {
      throw new ValidationError([
        {
          field: 'partnership',
          message: `You can record incidents only for these partnerships: ${list}`,
        },
      ])
    }
    return chosen
  }

  /** Open and closed incidents the actor may read, with their clocks. */
  async list(actor: Actor | null): Promise<IncidentView[]> {
    assertCan(actor, 'incidents:read')
    const records = await openableIncidents(
      this.context.db,
      actor,
      await listIncidents(this.context.db, partnershipsWhere(actor, 'incidents:read')),
    )
    const [calendar, periods] = await Promise.all([
      this.calendarService.calendar(),
      this.calendarService.allPeriods(),
    ])
    const today = this.calendarService.today()
    return records.map((record) =>
      incidentViewOf(record, calendar, periods[editionOf(record)], today),
    )
  }

  /**
   * Incidents marked entered in error (issue 8), for administrators only: no
   * other list shows them. Opening one is audited like a restricted record.
   */
  async listEnteredInError(actor: Actor | null): Promise<IncidentView[]> {
    assertCan(actor, 'records:open-restricted')
    const records = await listIncidents(
      this.context.db,
      partnershipsWhere(actor, 'records:open-restricted'),
      { enteredInError: true },
    )
    const [calendar, periods] = await Promise.all([
      this.calendarService.calendar(),
      this.calendarService.allPeriods(),
    ])
    const today = this.calendarService.today()
    return records.map((record) =>
      incidentViewOf(record, calendar, periods[editionOf(record)], today),
    )
  }

  /** May the actor see the list of incidents entered in error (a link on the incidents list)? */
  canListEnteredInError(actor: Actor | null): boolean {
    return can(actor, 'records:open-restricted')
  }

  /**
   * The incidents the statutory clocks read, with the clocks `list` gives
   * them: those whose S3 or S6 clock may be running and, given `historyFrom`,
   * those with a deadline met or missed that may have fallen due on or after
   * that day (listIncidentClocks). Leaving the rest unread changes nothing
   * shown: their clocks have stopped and their deadlines fell due before the
   * history starts.
   */
  async listForClocks(
    actor: Actor | null,
    historyFrom: CalendarDate | null,
  ): Promise<IncidentClocksView[]> {
    assertCan(actor, 'incidents:read')
    const [calendar, periods] = await Promise.all([
      this.calendarService.calendar(),
      this.calendarService.allPeriods(),
    ])
    const history =
      historyFrom === null
        ? null
        : { awareOnOrAfter: earliestAwareOnDueSince(historyFrom, calendar, Object.values(periods)) }
    const records = await openableIncidents(
      this.context.db,
      actor,
      await listIncidentClocks(
        this.context.db,
        partnershipsWhere(actor, 'incidents:read'),
        history,
      ),
    )
    const today = this.calendarService.today()
    return records.map((record) =>
      incidentClocksViewOf(record, calendar, periods[editionOf(record)], today),
    )
  }

  /**
   * One incident, without restricted identity fields (for the API and other
   * pages). An administrator opening a restricted incident is audited.
   */
  async get(actor: Actor | null, id: string): Promise<IncidentView> {
    const { incident, access } = await this.visible(actor, id)
    if (access === 'administrator') {
      await auditAdministratorAccess(this.context.db, this.context.now(), actor!, {
        recordType: 'incident',
        recordId: id,
        partnershipId: incident.partnership.id,
      })
    }
    return incident
  }

  /**
   * The incident page. Identity fields stay hidden, even from those who manage
   * incidents, unless `unlock` is a reason given for this incident minutes ago
   * by someone who holds 'identity:view' (issue 4).
   */
  async page(
    actor: Actor | null,
    id: string,
    unlock: IdentityUnlock | null = null,
  ): Promise<IncidentPage> {
    const incident = await this.get(actor, id)
    const scope = { partnershipId: incident.partnership.id }
    const canShowIdentities = can(actor, 'identity:view', scope)
    const shown = canShowIdentities && isUnlocked(unlock, id, this.context.now())
    return {
      incident,
      identities: shown ? await this.childDetails(incident) : null,
      identitiesShownUntil: shown ? unlock.until : null,
      canShowIdentities,
      canRestrict: can(actor, 'records:restrict', scope) && incident.enteredInError === null,
      canManage: can(actor, 'incidents:manage', scope) && incident.enteredInError === null,
      canMarkEnteredInError:
        can(actor, 'incidents:manage', scope) &&
        incident.enteredInError === null &&
        incident.rapidReviewId === null,
    }
  }

  /**
   * The reason step before a child's identifying details are shown: checked
   * (10 to 500 characters, not repeating the details) and audited as
   * 'identifying-details.viewed' with the reason. Returns the unlock for the
   * caller to keep in the person's session for a few minutes.
   */
  async showIdentifyingDetails(
    actor: Actor | null,
    id: string,
    reasonInput: unknown,
    purpose: DisclosurePurpose,
  ): Promise<IdentityUnlock> {
    const { incident } = await this.visible(actor, id)
    assertCan(actor, 'identity:view', { partnershipId: incident.partnership.id })
    if (purpose === 'notification-pack') {
      assertCan(actor, 'incidents:manage', { partnershipId: incident.partnership.id })
    }
    const identities = await findChildIdentities(this.context.db, id)
    const values = identities.flatMap((child) =>
      [
        child.name,
        child.dateOfBirth,
        child.address,
        child.localAuthorityReference,
        child.nhsNumber,
      ].filter((value): value is string => value !== null),
    )
    const errors: FieldError[] = []
    const reason = readDisclosureReason(reasonInput, values, errors)
    if (errors.length > 0 || reason === null) throw new ValidationError(errors)
    const at = this.context.now()
    await recordAudit(this.context.db, at, {
      actor: userActor(actor),
      action: 'identifying-details.viewed',
      recordType: 'incident',
      recordId: id,
      partnershipId: incident.partnership.id,
      after: { reason, purpose, children: identities.length },
    })
    return { incidentId: id, reason, until: unlockUntil(at) }
  }

  /** The incident if the actor may open it at all (not found otherwise), and how. */
  private async visible(actor: Actor | null, id: string) {
    const record = await findIncident(this.context.db, id)
    // Not found and not visible look the same, so ids reveal nothing.
    let access = record ? await incidentAccess(this.context.db, actor, record) : 'refused'
    // Entered in error (issue 8): gone for everyone but the partnership's
    // administrators, whose opening of it is audited.
    if (record?.enteredInError && access !== 'refused') {
      access = can(actor, 'records:open-restricted', { partnershipId: record.partnershipId })
        ? 'administrator'
        : 'refused'
    }
    if (!record || access === 'refused') throw new NotFoundError('No such incident')
    return { incident: await this.viewOf(record), access, record }
  }

  /** Records an incident (the API's way): checked, numbered, audited. */
  async record(
    actor: Actor | null,
    partnershipSlug: string | undefined,
    input: IncidentInput,
  ): Promise<IncidentView> {
    const { partnership, incident } = await this.checkedIncident(actor, partnershipSlug, input)
    const id = await this.insert(actor!, partnership, incident, null)
    return this.get(actor, id)
  }

  /**
   * Records an incident from the "record an incident" form (issue 8). The
   * form's one-time token makes a second submission of the same form (the
   * Back button, a resubmission, a second tab) return what the first recorded;
   * and an incident that looks like one recorded in the last few days (same
   * child by pseudonym, or by name or NHS number compared in the database and
   * never shown, awareness within 10 days) is not recorded until the person confirms it is
   * a different incident.
   */
  async recordFromForm(
    actor: Actor | null,
    partnershipSlug: string | undefined,
    input: IncidentInput,
    options: { readonly formToken: string | null; readonly confirmedNotDuplicate: boolean },
  ): Promise<FormRecording> {
    assertCan(actor, 'incidents:manage')
    const { formToken } = options
    const earlier = await this.alreadyRecorded(actor, formToken)
    if (earlier) return { outcome: 'already-recorded', incident: earlier }
    const { partnership, incident } = await this.checkedIncident(actor, partnershipSlug, input)
    if (!options.confirmedNotDuplicate) {
      const duplicates = await this.possibleDuplicates(actor, partnership.id, incident)
      if (duplicates.length > 0) return { outcome: 'possible-duplicates', duplicates }
    }
    let id: string
    try {
      id = await this.insert(actor, partnership, incident, formToken)
    } catch (error) {
      // Two submissions of one form at once: the other one spent the token first.
      const other = await this.alreadyRecorded(actor, formToken)
      if (other) return { outcome: 'already-recorded', incident: other }
      throw error
    }
    return { outcome: 'recorded', incident: await this.get(actor, id) }
  }

  private async alreadyRecorded(
    actor: Actor | null,
    formToken: string | null,
  ): Promise<IncidentView | null> {
    if (formToken === null) return null
    const spent = await findFormSubmission(this.context.db, formToken, RECORD_INCIDENT_FORM)
    return spent ? this.get(actor, spent.recordId) : null
  }

  /** Earlier incidents in use that this one may repeat, among those the actor may open. */
  private async possibleDuplicates(
    actor: Actor,
    partnershipId: string,
    incident: ValidIncident,
  ): Promise<PossibleDuplicateView[]> {
    const found = await findPossibleDuplicates(this.context.db, {
      partnershipId,
      from: addCalendarDays(incident.awareOn, -POSSIBLE_DUPLICATE_DAYS),
      to: addCalendarDays(incident.awareOn, POSSIBLE_DUPLICATE_DAYS),
      pseudonyms: incident.children.map((child) => child.pseudonym),
      names: incident.children.flatMap((child) =>
        child.identity.name === null ? [] : [child.identity.name],
      ),
      nhsNumbers: incident.children.flatMap((child) =>
        child.identity.nhsNumber === null ? [] : [child.identity.nhsNumber],
      ),
    })
    const shown: PossibleDuplicateView[] = []
    for (const duplicate of found) {
      const record = await findIncident(this.context.db, duplicate.id)
      // One the actor may not open is left out: the warning must not reveal it.
      if (!record || (await incidentAccess(this.context.db, actor, record)) !== 'open') continue
      shown.push({
        id: duplicate.id,
        caseReference: duplicate.caseReference,
        pseudonyms: duplicate.pseudonyms,
        awareOn: duplicate.awareOn as CalendarDate,
      })
    }
    return shown
  }

  private async checkedIncident(
    actor: Actor | null,
    partnershipSlug: string | undefined,
    input: IncidentInput,
  ): Promise<{ partnership: RecordingPartnership; incident: ValidIncident }> {
    assertCan(actor, 'incidents:manage')
    const errors: FieldError[] = []
    let partnership: RecordingPartnership | null = null
    try {
      partnership = this.recordingPartnershipFor(actor, partnershipSlug)
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      errors.push(...error.errors)
    }
    const today = this.calendarService.today()
    const result = validateIncident(input, today)
    if (!result.ok) errors.push(...result.errors)
    if (errors.length > 0 || !result.ok || partnership === null) throw new ValidationError(errors)
    await this.assertCalendarKnows(result.value)
    return { partnership, incident: result.value }
  }

  /** Stores a checked incident with its case reference (and spends the form's token); its id. */
  private async insert(
    actor: Actor,
    partnership: RecordingPartnership,
    incident: ValidIncident,
    formToken: string | null,
  ): Promise<string> {
    const { db, now } = this.context
    const id = randomUUID()
    const at = now()
    const assessment = assessmentOf(incident)
    await db.transaction().execute(async (trx) => {
      // The partnership must still exist (the actor's memberships were read earlier).
      if (!(await findPartnershipBySlug(trx, partnership.slug))) {
        throw new NotFoundError('No such partnership')
      }
      if (formToken !== null) {
        // First, so a second submission of the same form stops here, before numbering.
        await insertFormSubmission(trx, {
          token: formToken,
          purpose: RECORD_INCIDENT_FORM,
          recordType: 'incident',
          recordId: id,
          userId: actor.userId,
          createdAt: at.toISOString(),
        })
      }
      const caseReference = await insertIncident(trx, {
        id,
        partnershipId: partnership.id,
        ...incident,
        state: 'recorded',
        createdByUserId: actor.userId,
        createdAt: at.toISOString(),
        children: incident.children.map((child) => ({
          id: randomUUID(),
          position: child.position,
          pseudonym: child.pseudonym,
          ageYears: child.ageYears,
          healthInformation: child.healthInformation,
          identity: child.identity,
        })),
      })
      await recordAudit(trx, at, {
        actor: userActor(actor),
        action: 'incident.recorded',
        recordType: 'incident',
        recordId: id,
        partnershipId: partnership.id,
        // Pseudonyms and facts only: never a child's restricted identity fields.
        after: {
          caseReference,
          state: 'recorded',
          guidanceEdition: incident.guidanceEdition,
          abuseOrNeglect: incident.abuseOrNeglect,
          harm: incident.harm,
          lookedAfter: incident.lookedAfter,
          careLeaver: incident.careLeaver,
          incidentOn: incident.incidentOn,
          awareOn: incident.awareOn,
          children: incident.children.map((child) => child.pseudonym),
          restrictedFieldsRecorded: incident.children.reduce(
            (count, child) =>
              count + Object.values(child.identity).filter((value) => value !== null).length,
            0,
          ),
          seriousChildSafeguardingCase: assessment.seriousChildSafeguardingCase,
          notifyPanel: assessment.notifyPanel,
        },
      })
    })
    return id
  }

  /**
   * The fingerprint of one part's stored values, for its change form: a save
   * clashes only when these values changed since (issue 8), not when another
   * part of the incident did.
   */
  async correctionVersion(
    actor: Actor | null,
    id: string,
    part: IncidentCorrectionPart,
  ): Promise<string> {
    const { incident, record } = await this.visible(actor, id)
    assertCan(actor, 'incidents:manage', { partnershipId: incident.partnership.id })
    const identities = await findChildIdentities(this.context.db, id)
    return correctionPartVersion(part, storedIncidentInput(record, identities))
  }

  /**
   * Corrects one part of a recorded incident (issue 8): the whole incident is
   * checked again as if newly recorded, a corrected awareness date must stay on
   * or before the notification dates, and the S3/S6 clocks follow at once
   * (they are computed from the stored dates on every read). Versioned and
   * audited; a child's restricted identity fields change only when shown.
   */
  async correct(
    actor: Actor | null,
    id: string,
    expectedVersion: number,
    part: IncidentCorrectionPart,
    input: CorrectionInput,
    unlock: IdentityUnlock | null,
    partVersion: string | null = null,
  ): Promise<IncidentView> {
    const { incident, record } = await this.visible(actor, id)
    assertCan(actor, 'incidents:manage', { partnershipId: incident.partnership.id })
    this.assertInUse(incident)
    const position = childPositionOf(part)
    if (position !== null && position > record.children.length) {
      throw new NotFoundError('No such child in this incident')
    }
    const identityShown =
      can(actor, 'identity:view', { partnershipId: incident.partnership.id }) &&
      isUnlocked(unlock, id, this.context.now())
    // Checked first on the incident as read, outside the transaction: the
    // calendar reads the database, which SQLite's one connection is holding
    // for the transaction below.
    const today = this.calendarService.today()
    const first = validateIncident(
      mergeCorrection(
        storedIncidentInput(record, await findChildIdentities(this.context.db, id)),
        part,
        input,
        identityShown,
      ),
      today,
    )
    if (!first.ok) throw new ValidationError(first.errors)
    await this.assertCalendarKnows(first.value)

    const { db, now } = this.context
    await db.transaction().execute(async (trx) => {
      const current = await findIncident(trx, id)
      if (!current) throw new NotFoundError('No such incident')
      const identities = await findChildIdentities(trx, id)
      const storedInput = storedIncidentInput(current, identities)
      // Conflicts are per part (issue 8): a change elsewhere on the incident
      // since the form was loaded does not clash with this one. Only a change
      // to this part's own values (`partVersion` is their fingerprint) does.
      let baseVersion = expectedVersion
      if (current.version !== expectedVersion) {
        if (partVersion === null || correctionPartVersion(part, storedInput) !== partVersion) {
          throw new StaleVersionError('incident', id, correctionSavedVersion(part, current))
        }
        baseVersion = current.version
      }
      // Merged into what is stored now, and the whole incident checked again.
      const merged = mergeCorrection(storedInput, part, input, identityShown)
      const result = validateIncident(merged, today)
      const errors: FieldError[] = result.ok ? [] : [...result.errors]
      if (result.ok) {
        checkAwareBeforeNotifications(result.value.awareOn, incident, errors)
      }
      if (errors.length > 0 || !result.ok) throw new ValidationError(errors)
      const corrected = result.value
      const changes: IncidentChanges = {}
      const before: Record<string, unknown> = {}
      const after: Record<string, unknown> = {}
      const compare = <K extends keyof IncidentChanges & keyof IncidentRecord>(
        key: K,
        value: IncidentChanges[K],
        shown: 'value' | 'length' = 'value',
      ) => {
        if ((value as unknown) === current[key]) return
        ;(changes as Record<string, unknown>)[key] = value
        // Free text may name people: the audit keeps only its length.
        const length = (text: unknown) => (typeof text === 'string' ? text.length : 0)
        before[key] = shown === 'value' ? current[key] : length(current[key])
        after[key] = shown === 'value' ? value : length(value)
      }
      compare('guidanceEdition', corrected.guidanceEdition)
      compare('abuseOrNeglect', corrected.abuseOrNeglect)
      compare('harm', corrected.harm)
      compare('lookedAfter', corrected.lookedAfter)
      compare('careLeaver', corrected.careLeaver)
      compare('incidentOn', corrected.incidentOn)
      compare('awareOn', corrected.awareOn)
      compare('place', corrected.place, 'length')
      compare('description', corrected.description, 'length')
      compare('notifyingAuthority', corrected.notifyingAuthority)
      compare('homeAuthority', corrected.homeAuthority)
      compare('notifierName', corrected.notifierName, 'length')
      compare('notifierEmail', corrected.notifierEmail, 'length')
      compare('notifierPhone', corrected.notifierPhone, 'length')
      const childChanges: { position: number; changes: IncidentChildChanges }[] = []
      let restrictedFieldsChanged = 0
      for (const child of corrected.children) {
        const stored = current.children.find((other) => other.position === child.position)
        if (!stored) continue
        const changed: IncidentChildChanges = {}
        if (child.pseudonym !== stored.pseudonym) {
          changed.pseudonym = child.pseudonym
          before[`child${child.position}Pseudonym`] = stored.pseudonym
          after[`child${child.position}Pseudonym`] = child.pseudonym
        }
        if (child.ageYears !== stored.ageYears) {
          changed.ageYears = child.ageYears
          before[`child${child.position}AgeYears`] = stored.ageYears
          after[`child${child.position}AgeYears`] = child.ageYears
        }
        if (identityShown && child.position === position) {
          const identity = identities.find((other) => other.position === child.position)
          const was = [
            stored.healthInformation,
            identity?.name ?? null,
            identity?.dateOfBirth ?? null,
            identity?.address ?? null,
            identity?.localAuthorityReference ?? null,
            identity?.nhsNumber ?? null,
          ]
          const updated = [
            child.healthInformation,
            child.identity.name,
            child.identity.dateOfBirth,
            child.identity.address,
            child.identity.localAuthorityReference,
            child.identity.nhsNumber,
          ]
          const count = was.filter((value, index) => value !== updated[index]).length
          if (count > 0) {
            restrictedFieldsChanged += count
            changed.healthInformation = child.healthInformation
            changed.identity = child.identity
          }
        }
        if (Object.keys(changed).length > 0) {
          childChanges.push({ position: child.position, changes: changed })
        }
      }
      if (Object.keys(changes).length === 0 && childChanges.length === 0) return
      const at = now()
      await withSavedVersion(
        async () => {
          const saved = await findIncident(trx, id)
          return saved ? correctionSavedVersion(part, saved) : null
        },
        () => updateIncident(trx, id, baseVersion, { ...changes, updatedAt: at.toISOString() }),
      )
      for (const child of childChanges) {
        await updateIncidentChild(trx, id, child.position, child.changes)
      }
      await recordAudit(trx, at, {
        actor: userActor(actor),
        action: 'incident.corrected',
        recordType: 'incident',
        recordId: id,
        partnershipId: current.partnershipId,
        // Never a restricted identity field: only how many changed.
        before: { ...before, version: baseVersion },
        after: {
          ...after,
          ...(restrictedFieldsChanged > 0 ? { restrictedFieldsChanged } : {}),
          version: baseVersion + 1,
        },
      })
    })
    return this.get(actor, id)
  }

  /**
   * Marks an incident recorded by mistake (a duplicate, say) as entered in
   * error, with the reason (issue 8). It is kept and audited, never deleted,
   * and from then on is on no list, clock, count, dashboard, feed or API list;
   * the partnership's administrators can still open it. Refused once a rapid
   * review has started: that is real work on the case, not a mistake to hide.
   */
  async markEnteredInError(
    actor: Actor | null,
    id: string,
    expectedVersion: number,
    reasonInput: unknown,
  ): Promise<IncidentView> {
    const { incident } = await this.visible(actor, id)
    assertCan(actor, 'incidents:manage', { partnershipId: incident.partnership.id })
    this.assertInUse(incident)
    const errors: FieldError[] = []
    const reason = checkText(
      reasonInput,
      {
        field: 'enteredInErrorReason',
        label: 'Reason',
        max: ENTERED_IN_ERROR_REASON_MAX_LENGTH,
        requiredMessage:
          'Enter why the incident was entered in error, like “a duplicate of WSCP-2026-014”',
        multiline: true,
      },
      errors,
    )
    if (errors.length > 0 || !reason) throw new ValidationError(errors)
    const { db, now } = this.context
    await db.transaction().execute(async (trx) => {
      const current = await this.reload(trx, id)
      if (current.version !== expectedVersion) {
        throw new StaleVersionError('incident', id, incidentSavedVersion(current))
      }
      if (current.rapidReviewId !== null) {
        throw new ValidationError([
          {
            field: 'enteredInErrorReason',
            message:
              'A rapid review has been started for this incident, so it cannot be marked as entered in error. Close it instead when the rapid review is done.',
          },
        ])
      }
      const at = now()
      await this.updateVersioned(trx, id, expectedVersion, {
        enteredInError: { at: at.toISOString(), reason, byUserId: actor.userId },
        updatedAt: at.toISOString(),
      })
      await recordAudit(trx, at, {
        actor: userActor(actor),
        action: 'incident.entered-in-error',
        recordType: 'incident',
        recordId: id,
        partnershipId: current.partnership.id,
        // The reason is free text and may name people, so only its length is kept.
        before: { enteredInError: false, version: expectedVersion },
        after: {
          enteredInError: true,
          caseReference: current.caseReference,
          reasonLength: reason.length,
          version: expectedVersion + 1,
        },
      })
    })
    // As it was before: only administrators may open it from now on.
    return incident
  }

  /** Nothing changes on an incident entered in error: it is kept as it was. */
  private assertInUse(incident: IncidentView): void {
    if (incident.enteredInError !== null) {
      throw new ValidationError([
        {
          field: 'enteredInError',
          message: 'This incident was entered in error, so it can no longer be changed.',
        },
      ])
    }
  }

  /** Records when the Panel, Ofsted, the partners and (WT2023) the Secretary of State were told. */
  async recordNotifications(
    actor: Actor | null,
    id: string,
    expectedVersion: number,
    input: NotificationDatesInput,
  ): Promise<void> {
    const { incident } = await this.visible(actor, id)
    assertCan(actor, 'incidents:manage', { partnershipId: incident.partnership.id })
    const today = this.calendarService.today()
    const errors: FieldError[] = []
    const dates: Partial<Record<(typeof NOTIFICATION_FIELDS)[number][0], CalendarDate | null>> = {}
    this.assertInUse(incident)
    for (const [field, label] of NOTIFICATION_FIELDS) {
      const date = checkDate(input[field], { field, label, notAfter: today }, errors)
      if (date !== undefined) dates[field] = date
    }
    // Nobody is notified before anyone knew (issue 8): the message names the date.
    checkNotifiedAfterAware(incident.awareOn, dates, errors)
    if (errors.length > 0) throw new ValidationError(errors)

    const { db, now } = this.context
    await db.transaction().execute(async (trx) => {
      const current = await this.reload(trx, id)
      if (current.version !== expectedVersion) {
        throw new StaleVersionError('incident', id, incidentSavedVersion(current))
      }
      if (current.state === 'closed') {
        throw new ValidationError([
          {
            field: 'panelNotifiedOn',
            message: 'The incident is closed, so its notification dates can no longer be changed.',
          },
        ])
      }
      const changes: IncidentChanges = {}
      const panel = dates.panelNotifiedOn ?? null
      if (panel !== current.panelNotifiedOn) {
        if (panel === null) {
          throw new ValidationError([
            {
              field: 'panelNotifiedOn',
              message:
                'The date the Panel was notified cannot be removed once recorded. Enter the correct date instead.',
            },
          ])
        }
        const step = nextIncidentState(incidentFactsOf(current), {
          type: 'record-panel-notification',
          on: panel,
        })
        if (!step.allowed) {
          throw new ValidationError([{ field: 'panelNotifiedOn', message: step.reason }])
        }
        changes.panelNotifiedOn = panel
        if (step.to !== current.state) changes.state = step.to
      }
      for (const field of [
        'ofstedNotifiedOn',
        'partnersNotifiedOn',
        'secretaryOfStateNotifiedOn',
      ] as const) {
        const value = dates[field] ?? null
        if (value !== current[field]) changes[field] = value
      }
      if (Object.keys(changes).length === 0) return
      const before: Record<string, unknown> = {}
      for (const key of Object.keys(changes) as (keyof IncidentChanges)[]) {
        before[key] =
          key === 'state' ? current.state : current[key as (typeof NOTIFICATION_FIELDS)[number][0]]
      }
      const at = now()
      await this.updateVersioned(trx, id, expectedVersion, {
        ...changes,
        updatedAt: at.toISOString(),
      })
      await recordAudit(trx, at, {
        actor: userActor(actor),
        action: 'incident.notifications-recorded',
        recordType: 'incident',
        recordId: id,
        partnershipId: current.partnership.id,
        before: { ...before, version: expectedVersion },
        after: { ...changes, version: expectedVersion + 1 },
      })
    })
  }

  /** Closes an incident with the reasons; refused while anything statutory is outstanding. */
  async close(
    actor: Actor | null,
    id: string,
    expectedVersion: number,
    reason: unknown,
  ): Promise<void> {
    const { incident } = await this.visible(actor, id)
    assertCan(actor, 'incidents:manage', { partnershipId: incident.partnership.id })
    this.assertInUse(incident)
    const errors: FieldError[] = []
    const text = checkText(
      reason,
      {
        field: 'closedReason',
        label: 'Reason for closing',
        max: CLOSE_REASON_MAX_LENGTH,
        requiredMessage: 'Enter the reason for closing the incident',
        multiline: true,
      },
      errors,
    )
    if (errors.length > 0 || !text) throw new ValidationError(errors)
    const { db, now } = this.context
    await db.transaction().execute(async (trx) => {
      const current = await this.reload(trx, id)
      if (current.version !== expectedVersion) {
        throw new StaleVersionError('incident', id, incidentSavedVersion(current))
      }
      const step = nextIncidentState(incidentFactsOf(current), { type: 'close' })
      if (!step.allowed)
        throw new ValidationError([{ field: 'closedReason', message: step.reason }])
      const at = now()
      const closedOn = this.calendarService.today()
      await this.updateVersioned(trx, id, expectedVersion, {
        state: step.to,
        closedOn,
        closedReason: text,
        updatedAt: at.toISOString(),
      })
      await recordAudit(trx, at, {
        actor: userActor(actor),
        action: 'incident.closed',
        recordType: 'incident',
        recordId: id,
        partnershipId: current.partnership.id,
        // The reason is free text and may name people, so only its length is kept.
        before: { state: current.state, version: expectedVersion },
        after: {
          state: step.to,
          closedOn,
          reasonLength: text.length,
          version: expectedVersion + 1,
        },
      })
    })
  }

  /**
   * Everything the Panel's online form asks for (S5), with the children's
   * details: the one place they leave the incident page. So it asks for the same
   * reason step (null until then) and every showing is audited as an export.
   */
  async notificationPack(
    actor: Actor | null,
    id: string,
    unlock: IdentityUnlock | null,
  ): Promise<NotificationPack | null> {
    const pack = await this.unlockedPack(actor, id, unlock)
    if (pack === null || unlock === null) return null
    await this.auditPackExport(actor!, pack, 'html', unlock.reason, this.context.now())
    return pack
  }

  /**
   * The notification pack as a PDF: everything the Panel's form asks for but
   * the children's restricted identity fields and health information, which
   * are never put in a file (issue 4) and so are not even read here. No reason
   * is asked for; the download is still audited as an export.
   */
  async notificationPackPdf(actor: Actor | null, id: string): Promise<Buffer> {
    const { incident } = await this.visible(actor, id)
    assertCan(actor, 'incidents:manage', { partnershipId: incident.partnership.id })
    const pack: NotificationPack = {
      incident,
      children: incident.children.map((child) => ({
        position: child.position,
        pseudonym: child.pseudonym,
        ageYears: child.ageYears,
        healthInformation: null,
        name: null,
        dateOfBirth: null,
        address: null,
        localAuthorityReference: null,
        nhsNumber: null,
      })),
      identityWithheld: true,
    }
    const at = this.context.now()
    const pdf = await renderCaseDocumentPdf(notificationPackDocument(pack), at)
    await this.auditPackExport(actor, pack, 'pdf', null, at)
    return pdf
  }

  private async unlockedPack(
    actor: Actor | null,
    id: string,
    unlock: IdentityUnlock | null,
  ): Promise<NotificationPack | null> {
    const { incident } = await this.visible(actor, id)
    assertCan(actor, 'incidents:manage', { partnershipId: incident.partnership.id })
    assertCan(actor, 'identity:view', { partnershipId: incident.partnership.id })
    if (!isUnlocked(unlock, id, this.context.now())) return null
    return { incident, children: await this.childDetails(incident), identityWithheld: false }
  }

  private async auditPackExport(
    actor: Actor,
    pack: NotificationPack,
    format: 'html' | 'pdf',
    /** The reason given to see the identifying details; none for the PDF, which has none. */
    reason: string | null,
    at: Date,
  ): Promise<void> {
    await recordAudit(this.context.db, at, {
      actor: userActor(actor),
      action: 'incident.notification-pack-exported',
      recordType: 'incident',
      recordId: pack.incident.id,
      partnershipId: pack.incident.partnership.id,
      after:
        reason === null
          ? { format, children: pack.children.length, identifyingDetails: false }
          : { format, children: pack.children.length, reason },
    })
  }

  private async childDetails(incident: IncidentView): Promise<NotificationPack['children']> {
    const identities = await findChildIdentities(this.context.db, incident.id)
    // Health information is kept with the identity fields: it is for the Panel's form only.
    const record = await findIncident(this.context.db, incident.id)
    return incident.children.map((child) => {
      const identity = identities.find((candidate) => candidate.position === child.position)
      const stored = record?.children.find((candidate) => candidate.position === child.position)
      return {
        position: child.position,
        pseudonym: child.pseudonym,
        ageYears: child.ageYears,
        healthInformation: stored?.healthInformation ?? null,
        name: identity?.name ?? null,
        dateOfBirth: (identity?.dateOfBirth ?? null) as CalendarDate | null,
        address: identity?.address ?? null,
        localAuthorityReference: identity?.localAuthorityReference ?? null,
        nhsNumber: identity?.nhsNumber ?? null,
      }
    })
  }

  private async viewOf(record: IncidentRecord): Promise<IncidentView> {
    const [calendar, periods] = await Promise.all([
      this.calendarService.calendar(),
      this.calendarService.periods(editionOf(record)),
    ])
    return incidentViewOf(record, calendar, periods, this.calendarService.today())
  }

  /**
   * The versioned update; when another save got there first (PostgreSQL lets
   * two transactions pass the version check above at once), refused with the
   * incident as it is saved now.
   */
  private updateVersioned(
    trx: ServiceContext['db'],
    id: string,
    expectedVersion: number,
    changes: IncidentChanges & { updatedAt: string },
  ): Promise<void> {
    return withSavedVersion(
      async () => incidentSavedVersion(await this.reload(trx, id)),
      () => updateIncident(trx, id, expectedVersion, changes),
    )
  }

  /** Reads the incident inside a transaction (never through the outer connection). */
  private async reload(trx: ServiceContext['db'], id: string): Promise<IncidentView> {
    const record = await findIncident(trx, id)
    if (!record) throw new NotFoundError('No such incident')
    const scoped = new CalendarService({ db: trx, now: this.context.now })
    const calendar = await scoped.calendar()
    const periods = await scoped.periods(editionOf(record))
    return incidentViewOf(record, calendar, periods, scoped.today())
  }

  /**
   * Deadlines must be computable (S22): an aware date in a year without bank
   * holidays on the list is refused with what to do about it.
   */
  private async assertCalendarKnows(incident: ValidIncident): Promise<void> {
    const calendar = await this.calendarService.calendar()
    const periods = await this.calendarService.periods(incident.guidanceEdition)
    try {
      notificationDueOn(incident.awareOn, calendar, periods)
      rapidReviewDueOn(incident.awareOn, calendar, periods)
    } catch (error) {
      if (!(error instanceof OutsideCalendarError)) throw error
      throw new ValidationError([
        {
          field: 'awareOn',
          message: `The working-day calendar knows bank holidays for ${calendar.firstYear} to ${calendar.lastYear} only, so deadlines from this date cannot be worked out. Ask an administrator to add that year’s bank holidays.`,
        },
      ])
    }
  }
}

/**
 * The earliest day an incident can have become aware of and still have its S3
 * or S6 deadline fall due on or after `day`. A deadline is N working days after
 * becoming aware (S21), so the later the awareness the later the deadline, and
 * the earliest is the longest period's N working days before `day`. Null when
 * the calendar cannot count back that far (S22): then no incident is left out
 * for its age.
 */
function earliestAwareOnDueSince(
  day: CalendarDate,
  calendar: WorkingDayCalendar,
  periods: readonly StatutoryPeriods[],
): CalendarDate | null {
  const longest = Math.max(
    0,
    ...periods.flatMap((edition) => [
      edition.notificationWorkingDays,
      edition.rapidReviewWorkingDays,
    ]),
  )
  try {
    return calendar.addWorkingDays(day, -longest)
  } catch (error) {
    if (error instanceof OutsideCalendarError) return null
    throw error
  }
}
