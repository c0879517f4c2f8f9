// What /manage/outbox shows (issue 10): each message, who it went to, when,
// and what became of it in words, with a retry for those not sent.
import type { OutboxMessageRecord } from '../../../data/repositories/mail/outbox-repository.js'
import { formatUkDateTime } from '../../../domain/calendar/uk-time.js'
import {
  NO_MAIL_SERVER,
  OUTBOX_STATUSES,
  type OutboxView,
} from '../../../services/mail/outbox-service.js'

export const OUTBOX_PATH = '/manage/outbox'

const STATUS_NAMES = {
  queued: 'Waiting to send',
  sending: 'Sending',
  sent: 'Sent',
  failed: 'Failed',
} as const

const STATUS_TAGS = {
  queued: 'govuk-tag--yellow',
  sending: 'govuk-tag--blue',
  sent: 'govuk-tag--green',
  failed: 'govuk-tag--red',
} as const

function statusOf(message: OutboxMessageRecord) {
  if (message.status === 'queued' && message.lastError === NO_MAIL_SERVER) {
    return {
      tag: 'Not sent',
      tagClass: 'govuk-tag--grey',
      detail: 'Not sent: no mail server set',
    }
  }
  const detail =
    message.status === 'sent' && message.sentAt !== null
      ? `Sent ${formatUkDateTime(message.sentAt)}`
      : message.status === 'failed'
        ? `Failed ${message.failedAt === null ? '' : formatUkDateTime(message.failedAt)} after ${message.attempts} ${message.attempts === 1 ? 'attempt' : 'attempts'}: ${message.lastError ?? 'no reason given'}`
        : message.status === 'queued' && message.lastError !== null
          ? `Attempt ${message.attempts} failed: ${message.lastError}. Next attempt ${formatUkDateTime(message.nextAttemptAt)}`
          : null
  return { tag: STATUS_NAMES[message.status], tagClass: STATUS_TAGS[message.status], detail }
}

function query(status: string | null, page: number): string {
  const parts = [
    ...(status === null ? [] : [`status=${encodeURIComponent(status)}`]),
    ...(page > 1 ? [`page=${page}`] : []),
  ]
  return parts.length === 0 ? '' : `?${parts.join('&')}`
}

export function outboxViewModel(view: OutboxView) {
  return {
    pageTitle: 'Outbox',
    mailServerSet: view.mailServerSet,
    total: view.total,
    statusItems: [
      { value: '', text: 'Any status', selected: view.status === null },
      ...OUTBOX_STATUSES.map((status) => ({
        value: status,
        text: STATUS_NAMES[status],
        selected: view.status === status,
      })),
    ],
    rows: view.messages.map((message) => ({
      id: message.id,
      createdAt: formatUkDateTime(message.createdAt),
      recipientName: message.recipientName,
      recipientEmail: message.recipientEmail,
      subject: message.subject,
      partnershipName: message.partnershipName,
      link: message.link,
      version: message.version,
      retryAction:
        message.status === 'failed' || message.status === 'queued'
          ? `${OUTBOX_PATH}/${message.id}/retry`
          : null,
      ...statusOf(message),
    })),
    pageNumber: view.page,
    pages: view.pageCount,
    pagination: {
      ...(view.page > 1
        ? { previous: { href: `${OUTBOX_PATH}${query(view.status, view.page - 1)}` } }
        : {}),
      ...(view.page < view.pageCount
        ? { next: { href: `${OUTBOX_PATH}${query(view.status, view.page + 1)}` } }
        : {}),
    },
  }
}
