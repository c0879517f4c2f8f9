// View models for the action plan pages: what the templates show, worked out
// here so the templates stay simple and the wording can be unit tested.
import {
  ACTION_STATUSES,
  ACTION_STATUS_NAMES,
  type ActionStatus,
  type ActionTimeliness,
} from '../../../domain/actions/action-plan.js'
import { formatUkDateTime } from '../../../domain/calendar/uk-time.js'
import { writtenDate } from '../../../domain/calendar/written-date.js'
import {
  type ActionDashboard,
  type ActionFilters,
  type ActionListView,
  type ActionSummary,
  type ActionView,
  type DueDateRequestRecord,
  type EvidenceView,
  ACTIONS_PER_PAGE,
  type NewActionOptions,
  type ReviewForActions,
} from '../../../services/actions/action-plan-service.js'
import { actionTrendChartViewModel } from './trend-chart-view-model.js'

export interface Tag {
  readonly text: string
  readonly classes: string
}

const STATUS_TAG_CLASSES: Record<ActionStatus, string> = {
  'not-started': 'govuk-tag--grey',
  'in-progress': 'govuk-tag--light-blue',
  completed: 'govuk-tag--turquoise',
  assured: 'govuk-tag--green',
  'sent-back': 'govuk-tag--orange',
  closed: 'govuk-tag--purple',
}

/** Worked out from the due date and status, never stored or typed (issue 10). */
const TIMELINESS_TAGS: Record<ActionTimeliness, Tag | null> = {
  overdue: { text: 'Overdue', classes: 'govuk-tag--red' },
  'due-soon': { text: 'Due within 2 weeks', classes: 'govuk-tag--yellow' },
  'on-track': null,
  finished: null,
}

export function statusTag(status: ActionStatus): Tag {
  return { text: ACTION_STATUS_NAMES[status], classes: STATUS_TAG_CLASSES[status] }
}

function rowOf(action: ActionSummary) {
  return {
    id: action.id,
    href: `/manage/actions/${action.id}`,
    description: action.description,
    reviewTitle: action.reviewTitle,
    reviewPartnershipName: action.reviewPartnershipName,
    agencyName: action.agencyName,
    agencyPartnershipName: action.agencyPartnershipName,
    dueOn: action.dueOn,
    originalDueOn: action.originalDueOn,
    recheckOn: action.recheckOn,
    /** The keys of the row's tags in statusTags and timelinessTags (none when on track or finished). */
    status: action.status,
    timeliness: TIMELINESS_TAGS[action.timeliness] === null ? null : action.timeliness,
  }
}

/** Each status's tag and each timeliness's, for a template that draws each once. */
const STATUS_TAGS = Object.fromEntries(
  ACTION_STATUSES.map((status) => [status, statusTag(status)]),
) as Record<ActionStatus, Tag>
const SHOWN_TIMELINESS_TAGS = {
  overdue: TIMELINESS_TAGS.overdue!,
  'due-soon': TIMELINESS_TAGS['due-soon']!,
}

/** The filters as a query string (without the page), for paging and export links. */
export function filtersQuery(filters: ActionFilters): string {
  const params = new URLSearchParams()
  if (filters.status !== undefined) params.set('status', filters.status)
  if (filters.agencyId !== undefined) params.set('agency', filters.agencyId)
  if (filters.reviewId !== undefined) params.set('review', filters.reviewId)
  if (filters.partnershipId !== undefined) params.set('partnership', filters.partnershipId)
  if (filters.overdue === true) params.set('overdue', 'yes')
  if (filters.dueWithinDays !== undefined) params.set('dueWithin', String(filters.dueWithinDays))
  return params.toString()
}

const withQuery = (path: string, query: string) => (query === '' ? path : `${path}?${query}`)

