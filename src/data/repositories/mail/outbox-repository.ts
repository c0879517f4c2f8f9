// The outbox (0019-outbox-and-jobs): messages written with the change that
// caused them, claimed one at a time by whichever worker gets there first, and
// kept after they are sent or have failed. Every claim is one UPDATE whose
// WHERE only matches while the message is free, so on SQLite and PostgreSQL
// alike exactly one worker's UPDATE changes the row.
import { StaleVersionError } from '../../../domain/errors.js'
import type { Db } from '../../db.js'

export type OutboxStatus = 'queued' | 'sending' | 'sent' | 'failed'

export interface NewOutboxMessage {
  readonly id: string
  readonly idempotencyKey: string
  readonly kind: string
  readonly partnershipId: string
  readonly recipientUserId: string | null
  readonly recipientEmail: string
  readonly recipientName: string
  readonly subject: string
  readonly textBody: string
  readonly htmlBody: string
  readonly messageId: string
  readonly link: string
  readonly createdAt: string
}

export interface OutboxMessageRecord {
  id: string
  idempotencyKey: string
  kind: string
  partnershipId: string
  partnershipName: string
  recipientUserId: string | null
  recipientEmail: string
  recipientName: string
  subject: string
  textBody: string
  htmlBody: string
  messageId: string
  link: string
  status: OutboxStatus
  attempts: number
  nextAttemptAt: string
  lastError: string | null
  createdAt: string
  sentAt: string | null
  failedAt: string | null
  version: number
}

/**
 * Writes the message unless one with the same idempotency key exists. Pass the
 * transaction of the change that caused it. True if this call wrote it.
 */
export async function insertOutboxMessage(db: Db, message: NewOutboxMessage): Promise<boolean> {
  const result = await db
    .insertInto('outbox_message')
    .values({
      id: message.id,
      idempotency_key: message.idempotencyKey,
      kind: message.kind,
      partnership_id: message.partnershipId,
      recipient_user_id: message.recipientUserId,
      recipient_email: message.recipientEmail,
      recipient_name: message.recipientName,
      subject: message.subject,
      text_body: message.textBody,
      html_body: message.htmlBody,
      message_id: message.messageId,
      link: message.link,
      status: 'queued',
      next_attempt_at: message.createdAt,
      created_at: message.createdAt,
    })
    .onConflict((conflict) => conflict.column('idempotency_key').doNothing())
    .executeTakeFirst()
  return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1
}

/** Rows a single INSERT writes: 15 values each, well within both databases' limit on parameters. */
const ROWS_PER_INSERT = 500

function outboxRow(message: NewOutboxMessage) {
  return {
    id: message.id,
    idempotency_key: message.idempotencyKey,
    kind: message.kind,
    partnership_id: message.partnershipId,
    recipient_user_id: message.recipientUserId,
    recipient_email: message.recipientEmail,
    recipient_name: message.recipientName,
    subject: message.subject,
    text_body: message.textBody,
    html_body: message.htmlBody,
    message_id: message.messageId,
    link: message.link,
    status: 'queued',
    next_attempt_at: message.createdAt,
    created_at: message.createdAt,
  }
}

/**
 * Writes each message unless one with its idempotency key exists, several
 * rows to an INSERT. Pass the transaction of the change that caused them.
 * Returns how many this call wrote.
 */
export async function insertOutboxMessages(
  db: Db,
  messages: readonly NewOutboxMessage[],
): Promise<number> {
  let written = 0
  for (let start = 0; start < messages.length; start += ROWS_PER_INSERT) {
    const result = await db
      .insertInto('outbox_message')
      .values(messages.slice(start, start + ROWS_PER_INSERT).map(outboxRow))
      .onConflict((conflict) => conflict.column('idempotency_key').doNothing())
      .executeTakeFirst()
    written += Number(result.numInsertedOrUpdatedRows ?? 0n)
  }
  return written
}

