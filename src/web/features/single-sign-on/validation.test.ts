import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { checkSingleSignOnForm, readSingleSignOnForm } from './validation.js'

describe('single sign-on settings form', () => {
  it('reads the fields, trimming all but the secret', () => {
    const form = readSingleSignOnForm({
      displayName: ' Wandsworth Council account ',
      issuerUrl: ' https://login.example.org ',
      clientId: ' reviews ',
      clientSecret: ' secret with spaces ',
      enabled: 'yes',
      version: '3',
    })
    assert.deepEqual(form, {
      displayName: 'Wandsworth Council account',
      issuerUrl: 'https://login.example.org',
      clientId: 'reviews',
      clientSecret: ' secret with spaces ',
      enabled: true,
      version: 3,
    })
    assert.deepEqual(checkSingleSignOnForm(form, { hasUsableSecret: false }), [])
  })

  it('ignores values that are not strings and answers it did not say', () => {
    const form = readSingleSignOnForm({
      displayName: ['a'],
      issuerUrl: 1,
      clientSecret: { x: 1 },
      enabled: 'maybe',
      version: '1.5',
    })
    assert.equal(form.displayName, '')
    assert.equal(form.issuerUrl, '')
    assert.equal(form.clientSecret, '')
    assert.equal(form.enabled, null)
    assert.equal(form.version, null)
    assert.equal(readSingleSignOnForm(null).enabled, null)
  })

  it('refuses a plain-http issuer that is not this machine, and an empty client id', () => {
    const errors = checkSingleSignOnForm(
      readSingleSignOnForm({
        displayName: 'Council',
        issuerUrl: 'http://login.example.org',
        clientId: '',
        clientSecret: 'secret',
        enabled: 'no',
        version: '0',
      }),
      { hasUsableSecret: false },
    )
    assert.deepEqual(
      errors.map((error) => error.field),
      ['issuerUrl', 'clientId'],
    )
  })

  it('cuts a pasted essay short but still reports it as too long', () => {
    const form = readSingleSignOnForm({ displayName: 'x'.repeat(100_000) })
    assert.equal(form.displayName.length, 1001)
    assert.match(
      checkSingleSignOnForm(form, { hasUsableSecret: true })[0]?.message ?? '',
      /60 characters/,
    )
  })
})
