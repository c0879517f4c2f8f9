// "Your tasks" (issue 8): what waits for this person, by what they do. Nothing
// is stored: each list is read through the services that own the records
// (incidents, rapid reviews, reviews, action plans, statutory clocks), so their
// access rules apply unchanged, and then narrowed further to the records the
// person may open as themselves. An administrator's right to open a restricted
// record (audited each time) is for oversight, not work: it never puts a
// restricted record on anyone's task list, and listing tasks audits nothing.
//
// Also the list of rapid reviews a person can see (/manage/rapid-reviews).
import {
  can,
  canCommissionReview,
  canViewActionPlans,
  partnershipsWhere,
} from '../../domain/access/policy.js'
import type { Actor } from '../../domain/access/roles.js'
import { compareDates, type CalendarDate } from '../../domain/calendar/calendar-date.js'
import { STATUTORY_PARTNER_NAMES } from '../../domain/rapid-reviews/rapid-review.js'
import {
  RAPID_REVIEW_STATE_NAMES,
  isRapidReviewState,
  type RapidReviewState,
} from '../../domain/rapid-reviews/rapid-review-lifecycle.js'
import { REQUEST_KIND_NAMES } from '../../domain/reviews/checkpoints.js'
import { REVIEW_STAGE_NAMES } from '../../domain/reviews/stages.js'
import type { ClockStatus } from '../../domain/statutory/deadlines.js'
import { findRapidReview } from '../../data/repositories/rapid-review-repository.js'
import { findReviewWork } from '../../data/repositories/review-work-repository.js'
import { ActionPlanService } from '../actions/action-plan-service.js'
import { CalendarService } from '../calendar-service.js'
import type { ServiceContext } from '../context.js'
import { childrenLabel } from '../incident-documents.js'
import { IncidentService } from '../incident-service.js'
import type { IncidentView } from '../incident-views.js'
import { RapidReviewService } from '../rapid-review-service.js'
import { accessListOf, incidentAccess, reviewAccess } from '../record-access.js'
import { accessScopeOf } from '../review-views.js'
import { ReviewService } from '../review-service.js'
import { StatutoryClocksService } from '../statutory-clocks-service.js'

/** One thing waiting for the person, with the page where it is done. */
export interface Task {
  readonly text: string
  readonly href: string
  /** What it is about: the children's pseudonyms, a review's title, an agency. */
  readonly about: string
  readonly dueOn: CalendarDate | null
  /** A statutory clock's reading, when the task is one (domain/statutory/clock-wording). */
  readonly clock: { readonly status: ClockStatus; readonly workingDaysLeft: number | null } | null
  /** Overdue or due soon, for things that are not statutory clocks (actions, requests). */
  readonly urgency: 'overdue' | 'due-soon' | null
}

export const TASK_GROUPS = [
  'signatures',
  'review-work',
  'agency-actions',
  'deadlines',
  'agency-requests',
  'actions-to-sign-off',
] as const
export type TaskGroupKey = (typeof TASK_GROUPS)[number]

export interface TaskGroup {
  readonly key: TaskGroupKey
  readonly tasks: readonly Task[]
}

export interface YourTasks {
  readonly today: CalendarDate
  /** Only the groups that go with the person's roles, in TASK_GROUPS order. */
  readonly groups: readonly TaskGroup[]
}

/** A rapid review in the list of those the person can see. */
export interface RapidReviewListItem {
  readonly id: string
  readonly href: string
  readonly pseudonyms: string
  readonly partnershipName: string
  readonly state: RapidReviewState
  readonly stateName: string
  readonly startedOn: CalendarDate
  readonly dueOn: CalendarDate | null
  readonly clock: { readonly status: ClockStatus; readonly workingDaysLeft: number | null } | null
}

const byDue = (a: Task, b: Task) =>
  a.dueOn === null ? 1 : b.dueOn === null ? -1 : compareDates(a.dueOn, b.dueOn)

export class TasksService {
  private readonly incidents: IncidentService
  private readonly rapidReviews: RapidReviewService
  private readonly reviews: ReviewService
  private readonly actionPlans: ActionPlanService
  private readonly clocks: StatutoryClocksService
  private readonly calendar: CalendarService

  constructor(private readonly context: ServiceContext) {
    this.incidents = new IncidentService(context)
    this.rapidReviews = new RapidReviewService(context)
    this.reviews = new ReviewService(context)
    this.actionPlans = new ActionPlanService(context)
    this.clocks = new StatutoryClocksService(context)
    this.calendar = new CalendarService(context)
  }

