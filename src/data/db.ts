// One place chooses the dialect. Everything above this file sees Kysely only.
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import {
  Kysely,
  PostgresDialect,
  SqliteDialect,
  sql,
  type SqliteDatabase as KyselySqliteDatabase,
  type SqliteStatement,
} from 'kysely'
import pg from 'pg'
import type { DatabaseConfig } from '../config.js'
import { RefuseNulCharacters } from './refuse-nul-characters.js'
import type { Database } from './schema.js'

export type Db = Kysely<Database>

export interface DatabaseHandle {
  readonly db: Db
  readonly dialect: DatabaseConfig['kind']
  isReachable(): Promise<boolean>
  /**
   * Runs `work` while no other process on this database runs work of its own
   * under the same name (issue 12: instances started together on a new
   * database must not each run the migrations or load the demo data at once).
   * The others wait, then run their `work`, which finds it done.
   */
  exclusively<T>(name: StartupLock, work: () => Promise<T>): Promise<T>
  close(): Promise<void>
}

/** The work that one process at a time does on a database, each with its own lock. */
export type StartupLock = 'migrations' | 'demo data'

/**
 * PostgreSQL advisory lock keys, one per kind of work: any 64-bit numbers this
 * application alone uses on its database ("SPR" and a number).
 */
const ADVISORY_LOCK_KEYS: Record<StartupLock, bigint> = {
  migrations: 0x5350_5200_0000_0001n,
  'demo data': 0x5350_5200_0000_0002n,
}

export function openDatabase(config: DatabaseConfig): DatabaseHandle {
  if (config.kind === 'sqlite') {
    if (config.filename !== ':memory:') mkdirSync(dirname(config.filename), { recursive: true })
    const sqlite = new SqliteDatabase(config.filename)
    // WAL lets readers proceed during a write; busy_timeout makes a second
    // process (the CLI beside a running server) wait instead of failing at once.
    sqlite.pragma('journal_mode = WAL')
    sqlite.pragma('foreign_keys = ON')
    sqlite.pragma('busy_timeout = 5000')
    sqlite.pragma('synchronous = NORMAL')
    const db = new Kysely<Database>({
      dialect: new SqliteDialect({ database: withStatementCache(sqlite, STATEMENTS_KEPT) }),
      plugins: [new RefuseNulCharacters()],
    })
    return {
      db,
      dialect: 'sqlite',
      isReachable: () => ping(db),
      // One SQLite file serves one instance: there is no one to wait for. (A
      // CLI beside the server waits on SQLite's own write lock, busy_timeout.)
      exclusively: (_name, work) => work(),
      close: () => db.destroy(),
    }
  }
  const pool = new pg.Pool({ connectionString: config.connectionString, max: 10 })
  // An idle client that loses its connection must not crash the process.
  pool.on('error', () => undefined)
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    plugins: [new RefuseNulCharacters()],
  })
  return {
    db,
    dialect: 'postgres',
    isReachable: () => ping(db),
    exclusively: (name, work) =>
      withAdvisoryLock(config.connectionString, ADVISORY_LOCK_KEYS[name], work),
    close: () => db.destroy(),
  }
}

/**
 * Holds a session-level advisory lock on a connection of its own (not one of
 * the pool's, which `work` uses) while `work` runs. If the process dies
 * holding it, PostgreSQL ends the connection and the lock with it, so a
 * crashed instance never leaves the others waiting for ever.
 */
async function withAdvisoryLock<T>(
  connectionString: string,
  key: bigint,
  work: () => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString })
  client.on('error', () => undefined)
  await client.connect()
  try {
    await client.query('select pg_advisory_lock($1::bigint)', [key.toString()])
    try {
      return await work()
    } finally {
      await client.query('select pg_advisory_unlock($1::bigint)', [key.toString()])
    }
  } finally {
    await client.end().catch(() => undefined)
  }
}

/** Prepared SQLite statements kept for reuse: the app's distinct queries, with room over. */
const STATEMENTS_KEPT = 500

/**
 * Kysely asks better-sqlite3 to prepare each query it runs, and preparing
 * (parsing and planning the SQL) can cost as much as running it: a tenth of a
 * millisecond for a small query, over a millisecond for the action plans'
 * (bench/action-plans.bench.ts), on every request, with native memory freed
 * only when V8 collects the wrapper. The same SQL text comes back again and
 * again (parameters are bound, not written in), so the last statements are
 * kept by their text, the least recently used dropped first. A kept statement
 * still being iterated (a streamed query) is not shared: a fresh one is
 * prepared. SQLite prepares a kept statement again by itself if a migration
 * changes the schema under it.
 */
export function withStatementCache(
  database: SqliteDatabase.Database,
  size: number,
): KyselySqliteDatabase {
  const kept = new Map<string, SqliteDatabase.Statement>()
  return {
    prepare(text: string): SqliteStatement {
      const statement = kept.get(text)
      if (statement !== undefined && !statement.busy) {
        // Most recently used last: a Map iterates in insertion order.
        kept.delete(text)
        kept.set(text, statement)
        return statement
      }
      const prepared = database.prepare(text)
      if (statement === undefined) {
        if (kept.size >= size) {
          const [oldest] = kept.keys()
          if (oldest !== undefined) kept.delete(oldest)
        }
        kept.set(text, prepared)
      }
      return prepared
    },
    close(): void {
      kept.clear()
      database.close()
    },
  }
}

async function ping(db: Db): Promise<boolean> {
  try {
    await sql`select 1`.execute(db)
    return true
  } catch {
    return false
  }
}
