// Scheduled jobs (0019-outbox-and-jobs). One row per run of a kind of job (the
// day's action reminders, the week's digests). Adding a run is idempotent (the
// unique kind + run key); taking one is a lease: one UPDATE that succeeds only
// while the run is due, or while the lease of a worker that stopped has
// expired, so two schedulers never run the same run at the same time.
import type { Db } from '../../db.js'

export interface JobRecord {
  id: string
  kind: string
  runKey: string
  dueAt: string
  status: string
  attempts: number
  lastError: string | null
  result: string | null
  createdAt: string
  finishedAt: string | null
}

/** Adds the run unless it exists. */
export async function addJobRun(
  db: Db,
  run: { id: string; kind: string; runKey: string; dueAt: string; now: string },
): Promise<void> {
  await db
    .insertInto('job')
    .values({
      id: run.id,
      kind: run.kind,
      run_key: run.runKey,
      due_at: run.dueAt,
      status: 'due',
      created_at: run.now,
    })
    .onConflict((conflict) => conflict.columns(['kind', 'run_key']).doNothing())
    .execute()
}

/** Runs that may be taken now: due, or running under a lease that has expired. */
export async function listClaimableJobs(db: Db, now: string, limit: number): Promise<JobRecord[]> {
  const rows = await db
    .selectFrom('job')
    .selectAll()
    .where('due_at', '<=', now)
    .where((eb) =>
      eb.or([
        eb('status', '=', 'due'),
        eb.and([eb('status', '=', 'running'), eb('lease_expires_at', '<', now)]),
      ]),
    )
    .orderBy('due_at')
    .orderBy('id')
    .limit(limit)
    .execute()
  return rows.map(toRecord)
}

export async function claimJob(
  db: Db,
  id: string,
  claim: { owner: string; now: string; leaseUntil: string },
): Promise<boolean> {
  const result = await db
    .updateTable('job')
    .set((eb) => ({
      status: 'running',
      lease_owner: claim.owner,
      lease_expires_at: claim.leaseUntil,
      attempts: eb('attempts', '+', 1),
    }))
    .where('id', '=', id)
    .where('due_at', '<=', claim.now)
    .where((eb) =>
      eb.or([
        eb('status', '=', 'due'),
        eb.and([eb('status', '=', 'running'), eb('lease_expires_at', '<', claim.now)]),
      ]),
    )
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

export async function finishJob(
  db: Db,
  id: string,
  owner: string,
  outcome: { now: string; result: string },
): Promise<void> {
  await db
    .updateTable('job')
    .set({
      status: 'done',
      finished_at: outcome.now,
      result: outcome.result,
      last_error: null,
      lease_owner: null,
      lease_expires_at: null,
    })
    .where('id', '=', id)
    .where('lease_owner', '=', owner)
    .execute()
}

/** A failed run: due again after `retryAt`, or failed for good when `retryAt` is null. */
export async function failJob(
  db: Db,
  id: string,
  owner: string,
  outcome: { now: string; error: string; retryAt: string | null },
): Promise<void> {
  await db
    .updateTable('job')
    .set({
      status: outcome.retryAt === null ? 'failed' : 'due',
      due_at: outcome.retryAt ?? outcome.now,
      finished_at: outcome.retryAt === null ? outcome.now : null,
      last_error: outcome.error,
      lease_owner: null,
      lease_expires_at: null,
    })
    .where('id', '=', id)
    .where('lease_owner', '=', owner)
    .execute()
}

export async function findJobRun(
  db: Db,
  kind: string,
  runKey: string,
): Promise<JobRecord | undefined> {
  const row = await db
    .selectFrom('job')
    .selectAll()
    .where('kind', '=', kind)
    .where('run_key', '=', runKey)
    .executeTakeFirst()
  return row === undefined ? undefined : toRecord(row)
}

function toRecord(row: {
  id: string
  kind: string
  run_key: string
  due_at: string
  status: string
  attempts: number
  last_error: string | null
  result: string | null
  created_at: string
  finished_at: string | null
}): JobRecord {
  return {
    id: row.id,
    kind: row.kind,
    runKey: row.run_key,
    dueAt: row.due_at,
    status: row.status,
    attempts: Number(row.attempts),
    lastError: row.last_error,
    result: row.result,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
  }
}
