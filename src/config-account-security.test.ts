import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ConfigError, loadConfig } from './config.js'

const SECRET = 'a-session-secret-that-is-long-enough-32'
const BASE = { DATABASE_URL: ':memory:', SESSION_SECRET: SECRET }
const PRODUCTION = {
  ...BASE,
  DATA_ENCRYPTION_KEY: 'a-data-encryption-key-that-is-long-enough',
  NODE_ENV: 'production',
  DEMO_DATA: 'false',
  TRUST_PROXY: 'true',
}

describe('loadConfig: account security (issue 4)', () => {
  it('ends sessions after 30 idle minutes and 12 hours by default', () => {
    const config = loadConfig(BASE)
    assert.equal(config.sessionIdleMinutes, 30)
    assert.equal(config.sessionAbsoluteHours, 12)
    const custom = loadConfig({ ...BASE, SESSION_IDLE_MINUTES: '15', SESSION_ABSOLUTE_HOURS: '8' })
    assert.equal(custom.sessionIdleMinutes, 15)
    assert.equal(custom.sessionAbsoluteHours, 8)
  })

  it('refuses time-outs that are not whole minutes and hours in range', () => {
    for (const [name, value] of [
      ['SESSION_IDLE_MINUTES', '0'],
      ['SESSION_IDLE_MINUTES', '1441'],
      ['SESSION_IDLE_MINUTES', 'half an hour'],
      ['SESSION_ABSOLUTE_HOURS', '0'],
      ['SESSION_ABSOLUTE_HOURS', '169'],
      ['SESSION_ABSOLUTE_HOURS', '1.5'],
    ] as const) {
      assert.throws(
        () => loadConfig({ ...BASE, [name]: value }),
        (error: unknown) => error instanceof ConfigError && error.message.includes(name),
        `${name}=${value}`,
      )
    }
  })

  it('requires two-factor authentication for privileged roles by default in every environment', () => {
    assert.equal(loadConfig(PRODUCTION).requireTwoFactorForPrivilegedRoles, true)
    assert.equal(loadConfig(BASE).requireTwoFactorForPrivilegedRoles, true)
    assert.equal(loadConfig({ ...BASE, NODE_ENV: 'test' }).requireTwoFactorForPrivilegedRoles, true)
    assert.equal(
      loadConfig({ ...BASE, REQUIRE_TWO_FACTOR_FOR_PRIVILEGED_ROLES: '' })
        .requireTwoFactorForPrivilegedRoles,
      true,
      'blank is unset: the default',
    )
  })

  it('lets it be turned off explicitly in development and test (suites that are not about it), never in production', () => {
    for (const environment of ['development', 'test'] as const) {
      assert.equal(
        loadConfig({
          ...BASE,
          NODE_ENV: environment,
          REQUIRE_TWO_FACTOR_FOR_PRIVILEGED_ROLES: 'false',
        }).requireTwoFactorForPrivilegedRoles,
        false,
        environment,
      )
    }
    // Never in production: the roles that see identities must use it (issue 4).
    assert.throws(
      () => loadConfig({ ...PRODUCTION, REQUIRE_TWO_FACTOR_FOR_PRIVILEGED_ROLES: 'false' }),
      /REQUIRE_TWO_FACTOR_FOR_PRIVILEGED_ROLES cannot be false in production/,
    )
    assert.equal(
      loadConfig({ ...PRODUCTION, REQUIRE_TWO_FACTOR_FOR_PRIVILEGED_ROLES: 'true' })
        .requireTwoFactorForPrivilegedRoles,
      true,
    )
    assert.throws(() => loadConfig({ ...BASE, REQUIRE_TWO_FACTOR_FOR_PRIVILEGED_ROLES: 'maybe' }))
  })
})
