import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after } from 'node:test'
import { sql } from 'kysely'
import { startRuntime } from '../../src/bootstrap.js'
import { loadConfig } from '../../src/config.js'
import { tablesInDependencyOrder } from '../../src/data/backup.js'
import type { Db } from '../../src/data/db.js'
import { COMMAND_LINE } from '../../src/services/context.js'
import { Browser, describeOnEachDatabase, itOnLeg } from './support/app-harness.js'
import { createPostgresDatabase, createSqliteDatabase } from './support/databases.js'

const folder = mkdtempSync(join(tmpdir(), 'spr-backup-'))
after(() => rmSync(folder, { recursive: true, force: true }))

async function snapshot(db: Db, dialect: 'sqlite' | 'postgres') {
  const tables = await tablesInDependencyOrder(db, dialect)
  const result: Record<string, string[]> = {}
  for (const table of tables) {
    const rows = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(db)
    result[table] = rows.rows.map((row) => JSON.stringify(row, Object.keys(row).sort())).sort()
  }
  return result
}

describeOnEachDatabase('backup and restore', (h) => {
  itOnLeg('round-trips a populated database: every table, every row', async () => {
    const { app, services, runtime, dialect } = h()
    // Populate beyond the demo data: sessions, audit events, a token.
    await new Browser(app).signIn('coordinator@wandsworth.example')
    await services.users.createApiToken('partner@wandsworth.example', 'backup test', COMMAND_LINE)
    const before = await snapshot(runtime.database.db, dialect)
    const file = join(folder, `${dialect}.jsonl`)
    const header = await services.backups.backup(file, COMMAND_LINE)
    assert.ok(header.tables.some((table) => table.name === 'audit_event' && table.rows > 0))

    const target =
      dialect === 'sqlite' ? await createSqliteDatabase() : await createPostgresDatabase()
    const restored = await startRuntime(
      loadConfig({ NODE_ENV: 'test', DATABASE_URL: target.url, SESSION_SECRET: 'x'.repeat(40) }),
    )
    try {
      await restored.services.backups.restore(file, COMMAND_LINE)
      const afterRestore = await snapshot(restored.database.db, dialect)
      // The restore appends one audit event of its own (and moves the chain head).
      const { audit_event: restoredAudit, audit_chain_head: _head, ...restoredRest } = afterRestore
      const {
        audit_event: originalAudit,
        audit_chain_head: _originalHead,
        ...originalRest
      } = before
      assert.deepEqual(restoredRest, originalRest)
      const extra = (restoredAudit ?? []).filter((row) => !(originalAudit ?? []).includes(row))
      assert.equal(extra.length, 1)
      assert.match(extra[0] ?? '', /"action":"backup.restored"/)
      assert.equal(restoredAudit?.length, (originalAudit?.length ?? 0) + 1)
      const chain = await restored.services.verifyAuditTrail()
      assert.equal(chain.ok, true)
      // A second restore into the now-used database is refused, nothing changed.
      await assert.rejects(
        restored.services.backups.restore(file, COMMAND_LINE),
        /new, empty database/,
      )
    } finally {
      await restored.close()
      await target.drop()
    }
  })

  itOnLeg('refuses a file that is not a backup, or a damaged one', async () => {
    const { dialect } = h()
    const target =
      dialect === 'sqlite' ? await createSqliteDatabase() : await createPostgresDatabase()
    const restored = await startRuntime(
      loadConfig({ NODE_ENV: 'test', DATABASE_URL: target.url, SESSION_SECRET: 'x'.repeat(40) }),
    )
    try {
      const junk = join(folder, `junk-${dialect}.jsonl`)
      writeFileSync(junk, 'hello\n')
      await assert.rejects(restored.services.backups.restore(junk, COMMAND_LINE), /not a backup/)
      const good = join(folder, `${dialect}.jsonl`)
      const truncated = join(folder, `truncated-${dialect}.jsonl`)
      const lines = readFileSync(good, 'utf8').trimEnd().split('\n')
      writeFileSync(truncated, `${lines.slice(0, -3).join('\n')}\n`)
      await assert.rejects(restored.services.backups.restore(truncated, COMMAND_LINE), /incomplete/)
      // Nothing half-restored: the all-or-nothing transaction left no users.
      const users = await restored.database.db.selectFrom('app_user').select('id').execute()
      assert.equal(users.length, 0)
    } finally {
      await restored.close()
      await target.drop()
    }
  })
})
