// Agency action plans (DESIGN.md: recommendations → agency action plans →
// assurance). The business unit assigns an action to an agency for a learning
// point or recommendation of a review; the agency's lead reports progress; the
// business unit signs completed actions off. Agency leads see and change only
// their own agency's actions, wherever the review lives (issue 4): every read
// and write goes through the action policy in src/domain/access/policy.ts.
import { createHash, randomUUID } from 'node:crypto'
import type { Db } from '../../data/db.js'
import {
  countLiveActionEvidence,
  decideDueDateRequest,
  findActionEvidence,
  insertActionEvidence,
  insertDueDateRequest,
  listActionEvidence,
  listDueDateRequests,
  markActionEvidenceWithdrawn,
  type ActionEvidenceRecord,
  type DueDateRequestRecord,
} from '../../data/repositories/actions/action-evidence-repository.js'
import {
  searchActions,
  tallyActionGroups,
  type ActionSearch,
} from '../../data/repositories/actions/action-plan-queries.js'
import {
  findAction,
  insertAction,
  insertActionUpdate,
  listActionSources,
  listActionUpdates,
  listReviewsWithLearning,
  updateActionStatus,
  type ActionRecord,
  type ActionSourceRecord,
  type ActionStatusExtras,
  type ActionUpdateRecord,
} from '../../data/repositories/actions/action-repository.js'
import {
  findDocumentContent,
  insertDocument,
  markDocumentWithdrawn,
} from '../../data/repositories/document-repository.js'
import { findPartnershipById } from '../../data/repositories/partnership-repository.js'
import { listAgencies } from '../../data/repositories/partnership-repository.js'
import { listAgenciesAddressedByReview } from '../../data/repositories/review-findings-repository.js'
import { accessListsOf } from '../../data/repositories/record-access-repository.js'
import { findReviewWork } from '../../data/repositories/review-work-repository.js'
import {
  actionAccess,
  actionListScope,
  canAssureAction,
  canChangeAction,
  canManageAction,
  canViewActionPlans,
  partnershipsWhere,
  type ActionScope,
} from '../../domain/access/policy.js'
import type { Actor } from '../../domain/access/roles.js'
import {
  ACTION_STATUSES,
  ACTION_STATUS_NAMES,
  actionTimeliness,
  isActionStatus,
  readNewAction,
  readProgressUpdate,
  type ActionSourceKind,
  type ActionStatus,
  type ActionTimeliness,
  type NewActionInput,
  type ProgressUpdateInput,
} from '../../domain/actions/action-plan.js'
import {
  foldActionTallies,
  type ActionTally,
  type MonthTally,
} from '../../domain/actions/action-tallies.js'
import {
  availableSteps,
  isActionSettled,
  isStepFor,
  progressStatusChoices,
  stepRefusal,
  STEP_RESULT,
  type ActionRole,
  type ActionStep,
} from '../../domain/actions/action-status.js'
import {
  EVIDENCE_LINK_LIMITS,
  readAssurance,
  readDueDateDecision,
  readDueDateRequest,
  readEvidenceLink,
  readReason,
  type AssuranceInput,
  type DueDateDecisionInput,
  type DueDateRequestInput,
} from '../../domain/actions/assurance.js'
import {
  addCalendarDays,
  addCalendarMonths,
  type CalendarDate,
} from '../../domain/calendar/calendar-date.js'
import { DOCUMENT_MEDIA_TYPES, type DocumentKind } from '../../domain/documents/content-type.js'
import {
  AccessDeniedError,
  NotFoundError,
  StaleVersionError,
  ValidationError,
  type FieldError,
} from '../../domain/errors.js'
import { recordAudit } from '../audit-trail.js'
import { CalendarService } from '../calendar-service.js'
import { type ServiceContext, userActor } from '../context.js'
import { ACTION_UPDATE_FIELDS, labelledValues, withSavedVersion } from '../edit-conflicts.js'
import { accessListOf, auditAdministratorAccess, reviewAccess } from '../record-access.js'
import { accessScopeOf } from '../review-views.js'
import {
  actionPlanCsv,
  actionPlanDocx,
  actionPlanXlsx,
  type ActionPlanSheet,
} from '../../integrations/documents/action-plan-export.js'
import { writtenDate } from '../../domain/calendar/written-date.js'
import { inspectUpload } from '../document-service.js'
import { KeptViews } from '../kept-views.js'

export type { ActionTally, DueDateRequestRecord, MonthTally }

/** Due soon: within two weeks, the usual cycle of agency reporting. */
const DUE_SOON_DAYS = 14
/** A page of the action plan: long enough to scan, short enough to load quickly. */
export const ACTIONS_PER_PAGE = 50
/** "Due within N days": at most a year ahead. */
export const DUE_WITHIN_MAX_DAYS = 366
/** Evidence files: what partnerships send as proof of change. */
const EVIDENCE_KINDS: readonly DocumentKind[] = ['pdf', 'docx', 'xlsx', 'png', 'jpeg']

export interface ActionSummary {
  readonly id: string
  readonly description: string
  readonly reviewId: string
  readonly reviewTitle: string
  readonly reviewPartnershipName: string
  readonly agencyId: string
  readonly agencyName: string
  readonly agencyPartnershipName: string
  readonly dueOn: CalendarDate
  /** The due date before it was first moved; null when never moved. */
  readonly originalDueOn: CalendarDate | null
  readonly status: ActionStatus
  readonly timeliness: ActionTimeliness
  readonly recheckOn: CalendarDate | null
}

/** What a list of actions is narrowed to; every part optional. */
export interface ActionFilters {
  readonly status?: ActionStatus
  readonly agencyId?: string
  readonly reviewId?: string
  readonly partnershipId?: string
  readonly overdue?: boolean
  readonly dueWithinDays?: number
  /** 1-based; absent: every matching action (exports, Your tasks). */
  readonly page?: number
}

