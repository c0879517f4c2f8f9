// What a rapid review looks like to pages, reports and the API: its stored
// parts, the S6 clock computed on read, and whether it could be sent now.
import type {
  AgencyRequestRecord,
  CriterionRecord,
  EndedSignatureRecord,
  RapidReviewRecord,
  SafetyActionRecord,
  SignOffRecord,
} from '../data/repositories/rapid-review-repository.js'
import type { WithdrawnDocument } from '../data/repositories/document-repository.js'
import { compareDates, type CalendarDate } from '../domain/calendar/calendar-date.js'
import type { WorkingDayCalendar } from '../domain/calendar/working-days.js'
import type { Transition } from '../domain/incidents/incident-lifecycle.js'
import {
  rapidReviewMilestones,
  type Milestone,
  type RapidReviewTimetable,
} from '../domain/rapid-reviews/timetable.js'
import {
  RAPID_REVIEW_STATE_NAMES,
  isRapidReviewState,
  nextRapidReviewState,
  type RapidReviewFacts,
  type RapidReviewState,
} from '../domain/rapid-reviews/rapid-review-lifecycle.js'
import {
  CRITERION_ANSWERS,
  CRITERION_ANSWER_NAMES,
  DECISION_NAMES,
  REG_11_CRITERIA,
  REG_11_CRITERIA_TEXT,
  STATUTORY_PARTNERS,
  STATUTORY_PARTNER_NAMES,
  isRapidReviewDecision,
  isStatutoryPartner,
  type CriterionAnswer,
  type RapidReviewDecision,
  type Reg11Criterion,
  type StatutoryPartner,
} from '../domain/rapid-reviews/rapid-review.js'
import {
  checkReviewCommissioning,
  type CommissionCheck,
} from '../domain/rapid-reviews/review-commissioning.js'
import type { IncidentView } from './incident-views.js'

export type AgencyRequestStatus = 'received' | 'awaited' | 'overdue'

export interface AgencyRequestView {
  readonly id: string
  readonly agencyId: string
  readonly agencyName: string
  readonly agencyKind: string
  readonly requestedOn: CalendarDate
  readonly dueOn: CalendarDate
  readonly receivedOn: CalendarDate | null
  readonly summary: string | null
  /** The agency's information as uploaded files, beside or instead of the summary. */
  readonly documents: readonly AgencyDocumentView[]
  /** Documents withdrawn by mistake: only for the partnership's administrators. */
  readonly withdrawnDocuments: readonly WithdrawnDocument[]
  readonly status: AgencyRequestStatus
  /** The request's own version: what its response form carries. */
  readonly version: number
}

export interface AgencyDocumentView {
  readonly id: string
  readonly fileName: string
  readonly kind: string
  readonly sizeBytes: number
  readonly uploadedAt: string
}

export interface CriterionView {
  readonly criterion: Reg11Criterion
  readonly text: string
  readonly answer: CriterionAnswer | null
  readonly answerName: string | null
  readonly note: string | null
}

export interface SignOffView {
  readonly partner: StatutoryPartner
  readonly partnerName: string
  readonly signedByName: string | null
  readonly signedOn: CalendarDate | null
}

/** Signatures voided by one correction, for the page's notice (issue 8). */
export interface VoidedSignaturesNotice {
  /** What changed, in words: 'the decision'. */
  readonly changed: string
  readonly on: CalendarDate
  readonly partners: readonly StatutoryPartner[]
  readonly partnerNames: readonly string[]
}

/**
 * The version a step's form carries (issue 8): a change clashes only with a
 * change to the same step. 'signed-content' moves with every change to what
 * the partners sign, and is what the sign-off form carries.
 */
export const SIGNED_CONTENT = 'signed-content'

/** What each step changes, in words, for "Signatures voided because … changed". */
export const STEP_WORDS: Readonly<Record<string, string>> = {
  'agency-requests': 'the requests to agencies',
  'agency-response': 'an agency’s information',
  meeting: 'the meeting',
  findings: 'the findings',
  'safety-actions': 'the immediate safety actions',
  criteria: 'the reg. 11 criteria',
  decision: 'the decision',
}

/** The steps with a version of their own (the agency response has its request's). */
export const VERSIONED_STEPS = [
  'agency-requests',
  'meeting',
  'findings',
  'safety-actions',
  'criteria',
  'decision',
  'sent-to-panel',
  'panel-response',
  SIGNED_CONTENT,
] as const

export function stepVersionOf(parts: Pick<RapidReviewParts, 'stepVersions'>, step: string): number {
  return parts.stepVersions[step] ?? 1
}

export interface PanelResponseView {
  readonly respondedOn: CalendarDate
  readonly agrees: boolean | null
  readonly nationalReview: boolean | null
  readonly notes: string | null
}

