// Thematic briefings (issue 11). The business unit chooses themes and a period;
// the product compiles a draft from the tagged learning points and
// recommendations of the reviews the person may read (their partnership's own
// reviews under the usual access rules, and every partnership's published
// reviews), each item citing its review. The business unit edits it section by
// section (versioned, audited), publishes it at /briefings/:slug, once every
// review it cites is public, and withdraws it with a reason. It is the same
// briefing record as a seven-minute briefing, of kind 'thematic', with the
// same page, PDF, .docx and record of use by teams.
//
// Who: as for a seven-minute briefing, the business unit writes and publishes
// (a thematic briefing has no review team, so the partnership's business unit
// is its team). Administrators do not edit briefings. A draft may hold learning
// of a restricted review, so its pages are refused to anyone who may not read
// every review it cites.
import { randomUUID } from 'node:crypto'
import type { Db } from '../../data/db.js'
import {
  insertBriefingUse,
  listCurrentAgencies,
  setBriefingPublished,
  setBriefingWithdrawn,
} from '../../data/repositories/briefings/briefing-repository.js'
import {
  findThematicBriefing,
  findThematicBriefingBySlug,
  insertThematicBriefing,
  isBriefingSlugTaken,
  listThematicBriefings,
  listThemedLearning,
  updateThematicText,
  type CandidateReviewRow,
  type ThematicBriefingRecord,
} from '../../data/repositories/briefings/thematic-briefing-repository.js'
import {
  findFormSubmission,
  insertFormSubmission,
} from '../../data/repositories/form-submission-repository.js'
import { insertTag, listThemes } from '../../data/repositories/learning/theme-repository.js'
import { findReviewWork } from '../../data/repositories/review-work-repository.js'
import { assertCan, canCommissionReview } from '../../domain/access/policy.js'
import type { Actor } from '../../domain/access/roles.js'
import {
  briefingBlocks,
  checkSectionText,
  checkWithdrawalReason,
  briefingStatusName,
  briefingStatusOf,
  type BriefingStatus,
} from '../../domain/briefings/briefing.js'
import { checkBriefingUse, type BriefingUseInput } from '../../domain/briefings/briefing-use.js'
import {
  checkThematicChoice,
  citedSources,
  compileThematicBriefing,
  periodText,
  selectThematicLearning,
  thematicPublicationRefusals,
  thematicSectionBySlug,
  thematicSlug,
  THEMATIC_SECTIONS,
  THEMATIC_TITLE_LIMIT,
  type Period,
  type ReviewForThematicBriefing,
  type ThematicChoice,
  type ThematicSections,
} from '../../domain/briefings/thematic-briefing.js'
import type { CalendarDate } from '../../domain/calendar/calendar-date.js'
import { formatUkDate } from '../../domain/calendar/uk-time.js'
import { AccessDeniedError, NotFoundError, ValidationError } from '../../domain/errors.js'
import type { BriefingDocument } from '../../integrations/documents/briefing-document.js'
import { renderBriefingDocx } from '../../integrations/documents/briefing-docx.js'
import { renderBriefingPdf } from '../../integrations/documents/briefing-pdf.js'
import { recordAudit } from '../audit-trail.js'
import { userActor, type ServiceContext } from '../context.js'
import { labelledValues, withSavedVersion, type ConflictField } from '../edit-conflicts.js'
import { PublicSearchService, type SearchDocument } from '../public-site/public-search-service.js'
import { indexThematicBriefingForStaffSearch } from '../learning/staff-search-service.js'
import { accessListOf, reviewAccess } from '../record-access.js'
import { accessScopeOf } from '../review-views.js'
import { publicThematicPath } from './briefing-paths.js'
import type { BriefingFormat } from './briefing-service.js'

const RECORD_USE_FORM = 'record-briefing-use'
export const THEMATIC_SEARCH_KIND = 'thematic-briefing'

