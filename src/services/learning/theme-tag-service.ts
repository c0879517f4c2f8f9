// Tagging records with themes (issue 11). The people who may edit a review (its
// business unit and named reviewers) tag the review and its learning points and
// recommendations; a tag outlives the review's publication, because it says
// what the learning is about, not what the review found. The suggester offers
// themes with its reasons; only a person's choice makes a tag. Adding and
// removing tags are audited.
import { randomUUID } from 'node:crypto'
import type { Db } from '../../data/db.js'
import {
  deleteTag,
  findThemeBySlug,
  insertTag,
  listTags,
  listThemes,
  type TaggableRecordType,
  type ThemeRow,
  type ThemeTagRow,
} from '../../data/repositories/learning/theme-repository.js'
import { findBriefingOfReview } from '../../data/repositories/briefings/briefing-repository.js'
import { findFinding } from '../../data/repositories/review-findings-repository.js'
import { findReviewWork } from '../../data/repositories/review-work-repository.js'
import { assertCan, canEditReview, canReadReview } from '../../domain/access/policy.js'
import type { Actor } from '../../domain/access/roles.js'
import { AccessDeniedError, NotFoundError, ValidationError } from '../../domain/errors.js'
import { themeSuggester, type ThemeSuggestion } from '../../domain/learning/theme-suggester.js'
import { FINDING_KIND_NAMES, isFindingKind } from '../../domain/reviews/findings.js'
import { recordAudit } from '../audit-trail.js'
import { userActor, type ServiceContext } from '../context.js'
import { RapidReviewService } from '../rapid-review-service.js'
import { accessListOf } from '../record-access.js'
import { accessScopeOf } from '../review-views.js'

/**
 * A record that may carry themes: a review, one of its findings or its
 * seven-minute briefing, or a rapid review's findings.
 */
export type ReviewTagTarget =
  | { readonly kind: 'review'; readonly reviewId: string }
  | {
      readonly kind: 'learning-point' | 'recommendation'
      readonly reviewId: string
      readonly findingId: string
    }
  | { readonly kind: 'briefing'; readonly reviewId: string }
  | { readonly kind: 'rapid-review-finding'; readonly rapidReviewId: string }

export interface TaggingPage {
  /** What the record belongs to (the review, or the rapid review), shown above the heading. */
  readonly review: { readonly id: string; readonly title: string }
  readonly backHref: string
  readonly backText: string
  /** What is being tagged, e.g. "Learning point 2" or the review's title. */
  readonly label: string
  /** The text suggestions are made from. */
  readonly text: string
  readonly tags: readonly ThemeTagRow[]
  /** Suggested themes not yet tagged, each with its reasons. */
  readonly suggestions: readonly (ThemeSuggestion & { readonly name: string })[]
  /** Every other theme, to tag by hand. */
  readonly otherThemes: readonly ThemeRow[]
}

interface ResolvedTarget {
  readonly recordType: TaggableRecordType
  readonly recordId: string
  readonly partnershipId: string
  readonly review: { readonly id: string; readonly title: string }
  readonly backHref: string
  readonly backText: string
  readonly label: string
  readonly text: string
}

export class ThemeTagService {
  private readonly rapidReviews: RapidReviewService

  constructor(private readonly context: ServiceContext) {
    this.rapidReviews = new RapidReviewService(context)
  }

  /** The tagging page: current tags, suggestions with reasons, and the other themes. */
  async page(actor: Actor | null, target: ReviewTagTarget): Promise<TaggingPage> {
    const resolved = await this.resolve(this.context.db, actor, target)
    const [tags, themes] = await Promise.all([
      listTags(this.context.db, resolved.recordType, [resolved.recordId]),
      listThemes(this.context.db),
    ])
    const tagged = new Set(tags.map((tag) => tag.themeSlug))
    const names = new Map(themes.map((theme) => [theme.slug, theme.name]))
    const suggestions = themeSuggester(themes)
      .suggest(resolved.text)
      .filter((suggestion) => !tagged.has(suggestion.theme))
      .map((suggestion) => ({
        ...suggestion,
        name: names.get(suggestion.theme) ?? suggestion.theme,
      }))
    const suggested = new Set(suggestions.map((suggestion) => suggestion.theme))
    return {
      review: resolved.review,
      backHref: resolved.backHref,
      backText: resolved.backText,
      label: resolved.label,
      text: resolved.text,
      tags,
      suggestions,
      otherThemes: themes.filter((theme) => !tagged.has(theme.slug) && !suggested.has(theme.slug)),
    }
  }

  /** May this person tag the review and its findings? Published reviews included. */
  async canTag(actor: Actor | null, reviewId: string): Promise<boolean> {
    try {
      await this.resolve(this.context.db, actor, { kind: 'review', reviewId })
      return true
    } catch (error) {
      if (error instanceof NotFoundError || error instanceof AccessDeniedError) return false
      throw error
    }
  }

  /** The themes on each of these records (for the review's page). */
  async tagsOf(
    recordType: TaggableRecordType,
    recordIds: readonly string[],
  ): Promise<ThemeTagRow[]> {
    return listTags(this.context.db, recordType, recordIds)
  }

