// "We have seen this before" (issue 11). Beside a new rapid review finding,
// learning point or recommendation, the business unit sees earlier learning
// (other reviews, any year: its partnership's own and published work it may
// read) that shares its themes or close wording and whose actions are still
// open, overdue or were closed without completion, with each action's state
// and why the items match. The business unit links the new item to the
// earlier one (audited), and the link shows on both items' pages. Only what
// the person may already see is read: reviews by the review access rules,
// actions by the action access rules.
import { randomUUID } from 'node:crypto'
import type { Db } from '../../data/db.js'
import {
  actionQuery,
  actionRecordOf,
  type ActionRecord,
} from '../../data/repositories/actions/action-repository.js'
import { accessListsOf } from '../../data/repositories/record-access-repository.js'
import { listTags, listThemes } from '../../data/repositories/learning/theme-repository.js'
import {
  deleteLink,
  findLearning,
  findRapidReviewLabel,
  insertLink,
  listLearningWithActions,
  listLinksFrom,
  listLinksTo,
  type EarlierLearningRow,
  type LinkableType,
} from '../../data/repositories/learning/seen-before-repository.js'
import { findFinding } from '../../data/repositories/review-findings-repository.js'
import {
  findReviewIdByRapidReview,
  findReviewWork,
} from '../../data/repositories/review-work-repository.js'
import {
  actionAccess,
  assertCan,
  canEditReview,
  canReadReview,
} from '../../domain/access/policy.js'
import type { Actor } from '../../domain/access/roles.js'
import { ACTION_STATUS_NAMES, isActionStatus } from '../../domain/actions/action-status.js'
import type { CalendarDate } from '../../domain/calendar/calendar-date.js'
import { AccessDeniedError, NotFoundError, ValidationError } from '../../domain/errors.js'
import {
  ACTION_CONCERN_NAMES,
  actionConcern,
  findSeenBefore,
  type ActionConcern,
  type ThemeRef,
} from '../../domain/learning/seen-before.js'
import { themeSuggester } from '../../domain/learning/theme-suggester.js'
import { FINDING_KIND_NAMES, isFindingKind } from '../../domain/reviews/findings.js'
import { recordAudit } from '../audit-trail.js'
import { CalendarService } from '../calendar-service.js'
import { userActor, type ServiceContext } from '../context.js'
import { accessListOf } from '../record-access.js'
import { RapidReviewService } from '../rapid-review-service.js'
import { accessScopeOf } from '../review-views.js'

/** How many earlier items the page shows: the closest first. */
export const SEEN_BEFORE_LIMIT = 10

/** The new item: a rapid review's findings, or a review's learning point or recommendation. */
export type LearningItemRef =
  | { readonly kind: 'rapid-review-finding'; readonly rapidReviewId: string }
  | {
      readonly kind: 'learning-point' | 'recommendation'
      readonly reviewId: string
      readonly findingId: string
    }

export interface EarlierActionView {
  readonly id: string
  readonly description: string
  readonly statusName: string
  readonly concern: ActionConcern | null
  readonly concernName: string | null
  readonly dueOn: string
  readonly agencyName: string
}

export interface EarlierLearningView {
  readonly kind: 'learning-point' | 'recommendation'
  readonly id: string
  /** "Recommendation 6". */
  readonly label: string
  readonly text: string
  readonly review: { readonly id: string; readonly title: string; readonly href: string }
  readonly partnershipName: string
  readonly themes: readonly string[]
  readonly actions: readonly EarlierActionView[]
  /** Why it matches (empty for a link kept after the match faded). */
  readonly sharedThemes: readonly string[]
  readonly sharedPhrases: readonly string[]
  readonly sharedWords: readonly string[]
}

export interface LinkedFromView {
  readonly label: string
  readonly href: string | null
  readonly linkedAt: string
  readonly linkedByName: string
}

