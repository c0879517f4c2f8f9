// Counting attempts at rate-limited routes (sign-in, two-factor codes, single
// sign-on, password changes) in the database, so the limit holds across every
// instance behind the proxy and across restarts (issue 12).
//
// Windows are measured on the wall clock the caller passes in, not the
// services' clock: tests stop and move the services' clock to make two-factor
// codes and session time-outs happen, and a limiter on that clock would never
// let a window end. In production the two are the same.
import {
  countAttempt,
  deleteEndedWindows,
  readAttempts,
} from '../../data/repositories/rate-limits/rate-limit-repository.js'
import type { ServiceContext } from '../context.js'

export interface AttemptCount {
  /** Attempts in the current window, this one included (0: none counted). */
  readonly current: number
  /** Milliseconds until the window ends. */
  readonly msLeft: number
}

/** Ended windows are cleared out about once in this many attempts. */
const SWEEP_EVERY = 200

export class RateLimitService {
  private attemptsSinceSweep = 0

  constructor(private readonly context: ServiceContext) {}

  /** Counts one attempt under `key` in a window of `windowMs` starting at the first attempt. */
  async count(key: string, windowMs: number, nowMs: number): Promise<AttemptCount> {
    const now = new Date(nowMs).toISOString()
    const counted = await countAttempt(this.context.db, key, {
      now,
      windowEndsAt: new Date(nowMs + windowMs).toISOString(),
    })
    this.attemptsSinceSweep += 1
    if (this.attemptsSinceSweep >= SWEEP_EVERY) {
      this.attemptsSinceSweep = 0
      await deleteEndedWindows(this.context.db, now)
    }
    return { current: counted.hits, msLeft: Math.max(0, Date.parse(counted.windowEndsAt) - nowMs) }
  }

  /** The attempts counted under `key` so far, counting none. */
  async read(key: string, nowMs: number): Promise<AttemptCount> {
    const counted = await readAttempts(this.context.db, key, new Date(nowMs).toISOString())
    if (counted === undefined) return { current: 0, msLeft: 0 }
    return { current: counted.hits, msLeft: Math.max(0, Date.parse(counted.windowEndsAt) - nowMs) }
  }

  /** Deletes counters whose window has ended (the server does it at start). */
  async purgeEnded(nowMs: number): Promise<number> {
    return deleteEndedWindows(this.context.db, new Date(nowMs).toISOString())
  }
}
