// When a signed-in session ends by itself: after a spell of inactivity (someone
// walked away from an unlocked screen) or after a fixed time however busy (a
// stolen session cookie does not last for ever).

export interface SessionLimits {
  readonly idleMinutes: number
  readonly absoluteHours: number
}

export interface SessionTimes {
  /** ISO timestamps; missing on a session older than these rules. */
  readonly signedInAt?: string | undefined
  readonly lastActivityAt?: string | undefined
}

export type SessionTimeout = 'idle' | 'absolute'

/** Why the session has ended at `now`, or null while it is still good. */
export function sessionTimeout(
  times: SessionTimes,
  now: Date,
  limits: SessionLimits,
): SessionTimeout | null {
  const signedInAt = Date.parse(times.signedInAt ?? '')
  const lastActivityAt = Date.parse(times.lastActivityAt ?? '')
  // A session without the times cannot be judged: treat it as ended, not as endless.
  if (Number.isNaN(signedInAt) || Number.isNaN(lastActivityAt)) return 'absolute'
  if (now.getTime() - signedInAt >= limits.absoluteHours * 60 * 60 * 1000) return 'absolute'
  if (now.getTime() - lastActivityAt >= limits.idleMinutes * 60 * 1000) return 'idle'
  return null
}

/**
 * Writing the session on every request would cost a database write per page;
 * recording activity at most once a minute keeps the idle limit to the minute.
 */
export const ACTIVITY_RECORDING_INTERVAL_MS = 60 * 1000

export function shouldRecordActivity(times: SessionTimes, now: Date): boolean {
  const last = Date.parse(times.lastActivityAt ?? '')
  return Number.isNaN(last) || now.getTime() - last >= ACTIVITY_RECORDING_INTERVAL_MS
}
