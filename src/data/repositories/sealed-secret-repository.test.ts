import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, it } from 'node:test'

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8')

describe('sealed secret repository', () => {
  it('covers every sealed column of the schema, so rotate-data-key misses none', () => {
    const sealedColumns = [...read('../schema.ts').matchAll(/^\s+(\w+_sealed)\??:/gm)].map(
      (match) => match[1] ?? '',
    )
    assert.ok(sealedColumns.length >= 3, 'the schema names its sealed columns *_sealed')
    const repository = read('./sealed-secret-repository.ts')
    for (const column of sealedColumns) {
      assert.match(repository, new RegExp(`\\b${column}\\b`), column)
    }
  })
})
