// The statutory clocks across a person's work: every open deadline they can see
// (S3 notification, S6 rapid review, S12/S18 review target, S16 the report to
// the Panel before a planned publication), and how the
// deadlines of the last 12 months went. Nothing here is stored: the rows are
// gathered through the incident and review services (so their access rules
// apply unchanged) and every deadline is computed on read from stored dates.
import { can } from '../domain/access/policy.js'
import type { Actor } from '../domain/access/roles.js'
import { compareDates, type CalendarDate } from '../domain/calendar/calendar-date.js'
import type { ClockReading } from '../domain/statutory/deadlines.js'
import {
  bucketByMonthDue,
  monthsEndingWith,
  type CompletedDeadline,
  type DeadlineKind,
  type MonthOfOutcomes,
} from '../domain/statutory/on-time-history.js'
import { readAuditHeadSequence } from '../data/repositories/audit-repository.js'
import {
  listPlannedPublications,
  type PlannedPublication,
} from '../data/repositories/publishing/publication-repository.js'
import { isGuidanceEdition } from '../domain/statutory/periods.js'
import { PublicationService } from './publishing/publication-service.js'
import { CalendarService } from './calendar-service.js'
import type { ServiceContext } from './context.js'
import { childrenLabel } from './incident-documents.js'
import { IncidentService } from './incident-service.js'
import type { IncidentClocksView } from './incident-views.js'
import { ReviewService, type ReviewSummary } from './review-service.js'

/** The kind of record a deadline belongs to (the dashboard's "kind" filter). */
export const CLOCK_RECORD_KINDS = ['incident', 'rapid-review', 'review'] as const
export type ClockRecordKind = (typeof CLOCK_RECORD_KINDS)[number]

export function isClockRecordKind(value: unknown): value is ClockRecordKind {
  return typeof value === 'string' && (CLOCK_RECORD_KINDS as readonly string[]).includes(value)
}

export type OpenClockStatus = 'on-track' | 'due-soon' | 'overdue'

export interface ClockPartnership {
  readonly id: string
  readonly slug: string
  readonly name: string
}

/** One deadline not yet met, as the dashboard and the calendar feed show it. */
export interface OpenDeadline {
  /**
   * Stable for the same deadline of the same case, whatever record carries it:
   * the S6 deadline keeps its key when a rapid review is started, so a
   * calendar client updates its event instead of adding a second one.
   */
  readonly key: string
  readonly deadline: DeadlineKind
  /** The statutory rule the deadline comes from. */
  readonly rule: 'S3' | 'S6' | 'S12' | 'S16' | 'S18'
  readonly record: { readonly kind: ClockRecordKind; readonly id: string; readonly path: string }
  /** Children's pseudonyms only: never a restricted identity field. */
  readonly pseudonyms: string
  /** The incident's case reference (WSCP-2026-014) for incident and rapid review deadlines. */
  readonly caseReference?: string
  /** The partnership the record belongs to (a review's lead partnership). */
  readonly partnership: ClockPartnership
  /** Every partnership the record is shared with, for the partnership filter. */
  readonly partnershipIds: readonly string[]
  readonly dueOn: CalendarDate
  readonly status: OpenClockStatus
  /** Working days from today: negative when overdue; null when the calendar cannot count them (S22). */
  readonly workingDaysLeft: number | null
}

export interface StatutoryClocksDashboard {
  /** False for roles that see no incidents or reviews (practitioners, agency leads). */
  readonly canSeeClocks: boolean
  readonly today: CalendarDate
  /** Each record's next deadline, soonest first. */
  readonly rows: readonly OpenDeadline[]
  /** On time and late by the month each deadline fell due, the last 12 months, oldest first. */
  readonly history: readonly MonthOfOutcomes[]
}

const isOpen = (clock: ClockReading | null): clock is ClockReading & { status: OpenClockStatus } =>
  clock !== null &&
  (clock.status === 'on-track' || clock.status === 'due-soon' || clock.status === 'overdue')

const isDone = (clock: ClockReading | null): clock is ClockReading & { status: 'met' | 'late' } =>
  clock !== null && (clock.status === 'met' || clock.status === 'late')

