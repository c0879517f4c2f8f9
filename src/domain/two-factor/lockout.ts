// Account lockout with back-off (NCSC: limit guessing without locking people out
// for good). Five wrong passwords or codes in a row lock the account for a
// minute; each further failure doubles the wait, up to an hour.

export const FAILURES_BEFORE_LOCKOUT = 5
export const FIRST_LOCKOUT_MS = 60 * 1000
export const LONGEST_LOCKOUT_MS = 60 * 60 * 1000

/** How long the account is locked after this many failures in a row (0: not locked). */
export function lockoutDurationMs(consecutiveFailures: number): number {
  if (consecutiveFailures < FAILURES_BEFORE_LOCKOUT) return 0
  const doublings = consecutiveFailures - FAILURES_BEFORE_LOCKOUT
  // 2^6 minutes already passes the hour: stop before the arithmetic grows.
  if (doublings >= 6) return LONGEST_LOCKOUT_MS
  return Math.min(FIRST_LOCKOUT_MS * 2 ** doublings, LONGEST_LOCKOUT_MS)
}

/** When a lock from the failure at `failedAt` ends, or null if it does not lock. */
export function lockedUntil(consecutiveFailures: number, failedAt: Date): Date | null {
  const duration = lockoutDurationMs(consecutiveFailures)
  return duration === 0 ? null : new Date(failedAt.getTime() + duration)
}

export function isLockedAt(until: string | null, at: Date): boolean {
  return until !== null && Date.parse(until) > at.getTime()
}
