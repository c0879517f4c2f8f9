import argon2 from 'argon2'
import { ValidationError } from '../domain/errors.js'

// OWASP's argon2id baseline (19 MiB, 2 passes): strong enough, and quick enough
// that sign-in stays responsive on a two-core server.
const OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const

export const PASSWORD_MIN_LENGTH = 12
export const PASSWORD_MAX_LENGTH = 256

export function checkPasswordRules(password: string): void {
  // NCSC: length over complexity rules.
  if (password.length < PASSWORD_MIN_LENGTH) {
    throw new ValidationError([
      { field: 'password', message: `Password must be ${PASSWORD_MIN_LENGTH} characters or more` },
    ])
  }
  if (password.length > PASSWORD_MAX_LENGTH) {
    throw new ValidationError([
      { field: 'password', message: `Password must be ${PASSWORD_MAX_LENGTH} characters or fewer` },
    ])
  }
}

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, OPTIONS)
}

let timingDecoy: Promise<string> | undefined

/**
 * Checks a password. With no stored hash (unknown email) it still does the
 * same work, so response time does not reveal which accounts exist.
 */
export async function verifyPassword(
  storedHash: string | null,
  password: string,
): Promise<boolean> {
  if (storedHash === null) {
    timingDecoy ??= argon2.hash('timing decoy for unknown accounts', OPTIONS)
    await argon2.verify(await timingDecoy, password).catch(() => false)
    return false
  }
  try {
    return await argon2.verify(storedHash, password)
  } catch {
    return false
  }
}