export interface ActionListView {
  readonly actions: readonly ActionSummary[]
  readonly filters: ActionFilters
  /** The status the list is filtered by, if any. */
  readonly status: ActionStatus | null
  readonly total: number
  readonly page: number
  readonly pageCount: number
  /** May the actor assign new actions (the business unit)? */
  readonly canAssign: boolean
  /** The agencies, reviews and partnerships the filters offer. */
  readonly agencies: readonly { id: string; name: string }[]
  readonly reviews: readonly { id: string; title: string }[]
  readonly partnerships: readonly { id: string; name: string }[]
}

export interface EvidenceView {
  readonly id: string
  /** The progress update it came with. */
  readonly updateId: string | null
  readonly kind: 'file' | 'link'
  readonly fileName: string | null
  readonly sizeBytes: number | null
  readonly url: string | null
  readonly addedByName: string
  readonly addedAt: string
  readonly withdrawn: { at: string; byName: string | null; reason: string | null } | null
  readonly version: number
}

export interface ActionView extends ActionSummary {
  readonly sourceKind: ActionSourceKind
  readonly sourceText: string | null
  readonly sourcePosition: number | null
  readonly version: number
  readonly updates: readonly ActionUpdateRecord[]
  readonly evidence: readonly EvidenceView[]
  readonly dueDateRequests: readonly DueDateRequestRecord[]
  /** May this actor add progress updates (the owning agency, the business unit)? */
  readonly canUpdate: boolean
  /** Statuses this actor may choose in a progress update; empty when they may not update. */
  readonly statusChoices: readonly ActionStatus[]
  /** The review's page, when this actor may open it. */
  readonly reviewHref: string | null
  /** Assure, send back, close: the steps this actor may take now. */
  readonly steps: readonly Exclude<ActionStep, 'progress'>[]
  /** The agency may ask for a later due date: open, and none waiting for a decision. */
  readonly canRequestDueDate: boolean
  /** The request waiting for the business unit's decision, if any. */
  readonly pendingDueDateRequest: DueDateRequestRecord | null
  /** The business unit decides on due-date requests. */
  readonly canDecideDueDate: boolean
}

export interface ReviewForActions {
  readonly id: string
  readonly title: string
  readonly leadPartnershipName: string
  readonly learningPoints: number
  readonly recommendations: number
}

export interface NewActionOptions {
  readonly reviewId: string
  readonly reviewTitle: string
  readonly sources: readonly (ActionSourceRecord & { addressedToAgencyName: string | null })[]
  readonly agencies: readonly { id: string; name: string; partnershipName: string }[]
}

/** An evidence file as the form sent it: untrusted until checked by content. */
export interface EvidenceFileInput {
  readonly fileName: string
  readonly bytes: Uint8Array
  readonly mediaType: string | null
}

export interface ProgressUpdateWithEvidence extends ProgressUpdateInput {
  readonly evidenceLinks?: readonly (string | null | undefined)[]
  readonly file?: EvidenceFileInput | null
}

export interface ActionDashboard {
  readonly partnership: { id: string; name: string }
  readonly partnerships: readonly { id: string; name: string }[]
  readonly byAgency: readonly ActionTally[]
  readonly byReview: readonly ActionTally[]
  readonly trend: readonly MonthTally[]
  readonly totals: { total: number; completed: number; assured: number; overdue: number }
}

export type ExportFormat = 'csv' | 'xlsx' | 'docx'

const EXPORT_MEDIA_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: DOCUMENT_MEDIA_TYPES.xlsx,
  docx: DOCUMENT_MEDIA_TYPES.docx,
}

/** The filters in words, for the top of an export. */
function describeFilters(view: ActionListView): string {
  const parts: string[] = []
  const { filters } = view
  if (filters.status !== undefined) parts.push(`status ${ACTION_STATUS_NAMES[filters.status]}`)
  const agency = view.agencies.find((candidate) => candidate.id === filters.agencyId)
  if (agency) parts.push(`agency ${agency.name}`)
  const review = view.reviews.find((candidate) => candidate.id === filters.reviewId)
  if (review) parts.push(`review ${review.title}`)
  const partnership = view.partnerships.find((candidate) => candidate.id === filters.partnershipId)
  if (partnership) parts.push(`partnership ${partnership.name}`)
  if (filters.overdue === true) parts.push('overdue only')
  if (filters.dueWithinDays !== undefined) parts.push(`due within ${filters.dueWithinDays} days`)
  const count = `${view.actions.length} action${view.actions.length === 1 ? '' : 's'}`
  return parts.length === 0 ? `All ${count} you can see.` : `${count}: ${parts.join(', ')}.`
}

function scopeOf(record: ActionRecord, accessList: readonly string[]): ActionScope {
  return {
    agencyId: record.agencyId,
    agencyPartnershipId: record.agencyPartnershipId,
    reviewPartnershipId: record.reviewPartnershipId,
    reviewAccessRestricted: record.reviewAccessRestricted,
    reviewAccessList: accessList,
  }
}

/** Who this actor is to this action (see action-status.ts). */
function rolesOf(actor: Actor | null, scope: ActionScope): ActionRole[] {
  const roles: ActionRole[] = []
  if (canChangeAction(actor, scope)) roles.push('agency')
  if (canManageAction(actor, scope)) roles.push('business-unit')
  else if (canAssureAction(actor, scope)) roles.push('partner')
  return roles
}

function evidenceView(record: ActionEvidenceRecord): EvidenceView {
  return {
    id: record.id,
    updateId: record.updateId,
    kind: record.kind,
    fileName: record.fileName,
    sizeBytes: record.sizeBytes,
    url: record.url,
    addedByName: record.addedByName,
    addedAt: record.addedAt,
    withdrawn:
      record.withdrawnAt === null
        ? null
        : {
            at: record.withdrawnAt,
            byName: record.withdrawnByName,
            reason: record.withdrawnReason,
          },
    version: record.version,
  }
}

/** First day of the month `back` months before today's, as YYYY-MM-DD. */
function monthStart(today: CalendarDate, back: number): CalendarDate {
  const first = `${today.slice(0, 7)}-01` as CalendarDate
  return addCalendarMonths(first, -back)
}

