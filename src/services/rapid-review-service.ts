import { randomUUID } from 'node:crypto'
import type { Db } from '../data/db.js'
import { findIncident, updateIncident } from '../data/repositories/incident-repository.js'
import {
  listAgencies,
  listPartnerships,
  type Agency,
} from '../data/repositories/partnership-repository.js'
import {
  bumpStepVersion,
  endSignOff,
  findRapidReview,
  findRapidReviewTimetable,
  insertAgencyRequest,
  insertRapidReview,
  insertSafetyAction,
  insertSignOff,
  listAgencyRequests,
  listCriteria,
  listEndedSignatures,
  listSafetyActions,
  listSignOffs,
  listStepVersions,
  lockRapidReview,
  resolveSignatureNotices,
  saveRapidReviewTimetable,
  updateAgencyResponse,
  updateRapidReview,
  upsertCriterion,
  type RapidReviewChanges,
} from '../data/repositories/rapid-review-repository.js'
import {
  listDocumentsFor,
  listWithdrawnDocumentsFor,
  type WithdrawnDocument,
} from '../data/repositories/document-repository.js'
import { findReviewIdByRapidReview } from '../data/repositories/review-work-repository.js'
import {
  assertCan,
  can,
  canCommissionReview,
  partnershipsWhere,
  permissionsOf,
} from '../domain/access/policy.js'
import type { RecordAccess } from '../domain/access/policy.js'
import type { Actor } from '../domain/access/roles.js'
import type { DocumentKind } from '../domain/documents/content-type.js'
import {
  AccessDeniedError,
  NotFoundError,
  StaleVersionError,
  ValidationError,
  type FieldError,
} from '../domain/errors.js'
import { checkDate, checkOption, checkText, checkYesNo } from '../domain/incidents/field-rules.js'
import { nextIncidentState } from '../domain/incidents/incident-lifecycle.js'
import {
  changesSignedContent,
  nextRapidReviewState,
  type RapidReviewEvent,
} from '../domain/rapid-reviews/rapid-review-lifecycle.js'
import {
  checkNotAfter,
  checkNotBefore,
  checkNotFuture,
} from '../domain/rapid-reviews/date-order.js'
import {
  DEFAULT_RAPID_REVIEW_TIMETABLE,
  checkTimetable,
  type Milestone,
  type RapidReviewTimetable,
} from '../domain/rapid-reviews/timetable.js'
import {
  CRITERION_ANSWERS,
  DECISIONS,
  RAPID_REVIEW_TEXT_LIMITS as LIMITS,
  REG_11_CRITERIA,
  STATUTORY_PARTNERS,
  STATUTORY_PARTNER_NAMES,
  isStatutoryPartner,
  type StatutoryPartner,
} from '../domain/rapid-reviews/rapid-review.js'
import { renderCaseDocumentDocx } from '../integrations/documents/case-document-docx.js'
import { renderCaseDocumentPdf } from '../integrations/documents/case-document-pdf.js'
import { recordAudit } from './audit-trail.js'
import { CalendarService } from './calendar-service.js'
import { type ServiceContext, userActor } from './context.js'
import { DocumentService, type PreparedDocument } from './document-service.js'
import {
  incidentSavedVersion,
  rapidReviewSavedVersion,
  rapidReviewTimetableSavedVersion,
  withSavedVersion,
  type RapidReviewForm,
} from './edit-conflicts.js'
import { rapidReviewReportDocument } from './incident-documents.js'
import { editionOf, incidentFactsOf, incidentViewOf, type IncidentView } from './incident-views.js'
import { KeptViews } from './kept-views.js'
import {
  SIGNED_CONTENT,
  STEP_WORDS,
  rapidReviewFactsOf,
  rapidReviewViewOf,
  stepVersionOf,
  type AgencyDocumentView,
  type RapidReviewParts,
  type RapidReviewView,
} from './rapid-review-views.js'
import { auditAdministratorAccess, incidentAccess } from './record-access.js'
import { ReviewService } from './review-service.js'
import { indexRapidReviewForStaffSearch } from './learning/staff-search-service.js'

/** Uploaded agency information is filed against the request it answers. */
export const AGENCY_REQUEST_RECORD_TYPE = 'rapid-review-agency-request'

/** What an agency's information may come as: PDF, Word (.docx) or plain text. */
export const AGENCY_DOCUMENT_KINDS = ['pdf', 'docx', 'text'] as const satisfies DocumentKind[]

export interface AgencyDocumentUpload {
  readonly fileName: string
  readonly bytes: Uint8Array
  /** As the browser declared it; checked against the content (issue 8). */
  readonly mediaType?: string | null
}

/** The form field of a criterion's answer and note: criterionA, criterionANote. */
export function criterionField(criterion: string, note = false): string {
  return `criterion${criterion.toUpperCase()}${note ? 'Note' : ''}`
}

/** Each rapid review form, by the field its errors point at first (the `field` of `change`). */
const FORM_OF_FIRST_FIELD: Readonly<Record<string, RapidReviewForm>> = {
  agencyIds: 'agency-requests',
  receivedOn: 'agency-response',
  meetingOn: 'meeting',
  factsEstablished: 'findings',
  action: 'safety-actions',
  [criterionField('a')]: 'criteria',
  decision: 'decision',
  partner: 'sign-off',
  sentToPanelOn: 'sent-to-panel',
  respondedOn: 'panel-response',
  withdraw: 'sign-off',
}

/** What one step writes besides the rapid review row, and how it is audited. */
type ApplyChange = (
  trx: Db,
  at: string,
  incident: IncidentView,
) => Promise<{ changes?: RapidReviewChanges; action: string; after: Record<string, unknown> }>

interface Loaded {
  readonly parts: RapidReviewParts
  readonly incident: IncidentView
  readonly view: RapidReviewView
  /** 'administrator': opened only as an administrator of a restricted incident (audited). */
  readonly access: RecordAccess
}

/** How many people's dashboard timetables are kept at once (the one unused longest goes first). */
const NEXT_MILESTONES_KEPT = 200

/**
 * Rapid reviews (S6–S9): from an incident to the partners' decision, their
 * sign-off and the Panel's response. Every step is judged by the rapid review's
 * state machine and, where the incident moves too, by the incident's.
 */
