import { createHash } from 'node:crypto'
import {
  deleteExpiredSessions,
  deleteSession,
  deleteSessionsOfUser,
  findSession,
  saveSession,
} from '../data/repositories/session-repository.js'
import type { Actor } from '../domain/access/roles.js'
import {
  sessionTimeout,
  shouldRecordActivity,
  type SessionLimits,
  type SessionTimeout,
  type SessionTimes,
} from '../domain/access/session-timeouts.js'
import { recordAudit } from './audit-trail.js'
import { type ServiceContext, userActor } from './context.js'

export function hashSessionId(sessionId: string): string {
  return createHash('sha256').update(sessionId).digest('hex')
}

/** What a session keeps about who is in it; the web layer adds its own fields. */
export interface StoredSessionData {
  userId?: string | null
  /** Password (or single sign-on) accepted, code not yet: the account, not yet signed in. */
  twoFactorPending?: { userId: string } | null
}

/** Keeps web sessions in the database, so they survive restarts and work across instances. */
export class SessionService {
  constructor(
    private readonly context: ServiceContext,
    /** SESSION_IDLE_MINUTES and SESSION_ABSOLUTE_HOURS. */
    readonly limits: SessionLimits = { idleMinutes: 30, absoluteHours: 12 },
  ) {}

  /** The services' clock, which tests set: session times are judged by it. */
  now(): Date {
    return this.context.now()
  }

  /** The times a newly signed-in session starts with. */
  startTimes(): Required<SessionTimes> {
    const now = this.context.now().toISOString()
    return { signedInAt: now, lastActivityAt: now }
  }

  /** Why this signed-in session has ended, or null while it is good. */
  timeoutOf(times: SessionTimes): SessionTimeout | null {
    return sessionTimeout(times, this.context.now(), this.limits)
  }

  /** The new last-activity time to store, or null if the stored one is recent enough. */
  activityToRecord(times: SessionTimes): string | null {
    const now = this.context.now()
    return shouldRecordActivity(times, now) ? now.toISOString() : null
  }

  /** Ends every other session of the person, keeping the one they are using. Audited. */
  async signOutOtherSessions(actor: Actor, currentSessionId: string): Promise<number> {
    const { db, now } = this.context
    return db.transaction().execute(async (trx) => {
      const ended = await deleteSessionsOfUser(trx, actor.userId, hashSessionId(currentSessionId))
      await recordAudit(trx, now(), {
        actor: userActor(actor),
        action: 'session.signed-out-elsewhere',
        recordType: 'user',
        recordId: actor.userId,
        partnershipId: null,
        after: { sessionsEnded: ended },
      })
      return ended
    })
  }

  async load(sessionId: string): Promise<unknown> {
    const data = await findSession(
      this.context.db,
      hashSessionId(sessionId),
      this.context.now().toISOString(),
    )
    return data === undefined ? undefined : (JSON.parse(data) as unknown)
  }

  async save(sessionId: string, data: StoredSessionData, expiresAt: Date): Promise<void> {
    await saveSession(this.context.db, {
      sessionHash: hashSessionId(sessionId),
      // A half-finished two-factor sign-in is the account's too, so that signing
      // out everywhere (or an administrator's reset) ends it as well.
      userId: data.userId ?? data.twoFactorPending?.userId ?? null,
      data: JSON.stringify(data),
      expiresAt: expiresAt.toISOString(),
      now: this.context.now().toISOString(),
    })
  }

  async destroy(sessionId: string): Promise<void> {
    await deleteSession(this.context.db, hashSessionId(sessionId))
  }

  purgeExpired(): Promise<number> {
    return deleteExpiredSessions(this.context.db, this.context.now().toISOString())
  }
}
