// Writing a message into the outbox (issue 10). Services call `enqueueMessage`
// with the transaction of the change that caused the message, so the message
// exists if and only if the change committed; the worker sends it later.
import { randomUUID } from 'node:crypto'
import type { Db } from '../../data/db.js'
import {
  insertOutboxMessage,
  insertOutboxMessages,
  type NewOutboxMessage,
} from '../../data/repositories/mail/outbox-repository.js'
import { renderMessage, type MessageContent } from '../../domain/mail/message.js'

/** Settings every message needs, from the configuration. */
export interface MailSettings {
  /** Where people reach the service, no trailing slash: links in messages start here. */
  readonly publicUrl: string
  readonly serviceName: string
  /** Working days before a due date that reminders go (10, 2). */
  readonly reminderWorkingDays: readonly number[]
}

export interface MessageToWrite {
  /** Unique for what the message is for: writing the same key again does nothing. */
  readonly idempotencyKey: string
  readonly kind: string
  readonly partnership: { readonly id: string; readonly name: string }
  readonly recipient: {
    readonly userId: string | null
    readonly email: string
    readonly name: string
  }
  readonly subject: string
  readonly paragraphs: readonly string[]
  readonly items?: readonly string[]
  /** A path on the service, e.g. /manage/actions/…; made absolute here. */
  readonly path: string
  readonly linkText: string
  readonly footer: string
}

/** Writes the message (with its text and HTML parts and Message-ID); false if its key was written before. */
export async function enqueueMessage(
  trx: Db,
  at: Date,
  settings: MailSettings,
  message: MessageToWrite,
): Promise<boolean> {
  return insertOutboxMessage(trx, outboxMessageOf(at, settings, message))
}

/**
 * Writes the messages, several to an INSERT, each unless its key was written
 * before; returns how many were new. For the reminder jobs, which write
 * thousands at national scale.
 */
export async function enqueueMessages(
  trx: Db,
  at: Date,
  settings: MailSettings,
  messages: readonly MessageToWrite[],
): Promise<number> {
  return insertOutboxMessages(
    trx,
    messages.map((message) => outboxMessageOf(at, settings, message)),
  )
}

/** The message as the outbox keeps it: its text and HTML parts rendered, a Message-ID made. */
function outboxMessageOf(
  at: Date,
  settings: MailSettings,
  message: MessageToWrite,
): NewOutboxMessage {
  const href = `${settings.publicUrl}${message.path}`
  const content: MessageContent = {
    subject: message.subject,
    recipientName: message.recipient.name,
    partnershipName: message.partnership.name,
    paragraphs: message.paragraphs,
    ...(message.items ? { items: message.items } : {}),
    link: { href, text: message.linkText },
    serviceName: settings.serviceName,
    footer: message.footer,
  }
  const rendered = renderMessage(content)
  const id = randomUUID()
  return {
    id,
    idempotencyKey: message.idempotencyKey,
    kind: message.kind,
    partnershipId: message.partnership.id,
    recipientUserId: message.recipient.userId,
    recipientEmail: message.recipient.email,
    recipientName: message.recipient.name,
    subject: rendered.subject,
    textBody: rendered.text,
    htmlBody: rendered.html,
    messageId: `<${id}@${new URL(settings.publicUrl).hostname}>`,
    link: href,
    createdAt: at.toISOString(),
  }
}
