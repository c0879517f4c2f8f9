import { formatUkDateTime } from '../../../domain/calendar/uk-time.js'
import { can, canCommissionReview } from '../../../domain/access/policy.js'
import type { Actor } from '../../../domain/access/roles.js'
import { RAPID_REVIEW_STATE_NAMES } from '../../../domain/rapid-reviews/rapid-review-lifecycle.js'
import {
  CRITERION_ANSWERS,
  CRITERION_ANSWER_NAMES,
  DECISIONS,
  DECISION_NAMES,
  STATUTORY_PARTNER_NAMES,
} from '../../../domain/rapid-reviews/rapid-review.js'
import type { Milestone, MilestoneStatus } from '../../../domain/rapid-reviews/timetable.js'
import { REVIEW_KIND_OF_DECISION } from '../../../domain/rapid-reviews/review-commissioning.js'
import { REVIEW_KIND_NAMES } from '../../../domain/reviews/review-kinds.js'
import { childrenLabel, longDate } from '../../../services/incident-documents.js'
import type { Services } from '../../../services/index.js'
import { criterionField } from '../../../services/rapid-review-service.js'
import type { RapidReviewView } from '../../../services/rapid-review-views.js'
import { clockViewModel } from '../incidents/form-fields.js'

type TaskStatus = 'done' | 'in-progress' | 'not-started' | 'cannot-start'

const STATUS_TAGS: Record<TaskStatus, { text: string; classes?: string } | null> = {
  done: null,
  'in-progress': { text: 'In progress', classes: 'govuk-tag--light-blue' },
  'not-started': { text: 'Not yet started', classes: 'govuk-tag--blue' },
  'cannot-start': null,
}

function task(title: string, href: string | null, status: TaskStatus, hint?: string) {
  const tag = STATUS_TAGS[status]
  return {
    title: { text: title },
    ...(hint ? { hint: { text: hint } } : {}),
    ...(href ? { href } : {}),
    status:
      status === 'done'
        ? { text: 'Completed' }
        : status === 'cannot-start'
          ? { text: 'Cannot start yet', classes: 'govuk-task-list__status--cannot-start-yet' }
          : { tag },
  }
}

/** What every rapid review page shares: headings, links, who may do what. */
export function rapidReviewViewModel(actor: Actor, view: RapidReviewView) {
  const base = `/manage/rapid-reviews/${view.id}`
  const partnershipId = view.incident.partnership.id
  const received = view.agencyRequests.filter((request) => request.status === 'received').length
  const criteriaAnswered = view.criteria.filter((criterion) => criterion.answer !== null).length
  const signed = view.signOffs.filter((signOff) => signOff.signedOn !== null).length
  const decided = view.decision !== null
  const sent = view.sentToPanelOn !== null
  return {
    pageTitle: `Rapid review: ${childrenLabel(view.incident)}`,
    children: childrenLabel(view.incident),
    caseReference: view.incident.caseReference,
    review: view,
    base,
    incidentHref: `/manage/incidents/${view.incident.id}`,
    stateName: RAPID_REVIEW_STATE_NAMES[view.state],
    clock: clockViewModel(view.incident.clocks.rapidReview),
    canManage: can(actor, 'incidents:manage', { partnershipId }),
    canSignOff: can(actor, 'rapid-reviews:sign-off', { partnershipId }),
    sendRefusal: view.sendCheck.allowed ? null : view.sendCheck.reason,
    signedCount: signed,
    milestones: milestonesViewModel(view.milestones),
    localReview: localReviewViewModel(actor, view),
    tasks: [
      task(
        'Ask agencies for information',
        `${base}/agency-requests`,
        view.agencyRequests.length === 0
          ? 'not-started'
          : received === view.agencyRequests.length
            ? 'done'
            : 'in-progress',
        view.agencyRequests.length === 0
          ? 'Usually on working day 1 (S8)'
          : `${received} of ${view.agencyRequests.length} received`,
      ),
      task(
        'Rapid review meeting',
        `${base}/meeting`,
        view.meetingOn ? 'done' : 'not-started',
        'Usually working days 10 to 12 (S8)',
      ),
      task(
        'Findings and immediate safety actions',
        `${base}/findings`,
        view.factsEstablished
          ? 'done'
          : view.safetyActions.length > 0
            ? 'in-progress'
            : 'not-started',
      ),
      task(
        'Criteria for a local review (reg. 11)',
        `${base}/criteria`,
        criteriaAnswered === 4 ? 'done' : criteriaAnswered > 0 ? 'in-progress' : 'not-started',
      ),
      task(
        'Decision and rationale',
        criteriaAnswered === 4 || decided ? `${base}/decision` : null,
        decided ? 'done' : criteriaAnswered === 4 ? 'not-started' : 'cannot-start',
        criteriaAnswered === 4 || decided ? undefined : 'Answer the four criteria first (S9)',
      ),
      task(
        'Sign-off by the three safeguarding partners',
        `${base}/sign-off`,
        signed === 3
          ? 'done'
          : decided
            ? signed > 0
              ? 'in-progress'
              : 'not-started'
            : 'cannot-start',
        `${signed} of 3 signed`,
      ),
      task(
        'Send to the Panel',
        `${base}/sent-to-panel`,
        sent ? 'done' : view.sendCheck.allowed ? 'not-started' : 'cannot-start',
        sent ? undefined : 'Needs all three sign-offs and the Panel notification (S7)',
      ),
      task(
        'The Panel’s response',
        sent ? `${base}/panel-response` : null,
        view.panelResponse ? 'done' : sent ? 'not-started' : 'cannot-start',
      ),
    ],
  }
}

