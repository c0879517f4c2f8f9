import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  allowsPlainHttp,
  isLoopbackHost,
  issuerUrlProblem,
  validateSingleSignOnSettings,
  verifiedEmailOf,
  type SingleSignOnSettingsInput,
} from './settings.js'

const VALID: SingleSignOnSettingsInput = {
  displayName: 'Wandsworth Council account',
  issuerUrl: 'https://login.example.org/tenant/v2.0',
  clientId: 'reviews-service',
  clientSecret: 'a-secret',
  enabled: true,
}

describe('single sign-on issuer URL', () => {
  it('accepts https issuers, with or without a path', () => {
    assert.equal(issuerUrlProblem('https://login.example.org'), null)
    assert.equal(issuerUrlProblem('https://login.example.org/tenant/v2.0/'), null)
  })

  it('accepts http only on loopback hosts', () => {
    for (const issuer of [
      'http://127.0.0.1:4000',
      'http://localhost:4000/oidc',
      'http://[::1]:80',
    ]) {
      assert.equal(issuerUrlProblem(issuer), null, issuer)
    }
    for (const issuer of ['http://login.example.org', 'http://10.0.0.1', 'http://127.0.0.2']) {
      assert.match(issuerUrlProblem(issuer) ?? '', /must start with https/, issuer)
    }
  })

  it('refuses other schemes, queries, fragments, credentials and nonsense', () => {
    assert.match(issuerUrlProblem('ftp://login.example.org') ?? '', /https/)
    assert.match(issuerUrlProblem('javascript:alert(1)') ?? '', /https/)
    assert.match(issuerUrlProblem('https://login.example.org/?tenant=1') ?? '', /query/)
    assert.match(issuerUrlProblem('https://login.example.org/#x') ?? '', /fragment/)
    assert.match(issuerUrlProblem('https://user:pw@login.example.org') ?? '', /user name/)
    assert.match(issuerUrlProblem('not a url') ?? '', /correct format/)
    assert.match(issuerUrlProblem('<script>alert(1)</script>') ?? '', /correct format/)
    assert.match(issuerUrlProblem('') ?? '', /Enter the issuer URL/)
    assert.match(issuerUrlProblem(`https://e.org/${'a'.repeat(500)}`) ?? '', /500 characters/)
  })

  it('knows the loopback hosts', () => {
    assert.ok(isLoopbackHost('LOCALHOST'))
    assert.ok(!isLoopbackHost('localhost.example.org'))
    assert.ok(allowsPlainHttp(new URL('http://[::1]:3000')))
    assert.ok(!allowsPlainHttp(new URL('https://127.0.0.1')))
  })
})

describe('single sign-on settings validation', () => {
  it('accepts complete settings', () => {
    assert.deepEqual(validateSingleSignOnSettings(VALID, { hasUsableSecret: false }), [])
  })

  it('asks for every field when empty', () => {
    const errors = validateSingleSignOnSettings(
      { displayName: '', issuerUrl: '', clientId: '', clientSecret: '', enabled: null },
      { hasUsableSecret: false },
    )
    assert.deepEqual(
      errors.map((error) => error.field),
      ['displayName', 'issuerUrl', 'clientId', 'clientSecret', 'enabled'],
    )
  })

  it('keeps a stored secret when the field is left blank', () => {
    const input = { ...VALID, clientSecret: '' }
    assert.deepEqual(validateSingleSignOnSettings(input, { hasUsableSecret: true }), [])
    assert.equal(
      validateSingleSignOnSettings(input, { hasUsableSecret: false })[0]?.field,
      'clientSecret',
    )
  })

  it('refuses overlong values and control characters', () => {
    const errors = validateSingleSignOnSettings(
      {
        ...VALID,
        displayName: 'x'.repeat(61),
        clientId: 'line\nbreak',
        clientSecret: 's'.repeat(1001),
      },
      { hasUsableSecret: true },
    )
    assert.deepEqual(
      errors.map((error) => error.message),
      [
        'Name must be 60 characters or fewer',
        'Client ID must not contain control characters such as line breaks or tabs',
        'Client secret must be 1000 characters or fewer',
      ],
    )
  })
})

describe('the email address single sign-on matches accounts by', () => {
  it('takes a verified or unqualified address, in lower case', () => {
    assert.deepEqual(
      verifiedEmailOf({
        subject: 's',
        email: ' Coordinator@Wandsworth.example ',
        emailVerified: true,
      }),
      { ok: true, email: 'coordinator@wandsworth.example' },
    )
    assert.deepEqual(
      verifiedEmailOf({ subject: 's', email: 'a@b.example', emailVerified: undefined }),
      {
        ok: true,
        email: 'a@b.example',
      },
    )
  })

  it('refuses an address the provider says it has not verified', () => {
    for (const flag of [false, 'false']) {
      assert.deepEqual(
        verifiedEmailOf({ subject: 's', email: 'a@b.example', emailVerified: flag }),
        {
          ok: false,
          reason: 'unverified',
        },
      )
    }
  })

  it('refuses a missing or malformed address', () => {
    for (const email of [undefined, '', 42, 'not-an-address', `${'a'.repeat(250)}@b.example`]) {
      assert.deepEqual(verifiedEmailOf({ subject: 's', email, emailVerified: true }), {
        ok: false,
        reason: 'no-email',
      })
    }
  })
})
