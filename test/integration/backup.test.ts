import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
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
import { runCli } from './support/cli.js'
import {
  createPostgresDatabase,
  createSqliteDatabase,
  postgresAvailableFor,
} from './support/databases.js'
import { pdfWithDeflatedContent } from '../support/hostile-pdf.js'
import type { Services } from '../../src/services/index.js'
import { findUserByEmail } from '../../src/data/repositories/user-repository.js'
import type { Actor } from '../../src/domain/access/roles.js'
import { testClock } from '../support/test-clock.js'

const COORDINATOR_EMAIL = 'coordinator@wandsworth.example'

async function actorByEmail(services: Services, db: Db, email: string): Promise<Actor> {
  const user = await findUserByEmail(db, email)
  const actor = user ? await services.auth.actorFor(user.id) : null
  if (!actor) throw new Error(`No account ${email}`)
  return actor
}

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

/** The application's runtime on another database (a restore target), as the CLI would open it. */
function runtimeOn(databaseUrl: string, options: { migrate: boolean } = { migrate: true }) {
  return startRuntime(
    loadConfig({ NODE_ENV: 'test', DATABASE_URL: databaseUrl, SESSION_SECRET: 'x'.repeat(40) }),
    { ...options, now: testClock },
  )
}

type Snapshot = Awaited<ReturnType<typeof snapshot>>

/**
 * The restored database holds every row of the original; its audit trail has
 * one event more, the restore's own (which also moves the chain head).
 */
function assertRestoredCopy(afterRestore: Snapshot, before: Snapshot): void {
  const { audit_event: restoredAudit, audit_chain_head: _head, ...restoredRest } = afterRestore
  const { audit_event: originalAudit, audit_chain_head: _originalHead, ...originalRest } = before
  assert.deepEqual(restoredRest, originalRest)
  const extra = (restoredAudit ?? []).filter((row) => !(originalAudit ?? []).includes(row))
  assert.equal(extra.length, 1)
  assert.match(extra[0] ?? '', /"action":"backup.restored"/)
  assert.equal(restoredAudit?.length, (originalAudit?.length ?? 0) + 1)
}

function rowsIn(tables: Snapshot): number {
  return Object.values(tables).reduce((sum, rows) => sum + rows.length, 0)
}