/**
 * Pages of action plans kept worked out, the page each of a few hundred people
 * last opened or so: each is about 50 KB with its drawn content (routes.ts).
 */
const LIST_PAGES_KEPT = 200
/** Partnership dashboards kept worked out, as many as the statutory clocks dashboards. */
const DASHBOARDS_KEPT = 200

export class ActionPlanService {
  private readonly calendar: CalendarService
  // The list's pages and the dashboards are read far more often than the
  // actions change, and at national scale (100,000 actions) each is a query
  // over a partnership's hundreds of actions and a page to work out: each is
  // kept until the data changes (kept-views.ts), so a request that finds its
  // page kept reads one row, the audit trail's head.
  private readonly listPages = new KeptViews<ActionListView>(LIST_PAGES_KEPT)
  private readonly dashboards = new KeptViews<ActionDashboard>(DASHBOARDS_KEPT)

  constructor(private readonly context: ServiceContext) {
    this.calendar = new CalendarService(context)
  }

  // ── Reading ──────────────────────────────────────────────────────────────

  /**
   * The actions this actor may see that match the filters, soonest due first,
   * a page at a time when a page is asked for. Filters the actor cannot use
   * (an agency they cannot see) simply match nothing.
   */
  async list(actor: Actor | null, filters: ActionFilters = {}): Promise<ActionListView> {
    if (!actor || !canViewActionPlans(actor)) {
      throw new AccessDeniedError('Not allowed: action plans')
    }
    const today = this.calendar.today()
    if (filters.page === undefined) {
      // Every matching action (an export, Your tasks): worked out each time, never kept.
      return this.workOutList(actor, filters, today)
    }
    return this.listPages.get(
      this.context.db,
      JSON.stringify([actor.userId, filters]),
      [today, actor.memberships],
      () => this.workOutList(actor, filters, today),
    )
  }

  private async workOutList(
    actor: Actor,
    filters: ActionFilters,
    today: CalendarDate,
  ): Promise<ActionListView> {
    const { db } = this.context
    const dueSoonOn = addCalendarDays(today, DUE_SOON_DAYS)
    const visibility = actionListScope(actor)
    const page = filters.page === undefined ? null : Math.max(1, Math.floor(filters.page))
    const { records, total } = await searchActions(
      db,
      visibility,
      this.searchOf(filters, today),
      page === null ? null : { limit: ACTIONS_PER_PAGE, offset: (page - 1) * ACTIONS_PER_PAGE },
    )
    const options = await this.filterOptions(actor, visibility.staffPartnershipIds)
    return {
      actions: records.map((record) => this.summaryOf(record, today, dueSoonOn)),
      filters,
      status: filters.status ?? null,
      total,
      page: page ?? 1,
      pageCount: page === null ? 1 : Math.max(1, Math.ceil(total / ACTIONS_PER_PAGE)),
      canAssign: partnershipsWhere(actor, 'actions:manage').length > 0,
      ...options,
    }
  }

  /** One action with its updates. Actions the actor may not see are "not found". */
  async get(actor: Actor | null, actionId: string): Promise<ActionView> {
    const { db } = this.context
    const { record, scope } = await this.load(db, actor, actionId)
    const today = this.calendar.today()
    const review = await findReviewWork(db, record.reviewId)
    const canOpenReview =
      review !== undefined &&
      // The review's access list was read with the action: no need to read it again.
      reviewAccess(actor, accessScopeOf(review, scope.reviewAccessList)) === 'open'
    const status = this.statusOf(record)
    const roles = rolesOf(actor, scope)
    const canUpdate = roles.includes('agency') && stepRefusal('progress', status, roles) === null
    const requests = await listDueDateRequests(db, actionId)
    const pending = requests.find((request) => request.state === 'pending') ?? null
    return {
      ...this.summaryOf(record, today, addCalendarDays(today, DUE_SOON_DAYS)),
      sourceKind: record.sourceKind as ActionSourceKind,
      sourceText: record.sourceText,
      sourcePosition: record.sourcePosition,
      version: record.version,
      updates: await listActionUpdates(db, actionId),
      evidence: (await listActionEvidence(db, actionId)).map(evidenceView),
      dueDateRequests: requests,
      canUpdate,
      statusChoices: canUpdate ? progressStatusChoices(status) : [],
      steps: availableSteps(status, roles),
      canRequestDueDate: canUpdate && pending === null,
      pendingDueDateRequest: pending,
      canDecideDueDate: roles.includes('business-unit') && !isActionSettled(status),
      reviewHref: canOpenReview ? `/manage/reviews/${record.reviewId}` : null,
    }
  }

  /**
   * The partnership's dashboard (issue 10): its actions by agency and by
   * review, and the last 12 months' trend. Counts only what this actor may see.
   */
  async dashboard(actor: Actor | null, partnershipId?: string): Promise<ActionDashboard> {
    if (!actor || !canViewActionPlans(actor)) {
      throw new AccessDeniedError('Not allowed: action plans')
    }
    const visibility = actionListScope(actor)
    if (visibility.staffPartnershipIds.length === 0) {
      // An agency lead's view is their agency's list, not the partnership's.
      throw new AccessDeniedError('Not allowed: the partnership dashboard')
    }
    const today = this.calendar.today()
    return this.dashboards.get(
      this.context.db,
      JSON.stringify([actor.userId, partnershipId ?? null]),
      [today, actor.memberships],
      () => this.workOutDashboard(visibility, partnershipId, today),
    )
  }

