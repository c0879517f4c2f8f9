import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ConfigError, loadConfig, parseDatabaseUrl } from './config.js'

const SECRET = 'a-session-secret-that-is-long-enough-32'

/** An in-memory database, so no session-secret file is written beside one. */
const BASE = { DATABASE_URL: ':memory:' }

function refusal(environment: NodeJS.ProcessEnv): string {
  try {
    loadConfig(environment)
  } catch (error) {
    assert.ok(error instanceof ConfigError, `a ConfigError, not ${String(error)}`)
    return error.message
  }
  assert.fail('the configuration was accepted')
}

describe('loadConfig', () => {
  it('refuses production without SESSION_SECRET', () => {
    const message = refusal({ ...BASE, NODE_ENV: 'production', DEMO_DATA: 'false' })
    assert.match(message, /SESSION_SECRET is required in production/)
  })

  it('refuses a session secret too short to be safe', () => {
    assert.match(refusal({ ...BASE, SESSION_SECRET: 'short' }), /SESSION_SECRET/)
  })

  it('refuses a DATABASE_URL that is neither SQLite nor PostgreSQL', () => {
    for (const url of ['mysql://root@localhost/db', 'data/db.sqlite', 'http://example.org']) {
      assert.match(
        refusal({ DATABASE_URL: url, SESSION_SECRET: SECRET }),
        /DATABASE_URL must start with file: \(SQLite\) or postgres:\/\/ \(PostgreSQL\)/,
        url,
      )
    }
  })

  it('does not echo a refused DATABASE_URL, which may hold a password', () => {
    const message = refusal({ DATABASE_URL: 'mysql://admin:hunter2@db/x', SESSION_SECRET: SECRET })
    assert.doesNotMatch(message, /hunter2/)
  })

  it('refuses a port that is not a number, or out of range', () => {
    assert.match(refusal({ ...BASE, SESSION_SECRET: SECRET, PORT: 'abc' }), /PORT/)
    assert.match(refusal({ ...BASE, SESSION_SECRET: SECRET, PORT: '70000' }), /PORT/)
  })

  it('refuses unknown values of enumerated settings', () => {
    assert.match(refusal({ ...BASE, SESSION_SECRET: SECRET, NODE_ENV: 'staging' }), /NODE_ENV/)
    assert.match(
      refusal({ ...BASE, SESSION_SECRET: SECRET, SECURE_COOKIES: 'maybe' }),
      /SECURE_COOKIES/,
    )
    assert.match(
      refusal({ ...BASE, SESSION_SECRET: SECRET, SIGN_IN_RATE_LIMIT: '0' }),
      /SIGN_IN_RATE_LIMIT/,
    )
  })

  it('refuses production with secure cookies but no trusted proxy (no one could sign in)', () => {
    assert.match(
      refusal({ ...BASE, NODE_ENV: 'production', SESSION_SECRET: SECRET }),
      /set TRUST_PROXY=true or to your reverse proxy/,
    )
    const plainHttp = loadConfig({
      ...BASE,
      NODE_ENV: 'production',
      SESSION_SECRET: SECRET,
      DATA_ENCRYPTION_KEY: 'a-data-encryption-key-that-is-long-enough',
      SECURE_COOKIES: 'false',
    })
    assert.equal(plainHttp.secureCookies, false)
  })

  it('refuses demo data in production without its own demo password', () => {
    assert.match(
      refusal({
        ...BASE,
        NODE_ENV: 'production',
        SESSION_SECRET: SECRET,
        TRUST_PROXY: 'true',
        DEMO_DATA: 'true',
      }),
      /DEMO_DATA in production needs its own DEMO_PASSWORD/,
    )
  })

  it('accepts a production configuration, with secure cookies and no demo data by default', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      SESSION_SECRET: SECRET,
      DATA_ENCRYPTION_KEY: 'a-data-encryption-key-that-is-long-enough',
      DATABASE_URL: 'postgres://app@db.internal:5432/reviews',
      PORT: '8080',
      TRUST_PROXY: 'true',
    })
    assert.equal(config.environment, 'production')
    assert.equal(config.port, 8080)
    assert.equal(config.secureCookies, true)
    assert.equal(config.loadDemoData, false)
    assert.equal(config.sessionSecret, SECRET)
    assert.deepEqual(config.database, {
      kind: 'postgres',
      connectionString: 'postgres://app@db.internal:5432/reviews',
    })
    assert.ok(Object.isFrozen(config))
  })

  it('gives development its defaults and treats blank settings as unset', () => {
    const config = loadConfig({ ...BASE, SESSION_SECRET: SECRET, PORT: '', LOG_LEVEL: '' })
    assert.equal(config.environment, 'development')
    assert.equal(config.port, 3000)
    assert.equal(config.host, '127.0.0.1')
    assert.equal(config.secureCookies, false)
    assert.equal(config.loadDemoData, true)
    assert.equal(config.logLevel, 'info')
    assert.equal(config.signInRateLimitPerMinute, 10)
    assert.deepEqual(config.database, { kind: 'sqlite', filename: ':memory:' })
  })
})