/** Months of on-time history the dashboard shows, ending with this one. */
const HISTORY_MONTHS = 12

/** People whose dashboards are kept worked out (see StatutoryClocksService.dashboard). */
const DASHBOARDS_KEPT = 200

/** Review statuses whose final report is still awaited (S12). */
const AWAITING_FINAL_REPORT: readonly string[] = ['commissioned', 'in-progress']

export class StatutoryClocksService {
  private readonly incidents: IncidentService
  private readonly reviews: ReviewService
  private readonly calendarService: CalendarService
  private readonly context: ServiceContext
  /** Each person's dashboard as last worked out, with what it was worked out from. */
  private readonly dashboards = new Map<
    string,
    { readonly basis: string; readonly dashboard: StatutoryClocksDashboard }
  >()

  constructor(context: ServiceContext) {
    this.context = context
    this.incidents = new IncidentService(context)
    this.reviews = new ReviewService(context)
    this.calendarService = new CalendarService(context)
  }

  /** Does the actor see any statutory clocks at all? */
  canSeeClocks(actor: Actor | null): boolean {
    return can(actor, 'incidents:read') || can(actor, 'reviews:read-internal')
  }

  /** The dashboard: each record's next deadline, and the last 12 months' outcomes. */
  async dashboard(actor: Actor | null): Promise<StatutoryClocksDashboard> {
    const today = this.calendarService.today()
    if (actor === null || !this.canSeeClocks(actor)) {
      return {
        canSeeClocks: false,
        today,
        rows: [],
        history: bucketByMonthDue([], today, HISTORY_MONTHS),
      }
    }
    // Working the dashboard out reads every open case and computes every
    // clock: most of a busy partnership's /manage request. What it shows
    // depends only on the data, the person's memberships (their access lists
    // are data) and today. Every change to the data (a case, an access list, a
    // bank holiday, a statutory period, a partnership's name) writes an audit
    // event in the change's own transaction, so the audit trail's head moves
    // with each committed change, on SQLite and on a PostgreSQL shared by
    // several servers alike. The head is read before the data, so a dashboard
    // is never older than the head it is kept under.
    const basis = JSON.stringify([
      today,
      await readAuditHeadSequence(this.context.db),
      actor.memberships,
    ])
    const kept = this.dashboards.get(actor.userId)
    if (kept?.basis === basis) return kept.dashboard
    const dashboard = await this.workOutDashboard(actor, today)
    this.dashboards.delete(actor.userId)
    if (this.dashboards.size >= DASHBOARDS_KEPT) {
      // The person who has waited longest since their dashboard was worked out.
      const [oldest] = this.dashboards.keys()
      if (oldest !== undefined) this.dashboards.delete(oldest)
    }
    this.dashboards.set(actor.userId, { basis, dashboard })
    return dashboard
  }

  private async workOutDashboard(
    actor: Actor,
    today: CalendarDate,
  ): Promise<StatutoryClocksDashboard> {
    // The history counts deadlines by the month they fell due, so only
    // incidents whose deadlines can fall due from its first month are read.
    const historyFrom = `${monthsEndingWith(today, HISTORY_MONTHS)[0]!}-01` as CalendarDate
    const { incidents, reviews, publications } = await this.gather(actor, historyFrom)
    const completed = [
      ...incidents.flatMap(completedOfIncident),
      ...reviews.flatMap(completedOfReview),
      ...publications.flatMap(completedOfPublication),
    ]
    return Object.freeze({
      canSeeClocks: true,
      today,
      rows: Object.freeze(nextPerRecord(openDeadlinesOf(incidents, reviews, publications))),
      history: Object.freeze(bucketByMonthDue(completed, today, HISTORY_MONTHS)),
    })
  }

  /** Every open deadline the actor can see (several per record), soonest first: the calendar feed. */
  async openDeadlines(actor: Actor | null): Promise<OpenDeadline[]> {
    if (!this.canSeeClocks(actor)) return []
    // Open deadlines only, so no incident whose clocks have all stopped.
    const { incidents, reviews, publications } = await this.gather(actor, null)
    return openDeadlinesOf(incidents, reviews, publications)
  }