export class RapidReviewService {
  private readonly calendarService: CalendarService
  private readonly documents: DocumentService
  private readonly nextMilestonesKept = new KeptViews<ReadonlyMap<string, Milestone | null>>(
    NEXT_MILESTONES_KEPT,
  )

  constructor(private readonly context: ServiceContext) {
    this.calendarService = new CalendarService(context)
    this.documents = new DocumentService(context)
  }

  /** Starts the rapid review of an incident; the incident moves to rapid-review-in-progress. */
  async start(actor: Actor | null, incidentId: string, incidentVersion: number): Promise<string> {
    const { db, now } = this.context
    const record = await findIncident(db, incidentId)
    // A restricted incident is not found for anyone off its access list (issue 4).
    if (!record || (await incidentAccess(db, actor, record)) === 'refused') {
      throw new NotFoundError('No such incident')
    }
    assertCan(actor, 'incidents:manage', { partnershipId: record.partnershipId })
    const id = randomUUID()
    await db.transaction().execute(async (trx) => {
      const incident = await this.incidentIn(trx, incidentId)
      if (incident.version !== incidentVersion) {
        throw new StaleVersionError('incident', incidentId, incidentSavedVersion(incident))
      }
      const step = nextIncidentState(incidentFactsOf(incident), { type: 'start-rapid-review' })
      if (!step.allowed) throw new ValidationError([{ field: 'rapidReview', message: step.reason }])
      const at = now()
      const startedOn = this.calendarService.today()
      await insertRapidReview(trx, {
        id,
        incidentId,
        partnershipId: incident.partnership.id,
        state: 'in-progress',
        startedOn,
        createdAt: at.toISOString(),
      })
      await withSavedVersion(
        async () => incidentSavedVersion(await this.incidentIn(trx, incidentId)),
        () =>
          updateIncident(trx, incidentId, incidentVersion, {
            state: step.to,
            updatedAt: at.toISOString(),
          }),
      )
      await recordAudit(trx, at, {
        actor: userActor(actor),
        action: 'rapid-review.started',
        recordType: 'rapid-review',
        recordId: id,
        partnershipId: incident.partnership.id,
        after: { incidentId, startedOn, incidentState: step.to },
      })
    })
    return id
  }

  async get(actor: Actor | null, id: string): Promise<RapidReviewView> {
    const loaded = await this.load(this.context.db, actor, id)
    await this.auditIfAdministrator(actor, loaded)
    return loaded.view
  }

  /**
   * The next milestone of the partnership's timetable (S8) for each of these
   * open rapid reviews, for the dashboard: the first not yet done, or none.
   * Only rapid reviews the person may open (the ids come from their
   * dashboard); an administrator's view of a restricted one is not a visit.
   */
  async nextMilestones(
    actor: Actor | null,
    ids: readonly string[],
  ): Promise<ReadonlyMap<string, Milestone | null>> {
    if (actor === null || ids.length === 0) return this.workOutNextMilestones(actor, ids)
    // Each rapid review's timetable is a whole load (a dozen reads); the
    // dashboard asks for the same ones on every visit, so they are kept until
    // the data changes (kept-views.ts), and today and the person's access are
    // part of what they were worked out from.
    return this.nextMilestonesKept.get(
      this.context.db,
      JSON.stringify([actor.userId, ids]),
      [this.calendarService.today(), actor.memberships],
      () => this.workOutNextMilestones(actor, ids),
    )
  }

  private async workOutNextMilestones(
    actor: Actor | null,
    ids: readonly string[],
  ): Promise<ReadonlyMap<string, Milestone | null>> {
    const result = new Map<string, Milestone | null>()
    for (const id of ids) {
      try {
        const { view } = await this.load(this.context.db, actor, id)
        result.set(id, view.milestones.find((milestone) => milestone.status !== 'done') ?? null)
      } catch (error) {
        if (!(error instanceof NotFoundError)) throw error
      }
    }
    return result
  }

  /** An administrator opening a restricted incident's rapid review is audited (issue 4). */
  private async auditIfAdministrator(actor: Actor | null, loaded: Loaded): Promise<void> {
    if (loaded.access !== 'administrator' || !actor) return
    await auditAdministratorAccess(this.context.db, this.context.now(), actor, {
      recordType: 'rapid-review',
      recordId: loaded.parts.record.id,
      partnershipId: loaded.incident.partnership.id,
    })
  }

  /** Agencies of the partnership that can be asked for information. */
  async agencies(actor: Actor | null, id: string): Promise<Agency[]> {
    const { view } = await this.load(this.context.db, actor, id)
    return listAgencies(this.context.db, view.incident.partnership.id)
  }

  /**
   * Asks one or more agencies for information at once (S8: letters on working
   * day 1): one request each, with the same request and due dates. The form
   * offers today and the timetable's summaries milestone; both can change.
   */
  async addAgencyRequests(
    actor: Actor | null,
    id: string,
    version: number,
    input: { agencyIds?: unknown; requestedOn?: unknown; dueOn?: unknown },
  ): Promise<number> {
    const { view } = await this.loadForManaging(actor, id)
    const errors: FieldError[] = []
    const agencies = await listAgencies(this.context.db, view.incident.partnership.id)
    const wanted = (Array.isArray(input.agencyIds) ? input.agencyIds : [input.agencyIds]).filter(
      (value): value is string => typeof value === 'string' && value !== '',
    )
    const chosen = agencies.filter((agency) => wanted.includes(agency.id))
    if (chosen.length === 0 || chosen.length !== new Set(wanted).size) {
      errors.push({ field: 'agencyIds', message: 'Select the agencies asked for information' })
    } else {
      const asked = chosen.filter((agency) =>
        view.agencyRequests.some((request) => request.agencyId === agency.id),
      )
      if (asked.length > 0) {
        errors.push({
          field: 'agencyIds',
          message: `Already asked for information: ${asked.map((agency) => agency.name).join(', ')}`,
        })
      }
    }
    const today = this.calendarService.today()
    const requestedOn = checkDate(
      input.requestedOn,
      {
        field: 'requestedOn',
        label: 'Date of the request',
        requiredMessage: 'Enter the date the agencies were asked for information',
        notAfter: today,
      },
      errors,
    )
    const dueOn = checkDate(
      input.dueOn,
      {
        field: 'dueOn',
        label: 'Date the information is due',
        requiredMessage: 'Enter the date the information is due',
      },
      errors,
    )
    checkNotBefore(
      'requestedOn',
      { date: requestedOn, name: 'the date of the request' },
      { date: view.incident.awareOn, name: 'the date the local authority became aware' },
      errors,
    )
    checkNotBefore(
      'dueOn',
      { date: dueOn, name: 'the date the information is due' },
      { date: requestedOn, name: 'the date of the request' },
      errors,
    )
    if (errors.length > 0 || !requestedOn || !dueOn) throw new ValidationError(errors)
    await this.change(
      actor,
      id,
      version,
      { type: 'edit-details' },
      'agencyIds',
      async (trx, at) => {
        const requests = []
        for (const agency of chosen) {
          const requestId = randomUUID()
          await insertAgencyRequest(trx, {
            id: requestId,
            rapidReviewId: id,
            agencyId: agency.id,
            requestedOn,
            dueOn,
            createdAt: at,
          })
          requests.push({ requestId, agency: agency.name })
        }
        return {
          action: 'rapid-review.agency-requests-added',
          after: { requests, requestedOn, dueOn },
        }
      },
    )
    return chosen.length
  }