/** Of these idempotency keys, the ones already written. */
export async function writtenOutboxKeys(
  db: Db,
  idempotencyKeys: readonly string[],
): Promise<Set<string>> {
  const written = new Set<string>()
  for (let start = 0; start < idempotencyKeys.length; start += ROWS_PER_INSERT) {
    const rows = await db
      .selectFrom('outbox_message')
      .select('idempotency_key')
      .where('idempotency_key', 'in', idempotencyKeys.slice(start, start + ROWS_PER_INSERT))
      .execute()
    for (const row of rows) written.add(row.idempotency_key)
  }
  return written
}

export async function outboxKeyExists(db: Db, idempotencyKey: string): Promise<boolean> {
  const row = await db
    .selectFrom('outbox_message')
    .select('id')
    .where('idempotency_key', '=', idempotencyKey)
    .executeTakeFirst()
  return row !== undefined
}

/** Messages a worker may try now: queued and due, or left sending by a worker whose lease ran out. */
export async function listSendableMessageIds(
  db: Db,
  now: string,
  limit: number,
): Promise<string[]> {
  const rows = await db
    .selectFrom('outbox_message')
    .select('id')
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'queued'), eb('next_attempt_at', '<=', now)]),
        eb.and([eb('status', '=', 'sending'), eb('lease_expires_at', '<', now)]),
      ]),
    )
    .orderBy('next_attempt_at')
    .orderBy('id')
    .limit(limit)
    .execute()
  return rows.map((row) => row.id)
}

/** Claims the message for one attempt; false if another worker has it (or it is no longer due). */
export async function claimMessage(
  db: Db,
  id: string,
  claim: { owner: string; now: string; leaseUntil: string },
): Promise<boolean> {
  const result = await db
    .updateTable('outbox_message')
    .set((eb) => ({
      status: 'sending',
      lease_owner: claim.owner,
      lease_expires_at: claim.leaseUntil,
      attempts: eb('attempts', '+', 1),
    }))
    .where('id', '=', id)
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'queued'), eb('next_attempt_at', '<=', claim.now)]),
        eb.and([eb('status', '=', 'sending'), eb('lease_expires_at', '<', claim.now)]),
      ]),
    )
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

export async function findOutboxMessage(
  db: Db,
  id: string,
): Promise<OutboxMessageRecord | undefined> {
  const row = await outboxQuery(db).where('outbox_message.id', '=', id).executeTakeFirst()
  return row === undefined ? undefined : toRecord(row)
}