export interface ThematicSourceView {
  readonly reviewId: string
  readonly label: string
  readonly title: string
  readonly slug: string
  /** Published and not taken down: its learning may be public. */
  readonly public: boolean
  readonly cited: boolean
}

export interface ThematicBriefingView {
  readonly id: string
  readonly partnershipName: string
  readonly title: string
  readonly slug: string
  readonly period: Period
  readonly periodText: string
  readonly themes: readonly { slug: string; name: string }[]
  readonly status: BriefingStatus
  readonly sections: ThematicSections
  readonly sources: readonly ThematicSourceView[]
  readonly version: number
  readonly publishedAt: string | null
  readonly publishedByName: string | null
  readonly withdrawnAt: string | null
  readonly withdrawnReason: string | null
  readonly withdrawnByName: string | null
  readonly updatedAt: string
  readonly updatedByName: string
}

export interface ThemeChoiceView {
  readonly slug: string
  readonly name: string
  readonly description: string
}

export interface CompileFormView {
  readonly themes: readonly ThemeChoiceView[]
  readonly partnerships: readonly { id: string; name: string }[]
}

export interface LearningFound {
  readonly choice: ThematicChoice
  readonly reviews: readonly {
    readonly id: string
    readonly title: string
    readonly label: string
    readonly date: string
    readonly leadPartnershipName: string
    readonly public: boolean
    readonly themeNames: readonly string[]
    readonly items: readonly { kind: string; position: number; text: string }[]
  }[]
}

export type PublicThematicBriefing =
  | { readonly state: 'published'; readonly briefing: ThematicBriefingView }
  | { readonly state: 'withdrawn'; readonly title: string; readonly withdrawnAt: string }

export interface ThematicUseForm {
  readonly briefing: { readonly id: string; readonly title: string; readonly slug: string }
  readonly agencies: readonly { id: string; name: string; partnershipName: string }[]
  readonly ownAgencyId: string | null
  readonly today: CalendarDate
}

/** The fields the "changed by someone else" page compares: the section (or title) edited. */
export function thematicSectionFields(slug: string): ConflictField[] {
  if (slug === 'title') return [{ name: 'text', label: 'Title' }]
  const section = thematicSectionBySlug(slug)
  return section ? [{ name: 'text', label: section.heading }] : []
}

const MOST_FILES_KEPT = 16

export class ThematicBriefingService {
  private readonly files = new Map<string, { file: Buffer; filename: string }>()

  constructor(private readonly context: ServiceContext) {}

  // ── Staff: choosing, finding and compiling ───────────────────────────────

  /** The partnerships whose business unit this person is: the only ones they compile for. */
  private ownPartnerships(actor: Actor): { id: string; name: string }[] {
    const seen = new Map<string, string>()
    for (const membership of actor.memberships) {
      if (canCommissionReview(actor, membership.partnershipId)) {
        seen.set(membership.partnershipId, membership.partnershipName)
      }
    }
    return [...seen.entries()].map(([id, name]) => ({ id, name }))
  }

  private assertBusinessUnit(actor: Actor | null): asserts actor is Actor {
    assertCan(actor, 'reviews:edit')
    if (this.ownPartnerships(actor).length === 0) {
      throw new AccessDeniedError('Not allowed: only the business unit writes thematic briefings')
    }
  }

  async compileForm(actor: Actor | null): Promise<CompileFormView> {
    this.assertBusinessUnit(actor)
    const themes = await listThemes(this.context.db)
    return {
      themes: themes.map((theme) => ({
        slug: theme.slug,
        name: theme.name,
        description: theme.description,
      })),
      partnerships: this.ownPartnerships(actor),
    }
  }

  /** The partnership compiled for: the one given, if the person is its business unit, or their only one. */
  private partnershipFor(actor: Actor, given: unknown): { id: string; name: string } {
    const own = this.ownPartnerships(actor)
    const chosen =
      typeof given === 'string' && given !== ''
        ? own.find((partnership) => partnership.id === given)
        : own.length === 1
          ? own[0]
          : undefined
    if (!chosen) {
      throw new ValidationError([
        { field: 'partnershipId', message: 'Select the partnership the briefing is for' },
      ])
    }
    return chosen
  }

