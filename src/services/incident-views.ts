// What an incident looks like to the rest of the product: its stored facts, the
// S1/S4/WT2023 assessment and the S3/S6 deadlines, computed on every read from
// the stored dates, the working-day calendar and the edition's periods (so a
// bank holiday added today moves every open deadline at once).
import type {
  IncidentClockRecord,
  IncidentRecord,
} from '../data/repositories/incident-repository.js'
import type { CalendarDate } from '../domain/calendar/calendar-date.js'
import { OutsideCalendarError, type WorkingDayCalendar } from '../domain/calendar/working-days.js'
import {
  INCIDENT_STATUS_NAMES,
  incidentStatus,
  isIncidentState,
  type IncidentStatus,
  type IncidentFacts,
  type IncidentState,
} from '../domain/incidents/incident-lifecycle.js'
import { ageForCriteria } from '../domain/incidents/incident-validation.js'
import {
  assessSeriousCaseCriteria,
  isAbuseOrNeglect,
  isHarm,
  isIncidentGuidanceEdition,
  type AbuseOrNeglect,
  type CriteriaAssessment,
  type Harm,
  type IncidentGuidanceEdition,
} from '../domain/incidents/serious-case-criteria.js'
import {
  notificationDueOn,
  rapidReviewDueOn,
  readClock,
  type ClockReading,
} from '../domain/statutory/deadlines.js'
import type { StatutoryPeriods } from '../domain/statutory/periods.js'

export interface IncidentChildView {
  readonly position: number
  readonly pseudonym: string
  readonly ageYears: number | null
}

export interface IncidentView {
  readonly id: string
  /** WSCP-2026-014 (issue 8): what people call the incident. */
  readonly caseReference: string
  /** Marked entered in error (issue 8): when and why; null for an incident in use. */
  readonly enteredInError: { readonly at: string; readonly reason: string } | null
  readonly partnership: { readonly id: string; readonly slug: string; readonly name: string }
  readonly guidanceEdition: IncidentGuidanceEdition
  readonly abuseOrNeglect: AbuseOrNeglect
  readonly harm: Harm
  readonly lookedAfter: boolean
  readonly careLeaver: boolean
  readonly incidentOn: CalendarDate
  readonly awareOn: CalendarDate
  readonly place: string | null
  readonly description: string | null
  readonly notifyingAuthority: string | null
  readonly homeAuthority: string | null
  readonly notifier: {
    readonly name: string | null
    readonly email: string | null
    readonly phone: string | null
  }
  readonly children: readonly IncidentChildView[]
  readonly assessment: CriteriaAssessment
  readonly state: IncidentState
  /** Where the case is, after the rapid review too (the Panel's response, the local review). */
  readonly status: IncidentStatus
  readonly stateName: string
  readonly panelNotifiedOn: CalendarDate | null
  readonly ofstedNotifiedOn: CalendarDate | null
  readonly partnersNotifiedOn: CalendarDate | null
  readonly secretaryOfStateNotifiedOn: CalendarDate | null
  readonly closedOn: CalendarDate | null
  readonly closedReason: string | null
  /** S3; null when the Panel need not be notified or the calendar cannot say. */
  readonly notificationDueOn: CalendarDate | null
  /** S6; null when no rapid review is required or the calendar cannot say. */
  readonly rapidReviewDueOn: CalendarDate | null
  readonly clocks: {
    /** S3: notify the Panel. */
    readonly panelNotification: ClockReading | null
    /** S3: report to the local safeguarding partners in the same period. */
    readonly partnersNotification: ClockReading | null
    /** S6: complete the rapid review and send it to the Panel. */
    readonly rapidReview: ClockReading | null
  }
  /** Why a deadline could not be computed (a year the calendar does not know, S22). */
  readonly calendarProblem: string | null
  readonly rapidReviewId: string | null
  readonly rapidReviewSentOn: CalendarDate | null
  /** Restricted to its access list (issue 4); its rapid review is too. */
  readonly accessRestricted: boolean
  readonly createdAt: string
  readonly updatedAt: string
  readonly version: number
}

