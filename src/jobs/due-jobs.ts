// The jobs the scheduler runs (issue 10), and one pass over them: what the
// server does every minute and `npm run cli -- run-due-jobs` does once. Daily
// jobs have one run a day, weekly ones one a week (its Monday); the outbox is
// sent after them on every pass, so a reminder written now goes out now.
import { hostname } from 'node:os'
import { randomUUID } from 'node:crypto'
import { weekStarting } from '../domain/mail/reminder-dates.js'
import type { DeliveryReport } from '../services/mail/outbox-service.js'
import type { JobDefinition, JobOutcome } from '../services/jobs/job-service.js'
import type { Services } from '../services/index.js'

const written = (count: number) => `${count} ${count === 1 ? 'message' : 'messages'} written`

export function jobDefinitions(services: Services): JobDefinition[] {
  const daily = (today: string) => today
  return [
    {
      kind: 'action-reminders',
      runKey: daily,
      run: async () => written(await services.reminders.sendActionReminders()),
    },
    {
      kind: 'statutory-clock-reminders',
      runKey: daily,
      run: async () => written(await services.reminders.sendStatutoryClockReminders()),
    },
    {
      kind: 'signature-reminders',
      runKey: daily,
      run: async () => written(await services.reminders.sendSignatureReminders()),
    },
    {
      kind: 'weekly-digests',
      runKey: (today) => weekStarting(today),
      run: async () => written(await services.reminders.sendWeeklyDigests()),
    },
  ]
}

/** Names this process in job and outbox leases, e.g. "web-1:4242:9f1c2a". */
export function workerName(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 6)}`
}

export interface DueJobsReport {
  readonly jobs: readonly JobOutcome[]
  readonly mail: DeliveryReport
}

/** Runs every due job not taken by another worker, then sends what is in the outbox. */
export async function runDueJobs(services: Services, owner: string): Promise<DueJobsReport> {
  const jobs = await services.jobs.runDue(owner, jobDefinitions(services))
  const mail = await services.outbox.deliverDue(owner)
  return { jobs, mail }
}