  private async checkedChoice(
    input: { themes: unknown; fromYear: unknown; toYear: unknown },
    db: Db,
  ): Promise<{ choice: ThematicChoice; themeNames: Map<string, string> }> {
    const themes = await listThemes(db)
    const checked = checkThematicChoice(input, new Set(themes.map((theme) => theme.slug)))
    if (!checked.value) throw new ValidationError(checked.errors)
    return {
      choice: checked.value,
      themeNames: new Map(themes.map((theme) => [theme.slug, theme.name])),
    }
  }

  /**
   * The reviews this person may draw on for the partnership: every public
   * review (published, not taken down), and the partnership's own reviews that
   * they may read, restricted ones only when they are on the access list.
   * Another partnership's unpublished work is never drawn on.
   */
  private async readableReviews(
    db: Db,
    actor: Actor,
    partnershipId: string,
    reviews: readonly CandidateReviewRow[],
  ): Promise<CandidateReviewRow[]> {
    const readable: CandidateReviewRow[] = []
    for (const review of reviews) {
      if (isPublic(review)) {
        readable.push(review)
        continue
      }
      if (review.leadPartnershipId !== partnershipId) continue
      const record = await findReviewWork(db, review.id)
      if (!record) continue
      const scope = accessScopeOf(record, await accessListOf(db, 'review', record))
      // 'open' only: an administrator's audited way into a restricted review is
      // for looking at it, not for copying its learning into a briefing.
      if (reviewAccess(actor, scope) === 'open') readable.push(review)
    }
    return readable
  }

  private async learningFor(db: Db, actor: Actor, partnershipId: string, choice: ThematicChoice) {
    const found = await listThemedLearning(db, choice.themeSlugs)
    const readable = await this.readableReviews(db, actor, partnershipId, found.reviews)
    const reviews = readable.map(forCompiling)
    const readableIds = new Set(readable.map((review) => review.id))
    const items = found.items.filter((item) => readableIds.has(item.reviewId))
    return { rows: readable, reviews, items }
  }

  /** What a briefing on these themes over this period would draw on: for the compile page. */
  async findLearning(
    actor: Actor | null,
    input: { partnershipId?: unknown; themes: unknown; fromYear: unknown; toYear: unknown },
  ): Promise<LearningFound> {
    this.assertBusinessUnit(actor)
    const { db } = this.context
    const partnership = this.partnershipFor(actor, input.partnershipId)
    const { choice, themeNames } = await this.checkedChoice(input, db)
    const { rows, reviews, items } = await this.learningFor(db, actor, partnership.id, choice)
    const selected = selectThematicLearning(choice, reviews, items)
    const compiled = compileThematicBriefing({
      choice,
      themes: [...themeNames.entries()].map(([slug, name]) => ({ slug, name })),
      reviews: selected.reviews,
      items: selected.items,
    })
    return {
      choice,
      reviews: selected.reviews.map((review) => {
        const row = rows.find((candidate) => candidate.id === review.id)
        return {
          id: review.id,
          title: review.title,
          label: compiled.sources.find((source) => source.reviewId === review.id)?.label ?? '',
          date: review.date,
          leadPartnershipName: row?.leadPartnershipName ?? '',
          public: row ? isPublic(row) : false,
          themeNames: review.themeSlugs.map((slug) => themeNames.get(slug) ?? slug),
          items: selected.items
            .filter((item) => item.reviewId === review.id)
            .map((item) => ({ kind: item.kind, position: item.position, text: item.text })),
        }
      }),
    }
  }

