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
  close(): Promise<void>
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
    close: () => db.destroy(),
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
