import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import {
  checkTotpCode,
  groupForReading,
  newTotpSecret,
  normaliseTotpCode,
  otpauthUri,
  timeStepAt,
  totpCodeAt,
  totpCodeForStep,
} from './totp.js'

// RFC 6238 appendix B: the ASCII secret "12345678901234567890", SHA-1, 8 digits.
// Our codes are the last 6 of those 8 digits (same HOTP value, mod 10^6).
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'
const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'
const AT = new Date('2026-03-02T10:00:15Z')

describe('TOTP codes', () => {
  it('match the RFC 6238 test vectors', () => {
    for (const [seconds, code] of [
      [59, '287082'],
      [1_111_111_109, '081804'],
      [1_234_567_890, '005924'],
      [2_000_000_000, '279037'],
    ] as const) {
      assert.equal(totpCodeAt(RFC_SECRET, new Date(seconds * 1000)), code, `T=${seconds}`)
    }
  })

  it('steps every 30 seconds', () => {
    assert.equal(timeStepAt(new Date(29_999)), 0)
    assert.equal(timeStepAt(new Date(30_000)), 1)
  })

  it('accepts the code of the step before, now and after, and not two steps away', () => {
    const step = timeStepAt(AT)
    for (const delta of [-1, 0, 1]) {
      assert.deepEqual(
        checkTotpCode(SECRET, totpCodeForStep(SECRET, step + delta), AT, null),
        { ok: true, step: step + delta },
        `delta ${delta}`,
      )
    }
    for (const delta of [-2, 2]) {
      const code = totpCodeForStep(SECRET, step + delta)
      // Skip the rare collision of two steps' codes.
      if ([-1, 0, 1].some((d) => totpCodeForStep(SECRET, step + d) === code)) continue
      assert.deepEqual(checkTotpCode(SECRET, code, AT, null), { ok: false, reason: 'wrong' })
    }
  })

  it('refuses a code used before (replay), even inside the window', () => {
    const step = timeStepAt(AT)
    const now = totpCodeForStep(SECRET, step)
    assert.deepEqual(checkTotpCode(SECRET, now, AT, step), { ok: false, reason: 'reused' })
    // An earlier step than the last one used is refused too.
    const before = totpCodeForStep(SECRET, step - 1)
    assert.deepEqual(checkTotpCode(SECRET, before, AT, step), { ok: false, reason: 'reused' })
    // The next step's code still works once the current one was used.
    const next = totpCodeForStep(SECRET, step + 1)
    assert.deepEqual(checkTotpCode(SECRET, next, AT, step), { ok: true, step: step + 1 })
  })

  it('refuses anything that is not six digits, and allows spaces people type', () => {
    const code = totpCodeAt(SECRET, AT)
    assert.equal(checkTotpCode(SECRET, `${code.slice(0, 3)} ${code.slice(3)}`, AT, null).ok, true)
    for (const input of ['', '12345', '1234567', 'abcdef', '<script>', `${code}0`]) {
      assert.deepEqual(checkTotpCode(SECRET, input, AT, null), { ok: false, reason: 'wrong' })
    }
    assert.equal(normaliseTotpCode(' 123-456 '), '123456')
    assert.equal(normaliseTotpCode('１２３４５６'), null, 'full-width digits are not codes')
  })

  it('accepts the current code at any moment, as its own step (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), (seconds) => {
        const at = new Date(seconds * 1000)
        const code = totpCodeAt(SECRET, at)
        const check = checkTotpCode(SECRET, code, at, null)
        return check.ok && check.step === timeStepAt(at)
      }),
      { numRuns: 200 },
    )
  })

  it('makes 160-bit base32 secrets and an otpauth address for them', () => {
    const secret = newTotpSecret()
    assert.match(secret, /^[A-Z2-7]{32}$/)
    assert.notEqual(newTotpSecret(), secret)
    const uri = new URL(otpauthUri(secret, 'Safeguarding reviews', 'a@example.org'))
    assert.equal(uri.protocol, 'otpauth:')
    assert.equal(uri.searchParams.get('secret'), secret)
    assert.equal(uri.searchParams.get('issuer'), 'Safeguarding reviews')
    assert.equal(uri.searchParams.get('digits'), '6')
    assert.equal(uri.searchParams.get('period'), '30')
    assert.equal(groupForReading('JBSWY3DPEHPK3PXP'), 'JBSW Y3DP EHPK 3PXP')
  })
})
