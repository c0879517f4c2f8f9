// Agency action plans (DESIGN.md: recommendations → agency action plans →
// assurance). The business unit assigns an action to an agency for a learning
// point or recommendation of a review; the agency's lead reports progress; the
// business unit signs completed actions off. Agency leads see and change only
// their own agency's actions, wherever the review lives (issue 4): every read
// and write goes through the action policy in src/domain/access/policy.ts.
import { randomUUID } from 'node:crypto'
import type { Db } from '../../data/db.js'
import {
  findAction,
  insertAction,
  insertActionUpdate,
  listActionSources,
  listActionUpdates,
  listActions,
  listReviewsWithLearning,
  updateActionStatus,
  type ActionRecord,
  type ActionSourceRecord,
  type ActionUpdateRecord,
} from '../../data/repositories/actions/action-repository.js'
import { listAgencies } from '../../data/repositories/partnership-repository.js'
import { listAgenciesAddressedByReview } from '../../data/repositories/review-findings-repository.js'
import { accessListsOf } from '../../data/repositories/record-access-repository.js'
import { findReviewWork } from '../../data/repositories/review-work-repository.js'
import {
  actionAccess,
  canChangeAction,
  canManageAction,
  canViewActionPlans,
  partnershipsWhere,
  type ActionScope,
} from '../../domain/access/policy.js'
import type { Actor } from '../../domain/access/roles.js'
import {
  ACTION_STATUSES,
  actionTimeliness,
  isActionStatus,
  readNewAction,
  readProgressUpdate,
  readReopenReason,
  readSignOffNote,
  reopenRefusal,
  signOffRefusal,
  statusChoices,
  type ActionSourceKind,
  type ActionStatus,
  type ActionTimeliness,
  type NewActionInput,
  type ProgressUpdateInput,
} from '../../domain/actions/action-plan.js'
import { addCalendarDays, type CalendarDate } from '../../domain/calendar/calendar-date.js'
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

/** Due soon: within two weeks, the usual cycle of agency reporting. */
const DUE_SOON_DAYS = 14

export interface ActionSummary {
  readonly id: string
  readonly description: string
  readonly reviewTitle: string
  readonly reviewPartnershipName: string
  readonly agencyName: string
  readonly agencyPartnershipName: string
  readonly dueOn: CalendarDate
  readonly status: ActionStatus
  readonly timeliness: ActionTimeliness
}

export interface ActionListView {
  readonly actions: readonly ActionSummary[]
  /** The status the list is filtered by, if any. */
  readonly status: ActionStatus | null
  readonly counts: Readonly<Record<ActionTimeliness, number>>
  /** May the actor assign new actions (the business unit)? */
  readonly canAssign: boolean
}

export interface ActionView extends ActionSummary {
  readonly reviewId: string
  readonly sourceKind: ActionSourceKind
  readonly sourceText: string | null
  readonly sourcePosition: number | null
  readonly version: number
  readonly updates: readonly ActionUpdateRecord[]
  /** May this actor add progress updates (the owning agency, the business unit)? */
  readonly canUpdate: boolean
  /** Statuses this actor may choose in a progress update; empty when they may not update. */
  readonly statusChoices: readonly ActionStatus[]
  /** The review's page, when this actor may open it. */
  readonly reviewHref: string | null
  /** The business unit, on a completed action: its own "Sign off this action" step. */
  readonly canSignOff: boolean
  /** The business unit, on a signed-off action: "Reopen this action". */
  readonly canReopen: boolean
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

function scopeOf(record: ActionRecord, accessList: readonly string[]): ActionScope {
  return {
    agencyId: record.agencyId,
    agencyPartnershipId: record.agencyPartnershipId,
    reviewPartnershipId: record.reviewPartnershipId,
    reviewAccessRestricted: record.reviewAccessRestricted,
    reviewAccessList: accessList,
  }
}

export class ActionPlanService {
  private readonly calendar: CalendarService

  constructor(private readonly context: ServiceContext) {
    this.calendar = new CalendarService(context)
  }

  // ── Reading ──────────────────────────────────────────────────────────────