  /** Everything waiting for this person, by what they do. */
  async forPerson(actor: Actor): Promise<YourTasks> {
    const groups: TaskGroup[] = []
    const add = (key: TaskGroupKey, tasks: Task[]) => groups.push({ key, tasks: tasks.sort(byDue) })
    const worked = await this.incidentsWorkedOn(actor)
    // Statutory partners' delegates: their signature on a decision (S8).
    if (can(actor, 'rapid-reviews:sign-off'))
      add('signatures', await this.signatures(actor, worked))
    // Reviewers: the reviews that name them (S10).
    const named = await this.namedReviews(actor)
    if (named !== null) add('review-work', named)
    // Agency leads: their agency's actions.
    if (can(actor, 'actions:update-own-agency'))
      add('agency-actions', await this.agencyActions(actor))
    // The business unit: deadlines (S3, S6, S12), agencies' late answers, assurance.
    if (can(actor, 'incidents:manage')) {
      add('deadlines', await this.deadlines(actor))
      add('agency-requests', await this.overdueAgencyRequests(actor, worked))
    }
    if (can(actor, 'actions:manage')) add('actions-to-sign-off', await this.actionsToSignOff(actor))
    return { today: this.calendar.today(), groups }
  }

  /**
   * Only the rapid reviews awaiting this person's signature (S8), as in
   * forPerson: the signature reminders' list, without working out the rest.
   */
  async signaturesFor(actor: Actor): Promise<Task[]> {
    if (!can(actor, 'rapid-reviews:sign-off')) return []
    return (await this.signatures(actor, await this.incidentsWorkedOn(actor))).sort(byDue)
  }

  /** The rapid reviews the person can see, newest first, with their state and S6 clock. */
  async rapidReviewList(actor: Actor): Promise<RapidReviewListItem[]> {
    if (!can(actor, 'incidents:read')) return []
    const incidents = (await this.incidents.list(actor)).filter(
      (incident) => incident.rapidReviewId !== null,
    )
    const items: RapidReviewListItem[] = []
    for (const incident of incidents) {
      // Read as a list reads (the incidents list shows a restricted incident to
      // its partnership's administrators without auditing): the state only.
      const record = await findRapidReview(this.context.db, incident.rapidReviewId!)
      if (!record) continue
      const state = isRapidReviewState(record.state) ? record.state : 'in-progress'
      items.push({
        id: record.id,
        href: `/manage/rapid-reviews/${record.id}`,
        pseudonyms: childrenLabel(incident),
        partnershipName: incident.partnership.name,
        state,
        stateName: RAPID_REVIEW_STATE_NAMES[state],
        startedOn: record.startedOn as CalendarDate,
        dueOn: incident.rapidReviewDueOn,
        clock: incident.clocks.rapidReview,
      })
    }
    return items.sort(
      (a, b) => compareDates(b.startedOn, a.startedOn) || a.pseudonyms.localeCompare(b.pseudonyms),
    )
  }

  /**
   * Incidents with a rapid review that this person may open as themselves
   * (not only as an administrator of a restricted record).
   */
  private async incidentsWorkedOn(actor: Actor): Promise<IncidentView[]> {
    if (!can(actor, 'incidents:read')) return []
    const withRapidReview = (await this.incidents.list(actor)).filter(
      (incident) => incident.rapidReviewId !== null && incident.state !== 'closed',
    )
    const open: IncidentView[] = []
    for (const incident of withRapidReview) {
      const access = await incidentAccess(this.context.db, actor, {
        id: incident.id,
        partnershipId: incident.partnership.id,
        accessRestricted: incident.accessRestricted,
      })
      if (access === 'open') open.push(incident)
    }
    return open
  }

  private async signatures(actor: Actor, incidents: readonly IncidentView[]): Promise<Task[]> {
    const tasks: Task[] = []
    for (const incident of incidents) {
      if (incident.rapidReviewSentOn !== null) continue
      const view = await this.rapidReviews.get(actor, incident.rapidReviewId!)
      if (view.state !== 'awaiting-sign-off') continue
      const signed = new Set(
        view.signOffs.filter((signOff) => signOff.signedOn !== null).map((s) => s.partner),
      )
      // Each delegate signs for its own statutory partner only (S8); once it has
      // signed, nothing is left for it to do here.
      const options = (await this.rapidReviews.signingOptions(actor, view.id)).options.filter(
        (partner) => !signed.has(partner),
      )
      if (options.length === 0) continue
      tasks.push({
        text: `Sign off the rapid review’s decision for ${options.map((p) => STATUTORY_PARTNER_NAMES[p]).join(' or ')}`,
        href: `/manage/rapid-reviews/${view.id}/sign-off`,
        about: childrenLabel(incident),
        // By the partnership's own timetable's sign-off day (issue 8), which
        // may be earlier than the statutory 15 working days (S6).
        dueOn:
          view.milestones.find((milestone) => milestone.key === 'sign-off')?.dueOn ??
          incident.rapidReviewDueOn,
        clock: incident.clocks.rapidReview,
        urgency: null,
      })
    }
    return tasks
  }

