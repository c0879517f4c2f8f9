// Time-based one-time passwords (RFC 6238) as authenticator apps make them:
// SHA-1, 6 digits, 30-second steps. Pure: the caller supplies the secret, the
// time and the last step already used, so tests can run any clock.
import { timingSafeEqual } from 'node:crypto'
import { HOTP, Secret, TOTP } from 'otpauth'

export const TOTP_PERIOD_SECONDS = 30
export const TOTP_DIGITS = 6
/**
 * Steps either side of now that are still accepted: a phone's clock a little
 * out, or a code typed just as it changed, still works (RFC 6238 section 5.2).
 */
export const TOTP_WINDOW = 1

/** The 30-second step a moment falls in: the HOTP counter behind the code. */
export function timeStepAt(at: Date): number {
  return Math.floor(at.getTime() / 1000 / TOTP_PERIOD_SECONDS)
}

/** The code an authenticator app shows for this secret during this step. */
export function totpCodeForStep(secretBase32: string, step: number): string {
  return HOTP.generate({
    secret: Secret.fromBase32(secretBase32),
    algorithm: 'SHA1',
    digits: TOTP_DIGITS,
    counter: step,
  })
}

/** The code an authenticator app shows for this secret at this moment. */
export function totpCodeAt(secretBase32: string, at: Date): string {
  return totpCodeForStep(secretBase32, timeStepAt(at))
}

export type TotpCheck =
  | { readonly ok: true; readonly step: number }
  | { readonly ok: false; readonly reason: 'wrong' | 'reused' }

/** Six digits, after taking out the spaces people type when copying "123 456". */
export function normaliseTotpCode(input: string): string | null {
  const code = input.replace(/[\s-]/g, '')
  return /^\d{6}$/.test(code) ? code : null
}

function sameCode(a: string, b: string): boolean {
  const left = Buffer.from(a)
  const right = Buffer.from(b)
  return left.length === right.length && timingSafeEqual(left, right)
}

/**
 * Checks a code against the steps now−1, now and now+1. A code whose step is
 * at or before `lastUsedStep` is refused as reused, even inside the window: a
 * code seen over someone's shoulder, or replayed from a captured request, must
 * not sign anyone in a second time.
 */
export function checkTotpCode(
  secretBase32: string,
  input: string,
  at: Date,
  lastUsedStep: number | null,
): TotpCheck {
  const code = normaliseTotpCode(input)
  if (code === null) return { ok: false, reason: 'wrong' }
  const now = timeStepAt(at)
  // Every step in the window is computed, matched or not, so the time taken
  // does not tell which step matched.
  let matched: number | null = null
  for (let delta = -TOTP_WINDOW; delta <= TOTP_WINDOW; delta += 1) {
    const step = now + delta
    if (sameCode(totpCodeForStep(secretBase32, step), code) && matched === null) matched = step
  }
  if (matched === null) return { ok: false, reason: 'wrong' }
  if (lastUsedStep !== null && matched <= lastUsedStep) return { ok: false, reason: 'reused' }
  return { ok: true, step: matched }
}

/** A new random secret: 160 bits, the size RFC 4226 recommends, in base32. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32
}

/** The otpauth:// address a QR code carries to an authenticator app. */
export function otpauthUri(secretBase32: string, issuer: string, accountName: string): string {
  return new TOTP({
    issuer,
    label: accountName,
    algorithm: 'SHA1',
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_SECONDS,
    secret: Secret.fromBase32(secretBase32),
  }).toString()
}

/** 'JBSWY3DPEHPK3PXP' → 'JBSW Y3DP EHPK 3PXP': groups of four are easier to type. */
export function groupForReading(secretBase32: string): string {
  return (secretBase32.match(/.{1,4}/g) ?? []).join(' ')
}
