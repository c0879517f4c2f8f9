// A logical backup of every table, taken from one consistent snapshot, written as
// JSON lines. The same format serves SQLite and PostgreSQL (and moving between
// them), and restoring needs nothing but this application. On SQLite a backup
// can also be a copy made by SQLite's online backup API (see db.ts), which
// restore reads as well.
import { createReadStream, createWriteStream } from 'node:fs'
import { chmod, open, stat, writeFile } from 'node:fs/promises'
import SqliteDatabase from 'better-sqlite3'
import { once } from 'node:events'
import { createInterface } from 'node:readline'
import { sql } from 'kysely'
import type { Db } from './db.js'

export const BACKUP_FORMAT = 'safeguarding-practice-reviews-backup'
const BACKUP_VERSION = 1
const MIGRATION_TABLES = new Set(['kysely_migration', 'kysely_migration_lock'])
const BATCH_SIZE = 500

export interface BackupHeader {
  format: typeof BACKUP_FORMAT
  version: number
  createdAt: string
  dialect: 'sqlite' | 'postgres'
  migrations: string[]
  tables: { name: string; rows: number }[]
}

export class BackupError extends Error {
  override name = 'BackupError'
}

async function foreignKeyParents(
  db: Db,
  dialect: 'sqlite' | 'postgres',
  table: string,
): Promise<string[]> {
  if (dialect === 'sqlite') {
    const rows = await sql<{
      table: string
    }>`select "table" from pragma_foreign_key_list(${table})`.execute(db)
    return rows.rows.map((row) => row.table)
  }
  const rows = await sql<{ parent: string }>`
    select distinct ccu.table_name as parent
    from information_schema.table_constraints tc
    join information_schema.constraint_column_usage ccu
      on tc.constraint_name = ccu.constraint_name and tc.table_schema = ccu.table_schema
    where tc.constraint_type = 'FOREIGN KEY' and tc.table_name = ${table}
      and tc.table_schema = current_schema()`.execute(db)
  return rows.rows.map((row) => row.parent)
}

/**
 * Tables SQLite keeps for itself from other tables' rows: a full-text index
 * (FTS5 virtual table) and its shadow tables. They are not backed up; the
 * triggers that keep them fill them again as the rows are restored.
 */
function isDerivedSqliteTable(name: string, virtualTables: readonly string[]): boolean {
  return virtualTables.some((virtual) => name === virtual || name.startsWith(`${virtual}_`))
}

async function sqliteVirtualTables(db: Db): Promise<string[]> {
  const rows = await sql<{
    name: string
  }>`select name from sqlite_master where type = 'table' and sql like 'CREATE VIRTUAL TABLE%'`.execute(
    db,
  )
  return rows.rows.map((row) => row.name)
}

/** Application tables, parents before children, so rows can be inserted in this order. */
export async function tablesInDependencyOrder(
  db: Db,
  dialect: 'sqlite' | 'postgres',
): Promise<string[]> {
  const virtualTables = dialect === 'sqlite' ? await sqliteVirtualTables(db) : []
  const tables = (await db.introspection.getTables())
    .map((table) => table.name)
    .filter((name) => !MIGRATION_TABLES.has(name))
    .filter((name) => !isDerivedSqliteTable(name, virtualTables))
    .sort()
  const parents = new Map<string, string[]>()
  for (const table of tables) {
    parents.set(
      table,
      (await foreignKeyParents(db, dialect, table)).filter((p) => p !== table),
    )
  }
  const ordered: string[] = []
  const visiting = new Set<string>()
  const visit = (table: string) => {
    if (ordered.includes(table)) return
    if (visiting.has(table)) throw new BackupError(`Foreign keys form a cycle at ${table}`)
    visiting.add(table)
    for (const parent of parents.get(table) ?? []) if (parents.has(parent)) visit(parent)
    visiting.delete(table)
    ordered.push(table)
  }
  tables.forEach(visit)
  return ordered
}

async function appliedMigrations(db: Db): Promise<string[]> {
  const rows = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(
    db,
  )
  return rows.rows.map((row) => row.name)
}

/**
 * The columns a backup holds: all but PostgreSQL's generated columns (the
 * search index's tsvectors), which cannot be written and are worked out
 * again from the others as the rows are restored.
 */