describeOnEachDatabase('backup and restore', (h) => {
  itOnLeg('round-trips a populated database: every table, every row', async () => {
    const { app, services, runtime, dialect } = h()
    // Populate beyond the demo data: sessions, audit events, a token.
    await new Browser(app).signIn('coordinator@wandsworth.example')
    await services.users.createApiToken('partner@wandsworth.example', 'backup test', COMMAND_LINE)
    // An uploaded file: binary content (a PDF's deflated stream) must come back byte for byte.
    const coordinator = await actorByEmail(services, runtime.database.db, COORDINATOR_EMAIL)
    const incident = await services.incidents.record(coordinator, 'wandsworth', {
      guidanceEdition: 'WT2023',
      abuseOrNeglect: 'suspected',
      harm: 'serious-harm',
      incidentOn: '2023-12-20',
      awareOn: '2023-12-21',
      lookedAfter: false,
      careLeaver: false,
      children: [{ pseudonym: 'Child Backup' }],
    })
    const rapidReviewId = await services.rapidReviews.start(
      coordinator,
      incident.id,
      incident.version,
    )
    const pdf = pdfWithDeflatedContent(Buffer.from('BT /F1 12 Tf 72 712 Td (Agency summary) Tj ET'))
    const uploaded = await services.documents.upload(coordinator, {
      partnershipId: incident.partnership.id,
      recordType: 'rapid-review',
      recordId: rapidReviewId,
      fileName: 'summary.pdf',
      bytes: pdf,
      accept: ['pdf'],
      permission: 'incidents:manage',
    })
    const before = await snapshot(runtime.database.db, dialect)
    const file = join(folder, `${dialect}.jsonl`)
    const header = await services.backups.backup(file, COMMAND_LINE)
    assert.ok(header.tables.some((table) => table.name === 'audit_event' && table.rows > 0))

    const target =
      dialect === 'sqlite' ? await createSqliteDatabase() : await createPostgresDatabase()
    const restored = await runtimeOn(target.url)
    try {
      await restored.services.backups.restore(file, COMMAND_LINE)
      assertRestoredCopy(await snapshot(restored.database.db, dialect), before)
      const content = await restored.database.db
        .selectFrom('document')
        .select('content')
        .where('id', '=', uploaded.id)
        .executeTakeFirstOrThrow()
      assert.ok(Buffer.from(content.content).equals(Buffer.from(pdf)), 'the file, byte for byte')
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
    const restored = await runtimeOn(target.url)
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

  itOnLeg(
    'the command line backs up to a file and restores into a new, empty database, and refuses what it cannot restore',
    async () => {
      const { app, services, runtime, dialect, database } = h()
      await new Browser(app).signIn('partner@wandsworth.example')
      await services.users.createApiToken('partner@wandsworth.example', 'cli backup', COMMAND_LINE)
      const before = await snapshot(runtime.database.db, dialect)
      const file = join(folder, `cli-${dialect}.jsonl`)

      const backedUp = await runCli(['backup', '--to', file], { databaseUrl: database.url })
      assert.equal(backedUp.code, 0, backedUp.stderr)
      assert.equal(
        backedUp.stdout.trim(),
        `Backup written: ${Object.keys(before).length} tables, ${rowsIn(before)} rows.`,
      )
      // Only its owner may read the file: it holds every record.
      assert.equal(statSync(file).mode & 0o777, 0o600)
      const recorded = await runtime.database.db
        .selectFrom('audit_event')
        .select(['action', 'actor_label', 'summary'])
        .orderBy('sequence', 'desc')
        .executeTakeFirstOrThrow()
      assert.equal(recorded.action, 'backup.created')
      assert.equal(recorded.actor_label, COMMAND_LINE.label)
      assert.deepEqual(JSON.parse(recorded.summary), {
        after: { tables: Object.keys(before).length, rows: rowsIn(before) },
      })

      const target =
        dialect === 'sqlite' ? await createSqliteDatabase() : await createPostgresDatabase()
      const restoreInto = (args: string[]) =>
        runCli(['restore', ...args], { databaseUrl: target.url })
      try {
        // Refused, with a clear message and a non-zero exit: not a backup, or a damaged one.
        const junk = join(folder, `cli-junk-${dialect}.jsonl`)
        writeFileSync(junk, 'hello\n')
        const notBackup = await restoreInto(['--from', junk])
        assert.equal(notBackup.code, 1)
        assert.match(notBackup.stderr, /This file is not a backup made by this application/)
        const lines = readFileSync(file, 'utf8').trimEnd().split('\n')
        const truncated = join(folder, `cli-truncated-${dialect}.jsonl`)
        writeFileSync(truncated, `${lines.slice(0, -3).join('\n')}\n`)
        const incomplete = await restoreInto(['--from', truncated])
        assert.equal(incomplete.code, 1)
        assert.match(
          incomplete.stderr,
          /The backup is incomplete: \S+ should have \d+ rows, found \d+/,
        )
        // A row cut short in the middle of the file, or a line that is not a row,
        // is refused with the line it is on (line 1 is the header).
        const damaged = join(folder, `cli-damaged-${dialect}.jsonl`)
        const middle = Math.floor(lines.length / 2)
        writeFileSync(
          damaged,
          `${lines.map((line, index) => (index === middle ? line.slice(0, 20) : line)).join('\n')}\n`,
        )
        const cut = await restoreInto(['--from', damaged])
        assert.equal(cut.code, 1)
        assert.match(
          cut.stderr,
          new RegExp(`The backup is damaged at line ${middle + 1}: it is not a row of a table`),
        )
        for (const notARow of ['null', '42', '{"t":"incident"}', '{"t":1,"r":{}}']) {
          const odd = join(folder, `cli-odd-${dialect}.jsonl`)
          writeFileSync(odd, `${[lines[0], notARow, ...lines.slice(1)].join('\n')}\n`)
          const refused = await restoreInto(['--from', odd])
          assert.equal(refused.code, 1, notARow)
          assert.match(refused.stderr, /The backup is damaged at line 2/, notARow)
        }
        const missing = await restoreInto([])
        assert.equal(missing.code, 2)
        assert.match(missing.stderr, /--from is required/)
        assert.equal(
          (await runCli(['backup'], { databaseUrl: database.url })).code,
          2,
          'backup without --to is a usage mistake',
        )

        const untouched = await runtimeOn(target.url, { migrate: false })
        try {
          // Nothing half-restored: each refusal left the database as empty as it was.
          for (const table of ['app_user', 'audit_event'] as const) {
            const rows = await untouched.database.db.selectFrom(table).select('id').execute()
            assert.equal(rows.length, 0, table)
          }
        } finally {
          await untouched.close()
        }

        // A new, empty database (migrated by the command): restored, every table, every row.
        const restoredRun = await restoreInto(['--from', file])
        assert.equal(restoredRun.code, 0, restoredRun.stderr)
        const header = JSON.parse(lines[0] ?? '{}') as { createdAt: string }
        assert.ok(
          restoredRun.stdout.includes(
            `Restored the backup made at ${header.createdAt} (${dialect}).`,
          ),
          restoredRun.stdout,
        )
        const originalEvents = before.audit_event?.length ?? 0
        assert.match(
          restoredRun.stdout,
          new RegExp(`Audit trail intact: ${originalEvents + 1} events\\.`),
        )

        const restored = await runtimeOn(target.url, { migrate: false })
        try {
          const afterRestore = await snapshot(restored.database.db, dialect)
          assertRestoredCopy(afterRestore, before)
          assert.equal((await restored.services.verifyAuditTrail()).ok, true)

          // Restoring again, into the database now in use, is refused and changes nothing.
          const again = await restoreInto(['--from', file])
          assert.equal(again.code, 1)
          assert.match(
            again.stderr,
            /Restore needs a new, empty database: this one already has an audit trail/,
          )
          assert.deepEqual(await snapshot(restored.database.db, dialect), afterRestore)
        } finally {
          await restored.close()
        }
        // So is restoring over the populated database the backup came from.
        const source = await runCli(['restore', '--from', file], { databaseUrl: database.url })
        assert.equal(source.code, 1)
        assert.match(source.stderr, /Restore needs a new, empty database/)
      } finally {
        await target.drop()
      }
    },
  )

  itOnLeg(
    'the same file moves between SQLite and PostgreSQL: there and back, every row as it was',
    async () => {
      const { services, runtime, dialect } = h()
      if (!(await postgresAvailableFor('Backup between databases'))) return
      const before = await snapshot(runtime.database.db, dialect)
      const there = join(folder, `across-from-${dialect}.jsonl`)
      await services.backups.backup(there, COMMAND_LINE)
      const other =
        dialect === 'sqlite' ? await createPostgresDatabase() : await createSqliteDatabase()
      const back =
        dialect === 'sqlite' ? await createSqliteDatabase() : await createPostgresDatabase()
      try {
        const middle = await runtimeOn(other.url)
        const returned = join(folder, `across-back-${dialect}.jsonl`)
        try {
          const header = await middle.services.backups.restore(there, COMMAND_LINE)
          assert.equal(header.dialect, dialect)
          assert.equal((await middle.services.verifyAuditTrail()).ok, true, 'chain verifies there')
          await middle.services.backups.backup(returned, COMMAND_LINE)
        } finally {
          await middle.close()
        }
        const home = await runtimeOn(back.url)
        try {
          await home.services.backups.restore(returned, COMMAND_LINE)
          const afterTrip = await snapshot(home.database.db, dialect)
          const { audit_event: tripAudit, audit_chain_head: _h1, ...tripRest } = afterTrip
          const { audit_event: originalAudit, audit_chain_head: _h2, ...originalRest } = before
          // Every value as it was: numbers stay numbers, flags 0/1, bytes bytes.
          assert.deepEqual(tripRest, originalRest)
          const extra = (tripAudit ?? []).filter((row) => !(originalAudit ?? []).includes(row))
          assert.equal(extra.length, 2, 'the two restores, and nothing else, were added')
          assert.ok(extra.every((row) => row.includes('"action":"backup.restored"')))
          assert.equal((await home.services.verifyAuditTrail()).ok, true)
        } finally {
          await home.close()
        }
      } finally {
        await other.drop()
        await back.drop()
      }
    },
  )

  itOnLeg(
    'SQLite online backup: `backup --to FILE.sqlite` copies the live database; restore reads it into either database',
    async () => {
      const { services, runtime, dialect, database } = h()
      const copy = join(folder, `online-${dialect}.sqlite`)
      if (dialect === 'postgres') {
        // PostgreSQL has no such copy: refused, with what to do instead.
        await assert.rejects(
          services.backups.backup(copy, COMMAND_LINE),
          /A \.sqlite copy can only be made of an SQLite database: back up PostgreSQL to a \.jsonl file/,
        )
        const cli = await runCli(['backup', '--to', copy], { databaseUrl: database.url })
        assert.equal(cli.code, 1)
        assert.match(cli.stderr, /back up PostgreSQL to a \.jsonl file/)
        return
      }
      const before = await snapshot(runtime.database.db, dialect)
      // Taken while the service is open and writing (a session, below, straight after).
      const header = await services.backups.backup(copy, COMMAND_LINE)
      assert.equal(readFileSync(copy).subarray(0, 16).toString('latin1'), 'SQLite format 3\0')
      assert.equal(statSync(copy).mode & 0o777, 0o600, 'readable by its owner only')
      assert.equal(header.dialect, 'sqlite')
      assert.deepEqual(
        header.tables.find((table) => table.name === 'incident'),
        { name: 'incident', rows: before.incident?.length ?? -1 },
      )
      const created = await runtime.database.db
        .selectFrom('audit_event')
        .select('summary')
        .where('action', '=', 'backup.created')
        .orderBy('sequence', 'desc')
        .executeTakeFirstOrThrow()
      const summary = JSON.parse(created.summary) as { after: { method?: string } }
      assert.equal(summary.after.method, 'sqlite-online-backup')

      // Into a new SQLite database: every row as it was.
      for (const targetDialect of ['sqlite', 'postgres'] as const) {
        if (
          targetDialect === 'postgres' &&
          !(await postgresAvailableFor('Online backup into PostgreSQL'))
        ) {
          continue
        }
        const target =
          targetDialect === 'sqlite' ? await createSqliteDatabase() : await createPostgresDatabase()
        try {
          const cli = await runCli(['restore', '--from', copy], { databaseUrl: target.url })
          assert.equal(cli.code, 0, cli.stderr)
          assert.match(cli.stdout, /Restored the backup made at .* \(sqlite\)/)
          assert.match(cli.stdout, /Audit trail intact/)
          const restored = await runtimeOn(target.url, { migrate: false })
          try {
            const after = await snapshot(restored.database.db, targetDialect)
            if (targetDialect === 'sqlite') assertRestoredCopy(after, before)
            else {
              for (const [table, rows] of Object.entries(before)) {
                const extra = table === 'audit_event' ? 1 : 0
                if (table === 'audit_chain_head') continue
                assert.equal(after[table]?.length, rows.length + extra, table)
              }
            }
          } finally {
            await restored.close()
          }
        } finally {
          await target.drop()
        }
      }
      // A SQLite file that is not this application's database is refused.
      const stranger = join(folder, 'stranger.sqlite')
      const other = await createSqliteDatabase()
      try {
        const { default: Sqlite } = await import('better-sqlite3')
        const foreign = new Sqlite(stranger)
        foreign.exec('create table notes (body text)')
        foreign.close()
        const refused = await runCli(['restore', '--from', stranger], { databaseUrl: other.url })
        assert.equal(refused.code, 1)
        assert.match(refused.stderr, /This SQLite file is not a database of this application/)
      } finally {
        await other.drop()
      }
    },
  )
})