describe('parseDatabaseUrl', () => {
  it('reads SQLite file and PostgreSQL URLs', () => {
    assert.equal(parseDatabaseUrl('postgresql://u@h/d').kind, 'postgres')
    const sqlite = parseDatabaseUrl('file:/var/lib/reviews/db.sqlite')
    assert.deepEqual(sqlite, { kind: 'sqlite', filename: '/var/lib/reviews/db.sqlite' })
  })
})

describe('PUBLIC_URL', () => {
  it('defaults to localhost on the configured port and drops a trailing slash', () => {
    assert.equal(
      loadConfig({ ...BASE, SESSION_SECRET: SECRET, PORT: '4000' }).publicUrl,
      'http://localhost:4000',
    )
    const config = loadConfig({
      ...BASE,
      SESSION_SECRET: SECRET,
      PUBLIC_URL: 'https://reviews.example.org/',
    })
    assert.equal(config.publicUrl, 'https://reviews.example.org')
  })

  it('refuses anything but an http(s) URL without a query or fragment', () => {
    for (const value of ['not a url', 'ftp://reviews.example.org', 'javascript:alert(1)']) {
      assert.match(
        refusal({ ...BASE, SESSION_SECRET: SECRET, PUBLIC_URL: value }),
        /PUBLIC_URL: must be an http/,
      )
    }
    assert.match(
      refusal({ ...BASE, SESSION_SECRET: SECRET, PUBLIC_URL: 'https://reviews.example.org/?a=1' }),
      /PUBLIC_URL: must not have a query or a fragment/,
    )
  })
})