export function actionListViewModel(view: ActionListView) {
  const { filters } = view
  const query = filtersQuery(filters)
  const pageHref = (page: number) =>
    withQuery('/manage/actions', [query, page > 1 ? `page=${page}` : ''].filter(Boolean).join('&'))
  const option = (value: string, label: string, chosen: string | undefined) => ({
    value,
    text: label,
    selected: chosen === value,
  })
  const filtered = query !== ''
  const first = view.total === 0 ? 0 : (view.page - 1) * ACTIONS_PER_PAGE + 1
  return {
    pageTitle: 'Action plans',
    canAssign: view.canAssign,
    canSeeDashboard: view.partnerships.length > 0,
    statusItems: [
      { value: '', text: 'Any status', selected: filters.status === undefined },
      ...ACTION_STATUSES.map((status) =>
        option(status, ACTION_STATUS_NAMES[status], filters.status),
      ),
    ],
    agencyItems: [
      { value: '', text: 'Any agency', selected: filters.agencyId === undefined },
      ...view.agencies.map((agency) => option(agency.id, agency.name, filters.agencyId)),
    ],
    reviewItems: [
      { value: '', text: 'Any review', selected: filters.reviewId === undefined },
      ...view.reviews.map((review) => option(review.id, review.title, filters.reviewId)),
    ],
    partnershipItems:
      view.partnerships.length > 1
        ? [
            { value: '', text: 'Any partnership', selected: filters.partnershipId === undefined },
            ...view.partnerships.map((p) => option(p.id, p.name, filters.partnershipId)),
          ]
        : null,
    overdueChecked: filters.overdue === true,
    dueWithin: filters.dueWithinDays === undefined ? '' : String(filters.dueWithinDays),
    filtered,
    clearHref: '/manage/actions',
    total: view.total,
    showing:
      view.total === 0
        ? 'No actions match'
        : `Showing ${first} to ${first + view.actions.length - 1} of ${view.total} action${view.total === 1 ? '' : 's'}`,
    rows: view.actions.map(rowOf),
    statusTags: STATUS_TAGS,
    timelinessTags: SHOWN_TIMELINESS_TAGS,
    exports: (['csv', 'xlsx', 'docx'] as const).map((format) => ({
      href: withQuery(`/manage/actions/export.${format}`, query),
      text: { csv: 'CSV', xlsx: 'Excel (.xlsx)', docx: 'Word (.docx)' }[format],
    })),
    pagination:
      view.pageCount > 1
        ? {
            previous: view.page > 1 ? { href: pageHref(view.page - 1) } : undefined,
            next: view.page < view.pageCount ? { href: pageHref(view.page + 1) } : undefined,
            items: pageNumbers(view.page, view.pageCount).map((number) =>
              number === null
                ? { ellipsis: true }
                : { number, href: pageHref(number), current: number === view.page },
            ),
          }
        : null,
  }
}

/** GOV.UK pagination: first, last, and the pages either side of the current one. */
export function pageNumbers(current: number, count: number): (number | null)[] {
  const pages: (number | null)[] = []
  for (let page = 1; page <= count; page += 1) {
    if (page === 1 || page === count || Math.abs(page - current) <= 1) pages.push(page)
    else if (pages.at(-1) !== null) pages.push(null)
  }
  return pages
}