  /** Compiles a draft from the tagged learning and saves it, with its themes and the reviews it cites. */
  async compile(
    actor: Actor | null,
    input: {
      partnershipId?: unknown
      themes: unknown
      fromYear: unknown
      toYear: unknown
    },
  ): Promise<{ id: string }> {
    this.assertBusinessUnit(actor)
    const partnership = this.partnershipFor(actor, input.partnershipId)
    return this.context.db.transaction().execute(async (trx) => {
      const { choice, themeNames } = await this.checkedChoice(input, trx)
      const { reviews, items } = await this.learningFor(trx, actor, partnership.id, choice)
      const compiled = compileThematicBriefing({
        choice,
        themes: [...themeNames.entries()].map(([slug, name]) => ({ slug, name })),
        reviews,
        items,
      })
      if (compiled.sources.length === 0) {
        throw new ValidationError([
          {
            field: 'themes',
            message: `No reviews you may draw on touch these themes in ${periodText(choice.period)}: choose other themes or years`,
          },
        ])
      }
      const id = randomUUID()
      const at = this.context.now()
      await insertThematicBriefing(trx, {
        id,
        partnershipId: partnership.id,
        title: compiled.title,
        slug: await this.freeSlug(trx, compiled.title),
        periodFrom: choice.period.fromYear,
        periodTo: choice.period.toYear,
        sections: compiled.sections,
        sources: compiled.sources,
        createdByUserId: actor.userId,
        byName: actor.displayName,
        now: at.toISOString(),
      })
      const themes = await listThemes(trx)
      for (const slug of choice.themeSlugs) {
        const theme = themes.find((candidate) => candidate.slug === slug)
        if (!theme) continue
        await insertTag(trx, {
          id: randomUUID(),
          themeId: theme.id,
          recordType: 'briefing',
          recordId: id,
          partnershipId: partnership.id,
          at: at.toISOString(),
          byUserId: actor.userId,
          byName: actor.displayName,
        })
      }
      await recordAudit(trx, at, {
        actor: userActor(actor),
        action: 'briefing.compiled',
        recordType: 'briefing',
        recordId: id,
        partnershipId: partnership.id,
        after: {
          kind: 'thematic',
          themes: choice.themeSlugs,
          fromYear: choice.period.fromYear,
          toYear: choice.period.toYear,
          reviews: compiled.sources.map((source) => source.reviewId),
          items: compiled.items.length,
          leftOut: compiled.leftOut,
        },
      })
      return { id }
    })
  }

  private async freeSlug(db: Db, title: string): Promise<string> {
    const base = thematicSlug(title)
    for (let n = 1; ; n += 1) {
      const slug = n === 1 ? base : `${base}-${n}`
      if (!(await isBriefingSlugTaken(db, slug))) return slug
    }
  }

  /** The partnership's thematic briefings, for its business unit. */
  async list(actor: Actor | null): Promise<ThematicBriefingView[]> {
    this.assertBusinessUnit(actor)
    const records = await listThematicBriefings(this.context.db, {
      partnershipIds: this.ownPartnerships(actor).map((partnership) => partnership.id),
    })
    return records.map(viewOf)
  }

  /**
   * One thematic briefing for its staff page: the partnership's business unit,
   * and only if they may read every review it cites (a draft can hold a
   * restricted review's learning). Anyone else is told it does not exist.
   */
  async staffBriefing(actor: Actor | null, id: string): Promise<ThematicBriefingView> {
    this.assertBusinessUnit(actor)
    const record = await this.readable(this.context.db, actor, id)
    return viewOf(record)
  }

  private async readable(db: Db, actor: Actor, id: string): Promise<ThematicBriefingRecord> {
    const record = await findThematicBriefing(db, id)
    if (!record || !canCommissionReview(actor, record.partnershipId)) {
      throw new NotFoundError('No such briefing')
    }
    const candidates = record.sources.map((source) => ({
      id: source.reviewId,
      status: source.reviewStatus,
      withdrawnAt: source.reviewWithdrawnAt,
      leadPartnershipId: source.leadPartnershipId,
    }))
    for (const source of candidates) {
      if (isPublic(source)) continue
      const work = await findReviewWork(db, source.id)
      if (!work) throw new NotFoundError('No such briefing')
      const scope = accessScopeOf(work, await accessListOf(db, 'review', work))
      if (reviewAccess(actor, scope) !== 'open') throw new NotFoundError('No such briefing')
    }
    return record
  }

