import { dictionary } from '@zxcvbn-ts/language-common'
import argon2 from 'argon2'
import { ValidationError } from '../domain/errors.js'

// OWASP's argon2id baseline (19 MiB, 2 passes): strong enough, and quick enough
// that sign-in stays responsive on a two-core server.
const OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const

export const PASSWORD_MIN_LENGTH = 12
export const PASSWORD_MAX_LENGTH = 256

let commonPasswords: ReadonlySet<string> | undefined

/** zxcvbn's ~49,000 most common passwords, lower-cased, loaded once. */
function isCommonPassword(password: string): boolean {
  commonPasswords ??= new Set(dictionary['passwords-common'].map((entry) => entry.toLowerCase()))
  return commonPasswords.has(password.toLowerCase())
}

/** Who the password is for: it must not be their email address or name. */
export interface PasswordOwner {
  readonly email?: string
  readonly displayName?: string
}

/**
 * NCSC guidance: length over complexity rules, and a deny-list of the passwords
 * attackers try first. No rules about digits or symbols, and no expiry.
 * `field` is the form field the message belongs to.
 */
export function checkPasswordRules(
  password: string,
  owner: PasswordOwner = {},
  field = 'password',
): void {
  const refuse = (message: string): never => {
    throw new ValidationError([{ field, message }])
  }
  if (password.length < PASSWORD_MIN_LENGTH) {
    refuse(`Password must be ${PASSWORD_MIN_LENGTH} characters or more`)
  }
  if (password.length > PASSWORD_MAX_LENGTH) {
    refuse(`Password must be ${PASSWORD_MAX_LENGTH} characters or fewer`)
  }
  if (isCommonPassword(password)) {
    refuse('This password is too common and easy to guess. Choose a different password')
  }
  const lower = password.trim().toLowerCase()
  const email = owner.email?.trim().toLowerCase()
  const name = owner.displayName?.trim().toLowerCase()
  if ((email && lower === email) || (email && lower === email.split('@')[0])) {
    refuse('Your password must not be your email address')
  }
  if (name && lower === name) refuse('Your password must not be your name')
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
