// Each person's iCalendar feed of the statutory deadlines they can see, at a
// secret link a calendar client can subscribe to without signing in. The secret
// is the credential, so it is random (256 bits), stored only as its SHA-256
// hash, shown once when made, and replaced on reset (the old link stops at once).
import { createHash, randomBytes } from 'node:crypto'
import {
  findCalendarFeed,
  findCalendarFeedOwner,
  insertCalendarFeed,
  markCalendarFeedUsed,
  replaceCalendarFeedToken,
} from '../data/repositories/calendar-feed-repository.js'
import { findUserById, membershipsOf } from '../data/repositories/user-repository.js'
import { assertCan } from '../domain/access/policy.js'
import type { Actor } from '../domain/access/roles.js'
import { NotFoundError, ValidationError } from '../domain/errors.js'
import { serialiseCalendar } from '../integrations/calendar/icalendar.js'
import { recordAudit } from './audit-trail.js'
import { type ServiceContext, userActor } from './context.js'
import { StatutoryClocksService, type OpenDeadline } from './statutory-clocks-service.js'

/** base64url of 32 random bytes. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/

export const CALENDAR_FEED_PATH_PREFIX = '/calendar/'

export interface CalendarFeedStatus {
  readonly exists: boolean
  readonly createdAt: string | null
  readonly resetAt: string | null
  readonly lastUsedAt: string | null
  readonly version: number | null
}

/** A new link's secret, to be shown to its owner once. */
export interface NewCalendarFeedLink {
  readonly token: string
  readonly path: string
}

export function isCalendarFeedToken(value: string): boolean {
  return TOKEN_PATTERN.test(value)
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

function newToken(): string {
  return randomBytes(32).toString('base64url')
}

const SUMMARY_PREFIX: Record<OpenDeadline['deadline'], string> = {
  notification: 'Notification due',
  'rapid-review': 'Rapid review due',
  review: 'Review final report target',
  'publication-copy': 'Send the report to the Panel, the Secretary of State and Ofsted',
}

// No figures: the periods are settings per guidance edition, and the date is what counts.
const DESCRIPTION: Record<OpenDeadline['rule'], string> = {
  S3: 'Notify the Child Safeguarding Practice Review Panel of the serious incident, and tell the safeguarding partners (S3).',
  S6: 'Complete the rapid review and send it to the Child Safeguarding Practice Review Panel (S6).',
  S12: 'Target date for the final report of the review (S12).',
  S16: 'Latest day to send the report to the Child Safeguarding Practice Review Panel, the Secretary of State and Ofsted before its planned publication (S16).',
  S18: 'Target date for completing the serious case review (S18).',
}

export class CalendarFeedService {
  private readonly clocks: StatutoryClocksService

  constructor(private readonly context: ServiceContext) {
    this.clocks = new StatutoryClocksService(context)
  }

  async status(actor: Actor | null): Promise<CalendarFeedStatus> {
    assertCan(actor, 'manage:open')
    const feed = await findCalendarFeed(this.context.db, actor.userId)
    return {
      exists: feed !== undefined,
      createdAt: feed?.createdAt ?? null,
      resetAt: feed?.resetAt ?? null,
      lastUsedAt: feed?.lastUsedAt ?? null,
      version: feed?.version ?? null,
    }
  }

  /** Makes the person's link; refused if they already have one (reset it instead). */
  async create(actor: Actor | null): Promise<NewCalendarFeedLink> {
    assertCan(actor, 'manage:open')
    const token = newToken()
    const { db, now } = this.context
    await db.transaction().execute(async (trx) => {
      const at = now()
      const inserted = await insertCalendarFeed(trx, {
        userId: actor.userId,
        tokenHash: hashToken(token),
        createdAt: at.toISOString(),
      })
      if (!inserted) {
        throw new ValidationError([
          {
            field: 'calendarFeed',
            message:
              'You already have a calendar link. If you have lost it, reset the link to get a new one.',
          },
        ])
      }
      await recordAudit(trx, at, {
        actor: userActor(actor),
        action: 'calendar-feed.created',
        recordType: 'calendar-feed',
        recordId: actor.userId,
        partnershipId: null,
        // Never the link or its hash: the audit trail is read by others.
        after: { version: 1 },
      })
    })
    return { token, path: feedPath(token) }
  }

  /** Replaces the link's secret: the old link answers "not found" from now on. */
  async reset(actor: Actor | null, expectedVersion: number): Promise<NewCalendarFeedLink> {
    assertCan(actor, 'manage:open')
    const token = newToken()
    const { db, now } = this.context
    await db.transaction().execute(async (trx) => {
      const current = await findCalendarFeed(trx, actor.userId)
      if (!current) throw new NotFoundError('You have no calendar link to reset')
      const at = now()
      await replaceCalendarFeedToken(trx, actor.userId, expectedVersion, {
        tokenHash: hashToken(token),
        resetAt: at.toISOString(),
      })
      await recordAudit(trx, at, {
        actor: userActor(actor),
        action: 'calendar-feed.reset',
        recordType: 'calendar-feed',
        recordId: actor.userId,
        partnershipId: null,
        before: { version: expectedVersion, lastUsedAt: current.lastUsedAt },
        after: { version: expectedVersion + 1 },
      })
    })
    return { token, path: feedPath(token) }
  }

  /**
   * The feed for a link's secret, as iCalendar text. An unknown, reset or
   * malformed secret, or a disabled account, is "not found": the answer says
   * nothing about which.
   */
  async feed(token: string, publicUrl: string): Promise<string> {
    if (!isCalendarFeedToken(token)) throw new NotFoundError('No such calendar')
    const { db, now } = this.context
    const owner = await findCalendarFeedOwner(db, hashToken(token))
    if (!owner) throw new NotFoundError('No such calendar')
    const actor = await this.ownerAsActor(owner.userId)
    if (!actor) throw new NotFoundError('No such calendar')
    const deadlines = await this.clocks.openDeadlines(actor)
    const at = now()
    // Calendar clients poll every few hours: kept as a plain timestamp (like an
    // API token's last use), not an audit event per poll.
    await markCalendarFeedUsed(db, owner.userId, at.toISOString())
    const host = hostOf(publicUrl)
    return serialiseCalendar({
      productId: '-//Safeguarding practice reviews//Statutory deadlines//EN',
      name: 'Statutory deadlines',
      generatedAt: at,
      events: deadlines.map((deadline) => ({
        uid: `${deadline.key}@${host}`,
        date: deadline.dueOn,
        // Pseudonyms and the partnership only: a calendar is shared and synced
        // widely, so nothing that identifies a child goes in it.
        summary: `${SUMMARY_PREFIX[deadline.deadline]}: ${deadline.pseudonyms} (${deadline.partnership.name})`,
        description: DESCRIPTION[deadline.rule],
        url: `${publicUrl}${deadline.record.path}`,
      })),
    })
  }

  /** The link's owner as they are now (memberships read afresh), or null once disabled. */
  private async ownerAsActor(userId: string): Promise<Actor | null> {
    const user = await findUserById(this.context.db, userId)
    if (!user || !user.isActive) return null
    return {
      userId: user.id,
      displayName: user.displayName,
      memberships: await membershipsOf(this.context.db, user.id),
    }
  }
}

export function feedPath(token: string): string {
  return `${CALENDAR_FEED_PATH_PREFIX}${token}.ics`
}

function hostOf(publicUrl: string): string {
  try {
    return new URL(publicUrl).host
  } catch {
    return 'safeguarding-practice-reviews'
  }
}