function fileSize(bytes: number | null): string {
  if (bytes === null) return ''
  if (bytes < 1024) return `${bytes} bytes`
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`
}

function evidenceRow(actionId: string, evidence: EvidenceView, canWithdraw: boolean) {
  return {
    id: evidence.id,
    kind: evidence.kind,
    text: evidence.kind === 'file' ? (evidence.fileName ?? 'File') : (evidence.url ?? ''),
    href:
      evidence.withdrawn !== null
        ? null
        : evidence.kind === 'file'
          ? `/manage/actions/${actionId}/evidence/${evidence.id}`
          : evidence.url,
    size: fileSize(evidence.sizeBytes),
    addedBy: `Added by ${evidence.addedByName}, ${formatUkDateTime(evidence.addedAt)}`,
    withdrawn:
      evidence.withdrawn === null
        ? null
        : `Withdrawn by ${evidence.withdrawn.byName ?? 'someone'}, ${formatUkDateTime(evidence.withdrawn.at)}: ${evidence.withdrawn.reason ?? ''}`,
    withdrawHref:
      canWithdraw && evidence.withdrawn === null
        ? `/manage/actions/${actionId}/evidence/${evidence.id}/withdraw`
        : null,
  }
}

const STEP_BUTTONS = {
  assure: { text: 'Assure this action', classes: '' },
  'send-back': { text: 'Send back to the agency', classes: 'govuk-button--secondary' },
  close: { text: 'Close without completion', classes: 'govuk-button--warning' },
} as const

function requestRow(request: DueDateRequestRecord) {
  const decided =
    request.state === 'pending'
      ? 'Waiting for the business unit’s decision'
      : `${request.state === 'agreed' ? 'Agreed' : 'Refused'} by ${request.decidedByName ?? 'the business unit'}, ${formatUkDateTime(request.decidedAt ?? request.requestedAt)}${request.decisionNote ? `: ${request.decisionNote}` : ''}`
  return {
    text: `${request.requestedByName} asked to move it from ${writtenDate(request.currentDueOn)} to ${writtenDate(request.requestedOn)}`,
    reason: request.reason,
    decided,
    pending: request.state === 'pending',
  }
}

export function actionPageViewModel(view: ActionView, form: Record<string, string> = {}) {
  const sourceName = view.sourceKind === 'learning-point' ? 'Learning point' : 'Recommendation'
  const latestAssurance = [...view.updates].reverse().find((update) => update.status === 'assured')
  return {
    pageTitle: 'Action',
    ...rowOf(view),
    // The action's own page draws its two tags itself (the list draws each once).
    statusTag: statusTag(view.status),
    timelinessTag: TIMELINESS_TAGS[view.timeliness],
    sourceHeading:
      view.sourcePosition === null ? sourceName : `${sourceName} ${view.sourcePosition}`,
    sourceText: view.sourceText ?? 'This learning point or recommendation is no longer recorded.',
    reviewHref: view.reviewHref,
    version: view.version,
    updates: [...view.updates].reverse().map((update) => ({
      statusTag: statusTag(update.status as ActionStatus),
      note: update.note,
      impact: update.impact,
      checked: update.checked,
      recheckOn: update.recheckOn,
      writtenByName: update.writtenByName,
      writtenAt: formatUkDateTime(update.writtenAt),
      writtenAtIso: update.writtenAt,
      evidence: view.evidence
        .filter((item) => item.updateId === update.id)
        .map((item) => evidenceRow(view.id, item, false)),
    })),
    assurance:
      view.status === 'assured' && latestAssurance
        ? {
            impact: latestAssurance.impact,
            checked: latestAssurance.checked,
            recheckOn: latestAssurance.recheckOn,
            by: latestAssurance.writtenByName,
          }
        : null,
    evidence: view.evidence.map((item) => evidenceRow(view.id, item, view.canUpdate)),
    canUpdate: view.statusChoices.length > 0,
    steps: view.steps.map((step) => ({
      ...STEP_BUTTONS[step],
      href: `/manage/actions/${view.id}/${step}`,
    })),
    settledMessage:
      view.status === 'assured'
        ? 'This action has been assured. If more needs doing, the business unit or a partner sends it back to the agency.'
        : view.status === 'closed'
          ? 'This action has been closed without completion.'
          : null,
    dueDateRequests: view.dueDateRequests.map(requestRow),
    dueDateRequestHref: view.canRequestDueDate ? `/manage/actions/${view.id}/due-date` : null,
    decideHref:
      view.canDecideDueDate && view.pendingDueDateRequest
        ? `/manage/actions/${view.id}/due-date/${view.pendingDueDateRequest.id}`
        : null,
    statusItems: view.statusChoices.map((status) => ({
      value: status,
      text: ACTION_STATUS_NAMES[status],
      hint:
        status === 'completed'
          ? { text: 'Needs evidence: a file or a link, already on the action or added below.' }
          : undefined,
      checked: (form.status ?? view.status) === status,
    })),
    note: form.note ?? '',
    evidenceLink: form.evidenceLink ?? '',
  }
}

export type StepKey = 'assure' | 'send-back' | 'close'

const STEP_TEXT: Record<
  StepKey,
  { pageTitle: string; explanation: string; buttonText: string; reasonLabel?: string }
> = {
  assure: {
    pageTitle: 'Assure this action',
    explanation:
      'Assuring says the partnership has seen evidence that practice changed, not only that the agency did what it said. The agency can no longer update the action unless it is sent back.',
    buttonText: 'Assure this action',
  },
  'send-back': {
    pageTitle: 'Send this action back to the agency',
    explanation:
      'The action goes back to the agency, with your reason, to do more or to show better evidence.',
    buttonText: 'Send back to the agency',
    reasonLabel: 'Why is it sent back, and what does the agency need to do?',
  },
  close: {
    pageTitle: 'Close this action without completion',
    explanation:
      'Closing says the action will not be completed: for example, it was overtaken by another action or the service no longer exists. It stays on the plan, marked closed, with your reason.',
    buttonText: 'Close without completion',
    reasonLabel: 'Why is the action closed?',
  },
}

function actionHeader(view: ActionView) {
  return {
    id: view.id,
    description: view.description,
    agencyName: view.agencyName,
    reviewTitle: view.reviewTitle,
    statusName: ACTION_STATUS_NAMES[view.status],
    dueOn: view.dueOn,
  }
}

export function stepViewModel(step: StepKey, view: ActionView, form: Record<string, string>) {
  return {
    ...STEP_TEXT[step],
    step,
    action: actionHeader(view),
    evidence: view.evidence
      .filter((item) => item.withdrawn === null)
      .map((item) => evidenceRow(view.id, item, false)),
    form: { version: String(view.version), ...form },
  }
}

export function dueDateRequestViewModel(view: ActionView, form: Record<string, string>) {
  return {
    pageTitle: 'Ask for a later due date',
    action: actionHeader(view),
    originalDueOn: view.originalDueOn,
    form,
  }
}

export function dueDateDecisionViewModel(
  view: ActionView,
  request: DueDateRequestRecord,
  form: Record<string, string>,
) {
  return {
    pageTitle: 'Decide on a later due date',
    action: actionHeader(view),
    originalDueOn: view.originalDueOn,
    request: {
      id: request.id,
      requestedOn: request.requestedOn,
      currentDueOn: request.currentDueOn,
      reason: request.reason,
      requestedBy: `${request.requestedByName}, ${formatUkDateTime(request.requestedAt)}`,
    },
    decisionItems: [
      { value: 'agreed', text: 'Agree to the new due date', checked: form.decision === 'agreed' },
      { value: 'refused', text: 'Refuse it', checked: form.decision === 'refused' },
    ],
    form: { version: String(view.version), ...form },
  }
}

export function withdrawEvidenceViewModel(
  view: ActionView,
  evidence: EvidenceView,
  form: Record<string, string>,
) {
  return {
    pageTitle: 'Withdraw evidence',
    action: actionHeader(view),
    evidence: evidenceRow(view.id, evidence, false),
    form: { version: String(evidence.version), ...form },
  }
}

export function actionDashboardViewModel(view: ActionDashboard) {
  const tallyRows = (tallies: ActionDashboard['byAgency'], filter: 'agency' | 'review') =>
    tallies.map((tally) => ({
      name: tally.name,
      href: `/manage/actions?${filter}=${tally.id}`,
      overdueHref: `/manage/actions?${filter}=${tally.id}&overdue=yes`,
      total: tally.total,
      completed: tally.completed,
      assured: tally.assured,
      overdue: tally.overdue,
    }))
  return {
    pageTitle: 'Action plan dashboard',
    partnership: view.partnership,
    partnershipItems:
      view.partnerships.length > 1
        ? view.partnerships.map((p) => ({
            value: p.id,
            text: p.name,
            selected: p.id === view.partnership.id,
          }))
        : null,
    totals: view.totals,
    overdueHref: `/manage/actions?partnership=${view.partnership.id}&overdue=yes`,
    byAgency: tallyRows(view.byAgency, 'agency'),
    byReview: tallyRows(view.byReview, 'review'),
    chart: actionTrendChartViewModel(view.trend),
  }
}

export function chooseReviewViewModel(reviews: readonly ReviewForActions[]) {
  return {
    pageTitle: 'Which review is the action for?',
    reviews: reviews.map((review) => ({
      href: `/manage/reviews/${review.id}/actions/new`,
      title: review.title,
      leadPartnershipName: review.leadPartnershipName,
      learning: [
        review.learningPoints > 0 ? plural(review.learningPoints, 'learning point') : null,
        review.recommendations > 0 ? plural(review.recommendations, 'recommendation') : null,
      ]
        .filter((part) => part !== null)
        .join(', '),
    })),
  }
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`
}

