// The scheduler's bookkeeping (issue 10): which runs of which jobs are due, and
// who is running them. A run is taken with a lease; a worker that stops in
// the middle leaves the lease to expire and another takes the run up again.
// Every kind of job is idempotent (its messages carry idempotency keys), so a
// run done twice that way changes nothing the second time.
import { randomUUID } from 'node:crypto'
import {
  addJobRun,
  claimJob,
  failJob,
  finishJob,
  listClaimableJobs,
} from '../../data/repositories/jobs/job-repository.js'
import type { CalendarDate } from '../../domain/calendar/calendar-date.js'
import { retryDelayMs } from '../../domain/mail/delivery.js'
import { CalendarService } from '../calendar-service.js'
import type { ServiceContext } from '../context.js'

/** Long enough for the largest run; a run still going when it ends may be taken up again (harmlessly). */
const JOB_LEASE_MS = 15 * 60_000
/** A failing run is tried this many times, with the outbox's back-off between tries. */
export const MAX_JOB_ATTEMPTS = 5

export interface JobDefinition {
  readonly kind: string
  /** The run that is due on `today`: the day for daily jobs, the week's Monday for weekly ones. */
  runKey(today: CalendarDate): string
  /** Does the work; returns a short summary kept with the run ("4 messages written"). */
  run(): Promise<string>
}

export interface JobOutcome {
  readonly kind: string
  readonly runKey: string
  readonly outcome: 'done' | 'failed' | 'will retry'
  readonly summary: string
}

export class JobService {
  private readonly calendar: CalendarService

  constructor(private readonly context: ServiceContext) {
    this.calendar = new CalendarService(context)
  }

  /**
   * Adds today's run of each job (once, whoever asks first), then runs every
   * run that is due and not taken by another worker.
   */
  async runDue(owner: string, jobs: readonly JobDefinition[]): Promise<JobOutcome[]> {
    const { db, now } = this.context
    const today = this.calendar.today()
    for (const job of jobs) {
      const at = now().toISOString()
      await addJobRun(db, {
        id: randomUUID(),
        kind: job.kind,
        runKey: job.runKey(today),
        dueAt: at,
        now: at,
      })
    }
    const byKind = new Map(jobs.map((job) => [job.kind, job]))
    const outcomes: JobOutcome[] = []
    const tried = new Set<string>()
    for (;;) {
      const at = now()
      const candidates = (await listClaimableJobs(db, at.toISOString(), 20)).filter(
        (run) => byKind.has(run.kind) && !tried.has(run.id),
      )
      if (candidates.length === 0) break
      for (const run of candidates) {
        tried.add(run.id)
        const claimedAt = now()
        const claimed = await claimJob(db, run.id, {
          owner,
          now: claimedAt.toISOString(),
          leaseUntil: new Date(claimedAt.getTime() + JOB_LEASE_MS).toISOString(),
        })
        if (!claimed) continue
        const job = byKind.get(run.kind)!
        const attempts = run.attempts + 1
        try {
          const summary = await job.run()
          await finishJob(db, run.id, owner, { now: now().toISOString(), result: summary })
          outcomes.push({ kind: run.kind, runKey: run.runKey, outcome: 'done', summary })
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error)
          const giveUp = attempts >= MAX_JOB_ATTEMPTS
          const failedAt = now()
          await failJob(db, run.id, owner, {
            now: failedAt.toISOString(),
            error: message.slice(0, 1000),
            retryAt: giveUp
              ? null
              : new Date(failedAt.getTime() + retryDelayMs(attempts)).toISOString(),
          })
          outcomes.push({
            kind: run.kind,
            runKey: run.runKey,
            outcome: giveUp ? 'failed' : 'will retry',
            summary: message,
          })
        }
      }
    }
    return outcomes
  }
}
