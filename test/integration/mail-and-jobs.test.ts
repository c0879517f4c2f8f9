// Mail and scheduled jobs (issue 10): reminders go through the outbox to a real
// SMTP server (smtp-server on 127.0.0.1), read back with mailparser. Checked:
// each message's parts, Message-ID, partnership and link; who it went to; that
// no planted identity leaks; that nothing is sent twice, by one run, by a second
// run, or by two `run-due-jobs` at once; retries after a 4xx; a 5xx kept as
// failed, shown on /manage/outbox and sent again from there; and, with no
// SMTP_URL, messages kept as "not sent: no mail server set".
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { after, before } from 'node:test'
import { describeOnEachDatabase, itOnLeg, type Harness } from './support/app-harness.js'
import { runCli } from './support/cli.js'
import { textOf } from './support/html.js'
import { COORDINATOR, SOUTHWARK_COORDINATOR, dbOf, signedIn } from './support/incident-helpers.js'
import { startSmtpSink, type ReceivedMail } from './support/smtp-sink.js'
import { editableRapidReview } from './support/hostile-coverage.js'
import { TEST_TODAY, testNow } from '../support/test-clock.js'
import { addCalendarDays, calendarDate } from '../../src/domain/calendar/calendar-date.js'
import { runDueJobs } from '../../src/jobs/due-jobs.js'
import { startScheduler } from '../../src/jobs/scheduler.js'
import { enqueueMessage } from '../../src/services/mail/outbox.js'
import { csrfTokenIn } from './support/app-harness.js'

const AGENCY_LEAD = 'agency-lead@wandsworth.example'
const PUBLIC_URL = 'https://reviews.example.org'
const MAIL_FROM = 'Wandsworth reviews <reviews@example.org>'

const sink = await startSmtpSink()
after(() => sink.close())

/** The services' clock: the suite's, moved on by `shiftMs` when a test waits for a retry. */
let shiftMs = 0
const clock = () => new Date(testNow().getTime() + shiftMs)

// Restricted identity values, planted on every demo incident's children: none
// may appear in any message.
const PLANTED = {
  name: 'Perpetua Quillfeather-Zanzibar',
  address: '17 Marigold Terrace, Plantedham',
  reference: 'LA-PLANTED-7731',
  health: 'Planted health note 5521',
  // Stored as ten digits; a message could only show it as the NHS writes it.
  nhsNumber: '9990001235',
  nhsNumberWritten: '999 000 1235',
}

function allText(mail: ReceivedMail): string {
  return [mail.parsed.subject ?? '', mail.parsed.text ?? '', String(mail.parsed.html)].join('\n')
}

async function overdueDemoAction(harness: Harness) {
  return dbOf(harness)
    .selectFrom('action')
    .innerJoin('agency', 'agency.id', 'action.agency_id')
    .innerJoin('partnership', 'partnership.id', 'agency.partnership_id')
    .select(['action.id', 'action.due_on', 'partnership.name as partnership_name'])
    .where('action.due_on', '<', TEST_TODAY)
    .where('action.status', 'in', ['not-started', 'in-progress'])
    .executeTakeFirstOrThrow()
}

async function outboxRows(harness: Harness) {
  return dbOf(harness).selectFrom('outbox_message').selectAll().orderBy('created_at').execute()
}

function receivedWithId(messageId: string): ReceivedMail[] {
  return sink.received.filter((mail) => mail.parsed.messageId === messageId)
}