  /** Saves one section, or the title ('title'): versioned (a stale edit shows both versions) and audited. */
  async editSection(
    actor: Actor | null,
    id: string,
    sectionSlug: string,
    expectedVersion: number,
    text: unknown,
  ): Promise<void> {
    const section =
      sectionSlug === 'title'
        ? {
            key: 'title' as const,
            slug: 'title',
            heading: 'Title',
            limit: THEMATIC_TITLE_LIMIT,
            mostLines: 1,
          }
        : thematicSectionBySlug(sectionSlug)
    if (!section) throw new NotFoundError('No such section')
    this.assertBusinessUnit(actor)
    await this.context.db.transaction().execute(async (trx) => {
      const briefing = await this.readable(trx, actor, id)
      const checked = checkSectionText(section, text)
      if (section.key === 'title' && checked.value === '') {
        checked.errors.push({ field: 'text', message: 'Enter a title' })
      }
      if (checked.errors.length > 0) throw new ValidationError(checked.errors)
      const before = section.key === 'title' ? briefing.title : briefing.sections[section.key]
      const at = this.context.now()
      await withSavedVersion(
        async () => {
          const saved = await findThematicBriefing(trx, id)
          if (!saved) return null
          return labelledValues(thematicSectionFields(section.slug), {
            text: section.key === 'title' ? saved.title : saved.sections[section.key],
          })
        },
        () =>
          updateThematicText(trx, id, expectedVersion, section.key, checked.value, {
            byName: actor.displayName,
            now: at.toISOString(),
          }),
      )
      if (briefing.status === 'published') {
        // A correction to a published briefing: both searches read the new text.
        const saved = await findThematicBriefing(trx, id)
        const document = saved ? thematicSearchDocument(viewOf(saved), at) : null
        if (document) {
          await new PublicSearchService({ db: trx, now: this.context.now }).indexPublishedText(
            { ...document, publishedOn: (saved?.publishedAt ?? at.toISOString()).slice(0, 10) },
            trx,
          )
        }
        await indexThematicBriefingForStaffSearch(trx, id, at)
      }
      await recordAudit(trx, at, {
        actor: userActor(actor),
        action: 'briefing.section-changed',
        recordType: 'briefing',
        recordId: id,
        partnershipId: briefing.partnershipId,
        before: { section: section.slug, version: expectedVersion },
        after: {
          section: section.slug,
          characters: checked.value.length,
          textChanged: checked.value !== before,
          version: expectedVersion + 1,
        },
      })
    })
  }

  /** Makes the briefing public at /briefings/:slug and searchable, once every review it cites is public. */
  async publish(actor: Actor | null, id: string, expectedVersion: number): Promise<void> {
    this.assertBusinessUnit(actor)
    await this.context.db.transaction().execute(async (trx) => {
      const record = await this.readable(trx, actor, id)
      const view = viewOf(record)
      const refusals = thematicPublicationRefusals({
        status: view.status,
        sections: view.sections,
        sources: view.sources,
      })
      if (refusals.length > 0) throw new ValidationError(refusals)
      const at = this.context.now()
      await withSavedVersion(
        async () => {
          const saved = await findThematicBriefing(trx, id)
          return saved ? { Status: briefingStatusName(saved) } : null
        },
        () =>
          setBriefingPublished(trx, id, expectedVersion, {
            byName: actor.displayName,
            now: at.toISOString(),
          }),
      )
      const document = thematicSearchDocument(view, at)
      if (document) {
        await new PublicSearchService({ db: trx, now: this.context.now }).indexPublishedText(
          document,
          trx,
        )
      }
      await indexThematicBriefingForStaffSearch(trx, id, at)
      await recordAudit(trx, at, {
        actor: userActor(actor),
        action: 'briefing.published',
        recordType: 'briefing',
        recordId: id,
        partnershipId: record.partnershipId,
        before: { status: record.status, version: expectedVersion },
        after: {
          status: 'published',
          kind: 'thematic',
          cites: view.sources.filter((source) => source.cited).map((source) => source.reviewId),
          version: expectedVersion + 1,
        },
      })
    })
  }