  /**
   * The incidents and reviews whose deadlines the actor may see: incidents
   * with a clock that may be running and, given `historyFrom`, those with
   * deadlines met or missed since then (IncidentService.listForClocks);
   * reviews in progress.
   */
  private async gather(
    actor: Actor | null,
    historyFrom: CalendarDate | null,
  ): Promise<{
    incidents: IncidentClocksView[]
    reviews: ReviewSummary[]
    publications: PublicationClock[]
  }> {
    const [incidents, reviews] = await Promise.all([
      can(actor, 'incidents:read')
        ? this.incidents.listForClocks(actor, historyFrom)
        : Promise.resolve([]),
      can(actor, 'reviews:read-internal')
        ? this.reviews.listInProgress(actor)
        : Promise.resolve([]),
    ])
    return { incidents, reviews, publications: await this.publicationClocks(reviews) }
  }

  /**
   * S16 for the reviews the actor may read that have a planned publication
   * date: the latest day to send the report, met once every copy went out.
   */
  private async publicationClocks(reviews: readonly ReviewSummary[]): Promise<PublicationClock[]> {
    if (reviews.length === 0) return []
    const byId = new Map(reviews.map((review) => [review.id, review]))
    const planned = (
      await listPlannedPublications(this.context.db, [
        ...new Set(reviews.map((review) => review.leadPartnership.id)),
      ])
    ).filter((plan) => byId.has(plan.reviewId))
    if (planned.length === 0) return []
    const [calendar, periods] = await Promise.all([
      this.calendarService.calendar(),
      this.calendarService.allPeriods(),
    ])
    const today = this.calendarService.today()
    return planned.flatMap((plan) => {
      const edition = isGuidanceEdition(plan.guidanceEdition) ? plan.guidanceEdition : 'WT2023'
      try {
        const clock = PublicationService.sendByClock(plan, calendar, periods[edition], today)
        return clock === null ? [] : [{ plan, review: byId.get(plan.reviewId)!, clock }]
      } catch {
        // A planned date the calendar does not know yet (S22): no clock rather than no dashboard.
        return []
      }
    })
  }
}

/** A review's S16 clock: the report to the Panel before its planned publication. */
interface PublicationClock {
  readonly plan: PlannedPublication
  readonly review: ReviewSummary
  readonly clock: ClockReading
}

function openDeadlinesOf(
  incidents: readonly IncidentClocksView[],
  reviews: readonly ReviewSummary[],
  publications: readonly PublicationClock[],
): OpenDeadline[] {
  return sortByDue([
    ...incidents.flatMap(openDeadlinesOfIncident),
    ...reviews.flatMap(openDeadlineOfReview),
    ...publications.flatMap(openDeadlineOfPublication),
  ])
}

function openDeadlineOfPublication({ review, clock }: PublicationClock): OpenDeadline[] {
  if (!isOpen(clock)) return []
  return [
    {
      key: `review-${review.id}-publication-copy`,
      deadline: 'publication-copy',
      rule: 'S16',
      record: { kind: 'review', id: review.id, path: `/manage/reviews/${review.id}/publication` },
      pseudonyms: review.childPseudonym,
      partnership: review.leadPartnership,
      partnershipIds: [
        review.leadPartnership.id,
        ...review.participatingPartnerships.map((partnership) => partnership.id),
      ],
      dueOn: clock.dueOn,
      status: clock.status,
      workingDaysLeft: clock.workingDaysLeft,
    },
  ]
}

function completedOfPublication({ clock }: PublicationClock): CompletedDeadline[] {
  return isDone(clock)
    ? [{ kind: 'publication-copy', dueOn: clock.dueOn, outcome: clock.status }]
    : []
}