async function writeTestMessage(harness: Harness, key: string): Promise<string> {
  const partnership = await dbOf(harness)
    .selectFrom('partnership')
    .select(['id', 'name'])
    .where('slug', '=', 'wandsworth')
    .executeTakeFirstOrThrow()
  await dbOf(harness)
    .transaction()
    .execute((trx) =>
      enqueueMessage(
        trx,
        clock(),
        {
          publicUrl: PUBLIC_URL,
          serviceName: 'Safeguarding practice reviews',
          reminderWorkingDays: [10, 2],
        },
        {
          idempotencyKey: key,
          kind: 'test',
          partnership,
          recipient: { userId: null, email: COORDINATOR, name: 'Demo Coordinator' },
          subject: `Test message ${key}`,
          paragraphs: ['A message written by the test.'],
          path: '/manage/tasks',
          linkText: 'Open your tasks',
          footer: 'Sent by the integration tests.',
        },
      ),
    )
  const row = await dbOf(harness)
    .selectFrom('outbox_message')
    .select(['id', 'message_id'])
    .where('idempotency_key', '=', key)
    .executeTakeFirstOrThrow()
  return row.id
}

describeOnEachDatabase(
  'Mail through the outbox to a real SMTP server',
  (harness) => {
    before(() => {
      shiftMs = 0
      sink.received.length = 0
    })

    itOnLeg('sends the demo’s overdue action one reminder, to its agency lead, once', async () => {
      const h = harness()
      await dbOf(h)
        .updateTable('incident_child')
        .set({
          restricted_name: PLANTED.name,
          restricted_address: PLANTED.address,
          restricted_la_reference: PLANTED.reference,
          restricted_nhs_number: PLANTED.nhsNumber,
          health_information: PLANTED.health,
        })
        .execute()
      const action = await overdueDemoAction(h)

      const report = await runDueJobs(h.services, 'test-worker-1')
      assert.ok(
        report.jobs.every((job) => job.outcome === 'done'),
        JSON.stringify(report.jobs),
      )
      assert.ok(report.mail.sent > 0)
      assert.equal(report.mail.failed, 0)

      const rows = await outboxRows(h)
      const reminders = rows.filter((row) =>
        row.idempotency_key.startsWith(`action-overdue:${action.id}:${action.due_on}:week-`),
      )
      assert.equal(reminders.length, 1, 'one overdue reminder written')
      const reminder = reminders[0]!
      assert.equal(reminder.status, 'sent')
      assert.equal(reminder.recipient_email, AGENCY_LEAD)

      const received = receivedWithId(reminder.message_id)
      assert.equal(received.length, 1, 'received once')
      const mail = received[0]!
      assert.deepEqual(mail.envelopeTo, [AGENCY_LEAD])
      const to = mail.parsed.to && !Array.isArray(mail.parsed.to) ? mail.parsed.to.value : []
      assert.deepEqual(
        to.map((address) => [address.name, address.address]),
        [['Demo Agency Lead', AGENCY_LEAD]],
      )
      assert.deepEqual(
        mail.parsed.from?.value.map((address) => [address.name, address.address]),
        [['Wandsworth reviews', 'reviews@example.org']],
      )
      assert.match(mail.parsed.messageId ?? '', /^<[0-9a-f-]{36}@reviews\.example\.org>$/)
      const link = `${PUBLIC_URL}/manage/actions/${action.id}`
      assert.ok(
        mail.parsed.subject?.includes(action.partnership_name),
        'subject names the partnership',
      )
      assert.ok(mail.parsed.text?.includes(action.partnership_name), 'text names the partnership')
      assert.ok(mail.parsed.text?.includes(link), 'text has the link')
      assert.ok(String(mail.parsed.html).includes(`href="${link}"`), 'HTML has the link')
      assert.match(mail.parsed.text ?? '', /overdue/)

      // Every message written was sent exactly once.
      assert.equal(rows.filter((row) => row.status === 'sent').length, rows.length)
      assert.equal(sink.received.length, rows.length)
      assert.equal(new Set(sink.received.map((m) => m.parsed.messageId)).size, rows.length)

      // The coordinator heard of the statutory deadlines, by pseudonym only.
      const clockMails = rows.filter((row) => row.kind.startsWith('statutory-clock'))
      assert.ok(clockMails.length > 0, 'statutory deadline reminders written')
      assert.ok(clockMails.every((row) => row.recipient_email.startsWith('coordinator@')))
      for (const received of sink.received) {
        const text = allText(received)
        for (const planted of Object.values(PLANTED)) {
          assert.ok(!text.includes(planted), `no "${planted}" in ${received.parsed.subject ?? ''}`)
        }
      }

      // The same day again: nothing new is written or sent.
      const again = await runDueJobs(h.services, 'test-worker-2')
      assert.equal(again.jobs.length, 0, 'today’s runs are done')
      assert.equal(again.mail.sent, 0)
      assert.equal((await outboxRows(h)).length, rows.length)
      assert.equal(sink.received.length, rows.length)
    })

    itOnLeg('retries after a temporary refusal (4xx), with back-off', async () => {
      const h = harness()
      sink.refuseNext(1, 451)
      const id = await writeTestMessage(h, `test-temporary:${h.dialect}`)
      const first = await h.services.outbox.deliverDue('test-worker-1')
      assert.equal(first.retrying, 1)
      let row = await dbOf(h)
        .selectFrom('outbox_message')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
      assert.equal(row.status, 'queued')
      assert.equal(row.attempts, 1)
      assert.match(row.last_error ?? '', /451|Try again later/)
      assert.equal(receivedWithId(row.message_id).length, 0)

      // Not yet: the next attempt waits a minute.
      assert.equal((await h.services.outbox.deliverDue('test-worker-1')).sent, 0)
      shiftMs += 2 * 60_000
      assert.equal((await h.services.outbox.deliverDue('test-worker-1')).sent, 1)
      row = await dbOf(h)
        .selectFrom('outbox_message')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
      assert.equal(row.status, 'sent')
      assert.equal(row.attempts, 2)
      assert.equal(receivedWithId(row.message_id).length, 1)
    })

    itOnLeg('keeps a permanent failure (5xx), shows it, and sends it again on retry', async () => {
      const h = harness()
      sink.refuseNext(1, 550)
      const id = await writeTestMessage(h, `test-permanent:${h.dialect}`)
      const report = await h.services.outbox.deliverDue('test-worker-1')
      assert.equal(report.failed, 1)
      const row = await dbOf(h)
        .selectFrom('outbox_message')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
      assert.equal(row.status, 'failed')
      assert.match(row.last_error ?? '', /550|Mailbox unavailable/)

      const coordinator = await signedIn(h.app, COORDINATOR)
      const page = await coordinator.get('/manage/outbox?status=failed')
      assert.equal(page.statusCode, 200)
      const text = textOf(page.body)
      assert.ok(
        text.includes(`Test message test-permanent:${h.dialect}`),
        'the failed message is listed',
      )
      assert.match(text, /Failed/)
      assert.match(text, /Mailbox unavailable/)
      assert.ok(page.body.includes(`action="/manage/outbox/${id}/retry"`), 'with a retry button')

      // Another partnership's business unit neither sees nor retries it.
      const southwark = await signedIn(h.app, SOUTHWARK_COORDINATOR)
      const theirs = await southwark.get('/manage/outbox')
      assert.ok(!theirs.body.includes(`test-permanent:${h.dialect}`))
      const refused = await southwark.post(`/manage/outbox/${id}/retry`, {
        _csrf: csrfTokenIn(theirs.body),
        version: String(row.version),
      })
      assert.equal(refused.statusCode, 404)

      const retried = await coordinator.post(`/manage/outbox/${id}/retry`, {
        _csrf: csrfTokenIn(page.body),
        version: String(row.version),
      })
      assert.equal(retried.statusCode, 303)
      const audit = await dbOf(h)
        .selectFrom('audit_event')
        .select('action')
        .where('record_id', '=', id)
        .execute()
      assert.deepEqual(
        audit.map((event) => event.action),
        ['outbox-message.retried'],
      )
      assert.equal((await h.services.outbox.deliverDue('test-worker-1')).sent, 1)
      assert.equal(receivedWithId(row.message_id).length, 1)
      const sent = await coordinator.get('/manage/outbox?status=sent')
      assert.ok(textOf(sent.body).includes(`Test message test-permanent:${h.dialect}`))
    })

    itOnLeg('two run-due-jobs at once send each message once', async () => {
      const h = harness()
      const sentBefore = (await outboxRows(h)).filter((row) => row.status === 'sent').length
      const receivedBefore = sink.received.length
      // A week later: the overdue action's second weekly reminder, the new week's digests …
      const nextWeek = addCalendarDays(calendarDate(TEST_TODAY), 7)
      const options = {
        databaseUrl: h.database.url,
        env: { SMTP_URL: sink.url, MAIL_FROM, PUBLIC_URL, TEST_TODAY: nextWeek },
      }
      const [a, b] = await Promise.all([
        runCli(['run-due-jobs'], options),
        runCli(['run-due-jobs'], options),
      ])
      assert.equal(a.code, 0, a.stderr)
      assert.equal(b.code, 0, b.stderr)
      const rows = await outboxRows(h)
      const sent = rows.filter((row) => row.status === 'sent').length - sentBefore
      const received = sink.received.slice(receivedBefore)
      assert.ok(sent > 0, 'the second week’s messages were sent')
      assert.equal(received.length, sent, 'each message received once')
      assert.equal(new Set(received.map((mail) => mail.parsed.messageId)).size, received.length)
      assert.equal(rows.filter((row) => row.status !== 'sent').length, 0)
      // The overdue action's reminder for its next week of lateness, once.
      const action = await overdueDemoAction(h)
      const weekly = rows.filter((row) =>
        row.idempotency_key.startsWith(`action-overdue:${action.id}:${action.due_on}:week-`),
      )
      assert.equal(weekly.length, 2, 'one reminder for each week overdue')
      assert.notEqual(weekly[0]!.idempotency_key, weekly[1]!.idempotency_key)
      assert.match(a.stdout + b.stdout, /action-reminders \(\d{4}-\d{2}-\d{2}\): done/)
    })

    itOnLeg('run-due-jobs beside the server’s scheduler sends each message once', async () => {
      const h = harness()
      const receivedBefore = sink.received.length
      const sentBefore = (await outboxRows(h)).filter((row) => row.status === 'sent').length
      // Both on the same day, two weeks on: the scheduler in this process, the CLI in another.
      const inTwoWeeks = addCalendarDays(calendarDate(TEST_TODAY), 14)
      shiftMs = 14 * 24 * 60 * 60_000
      const errors: string[] = []
      const scheduler = startScheduler(h.services, {
        intervalSeconds: 1,
        log: { info: () => undefined, error: (details) => errors.push(JSON.stringify(details)) },
      })
      const cli = await runCli(['run-due-jobs'], {
        databaseUrl: h.database.url,
        env: { SMTP_URL: sink.url, MAIL_FROM, PUBLIC_URL, TEST_TODAY: inTwoWeeks },
      })
      // Let the scheduler run at least once more, then stop it.
      try {
        await runDueJobs(h.services, 'test-worker-3')
      } finally {
        await scheduler.stop()
        // The next leg's harness loads its demo data on this clock.
        shiftMs = 0
      }
      assert.equal(cli.code, 0, cli.stderr)
      assert.deepEqual(errors, [])
      const rows = await outboxRows(h)
      assert.equal(rows.filter((row) => row.status !== 'sent').length, 0)
      const sent = rows.filter((row) => row.status === 'sent').length - sentBefore
      const received = sink.received.slice(receivedBefore)
      assert.ok(sent > 0)
      assert.equal(received.length, sent, 'each message received once')
      assert.equal(new Set(received.map((mail) => mail.parsed.messageId)).size, received.length)
    })
  },
  {
    now: clock,
    env: { SMTP_URL: sink.url, MAIL_FROM, PUBLIC_URL },
  },
)