async function storedColumns(
  db: Db,
  dialect: 'sqlite' | 'postgres',
  table: string,
): Promise<string[]> {
  const meta = (await db.introspection.getTables()).find((candidate) => candidate.name === table)
  const columns = (meta?.columns ?? []).map((column) => column.name)
  if (dialect === 'sqlite') return columns
  const generated = await sql<{ column_name: string }>`
    select column_name from information_schema.columns
    where table_schema = current_schema() and table_name = ${table} and is_generated = 'ALWAYS'`.execute(
    db,
  )
  const skip = new Set(generated.rows.map((row) => row.column_name))
  return columns.filter((column) => !skip.has(column))
}

/** Writes the backup; returns its header. The snapshot is one read transaction. */
export async function writeBackup(
  db: Db,
  dialect: 'sqlite' | 'postgres',
  file: string,
  now: Date,
): Promise<BackupHeader> {
  const transaction =
    dialect === 'postgres'
      ? db.transaction().setIsolationLevel('repeatable read')
      : db.transaction()
  return transaction.execute(async (trx) => {
    const tables = await tablesInDependencyOrder(trx, dialect)
    const counts: { name: string; rows: number }[] = []
    for (const name of tables) {
      const result = await sql<{
        count: string | number
      }>`select count(*) as count from ${sql.table(name)}`.execute(trx)
      counts.push({ name, rows: Number(result.rows[0]?.count ?? 0) })
    }
    const header: BackupHeader = {
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      createdAt: now.toISOString(),
      dialect,
      migrations: await appliedMigrations(trx),
      tables: counts,
    }
    const out = createWriteStream(file, { mode: 0o600 })
    const write = async (line: string) => {
      if (!out.write(`${line}\n`)) await once(out, 'drain')
    }
    try {
      await write(JSON.stringify(header))
      for (const name of tables) {
        const columns = await storedColumns(trx, dialect, name)
        const list = sql.join(columns.map((column) => sql.ref(column)))
        // Keyset-free paging by a stable order of every column keeps memory flat.
        for (let offset = 0; ; offset += BATCH_SIZE) {
          const rows = await sql<
            Record<string, unknown>
          >`select ${list} from ${sql.table(name)} order by ${sql.join(
            columns.map((column) => sql.ref(column)),
          )} limit ${BATCH_SIZE} offset ${offset}`.execute(trx)
          for (const row of rows.rows) {
            await write(JSON.stringify({ t: name, r: encodeRow(row) }))
          }
          if (rows.rows.length < BATCH_SIZE) break
        }
      }
    } finally {
      out.end()
      await once(out, 'close')
    }
    return header
  })
}

/** A backup file name that asks for an SQLite online backup rather than JSON lines. */
export function isSqliteBackupName(file: string): boolean {
  return /\.(sqlite3?|db)$/i.test(file)
}

/**
 * An SQLite database copied with SQLite's online backup API, page by page
 * from a read-only connection of its own, while the service goes on writing:
 * the copy is one consistent state of the database. Only the owner can read
 * the file. Returns a description of the copy.
 */
export async function writeSqliteOnlineBackup(db: Db, file: string): Promise<BackupHeader> {
  const main = await sql<{
    file: string
  }>`select file from pragma_database_list where name = 'main'`.execute(db)
  const path = main.rows[0]?.file ?? ''
  if (path === '') {
    throw new BackupError('An in-memory database cannot be copied: back up to a .jsonl file')
  }
  // Made empty, readable by the owner only, before SQLite writes into it.
  await writeFile(file, '', { mode: 0o600 })
  await chmod(file, 0o600)
  const source = new SqliteDatabase(path, { readonly: true, fileMustExist: true })
  try {
    await source.backup(file)
  } finally {
    source.close()
  }
  const copy = await sqliteFileSource(file)
  copy.close()
  return copy.header
}

/** Where restored rows come from: a JSON-lines backup or an SQLite online backup. */
interface BackupSource {
  readonly header: BackupHeader
  /** Every row, table by table in the order given (parents first). */
  rows(tables: readonly string[]): AsyncIterable<{ t: string; r: Record<string, unknown> }>
  close(): void
}

const SQLITE_MAGIC = 'SQLite format 3\0'

