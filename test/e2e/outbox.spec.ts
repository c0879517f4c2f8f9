// The outbox in the browser (issue 10): `run-due-jobs` sends the day's
// reminders to a real SMTP server that refuses them for good (550); the
// business unit sees what failed and why on /manage/outbox, retries one, and
// the next run sends it. Every page axe-clean; no JavaScript needed.
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { COORDINATOR, DEMO_PASSWORD } from './demo-accounts.js'
import { expect, expectAccessible, test } from './fixtures.js'
import { signIn } from './staff-steps.js'
import { startSmtpSink, type SmtpSink } from '../integration/support/smtp-sink.js'
import { TEST_TODAY } from '../support/test-clock.js'

const projectRoot = fileURLToPath(new URL('../..', import.meta.url))

/** `npm run cli -- run-due-jobs` on the browser tests' database, sending to `sink`. */
function runDueJobs(sink: SmtpSink): Promise<{ code: number | null; output: string }> {
  const directory = process.env.E2E_DATABASE_DIRECTORY ?? ''
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'test/support/test-cli.ts', 'run-due-jobs'],
      {
        cwd: projectRoot,
        env: {
          PATH: process.env.PATH ?? '/usr/bin:/bin',
          HOME: process.env.HOME ?? '/tmp',
          NODE_ENV: 'test',
          TEST_TODAY,
          TEST_CLOCK_EPOCH: process.env.TEST_CLOCK_EPOCH ?? '',
          DATABASE_URL: process.env.E2E_DATABASE_URL ?? `file:${join(directory, 'e2e.sqlite')}`,
          DEMO_PASSWORD,
          LOG_LEVEL: 'silent',
          SMTP_URL: sink.url,
          MAIL_FROM: 'Wandsworth reviews <reviews@example.org>',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    let output = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, output }))
  })
}

test('the business unit sees a failed message on the outbox and sends it again', async ({
  page,
}) => {
  // Refuses every message of the first run for good; closed before the second.
  const refusing = await startSmtpSink()
  let refusingOpen = true
  try {
    const sink = refusing
    sink.refuseNext(1000, 550)
    const first = await runDueJobs(sink)
    expect(first.code, first.output).toBe(0)
    expect(first.output).toMatch(/failed/)
    expect(sink.received).toHaveLength(0)

    await signIn(page, COORDINATOR.email)
    await page.getByRole('link', { name: 'Outbox' }).click()
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Outbox')
    await expectAccessible(page)

    await page.getByLabel('Status').selectOption('failed')
    await page.getByRole('button', { name: 'Filter' }).click()
    await expectAccessible(page)
    const table = page.getByTestId('outbox')
    await expect(table).toContainText('Failed')
    await expect(table).toContainText('Mailbox unavailable')
    await expect(table).toContainText(COORDINATOR.email)

    // Retry the first one: it is queued, and the next run sends it.
    const firstRow = table.getByRole('row').nth(1)
    const subject = (await firstRow.getByRole('cell').nth(2).innerText()).split('\n')[0] ?? ''
    await firstRow.getByRole('button', { name: /^Retry/ }).click()
    await expect(page.locator('.govuk-notification-banner')).toContainText(
      'Message queued to send again',
    )
    await expectAccessible(page)

    // A server that accepts, for the next run.
    await refusing.close()
    refusingOpen = false
    const accepting = await startSmtpSink()
    try {
      const second = await runDueJobs(accepting)
      expect(second.code, second.output).toBe(0)
      expect(accepting.received).toHaveLength(1)
      expect(accepting.received[0]?.parsed.subject).toBe(subject)

      await page.goto('/manage/outbox?status=sent')
      await expectAccessible(page)
      await expect(page.getByTestId('outbox')).toContainText(subject)
      await expect(page.getByTestId('outbox')).toContainText('Sent')
    } finally {
      await accepting.close()
    }
  } finally {
    if (refusingOpen) await refusing.close()
  }
})
