// Starts the web server: config → runtime → app → listen. `src/server.ts` runs it
// with the real clock; the browser tests run it with the test clock
// (test/support/test-server.ts), so the statutory clocks can be tested on any day
// without production ever reading a test setting.
import type { AppConfig } from './config.js'
import { loadDemoDataOnce, startRuntime } from './bootstrap.js'
import { startScheduler, type Scheduler } from './jobs/scheduler.js'
import { buildApp } from './web/app.js'

export interface ServerOptions {
  /** The services' clock. The real time unless a test sets it. */
  readonly now?: () => Date
}

export async function startServer(config: AppConfig, options: ServerOptions = {}): Promise<void> {
  const runtime = await startRuntime(config, {
    migrate: true,
    ...(options.now ? { now: options.now } : {}),
  })
  const app = await buildApp({
    config,
    services: runtime.services,
    isDatabaseReachable: () => runtime.database.isReachable(),
  })

  if (config.loadDemoData) {
    const added = await loadDemoDataOnce(runtime, config.demoPassword)
    app.log.info({ added }, 'demo data checked')
    if (added.datedCasesSkipped) {
      app.log.warn(
        `Demo incidents, reviews in progress and actions not loaded: ${added.datedCasesSkipped}. Add the bank holidays at /manage/settings/bank-holidays and start again.`,
      )
    }
  }
  // A database from before the staff search (0028) gets its index on the first start.
  const reindexed = await runtime.services.staffSearch.reindexIfEmpty()
  if (reindexed !== null) app.log.info({ documents: reindexed }, 'staff search indexed')
  const purged = await runtime.services.sessions.purgeExpired()
  app.log.info({ purged }, 'expired sessions removed')
  // Rate-limit windows that ended while no instance was counting (issue 12).
  await runtime.services.rateLimits.purgeEnded(Date.now())

  // Issue 10: reminders, digests and the outbox, every JOBS_INTERVAL_SECONDS
  // (off when 0: run `npm run cli -- run-due-jobs` from cron instead).
  const scheduler: Scheduler | null =
    config.jobsIntervalSeconds > 0
      ? startScheduler(runtime.services, {
          intervalSeconds: config.jobsIntervalSeconds,
          log: app.log,
        })
      : null

  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) return
    stopping = true
    app.log.info({ signal }, 'stopping')
    await scheduler?.stop()
    await app.close()
    await runtime.close()
    process.exit(0)
  }
  process.on('SIGTERM', () => void stop('SIGTERM'))
  process.on('SIGINT', () => void stop('SIGINT'))

  await app.listen({ port: config.port, host: config.host })
}

/** Runs a server until it is stopped; a failure to start ends the process with its reason. */
export function runServer(config: () => AppConfig, options: ServerOptions = {}): void {
  Promise.resolve()
    .then(() => startServer(config(), options))
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : error)
      process.exit(1)
    })
}
