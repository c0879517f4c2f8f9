// Issue 4, "Faults and recovery": the crash test (scripts/crash-test.ts) on
// SQLite and on PostgreSQL. The real server runs as a child process; it is
// killed with SIGKILL after 100 acknowledged writes in a burst of 8 at a time,
// then started again on the same database. Nothing acknowledged may be lost and
// nothing may be half-written. (SQLite runs in WAL mode with synchronous =
// NORMAL: durable against a process crash like this one, not a power cut; see
// the README's operations section.)
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { runCrashTest, type CrashTestReport } from '../../scripts/crash-test.js'
import {
  createPostgresDatabase,
  createSqliteDatabase,
  postgresAvailableFor,
  runsLeg,
  type TestDatabase,
} from './support/databases.js'

function assertRecovered(report: CrashTestReport): void {
  assert.deepEqual(report.problems, [], JSON.stringify(report, null, 2))
  // The kill comes when the 100th answer arrives; up to 7 other requests of the
  // burst may already have had their 201 in the same instant (the server
  // answered them before it died), so they count as acknowledged too and must
  // survive like the rest.
  assert.ok(
    report.acknowledged >= 100 && report.acknowledged < 100 + 8,
    `killed after 100 acknowledged writes (${report.acknowledged} acknowledged)`,
  )
  assert.deepEqual(report.acknowledgedMissing, [], 'every acknowledged write is there')
  // Each stored incident has exactly its one audit event: all or nothing.
  assert.equal(report.recordedAuditEvents, report.incidentsStored)
  assert.equal(report.incidentsStored, report.acknowledged + report.unacknowledgedPresent)
  assert.ok(report.auditChain.ok, 'the audit chain verifies')
}

async function crashAndRecover(database: TestDatabase): Promise<CrashTestReport> {
  try {
    return await runCrashTest({ databaseUrl: database.url })
  } finally {
    await database.drop()
  }
}

describe('Crash recovery: SIGKILL mid-burst, restart, nothing acknowledged lost', () => {
  if (runsLeg('sqlite'))
    it('[SQLite] acknowledged writes survive; integrity_check ok; audit chain verifies', async () => {
      const report = await crashAndRecover(await createSqliteDatabase())
      assertRecovered(report)
      assert.equal(report.integrity, 'ok')
    })

  if (runsLeg('postgres'))
    it('[PostgreSQL] acknowledged writes survive; audit chain verifies', async (t) => {
      if (!(await postgresAvailableFor('PostgreSQL crash test'))) {
        return t.skip('PostgreSQL not reachable')
      }
      assertRecovered(await crashAndRecover(await createPostgresDatabase()))
    })
})