export function newActionViewModel(options: NewActionOptions, form: Record<string, string>) {
  const sourceItems = options.sources.map((source) => {
    const value = `${source.kind}:${source.id}`
    const name = source.kind === 'learning-point' ? 'Learning point' : 'Recommendation'
    return {
      value,
      text: `${name} ${source.position}: ${source.text}`,
      hint: source.addressedToAgencyName
        ? { text: `Addressed to ${source.addressedToAgencyName}` }
        : undefined,
      checked: form.source === value,
    }
  })
  // With no choice made yet, the agency the chosen learning was addressed to is a fair default.
  const chosen = options.sources.find((source) => `${source.kind}:${source.id}` === form.source)
  const selectedAgency = form.agencyId ?? chosen?.addressedToAgencyId ?? ''
  return {
    pageTitle: 'Assign an action to an agency',
    reviewTitle: options.reviewTitle,
    formAction: `/manage/reviews/${options.reviewId}/actions`,
    hasSources: sourceItems.length > 0,
    sourceItems,
    agencyItems: [
      { value: '', text: 'Choose an agency', selected: selectedAgency === '' },
      ...options.agencies.map((agency) => ({
        value: agency.id,
        text: `${agency.name} (${agency.partnershipName})`,
        selected: agency.id === selectedAgency,
      })),
    ],
    form,
  }
}