  async withdraw(
    actor: Actor | null,
    id: string,
    expectedVersion: number,
    reasonText: unknown,
  ): Promise<void> {
    this.assertBusinessUnit(actor)
    await this.context.db.transaction().execute(async (trx) => {
      const record = await this.readable(trx, actor, id)
      if (record.status !== 'published') {
        throw new ValidationError([
          { field: 'reason', message: 'Only a published briefing can be withdrawn' },
        ])
      }
      const reason = checkWithdrawalReason(reasonText)
      if (reason.errors.length > 0) throw new ValidationError(reason.errors)
      const at = this.context.now()
      await withSavedVersion(
        async () => {
          const saved = await findThematicBriefing(trx, id)
          return saved ? { Status: briefingStatusName(saved) } : null
        },
        () =>
          setBriefingWithdrawn(trx, id, expectedVersion, {
            byName: actor.displayName,
            now: at.toISOString(),
            reason: reason.value,
          }),
      )
      await new PublicSearchService({ db: trx, now: this.context.now }).removeFromIndex(
        THEMATIC_SEARCH_KIND,
        id,
        trx,
      )
      await indexThematicBriefingForStaffSearch(trx, id, at)
      await recordAudit(trx, at, {
        actor: userActor(actor),
        action: 'briefing.withdrawn',
        recordType: 'briefing',
        recordId: id,
        partnershipId: record.partnershipId,
        before: { status: 'published', version: expectedVersion },
        after: { status: 'withdrawn', reason: reason.value, version: expectedVersion + 1 },
      })
    })
  }

  async draftDocument(
    actor: Actor | null,
    id: string,
    format: BriefingFormat,
  ): Promise<{ file: Buffer; filename: string }> {
    return this.document(await this.staffBriefing(actor, id), format)
  }

  // ── The public ────────────────────────────────────────────────────────────

  /** Published thematic briefings, newest first. */
  async publicList(): Promise<ThematicBriefingView[]> {
    const records = await listThematicBriefings(this.context.db, { publishedOnly: true })
    return records.map(viewOf)
  }

  /** A published briefing, or that it was withdrawn; drafts are not found. */
  async publicBriefing(slug: string): Promise<PublicThematicBriefing> {
    const record = await findThematicBriefingBySlug(this.context.db, slug)
    if (record?.status === 'published') return { state: 'published', briefing: viewOf(record) }
    if (record?.status === 'withdrawn' && record.withdrawnAt !== null) {
      return { state: 'withdrawn', title: record.title, withdrawnAt: record.withdrawnAt }
    }
    throw new NotFoundError('No such briefing')
  }

  async publicDocument(
    slug: string,
    format: BriefingFormat,
  ): Promise<
    | { state: 'published'; file: Buffer; filename: string }
    | { state: 'withdrawn'; title: string; withdrawnAt: string }
  > {
    const found = await this.publicBriefing(slug)
    if (found.state === 'withdrawn') return found
    return { state: 'published', ...(await this.document(found.briefing, format)) }
  }

  // ── Use records ───────────────────────────────────────────────────────────