  /** The actions this actor may see, soonest due first, optionally of one status. */
  async list(actor: Actor | null, statusFilter?: unknown): Promise<ActionListView> {
    if (!canViewActionPlans(actor)) throw new AccessDeniedError('Not allowed: action plans')
    const status =
      typeof statusFilter === 'string' && isActionStatus(statusFilter) ? statusFilter : null
    const visible = await this.visibleActions(this.context.db, actor)
    const today = this.calendar.today()
    const dueSoonOn = addCalendarDays(today, DUE_SOON_DAYS)
    const summaries = visible.map((record) => this.summaryOf(record, today, dueSoonOn))
    const counts: Record<ActionTimeliness, number> = {
      overdue: 0,
      'due-soon': 0,
      'on-track': 0,
      finished: 0,
    }
    for (const summary of summaries) counts[summary.timeliness] += 1
    return {
      actions: status === null ? summaries : summaries.filter((action) => action.status === status),
      status,
      counts,
      canAssign: partnershipsWhere(actor!, 'actions:manage').length > 0,
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
    return {
      ...this.summaryOf(record, today, addCalendarDays(today, DUE_SOON_DAYS)),
      reviewId: record.reviewId,
      sourceKind: record.sourceKind as ActionSourceKind,
      sourceText: record.sourceText,
      sourcePosition: record.sourcePosition,
      version: record.version,
      updates: await listActionUpdates(db, actionId),
      canUpdate: canChangeAction(actor, scope),
      statusChoices: canChangeAction(actor, scope)
        ? statusChoices(record.status as ActionStatus)
        : [],
      canSignOff: canManageAction(actor, scope) && record.status === 'completed',
      canReopen: canManageAction(actor, scope) && record.status === 'signed-off',
      reviewHref: canOpenReview ? `/manage/reviews/${record.reviewId}` : null,
    }
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
   * Records a progress update and the status it leaves the action in. Refused
   * as stale when someone else updated the action since the page was loaded, so
   * an agency's "completed" never silently overwrites the business unit's
   * reopening, or the other way round.
   */
  async addUpdate(
    actor: Actor | null,
    actionId: string,
    expectedVersion: number,
    input: ProgressUpdateInput,
  ): Promise<void> {
    await this.context.db.transaction().execute(async (trx) => {
      const { record, scope } = await this.load(trx, actor, actionId)
      if (!canChangeAction(actor, scope)) {
        throw new AccessDeniedError('Not allowed: only the owning agency and the business unit')
      }
      const errors: FieldError[] = []
      const update = readProgressUpdate(errors, input, {
        current: record.status as ActionStatus,
      })
      if (update === null) throw new ValidationError(errors)
      const at = this.context.now()
      await withSavedVersion(
        async () => {
          const saved = await findAction(trx, actionId)
          const latest = (await listActionUpdates(trx, actionId)).at(-1)
          return saved
            ? labelledValues(ACTION_UPDATE_FIELDS, { status: saved.status, note: latest?.note })
            : null
        },
        () => updateActionStatus(trx, actionId, expectedVersion, update.status, at.toISOString()),
      )
      await insertActionUpdate(trx, {
        id: randomUUID(),
        actionId,
        status: update.status,
        note: update.note,
        writtenByUserId: actor!.userId,
        writtenByName: actor!.displayName,
        writtenAt: at.toISOString(),
      })
      await recordAudit(trx, at, {
        actor: userActor(actor!),
        action: 'action.updated',
        recordType: 'action',
        recordId: actionId,
        partnershipId: record.reviewPartnershipId,
        before: { status: record.status, version: expectedVersion },
        after: { status: update.status, version: expectedVersion + 1 },
      })
    })
  }

  /**
   * The business unit signs a completed action off: its assurance that the
   * practice changed (issue 8: a step of its own, not a status in a progress
   * update). The note says what assured it; optional.
   */
  async signOff(
    actor: Actor | null,
    actionId: string,
    expectedVersion: number,
    noteText: string | null,
  ): Promise<void> {
    await this.assure(actor, actionId, expectedVersion, {
      to: 'signed-off',
      refusal: signOffRefusal,
      note: (errors) => readSignOffNote(errors, noteText),
      audit: 'action.signed-off',
    })
  }

  /** The business unit reopens a signed-off action when the change did not stick. */
  async reopen(
    actor: Actor | null,
    actionId: string,
    expectedVersion: number,
    reasonText: string | null,
  ): Promise<void> {
    await this.assure(actor, actionId, expectedVersion, {
      to: 'in-progress',
      refusal: reopenRefusal,
      note: (errors) => readReopenReason(errors, reasonText),
      audit: 'action.reopened',
    })
  }

  private async assure(
    actor: Actor | null,
    actionId: string,
    expectedVersion: number,
    step: {
      to: ActionStatus
      refusal: (current: ActionStatus) => string | null
      note: (errors: FieldError[]) => string
      audit: string
    },
  ): Promise<void> {
    await this.context.db.transaction().execute(async (trx) => {
      const { record, scope } = await this.load(trx, actor, actionId)
      if (!canManageAction(actor, scope)) {
        throw new AccessDeniedError('Not allowed: only the business unit signs off and reopens')
      }
      const savedVersion = async () => {
        const saved = await findAction(trx, actionId)
        const latest = (await listActionUpdates(trx, actionId)).at(-1)
        return saved
          ? labelledValues(ACTION_UPDATE_FIELDS, { status: saved.status, note: latest?.note })
          : null
      }
      // A conflict first: the page was read against an action that has moved on.
      if (record.version !== expectedVersion) {
        await withSavedVersion(savedVersion, () =>
          Promise.reject(new StaleVersionError('action', actionId)),
        )
      }
      const errors: FieldError[] = []
      const refusal = step.refusal(record.status as ActionStatus)
      if (refusal !== null) errors.push({ field: 'action', message: refusal })
      const note = step.note(errors)
      if (errors.length > 0) throw new ValidationError(errors)
      const at = this.context.now()
      await withSavedVersion(savedVersion, () =>
        updateActionStatus(trx, actionId, expectedVersion, step.to, at.toISOString()),
      )
      await insertActionUpdate(trx, {
        id: randomUUID(),
        actionId,
        status: step.to,
        note,
        writtenByUserId: actor!.userId,
        writtenByName: actor!.displayName,
        writtenAt: at.toISOString(),
      })
      await recordAudit(trx, at, {
        actor: userActor(actor!),
        action: step.audit,
        recordType: 'action',
        recordId: actionId,
        partnershipId: record.reviewPartnershipId,
        before: { status: record.status, version: expectedVersion },
        after: { status: step.to, version: expectedVersion + 1, noteGiven: note !== '' },
      })
    })
  }

  // ── Helpers ──────────────────────────────────────────────────────────────

  private summaryOf(record: ActionRecord, today: CalendarDate, dueSoonOn: CalendarDate) {
    const status = isActionStatus(record.status) ? record.status : ACTION_STATUSES[0]
    const dueOn = record.dueOn as CalendarDate
    return {
      id: record.id,
      description: record.description,
      reviewTitle: record.reviewTitle,
      reviewPartnershipName: record.reviewPartnershipName,
      agencyName: record.agencyName,
      agencyPartnershipName: record.agencyPartnershipName,
      dueOn,
      status,
      timeliness: actionTimeliness({ status, dueOn }, today, dueSoonOn),
    }
  }

  /** Every action the policy lets this actor see, from the candidates of their memberships. */
  private async visibleActions(db: Db, actor: Actor | null): Promise<ActionRecord[]> {
    if (!actor) return []
    const candidates = await listActions(db, {
      agencyIds: actor.memberships.flatMap((membership) =>
        membership.agencyId === null ? [] : [membership.agencyId],
      ),
      partnershipIds: actor.memberships.map((membership) => membership.partnershipId),
    })
    const lists = await accessListsOf(db, 'review', [
      ...new Set(candidates.filter((c) => c.reviewAccessRestricted).map((c) => c.reviewId)),
    ])
    // Administrators see restricted reviews' actions only when they open one (audited).
    return candidates.filter(
      (record) => actionAccess(actor, scopeOf(record, lists.get(record.reviewId) ?? [])) === 'open',
    )
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
