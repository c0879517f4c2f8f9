import { clockDetail } from '../../../domain/statutory/clock-wording.js'
import type {
  RapidReviewListItem,
  Task,
  TaskGroupKey,
  YourTasks,
} from '../../../services/tasks/tasks-service.js'
import { clockTag, type ClockTag } from '../../clock-tags.js'

const GROUPS: Record<TaskGroupKey, { heading: string; empty: string }> = {
  signatures: {
    heading: 'Rapid reviews awaiting your signature',
    empty: 'No rapid review is waiting for your signature.',
  },
  'review-work': {
    heading: 'Your reviews: stages and checkpoints not done',
    empty: 'Every stage and checkpoint of the reviews that name you is done.',
  },
  'agency-actions': {
    heading: 'Your agency’s actions due soon or overdue',
    empty: 'None of your agency’s actions is due in the next 2 weeks or overdue.',
  },
  deadlines: {
    heading: 'Statutory deadlines due soon or overdue',
    empty: 'No statutory deadline is due soon or overdue.',
  },
  'agency-requests': {
    heading: 'Agency information overdue',
    empty: 'No agency’s information for a rapid review is overdue.',
  },
  'actions-to-sign-off': {
    heading: 'Completed actions awaiting your assurance',
    empty: 'No completed action is waiting to be assured.',
  },
}

const URGENCY_TAGS: Record<'overdue' | 'due-soon', ClockTag> = {
  overdue: { text: 'Overdue', classes: 'govuk-tag--red' },
  'due-soon': { text: 'Due within 2 weeks', classes: 'govuk-tag--yellow' },
}

function taskRow(task: Task) {
  return {
    text: task.text,
    href: task.href,
    about: task.about,
    dueOn: task.dueOn,
    tag:
      task.clock !== null
        ? clockTag(task.clock)
        : task.urgency !== null
          ? URGENCY_TAGS[task.urgency]
          : null,
    detail: task.clock !== null ? clockDetail(task.clock) : null,
  }
}

export function yourTasksViewModel(tasks: YourTasks) {
  const groups = tasks.groups.map((group) => ({
    key: group.key,
    heading: GROUPS[group.key].heading,
    empty: GROUPS[group.key].empty,
    tasks: group.tasks.map(taskRow),
  }))
  return {
    pageTitle: 'Your tasks',
    today: tasks.today,
    groups,
    total: groups.reduce((sum, group) => sum + group.tasks.length, 0),
  }
}

export function rapidReviewListViewModel(items: readonly RapidReviewListItem[]) {
  return {
    pageTitle: 'Rapid reviews',
    rows: items.map((item) => ({
      href: item.href,
      pseudonyms: item.pseudonyms,
      partnershipName: item.partnershipName,
      stateName: item.stateName,
      startedOn: item.startedOn,
      dueOn: item.dueOn,
      clockTag: item.clock === null ? null : clockTag(item.clock),
    })),
  }
}