export interface SeenBeforePage {
  readonly item: {
    readonly type: LinkableType
    readonly id: string
    readonly label: string
    readonly caption: string
    readonly text: string
    readonly backHref: string
    readonly themesHref: string
    readonly themes: readonly ThemeRef[]
    /** No tags yet: the themes are the suggester's, so wording alone is not the only guide. */
    readonly themesSuggested: boolean
  }
  /** Earlier learning it seems to repeat, not linked yet, closest first. */
  readonly matches: readonly EarlierLearningView[]
  /** Earlier learning a person linked it to, whatever its actions' state now. */
  readonly linked: readonly (EarlierLearningView & {
    readonly linkedAt: string
    readonly linkedByName: string
  })[]
  /** Later learning linked to this item (a learning point or recommendation). */
  readonly linkedFrom: readonly LinkedFromView[]
}

interface ResolvedItem {
  readonly type: LinkableType
  readonly id: string
  readonly partnershipId: string
  readonly label: string
  readonly caption: string
  readonly text: string
  readonly backHref: string
  readonly themesHref: string
  /** The item's own review (and a rapid review's commissioned review): not "before". */
  readonly excludeReviewIds: readonly string[]
}

export function seenBeforePathOf(ref: LearningItemRef): string {
  return ref.kind === 'rapid-review-finding'
    ? `/manage/rapid-reviews/${ref.rapidReviewId}/seen-before`
    : `/manage/reviews/${ref.reviewId}/findings/${ref.kind}/${ref.findingId}/seen-before`
}

export class SeenBeforeService {
  private readonly rapidReviews: RapidReviewService

  constructor(private readonly context: ServiceContext) {
    this.rapidReviews = new RapidReviewService(context)
  }

  async page(actor: Actor | null, ref: LearningItemRef): Promise<SeenBeforePage> {
    const { db } = this.context
    const item = await this.resolve(db, actor, ref)
    const themes = await listThemes(db)
    const tags = await listTags(db, item.type, [item.id])
    const suggested = tags.length === 0
    const itemThemes: ThemeRef[] = suggested
      ? themeSuggester(themes)
          .suggest(item.text)
          .map((suggestion) => ({
            slug: suggestion.theme,
            name: themes.find((theme) => theme.slug === suggestion.theme)?.name ?? suggestion.theme,
          }))
      : tags.map((tag) => ({ slug: tag.themeSlug, name: tag.themeName }))

    const today = new CalendarService(this.context).today()
    const earlier = await this.readableLearning(db, actor!, item.excludeReviewIds, today)
    const linksFrom = await listLinksFrom(db, item.type, item.id)
    const linkedIds = new Set(linksFrom.map((link) => link.toId))

    const worthShowing = earlier.filter(
      (candidate) =>
        !linkedIds.has(candidate.row.id) &&
        candidate.actions.some((action) => action.concern !== null),
    )
    const matches = findSeenBefore(
      { text: item.text, themes: itemThemes },
      worthShowing.map((candidate) => ({
        id: candidate.row.id,
        text: candidate.row.text,
        themes: candidate.themes,
      })),
    ).slice(0, SEEN_BEFORE_LIMIT)
    const byId = new Map(earlier.map((candidate) => [candidate.row.id, candidate]))

    const matchViews = matches.flatMap((match) => {
      const candidate = byId.get(match.id)
      if (!candidate) return []
      return [
        viewOf(candidate, {
          sharedThemes: match.sharedThemes.map((theme) => theme.name),
          sharedPhrases: match.sharedPhrases,
          sharedWords: match.sharedWords,
        }),
      ]
    })

    // A link stays visible with the earlier item's present state, even when
    // its actions were since finished; only items the person may still read.
    const linked = linksFrom.flatMap((link) => {
      const candidate = byId.get(link.toId)
      if (!candidate) return []
      const why = findSeenBefore({ text: item.text, themes: itemThemes }, [
        { id: candidate.row.id, text: candidate.row.text, themes: candidate.themes },
      ])[0]
      return [
        {
          ...viewOf(candidate, {
            sharedThemes: why?.sharedThemes.map((theme) => theme.name) ?? [],
            sharedPhrases: why?.sharedPhrases ?? [],
            sharedWords: why?.sharedWords ?? [],
          }),
          linkedAt: link.linkedAt,
          linkedByName: link.linkedByName,
        },
      ]
    })

    return {
      item: {
        type: item.type,
        id: item.id,
        label: item.label,
        caption: item.caption,
        text: item.text,
        backHref: item.backHref,
        themesHref: item.themesHref,
        themes: itemThemes,
        themesSuggested: suggested,
      },
      matches: matchViews,
      linked,
      linkedFrom: await this.linkedFrom(db, actor!, item),
    }
  }

