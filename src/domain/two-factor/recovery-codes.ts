// Recovery codes: ten one-time codes shown once at enrolment, for when the
// phone with the authenticator app is lost. Only their hashes are kept.
import { createHash, randomInt } from 'node:crypto'

export const RECOVERY_CODE_COUNT = 10
/** No 0/o, 1/l/i: codes are read off paper and typed by hand. */
const ALPHABET = '23456789abcdefghjkmnpqrstuvwxyz'
const LENGTH = 16

/**
 * 16 characters from 31 (about 79 bits): too many to guess or to find from a
 * stolen hash, so a plain SHA-256 is enough, and a code can be looked up by it.
 */
export function newRecoveryCode(): string {
  const characters = Array.from({ length: LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)])
  return (characters.join('').match(/.{4}/g) ?? []).join('-')
}

/** The typed code without spaces, hyphens or capitals; null if it cannot be one. */
export function normaliseRecoveryCode(input: string): string | null {
  const code = input.toLowerCase().replace(/[\s-]/g, '')
  if (code.length !== LENGTH) return null
  return [...code].every((character) => ALPHABET.includes(character)) ? code : null
}

export function hashRecoveryCode(normalised: string): string {
  return createHash('sha256').update(`recovery-code:${normalised}`).digest('hex')
}
