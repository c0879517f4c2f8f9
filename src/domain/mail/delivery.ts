// What happens to a message after a failed attempt (issue 10). A mail server's
// 4xx answer, or no answer at all, is temporary: try again later, waiting twice
// as long each time, so a server that is down for an hour is not hammered and
// a message still goes out the same day. A 5xx answer is permanent (the address
// does not exist, the message is refused): retrying would only repeat it. After
// MAX_SEND_ATTEMPTS a temporary failure is treated as permanent, and the
// message is kept, failed, for someone to see on /manage/outbox and retry.

export const MAX_SEND_ATTEMPTS = 8
/** The first retry waits a minute; then 2, 4, 8 … minutes, never more than six hours. */
export const FIRST_RETRY_MS = 60_000
export const LONGEST_RETRY_MS = 6 * 60 * 60_000

export type FailureKind = 'temporary' | 'permanent'

/** How long to wait after the `attempts`-th failed attempt (1 for the first). */
export function retryDelayMs(attempts: number): number {
  if (!Number.isSafeInteger(attempts) || attempts < 1) {
    throw new RangeError(`Attempts must be a whole number from 1, got ${String(attempts)}`)
  }
  // 2 ** 30 minutes is far past the cap; stop there so the number stays exact.
  return Math.min(FIRST_RETRY_MS * 2 ** Math.min(attempts - 1, 30), LONGEST_RETRY_MS)
}

/**
 * Temporary or permanent, from what the SMTP conversation ended with: the
 * server's reply code when it replied, otherwise (refused connection, time-out,
 * TLS trouble) temporary, since the next attempt may well reach it.
 */
export function failureKindOf(responseCode: number | null | undefined): FailureKind {
  if (typeof responseCode === 'number' && responseCode >= 500 && responseCode < 600) {
    return 'permanent'
  }
  return 'temporary'
}

export type AfterFailure =
  { readonly status: 'queued'; readonly nextAttemptAt: Date } | { readonly status: 'failed' }

/** Queued again after the back-off, or failed for good. */
export function afterFailure(attempts: number, kind: FailureKind, now: Date): AfterFailure {
  if (kind === 'permanent' || attempts >= MAX_SEND_ATTEMPTS) return { status: 'failed' }
  return { status: 'queued', nextAttemptAt: new Date(now.getTime() + retryDelayMs(attempts)) }
}