  /** Links the new item to an earlier learning point or recommendation the person may read. */
  async link(
    actor: Actor | null,
    ref: LearningItemRef,
    to: { readonly kind: string; readonly id: string },
  ): Promise<void> {
    const { db, now } = this.context
    // Resolved before the transaction: a rapid review is read through its own
    // service, on its own connection (SQLite has one: inside would wait forever).
    const item = await this.resolve(db, actor, ref)
    await db.transaction().execute(async (trx) => {
      const editor = actor!
      if (!isFindingKind(to.kind)) throw refusedLink()
      const today = new CalendarService({ db: trx, now }).today()
      const earlier = await this.readableLearning(trx, editor, item.excludeReviewIds, today)
      const target = earlier.find(
        (candidate) => candidate.row.id === to.id && candidate.row.kind === to.kind,
      )
      if (!target) throw refusedLink()
      const existing = await listLinksFrom(trx, item.type, item.id)
      if (existing.some((link) => link.toId === to.id && link.toType === to.kind)) return
      const at = now()
      await insertLink(trx, {
        id: randomUUID(),
        fromType: item.type,
        fromId: item.id,
        toType: to.kind,
        toId: to.id,
        partnershipId: item.partnershipId,
        at: at.toISOString(),
        byUserId: editor.userId,
        byName: editor.displayName,
      })
      await recordAudit(trx, at, {
        actor: userActor(editor),
        action: 'learning-link.added',
        recordType: item.type,
        recordId: item.id,
        partnershipId: item.partnershipId,
        after: { linkedTo: { type: to.kind, id: to.id, reviewId: target.row.reviewId } },
      })
    })
  }

  /** Takes a link off; audited, so the record of who linked what stays whole. */
  async unlink(
    actor: Actor | null,
    ref: LearningItemRef,
    to: { readonly kind: string; readonly id: string },
  ): Promise<void> {
    const { db, now } = this.context
    const item = await this.resolve(db, actor, ref)
    await db.transaction().execute(async (trx) => {
      if (
        !(await deleteLink(trx, { type: item.type, id: item.id }, { type: to.kind, id: to.id }))
      ) {
        throw new NotFoundError('That link is not on this item')
      }
      await recordAudit(trx, now(), {
        actor: userActor(actor!),
        action: 'learning-link.removed',
        recordType: item.type,
        recordId: item.id,
        partnershipId: item.partnershipId,
        before: { linkedTo: { type: to.kind, id: to.id } },
      })
    })
  }

  /** How many earlier items a rapid review's findings seem to repeat (after saving them). */
  async countForRapidReview(actor: Actor | null, rapidReviewId: string): Promise<number> {
    const page = await this.page(actor, { kind: 'rapid-review-finding', rapidReviewId })
    return page.matches.length
  }