  /**
   * The agency's information arrived: its date, and a summary as text, as an
   * uploaded document (PDF, Word or text), or both. A file is checked (type by
   * content, size, a PDF read in a sandboxed worker) before anything is stored,
   * and is stored in the same transaction as the response.
   */
  async recordAgencyResponse(
    actor: Actor | null,
    id: string,
    version: number,
    requestId: string,
    input: { receivedOn?: unknown; summary?: unknown; document?: AgencyDocumentUpload | null },
  ): Promise<void> {
    const { view } = await this.loadForManaging(actor, id)
    const request = view.agencyRequests.find((candidate) => candidate.id === requestId)
    if (!request) throw new NotFoundError('No such agency request')
    const errors: FieldError[] = []
    const receivedOn = checkDate(
      input.receivedOn,
      {
        field: 'receivedOn',
        label: 'Date the information was received',
        requiredMessage: 'Enter the date the agency’s information was received',
        notAfter: this.calendarService.today(),
      },
      errors,
    )
    checkNotBefore(
      'receivedOn',
      { date: receivedOn, name: 'the date the information was received' },
      { date: request.requestedOn, name: 'the date of the request' },
      errors,
    )
    const summary = checkText(
      input.summary,
      {
        field: 'summary',
        label: 'Summary of the agency’s information',
        max: LIMITS.agencySummary,
        multiline: true,
      },
      errors,
    )
    let prepared: PreparedDocument | null = null
    if (input.document) {
      try {
        prepared = await this.documents.prepare(actor, {
          partnershipId: view.incident.partnership.id,
          recordType: AGENCY_REQUEST_RECORD_TYPE,
          recordId: request.id,
          fileName: input.document.fileName,
          bytes: input.document.bytes,
          declaredMediaType: input.document.mediaType ?? null,
          accept: AGENCY_DOCUMENT_KINDS,
          permission: 'incidents:manage',
        })
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error
        errors.push(...error.errors)
      }
    }
    const given = summary !== null && summary !== ''
    if (summary === '' && !input.document && request.documents.length === 0) {
      errors.push({
        field: 'summary',
        message: 'Enter a summary of the agency’s information, or upload it as a document',
      })
    }
    if (errors.length > 0 || !receivedOn || summary === null) throw new ValidationError(errors)
    await this.change(
      actor,
      id,
      version,
      { type: 'edit-details' },
      'receivedOn',
      async (trx, at) => {
        const current = (await listAgencyRequests(trx, id)).find((row) => row.id === requestId)
        if (!current) throw new NotFoundError('No such agency request')
        await updateAgencyResponse(trx, requestId, current.version, {
          receivedOn,
          // An empty box keeps a summary typed before, when a document came with it.
          summary: given ? summary : current.summary,
          updatedAt: at,
        })
        const document = prepared
          ? await new DocumentService({ db: trx, now: this.context.now }).save(actor!, prepared)
          : null
        return {
          action: 'rapid-review.agency-information-received',
          // Summaries and file names may hold case detail, so only their size is audited.
          after: {
            requestId,
            agency: request.agencyName,
            receivedOn,
            summaryLength: given ? summary.length : (current.summary?.length ?? 0),
            ...(document ? { documentId: document.id } : {}),
          },
        }
      },
      requestId,
    )
  }

  /**
   * One uploaded file of an agency request, for someone who may read the rapid
   * review. A document of another record, or a rapid review the actor cannot
   * see, is "not found"; the download is audited.
   */
  async agencyDocument(
    actor: Actor | null,
    id: string,
    requestId: string,
    documentId: string,
  ): Promise<{ fileName: string; mediaType: string; content: Uint8Array }> {
    const { view } = await this.load(this.context.db, actor, id)
    const request = view.agencyRequests.find((candidate) => candidate.id === requestId)
    if (!request?.documents.some((document) => document.id === documentId)) {
      throw new NotFoundError('No such document')
    }
    const document = await this.documents.download(actor, documentId, 'incidents:read')
    return { fileName: document.fileName, mediaType: document.mediaType, content: document.content }
  }

