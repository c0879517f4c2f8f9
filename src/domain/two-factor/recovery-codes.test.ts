import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { hashRecoveryCode, newRecoveryCode, normaliseRecoveryCode } from './recovery-codes.js'

describe('recovery codes', () => {
  it('are four groups of four unambiguous characters, all different', () => {
    const codes = Array.from({ length: 50 }, () => newRecoveryCode())
    for (const code of codes) assert.match(code, /^[2-9a-hjkmnp-z]{4}(-[2-9a-hjkmnp-z]{4}){3}$/)
    assert.equal(new Set(codes).size, codes.length)
  })

  it('are read however they are typed, and hashed the same', () => {
    const code = newRecoveryCode()
    const typed = ` ${code.toUpperCase().replace(/-/g, ' ')} `
    assert.equal(normaliseRecoveryCode(typed), code.replace(/-/g, ''))
    assert.equal(
      hashRecoveryCode(normaliseRecoveryCode(typed) ?? ''),
      hashRecoveryCode(code.replace(/-/g, '')),
    )
    assert.match(hashRecoveryCode('x'), /^[0-9a-f]{64}$/)
  })

  it('refuses what cannot be a code', () => {
    for (const input of [
      '',
      '123456',
      'abcd-efgh-jkmn',
      'abcd-efgh-jkmn-pqr1',
      '<script>x</script>',
    ]) {
      assert.equal(normaliseRecoveryCode(input), null, input)
    }
  })
})
