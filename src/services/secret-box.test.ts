import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { SEALED_PURPOSES, SecretBox } from './secret-box.js'

const KEY = 'a-data-encryption-key-of-at-least-32-characters'
const PREVIOUS_KEY = 'the-data-encryption-key-before-the-current-one'

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

  it('cannot open with another key or purpose (DATA_ENCRYPTION_KEY changed)', () => {
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

  it('refuses short key material, current or previous', () => {
    assert.throws(() => new SecretBox('short', 'purpose'), /32 characters/)
    assert.throws(() => new SecretBox(KEY, 'purpose', ['short']), /32 characters/)
  })

  it('still opens what a previous key sealed, and seals only with the current key', () => {
    const old = new SecretBox(PREVIOUS_KEY, 'purpose')
    const sealedBefore = old.seal('secret from before the rotation')
    const box = new SecretBox(KEY, 'purpose', [PREVIOUS_KEY])
    assert.equal(box.open(sealedBefore), 'secret from before the rotation')

    const sealedNow = box.seal('secret after the rotation')
    assert.equal(new SecretBox(KEY, 'purpose').open(sealedNow), 'secret after the rotation')
    assert.equal(old.open(sealedNow), null, 'the previous key is never used to seal')
  })

  it('falls back only to the keys it is given, and keeps purposes apart for them too', () => {
    const sealed = new SecretBox(PREVIOUS_KEY, SEALED_PURPOSES.twoFactorSecret).seal('secret')
    assert.equal(new SecretBox(KEY, SEALED_PURPOSES.twoFactorSecret).open(sealed), null)
    assert.equal(
      new SecretBox(KEY, SEALED_PURPOSES.twoFactorSecret, [`${PREVIOUS_KEY}-other`]).open(sealed),
      null,
    )
    assert.equal(
      new SecretBox(KEY, SEALED_PURPOSES.singleSignOnClientSecret, [PREVIOUS_KEY]).open(sealed),
      null,
    )
    assert.equal(
      new SecretBox(KEY, SEALED_PURPOSES.twoFactorSecret, [
        `${PREVIOUS_KEY}-other`,
        PREVIOUS_KEY,
      ]).open(sealed),
      'secret',
      'any of several previous keys',
    )
  })
})
