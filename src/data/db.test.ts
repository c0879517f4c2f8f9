import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import SqliteDatabase from 'better-sqlite3'
import { withStatementCache } from './db.js'

/** An in-memory database that counts the statements it prepares. */
function counting() {
  const database = new SqliteDatabase(':memory:')
  let prepared = 0
  const prepare = database.prepare.bind(database)
  database.prepare = (text: string) => {
    prepared += 1
    return prepare(text)
  }
  return { database, prepared: () => prepared }
}

describe('SQLite prepared statements kept by their SQL', () => {
  it('prepares a query once and runs it again with other parameters', () => {
    const { database, prepared } = counting()
    const cached = withStatementCache(database, 10)
    cached.prepare('create table t (n integer)').run([])
    const insert = 'insert into t (n) values (?)'
    for (const n of [1, 2, 3]) cached.prepare(insert).run([n])
    const select = 'select n from t where n >= ? order by n'
    assert.deepEqual(cached.prepare(select).all([2]), [{ n: 2 }, { n: 3 }])
    assert.deepEqual(cached.prepare(select).all([3]), [{ n: 3 }])
    assert.equal(prepared(), 3, 'the create, the insert and the select, once each')
    cached.close()
  })

  it('drops the statement used longest ago when full', () => {
    const { database, prepared } = counting()
    const cached = withStatementCache(database, 2)
    cached.prepare('select 1').all([])
    cached.prepare('select 2').all([])
    cached.prepare('select 1').all([]) // now the most recently used
    cached.prepare('select 3').all([]) // drops "select 2"
    assert.equal(prepared(), 3)
    cached.prepare('select 1').all([])
    assert.equal(prepared(), 3, '"select 1" was kept')
    cached.prepare('select 2').all([])
    assert.equal(prepared(), 4, '"select 2" was prepared again')
    cached.close()
  })

  it('does not share a statement still being iterated', () => {
    const { database } = counting()
    const cached = withStatementCache(database, 10)
    const text = 'select value from json_each(?)'
    const rows = cached.prepare(text).iterate(['[1,2,3]'])
    assert.deepEqual(rows.next().value, { value: 1 })
    // The same SQL while the first is mid-way: a statement of its own.
    assert.deepEqual(cached.prepare(text).all(['[7]']), [{ value: 7 }])
    assert.deepEqual([...rows], [{ value: 2 }, { value: 3 }])
    cached.close()
  })
})
