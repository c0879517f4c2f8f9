// Mail and scheduled jobs (issue 10). Every message goes through the outbox: it
// is written in the same transaction as the change that caused it, under an
// idempotency key (unique), and a worker sends it over SMTP later, retrying
// with back-off. Jobs are rows with leases, so several app instances and the
// command line can run the scheduler at once without doing a job twice: a
// worker claims a row with one UPDATE that only succeeds while the row is due
// or its previous lease has expired.
import type { Kysely } from 'kysely'

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('outbox_message')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // What the message is for, made of the cause (action-reminder:<action>:<due>:10wd:<user>):
    // writing it twice does nothing the second time.
    .addColumn('idempotency_key', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    // The partnership the message is about: whose business unit sees it in the outbox.
    .addColumn('partnership_id', 'text', (c) => c.notNull().references('partnership.id'))
    .addColumn('recipient_user_id', 'text', (c) => c.references('app_user.id'))
    .addColumn('recipient_email', 'text', (c) => c.notNull())
    .addColumn('recipient_name', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('text_body', 'text', (c) => c.notNull())
    .addColumn('html_body', 'text', (c) => c.notNull())
    // Made when the message is written, so a resend after a crash carries the same one.
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('link', 'text', (c) => c.notNull())
    // queued → sending (leased) → sent | queued again (temporary failure) | failed.
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('lease_owner', 'text')
    .addColumn('lease_expires_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .addColumn('failed_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute()
  await db.schema
    .createIndex('outbox_message_due_index')
    .on('outbox_message')
    .columns(['status', 'next_attempt_at'])
    .execute()
  await db.schema
    .createIndex('outbox_message_partnership_index')
    .on('outbox_message')
    .columns(['partnership_id', 'created_at'])
    .execute()

  await db.schema
    .createTable('job')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    // The run this row is, e.g. the day (2026-06-10) of a daily job: one row per
    // kind and run, so two schedulers adding the same run add it once.
    .addColumn('run_key', 'text', (c) => c.notNull())
    .addColumn('due_at', 'text', (c) => c.notNull())
    // due → running (leased) → done | due again (failed, until its attempts run out) | failed.
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('lease_owner', 'text')
    .addColumn('lease_expires_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('result', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addUniqueConstraint('job_kind_run_unique', ['kind', 'run_key'])
    .execute()
  await db.schema.createIndex('job_due_index').on('job').columns(['status', 'due_at']).execute()

  // "Digest only": a person who wants one weekly email instead of each reminder.
  await db.schema
    .createTable('mail_preference')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('app_user.id'))
    .addColumn('digest_only', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute()
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('mail_preference').ifExists().execute()
  await db.schema.dropTable('job').ifExists().execute()
  await db.schema.dropTable('outbox_message').ifExists().execute()
}