async function isSqliteFile(file: string): Promise<boolean> {
  const handle = await open(file, 'r')
  try {
    const start = Buffer.alloc(SQLITE_MAGIC.length)
    await handle.read(start, 0, start.length, 0)
    return start.toString('latin1') === SQLITE_MAGIC
  } finally {
    await handle.close()
  }
}

async function jsonLinesSource(file: string): Promise<BackupSource> {
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity })
  const iterator = lines[Symbol.asyncIterator]()
  const first = await iterator.next()
  let header: BackupHeader
  try {
    header = JSON.parse(String(first.value ?? '')) as BackupHeader
  } catch {
    lines.close()
    throw new BackupError('This file is not a backup made by this application')
  }
  if (header.format !== BACKUP_FORMAT || header.version !== BACKUP_VERSION) {
    lines.close()
    throw new BackupError('This file is not a backup made by this application (or a newer version)')
  }
  return {
    header,
    // The file's own order: it was written parents first.
    async *rows() {
      // Line 1 is the header; rows start on line 2.
      let lineNumber = 1
      for (;;) {
        const next = await iterator.next()
        if (next.done) return
        lineNumber += 1
        const line = String(next.value)
        if (line.trim() === '') continue
        const { t, r } = backupRow(line, lineNumber)
        yield { t, r: decodeRow(r) }
      }
    },
    close: () => lines.close(),
  }
}

/**
 * A copy made by SQLite's online backup API (`backup --to FILE.sqlite`), read
 * only. Its rows are read table by table; its "header" is worked out from it.
 */
async function sqliteFileSource(file: string): Promise<BackupSource> {
  const copy = new SqliteDatabase(file, { readonly: true, fileMustExist: true })
  try {
    const hasMigrations = copy
      .prepare(`select 1 from sqlite_master where type = 'table' and name = 'kysely_migration'`)
      .get()
    if (!hasMigrations) {
      throw new BackupError('This SQLite file is not a database of this application')
    }
    const migrations = (
      copy.prepare('select name from kysely_migration order by name').all() as { name: string }[]
    ).map((row) => row.name)
    const virtualTables = (
      copy
        .prepare(
          `select name from sqlite_master where type = 'table' and sql like 'CREATE VIRTUAL TABLE%'`,
        )
        .all() as { name: string }[]
    ).map((row) => row.name)
    const names = (
      copy
        .prepare(
          `select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`,
        )
        .all() as { name: string }[]
    )
      .map((row) => row.name)
      .filter((name) => !MIGRATION_TABLES.has(name))
      .filter((name) => !isDerivedSqliteTable(name, virtualTables))
    const quoted = (name: string) => `"${name.replace(/"/g, '""')}"`
    const tables = names.map((name) => ({
      name,
      rows: (copy.prepare(`select count(*) as n from ${quoted(name)}`).get() as { n: number }).n,
    }))
    const header: BackupHeader = {
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      createdAt: (await stat(file)).mtime.toISOString(),
      dialect: 'sqlite',
      migrations,
      tables,
    }
    return {
      header,
      async *rows(order) {
        const inFile = new Set(names)
        for (const name of names) {
          if (!order.includes(name)) {
            throw new BackupError(`The backup has a table this database lacks: ${name}`)
          }
        }
        for (const name of order) {
          if (!inFile.has(name)) continue
          for (const row of copy.prepare(`select * from ${quoted(name)}`).iterate()) {
            yield { t: name, r: row as Record<string, unknown> }
          }
        }
      },
      close: () => copy.close(),
    }
  } catch (error) {
    copy.close()
    throw error
  }
}

/**
 * Restores into a database that has been migrated and holds no cases or audit
 * events. All or nothing: one transaction. The file is either this
 * application's JSON-lines backup (from either database) or an SQLite online
 * backup (`backup --to FILE.sqlite`); either restores into either database.
 */
export async function restoreBackup(
  db: Db,
  dialect: 'sqlite' | 'postgres',
  file: string,
): Promise<BackupHeader> {
  const source = (await isSqliteFile(file))
    ? await sqliteFileSource(file)
    : await jsonLinesSource(file)
  try {
    await loadRows(db, dialect, source)
  } finally {
    source.close()
  }
  return source.header
}