  /**
   * Commissions the review the partners decided on (S8–S10): a local CSPR or
   * another learning review, led by this partnership, its 6 months running from
   * the decision date (S12). Once only; the review and the rapid review's
   * record of it commit together.
   */
  async commissionReview(actor: Actor | null, id: string): Promise<{ reviewId: string }> {
    const { view } = await this.loadForManaging(actor, id)
    const partnershipId = view.incident.partnership.id
    if (!canCommissionReview(actor, partnershipId)) {
      throw new AccessDeniedError('Not allowed: only the business unit commissions reviews')
    }
    const { db, now } = this.context
    return db.transaction().execute(async (trx) => {
      const { view, incident } = await this.load(trx, actor, id)
      const check = view.commissionCheck
      if (!check.allowed)
        throw new ValidationError([{ field: 'commission', message: check.reason }])
      const child = incident.children[0]
      if (!child) {
        throw new ValidationError([
          { field: 'commission', message: 'The incident has no child recorded: add one first' },
        ])
      }
      let reviewId: string
      try {
        ;({ id: reviewId } = await new ReviewService({
          db: trx,
          now,
        }).createFromRapidReviewDecision(actor, {
          rapidReviewId: id,
          partnershipId,
          decisionOn: check.decisionOn,
          kind: check.kind,
          guidanceEdition: incident.guidanceEdition,
          childPseudonym: child.pseudonym,
        }))
      } catch (error) {
        // The review's own checks speak of its fields; here they are one step's.
        if (!(error instanceof ValidationError)) throw error
        throw new ValidationError(
          error.errors.map(({ message }) => ({ field: 'commission', message })),
        )
      }
      await recordAudit(trx, now(), {
        actor: userActor(actor!),
        action: 'rapid-review.review-commissioned',
        recordType: 'rapid-review',
        recordId: id,
        partnershipId,
        after: { reviewId, kind: check.kind, decisionOn: check.decisionOn },
      })
      return { reviewId }
    })
  }

  async recordMeeting(
    actor: Actor | null,
    id: string,
    version: number,
    input: { meetingOn?: unknown; attendees?: unknown },
  ): Promise<void> {
    const { view } = await this.loadForManaging(actor, id)
    const errors: FieldError[] = []
    const meetingOn = checkDate(
      input.meetingOn,
      {
        field: 'meetingOn',
        label: 'Date of the rapid review meeting',
        requiredMessage: 'Enter the date of the rapid review meeting',
      },
      errors,
    )
    const meeting = { date: meetingOn, name: 'the date of the rapid review meeting' }
    checkNotBefore(
      'meetingOn',
      meeting,
      { date: view.incident.awareOn, name: 'the date the local authority became aware' },
      errors,
    )
    // The meeting considers the agencies' information: not before it was asked for.
    const firstRequestOn = [...view.agencyRequests.map((request) => request.requestedOn)].sort()[0]
    checkNotBefore(
      'meetingOn',
      meeting,
      { date: firstRequestOn ?? null, name: 'the first request to an agency' },
      errors,
    )
    // Recorded here is a meeting held, so it cannot be in the future.
    checkNotFuture(
      'meetingOn',
      meeting,
      this.calendarService.today(),
      errors,
      ': record the meeting once it has been held',
    )
    checkNotAfter(
      'meetingOn',
      meeting,
      { date: view.decidedOn, name: 'the date of the decision' },
      errors,
    )
    const attendees = checkText(
      input.attendees,
      {
        field: 'attendees',
        label: 'Attendees',
        max: LIMITS.attendees,
        requiredMessage: 'Enter who attended the meeting, one per line',
        multiline: true,
      },
      errors,
    )
    if (errors.length > 0 || !meetingOn || !attendees) throw new ValidationError(errors)
    await this.updateDetails(actor, id, version, 'meetingOn', 'rapid-review.meeting-recorded', {
      meetingOn,
      meetingAttendees: attendees,
    })
  }

  async recordFindings(
    actor: Actor | null,
    id: string,
    version: number,
    input: { factsEstablished?: unknown; learningIdentified?: unknown },
  ): Promise<void> {
    await this.loadForManaging(actor, id)
    const errors: FieldError[] = []
    const facts = checkText(
      input.factsEstablished,
      {
        field: 'factsEstablished',
        label: 'Facts established',
        max: LIMITS.facts,
        requiredMessage: 'Enter the facts established so far',
        multiline: true,
      },
      errors,
    )
    const learning = checkText(
      input.learningIdentified,
      {
        field: 'learningIdentified',
        label: 'Learning identified',
        max: LIMITS.learning,
        multiline: true,
      },
      errors,
    )
    if (errors.length > 0 || !facts || learning === null) throw new ValidationError(errors)
    await this.updateDetails(
      actor,
      id,
      version,
      'factsEstablished',
      'rapid-review.findings-recorded',
      { factsEstablished: facts, learningIdentified: learning === '' ? null : learning },
    )
  }

  async addSafetyAction(
    actor: Actor | null,
    id: string,
    version: number,
    input: { action?: unknown; owner?: unknown },
  ): Promise<void> {
    await this.loadForManaging(actor, id)
    const errors: FieldError[] = []
    const action = checkText(
      input.action,
      {
        field: 'action',
        label: 'Immediate safety action',
        max: LIMITS.safetyAction,
        requiredMessage: 'Enter the immediate action needed to keep children safe',
        multiline: true,
      },
      errors,
    )
    const owner = checkText(
      input.owner,
      {
        field: 'owner',
        label: 'Owner of the action',
        max: LIMITS.safetyActionOwner,
        requiredMessage: 'Enter who owns the action',
      },
      errors,
    )
    if (errors.length > 0 || !action || !owner) throw new ValidationError(errors)
    await this.change(actor, id, version, { type: 'edit-details' }, 'action', async (trx, at) => {
      await insertSafetyAction(trx, {
        id: randomUUID(),
        rapidReviewId: id,
        action,
        owner,
        createdAt: at,
      })
      return { action: 'rapid-review.safety-action-added', after: { owner } }
    })
  }

  /** S9: the four reg. 11 criteria, each yes/no/maybe with a note. */
  async recordCriteria(
    actor: Actor | null,
    id: string,
    version: number,
    input: Record<string, unknown>,
  ): Promise<void> {
    await this.loadForManaging(actor, id)
    const errors: FieldError[] = []
    const answers = REG_11_CRITERIA.map((criterion) => {
      const answer = checkOption(
        input[criterionField(criterion)],
        CRITERION_ANSWERS,
        criterionField(criterion),
        `Select yes, no or maybe for criterion (${criterion})`,
        errors,
      )
      const note = checkText(
        input[criterionField(criterion, true)],
        {
          field: criterionField(criterion, true),
          label: `Note on criterion (${criterion})`,
          max: LIMITS.criterionNote,
          multiline: true,
        },
        errors,
      )
      return { criterion, answer, note }
    })
    if (errors.length > 0) throw new ValidationError(errors)
    await this.change(
      actor,
      id,
      version,
      { type: 'edit-details' },
      criterionField('a'),
      async (trx, at) => {
        for (const { criterion, answer, note } of answers) {
          await upsertCriterion(trx, {
            rapidReviewId: id,
            criterion,
            answer: answer ?? 'maybe',
            note: note === '' ? null : note,
            updatedAt: at,
          })
        }
        return {
          action: 'rapid-review.criteria-recorded',
          after: Object.fromEntries(answers.map(({ criterion, answer }) => [criterion, answer])),
        }
      },
    )
  }

