import { createHash } from 'node:crypto'
import {
  deleteExpiredSessions,
  deleteSession,
  findSession,
  saveSession,
} from '../data/repositories/session-repository.js'
import type { ServiceContext } from './context.js'

function hashSessionId(sessionId: string): string {
  return createHash('sha256').update(sessionId).digest('hex')
}

/** Keeps web sessions in the database, so they survive restarts and work across instances. */
export class SessionService {
  constructor(private readonly context: ServiceContext) {}

  async load(sessionId: string): Promise<unknown> {
    const data = await findSession(
      this.context.db,
      hashSessionId(sessionId),
      this.context.now().toISOString(),
    )
    return data === undefined ? undefined : (JSON.parse(data) as unknown)
  }

  async save(sessionId: string, data: { userId?: string | null }, expiresAt: Date): Promise<void> {
    await saveSession(this.context.db, {
      sessionHash: hashSessionId(sessionId),
      userId: data.userId ?? null,
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