  private async workOutDashboard(
    visibility: ReturnType<typeof actionListScope>,
    partnershipId: string | undefined,
    today: CalendarDate,
  ): Promise<ActionDashboard> {
    const partnerships = await this.partnershipsOf(visibility.staffPartnershipIds)
    const chosen =
      partnerships.find((partnership) => partnership.id === partnershipId) ?? partnerships[0]!
    const months = Array.from({ length: 12 }, (_, index) => {
      const from = monthStart(today, 11 - index)
      return { month: from.slice(0, 7), from, until: addCalendarMonths(from, 1) }
    })
    const groups = await tallyActionGroups(this.context.db, visibility, chosen.id, today, months)
    const { byAgency, byReview, trend, totals } = foldActionTallies(
      groups,
      months.map((month) => month.month),
    )
    return { partnership: chosen, partnerships, byAgency, byReview, trend, totals }
  }

  /**
   * Every action matching the filters as a file for the partnership's meeting
   * (CSV, Excel or Word). The download is audited: the plan leaves the service.
   */
  async exportPlan(
    actor: Actor | null,
    filters: ActionFilters,
    format: ExportFormat,
  ): Promise<{ fileName: string; mediaType: string; body: Buffer }> {
    const view = await this.list(actor, { ...filters, page: undefined })
    const at = this.context.now()
    const today = this.calendar.today()
    const scope = actionListScope(actor!)
    const partnershipId = filters.partnershipId ?? scope.staffPartnershipIds[0] ?? null
    const sheet: ActionPlanSheet = {
      title: 'Action plan',
      subtitle: `Exported on ${writtenDate(today)} by ${actor!.displayName}. ${describeFilters(view)}`,
      author: actor!.displayName,
      headers: [
        'Action',
        'Review',
        'Lead partnership',
        'Agency',
        'Agency partnership',
        'Due date',
        'Original due date',
        'Status',
        'Overdue',
        'Check again on',
      ],
      rows: view.actions.map((action) => [
        action.description,
        action.reviewTitle,
        action.reviewPartnershipName,
        action.agencyName,
        action.agencyPartnershipName,
        action.dueOn,
        action.originalDueOn ?? '',
        ACTION_STATUS_NAMES[action.status],
        action.timeliness === 'overdue' ? 'Yes' : 'No',
        action.recheckOn ?? '',
      ]),
    }
    const body =
      format === 'csv'
        ? actionPlanCsv(sheet)
        : format === 'xlsx'
          ? await actionPlanXlsx(sheet)
          : await actionPlanDocx(sheet)
    await this.context.db.transaction().execute((trx) =>
      recordAudit(trx, at, {
        actor: userActor(actor!),
        action: 'action-plan.exported',
        recordType: 'action-plan',
        recordId: partnershipId ?? actor!.userId,
        partnershipId,
        after: {
          format,
          actions: view.actions.length,
          filters: { ...filters, page: undefined },
        },
      }),
    )
    return {
      fileName: `action-plan-${today}.${format}`,
      mediaType: EXPORT_MEDIA_TYPES[format],
      body,
    }
  }

  /** An evidence file, for someone who may see the action; the download is audited. */
  async evidenceFile(
    actor: Actor | null,
    actionId: string,
    evidenceId: string,
  ): Promise<{ fileName: string; mediaType: string; content: Uint8Array }> {
    const { db } = this.context
    const { record } = await this.load(db, actor, actionId)
    const evidence = await findActionEvidence(db, evidenceId)
    if (
      !evidence ||
      evidence.actionId !== actionId ||
      evidence.kind !== 'file' ||
      evidence.withdrawnAt !== null ||
      evidence.documentId === null
    ) {
      throw new NotFoundError('No such evidence')
    }
    const document = await findDocumentContent(db, evidence.documentId)
    if (!document) throw new NotFoundError('No such evidence')
    await db.transaction().execute((trx) =>
      recordAudit(trx, this.context.now(), {
        actor: userActor(actor!),
        action: 'action.evidence-downloaded',
        recordType: 'action',
        recordId: actionId,
        partnershipId: record.reviewPartnershipId,
        after: { evidenceId, documentId: evidence.documentId },
      }),
    )
    return document
  }

  /** Reviews with learning the actor may assign actions for (the business unit's). */
  async reviewsForNewAction(actor: Actor | null): Promise<ReviewForActions[]> {
    const managed = this.managedPartnerships(actor)
    const reviews = await listReviewsWithLearning(this.context.db, managed)
    const lists = await accessListsOf(
      this.context.db,
      'review',
      reviews.filter((review) => review.accessRestricted).map((review) => review.id),
    )
    return reviews
      .filter(
        (review) =>
          !review.accessRestricted || (lists.get(review.id) ?? []).includes(actor!.userId),
      )
      .map((review) => ({
        id: review.id,
        title: review.title,
        leadPartnershipName: review.leadPartnershipName,
        learningPoints: review.learningPoints,
        recommendations: review.recommendations,
      }))
  }

  /** What the "Assign an action" form offers for a review. */
  async newActionOptions(actor: Actor | null, reviewId: string): Promise<NewActionOptions> {
    return this.optionsFor(this.context.db, actor, reviewId)
  }

  // ── Changing ─────────────────────────────────────────────────────────────

  /** Assigns a new action to an agency; it starts "not started". Audited. */
  async create(
    actor: Actor | null,
    reviewId: string,
    input: NewActionInput,
  ): Promise<{ id: string }> {
    return this.context.db.transaction().execute(async (trx) => {
      const options = await this.optionsFor(trx, actor, reviewId)
      const errors: FieldError[] = []
      const action = readNewAction(errors, input, {
        today: this.calendar.today(),
        sources: options.sources,
        agencyIds: options.agencies.map((agency) => agency.id),
      })
      if (action === null) throw new ValidationError(errors)
      const at = this.context.now()
      const id = randomUUID()
      await insertAction(trx, {
        id,
        reviewId,
        sourceKind: action.sourceKind,
        sourceId: action.sourceId,
        agencyId: action.agencyId,
        description: action.description,
        dueOn: action.dueOn,
        status: 'not-started',
        createdByUserId: actor!.userId,
        createdAt: at.toISOString(),
      })
      const saved = await findAction(trx, id)
      await recordAudit(trx, at, {
        actor: userActor(actor!),
        action: 'action.created',
        recordType: 'action',
        recordId: id,
        partnershipId: saved!.reviewPartnershipId,
        after: {
          reviewId,
          source: `${action.sourceKind}:${action.sourceId}`,
          agencyId: action.agencyId,
          agencyName: saved!.agencyName,
          dueOn: action.dueOn,
          status: 'not-started',
        },
      })
      return { id }
    })
  }