  /** S9: the decision and its rationale, recorded transparently. */
  async recordDecision(
    actor: Actor | null,
    id: string,
    version: number,
    input: { decision?: unknown; rationale?: unknown; decidedOn?: unknown },
  ): Promise<void> {
    const { view } = await this.loadForManaging(actor, id)
    const errors: FieldError[] = []
    const decision = checkOption(
      input.decision,
      DECISIONS,
      'decision',
      'Select the partners’ decision',
      errors,
    )
    const rationale = checkText(
      input.rationale,
      {
        field: 'rationale',
        label: 'Rationale',
        max: LIMITS.rationale,
        requiredMessage: 'Enter the rationale for the decision',
        multiline: true,
      },
      errors,
    )
    const decidedOn = checkDate(
      input.decidedOn,
      {
        field: 'decidedOn',
        label: 'Date of the decision',
        requiredMessage: 'Enter the date of the decision',
        notAfter: this.calendarService.today(),
      },
      errors,
    )
    const decided = { date: decidedOn, name: 'the date of the decision' }
    checkNotBefore(
      'decidedOn',
      decided,
      { date: view.incident.awareOn, name: 'the date the local authority became aware' },
      errors,
    )
    checkNotBefore(
      'decidedOn',
      decided,
      { date: view.meetingOn, name: 'the date of the rapid review meeting' },
      errors,
    )
    if (errors.length > 0 || !decision || !rationale || !decidedOn)
      throw new ValidationError(errors)
    await this.change(
      actor,
      id,
      version,
      { type: 'record-decision', decision, rationale },
      'decision',
      async () => ({
        changes: { decision, decisionRationale: rationale, decidedOn },
        action: 'rapid-review.decision-recorded',
        after: { decision, decidedOn, rationaleLength: rationale.length },
      }),
    )
  }

  /**
   * Which statutory partner the actor may sign for in this rapid review: their
   * own (the one whose agency their delegate membership names), none once they
   * have signed, since each partner signs by its own delegate (S8) and one
   * person's three signatures would be no sign-off; and which they signed for.
   */
  async signingOptions(
    actor: Actor | null,
    id: string,
  ): Promise<{ options: StatutoryPartner[]; signedFor: StatutoryPartner | null }> {
    const { view, parts } = await this.load(this.context.db, actor, id)
    const signedFor = signedBy(parts, actor)
    if (signedFor !== null) return { options: [], signedFor }
    return {
      options: await this.partnersActorSignsFor(actor, view.incident.partnership.id),
      signedFor,
    }
  }

  /** A statutory partner signs off the decision (S8); the last one completes sign-off. */
  async signOff(
    actor: Actor | null,
    id: string,
    version: number,
    input: { partner?: unknown; confirm?: unknown },
  ): Promise<void> {
    const { view, parts } = await this.load(this.context.db, actor, id)
    assertCan(actor, 'rapid-reviews:sign-off', { partnershipId: view.incident.partnership.id })
    const allowed = await this.partnersActorSignsFor(actor, view.incident.partnership.id)
    const errors: FieldError[] = []
    const own = allowed.length === 1 ? allowed[0]! : null
    // The form names the signer's own partner; an empty one means that partner.
    const partner =
      input.partner === undefined || input.partner === ''
        ? own
        : isStatutoryPartner(input.partner)
          ? input.partner
          : null
    const alreadySigned = signedBy(parts, actor)
    if (alreadySigned !== null) {
      errors.push({
        field: 'partner',
        message: `You have already signed off for ${STATUTORY_PARTNER_NAMES[alreadySigned]}: each statutory partner signs by its own delegate (S8)`,
      })
    } else if (allowed.length === 0) {
      errors.push({
        field: 'partner',
        message:
          'Your account is not linked to the local authority’s, the police’s or health’s agency, so you cannot sign off: ask an administrator to make you that partner’s delegate (S8)',
      })
    } else if (partner === null || !allowed.includes(partner)) {
      errors.push({
        field: 'partner',
        message: `You are the delegate of ${allowed.map((option) => STATUTORY_PARTNER_NAMES[option]).join(' and ')}: you can sign only for ${allowed.length === 1 ? 'it' : 'them'}, not for ${partner === null ? 'another partner' : STATUTORY_PARTNER_NAMES[partner]} (S8)`,
      })
    }
    if (input.confirm !== 'yes') {
      errors.push({
        field: 'confirm',
        message: 'Confirm that your agency agrees the decision and its rationale',
      })
    }
    if (errors.length > 0 || partner === null) throw new ValidationError(errors)
    await this.change(
      actor,
      id,
      version,
      { type: 'sign-off', partner },
      'partner',
      async (trx, at) => {
        const signedOn = this.calendarService.today()
        await insertSignOff(trx, {
          rapidReviewId: id,
          partner,
          signedByUserId: actor.userId,
          signedByName: actor.displayName,
          signedOn,
          signedAt: at,
        })
        return { action: 'rapid-review.signed-off', after: { partner, signedOn } }
      },
    )
  }

  /**
   * A delegate takes back their own partner's signature before the rapid
   * review is sent (issue 8); kept as a withdrawn signature and audited.
   */
  async withdrawSignOff(actor: Actor | null, id: string): Promise<void> {
    const { view, parts } = await this.load(this.context.db, actor, id)
    assertCan(actor, 'rapid-reviews:sign-off', { partnershipId: view.incident.partnership.id })
    const partner = signedBy(parts, actor)
    if (partner === null) {
      throw new ValidationError([
        {
          field: 'withdraw',
          message: 'You have not signed this rapid review, so there is nothing to withdraw',
        },
      ])
    }
    await this.change(
      actor,
      id,
      null,
      { type: 'withdraw-sign-off', partner },
      'withdraw',
      async (trx, at) => {
        await endSignOff(trx, {
          id: randomUUID(),
          rapidReviewId: id,
          partner,
          endedHow: 'withdrawn',
          changed: null,
          endedOn: new CalendarService({ db: trx, now: () => new Date(at) }).today(),
          endedAt: at,
          endedByUserId: actor.userId,
        })
        return { action: 'rapid-review.sign-off-withdrawn', after: { partner } }
      },
    )
  }