/** The edition whose statutory periods apply to a stored incident. */
export function editionOf(record: { guidanceEdition: string }): IncidentGuidanceEdition {
  return isIncidentGuidanceEdition(record.guidanceEdition) ? record.guidanceEdition : 'WT2023'
}

const asDate = (value: string | null): CalendarDate | null => value as CalendarDate | null

export function assessmentOf(record: {
  guidanceEdition: string
  abuseOrNeglect: string
  harm: string
  lookedAfter: boolean
  careLeaver: boolean
  children: readonly { ageYears: number | null }[]
}): CriteriaAssessment {
  // Stored values were validated on the way in; unknown ones read as the
  // cautious answer rather than crash a page.
  return assessSeriousCaseCriteria({
    guidanceEdition: isIncidentGuidanceEdition(record.guidanceEdition)
      ? record.guidanceEdition
      : 'WT2023',
    abuseOrNeglect: isAbuseOrNeglect(record.abuseOrNeglect) ? record.abuseOrNeglect : 'suspected',
    harm: isHarm(record.harm) ? record.harm : 'serious-harm',
    lookedAfter: record.lookedAfter,
    careLeaver: record.careLeaver,
    ageInYears: ageForCriteria(record.children),
  })
}

/** The stored facts an incident's S3/S6 deadlines and clocks are computed from. */
export type IncidentDeadlineFacts = Pick<
  IncidentClockRecord,
  | 'guidanceEdition'
  | 'abuseOrNeglect'
  | 'harm'
  | 'lookedAfter'
  | 'careLeaver'
  | 'awareOn'
  | 'state'
  | 'panelNotifiedOn'
  | 'partnersNotifiedOn'
  | 'rapidReviewSentOn'
> & { readonly children: readonly { readonly ageYears: number | null }[] }

type IncidentDeadlines = Pick<
  IncidentView,
  'assessment' | 'state' | 'notificationDueOn' | 'rapidReviewDueOn' | 'clocks' | 'calendarProblem'
>

/**
 * The assessment, deadlines and clocks of an incident: the one computation
 * behind both the full view and the statutory clocks' lighter one, so the two
 * always agree.
 */
function deadlinesOf(
  record: IncidentDeadlineFacts,
  calendar: WorkingDayCalendar,
  periods: StatutoryPeriods,
  today: CalendarDate,
): IncidentDeadlines {
  const assessment = assessmentOf(record)
  const awareOn = record.awareOn as CalendarDate
  const state: IncidentState = isIncidentState(record.state) ? record.state : 'recorded'
  let calendarProblem: string | null = null
  const computed = <T>(compute: () => T): T | null => {
    try {
      return compute()
    } catch (error) {
      if (!(error instanceof OutsideCalendarError)) throw error
      calendarProblem ??= error.message
      return null
    }
  }
  const notificationDue = assessment.notifyPanel
    ? computed(() => notificationDueOn(awareOn, calendar, periods))
    : null
  const rapidReviewDue = assessment.rapidReviewRequired
    ? computed(() => rapidReviewDueOn(awareOn, calendar, periods))
    : null
  const clock = (due: CalendarDate | null, doneOn: string | null) =>
    due === null ? null : computed(() => readClock(due, asDate(doneOn), today, calendar))
  // A closed incident's open clocks no longer tick: nothing is due any more.
  const open = state !== 'closed'
  const clocks = {
    panelNotification:
      open || record.panelNotifiedOn ? clock(notificationDue, record.panelNotifiedOn) : null,
    partnersNotification:
      open || record.partnersNotifiedOn ? clock(notificationDue, record.partnersNotifiedOn) : null,
    rapidReview:
      open || record.rapidReviewSentOn ? clock(rapidReviewDue, record.rapidReviewSentOn) : null,
  }
  return {
    assessment,
    state,
    notificationDueOn: notificationDue,
    rapidReviewDueOn: rapidReviewDue,
    clocks,
    calendarProblem,
  }
}