  /** The stages and checkpoints not done of the reviews naming this person; null if none does. */
  private async namedReviews(actor: Actor): Promise<Task[] | null> {
    if (!can(actor, 'reviews:read-internal')) return null
    const tasks: Task[] = []
    let namedOnAny = false
    for (const summary of await this.reviews.listInProgress(actor)) {
      // Named on it, and let in as themselves: an administrator's audited
      // opening of a restricted review is not work waiting for them.
      const work = await findReviewWork(this.context.db, summary.id)
      if (!work || !work.reviewers.some((reviewer) => reviewer.userId === actor.userId)) continue
      const scope = accessScopeOf(work, await accessListOf(this.context.db, 'review', work))
      if (reviewAccess(actor, scope) !== 'open') continue
      const review = await this.reviews.get(actor, summary.id)
      namedOnAny = true
      const href = `/manage/reviews/${review.id}`
      const about = `${review.title} (${review.childPseudonym})`
      for (const stage of review.stages) {
        if (stage.status === 'completed') continue
        tasks.push({
          text: `${REVIEW_STAGE_NAMES[stage.stage]}: ${stage.status === 'in-progress' ? 'in progress' : 'not started'}`,
          href: `${href}/stages/${stage.stage}`,
          about,
          dueOn: review.targetOn,
          clock: null,
          urgency: null,
        })
      }
      for (const checkpoint of review.checkpoints) {
        const request = checkpoint.request
        if (request === null || request.respondedOn !== null) continue
        tasks.push({
          text: `Monitoring checkpoint: ${REQUEST_KIND_NAMES[request.kind]} awaited`,
          href: `${href}#checkpoints`,
          about,
          dueOn: request.dueOn,
          clock: null,
          urgency: request.status === 'overdue' ? 'overdue' : null,
        })
      }
    }
    return namedOnAny || tasks.length > 0 ? tasks : null
  }

  private async agencyActions(actor: Actor): Promise<Task[]> {
    const agencies = new Set(
      actor.memberships.flatMap((membership) =>
        membership.agencyId === null ? [] : [membership.agencyId],
      ),
    )
    if (agencies.size === 0) return []
    const { actions } = await this.actionPlans.list(actor)
    const tasks: Task[] = []
    for (const action of actions) {
      if (action.timeliness !== 'overdue' && action.timeliness !== 'due-soon') continue
      // Their own agency's, not every action their partnership can see.
      const full = await this.actionPlans.get(actor, action.id)
      if (!full.canUpdate) continue
      tasks.push({
        text: action.description,
        href: `/manage/actions/${action.id}`,
        about: `${action.agencyName}, ${action.reviewTitle}`,
        dueOn: action.dueOn,
        clock: null,
        urgency: action.timeliness,
      })
    }
    return tasks
  }

  private async deadlines(actor: Actor): Promise<Task[]> {
    const managed = new Set(partnershipsWhere(actor, 'incidents:manage'))
    const open = await this.clocks.openDeadlines(actor)
    return open
      .filter((deadline) => deadline.status === 'overdue' || deadline.status === 'due-soon')
      .filter((deadline) =>
        deadline.record.kind === 'review'
          ? canCommissionReview(actor, deadline.partnership.id)
          : managed.has(deadline.partnership.id),
      )
      .map((deadline) => ({
        text: DEADLINE_TASKS[deadline.rule],
        href: deadline.record.path,
        about: `${deadline.pseudonyms} (${deadline.partnership.name})`,
        dueOn: deadline.dueOn,
        clock: { status: deadline.status, workingDaysLeft: deadline.workingDaysLeft },
        urgency: null,
      }))
  }

  private async overdueAgencyRequests(
    actor: Actor,
    incidents: readonly IncidentView[],
  ): Promise<Task[]> {
    const managed = new Set(partnershipsWhere(actor, 'incidents:manage'))
    const tasks: Task[] = []
    for (const incident of incidents) {
      if (!managed.has(incident.partnership.id) || incident.rapidReviewSentOn !== null) continue
      const view = await this.rapidReviews.get(actor, incident.rapidReviewId!)
      for (const request of view.agencyRequests) {
        if (request.status !== 'overdue') continue
        tasks.push({
          text: `Chase ${request.agencyName}: its information for the rapid review is overdue`,
          href: `/manage/rapid-reviews/${view.id}/agency-requests/${request.id}`,
          about: childrenLabel(incident),
          dueOn: request.dueOn,
          clock: null,
          urgency: 'overdue',
        })
      }
    }
    return tasks
  }

  private async actionsToSignOff(actor: Actor): Promise<Task[]> {
    if (!canViewActionPlans(actor)) return []
    const { actions } = await this.actionPlans.list(actor, { status: 'completed' })
    const tasks: Task[] = []
    for (const action of actions) {
      const full = await this.actionPlans.get(actor, action.id)
      // Only those this person may assure (their partnership's, on the access
      // list): assurance is its own step (issues 8 and 10), not a status choice.
      if (!full.steps.includes('assure')) continue
      tasks.push({
        text: `Assure: ${action.description}`,
        href: `/manage/actions/${action.id}`,
        about: `${action.agencyName}, ${action.reviewTitle}`,
        dueOn: action.dueOn,
        clock: null,
        urgency: null,
      })
    }
    return tasks
  }
}

const DEADLINE_TASKS: Record<'S3' | 'S6' | 'S12' | 'S16' | 'S18', string> = {
  S3: 'Notify the Panel (S3)',
  S6: 'Complete the rapid review and send it to the Panel (S6)',
  S12: 'Receive the review’s final report (S12)',
  S16: 'Send the report to the Panel before publication (S16)',
  S18: 'Receive the review’s final report (S18)',
}
