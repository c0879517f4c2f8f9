// The outbox (issue 10): the worker that sends what is queued, and the page
// that shows administrators and the business unit what was sent, to whom and
// when, what failed and why, with a retry.
import {
  claimMessage,
  findOutboxMessage,
  listOutboxMessages,
  listSendableMessageIds,
  markMessageFailed,
  markMessageForRetry,
  markMessageSent,
  noteQueuedMessagesUnsendable,
  requeueMessage,
  type OutboxMessageRecord,
  type OutboxStatus,
} from '../../data/repositories/mail/outbox-repository.js'
import { assertCan, partnershipsWhere } from '../../domain/access/policy.js'
import type { Actor } from '../../domain/access/roles.js'
import { NotFoundError, ValidationError } from '../../domain/errors.js'
import { afterFailure, failureKindOf } from '../../domain/mail/delivery.js'
import type { Mailer } from '../../integrations/mail/smtp-mailer.js'
import { recordAudit } from '../audit-trail.js'
import { type ServiceContext, userActor } from '../context.js'

/** What a queued message says while no SMTP_URL is set. */
export const NO_MAIL_SERVER = 'not sent: no mail server set'

/** How long a worker may hold a message while it talks to the mail server. */
const SEND_LEASE_MS = 5 * 60_000
const BATCH = 50
export const OUTBOX_PAGE_SIZE = 25

export const OUTBOX_STATUSES: readonly OutboxStatus[] = ['queued', 'sending', 'sent', 'failed']

export interface DeliveryReport {
  readonly sent: number
  readonly retrying: number
  readonly failed: number
  /** Queued with no mail server to send them. */
  readonly waiting: number
}

export interface OutboxView {
  readonly messages: readonly OutboxMessageRecord[]
  readonly total: number
  readonly page: number
  readonly pageCount: number
  readonly status: OutboxStatus | null
  readonly mailServerSet: boolean
}

export class OutboxService {
  constructor(
    private readonly context: ServiceContext,
    private readonly mailer: Mailer | null,
  ) {}

  /** Is a mail server set (SMTP_URL)? */
  get mailServerSet(): boolean {
    return this.mailer !== null
  }

  /**
   * Sends every message that is due, one claim at a time, so several workers
   * (app instances, the command line) share the queue without sending a
   * message twice. Without a mail server the messages stay queued, noted so.
   */
  async deliverDue(owner: string): Promise<DeliveryReport> {
    const { db, now } = this.context
    if (this.mailer === null) {
      await noteQueuedMessagesUnsendable(db, NO_MAIL_SERVER)
      const queued = await listSendableMessageIds(db, now().toISOString(), 10_000)
      return { sent: 0, retrying: 0, failed: 0, waiting: queued.length }
    }
    let sent = 0
    let retrying = 0
    let failed = 0
    for (;;) {
      const ids = await listSendableMessageIds(db, now().toISOString(), BATCH)
      let claimedAny = false
      for (const id of ids) {
        const at = now()
        const claimed = await claimMessage(db, id, {
          owner,
          now: at.toISOString(),
          leaseUntil: new Date(at.getTime() + SEND_LEASE_MS).toISOString(),
        })
        if (!claimed) continue
        claimedAny = true
        const message = (await findOutboxMessage(db, id))!
        const outcome = await this.mailer.send({
          to: { name: message.recipientName, address: message.recipientEmail },
          subject: message.subject,
          text: message.textBody,
          html: message.htmlBody,
          messageId: message.messageId,
        })
        const after = now()
        if (outcome.sent) {
          await markMessageSent(db, id, owner, after.toISOString())
          sent += 1
          continue
        }
        const next = afterFailure(message.attempts, failureKindOf(outcome.responseCode), after)
        if (next.status === 'queued') {
          await markMessageForRetry(db, id, owner, {
            nextAttemptAt: next.nextAttemptAt.toISOString(),
            error: outcome.error,
          })
          retrying += 1
        } else {
          await markMessageFailed(db, id, owner, { now: after.toISOString(), error: outcome.error })
          failed += 1
        }
      }
      // Every listed message taken by others, or none left: this worker is done.
      if (ids.length < BATCH || !claimedAny) break
    }
    return { sent, retrying, failed, waiting: 0 }
  }

  /** The messages of the partnerships where the actor may read the outbox, newest first. */
  async list(
    actor: Actor | null,
    query: { status?: unknown; page?: unknown } = {},
  ): Promise<OutboxView> {
    assertCan(actor, 'outbox:read')
    const status =
      typeof query.status === 'string' &&
      (OUTBOX_STATUSES as readonly string[]).includes(query.status)
        ? (query.status as OutboxStatus)
        : null
    const requested = Number(typeof query.page === 'string' ? query.page : 1)
    const page = Number.isSafeInteger(requested) && requested >= 1 ? requested : 1
    const result = await listOutboxMessages(this.context.db, {
      partnershipIds: partnershipsWhere(actor, 'outbox:read'),
      ...(status === null ? {} : { status }),
      limit: OUTBOX_PAGE_SIZE,
      offset: (page - 1) * OUTBOX_PAGE_SIZE,
    })
    return {
      messages: result.messages,
      total: result.total,
      page,
      pageCount: Math.max(1, Math.ceil(result.total / OUTBOX_PAGE_SIZE)),
      status,
      mailServerSet: this.mailServerSet,
    }
  }

  /** One message, if the actor may see its partnership's outbox. */
  async find(actor: Actor | null, id: string): Promise<OutboxMessageRecord> {
    assertCan(actor, 'outbox:read')
    const message = await findOutboxMessage(this.context.db, id)
    if (
      message === undefined ||
      !partnershipsWhere(actor, 'outbox:read').includes(message.partnershipId)
    ) {
      throw new NotFoundError('No such message')
    }
    return message
  }

  /**
   * Queues a failed (or waiting) message again, to go on the next run with its
   * attempts counted afresh. Audited: who asked for a message to go again.
   */
  async retry(actor: Actor | null, id: string, expectedVersion: number): Promise<void> {
    const message = await this.find(actor, id)
    if (message.status === 'sent' || message.status === 'sending') {
      throw new ValidationError([
        {
          field: 'message',
          message:
            message.status === 'sent'
              ? 'This message has already been sent'
              : 'This message is being sent now',
        },
      ])
    }
    const { db, now } = this.context
    const at = now()
    await db.transaction().execute(async (trx) => {
      await requeueMessage(trx, id, expectedVersion, at.toISOString())
      await recordAudit(trx, at, {
        actor: userActor(actor!),
        action: 'outbox-message.retried',
        recordType: 'outbox_message',
        recordId: id,
        partnershipId: message.partnershipId,
        before: { status: message.status, attempts: message.attempts, error: message.lastError },
        after: { status: 'queued' },
      })
    })
  }
}
