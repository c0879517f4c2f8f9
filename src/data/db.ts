// One place chooses the dialect. Everything above this file sees Kysely only.
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely'
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
      dialect: new SqliteDialect({ database: sqlite }),
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

async function ping(db: Db): Promise<boolean> {
  try {
    await sql`select 1`.execute(db)
    return true
  } catch {
    return false
  }
}