function openDeadlinesOfIncident(incident: IncidentClocksView): OpenDeadline[] {
  if (incident.state === 'closed') return []
  // Written out in each deadline rather than spread from one object: in Node
  // 20's V8 a spread followed by more properties costs microseconds per object,
  // which added milliseconds to every dashboard read.
  const pseudonyms = childrenLabel(incident)
  const partnershipIds = [incident.partnership.id]
  const incidentRecord = {
    kind: 'incident' as const,
    id: incident.id,
    path: `/manage/incidents/${incident.id}`,
  }
  const deadlines: OpenDeadline[] = []
  // S3: due until the Panel is told.
  const notification = incident.clocks.panelNotification
  if (incident.panelNotifiedOn === null && isOpen(notification)) {
    deadlines.push({
      pseudonyms,
      caseReference: incident.caseReference,
      partnership: incident.partnership,
      partnershipIds,
      key: `incident-${incident.id}-notification`,
      deadline: 'notification',
      rule: 'S3',
      record: incidentRecord,
      dueOn: notification.dueOn,
      status: notification.status,
      workingDaysLeft: notification.workingDaysLeft,
    })
  }
  // S6: due until the rapid review is sent to the Panel. Before a rapid review
  // is started the incident carries the clock; after, the rapid review does.
  const rapidReview = incident.clocks.rapidReview
  if (incident.rapidReviewSentOn === null && isOpen(rapidReview)) {
    deadlines.push({
      pseudonyms,
      caseReference: incident.caseReference,
      partnership: incident.partnership,
      partnershipIds,
      key: `incident-${incident.id}-rapid-review`,
      deadline: 'rapid-review',
      rule: 'S6',
      record:
        incident.rapidReviewId === null
          ? incidentRecord
          : {
              kind: 'rapid-review',
              id: incident.rapidReviewId,
              path: `/manage/rapid-reviews/${incident.rapidReviewId}`,
            },
      dueOn: rapidReview.dueOn,
      status: rapidReview.status,
      workingDaysLeft: rapidReview.workingDaysLeft,
    })
  }
  return deadlines
}

function openDeadlineOfReview(review: ReviewSummary): OpenDeadline[] {
  if (!AWAITING_FINAL_REPORT.includes(review.status) || review.finalReportReceivedOn !== null) {
    return []
  }
  if (!isOpen(review.clock)) return []
  return [
    {
      key: `review-${review.id}-final-report`,
      deadline: 'review',
      // Legacy SCRs (WT2015) aim for 6 months under S18; the others under S12.
      rule: review.kind === 'scr-2015' ? 'S18' : 'S12',
      record: { kind: 'review', id: review.id, path: `/manage/reviews/${review.id}` },
      pseudonyms: review.childPseudonym,
      partnership: review.leadPartnership,
      partnershipIds: [
        review.leadPartnership.id,
        ...review.participatingPartnerships.map((partnership) => partnership.id),
      ],
      dueOn: review.clock.dueOn,
      status: review.clock.status,
      workingDaysLeft: review.clock.workingDaysLeft,
    },
  ]
}

function completedOfIncident(incident: IncidentClocksView): CompletedDeadline[] {
  const done: CompletedDeadline[] = []
  const { panelNotification, rapidReview } = incident.clocks
  if (isDone(panelNotification)) {
    done.push({
      kind: 'notification',
      dueOn: panelNotification.dueOn,
      outcome: panelNotification.status,
    })
  }
  if (isDone(rapidReview)) {
    done.push({ kind: 'rapid-review', dueOn: rapidReview.dueOn, outcome: rapidReview.status })
  }
  return done
}

function completedOfReview(review: ReviewSummary): CompletedDeadline[] {
  return isDone(review.clock)
    ? [{ kind: 'review', dueOn: review.clock.dueOn, outcome: review.clock.status }]
    : []
}

// One collator for every comparison: `localeCompare(other, 'en-GB')` orders the
// same but sets up the locale's rules on each call.
const PSEUDONYM_ORDER = new Intl.Collator('en-GB')

function sortByDue(deadlines: OpenDeadline[]): OpenDeadline[] {
  return deadlines.sort(
    (a, b) => compareDates(a.dueOn, b.dueOn) || PSEUDONYM_ORDER.compare(a.pseudonyms, b.pseudonyms),
  )
}

/** The soonest open deadline of each record (an incident not yet notified: S3 before S6). */
function nextPerRecord(deadlines: readonly OpenDeadline[]): OpenDeadline[] {
  const seen = new Set<string>()
  return deadlines.filter((deadline) => {
    const record = `${deadline.record.kind}:${deadline.record.id}`
    if (seen.has(record)) return false
    seen.add(record)
    return true
  })
}