  /**
   * Records a progress update, the status it leaves the action in, and the
   * evidence that came with it (files checked by content, links checked as web
   * addresses). Completed needs evidence on the action. Refused as stale when
   * someone else changed the action since the page was loaded, so an agency's
   * "completed" never silently overwrites a sending back, or the other way round.
   */
  async addUpdate(
    actor: Actor | null,
    actionId: string,
    expectedVersion: number,
    input: ProgressUpdateWithEvidence,
  ): Promise<void> {
    const { db } = this.context
    const { scope } = await this.load(db, actor, actionId)
    if (!canChangeAction(actor, scope)) {
      throw new AccessDeniedError('Not allowed: only the owning agency and the business unit')
    }
    const errors: FieldError[] = []
    const links = (input.evidenceLinks ?? [])
      .slice(0, EVIDENCE_LINK_LIMITS.perUpdate)
      .map((link, index) =>
        readEvidenceLink(errors, index === 0 ? 'evidenceLink' : `evidenceLinks[${index}]`, link),
      )
      .filter((link): link is string => link !== null)
    if ((input.evidenceLinks ?? []).length > EVIDENCE_LINK_LIMITS.perUpdate) {
      errors.push({
        field: 'evidenceLink',
        message: `Add at most ${EVIDENCE_LINK_LIMITS.perUpdate} links in one update`,
      })
    }
    // The file is read (a PDF in its worker) before the transaction, never inside it.
    let file: Awaited<ReturnType<typeof inspectUpload>> | null = null
    if (input.file) {
      try {
        file = await inspectUpload({
          fileName: input.file.fileName,
          bytes: input.file.bytes,
          declaredMediaType: input.file.mediaType,
          accept: EVIDENCE_KINDS,
        })
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error
        errors.push(...error.errors)
      }
    }
    await db.transaction().execute(async (trx) => {
      const { record } = await this.load(trx, actor, actionId)
      const evidenceCount =
        (await countLiveActionEvidence(trx, actionId)) + links.length + (file === null ? 0 : 1)
      const update = readProgressUpdate(errors, input, {
        current: this.statusOf(record),
        evidenceCount,
      })
      if (update === null || errors.length > 0) throw new ValidationError(errors)
      const at = this.context.now()
      const iso = at.toISOString()
      const extras: ActionStatusExtras =
        update.status === 'completed' && record.status !== 'completed' ? { completedAt: iso } : {}
      await withSavedVersion(this.savedVersion(trx, actionId), () =>
        updateActionStatus(trx, actionId, expectedVersion, update.status, iso, extras),
      )
      const updateId = randomUUID()
      await insertActionUpdate(trx, {
        id: updateId,
        actionId,
        status: update.status,
        note: update.note,
        writtenByUserId: actor!.userId,
        writtenByName: actor!.displayName,
        writtenAt: iso,
      })
      const added: string[] = []
      if (file !== null && input.file) {
        const documentId = randomUUID()
        await insertDocument(trx, {
          id: documentId,
          partnershipId: record.reviewPartnershipId,
          recordType: 'action',
          recordId: actionId,
          fileName: file.fileName,
          kind: file.kind,
          mediaType: DOCUMENT_MEDIA_TYPES[file.kind],
          sizeBytes: input.file.bytes.length,
          sha256: createHash('sha256').update(input.file.bytes).digest('hex'),
          uploadedBy: actor!.userId,
          uploadedAt: iso,
          content: input.file.bytes,
          extractedText: file.extractedText,
        })
        added.push(await this.addEvidence(trx, actor!, actionId, updateId, { documentId }, iso))
      }
      for (const url of links) {
        added.push(await this.addEvidence(trx, actor!, actionId, updateId, { url }, iso))
      }
      await recordAudit(trx, at, {
        actor: userActor(actor!),
        action: 'action.updated',
        recordType: 'action',
        recordId: actionId,
        partnershipId: record.reviewPartnershipId,
        before: { status: record.status, version: expectedVersion },
        after: {
          status: update.status,
          version: expectedVersion + 1,
          evidenceAdded: added,
          files: file === null ? 0 : 1,
          links: links.length,
        },
      })
    })
  }

  /**
   * The business unit or a partner assures a completed action: the evidence of
   * impact, what they checked, and when the partnership checks again.
   */
  async assure(
    actor: Actor | null,
    actionId: string,
    expectedVersion: number,
    input: AssuranceInput,
  ): Promise<void> {
    await this.takeStep(actor, actionId, expectedVersion, 'assure', (errors) => {
      const assurance = readAssurance(errors, input, { today: this.calendar.today() })
      return assurance === null
        ? null
        : {
            note: `Assured. Evidence of impact: ${assurance.impact}`,
            update: assurance,
            extras: (iso) => ({ assuredAt: iso, recheckOn: assurance.recheckOn }),
            audit: { recheckOn: assurance.recheckOn },
          }
    })
  }

  /** Back to the agency with the reason: the evidence did not show the change. */
  async sendBack(
    actor: Actor | null,
    actionId: string,
    expectedVersion: number,
    input: { reason?: string | null },
  ): Promise<void> {
    await this.takeStep(actor, actionId, expectedVersion, 'send-back', (errors) => {
      const reason = readReason(
        errors,
        input.reason,
        'Enter why the action is sent back and what the agency needs to do',
      )
      return errors.length > 0
        ? null
        : { note: reason, extras: () => ({ completedAt: null, assuredAt: null, recheckOn: null }) }
    })
  }