  /** Sent to the Panel: needs all sign-offs (S8) and a prior notification (S7). */
  async recordSentToPanel(
    actor: Actor | null,
    id: string,
    version: number,
    input: { sentToPanelOn?: unknown },
  ): Promise<void> {
    await this.loadForManaging(actor, id)
    const errors: FieldError[] = []
    const sentOn = checkDate(
      input.sentToPanelOn,
      {
        field: 'sentToPanelOn',
        label: 'Date the rapid review was sent to the Panel',
        requiredMessage: 'Enter the date the rapid review was sent to the Panel',
        notAfter: this.calendarService.today(),
      },
      errors,
    )
    if (errors.length > 0 || !sentOn) throw new ValidationError(errors)
    await this.change(
      actor,
      id,
      version,
      { type: 'send-to-panel', on: sentOn },
      'sentToPanelOn',
      async (trx, at, incident) => {
        const step = nextIncidentState(incidentFactsOf(incident), {
          type: 'rapid-review-sent',
          on: sentOn,
        })
        if (!step.allowed) {
          throw new ValidationError([{ field: 'sentToPanelOn', message: step.reason }])
        }
        await updateIncident(trx, incident.id, incident.version, {
          state: step.to,
          updatedAt: at,
        })
        return {
          changes: { sentToPanelOn: sentOn },
          action: 'rapid-review.sent-to-panel',
          after: { sentToPanelOn: sentOn, incidentState: step.to },
        }
      },
    )
  }

  async recordPanelResponse(
    actor: Actor | null,
    id: string,
    version: number,
    input: {
      respondedOn?: unknown
      panelAgrees?: unknown
      nationalReview?: unknown
      notes?: unknown
    },
  ): Promise<void> {
    await this.loadForManaging(actor, id)
    const errors: FieldError[] = []
    const respondedOn = checkDate(
      input.respondedOn,
      {
        field: 'respondedOn',
        label: 'Date of the Panel’s response',
        requiredMessage: 'Enter the date of the Panel’s response',
        notAfter: this.calendarService.today(),
      },
      errors,
    )
    const agrees = checkYesNo(
      input.panelAgrees,
      'panelAgrees',
      'Select whether the Panel agrees with the decision',
      errors,
    )
    const nationalReview = checkYesNo(
      input.nationalReview,
      'nationalReview',
      'Select whether the Panel will hold a national review',
      errors,
    )
    const notes = checkText(
      input.notes,
      { field: 'notes', label: 'Notes', max: LIMITS.panelNotes, multiline: true },
      errors,
    )
    if (
      errors.length > 0 ||
      !respondedOn ||
      agrees === null ||
      nationalReview === null ||
      notes === null
    ) {
      throw new ValidationError(errors)
    }
    await this.change(
      actor,
      id,
      version,
      { type: 'record-panel-response', on: respondedOn },
      'respondedOn',
      async () => ({
        changes: {
          panelResponseOn: respondedOn,
          panelAgrees: agrees,
          panelNationalReview: nationalReview,
          panelResponseNotes: notes === '' ? null : notes,
        },
        action: 'rapid-review.panel-response-recorded',
        after: { respondedOn, agrees, nationalReview },
      }),
    )
  }

  /**
   * The rapid review timetables of the partnerships this person administers
   * (S8): each partnership's own, or the seed page's until it sets one.
   */
  async timetables(actor: Actor | null): Promise<
    {
      partnershipId: string
      partnershipName: string
      timetable: RapidReviewTimetable
      version: number
      isDefault: boolean
    }[]
  > {
    if (!actor) throw new AccessDeniedError('Not allowed: settings:manage')
    const ids = partnershipsWhere(actor, 'settings:manage')
    if (ids.length === 0) throw new AccessDeniedError('Not allowed: settings:manage')
    const { db } = this.context
    const rows = []
    for (const partnership of await listPartnerships(db)) {
      if (!ids.includes(partnership.id)) continue
      const stored = await findRapidReviewTimetable(db, partnership.id)
      rows.push({
        partnershipId: partnership.id,
        partnershipName: partnership.name,
        timetable: stored ?? DEFAULT_RAPID_REVIEW_TIMETABLE,
        version: stored?.version ?? 1,
        isDefault: !stored,
      })
    }
    return rows
  }

  /**
   * An administrator sets their partnership's rapid review timetable: whole
   * working days, in order, sign-off no later than working day 15 (S6).
   * Versioned and audited; every open rapid review's milestones move at once,
   * as they are computed when read.
   */
  async setTimetable(
    actor: Actor | null,
    partnershipId: string,
    version: number,
    input: Readonly<Record<string, unknown>>,
  ): Promise<void> {
    assertCan(actor, 'settings:manage', { partnershipId })
    const { timetable, errors } = checkTimetable(input)
    if (!timetable) throw new ValidationError(errors)
    const { db, now } = this.context
    await withSavedVersion(
      async () => rapidReviewTimetableSavedVersion(await this.timetableIn(db, partnershipId)),
      () =>
        db.transaction().execute(async (trx) => {
          const before = await this.timetableIn(trx, partnershipId)
          const at = now()
          await saveRapidReviewTimetable(trx, partnershipId, version, {
            ...timetable,
            updatedAt: at.toISOString(),
          })
          await recordAudit(trx, at, {
            actor: userActor(actor),
            action: 'rapid-review-timetable.changed',
            recordType: 'partnership',
            recordId: partnershipId,
            partnershipId,
            before: { ...before, version },
            after: { ...timetable, version: version + 1 },
          })
        }),
    )
  }

