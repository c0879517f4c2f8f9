// Every integration test runs twice: on SQLite and on PostgreSQL, each a fresh
// database made for this run and dropped after it. Without a PostgreSQL server
// the second leg says loudly that it was skipped; with CI=true it fails instead.
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe } from 'node:test'
import pg from 'pg'
import type { DatabaseConfig } from '../../../src/config.js'
import { runsLeg } from './legs.js'

export { runsLeg }

/** `describe` for tests that need PostgreSQL alone: registered only where the PostgreSQL legs run. */
export function describeOnPostgres(title: string, body: () => void): void {
  if (runsLeg('postgres')) describe(title, body)
}

export const POSTGRES_ADMIN_URL =
  process.env.TEST_POSTGRES_URL ?? 'postgres://root@127.0.0.1:5432/postgres'

export interface TestDatabase {
  readonly dialect: 'sqlite' | 'postgres'
  readonly url: string
  readonly config: DatabaseConfig
  drop(): Promise<void>
}

export async function createSqliteDatabase(): Promise<TestDatabase> {
  const folder = mkdtempSync(join(tmpdir(), 'spr-test-'))
  const filename = join(folder, 'test.sqlite')
  return {
    dialect: 'sqlite',
    url: `file:${filename}`,
    config: { kind: 'sqlite', filename },
    drop: () => {
      rmSync(folder, { recursive: true, force: true })
      return Promise.resolve()
    },
  }
}

let postgresReachable: Promise<string | null> | undefined

/** Null when reachable; otherwise why not. Asked once per process. */
export function postgresUnavailableReason(): Promise<string | null> {
  postgresReachable ??= (async () => {
    const client = new pg.Client({
      connectionString: POSTGRES_ADMIN_URL,
      connectionTimeoutMillis: 3000,
    })
    try {
      await client.connect()
      await client.query('select 1')
      return null
    } catch (error) {
      return error instanceof Error ? error.message : String(error)
    } finally {
      await client.end().catch(() => undefined)
    }
  })()
  return postgresReachable
}

export async function createPostgresDatabase(): Promise<TestDatabase> {
  const name = `spr_test_${process.pid}_${randomBytes(4).toString('hex')}`
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL })
  await admin.connect()
  try {
    await admin.query(`create database ${name}`)
  } finally {
    await admin.end()
  }
  const url = new URL(POSTGRES_ADMIN_URL)
  url.pathname = `/${name}`
  return {
    dialect: 'postgres',
    url: url.toString(),
    config: { kind: 'postgres', connectionString: url.toString() },
    drop: async () => {
      const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL })
      await client.connect()
      try {
        await client.query(`drop database if exists ${name} with (force)`)
      } finally {
        await client.end()
      }
    },
  }
}

/**
 * Whether PostgreSQL can be used by `what`: with CI=true it must be (a missing
 * server fails the run); otherwise its absence is said loudly and `what` is
 * skipped, never passed quietly.
 */
export async function postgresAvailableFor(what: string): Promise<boolean> {
  const unavailable = await postgresUnavailableReason()
  if (unavailable === null) return true
  if (process.env.CI === 'true') {
    throw new Error(`PostgreSQL is required when CI=true but is not reachable: ${unavailable}`)
  }
  console.warn(`\n*** ${what} SKIPPED: PostgreSQL not reachable (${unavailable}). ***\n`)
  return false
}
