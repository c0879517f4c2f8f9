// Recurring themes (issue 11): the themes found in two or more of a
// partnership's reviews, with the reviews and the actions behind each and how
// many of those actions are still open, so the partnership sees its repeats
// while there is still time to act on them. For those who oversee its
// learning (the business unit, administrators and partners); reviews and
// actions follow their own access rules.
import type { Db } from '../../data/db.js'
import { actionQuery, actionRecordOf } from '../../data/repositories/actions/action-repository.js'
import {
  listPartnershipReviews,
  listReviewThemes,
} from '../../data/repositories/learning/recurring-theme-repository.js'
import { accessListsOf } from '../../data/repositories/record-access-repository.js'
import { findReviewWork } from '../../data/repositories/review-work-repository.js'
import {
  actionAccess,
  assertCan,
  canReadReview,
  partnershipsWhere,
} from '../../domain/access/policy.js'
import type { Actor } from '../../domain/access/roles.js'
import { ACTION_STATUS_NAMES, isActionStatus } from '../../domain/actions/action-status.js'
import type { CalendarDate } from '../../domain/calendar/calendar-date.js'
import { AccessDeniedError } from '../../domain/errors.js'
import { actionConcern } from '../../domain/learning/seen-before.js'
import { recurringThemes } from '../../domain/learning/recurring-themes.js'
import { CalendarService } from '../calendar-service.js'
import type { ServiceContext } from '../context.js'
import { accessListOf } from '../record-access.js'
import { accessScopeOf } from '../review-views.js'

export interface RecurringThemeAction {
  readonly id: string
  readonly description: string
  readonly reviewTitle: string
  readonly agencyName: string
  readonly statusName: string
  readonly dueOn: string
  readonly open: boolean
  readonly overdue: boolean
}

export interface RecurringThemeView {
  readonly slug: string
  readonly name: string
  readonly retired: boolean
  readonly reviews: readonly { readonly id: string; readonly title: string }[]
  readonly actions: readonly RecurringThemeAction[]
  readonly openActions: number
  readonly overdueActions: number
}

export interface RecurringThemesPage {
  readonly partnership: { readonly id: string; readonly name: string }
  /** The partnerships the person may choose between (someone in two). */
  readonly partnerships: readonly { readonly id: string; readonly name: string }[]
  readonly reviewCount: number
  readonly themes: readonly RecurringThemeView[]
}

export class RecurringThemeService {
  constructor(private readonly context: ServiceContext) {}

  async page(actor: Actor | null, partnershipId?: string): Promise<RecurringThemesPage> {
    assertCan(actor, 'briefings:see-use')
    const mine = partnershipsWhere(actor, 'briefings:see-use')
    const partnerships = mine.map((id) => ({
      id,
      name:
        actor.memberships.find((membership) => membership.partnershipId === id)?.partnershipName ??
        id,
    }))
    const partnership =
      partnershipId === undefined
        ? partnerships[0]
        : partnerships.find((candidate) => candidate.id === partnershipId)
    if (!partnership) throw new AccessDeniedError('Not allowed: briefings:see-use')
    const { db } = this.context
    const reviews = await this.readableReviews(db, actor, partnership.id)
    const titles = new Map(reviews.map((review) => [review.id, review.title]))
    const recurring = recurringThemes(await listReviewThemes(db, [...titles.keys()]))
    const today = new CalendarService(this.context).today()
    const learningIds = [...new Set(recurring.flatMap((theme) => theme.learningIds))]
    const actions = await this.visibleActions(db, actor, learningIds, today)
    return {
      partnership,
      partnerships,
      reviewCount: reviews.length,
      themes: recurring.map((theme) => {
        const own = new Set(theme.learningIds)
        const themeActions = actions.filter((action) => own.has(action.sourceId))
        return {
          slug: theme.slug,
          name: theme.name,
          retired: theme.retired,
          reviews: theme.reviewIds.map((id) => ({ id, title: titles.get(id) ?? id })),
          actions: themeActions,
          openActions: themeActions.filter((action) => action.open).length,
          overdueActions: themeActions.filter((action) => action.overdue).length,
        }
      }),
    }
  }

  private async readableReviews(
    db: Db,
    actor: Actor,
    partnershipId: string,
  ): Promise<{ id: string; title: string }[]> {
    const readable: { id: string; title: string }[] = []
    for (const review of await listPartnershipReviews(db, partnershipId)) {
      const record = await findReviewWork(db, review.id)
      if (!record) continue
      const scope = accessScopeOf(record, await accessListOf(db, 'review', record))
      if (canReadReview(actor, scope)) readable.push({ id: review.id, title: review.title })
    }
    return readable
  }

  private async visibleActions(
    db: Db,
    actor: Actor,
    learningIds: readonly string[],
    today: CalendarDate,
  ): Promise<(RecurringThemeAction & { sourceId: string })[]> {
    if (learningIds.length === 0) return []
    const actions = (
      await actionQuery(db)
        .where('action.source_id', 'in', [...learningIds])
        .orderBy('action.due_on')
        .orderBy('action.id')
        .execute()
    ).map(actionRecordOf)
    const restricted = [
      ...new Set(actions.filter((a) => a.reviewAccessRestricted).map((a) => a.reviewId)),
    ]
    const lists =
      restricted.length > 0
        ? await accessListsOf(db, 'review', restricted)
        : new Map<string, string[]>()
    return actions
      .filter(
        (action) =>
          actionAccess(actor, {
            agencyId: action.agencyId,
            agencyPartnershipId: action.agencyPartnershipId,
            reviewPartnershipId: action.reviewPartnershipId,
            reviewAccessRestricted: action.reviewAccessRestricted,
            reviewAccessList: lists.get(action.reviewId) ?? [],
          }) === 'open',
      )
      .map((action) => {
        const status = isActionStatus(action.status) ? action.status : null
        const concern = status
          ? actionConcern({ status, dueOn: action.dueOn as CalendarDate }, today)
          : null
        return {
          id: action.id,
          sourceId: action.sourceId,
          description: action.description,
          reviewTitle: action.reviewTitle,
          agencyName: action.agencyName,
          statusName: status ? ACTION_STATUS_NAMES[status] : action.status,
          dueOn: action.dueOn,
          open: concern === 'open' || concern === 'overdue',
          overdue: concern === 'overdue',
        }
      })
  }
}