  async useForm(actor: Actor | null, id: string): Promise<ThematicUseForm> {
    assertCan(actor, 'manage:open')
    const record = await findThematicBriefing(this.context.db, id)
    if (record?.status !== 'published') throw new NotFoundError('No such briefing')
    const partnershipIds = [
      ...new Set([
        record.partnershipId,
        ...actor.memberships.map((membership) => membership.partnershipId),
      ]),
    ]
    const agencies = await listCurrentAgencies(this.context.db, partnershipIds)
    const ownAgencyId =
      actor.memberships.find(
        (membership) =>
          membership.agencyId !== null && agencies.some((a) => a.id === membership.agencyId),
      )?.agencyId ?? null
    return {
      briefing: { id: record.id, title: record.title, slug: record.slug },
      agencies,
      ownAgencyId,
      today: new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(
        this.context.now(),
      ) as CalendarDate,
    }
  }

  /** Records a team's use, as for a seven-minute briefing; the same form sent twice records once. */
  async recordUse(
    actor: Actor | null,
    id: string,
    input: BriefingUseInput,
    formToken: string | null = null,
  ): Promise<{ id: string }> {
    const form = await this.useForm(actor, id)
    const earlier = await this.recordedWith(formToken)
    if (earlier) return earlier
    const checked = checkBriefingUse(input, {
      agencyIds: form.agencies.map((agency) => agency.id),
      today: form.today,
    })
    if (!checked.value) throw new ValidationError(checked.errors)
    const use = checked.value
    const { db, now } = this.context
    try {
      return await db.transaction().execute(async (trx) => {
        const record = await findThematicBriefing(trx, id)
        if (record?.status !== 'published') throw new NotFoundError('No such briefing')
        const useId = randomUUID()
        const at = now()
        await insertBriefingUse(trx, {
          id: useId,
          briefingId: id,
          team: use.team,
          agencyId: use.agencyId,
          usedOn: use.usedOn,
          staffCount: use.staffCount,
          agreedActions: use.agreedActions,
          recordedByUserId: actor!.userId,
          recordedByName: actor!.displayName,
          now: at.toISOString(),
        })
        if (formToken !== null) {
          await insertFormSubmission(trx, {
            token: formToken,
            purpose: RECORD_USE_FORM,
            recordType: 'briefing-use',
            recordId: useId,
            userId: actor!.userId,
            createdAt: at.toISOString(),
          })
        }
        await recordAudit(trx, at, {
          actor: userActor(actor!),
          action: 'briefing.use-recorded',
          recordType: 'briefing',
          recordId: id,
          partnershipId: record.partnershipId,
          after: {
            useId,
            agencyId: use.agencyId,
            usedOn: use.usedOn,
            staff: use.staffCount,
          },
        })
        return { id: useId }
      })
    } catch (error) {
      const other = await this.recordedWith(formToken)
      if (other) return other
      throw error
    }
  }

  private async recordedWith(formToken: string | null): Promise<{ id: string } | null> {
    if (formToken === null) return null
    const spent = await findFormSubmission(this.context.db, formToken, RECORD_USE_FORM)
    return spent ? { id: spent.recordId } : null
  }

  // ── Helpers ───────────────────────────────────────────────────────────────

  private async document(
    briefing: ThematicBriefingView,
    format: BriefingFormat,
  ): Promise<{ file: Buffer; filename: string }> {
    // Every change moves the version on, so a file kept under it is never stale.
    const key = JSON.stringify([briefing.id, briefing.version, format])
    const kept = this.files.get(key)
    if (kept) return kept
    const document = thematicDocument(briefing)
    const file =
      format === 'pdf'
        ? await renderBriefingPdf(document, new Date(briefing.updatedAt))
        : await renderBriefingDocx(document)
    const rendered = { file, filename: `${briefing.slug}.${format}` }
    if (this.files.size >= MOST_FILES_KEPT) {
      const oldest = this.files.keys().next().value
      if (oldest !== undefined) this.files.delete(oldest)
    }
    this.files.set(key, rendered)
    return rendered
  }
}

function isPublic(review: {
  readonly status: string
  readonly withdrawnAt: string | null
}): boolean {
  return review.status === 'published' && review.withdrawnAt === null
}