  /** The rapid review report (pseudonyms only), as PDF or DOCX; audited as an export. */
  async report(
    actor: Actor | null,
    id: string,
    format: 'pdf' | 'docx',
  ): Promise<{ body: Buffer; filename: string }> {
    const loaded = await this.load(this.context.db, actor, id)
    await this.auditIfAdministrator(actor, loaded)
    const { view } = loaded
    const { db, now } = this.context
    const at = now()
    const document = rapidReviewReportDocument(view)
    const body =
      format === 'pdf'
        ? await renderCaseDocumentPdf(document, at)
        : await renderCaseDocumentDocx(document)
    await db.transaction().execute(async (trx) => {
      await recordAudit(trx, at, {
        actor: userActor(actor!),
        action: 'rapid-review.report-exported',
        recordType: 'rapid-review',
        recordId: id,
        partnershipId: view.incident.partnership.id,
        after: { format },
      })
    })
    return { body, filename: `rapid-review-${view.startedOn}.${format}` }
  }

  private async partnersActorSignsFor(
    actor: Actor | null,
    partnershipId: string,
  ): Promise<StatutoryPartner[]> {
    if (!actor) return []
    const memberships = actor.memberships.filter(
      (membership) =>
        membership.partnershipId === partnershipId &&
        permissionsOf(membership.role).includes('rapid-reviews:sign-off'),
    )
    if (memberships.length === 0) return []
    const agencies = await listAgencies(this.context.db, partnershipId)
    const options = new Set<StatutoryPartner>()
    for (const membership of memberships) {
      // A delegate membership names exactly one statutory partner, through its
      // agency's kind (S8, issue 8); one tied to no such agency signs for none.
      if (membership.agencyId === null) continue
      const kind = agencies.find((agency) => agency.id === membership.agencyId)?.kind
      if (isStatutoryPartner(kind)) options.add(kind)
    }
    return STATUTORY_PARTNERS.filter((partner) => options.has(partner))
  }

  private async updateDetails(
    actor: Actor | null,
    id: string,
    version: number,
    field: string,
    action: string,
    changes: RapidReviewChanges,
  ): Promise<void> {
    await this.change(actor, id, version, { type: 'edit-details' }, field, async () => ({
      changes,
      action,
      // Dates are kept; free text may hold case detail, so only which fields changed.
      after: Object.fromEntries(
        Object.entries(changes).map(([key, value]) => [
          key,
          typeof value === 'string' && !/^\d{4}-\d{2}-\d{2}$/.test(value)
            ? `${value.length} characters`
            : value,
        ]),
      ),
    }))
  }

  /**
   * One step of a rapid review in one transaction: hold the row, re-read,
   * check the step's own version (issue 8: a change clashes only with a change
   * to the same step), ask the state machine, apply, void the signatures a
   * correction undoes, move the versions and state on, and audit. A stale
   * version is refused with the form's values as saved now.
   */
  private async change(
    actor: Actor | null,
    id: string,
    /** null: nothing to clash with (a delegate withdrawing their own signature). */
    version: number | null,
    event: RapidReviewEvent,
    field: string,
    apply: ApplyChange,
    agencyRequestId?: string,
  ): Promise<void> {
    const { db } = this.context
    const form = FORM_OF_FIRST_FIELD[field] ?? 'meeting'
    // When two saves pass the check below at once (PostgreSQL), the second
    // fails on the versioned UPDATE after `apply` has written its rows; the
    // saved version is then read after the rollback, so it holds only the
    // other person's save, never this one's discarded rows.
    await withSavedVersion(
      async () =>
        rapidReviewSavedVersion(form, (await this.load(db, actor, id)).parts, agencyRequestId),
      () =>
        this.changeInTransaction(actor, id, version, event, field, apply, form, agencyRequestId),
    )
  }

  private async changeInTransaction(
    actor: Actor | null,
    id: string,
    version: number | null,
    event: RapidReviewEvent,
    field: string,
    apply: ApplyChange,
    form: RapidReviewForm,
    agencyRequestId: string | undefined,
  ): Promise<void> {
    const { db, now } = this.context
    await db.transaction().execute(async (trx) => {
      // Held first: on PostgreSQL a second save waits here, then reads the
      // first one's committed step versions below.
      await lockRapidReview(trx, id)
      const { parts, incident } = await this.load(trx, actor, id)
      if (version !== null && this.formVersion(parts, form, agencyRequestId) !== version) {
        throw new StaleVersionError(
          'rapid review',
          id,
          rapidReviewSavedVersion(form, parts, agencyRequestId),
        )
      }
      const facts = rapidReviewFactsOf(parts, incident.panelNotifiedOn)
      const step = nextRapidReviewState(facts, event)
      if (!step.allowed) {
        // A locked rapid review is not one field's fault: point at the page's notice.
        const locked =
          (event.type === 'edit-details' || event.type === 'record-decision') &&
          !nextRapidReviewState(facts, { type: 'edit-details' }).allowed
        throw new ValidationError([{ field: locked ? 'rapidReview' : field, message: step.reason }])
      }
      const at = now()
      const result = await apply(trx, at.toISOString(), incident)
      const corrects = changesSignedContent(event)
      if (corrects && parts.signOffs.length > 0) {
        await this.voidSignatures(trx, actor!, parts, incident, form, at)
      }
      // The agency response form is judged by its request's own row version.
      if (form !== 'agency-response' && version !== null) await bumpStepVersion(trx, id, form)
      if (corrects) await bumpStepVersion(trx, id, SIGNED_CONTENT)
      if (event.type === 'sign-off') {
        await resolveSignatureNotices(trx, id, at.toISOString(), event.partner)
      }
      if (event.type === 'send-to-panel') {
        await resolveSignatureNotices(trx, id, at.toISOString())
      }
      await updateRapidReview(trx, id, parts.record.version, {
        ...result.changes,
        ...(step.to === parts.record.state ? {} : { state: step.to }),
        updatedAt: at.toISOString(),
      })
      if (result.changes !== undefined && 'learningIdentified' in result.changes) {
        // The staff search follows the findings in the same transaction (issue 11).
        await indexRapidReviewForStaffSearch(trx, id, at)
      }
      await recordAudit(trx, at, {
        actor: userActor(actor!),
        action: result.action,
        recordType: 'rapid-review',
        recordId: id,
        partnershipId: incident.partnership.id,
        before: { state: parts.record.state, version: parts.record.version, step: form },
        after: {
          ...result.after,
          state: step.to,
          version: parts.record.version + 1,
        },
      })
    })
  }