  /** The business unit closes an action that will not be completed, with the reason. */
  async close(
    actor: Actor | null,
    actionId: string,
    expectedVersion: number,
    input: { reason?: string | null },
  ): Promise<void> {
    await this.takeStep(actor, actionId, expectedVersion, 'close', (errors) => {
      const reason = readReason(errors, input.reason, 'Enter why the action is closed')
      return errors.length > 0 ? null : { note: reason, extras: () => ({}) }
    })
  }

  /** The agency asks for a later due date, with the reason. Audited. */
  async requestDueDate(
    actor: Actor | null,
    actionId: string,
    input: DueDateRequestInput,
  ): Promise<void> {
    await this.context.db.transaction().execute(async (trx) => {
      const { record, scope } = await this.load(trx, actor, actionId)
      const status = this.statusOf(record)
      if (!canChangeAction(actor, scope) || isActionSettled(status)) {
        throw new AccessDeniedError('Not allowed: only the owning agency, while the action is open')
      }
      const errors: FieldError[] = []
      const pending = (await listDueDateRequests(trx, actionId)).some(
        (request) => request.state === 'pending',
      )
      if (pending) {
        errors.push({
          field: 'requestedOn',
          message:
            'A new due date has already been asked for: the business unit decides on it first',
        })
      }
      const request = readDueDateRequest(errors, input, {
        currentDueOn: record.dueOn as CalendarDate,
      })
      if (request === null || errors.length > 0) throw new ValidationError(errors)
      const at = this.context.now()
      const id = randomUUID()
      await insertDueDateRequest(trx, {
        id,
        actionId,
        currentDueOn: record.dueOn,
        requestedOn: request.requestedOn,
        reason: request.reason,
        requestedByUserId: actor!.userId,
        requestedByName: actor!.displayName,
        requestedAt: at.toISOString(),
      })
      await recordAudit(trx, at, {
        actor: userActor(actor!),
        action: 'action.due-date-requested',
        recordType: 'action',
        recordId: actionId,
        partnershipId: record.reviewPartnershipId,
        after: { requestId: id, currentDueOn: record.dueOn, requestedOn: request.requestedOn },
      })
    })
  }

  /**
   * The business unit agrees or refuses a later due date. Agreed, the action
   * takes the new date and keeps its original one (the first it was given), so
   * the partnership sees how far it has moved. Audited either way.
   */
  async decideDueDate(
    actor: Actor | null,
    actionId: string,
    requestId: string,
    expectedVersion: number,
    input: DueDateDecisionInput,
  ): Promise<'agreed' | 'refused'> {
    return this.context.db.transaction().execute(async (trx) => {
      const { record, scope } = await this.load(trx, actor, actionId)
      if (!canManageAction(actor, scope)) {
        throw new AccessDeniedError('Not allowed: only the business unit decides on due dates')
      }
      const request = (await listDueDateRequests(trx, actionId)).find(
        (candidate) => candidate.id === requestId,
      )
      if (!request) throw new NotFoundError('No such request')
      if (record.version !== expectedVersion || request.state !== 'pending') {
        await withSavedVersion(this.savedVersion(trx, actionId), () =>
          Promise.reject(new StaleVersionError('action', actionId)),
        )
      }
      const errors: FieldError[] = []
      const decision = readDueDateDecision(errors, input)
      if (decision === null) throw new ValidationError(errors)
      const at = this.context.now()
      const iso = at.toISOString()
      if (
        !(await decideDueDateRequest(trx, requestId, {
          state: decision.decision,
          byName: actor!.displayName,
          at: iso,
          note: decision.note,
        }))
      ) {
        throw new StaleVersionError('action', actionId)
      }
      // The version moves either way: the page that showed the request is now stale.
      await withSavedVersion(this.savedVersion(trx, actionId), () =>
        updateActionStatus(
          trx,
          actionId,
          expectedVersion,
          record.status,
          iso,
          decision.decision === 'agreed'
            ? {
                dueOn: request.requestedOn,
                originalDueOn: record.originalDueOn ?? record.dueOn,
              }
            : {},
        ),
      )
      await recordAudit(trx, at, {
        actor: userActor(actor!),
        action: `action.due-date-${decision.decision}`,
        recordType: 'action',
        recordId: actionId,
        partnershipId: record.reviewPartnershipId,
        before: { dueOn: record.dueOn, version: expectedVersion },
        after: {
          requestId,
          dueOn: decision.decision === 'agreed' ? request.requestedOn : record.dueOn,
          originalDueOn: record.originalDueOn ?? record.dueOn,
          version: expectedVersion + 1,
        },
      })
      return decision.decision
    })
  }

  /**
   * Withdraws evidence added by mistake (the wrong file, a broken link), with
   * the reason: never deleted, no longer served, and the action's story keeps
   * that it was there. Whoever may update the action may, while it is open.
   */
  async withdrawEvidence(
    actor: Actor | null,
    actionId: string,
    evidenceId: string,
    expectedVersion: number,
    input: { reason?: string | null },
  ): Promise<void> {
    await this.context.db.transaction().execute(async (trx) => {
      const { record, scope } = await this.load(trx, actor, actionId)
      if (!canChangeAction(actor, scope) || isActionSettled(this.statusOf(record))) {
        throw new AccessDeniedError('Not allowed: only the owning agency, while the action is open')
      }
      const evidence = await findActionEvidence(trx, evidenceId)
      if (!evidence || evidence.actionId !== actionId || evidence.withdrawnAt !== null) {
        throw new NotFoundError('No such evidence')
      }
      const errors: FieldError[] = []
      const reason = readReason(errors, input.reason, 'Enter why the evidence is being withdrawn')
      if (errors.length > 0) throw new ValidationError(errors)
      const at = this.context.now()
      const iso = at.toISOString()
      const withdrawn = await markActionEvidenceWithdrawn(trx, evidenceId, expectedVersion, {
        at: iso,
        byName: actor!.displayName,
        reason,
      })
      if (!withdrawn) throw new StaleVersionError('action evidence', evidenceId)
      if (evidence.documentId !== null) {
        await markDocumentWithdrawn(trx, evidence.documentId, 1, {
          at: iso,
          by: actor!.userId,
          reason,
        })
      }
      await recordAudit(trx, at, {
        actor: userActor(actor!),
        action: 'action.evidence-withdrawn',
        recordType: 'action',
        recordId: actionId,
        partnershipId: record.reviewPartnershipId,
        before: { evidenceId, kind: evidence.kind, version: expectedVersion },
        after: { evidenceId, withdrawn: true, reason, version: expectedVersion + 1 },
      })
    })
  }