/** The date that places a review in a period: published, else decided on, else recorded. */
function forCompiling(review: CandidateReviewRow): ReviewForThematicBriefing {
  return {
    id: review.id,
    title: review.title,
    childPseudonym: review.childPseudonym,
    date: review.publishedOn ?? review.decisionOn ?? review.createdAt.slice(0, 10),
    summary: review.summary.split(/\n\s*\n/),
    themeSlugs: review.themeSlugs,
  }
}

function viewOf(record: ThematicBriefingRecord): ThematicBriefingView {
  const period = { fromYear: record.periodFrom, toYear: record.periodTo }
  const sources = record.sources.map((source) => ({
    reviewId: source.reviewId,
    label: source.label,
    title: source.reviewTitle,
    slug: source.reviewSlug,
    public: isPublic({ status: source.reviewStatus, withdrawnAt: source.reviewWithdrawnAt }),
  }))
  const cited = new Set(citedSources(record.sections, sources).map((source) => source.reviewId))
  return {
    id: record.id,
    partnershipName: record.partnershipName,
    title: record.title,
    slug: record.slug,
    period,
    periodText: periodText(period),
    themes: record.themes,
    status: briefingStatusOf(record),
    sections: record.sections,
    sources: sources.map((source) => ({ ...source, cited: cited.has(source.reviewId) })),
    version: record.version,
    publishedAt: record.publishedAt,
    publishedByName: record.publishedByName,
    withdrawnAt: record.withdrawnAt,
    withdrawnReason: record.withdrawnReason,
    withdrawnByName: record.withdrawnByName,
    updatedAt: record.updatedAt,
    updatedByName: record.updatedByName,
  }
}

/**
 * A published thematic briefing's text for the public search. The index keeps
 * each entry under a review, and checks at every search that the review is
 * still public: the entry sits under the first review the briefing cites, so
 * taking that review down takes the briefing out of the search with it.
 */
export function thematicSearchDocument(
  briefing: ThematicBriefingView,
  publishedAt: Date,
): SearchDocument | null {
  const anchor = briefing.sources.find((source) => source.cited && source.public)
  if (!anchor) return null
  return {
    sourceKind: THEMATIC_SEARCH_KIND,
    sourceId: briefing.id,
    reviewId: anchor.reviewId,
    title: `${briefing.title}: thematic briefing`,
    body: [
      briefing.themes.map((theme) => theme.name).join(', '),
      ...THEMATIC_SECTIONS.map(
        (section) => `${section.heading}\n${briefing.sections[section.key]}`,
      ),
    ].join('\n\n'),
    url: publicThematicPath(briefing.slug),
    publishedOn: publishedAt.toISOString().slice(0, 10),
  }
}

/** The briefing laid out for the PDF and .docx writers, with the reviews it cites at the end. */
export function thematicDocument(briefing: ThematicBriefingView): BriefingDocument {
  const when =
    briefing.status === 'published' && briefing.publishedAt !== null
      ? `published ${formatUkDate(briefing.publishedAt)}`
      : `${briefing.status === 'withdrawn' ? 'withdrawn' : 'draft'}, last changed ${formatUkDate(briefing.updatedAt)}`
  const cited = briefing.sources.filter((source) => source.cited)
  return {
    title: `Thematic briefing: ${briefing.title}`,
    subtitle: `${briefing.partnershipName} · ${briefing.themes.map((theme) => theme.name).join(', ')} · reviews from ${briefing.periodText} · ${when}`,
    author: briefing.partnershipName,
    sections: [
      ...THEMATIC_SECTIONS.map((section, index) => ({
        heading: `${index + 1}. ${section.heading}`,
        blocks: briefingBlocks(briefing.sections[section.key]),
      })),
      {
        heading: 'Reviews cited',
        blocks: [
          {
            kind: 'list' as const,
            items: cited.map(
              (source) =>
                `[${source.label}] ${source.title}: /reviews/${encodeURIComponent(source.slug)}`,
            ),
          },
        ],
      },
    ],
  }
}