  /**
   * Learning points and recommendations with actions, in reviews the person
   * may read (published, or theirs by the review rules), each with the
   * actions the person may see and its themes.
   */
  private async readableLearning(
    db: Db,
    actor: Actor,
    excludeReviewIds: readonly string[],
    today: CalendarDate,
  ): Promise<Candidate[]> {
    const rows = await listLearningWithActions(db, excludeReviewIds)
    const readable = new Map<string, boolean>()
    for (const row of rows) {
      if (readable.has(row.reviewId)) continue
      readable.set(row.reviewId, await this.mayReadReview(db, actor, row))
    }
    const visible = rows.filter((row) => readable.get(row.reviewId))
    if (visible.length === 0) return []
    const actions = (
      await actionQuery(db)
        .where(
          'action.source_id',
          'in',
          visible.map((row) => row.id),
        )
        .orderBy('action.due_on')
        .execute()
    ).map(actionRecordOf)
    const restrictedReviews = [
      ...new Set(actions.filter((a) => a.reviewAccessRestricted).map((a) => a.reviewId)),
    ]
    const accessLists =
      restrictedReviews.length > 0
        ? await accessListsOf(db, 'review', restrictedReviews)
        : new Map<string, string[]>()
    const seeable = actions.filter(
      (action) =>
        actionAccess(actor, {
          agencyId: action.agencyId,
          agencyPartnershipId: action.agencyPartnershipId,
          reviewPartnershipId: action.reviewPartnershipId,
          reviewAccessRestricted: action.reviewAccessRestricted,
          reviewAccessList: accessLists.get(action.reviewId) ?? [],
        }) === 'open',
    )
    const tags = [
      ...(await listTags(
        db,
        'learning-point',
        visible.filter((row) => row.kind === 'learning-point').map((row) => row.id),
      )),
      ...(await listTags(
        db,
        'recommendation',
        visible.filter((row) => row.kind === 'recommendation').map((row) => row.id),
      )),
    ]
    return visible.map((row) => ({
      row,
      themes: tags
        .filter((tag) => tag.recordId === row.id)
        .map((tag) => ({ slug: tag.themeSlug, name: tag.themeName })),
      actions: seeable
        .filter((action) => action.sourceId === row.id && action.sourceKind === row.kind)
        .map((action) => actionViewOf(action, today)),
    }))
  }

  private async mayReadReview(db: Db, actor: Actor, row: EarlierLearningRow): Promise<boolean> {
    if (row.reviewStatus === 'published' && !row.reviewWithdrawn) return true
    const review = await findReviewWork(db, row.reviewId)
    if (!review) return false
    return canReadReview(actor, accessScopeOf(review, await accessListOf(db, 'review', review)))
  }

  /** Later items linked to this one, named only where the person may open them. */
  private async linkedFrom(db: Db, actor: Actor, item: ResolvedItem): Promise<LinkedFromView[]> {
    if (item.type === 'rapid-review-finding') return []
    const views: LinkedFromView[] = []
    for (const link of await listLinksTo(db, item.type, item.id)) {
      let label = 'Later learning you cannot open'
      let href: string | null = null
      if (link.fromType === 'rapid-review-finding') {
        const rapidReview = await findRapidReviewLabel(db, link.fromId)
        try {
          await this.resolve(db, actor, {
            kind: 'rapid-review-finding',
            rapidReviewId: link.fromId,
          })
          label = `Rapid review findings: ${rapidReview?.pseudonym ?? 'a child'}`
          href = seenBeforePathOf({ kind: 'rapid-review-finding', rapidReviewId: link.fromId })
        } catch (error) {
          if (!(error instanceof NotFoundError || error instanceof AccessDeniedError)) throw error
        }
      } else {
        const later = await findLearning(db, link.fromType, link.fromId)
        if (later && (await this.mayReadReview(db, actor, later))) {
          label = `${later.reviewTitle}: ${FINDING_KIND_NAMES[later.kind]} ${later.position}`
          href = `/manage/reviews/${later.reviewId}#${later.kind}-${later.id}`
        }
      }
      views.push({ label, href, linkedAt: link.linkedAt, linkedByName: link.linkedByName })
    }
    return views
  }