describeOnEachDatabase('Mail with no mail server set', (harness) => {
  itOnLeg('keeps messages in the outbox, marked "not sent: no mail server set"', async () => {
    const h = harness()
    const report = await runDueJobs(h.services, 'test-worker-1')
    assert.equal(report.mail.sent, 0)
    assert.ok(report.mail.waiting > 0)
    const rows = await outboxRows(h)
    assert.ok(rows.length > 0)
    for (const row of rows) {
      assert.equal(row.status, 'queued')
      assert.equal(row.last_error, 'not sent: no mail server set')
    }
    const page = await (await signedIn(h.app, COORDINATOR)).get('/manage/outbox')
    assert.equal(page.statusCode, 200)
    assert.match(textOf(page.body), /Not sent: no mail server set/)
    assert.match(textOf(page.body), /No mail server is set/)

    const cli = await runCli(['run-due-jobs'], { databaseUrl: h.database.url })
    assert.equal(cli.code, 0, cli.stderr)
    assert.match(cli.stdout, /not sent: no mail server set/)
    assert.equal((await outboxRows(h)).length, rows.length)
  })
})

describeOnEachDatabase(
  'Reminder emails: digest only, digests and choices',
  (harness) => {
    itOnLeg(
      'an agency lead who chose the digest only gets the digest and no single reminder',
      async () => {
        const h = harness()
        const lead = await signedIn(h.app, AGENCY_LEAD)
        const account = await lead.get('/manage/account')
        assert.match(textOf(account.body), /Reminder emails/)

        // A choice that is not offered: an error on the page, nothing saved.
        const refused = await lead.post('/manage/account/email-reminders', {
          _csrf: csrfTokenIn(account.body),
          version: '0',
          mailChoice: 'hourly',
        })
        assert.equal(refused.statusCode, 400)
        assert.match(textOf(refused.body), /There is a problem/)
        assert.match(textOf(refused.body), /Select which reminder emails you want/)

        const saved = await lead.post('/manage/account/email-reminders', {
          _csrf: csrfTokenIn(account.body),
          version: '0',
          mailChoice: 'digest-only',
        })
        assert.equal(saved.statusCode, 303)
        const again = await lead.get('/manage/account')
        assert.match(again.body, /value="digest-only" checked/)
        const audit = await dbOf(h)
          .selectFrom('audit_event')
          .select('action')
          .where('action', '=', 'mail-preference.changed')
          .execute()
        assert.equal(audit.length, 1)

        await runDueJobs(h.services, 'test-worker-1')
        const rows = await outboxRows(h)
        const toLead = rows.filter((row) => row.recipient_email === AGENCY_LEAD)
        assert.deepEqual(
          toLead.map((row) => row.kind),
          ['weekly-digest'],
          'the digest only',
        )
        const action = await overdueDemoAction(h)
        const description = await dbOf(h)
          .selectFrom('action')
          .select('description')
          .where('id', '=', action.id)
          .executeTakeFirstOrThrow()
        assert.ok(
          toLead[0]!.text_body.includes(description.description),
          'the digest lists the overdue action',
        )
        assert.ok(toLead[0]!.text_body.includes(`${PUBLIC_URL}/manage/actions`))

        // The business unit's digest: its partnership's actions and deadlines.
        const unitDigests = rows.filter(
          (row) => row.kind === 'weekly-digest' && row.recipient_email === COORDINATOR,
        )
        assert.equal(unitDigests.length, 1)
        assert.match(unitDigests[0]!.text_body, /statutory deadline/)
        assert.match(unitDigests[0]!.subject, /Wandsworth/)

        // The same week again: nothing new.
        await runDueJobs(h.services, 'test-worker-1')
        assert.equal((await outboxRows(h)).length, rows.length)
      },
    )

    itOnLeg(
      'asks each partner delegate once to sign a rapid review awaiting them (S8)',
      async () => {
        const h = harness()
        const rapidReview = await editableRapidReview(h)
        assert.ok((await h.services.reminders.sendSignatureReminders()) > 0)
        const asked = (await outboxRows(h)).filter(
          (row) =>
            row.kind === 'signature-reminder' &&
            row.link === `${PUBLIC_URL}/manage/rapid-reviews/${rapidReview.id}/sign-off`,
        )
        assert.deepEqual(asked.map((row) => row.recipient_email).sort(), [
          'partner-health@wandsworth.example',
          'partner-police@wandsworth.example',
          'partner@wandsworth.example',
        ])
        assert.ok(asked.every((row) => row.text_body.includes('Child Hostile')))
        // Asked once: another pass writes nothing more.
        assert.equal(await h.services.reminders.sendSignatureReminders(), 0)
      },
    )
  },
  { env: { PUBLIC_URL } },
)

