// The one place that builds the object graph: config → database → services.
// The server, the CLI and the tests all start here.
import type { AppConfig } from './config.js'
import { openDatabase, type DatabaseHandle } from './data/db.js'
import { migrateToLatest } from './data/migrations/index.js'
import { createServices, type Services } from './services/index.js'
import type { DemoDataSummary } from './services/demo-data/load-demo-data.js'

export interface Runtime {
  readonly database: DatabaseHandle
  readonly services: Services
  close(): Promise<void>
}

export async function startRuntime(
  config: AppConfig,
  options: { migrate: boolean; now?: () => Date } = { migrate: true },
): Promise<Runtime> {
  const database = openDatabase(config.database)
  try {
    // Instances started together on a new database: one runs the migrations,
    // the others wait and then find nothing left to run (issue 12).
    if (options.migrate) {
      await database.exclusively('migrations', () => migrateToLatest(database.db))
    }
  } catch (error) {
    await database.close()
    throw error
  }
  const services = createServices(
    database.db,
    options.now,
    database.dialect,
    {
      dataEncryptionKey: config.dataEncryptionKey,
      previousDataEncryptionKeys:
        config.previousDataEncryptionKey === null ? [] : [config.previousDataEncryptionKey],
    },
    {
      requireTwoFactorForPrivilegedRoles: config.requireTwoFactorForPrivilegedRoles,
      issuer: config.serviceName,
      sessionLimits: {
        idleMinutes: config.sessionIdleMinutes,
        absoluteHours: config.sessionAbsoluteHours,
      },
    },
    {
      smtpUrl: config.mail.smtpUrl,
      from: config.mail.from,
      publicUrl: config.publicUrl,
      serviceName: config.serviceName,
      reminderWorkingDays: config.reminderWorkingDays,
    },
  )
  return { database, services, close: () => database.close() }
}

/**
 * Loads the demo data (what is missing of it) while no other instance does:
 * two instances loading it at once on a new PostgreSQL database each added the
 * same memberships, and one died on the unique constraint (issue 12).
 */
export function loadDemoDataOnce(runtime: Runtime, password: string): Promise<DemoDataSummary> {
  return runtime.database.exclusively('demo data', () => runtime.services.loadDemoData(password))
}