const MILESTONE_TAGS: Record<MilestoneStatus, { text: string; classes: string }> = {
  done: { text: 'Done', classes: 'govuk-tag--green' },
  due: { text: 'Due', classes: 'govuk-tag--blue' },
  overdue: { text: 'Overdue', classes: 'govuk-tag--red' },
}

/** The timetable's milestones as rows: what, by when (or between when), and where it stands. */
export function milestonesViewModel(milestones: readonly Milestone[]) {
  return milestones.map((milestone) => ({
    name: milestone.name,
    when:
      milestone.dueOn === null
        ? 'Not known (outside the calendar’s years)'
        : milestone.fromOn !== null && milestone.fromOn !== milestone.dueOn
          ? `${longDate(milestone.fromOn)} to ${longDate(milestone.dueOn)}`
          : `By ${longDate(milestone.dueOn)}`,
    tag: MILESTONE_TAGS[milestone.status],
    doneOn: milestone.doneOn === null ? null : longDate(milestone.doneOn),
  }))
}

/** S8–S10: the review the decision leads to: a link once commissioned, else whether it can be. */
function localReviewViewModel(actor: Actor, view: RapidReviewView) {
  const partnershipId = view.incident.partnership.id
  const kind = view.decision === null ? undefined : REVIEW_KIND_OF_DECISION[view.decision]
  return {
    href: view.reviewId === null ? null : `/manage/reviews/${view.reviewId}`,
    kindName: kind === undefined ? null : REVIEW_KIND_NAMES[kind],
    canCommission:
      view.commissionCheck.allowed &&
      can(actor, 'incidents:manage', { partnershipId }) &&
      canCommissionReview(actor, partnershipId),
    refusal: view.commissionCheck.allowed ? null : view.commissionCheck.reason,
  }
}

/** "12 KB", "1.4 MB": file sizes as people read them. */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`
  if (bytes < 1024 * 1024) return `${Math.ceil(bytes / 1024)} KB`
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`
}

const DOCUMENT_KIND_NAMES: Record<string, string> = {
  pdf: 'PDF',
  docx: 'Word document',
  text: 'Text file',
}

export function agencyRequestsViewModel(view: RapidReviewView) {
  const statusTags = {
    received: { text: 'Received', classes: 'govuk-tag--green' },
    awaited: { text: 'Awaited', classes: 'govuk-tag--blue' },
    overdue: { text: 'Overdue', classes: 'govuk-tag--red' },
  }
  return {
    requests: view.agencyRequests.map((request) => ({
      ...request,
      href: `/manage/rapid-reviews/${view.id}/agency-requests/${request.id}`,
      statusTag: statusTags[request.status],
      documentLinks: request.documents.map((document) => ({
        href: `/manage/rapid-reviews/${view.id}/agency-requests/${request.id}/documents/${document.id}`,
        fileName: document.fileName,
        description: `${DOCUMENT_KIND_NAMES[document.kind] ?? document.kind}, ${fileSize(document.sizeBytes)}`,
      })),
      withdrawnRows: request.withdrawnDocuments.map((document) => [
        { text: document.fileName },
        { text: formatUkDateTime(document.withdrawnAt) },
        { text: document.withdrawnByName ?? 'Unknown' },
        { text: document.withdrawnReason ?? '' },
      ]),
    })),
  }
}

export function criteriaFormValues(view: RapidReviewView): Record<string, string> {
  const values: Record<string, string> = {}
  for (const criterion of view.criteria) {
    values[criterionField(criterion.criterion)] = criterion.answer ?? ''
    values[criterionField(criterion.criterion, true)] = criterion.note ?? ''
  }
  return values
}

/** Extra choices a step's form needs (agencies to ask, partners one may sign for). */
export async function stepOptions(
  services: Services,
  actor: Actor | null,
  path: string,
  view: RapidReviewView,
): Promise<Record<string, unknown>> {
  switch (path) {
    case 'agency-requests': {
      const asked = new Set(view.agencyRequests.map((request) => request.agencyId))
      const agencies = await services.rapidReviews.agencies(actor, view.id)
      const summaries = view.milestones.find((milestone) => milestone.key === 'summaries')
      return {
        ...agencyRequestsViewModel(view),
        timetable: view.timetable,
        dueHint: summaries?.dueOn
          ? `The partnership’s timetable has summaries by working day ${view.timetable.summariesWorkingDay}: ${longDate(summaries.dueOn)}.`
          : 'For example, 15 3 2024',
        agencyOptions: agencies
          .filter((agency) => !asked.has(agency.id))
          .map((agency) => ({ value: agency.id, text: agency.name })),
      }
    }
    case 'criteria':
      return {
        criteriaRows: view.criteria.map((criterion) => ({
          ...criterion,
          field: criterionField(criterion.criterion),
          noteField: criterionField(criterion.criterion, true),
        })),
        answerOptions: CRITERION_ANSWERS.map((value) => ({
          value,
          text: CRITERION_ANSWER_NAMES[value],
        })),
      }
    case 'decision':
      return {
        decisionOptions: DECISIONS.map((value) => ({ value, text: DECISION_NAMES[value] })),
      }
    case 'sign-off': {
      const signed = new Set(
        view.signOffs.filter((signOff) => signOff.signedOn !== null).map((s) => s.partner),
      )
      const { options, signedFor } = await services.rapidReviews.signingOptions(actor, view.id)
      const own = view.signOffs.find((signOff) => signOff.partner === signedFor)
      return {
        // Only the signer's own partner (S8): one delegate, one partner.
        partnerOptions: options
          .filter((partner) => !signed.has(partner))
          .map((partner) => ({ value: partner, text: STATUTORY_PARTNER_NAMES[partner] })),
        ownSignature: own?.signedOn ? own : null,
      }
    }
    default:
      return {}
  }
}
