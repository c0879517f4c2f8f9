// The server's scheduler (issue 10): every JOBS_INTERVAL_SECONDS it runs the
// jobs that are due and sends the outbox. Runs never overlap in one process;
// across processes the leases in the database keep them apart.
import type { Services } from '../services/index.js'
import { runDueJobs, workerName, type DueJobsReport } from './due-jobs.js'

export interface SchedulerLog {
  info(details: object, message: string): void
  error(details: object, message: string): void
}

export interface Scheduler {
  /** Waits for a run in progress to finish, then stops. */
  stop(): Promise<void>
}

export function startScheduler(
  services: Services,
  options: { intervalSeconds: number; log: SchedulerLog },
): Scheduler {
  const owner = workerName()
  let running: Promise<void> | null = null
  const tick = () => {
    if (running !== null) return
    running = runDueJobs(services, owner)
      .then((report: DueJobsReport) => {
        if (report.jobs.length > 0 || report.mail.sent + report.mail.failed > 0) {
          options.log.info(report, 'due jobs run')
        }
      })
      .catch((error: unknown) => {
        options.log.error(
          { error: error instanceof Error ? error.message : String(error) },
          'running due jobs failed',
        )
      })
      .finally(() => {
        running = null
      })
  }
  const timer = setInterval(tick, options.intervalSeconds * 1000)
  // The first run soon after start, not a whole interval later.
  const first = setTimeout(tick, 1000)
  timer.unref()
  first.unref()
  return {
    async stop() {
      clearInterval(timer)
      clearTimeout(first)
      if (running !== null) await running
    },
  }
}
