import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { ConfigError, loadConfig } from './config.js'

const SESSION_SECRET = 'a-session-secret-that-is-long-enough-32'
const DATA_KEY = 'a-data-encryption-key-that-is-long-enough'
const PREVIOUS_KEY = 'the-data-encryption-key-before-this-one'
const BASE = { DATABASE_URL: ':memory:', SESSION_SECRET }
const PRODUCTION = {
  ...BASE,
  NODE_ENV: 'production',
  DEMO_DATA: 'false',
  TRUST_PROXY: 'true',
}

function refusal(environment: NodeJS.ProcessEnv): string {
  try {
    loadConfig(environment)
  } catch (error) {
    assert.ok(error instanceof ConfigError, `a ConfigError, not ${String(error)}`)
    return error.message
  }
  assert.fail('the configuration was accepted')
}

const folders: string[] = []
after(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true })
})

function databaseInNewFolder(): { url: string; folder: string } {
  const folder = mkdtempSync(join(tmpdir(), 'spr-config-'))
  folders.push(folder)
  return { url: `file:${join(folder, 'data', 'reviews.sqlite')}`, folder: join(folder, 'data') }
}

describe('loadConfig: data encryption key (issue 4)', () => {
  it('requires DATA_ENCRYPTION_KEY in production, as SESSION_SECRET is', () => {
    assert.match(refusal(PRODUCTION), /DATA_ENCRYPTION_KEY is required in production/)
    const config = loadConfig({ ...PRODUCTION, DATA_ENCRYPTION_KEY: DATA_KEY })
    assert.equal(config.dataEncryptionKey, DATA_KEY)
    assert.equal(config.sessionSecret, SESSION_SECRET, 'the two are separate settings')
    assert.equal(config.previousDataEncryptionKey, null)
  })

  it('refuses keys shorter than 32 characters, naming the setting', () => {
    assert.match(refusal({ ...BASE, DATA_ENCRYPTION_KEY: 'short' }), /DATA_ENCRYPTION_KEY/)
    assert.match(
      refusal({ ...BASE, DATA_ENCRYPTION_KEY: DATA_KEY, PREVIOUS_DATA_ENCRYPTION_KEY: 'short' }),
      /PREVIOUS_DATA_ENCRYPTION_KEY/,
    )
  })

  it('reads the previous key, for opening and for rotate-data-key', () => {
    const config = loadConfig({
      ...BASE,
      DATA_ENCRYPTION_KEY: DATA_KEY,
      PREVIOUS_DATA_ENCRYPTION_KEY: PREVIOUS_KEY,
    })
    assert.equal(config.dataEncryptionKey, DATA_KEY)
    assert.equal(config.previousDataEncryptionKey, PREVIOUS_KEY)
    assert.equal(
      loadConfig({ ...BASE, DATA_ENCRYPTION_KEY: DATA_KEY, PREVIOUS_DATA_ENCRYPTION_KEY: '' })
        .previousDataEncryptionKey,
      null,
      'blank is unset',
    )
  })

  it('in development makes one once and keeps it beside the database, apart from the session secret', () => {
    const { url, folder } = databaseInNewFolder()
    const first = loadConfig({ DATABASE_URL: url })
    assert.ok(first.dataEncryptionKey.length >= 32)
    assert.notEqual(first.dataEncryptionKey, first.sessionSecret)
    const file = join(folder, '.data-encryption-key')
    assert.equal(readFileSync(file, 'utf8'), first.dataEncryptionKey)
    assert.equal(statSync(file).mode & 0o777, 0o600, 'readable by the owner only')
    assert.equal(readFileSync(join(folder, '.session-secret'), 'utf8'), first.sessionSecret)

    const again = loadConfig({ DATABASE_URL: url })
    assert.equal(again.dataEncryptionKey, first.dataEncryptionKey, 'kept across restarts')
    assert.equal(again.sessionSecret, first.sessionSecret)

    const set = loadConfig({ DATABASE_URL: url, DATA_ENCRYPTION_KEY: DATA_KEY })
    assert.equal(set.dataEncryptionKey, DATA_KEY, 'a key that is set wins over the file')
  })

  it('with an in-memory database makes a new one each time and writes nothing', () => {
    const one = loadConfig(BASE).dataEncryptionKey
    const two = loadConfig(BASE).dataEncryptionKey
    assert.ok(one.length >= 32)
    assert.notEqual(one, two)
  })
})