async function loadRows(
  db: Db,
  dialect: 'sqlite' | 'postgres',
  source: BackupSource,
): Promise<void> {
  const { header } = source
  const migrations = await appliedMigrations(db)
  if (JSON.stringify(migrations) !== JSON.stringify(header.migrations)) {
    throw new BackupError(
      `The backup was made at schema ${header.migrations.at(-1) ?? 'none'}, this database is at ${migrations.at(-1) ?? 'none'}: restore with the same version of the application`,
    )
  }
  await db.transaction().execute(async (trx) => {
    const audit = await sql<{
      count: string | number
    }>`select count(*) as count from audit_event`.execute(trx)
    if (Number(audit.rows[0]?.count ?? 0) > 0) {
      throw new BackupError(
        'Restore needs a new, empty database: this one already has an audit trail',
      )
    }
    const tables = await tablesInDependencyOrder(trx, dialect)
    // Rows that migrations seed (the chain head, the shipped bank holidays) are
    // replaced by the backup's own.
    for (const name of [...tables].reverse()) await sql`delete from ${sql.table(name)}`.execute(trx)
    let batch: { table: string; rows: Record<string, unknown>[] } = { table: '', rows: [] }
    const flush = async () => {
      if (batch.rows.length === 0) return
      const columns = Object.keys(batch.rows[0] ?? {})
      const values = batch.rows.map(
        (row) => sql`(${sql.join(columns.map((column) => row[column] ?? null))})`,
      )
      await sql`insert into ${sql.table(batch.table)} (${sql.join(
        columns.map((column) => sql.ref(column)),
      )}) values ${sql.join(values)}`.execute(trx)
      batch = { table: '', rows: [] }
    }
    const expected = new Map(header.tables.map((table) => [table.name, table.rows]))
    const seen = new Map<string, number>()
    for await (const { t, r } of source.rows(tables)) {
      if (!tables.includes(t))
        throw new BackupError(`The backup has a table this database lacks: ${t}`)
      if (batch.table !== t || batch.rows.length >= 100) await flush()
      batch.table = t
      batch.rows.push(r)
      seen.set(t, (seen.get(t) ?? 0) + 1)
    }
    await flush()
    for (const [table, rows] of expected) {
      if ((seen.get(table) ?? 0) !== rows) {
        throw new BackupError(
          `The backup is incomplete: ${table} should have ${rows} rows, found ${seen.get(table) ?? 0}`,
        )
      }
    }
  })
}

/** One row line, `{"t": table, "r": {column: value}}`; anything else is damage, named by its line. */
function backupRow(line: string, lineNumber: number): { t: string; r: Record<string, unknown> } {
  let parsed: unknown
  try {
    parsed = JSON.parse(line)
  } catch {
    parsed = undefined
  }
  const row = parsed as { t?: unknown; r?: unknown } | null | undefined
  if (
    typeof row !== 'object' ||
    row === null ||
    typeof row.t !== 'string' ||
    typeof row.r !== 'object' ||
    row.r === null ||
    Array.isArray(row.r)
  ) {
    throw new BackupError(
      `The backup is damaged at line ${lineNumber}: it is not a row of a table. Nothing was restored`,
    )
  }
  return { t: row.t, r: row.r as Record<string, unknown> }
}

/**
 * Binary columns (an uploaded document's content: a Buffer from either
 * database) as `{"$base64": "…"}`: JSON has no bytes, and Buffer's own JSON
 * (an array of numbers) would come back as an object no database can store.
 */
function encodeRow(row: Record<string, unknown>): Record<string, unknown> {
  const encoded: Record<string, unknown> = {}
  for (const [column, value] of Object.entries(row)) {
    encoded[column] =
      value instanceof Uint8Array ? { $base64: Buffer.from(value).toString('base64') } : value
  }
  return encoded
}

function decodeRow(row: Record<string, unknown>): Record<string, unknown> {
  const decoded: Record<string, unknown> = {}
  for (const [column, value] of Object.entries(row)) {
    const base64 =
      typeof value === 'object' && value !== null && !Array.isArray(value)
        ? (value as { $base64?: unknown }).$base64
        : undefined
    decoded[column] = typeof base64 === 'string' ? Buffer.from(base64, 'base64') : value
  }
  return decoded
}
