import type { SessionLimits } from '../../../domain/access/session-timeouts.js'

/** The code must follow the password within this long (as single sign-on's callback must). */
export const TWO_FACTOR_STEP_LIFETIME_MS = 10 * 60 * 1000

function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? '' : 's'}`
}

/** The banner on the sign-in page after `?signed-out=…`, or null for anything else. */
export function signedOutNotice(reason: unknown, limits: SessionLimits): string | null {
  switch (reason) {
    case 'idle':
      return `You were signed out after ${plural(limits.idleMinutes, 'minute')} of inactivity`
    case 'absolute':
      return `You were signed out because you had been signed in for ${plural(limits.absoluteHours, 'hour')}`
    case 'sign-in-expired':
      return 'Your sign-in took too long. Sign in again'
    default:
      return null
  }
}