  /** The version a step's form is judged by. */
  private formVersion(
    parts: RapidReviewParts,
    form: RapidReviewForm,
    agencyRequestId: string | undefined,
  ): number | undefined {
    if (form === 'agency-response') {
      return parts.agencyRequests.find((request) => request.id === agencyRequestId)?.version
    }
    // The sign-off form carries what the partner read: a correction since clashes.
    return stepVersionOf(parts, form === 'sign-off' ? SIGNED_CONTENT : form)
  }

  /**
   * A correction before sending voids every signature given (issue 8): the
   * partners must sign what is sent. Each voided signature is kept with what
   * changed, as an open notice for its partner; audited in the same transaction.
   */
  private async voidSignatures(
    trx: Db,
    actor: Actor,
    parts: RapidReviewParts,
    incident: IncidentView,
    form: RapidReviewForm,
    at: Date,
  ): Promise<void> {
    const changed = STEP_WORDS[form] ?? 'the rapid review'
    const endedOn = new CalendarService({ db: trx, now: () => at }).today()
    for (const signOff of parts.signOffs) {
      await endSignOff(trx, {
        id: randomUUID(),
        rapidReviewId: parts.record.id,
        partner: signOff.partner,
        endedHow: 'voided',
        changed,
        endedOn,
        endedAt: at.toISOString(),
        endedByUserId: actor.userId,
      })
    }
    await recordAudit(trx, at, {
      actor: userActor(actor),
      action: 'rapid-review.signatures-voided',
      recordType: 'rapid-review',
      recordId: parts.record.id,
      partnershipId: incident.partnership.id,
      before: {
        signedBy: parts.signOffs.map((signOff) => ({
          partner: signOff.partner,
          signedOn: signOff.signedOn,
        })),
      },
      after: { changed, voidedOn: endedOn },
    })
  }

  private async loadForManaging(actor: Actor | null, id: string): Promise<Loaded> {
    const loaded = await this.load(this.context.db, actor, id)
    assertCan(actor, 'incidents:manage', { partnershipId: loaded.incident.partnership.id })
    return loaded
  }

  /** Reads a rapid review with everything it shows; not found and not visible look alike. */
  private async load(db: Db, actor: Actor | null, id: string): Promise<Loaded> {
    const record = await findRapidReview(db, id)
    // The rapid review shares its incident's restriction and access list (issue 4).
    const incidentRecord = record ? await findIncident(db, record.incidentId) : undefined
    const access = incidentRecord ? await incidentAccess(db, actor, incidentRecord) : 'refused'
    if (!record || access === 'refused') {
      throw new NotFoundError('No such rapid review')
    }
    const [agencyRequests, safetyActions, criteria, signOffs, incident, reviewId] =
      await Promise.all([
        listAgencyRequests(db, id),
        listSafetyActions(db, id),
        listCriteria(db, id),
        listSignOffs(db, id),
        this.incidentIn(db, record.incidentId),
        findReviewIdByRapidReview(db, id),
      ])
    const [stepVersions, endedSignatures, timetable] = await Promise.all([
      listStepVersions(db, id),
      listEndedSignatures(db, id),
      this.timetableIn(db, record.partnershipId),
    ])
    const agencyDocuments = new Map<string, AgencyDocumentView[]>()
    // Withdrawn documents stay visible, labelled, to the partnership's
    // administrators only (issue 8): never served, never on anyone else's page.
    const withdrawnDocuments = new Map<string, WithdrawnDocument[]>()
    const administers = can(actor, 'settings:manage', { partnershipId: record.partnershipId })
    for (const request of agencyRequests) {
      if (administers) {
        withdrawnDocuments.set(
          request.id,
          await listWithdrawnDocumentsFor(db, AGENCY_REQUEST_RECORD_TYPE, request.id),
        )
      }
      const documents = await listDocumentsFor(db, AGENCY_REQUEST_RECORD_TYPE, request.id)
      agencyDocuments.set(
        request.id,
        documents.map(({ id, fileName, kind, sizeBytes, uploadedAt }) => ({
          id,
          fileName,
          kind,
          sizeBytes: Number(sizeBytes),
          uploadedAt,
        })),
      )
    }
    const parts: RapidReviewParts = {
      record,
      agencyRequests,
      safetyActions,
      criteria,
      signOffs,
      agencyDocuments,
      withdrawnDocuments,
      reviewId: reviewId ?? null,
      stepVersions,
      endedSignatures,
      timetable,
    }
    const scoped = new CalendarService({ db, now: this.context.now })
    const today = scoped.today()
    const calendar = await scoped.calendar()
    return { parts, incident, view: rapidReviewViewOf(parts, incident, today, calendar), access }
  }

  /** The partnership's rapid review timetable, or the seed page's until it sets one. */
  private async timetableIn(db: Db, partnershipId: string): Promise<RapidReviewTimetable> {
    const stored = await findRapidReviewTimetable(db, partnershipId)
    if (!stored) return DEFAULT_RAPID_REVIEW_TIMETABLE
    const { version: _version, ...timetable } = stored
    return timetable
  }

  /** The incident view, read through `db` (a transaction when inside one). */
  private async incidentIn(db: Db, incidentId: string): Promise<IncidentView> {
    const record = await findIncident(db, incidentId)
    if (!record) throw new NotFoundError('No such incident')
    const scoped = new CalendarService({ db, now: this.context.now })
    const [calendar, periods] = await Promise.all([
      scoped.calendar(),
      scoped.periods(editionOf(record)),
    ])
    return incidentViewOf(record, calendar, periods, scoped.today())
  }
}

/** The statutory partner this person has signed for on this rapid review, if any. */
function signedBy(parts: RapidReviewParts, actor: Actor | null): StatutoryPartner | null {
  if (!actor) return null
  const signed = parts.signOffs.find((signOff) => signOff.signedByUserId === actor.userId)
  return signed && isStatutoryPartner(signed.partner) ? signed.partner : null
}