  /**
   * Tags the record with the themes a person chose (accepted suggestions or
   * themes picked by hand). A theme already on the record is left as it is.
   */
  async tag(
    actor: Actor | null,
    target: ReviewTagTarget,
    slugs: readonly string[],
  ): Promise<number> {
    if (slugs.length === 0) {
      throw new ValidationError([{ field: 'themes', message: 'Select at least one theme to add' }])
    }
    // Resolved before the transaction: a rapid review is read through its own
    // service, on its own connection (SQLite has one: inside would wait forever).
    const resolved = await this.resolve(this.context.db, actor, target)
    return this.context.db.transaction().execute(async (trx) => {
      const editor = actor!
      const existing = new Set(
        (await listTags(trx, resolved.recordType, [resolved.recordId])).map((tag) => tag.themeSlug),
      )
      const at = this.context.now()
      let added = 0
      for (const slug of new Set(slugs)) {
        const theme = await findThemeBySlug(trx, slug)
        if (!theme) {
          throw new ValidationError([{ field: 'themes', message: 'Select themes from the list' }])
        }
        if (existing.has(slug)) continue
        // A retired theme is not offered for new tags; its old tags remain.
        if (theme.retiredOn !== null) {
          throw new ValidationError([
            { field: 'themes', message: `${theme.name} is retired: choose a theme in use` },
          ])
        }
        await insertTag(trx, {
          id: randomUUID(),
          themeId: theme.id,
          recordType: resolved.recordType,
          recordId: resolved.recordId,
          partnershipId: resolved.partnershipId,
          at: at.toISOString(),
          byUserId: editor.userId,
          byName: editor.displayName,
        })
        await recordAudit(trx, at, {
          actor: userActor(editor),
          action: 'theme-tag.added',
          recordType: resolved.recordType,
          recordId: resolved.recordId,
          partnershipId: resolved.partnershipId,
          after: { theme: slug },
        })
        added += 1
      }
      return added
    })
  }

  /** Takes a theme off the record; audited, so the record of who tagged what stays whole. */
  async untag(actor: Actor | null, target: ReviewTagTarget, slug: string): Promise<void> {
    const resolved = await this.resolve(this.context.db, actor, target)
    await this.context.db.transaction().execute(async (trx) => {
      const theme = await findThemeBySlug(trx, slug)
      if (!theme || !(await deleteTag(trx, resolved.recordType, resolved.recordId, theme.id))) {
        throw new NotFoundError('That theme is not on this record')
      }
      await recordAudit(trx, this.context.now(), {
        actor: userActor(actor!),
        action: 'theme-tag.removed',
        recordType: resolved.recordType,
        recordId: resolved.recordId,
        partnershipId: resolved.partnershipId,
        before: { theme: slug },
      })
    })
  }

  /** The record, if the actor may edit its review (else "not found" or "not allowed"). */
  private async resolve(
    db: Db,
    actor: Actor | null,
    target: ReviewTagTarget,
  ): Promise<ResolvedTarget> {
    if (target.kind === 'rapid-review-finding') {
      // The business unit that runs the rapid review tags its findings.
      const view = await this.rapidReviews.get(actor, target.rapidReviewId)
      assertCan(actor, 'incidents:manage', { partnershipId: view.incident.partnership.id })
      const pseudonyms = view.incident.children.map((child) => child.pseudonym).join(', ')
      return {
        recordType: 'rapid-review-finding',
        recordId: target.rapidReviewId,
        partnershipId: view.incident.partnership.id,
        review: { id: target.rapidReviewId, title: `Rapid review: ${pseudonyms}` },
        backHref: `/manage/rapid-reviews/${target.rapidReviewId}/findings`,
        backText: 'Back to the findings',
        label: 'Rapid review findings',
        text: [view.factsEstablished, view.learningIdentified].filter((part) => part).join('\n\n'),
      }
    }
    assertCan(actor, 'reviews:edit')
    const review = await findReviewWork(db, target.reviewId)
    if (!review) throw new NotFoundError('No such review')
    const scope = accessScopeOf(review, await accessListOf(db, 'review', review))
    if (!canReadReview(actor, scope)) throw new NotFoundError('No such review')
    if (!canEditReview(actor, scope)) {
      throw new AccessDeniedError('Not allowed: only the review team tags its learning')
    }
    const base = {
      partnershipId: review.leadPartnership.id,
      review: { id: review.id, title: review.title },
      backHref: `/manage/reviews/${review.id}${target.kind === 'review' ? '' : '#findings'}`,
      backText: 'Back to the review',
    }
    if (target.kind === 'briefing') {
      const briefing = await findBriefingOfReview(db, review.id)
      if (!briefing) throw new NotFoundError('This review has no briefing yet')
      return {
        ...base,
        backHref: `/manage/reviews/${review.id}/briefing`,
        backText: 'Back to the briefing',
        recordType: 'briefing',
        recordId: briefing.id,
        label: 'Seven-minute briefing',
        text: Object.values(briefing.sections).join('\n\n'),
      }
    }
    if (target.kind === 'review') {
      return {
        ...base,
        recordType: 'review',
        recordId: review.id,
        label: review.title,
        text: [review.title, review.termsOfReference].join('\n\n'),
      }
    }
    if (!isFindingKind(target.kind)) throw new NotFoundError('No such finding')
    const finding = await findFinding(db, target.kind, target.findingId)
    if (!finding || finding.reviewId !== review.id || finding.enteredInError) {
      throw new NotFoundError('No such finding')
    }
    return {
      ...base,
      recordType: target.kind,
      recordId: finding.id,
      label: `${FINDING_KIND_NAMES[target.kind]} ${finding.position}`,
      text: finding.text,
    }
  }
}