  /** One piece of evidence, for its withdrawal page. */
  async evidenceForWithdrawal(
    actor: Actor | null,
    actionId: string,
    evidenceId: string,
  ): Promise<{ action: ActionView; evidence: EvidenceView }> {
    const action = await this.get(actor, actionId)
    const evidence = action.evidence.find((item) => item.id === evidenceId)
    if (!evidence || evidence.withdrawn !== null) throw new NotFoundError('No such evidence')
    if (!action.canUpdate) {
      throw new AccessDeniedError('Not allowed: only the owning agency, while the action is open')
    }
    return { action, evidence }
  }

  // ── Helpers ──────────────────────────────────────────────────────────────

  private async addEvidence(
    trx: Db,
    actor: Actor,
    actionId: string,
    updateId: string,
    what: { documentId: string } | { url: string },
    iso: string,
  ): Promise<string> {
    const id = randomUUID()
    await insertActionEvidence(trx, {
      id,
      actionId,
      updateId,
      kind: 'documentId' in what ? 'file' : 'link',
      documentId: 'documentId' in what ? what.documentId : null,
      url: 'url' in what ? what.url : null,
      addedByUserId: actor.userId,
      addedByName: actor.displayName,
      addedAt: iso,
    })
    return id
  }

  /** What the conflict page shows as "saved by someone else". */
  private savedVersion(trx: Db, actionId: string) {
    return async () => {
      const saved = await findAction(trx, actionId)
      const latest = (await listActionUpdates(trx, actionId)).at(-1)
      return saved
        ? labelledValues(ACTION_UPDATE_FIELDS, { status: saved.status, note: latest?.note })
        : null
    }
  }

  /** Assure, send back, close: the status machine decides, then one update records it. */
  private async takeStep(
    actor: Actor | null,
    actionId: string,
    expectedVersion: number,
    step: Exclude<ActionStep, 'progress'>,
    read: (errors: FieldError[]) => {
      note: string
      update?: { impact: string; checked: string; recheckOn: string }
      extras: (iso: string) => ActionStatusExtras
      audit?: Record<string, unknown>
    } | null,
  ): Promise<void> {
    await this.context.db.transaction().execute(async (trx) => {
      const { record, scope } = await this.load(trx, actor, actionId)
      const roles = rolesOf(actor, scope)
      const status = this.statusOf(record)
      // Who before when: a step that is never theirs is refused before a stale version is.
      if (!isStepFor(step, roles)) {
        throw new AccessDeniedError(
          stepRefusal(step, status, roles) ?? 'Not allowed: the business unit or a partner',
        )
      }
      // A conflict first: the page was read against an action that has moved on.
      if (record.version !== expectedVersion) {
        await withSavedVersion(this.savedVersion(trx, actionId), () =>
          Promise.reject(new StaleVersionError('action', actionId)),
        )
      }
      const errors: FieldError[] = []
      const refusal = stepRefusal(step, status, roles)
      if (refusal !== null) errors.push({ field: 'action', message: refusal })
      const result = read(errors)
      if (result === null || errors.length > 0) throw new ValidationError(errors)
      const to = STEP_RESULT[step]
      const at = this.context.now()
      const iso = at.toISOString()
      await withSavedVersion(this.savedVersion(trx, actionId), () =>
        updateActionStatus(trx, actionId, expectedVersion, to, iso, result.extras(iso)),
      )
      await insertActionUpdate(trx, {
        id: randomUUID(),
        actionId,
        status: to,
        note: result.note,
        writtenByUserId: actor!.userId,
        writtenByName: actor!.displayName,
        writtenAt: iso,
        impact: result.update?.impact ?? null,
        checked: result.update?.checked ?? null,
        recheckOn: result.update?.recheckOn ?? null,
      })
      await recordAudit(trx, at, {
        actor: userActor(actor!),
        action: `action.${to}`,
        recordType: 'action',
        recordId: actionId,
        partnershipId: record.reviewPartnershipId,
        before: { status: record.status, version: expectedVersion },
        after: { status: to, version: expectedVersion + 1, ...(result.audit ?? {}) },
      })
    })
  }

  private statusOf(record: ActionRecord): ActionStatus {
    return isActionStatus(record.status) ? record.status : ACTION_STATUSES[0]
  }

  private summaryOf(
    record: ActionRecord,
    today: CalendarDate,
    dueSoonOn: CalendarDate,
  ): ActionSummary {
    const status = this.statusOf(record)
    const dueOn = record.dueOn as CalendarDate
    return {
      id: record.id,
      description: record.description,
      reviewId: record.reviewId,
      reviewTitle: record.reviewTitle,
      reviewPartnershipName: record.reviewPartnershipName,
      agencyId: record.agencyId,
      agencyName: record.agencyName,
      agencyPartnershipName: record.agencyPartnershipName,
      dueOn,
      originalDueOn: record.originalDueOn as CalendarDate | null,
      status,
      timeliness: actionTimeliness({ status, dueOn }, today, dueSoonOn),
      recheckOn: record.recheckOn as CalendarDate | null,
    }
  }

  private searchOf(filters: ActionFilters, today: CalendarDate): ActionSearch {
    const days =
      filters.dueWithinDays === undefined
        ? undefined
        : Math.min(DUE_WITHIN_MAX_DAYS, Math.max(0, Math.floor(filters.dueWithinDays)))
    return {
      ...(filters.status === undefined ? {} : { statuses: [filters.status] }),
      ...(filters.agencyId === undefined ? {} : { agencyId: filters.agencyId }),
      ...(filters.reviewId === undefined ? {} : { reviewId: filters.reviewId }),
      ...(filters.partnershipId === undefined ? {} : { partnershipId: filters.partnershipId }),
      ...(filters.overdue === true ? { overdueBefore: today } : {}),
      ...(days === undefined ? {} : { dueBetween: [today, addCalendarDays(today, days)] }),
    }
  }

