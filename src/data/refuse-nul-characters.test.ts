import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import { ValidationError } from '../domain/errors.js'
import { openDatabase, type DatabaseHandle } from './db.js'
import { migrateToLatest } from './migrations/index.js'
import { NUL_MESSAGE } from './refuse-nul-characters.js'

describe('NUL characters never reach the database', () => {
  let database: DatabaseHandle
  before(async () => {
    database = openDatabase({ kind: 'sqlite', filename: ':memory:' })
    await migrateToLatest(database.db)
  })
  after(() => database.close())

  const refused = (error: unknown) =>
    error instanceof ValidationError && error.errors[0]?.message === NUL_MESSAGE

  it('refuses a NUL in a compared value, a list, an inserted row and raw SQL', async () => {
    const { db } = database
    await assert.rejects(
      db.selectFrom('partnership').selectAll().where('slug', '=', 'a\u0000b').execute(),
      refused,
    )
    await assert.rejects(
      db.selectFrom('partnership').selectAll().where('slug', 'in', ['ok', '\u0000']).execute(),
      refused,
    )
    await assert.rejects(
      db
        .insertInto('partnership')
        .values({ id: 'p1', slug: 'p1', name: 'Name\u0000', created_at: '2024-01-01' })
        .execute(),
      refused,
    )
    await assert.rejects(sql`select ${'\u0000'} as value`.execute(db), refused)
    const rows = await db.selectFrom('partnership').selectAll().execute()
    assert.equal(rows.length, 0, 'nothing was written')
  })

  it('lets every other character through, control characters included', async () => {
    const { db } = database
    const name = 'Tab\tnew line\n\u0001 \u202e emoji 👩‍👧 \ufffd'
    await db
      .insertInto('partnership')
      .values({ id: 'p2', slug: 'p2', name, created_at: '2024-01-01' })
      .execute()
    const row = await db
      .selectFrom('partnership')
      .select('name')
      .where('id', '=', 'p2')
      .executeTakeFirstOrThrow()
    assert.equal(row.name, name)
  })
})