/** Only the worker holding the lease records the outcome. */
export async function markMessageSent(
  db: Db,
  id: string,
  owner: string,
  now: string,
): Promise<void> {
  await db
    .updateTable('outbox_message')
    .set((eb) => ({
      status: 'sent',
      sent_at: now,
      last_error: null,
      lease_owner: null,
      lease_expires_at: null,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', id)
    .where('lease_owner', '=', owner)
    .execute()
}

export async function markMessageForRetry(
  db: Db,
  id: string,
  owner: string,
  outcome: { nextAttemptAt: string; error: string },
): Promise<void> {
  await db
    .updateTable('outbox_message')
    .set((eb) => ({
      status: 'queued',
      next_attempt_at: outcome.nextAttemptAt,
      last_error: outcome.error,
      lease_owner: null,
      lease_expires_at: null,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', id)
    .where('lease_owner', '=', owner)
    .execute()
}

export async function markMessageFailed(
  db: Db,
  id: string,
  owner: string,
  outcome: { now: string; error: string },
): Promise<void> {
  await db
    .updateTable('outbox_message')
    .set((eb) => ({
      status: 'failed',
      failed_at: outcome.now,
      last_error: outcome.error,
      lease_owner: null,
      lease_expires_at: null,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', id)
    .where('lease_owner', '=', owner)
    .execute()
}

/**
 * Notes on queued messages that nothing can send them: no mail server is set.
 * They stay queued, so setting SMTP_URL sends them on the next run.
 */
export async function noteQueuedMessagesUnsendable(db: Db, reason: string): Promise<number> {
  const result = await db
    .updateTable('outbox_message')
    .set({ last_error: reason })
    .where('status', '=', 'queued')
    .where((eb) => eb.or([eb('last_error', 'is', null), eb('last_error', '!=', reason)]))
    .executeTakeFirst()
  return Number(result.numUpdatedRows)
}

/** A failed (or waiting) message queued again now, with its attempts counted afresh. */
export async function requeueMessage(
  db: Db,
  id: string,
  expectedVersion: number,
  now: string,
): Promise<void> {
  const result = await db
    .updateTable('outbox_message')
    .set((eb) => ({
      status: 'queued',
      attempts: 0,
      next_attempt_at: now,
      failed_at: null,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .where('status', 'in', ['queued', 'failed'])
    .executeTakeFirst()
  if (Number(result.numUpdatedRows) !== 1) throw new StaleVersionError('message', id)
}

export interface OutboxPage {
  readonly messages: OutboxMessageRecord[]
  readonly total: number
}

/** The partnerships' messages, newest first, a page at a time; optionally of one status. */
export async function listOutboxMessages(
  db: Db,
  filter: {
    partnershipIds: readonly string[]
    status?: OutboxStatus
    limit: number
    offset: number
  },
): Promise<OutboxPage> {
  if (filter.partnershipIds.length === 0) return { messages: [], total: 0 }
  let query = outboxQuery(db).where('outbox_message.partnership_id', 'in', [
    ...filter.partnershipIds,
  ])
  let count = db
    .selectFrom('outbox_message')
    .select((eb) => eb.fn.countAll<string | number>().as('total'))
    .where('partnership_id', 'in', [...filter.partnershipIds])
  if (filter.status !== undefined) {
    query = query.where('outbox_message.status', '=', filter.status)
    count = count.where('status', '=', filter.status)
  }
  const [rows, counted] = await Promise.all([
    query
      .orderBy('outbox_message.created_at', 'desc')
      .orderBy('outbox_message.id')
      .limit(filter.limit)
      .offset(filter.offset)
      .execute(),
    count.executeTakeFirstOrThrow(),
  ])
  return { messages: rows.map(toRecord), total: Number(counted.total) }
}

function outboxQuery(db: Db) {
  return db
    .selectFrom('outbox_message')
    .innerJoin('partnership', 'partnership.id', 'outbox_message.partnership_id')
    .select([
      'outbox_message.id',
      'outbox_message.idempotency_key',
      'outbox_message.kind',
      'outbox_message.partnership_id',
      'partnership.name as partnership_name',
      'outbox_message.recipient_user_id',
      'outbox_message.recipient_email',
      'outbox_message.recipient_name',
      'outbox_message.subject',
      'outbox_message.text_body',
      'outbox_message.html_body',
      'outbox_message.message_id',
      'outbox_message.link',
      'outbox_message.status',
      'outbox_message.attempts',
      'outbox_message.next_attempt_at',
      'outbox_message.last_error',
      'outbox_message.created_at',
      'outbox_message.sent_at',
      'outbox_message.failed_at',
      'outbox_message.version',
    ])
}

type OutboxRow = Awaited<ReturnType<ReturnType<typeof outboxQuery>['executeTakeFirstOrThrow']>>

function toRecord(row: OutboxRow): OutboxMessageRecord {
  return {
    id: row.id,
    idempotencyKey: row.idempotency_key,
    kind: row.kind,
    partnershipId: row.partnership_id,
    partnershipName: row.partnership_name,
    recipientUserId: row.recipient_user_id,
    recipientEmail: row.recipient_email,
    recipientName: row.recipient_name,
    subject: row.subject,
    textBody: row.text_body,
    htmlBody: row.html_body,
    messageId: row.message_id,
    link: row.link,
    status: row.status as OutboxStatus,
    attempts: Number(row.attempts),
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
    createdAt: row.created_at,
    sentAt: row.sent_at,
    failedAt: row.failed_at,
    version: Number(row.version),
  }
}