  private async partnershipsOf(ids: readonly string[]) {
    const found = await Promise.all(ids.map((id) => findPartnershipById(this.context.db, id)))
    return found
      .filter((partnership) => partnership !== undefined)
      .map((partnership) => ({ id: partnership.id, name: partnership.name }))
      .sort((a, b) => a.name.localeCompare(b.name))
  }

  /** What the list's filters offer: the agencies, reviews and partnerships this actor works with. */
  private async filterOptions(actor: Actor, staffPartnershipIds: readonly string[]) {
    const { db } = this.context
    const partnerships = await this.partnershipsOf(staffPartnershipIds)
    const ownAgencyIds = new Set(actionListScope(actor).ownAgencyIds)
    const agencies = new Map<string, string>()
    for (const partnership of partnerships) {
      for (const agency of await listAgencies(db, partnership.id)) {
        agencies.set(agency.id, agency.name)
      }
    }
    for (const membership of actor.memberships) {
      if (membership.agencyId === null || !ownAgencyIds.has(membership.agencyId)) continue
      for (const agency of await listAgencies(db, membership.partnershipId)) {
        if (agency.id === membership.agencyId) agencies.set(agency.id, agency.name)
      }
    }
    const withLearning = await listReviewsWithLearning(db, staffPartnershipIds)
    const lists = await accessListsOf(
      db,
      'review',
      withLearning.filter((review) => review.accessRestricted).map((review) => review.id),
    )
    // A restricted review's title is not offered to those off its access list.
    const reviews = withLearning
      .filter(
        (review) => !review.accessRestricted || (lists.get(review.id) ?? []).includes(actor.userId),
      )
      .map((review) => ({ id: review.id, title: review.title }))
    return {
      partnerships,
      agencies: [...agencies]
        .map(([id, name]) => ({ id, name }))
        .sort((a, b) => a.name.localeCompare(b.name)),
      reviews: reviews.sort((a, b) => a.title.localeCompare(b.title)),
    }
  }

  private async load(
    db: Db,
    actor: Actor | null,
    actionId: string,
  ): Promise<{ record: ActionRecord; scope: ActionScope }> {
    const record = await findAction(db, actionId)
    if (!record) throw new NotFoundError('No such action')
    const accessList = await accessListOf(db, 'review', {
      id: record.reviewId,
      accessRestricted: record.reviewAccessRestricted,
    })
    const scope = scopeOf(record, accessList)
    const access = actionAccess(actor, scope)
    // Those who may not see it are not told it exists.
    if (access === 'refused') throw new NotFoundError('No such action')
    if (access === 'administrator') {
      await auditAdministratorAccess(db, this.context.now(), actor!, {
        recordType: 'action',
        recordId: actionId,
        partnershipId: record.reviewPartnershipId,
      })
    }
    return { record, scope }
  }

  /** Partnerships where the actor runs action plans (the business unit's role). */
  private managedPartnerships(actor: Actor | null): string[] {
    if (!actor) throw new AccessDeniedError('Not allowed: actions:manage')
    const managed = partnershipsWhere(actor, 'actions:manage')
    if (managed.length === 0) throw new AccessDeniedError('Not allowed: actions:manage')
    return managed
  }

  private async optionsFor(db: Db, actor: Actor | null, reviewId: string) {
    this.managedPartnerships(actor)
    const review = await findReviewWork(db, reviewId)
    if (!review) throw new NotFoundError('No such review')
    const accessList = await accessListOf(db, 'review', review)
    const scope = accessScopeOf(review, accessList)
    const partnershipIds = [scope.leadPartnershipId, ...scope.participatingPartnershipIds]
    const partnershipAgencies = (
      await Promise.all(
        partnershipIds.map(async (partnershipId) =>
          (await listAgencies(db, partnershipId)).map((agency) => ({
            ...agency,
            partnershipName:
              partnershipId === review.leadPartnership.id
                ? review.leadPartnership.name
                : (review.participatingPartnerships.find((p) => p.id === partnershipId)?.name ??
                  ''),
          })),
        ),
      )
    ).flat()
    // A recommendation may be addressed to an agency of a partnership that is
    // not on the review (issue 8): that agency can be given the action too.
    const addressed = (await listAgenciesAddressedByReview(db, reviewId)).filter(
      (agency) => !partnershipAgencies.some((known) => known.id === agency.id),
    )
    const agencies = [...partnershipAgencies, ...addressed]
      // The agencies this actor may assign to: a lead partnership's coordinator
      // any of the review's; a participating one's, its own agencies.
      .filter((agency) =>
        canManageAction(actor, {
          agencyId: agency.id,
          agencyPartnershipId: agency.partnershipId,
          reviewPartnershipId: scope.leadPartnershipId,
          reviewAccessRestricted: scope.accessRestricted ?? false,
          reviewAccessList: accessList,
        }),
      )
    if (agencies.length === 0 || reviewAccess(actor, scope) === 'refused') {
      // Not the actor's review to plan for: as if it did not exist.
      throw new NotFoundError('No such review')
    }
    const names = new Map(agencies.map((agency) => [agency.id, agency.name]))
    const sources = (await listActionSources(db, reviewId)).map((source) => ({
      ...source,
      addressedToAgencyName:
        source.addressedToAgencyId === null
          ? null
          : (names.get(source.addressedToAgencyId) ?? null),
    }))
    return {
      reviewId,
      reviewTitle: review.title,
      sources,
      agencies: agencies.map((agency) => ({
        id: agency.id,
        name: agency.name,
        partnershipName: agency.partnershipName,
      })),
    }
  }
}