  /** The item, if the person may manage it: its rapid review's or its review's business unit. */
  private async resolve(db: Db, actor: Actor | null, ref: LearningItemRef): Promise<ResolvedItem> {
    if (ref.kind === 'rapid-review-finding') {
      const view = await this.rapidReviews.get(actor, ref.rapidReviewId)
      assertCan(actor, 'incidents:manage', { partnershipId: view.incident.partnership.id })
      const label = await findRapidReviewLabel(db, ref.rapidReviewId)
      const commissioned = await findReviewIdByRapidReview(db, ref.rapidReviewId)
      return {
        type: 'rapid-review-finding',
        id: ref.rapidReviewId,
        partnershipId: view.incident.partnership.id,
        label: 'Rapid review findings',
        caption: `Rapid review: ${label?.pseudonym ?? view.incident.caseReference}`,
        text: [view.factsEstablished, view.learningIdentified].filter((part) => part).join('\n\n'),
        backHref: `/manage/rapid-reviews/${ref.rapidReviewId}/findings`,
        themesHref: `/manage/rapid-reviews/${ref.rapidReviewId}/themes`,
        excludeReviewIds: commissioned ? [commissioned] : [],
      }
    }
    assertCan(actor, 'reviews:edit')
    const review = await findReviewWork(db, ref.reviewId)
    if (!review) throw new NotFoundError('No such review')
    const scope = accessScopeOf(review, await accessListOf(db, 'review', review))
    if (!canReadReview(actor, scope)) throw new NotFoundError('No such review')
    if (!canEditReview(actor, scope)) {
      throw new AccessDeniedError('Not allowed: only the review team links its learning')
    }
    if (!isFindingKind(ref.kind)) throw new NotFoundError('No such finding')
    const finding = await findFinding(db, ref.kind, ref.findingId)
    if (!finding || finding.reviewId !== review.id || finding.enteredInError) {
      throw new NotFoundError('No such finding')
    }
    return {
      type: ref.kind,
      id: finding.id,
      partnershipId: review.leadPartnership.id,
      label: `${FINDING_KIND_NAMES[ref.kind]} ${finding.position}`,
      caption: review.title,
      text: finding.text,
      backHref: `/manage/reviews/${review.id}#${ref.kind}-${finding.id}`,
      themesHref: `/manage/reviews/${review.id}/findings/${ref.kind}/${finding.id}/themes`,
      excludeReviewIds: [review.id],
    }
  }
}

interface Candidate {
  readonly row: EarlierLearningRow
  readonly themes: readonly ThemeRef[]
  readonly actions: readonly EarlierActionView[]
}

function refusedLink(): ValidationError {
  return new ValidationError([
    { field: 'link', message: 'Choose earlier learning from the list to link' },
  ])
}

function actionViewOf(action: ActionRecord, today: CalendarDate): EarlierActionView {
  const status = isActionStatus(action.status) ? action.status : null
  const concern = status
    ? actionConcern({ status, dueOn: action.dueOn as CalendarDate }, today)
    : null
  return {
    id: action.id,
    description: action.description,
    statusName: status ? ACTION_STATUS_NAMES[status] : action.status,
    concern,
    concernName: concern ? ACTION_CONCERN_NAMES[concern] : null,
    dueOn: action.dueOn,
    agencyName: action.agencyName,
  }
}

function viewOf(
  candidate: Candidate,
  why: { sharedThemes: string[]; sharedPhrases: readonly string[]; sharedWords: readonly string[] },
): EarlierLearningView {
  const { row } = candidate
  return {
    kind: row.kind,
    id: row.id,
    label: `${FINDING_KIND_NAMES[row.kind]} ${row.position}`,
    text: row.text,
    review: {
      id: row.reviewId,
      title: row.reviewTitle,
      href: `/manage/reviews/${row.reviewId}#${row.kind}-${row.id}`,
    },
    partnershipName: row.leadPartnershipName,
    themes: candidate.themes.map((theme) => theme.name),
    actions: candidate.actions,
    ...why,
  }
}