export interface RapidReviewView {
  readonly id: string
  readonly incident: IncidentView
  readonly state: RapidReviewState
  readonly stateName: string
  readonly startedOn: CalendarDate
  /** S6: aware + 15 working days, from the incident. */
  readonly dueOn: CalendarDate | null
  readonly agencyRequests: readonly AgencyRequestView[]
  readonly meetingOn: CalendarDate | null
  readonly meetingAttendees: string | null
  readonly factsEstablished: string | null
  readonly learningIdentified: string | null
  readonly safetyActions: readonly SafetyActionRecord[]
  readonly criteria: readonly CriterionView[]
  readonly decision: RapidReviewDecision | null
  readonly decisionName: string | null
  readonly decisionRationale: string | null
  readonly decidedOn: CalendarDate | null
  readonly signOffs: readonly SignOffView[]
  readonly sentToPanelOn: CalendarDate | null
  readonly panelResponse: PanelResponseView | null
  /** Could it be sent to the Panel today? If not, why (S7, S8). */
  readonly sendCheck: Transition<RapidReviewState>
  /** Can the facts, criteria and decision still change? */
  readonly editable: boolean
  /** The review commissioned from this rapid review's decision, once there is one (S10). */
  readonly reviewId: string | null
  /** Could the review the partners decided on be commissioned now? If not, why. */
  readonly commissionCheck: CommissionCheck
  readonly version: number
  /** Each step's own version, by form ('meeting', 'criteria', …, 'signed-content'). */
  readonly stepVersions: Readonly<Record<string, number>>
  /** Open notices of signatures voided by a correction, newest last. */
  readonly voidedSignatures: readonly VoidedSignaturesNotice[]
  /** The partnership's timetable as this rapid review's milestones (S8, S21). */
  readonly milestones: readonly Milestone[]
  readonly timetable: RapidReviewTimetable
  /** The day the view was made (the services' clock), for forms' defaults. */
  readonly today: CalendarDate
}

export interface RapidReviewParts {
  readonly record: RapidReviewRecord
  readonly agencyRequests: readonly AgencyRequestRecord[]
  readonly safetyActions: readonly SafetyActionRecord[]
  readonly criteria: readonly CriterionRecord[]
  readonly signOffs: readonly SignOffRecord[]
  /** Uploaded files by agency request id. */
  readonly agencyDocuments: ReadonlyMap<string, readonly AgencyDocumentView[]>
  readonly withdrawnDocuments: ReadonlyMap<string, readonly WithdrawnDocument[]>
  readonly reviewId: string | null
  readonly stepVersions: Readonly<Record<string, number>>
  readonly endedSignatures: readonly EndedSignatureRecord[]
  readonly timetable: RapidReviewTimetable
}

const asDate = (value: string | null): CalendarDate | null => value as CalendarDate | null

export function rapidReviewFactsOf(
  parts: RapidReviewParts,
  panelNotifiedOn: CalendarDate | null,
): RapidReviewFacts {
  const { record } = parts
  return {
    state: isRapidReviewState(record.state) ? record.state : 'in-progress',
    decision: isRapidReviewDecision(record.decision) ? record.decision : null,
    rationale: record.decisionRationale,
    decidedOn: asDate(record.decidedOn),
    criteriaAnswered: parts.criteria
      .filter((criterion) => (CRITERION_ANSWERS as readonly string[]).includes(criterion.answer))
      .map((criterion) => criterion.criterion)
      .filter((criterion): criterion is Reg11Criterion =>
        (REG_11_CRITERIA as readonly string[]).includes(criterion),
      ),
    signedOffBy: parts.signOffs.map((signOff) => signOff.partner).filter(isStatutoryPartner),
    sentToPanelOn: asDate(record.sentToPanelOn),
    panelNotifiedOn,
  }
}

/** Open voided-signature notices, one per correction (same change, same day). */
function voidedSignaturesOf(parts: RapidReviewParts): VoidedSignaturesNotice[] {
  const notices = new Map<
    string,
    { changed: string; on: CalendarDate; partners: StatutoryPartner[] }
  >()
  for (const ended of parts.endedSignatures) {
    if (ended.endedHow !== 'voided' || ended.noticeResolvedAt !== null) continue
    if (!isStatutoryPartner(ended.partner)) continue
    const changed = ended.changed ?? 'the rapid review'
    const key = `${ended.endedAt}|${changed}`
    const notice = notices.get(key) ?? { changed, on: ended.endedOn as CalendarDate, partners: [] }
    notice.partners.push(ended.partner)
    notices.set(key, notice)
  }
  return [...notices.values()].map((notice) => {
    const partners = STATUTORY_PARTNERS.filter((partner) => notice.partners.includes(partner))
    return {
      ...notice,
      partners,
      partnerNames: partners.map((partner) => STATUTORY_PARTNER_NAMES[partner]),
    }
  })
}