describe('loadConfig: mail and jobs (issue 10)', () => {
  const base = { ...BASE, SESSION_SECRET: SECRET }

  it('has no mail server unless SMTP_URL is set, and a From address from the public URL', () => {
    const config = loadConfig({ ...base, PUBLIC_URL: 'https://reviews.example.org' })
    assert.equal(config.mail.smtpUrl, null)
    assert.equal(config.mail.from, 'Safeguarding practice reviews <no-reply@reviews.example.org>')
  })

  it('takes SMTP_URL and MAIL_FROM', () => {
    const config = loadConfig({
      ...base,
      SMTP_URL: 'smtp://user:secret@mail.example.org:587',
      MAIL_FROM: 'Wandsworth reviews <reviews@example.org>',
    })
    assert.equal(config.mail.smtpUrl, 'smtp://user:secret@mail.example.org:587')
    assert.equal(config.mail.from, 'Wandsworth reviews <reviews@example.org>')
    assert.equal(
      loadConfig({ ...base, SMTP_URL: 'smtps://mail.example.org:465' }).mail.smtpUrl,
      'smtps://mail.example.org:465',
    )
  })

  it('refuses an SMTP_URL that is not smtp:// or smtps://, without echoing it', () => {
    for (const url of ['http://mail.example.org', 'mail.example.org:25', 'smtp://']) {
      const message = refusal({ ...base, SMTP_URL: url })
      assert.match(message, /SMTP_URL: must be an smtp:\/\/ or smtps:\/\/ URL/, url)
    }
    assert.doesNotMatch(refusal({ ...base, SMTP_URL: 'smtp:// user:hunter2@x' }), /hunter2/)
  })

  it('refuses a MAIL_FROM that is not an address', () => {
    for (const from of ['nobody', 'a@b\r\nBcc: c@d', 'Name <no-at-sign>']) {
      assert.match(refusal({ ...base, MAIL_FROM: from }), /MAIL_FROM/, from)
    }
  })

  it('needs MAIL_FROM in production when mail is sent', () => {
    const message = refusal({
      ...base,
      NODE_ENV: 'production',
      TRUST_PROXY: 'true',
      DEMO_DATA: 'false',
      DATA_ENCRYPTION_KEY: SECRET,
      SMTP_URL: 'smtp://mail.example.org:587',
    })
    assert.match(message, /MAIL_FROM/)
  })

  it('trusts the proxies TRUST_PROXY names: all, none, or addresses and networks (issue 12)', () => {
    assert.equal(loadConfig(base).trustProxy, false)
    assert.equal(loadConfig({ ...base, TRUST_PROXY: 'true' }).trustProxy, true)
    assert.equal(loadConfig({ ...base, TRUST_PROXY: 'no' }).trustProxy, false)
    assert.equal(
      loadConfig({ ...base, TRUST_PROXY: '127.0.0.1, 10.0.0.0/8,::1' }).trustProxy,
      '127.0.0.1,10.0.0.0/8,::1',
    )
    for (const bad of ['nginx', '10.0.0.0/33', '127.0.0.1/8/1', '2']) {
      assert.match(refusal({ ...base, TRUST_PROXY: bad }), /TRUST_PROXY/, bad)
    }
    // In production an address is enough to tell the app its requests came over TLS.
    assert.equal(
      loadConfig({
        ...base,
        NODE_ENV: 'production',
        TRUST_PROXY: '127.0.0.1',
        DEMO_DATA: 'false',
        DATA_ENCRYPTION_KEY: SECRET,
      }).trustProxy,
      '127.0.0.1',
    )
  })

  it('runs the scheduler every minute, but not in tests unless asked', () => {
    assert.equal(loadConfig(base).jobsIntervalSeconds, 60)
    assert.equal(loadConfig({ ...base, NODE_ENV: 'test' }).jobsIntervalSeconds, 0)
    assert.equal(
      loadConfig({ ...base, NODE_ENV: 'test', JOBS_INTERVAL_SECONDS: '5' }).jobsIntervalSeconds,
      5,
    )
    assert.equal(loadConfig({ ...base, JOBS_INTERVAL_SECONDS: '0' }).jobsIntervalSeconds, 0)
    assert.match(refusal({ ...base, JOBS_INTERVAL_SECONDS: '-1' }), /JOBS_INTERVAL_SECONDS/)
  })

  it('reminds 10 and 2 working days before by default, or as set', () => {
    assert.deepEqual(loadConfig(base).reminderWorkingDays, [10, 2])
    assert.deepEqual(
      loadConfig({ ...base, REMINDER_WORKING_DAYS: '3, 15,3' }).reminderWorkingDays,
      [15, 3],
    )
    assert.match(refusal({ ...base, REMINDER_WORKING_DAYS: 'ten' }), /REMINDER_WORKING_DAYS/)
    assert.match(refusal({ ...base, REMINDER_WORKING_DAYS: '0' }), /REMINDER_WORKING_DAYS/)
  })
})
