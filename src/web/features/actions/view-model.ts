// View models for the action plan pages: what the templates show, worked out
// here so the templates stay simple and the wording can be unit tested.
import { formatUkDateTime } from '../../../domain/calendar/uk-time.js'
import {
  ACTION_STATUSES,
  ACTION_STATUS_NAMES,
  type ActionStatus,
  type ActionTimeliness,
} from '../../../domain/actions/action-plan.js'
import type {
  ActionListView,
  ActionSummary,
  ActionView,
  NewActionOptions,
  ReviewForActions,
} from '../../../services/actions/action-plan-service.js'

export interface Tag {
  readonly text: string
  readonly classes: string
}

const STATUS_TAG_CLASSES: Record<ActionStatus, string> = {
  'not-started': 'govuk-tag--grey',
  'in-progress': 'govuk-tag--light-blue',
  completed: 'govuk-tag--turquoise',
  'signed-off': 'govuk-tag--green',
}

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
    statusTag: statusTag(action.status),
    timelinessTag: TIMELINESS_TAGS[action.timeliness],
  }
}

export function actionListViewModel(view: ActionListView) {
  return {
    pageTitle: 'Action plans',
    canAssign: view.canAssign,
    statusItems: [
      { value: '', text: 'Any status', selected: view.status === null },
      ...ACTION_STATUSES.map((status) => ({
        value: status,
        text: ACTION_STATUS_NAMES[status],
        selected: view.status === status,
      })),
    ],
    filtered: view.status !== null,
    statusName: view.status === null ? null : ACTION_STATUS_NAMES[view.status],
    counts: view.counts,
    rows: view.actions.map(rowOf),
  }
}

export function actionPageViewModel(view: ActionView, form: Record<string, string> = {}) {
  const sourceName = view.sourceKind === 'learning-point' ? 'Learning point' : 'Recommendation'
  return {
    pageTitle: 'Action',
    ...rowOf(view),
    sourceHeading:
      view.sourcePosition === null ? sourceName : `${sourceName} ${view.sourcePosition}`,
    sourceText: view.sourceText ?? 'This learning point or recommendation is no longer recorded.',
    reviewHref: view.reviewHref,
    version: view.version,
    updates: [...view.updates].reverse().map((update) => ({
      statusTag: statusTag(update.status as ActionStatus),
      note: update.note,
      writtenByName: update.writtenByName,
      writtenAt: formatUkDateTime(update.writtenAt),
      writtenAtIso: update.writtenAt,
    })),
    canUpdate: view.statusChoices.length > 0,
    canSignOff: view.canSignOff,
    canReopen: view.canReopen,
    signedOffLocked: view.status === 'signed-off' && !view.canReopen,
    statusItems: view.statusChoices.map((status) => ({
      value: status,
      text: ACTION_STATUS_NAMES[status],
      checked: (form.status ?? view.status) === status,
    })),
    note: form.note ?? '',
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