const latest = (dates: readonly string[]): CalendarDate | null =>
  dates.length === 0 ? null : ([...dates].sort().at(-1) as CalendarDate)

export function rapidReviewViewOf(
  parts: RapidReviewParts,
  incident: IncidentView,
  today: CalendarDate,
  calendar: WorkingDayCalendar,
): RapidReviewView {
  const { record } = parts
  const requests = parts.agencyRequests
  const milestones = rapidReviewMilestones(
    incident.awareOn,
    parts.timetable,
    calendar,
    {
      firstRequestOn:
        requests.length === 0
          ? null
          : ([...requests.map((r) => r.requestedOn)].sort()[0] as CalendarDate),
      allSummariesReceivedOn:
        requests.length > 0 && requests.every((request) => request.receivedOn !== null)
          ? latest(requests.map((request) => request.receivedOn ?? ''))
          : null,
      meetingOn: asDate(record.meetingOn),
      signedOffOn:
        parts.signOffs.length === STATUTORY_PARTNERS.length
          ? latest(parts.signOffs.map((signOff) => signOff.signedOn))
          : null,
    },
    today,
  )
  const facts = rapidReviewFactsOf(parts, incident.panelNotifiedOn)
  const decision = facts.decision
  return {
    id: record.id,
    incident,
    state: facts.state,
    stateName: RAPID_REVIEW_STATE_NAMES[facts.state],
    startedOn: record.startedOn as CalendarDate,
    dueOn: incident.rapidReviewDueOn,
    agencyRequests: parts.agencyRequests.map((request) => ({
      id: request.id,
      agencyId: request.agencyId,
      agencyName: request.agencyName,
      agencyKind: request.agencyKind,
      requestedOn: request.requestedOn as CalendarDate,
      dueOn: request.dueOn as CalendarDate,
      receivedOn: asDate(request.receivedOn),
      summary: request.summary,
      documents: parts.agencyDocuments.get(request.id) ?? [],
      withdrawnDocuments: parts.withdrawnDocuments.get(request.id) ?? [],
      version: request.version,
      status:
        request.receivedOn !== null
          ? 'received'
          : compareDates(today, request.dueOn as CalendarDate) > 0
            ? 'overdue'
            : 'awaited',
    })),
    meetingOn: asDate(record.meetingOn),
    meetingAttendees: record.meetingAttendees,
    factsEstablished: record.factsEstablished,
    learningIdentified: record.learningIdentified,
    safetyActions: parts.safetyActions,
    criteria: REG_11_CRITERIA.map((criterion) => {
      const stored = parts.criteria.find((candidate) => candidate.criterion === criterion)
      const answer =
        stored && (CRITERION_ANSWERS as readonly string[]).includes(stored.answer)
          ? (stored.answer as CriterionAnswer)
          : null
      return {
        criterion,
        text: REG_11_CRITERIA_TEXT[criterion],
        answer,
        answerName: answer === null ? null : CRITERION_ANSWER_NAMES[answer],
        note: stored?.note ?? null,
      }
    }),
    decision,
    decisionName: decision === null ? null : DECISION_NAMES[decision],
    decisionRationale: record.decisionRationale,
    decidedOn: asDate(record.decidedOn),
    signOffs: STATUTORY_PARTNERS.map((partner) => {
      const signOff = parts.signOffs.find((candidate) => candidate.partner === partner)
      return {
        partner,
        partnerName: STATUTORY_PARTNER_NAMES[partner],
        signedByName: signOff?.signedByName ?? null,
        signedOn: asDate(signOff?.signedOn ?? null),
      }
    }),
    sentToPanelOn: asDate(record.sentToPanelOn),
    panelResponse:
      record.panelResponseOn === null
        ? null
        : {
            respondedOn: record.panelResponseOn as CalendarDate,
            agrees: record.panelAgrees,
            nationalReview: record.panelNationalReview,
            notes: record.panelResponseNotes,
          },
    sendCheck: nextRapidReviewState(facts, { type: 'send-to-panel', on: today }),
    editable: nextRapidReviewState(facts, { type: 'edit-details' }).allowed,
    reviewId: parts.reviewId,
    commissionCheck: checkReviewCommissioning(facts, parts.reviewId),
    version: record.version,
    stepVersions: Object.fromEntries(
      VERSIONED_STEPS.map((step) => [step, stepVersionOf(parts, step)]),
    ),
    voidedSignatures: voidedSignaturesOf(parts),
    milestones,
    timetable: parts.timetable,
    today,
  }
}
