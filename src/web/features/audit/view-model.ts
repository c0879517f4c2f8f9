import { formatUkDateTime } from '../../../domain/calendar/uk-time.js'
import type { AuditEventRecord } from '../../../data/repositories/audit-repository.js'
import { AUDIT_PAGE_SIZE, type AuditFilter } from '../../../services/audit-service.js'
import { filterQuery } from './validation.js'

export function auditPageViewModel(input: {
  filter: AuditFilter
  page: number
  actions: string[]
  events: AuditEventRecord[]
  total: number
  unknownUser: boolean
}) {
  const pages = Math.max(1, Math.ceil(input.total / AUDIT_PAGE_SIZE))
  return {
    pageTitle: 'Audit trail',
    filter: input.filter,
    actionItems: [
      { value: '', text: 'Any action' },
      ...input.actions.map((action) => ({
        value: action,
        text: action,
        selected: action === input.filter.action,
      })),
    ],
    total: input.total,
    unknownUser: input.unknownUser,
    csvHref: `/manage/audit.csv${filterQuery(input.filter)}`,
    rows: input.events.map((event) => [
      { text: formatUkDateTime(event.occurredAt) },
      { text: event.actorLabel },
      { text: event.action },
      { text: `${event.recordType}${event.recordId ? ` ${event.recordId}` : ''}` },
      { text: event.summary === '{}' ? '' : event.summary, classes: 'app-audit-summary' },
    ]),
    pagination: {
      ...(input.page > 1
        ? { previous: { href: `/manage/audit${filterQuery(input.filter, input.page - 1)}` } }
        : {}),
      ...(input.page < pages
        ? { next: { href: `/manage/audit${filterQuery(input.filter, input.page + 1)}` } }
        : {}),
    },
    pageNumber: input.page,
    pages,
  }
}
