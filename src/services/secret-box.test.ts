import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { SecretBox } from './secret-box.js'

const KEY = 'a-session-secret-of-at-least-32-characters'

describe('secret box (AES-256-GCM, key from HKDF)', () => {
  it('opens what it sealed, and never stores the plaintext', () => {
    const box = new SecretBox(KEY, 'single-sign-on client secret')
    const sealed = box.seal('client-secret-value')
    assert.ok(!sealed.includes('client-secret-value'))
    assert.match(sealed, /^v1\.[\w-]+\.[\w-]+\.[\w-]+$/)
    assert.equal(box.open(sealed), 'client-secret-value')
  })

  it('seals the same secret differently each time (fresh IV)', () => {
    const box = new SecretBox(KEY, 'purpose')
    assert.notEqual(box.seal('same'), box.seal('same'))
  })

  it('cannot open with another key or purpose (SESSION_SECRET rotated)', () => {
    const sealed = new SecretBox(KEY, 'purpose').seal('secret')
    assert.equal(new SecretBox(`${KEY}-rotated`, 'purpose').open(sealed), null)
    assert.equal(new SecretBox(KEY, 'another purpose').open(sealed), null)
  })

  it('refuses altered or malformed values', () => {
    const box = new SecretBox(KEY, 'purpose')
    const sealed = box.seal('secret')
    const parts = sealed.split('.')
    const ciphertext = Buffer.from(parts[3] ?? '', 'base64url')
    ciphertext[0] = (ciphertext[0] ?? 0) ^ 1
    parts[3] = ciphertext.toString('base64url')
    assert.equal(box.open(parts.join('.')), null)
    for (const value of ['', 'v1', 'v2.a.b.c', `${sealed}.extra`, 'plain text']) {
      assert.equal(box.open(value), null, value)
    }
  })

  it('refuses short key material', () => {
    assert.throws(() => new SecretBox('short', 'purpose'), /32 characters/)
  })
})