export function incidentViewOf(
  record: IncidentRecord,
  calendar: WorkingDayCalendar,
  periods: StatutoryPeriods,
  today: CalendarDate,
): IncidentView {
  const { assessment, state, notificationDueOn, rapidReviewDueOn, clocks, calendarProblem } =
    deadlinesOf(record, calendar, periods, today)
  return {
    id: record.id,
    caseReference: record.caseReference,
    enteredInError: record.enteredInError,
    partnership: {
      id: record.partnershipId,
      slug: record.partnershipSlug,
      name: record.partnershipName,
    },
    guidanceEdition: isIncidentGuidanceEdition(record.guidanceEdition)
      ? record.guidanceEdition
      : 'WT2023',
    abuseOrNeglect: isAbuseOrNeglect(record.abuseOrNeglect) ? record.abuseOrNeglect : 'suspected',
    harm: isHarm(record.harm) ? record.harm : 'serious-harm',
    lookedAfter: record.lookedAfter,
    careLeaver: record.careLeaver,
    incidentOn: record.incidentOn as CalendarDate,
    awareOn: record.awareOn as CalendarDate,
    place: record.place,
    description: record.description,
    notifyingAuthority: record.notifyingAuthority,
    homeAuthority: record.homeAuthority,
    notifier: {
      name: record.notifierName,
      email: record.notifierEmail,
      phone: record.notifierPhone,
    },
    children: childrenOf(record),
    assessment,
    state,
    ...statusOf(state, record),
    panelNotifiedOn: asDate(record.panelNotifiedOn),
    ofstedNotifiedOn: asDate(record.ofstedNotifiedOn),
    partnersNotifiedOn: asDate(record.partnersNotifiedOn),
    secretaryOfStateNotifiedOn: asDate(record.secretaryOfStateNotifiedOn),
    closedOn: asDate(record.closedOn),
    closedReason: record.closedReason,
    notificationDueOn,
    rapidReviewDueOn,
    clocks,
    calendarProblem,
    rapidReviewId: record.rapidReviewId,
    rapidReviewSentOn: asDate(record.rapidReviewSentOn),
    accessRestricted: record.accessRestricted,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    version: record.version,
  }
}

/**
 * What the statutory clocks dashboard and calendar feed read of an incident:
 * the same values as its full view, without the details they never show.
 */
export type IncidentClocksView = Pick<
  IncidentView,
  | 'id'
  | 'caseReference'
  | 'partnership'
  | 'children'
  | 'state'
  | 'panelNotifiedOn'
  | 'clocks'
  | 'rapidReviewId'
  | 'rapidReviewSentOn'
>

export function incidentClocksViewOf(
  record: IncidentClockRecord,
  calendar: WorkingDayCalendar,
  periods: StatutoryPeriods,
  today: CalendarDate,
): IncidentClocksView {
  const { state, clocks } = deadlinesOf(record, calendar, periods, today)
  return {
    id: record.id,
    caseReference: record.caseReference,
    partnership: {
      id: record.partnershipId,
      slug: record.partnershipSlug,
      name: record.partnershipName,
    },
    children: childrenOf(record),
    state,
    panelNotifiedOn: asDate(record.panelNotifiedOn),
    clocks,
    rapidReviewId: record.rapidReviewId,
    rapidReviewSentOn: asDate(record.rapidReviewSentOn),
  }
}

function childrenOf(record: Pick<IncidentClockRecord, 'children'>): IncidentChildView[] {
  return record.children.map((child) => ({
    position: child.position,
    pseudonym: child.pseudonym,
    ageYears: child.ageYears,
  }))
}

function statusOf(
  state: IncidentState,
  record: Pick<IncidentRecord, 'panelRespondedOn' | 'localReviewStatus'>,
): { status: IncidentStatus; stateName: string } {
  const status = incidentStatus(state, {
    panelRespondedOn: asDate(record.panelRespondedOn),
    localReviewStatus: record.localReviewStatus,
  })
  return { status, stateName: INCIDENT_STATUS_NAMES[status] }
}

/** The facts the incident state machine judges a step by. */
export function incidentFactsOf(view: IncidentView): IncidentFacts {
  return {
    state: view.state,
    awareOn: view.awareOn,
    panelNotifiedOn: view.panelNotifiedOn,
    secretaryOfStateNotifiedOn: view.secretaryOfStateNotifiedOn,
    assessment: view.assessment,
  }
}
