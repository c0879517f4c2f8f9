// What a rapid review looks like to pages, reports and the API: its stored
// parts, the S6 clock computed on read, and whether it could be sent now.
import type {
  AgencyRequestRecord,
  CriterionRecord,
  RapidReviewRecord,
  SafetyActionRecord,
  SignOffRecord,
} from '../data/repositories/rapid-review-repository.js'
import { compareDates, type CalendarDate } from '../domain/calendar/calendar-date.js'
import type { Transition } from '../domain/incidents/incident-lifecycle.js'
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
  readonly status: AgencyRequestStatus
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
}

export interface RapidReviewParts {
  readonly record: RapidReviewRecord
  readonly agencyRequests: readonly AgencyRequestRecord[]
  readonly safetyActions: readonly SafetyActionRecord[]
  readonly criteria: readonly CriterionRecord[]
  readonly signOffs: readonly SignOffRecord[]
  /** Uploaded files by agency request id. */
  readonly agencyDocuments: ReadonlyMap<string, readonly AgencyDocumentView[]>
  readonly reviewId: string | null
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

export function rapidReviewViewOf(
  parts: RapidReviewParts,
  incident: IncidentView,
  today: CalendarDate,
): RapidReviewView {
  const { record } = parts
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
  }
}
