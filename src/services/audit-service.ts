import {
  distinctAuditActions,
  searchAuditEvents,
  type AuditEventRecord,
} from '../data/repositories/audit-repository.js'
import { findUserByEmail } from '../data/repositories/user-repository.js'
import { assertCan, partnershipsWhere } from '../domain/access/policy.js'
import type { Actor } from '../domain/access/roles.js'
import { parseCalendarDate } from '../domain/calendar/calendar-date.js'
import { ValidationError, type FieldError } from '../domain/errors.js'
import { toSafeCsv } from '../integrations/documents/csv.js'
import { recordAudit } from './audit-trail.js'
import { type ServiceContext, userActor } from './context.js'

export interface AuditFilter {
  userEmail?: string
  recordId?: string
  action?: string
  /** YYYY-MM-DD, inclusive (UTC days). */
  from?: string
  to?: string
}

export const AUDIT_PAGE_SIZE = 50
const EXPORT_LIMIT = 50_000

/** Who did what, when: for administrators, filtered, and exportable as CSV. */
export class AuditService {
  constructor(private readonly context: ServiceContext) {}

  async actions(actor: Actor | null): Promise<string[]> {
    assertCan(actor, 'audit:read')
    return distinctAuditActions(this.context.db)
  }

  async search(
    actor: Actor | null,
    filter: AuditFilter,
    page: number,
  ): Promise<{ events: AuditEventRecord[]; total: number; unknownUser: boolean }> {
    assertCan(actor, 'audit:read')
    const search = await this.toSearch(actor, filter)
    if (search === null) return { events: [], total: 0, unknownUser: true }
    const result = await searchAuditEvents(this.context.db, {
      ...search,
      limit: AUDIT_PAGE_SIZE,
      offset: (Math.max(page, 1) - 1) * AUDIT_PAGE_SIZE,
    })
    return { ...result, unknownUser: false }
  }

  /** The filtered events as CSV. The export itself is recorded in the trail. */
  async exportCsv(actor: Actor | null, filter: AuditFilter): Promise<string> {
    assertCan(actor, 'audit:read')
    const search = await this.toSearch(actor, filter)
    const { events } =
      search === null
        ? { events: [] }
        : await searchAuditEvents(this.context.db, { ...search, limit: EXPORT_LIMIT, offset: 0 })
    const { db, now } = this.context
    await db.transaction().execute((trx) =>
      recordAudit(trx, now(), {
        actor: userActor(actor),
        action: 'audit.exported',
        recordType: 'audit-event',
        recordId: null,
        partnershipId: null,
        after: { filter: { ...filter }, events: events.length },
      }),
    )
    return toSafeCsv(
      [
        'sequence',
        'occurred_at',
        'actor',
        'actor_user_id',
        'action',
        'record_type',
        'record_id',
        'partnership_id',
        'summary',
        'hash',
      ],
      events.map((event) => [
        event.sequence,
        event.occurredAt,
        event.actorLabel,
        event.actorUserId,
        event.action,
        event.recordType,
        event.recordId,
        event.partnershipId,
        event.summary,
        event.hash,
      ]),
    )
  }

  private async toSearch(actor: Actor, filter: AuditFilter) {
    const errors: FieldError[] = []
    const from = filter.from === undefined ? undefined : parseCalendarDate(filter.from)
    const to = filter.to === undefined ? undefined : parseCalendarDate(filter.to)
    if (from === null)
      errors.push({ field: 'from', message: 'Enter the start date as YYYY-MM-DD, like 2026-11-01' })
    if (to === null)
      errors.push({ field: 'to', message: 'Enter the end date as YYYY-MM-DD, like 2026-11-30' })
    if (from && to && from > to)
      errors.push({
        field: 'to',
        message: 'The end date must be the same as or after the start date',
      })
    for (const [field, value] of [
      ['user', filter.userEmail],
      ['record', filter.recordId],
      ['action', filter.action],
    ] as const) {
      if (value !== undefined && value.length > 254)
        errors.push({ field, message: 'Must be 254 characters or fewer' })
    }
    if (errors.length > 0) throw new ValidationError(errors)
    let actorUserId: string | undefined
    if (filter.userEmail !== undefined) {
      const user = await findUserByEmail(this.context.db, filter.userEmail)
      if (!user) return null
      actorUserId = user.id
    }
    return {
      ...(actorUserId === undefined ? {} : { actorUserId }),
      ...(filter.recordId === undefined ? {} : { recordId: filter.recordId }),
      ...(filter.action === undefined ? {} : { action: filter.action }),
      ...(from ? { from: `${from}T00:00:00.000Z` } : {}),
      ...(to ? { to: `${to}T23:59:59.999Z` } : {}),
      partnershipIds: partnershipsWhere(actor, 'audit:read'),
    }
  }
}