describeOnEachDatabase(
  'Reminders at scale: more than one transaction’s worth',
  (harness) => {
    itOnLeg(
      'writes one reminder for each of 600 overdue actions, once, and the digest lists them all',
      async () => {
        const h = harness()
        const db = dbOf(h)
        const agency = await db
          .selectFrom('agency')
          .innerJoin('membership', 'membership.agency_id', 'agency.id')
          .innerJoin('app_user', 'app_user.id', 'membership.user_id')
          .select(['agency.id'])
          .where('app_user.email', '=', AGENCY_LEAD)
          .executeTakeFirstOrThrow()
        const action = await overdueDemoAction(h)
        const review = await db
          .selectFrom('action')
          .select('review_id')
          .where('id', '=', action.id)
          .executeTakeFirstOrThrow()
        const at = testNow().toISOString()
        const planted = Array.from({ length: 600 }, (_, index) => ({
          id: randomUUID(),
          review_id: review.review_id,
          source_kind: 'recommendation',
          source_id: randomUUID(),
          agency_id: agency.id,
          description: `Scale action ${index}`,
          // Overdue by 1 to 60 days, still to do.
          due_on: addCalendarDays(calendarDate(TEST_TODAY), -1 - (index % 60)),
          status: index % 2 === 0 ? 'not-started' : 'in-progress',
          created_at: at,
          updated_at: at,
        }))
        for (let start = 0; start < planted.length; start += 200) {
          await db
            .insertInto('action')
            .values(planted.slice(start, start + 200))
            .execute()
        }

        const written = await h.services.reminders.sendActionReminders()
        const rows = await outboxRows(h)
        const overdue = rows.filter((row) => row.kind === 'action-overdue')
        for (const plantedAction of planted) {
          const theirs = overdue.filter((row) =>
            row.idempotency_key.startsWith(`action-overdue:${plantedAction.id}:`),
          )
          assert.equal(theirs.length, 1, `one reminder for ${plantedAction.description}`)
          assert.equal(theirs[0]!.recipient_email, AGENCY_LEAD)
          assert.ok(theirs[0]!.text_body.includes(plantedAction.description))
        }
        assert.equal(written, rows.length, 'every message written was counted')
        assert.ok(written > 600)
        assert.equal(new Set(rows.map((row) => row.idempotency_key)).size, rows.length)

        // Again the same day: nothing new.
        assert.equal(await h.services.reminders.sendActionReminders(), 0)
        assert.equal((await outboxRows(h)).length, rows.length)

        // The lead's weekly digest lists every one of their agency's overdue actions.
        await h.services.reminders.sendWeeklyDigests()
        const digest = (await outboxRows(h)).find(
          (row) => row.kind === 'weekly-digest' && row.recipient_email === AGENCY_LEAD,
        )
        assert.ok(digest)
        for (const plantedAction of planted) {
          assert.ok(digest.text_body.includes(`${plantedAction.description} (`))
        }
      },
    )
  },
  { now: testNow, env: { PUBLIC_URL } },
)
