import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { compactNhsNumber, formatNhsNumber, isValidNhsNumber } from './nhs-number.js'

describe('NHS numbers', () => {
  it('pass the modulus 11 check digit, written with or without spaces or hyphens', () => {
    for (const valid of ['9434765919', '943 476 5919', '943-476-5919', '4000000500']) {
      assert.equal(isValidNhsNumber(valid), true, valid)
    }
    // A mistyped last digit, a check digit of 10 (never issued), and not ten digits.
    for (const invalid of ['9434765918', '1234567890', '943476591', '94347659190', '']) {
      assert.equal(isValidNhsNumber(invalid), false, invalid)
    }
  })

  it('are compared by their digits and shown in threes and fours', () => {
    assert.equal(compactNhsNumber(' 943-476 5919 '), '9434765919')
    assert.equal(formatNhsNumber('9434765919'), '943 476 5919')
    assert.equal(formatNhsNumber('943-476-5919'), '943 476 5919')
    // Not an NHS number's shape: left as it is rather than guessed at.
    assert.equal(formatNhsNumber('12345'), '12345')
  })
})
