import { randomUUID } from 'node:crypto'
import {
  findChildIdentities,
  findIncident,
  insertIncident,
  listIncidents,
  listIncidentClocks,
  updateIncident,
  type IncidentChanges,
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
import { compareDates, type CalendarDate } from '../domain/calendar/calendar-date.js'
import { OutsideCalendarError, type WorkingDayCalendar } from '../domain/calendar/working-days.js'
import {
  NotFoundError,
  StaleVersionError,
  ValidationError,
  type FieldError,
} from '../domain/errors.js'
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
      canRestrict: can(actor, 'records:restrict', scope),
      canManage: can(actor, 'incidents:manage', scope),
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
      [child.name, child.dateOfBirth, child.address, child.localAuthorityReference].filter(
        (value): value is string => value !== null,
      ),
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
    const access = record ? await incidentAccess(this.context.db, actor, record) : 'refused'
    if (!record || access === 'refused') throw new NotFoundError('No such incident')
    return { incident: await this.viewOf(record), access }
  }

  async record(
    actor: Actor | null,
    partnershipSlug: string | undefined,
    input: IncidentInput,
  ): Promise<IncidentView> {
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

    const { db, now } = this.context
    const id = randomUUID()
    const at = now()
    const incident = result.value
    const assessment = assessmentOf(incident)
    await db.transaction().execute(async (trx) => {
      // The partnership must still exist (the actor's memberships were read earlier).
      if (!(await findPartnershipBySlug(trx, partnership.slug))) {
        throw new NotFoundError('No such partnership')
      }
      await insertIncident(trx, {
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
    return this.get(actor, id)
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
    for (const [field, label] of NOTIFICATION_FIELDS) {
      const date = checkDate(input[field], { field, label, notAfter: today }, errors)
      if (date === undefined) continue
      if (date !== null && compareDates(date, incident.awareOn) < 0) {
        errors.push({
          field,
          message: `${label} must be the same as or after the date the local authority became aware`,
        })
        continue
      }
      dates[field] = date
    }
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
