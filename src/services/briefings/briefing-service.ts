// Seven-minute briefings (issue 9). The review team (its named reviewers and the
// lead partnership's business unit, as for its findings) starts a briefing from
// a draft filled from the review and edits it section by section (versioned,
// audited). The lead partnership's business unit publishes it, only once the
// review itself is published (S13–S16: its learning is not public before the
// report), and withdraws it with a reason; the public address then says it was
// withdrawn and when. Briefings are never deleted.
//
// Use records replace the paper form: any signed-in member of staff, of any
// role, records that their team used a public briefing. Signing in keeps the
// records free of spam and tells the partnership who recorded each one; a team
// manager without an account asks the partnership for one, as for any staff page.
import { randomUUID } from 'node:crypto'
import type { Db } from '../../data/db.js'
import {
  findBriefingOfReview,
  findBriefingReview,
  findBriefingReviewBySlug,
  insertBriefing,
  insertBriefingUse,
  listBriefingUses,
  listCurrentAgencies,
  listPublishedBriefings,
  listReviewStatements,
  setBriefingPublished,
  setBriefingWithdrawn,
  updateBriefingSection,
  type BriefingRecord,
  type BriefingReview,
  type BriefingUseRow,
} from '../../data/repositories/briefings/briefing-repository.js'
import {
  findFormSubmission,
  insertFormSubmission,
} from '../../data/repositories/form-submission-repository.js'
import { findReviewWork } from '../../data/repositories/review-work-repository.js'
import {
  assertCan,
  canCommissionReview,
  canEditReview,
  partnershipsWhere,
} from '../../domain/access/policy.js'
import type { Actor } from '../../domain/access/roles.js'
import {
  BRIEFING_SECTIONS,
  briefingBlocks,
  checkSectionText,
  checkWithdrawalReason,
  draftBriefing,
  briefingStatusName,
  briefingStatusOf,
  publicationRefusals,
  sectionBySlug,
  type BriefingSections,
  type BriefingStatus,
} from '../../domain/briefings/briefing.js'
import {
  checkBriefingUse,
  useTotals,
  type BriefingUse,
  type BriefingUseInput,
  type UseTotal,
} from '../../domain/briefings/briefing-use.js'
import type { CalendarDate } from '../../domain/calendar/calendar-date.js'
import { formatUkDate } from '../../domain/calendar/uk-time.js'
import { AccessDeniedError, NotFoundError, ValidationError } from '../../domain/errors.js'
import { isReviewKind, REVIEW_KIND_NAMES } from '../../domain/reviews/review-kinds.js'
import type { BriefingDocument } from '../../integrations/documents/briefing-document.js'
import { renderBriefingDocx } from '../../integrations/documents/briefing-docx.js'
import { renderBriefingPdf } from '../../integrations/documents/briefing-pdf.js'
import { recordAudit } from '../audit-trail.js'
import { publicThematicPath, thematicUseFormPath } from './briefing-paths.js'
import { userActor, type ServiceContext } from '../context.js'
import { labelledValues, withSavedVersion, type ConflictField } from '../edit-conflicts.js'
import { accessListOf, auditAdministratorAccess, reviewAccess } from '../record-access.js'
import { accessScopeOf } from '../review-views.js'
import { PublicSearchService, type SearchDocument } from '../public-site/public-search-service.js'
import { indexReviewForStaffSearch } from '../learning/staff-search-service.js'

export type BriefingFormat = 'pdf' | 'docx'

const RECORD_USE_FORM = 'record-briefing-use'

export interface BriefingView {
  readonly id: string
  readonly status: BriefingStatus
  readonly sections: BriefingSections
  readonly version: number
  readonly publishedAt: string | null
  readonly publishedByName: string | null
  readonly withdrawnAt: string | null
  readonly withdrawnReason: string | null
  readonly withdrawnByName: string | null
  readonly updatedAt: string
  readonly updatedByName: string
}

export interface BriefingReviewView {
  readonly id: string
  readonly slug: string
  readonly title: string
  readonly kindName: string
  readonly childPseudonym: string
  readonly leadPartnershipName: string
  /** Is the review itself public (so its briefing may be)? */
  readonly published: boolean
  readonly publishedOn: string | null
}

export interface StaffBriefingPage {
  readonly review: BriefingReviewView
  readonly briefing: BriefingView | null
  /** The review team: may start and edit the briefing. */
  readonly canWrite: boolean
  /** The lead partnership's business unit: may publish and withdraw it. */
  readonly canPublish: boolean
}

export type PublicBriefing =
  | {
      readonly state: 'published'
      readonly review: BriefingReviewView
      readonly briefing: BriefingView
    }
  | {
      readonly state: 'withdrawn'
      readonly review: BriefingReviewView
      readonly withdrawnAt: string
    }

export interface BriefingUseForm {
  readonly review: BriefingReviewView
  readonly agencies: readonly { id: string; name: string; partnershipName: string }[]
  /** The agency the person's account names, if any, to choose first. */
  readonly ownAgencyId: string | null
  readonly today: CalendarDate
}

export interface BriefingUsage {
  readonly records: readonly BriefingUseRow[]
  readonly byBriefing: readonly UseTotal[]
  readonly byAgency: readonly UseTotal[]
  /** Published briefings of the partnership, used or not, so an unused one shows as 0. */
  readonly publishedBriefings: readonly { title: string; href: string; recordUseHref: string }[]
}

/** The fields the "changed by someone else" page compares: the section edited. */
export function briefingSectionFields(slug: string): ConflictField[] {
  const section = sectionBySlug(slug)
  return section ? [{ name: 'text', label: section.heading }] : []
}

/** Rendered files kept in memory: a briefing is downloaded far more often than it changes. */
const MOST_FILES_KEPT = 32

export class BriefingService {
  private readonly files = new Map<string, { file: Buffer; filename: string }>()

  constructor(private readonly context: ServiceContext) {}

  // ── Staff ─────────────────────────────────────────────────────────────────

  /** The review's briefing (or none yet) for its staff page: 404 to anyone who may not read the review. */
  async ofReview(actor: Actor | null, reviewId: string): Promise<StaffBriefingPage> {
    assertCan(actor, 'reviews:read-internal')
    const { db, now } = this.context
    const record = await findReviewWork(db, reviewId)
    if (!record) throw new NotFoundError('No such review')
    const scope = accessScopeOf(record, await accessListOf(db, 'review', record))
    const access = reviewAccess(actor, scope)
    if (access === 'refused') throw new NotFoundError('No such review')
    if (access === 'administrator') {
      await auditAdministratorAccess(db, now(), actor, {
        recordType: 'review',
        recordId: record.id,
        partnershipId: record.leadPartnership.id,
      })
    }
    const review = await this.review(db, reviewId)
    const briefing = await findBriefingOfReview(db, reviewId)
    return {
      review: reviewView(review),
      briefing: briefing ? briefingView(briefing) : null,
      canWrite: canEditReview(actor, scope),
      canPublish: canCommissionReview(actor, record.leadPartnership.id),
    }
  }

  /** Starts the briefing from a draft filled from the review; starting twice keeps the first. */
  async start(actor: Actor | null, reviewId: string): Promise<{ id: string; created: boolean }> {
    return this.change(actor, reviewId, 'write', async (trx, actor, review, existing) => {
      if (existing) return { id: existing.id, created: false }
      const statements = await listReviewStatements(trx, review.id)
      const sections = draftBriefing({
        title: review.title,
        childPseudonym: review.childPseudonym,
        leadPartnershipName: review.leadPartnershipName,
        summary: review.summary.split(/\n\s*\n/),
        learningPoints: statements.learningPoints,
        recommendations: statements.recommendations,
      })
      const id = randomUUID()
      const at = this.context.now()
      await insertBriefing(trx, {
        id,
        reviewId: review.id,
        sections,
        createdByUserId: actor.userId,
        byName: actor.displayName,
        now: at.toISOString(),
      })
      await this.audit(trx, at, actor, review, id, 'briefing.started', {
        after: { reviewId: review.id, filledFrom: 'review' },
      })
      return { id, created: true }
    })
  }

  /** Saves one section: versioned (a stale edit is refused, showing both versions) and audited. */
  async editSection(
    actor: Actor | null,
    reviewId: string,
    sectionSlug: string,
    expectedVersion: number,
    text: unknown,
  ): Promise<void> {
    const section = sectionBySlug(sectionSlug)
    if (!section) throw new NotFoundError('No such section')
    await this.change(actor, reviewId, 'write', async (trx, actor, review, briefing) => {
      if (!briefing) throw new NotFoundError('No briefing yet')
      const checked = checkSectionText(section, text)
      if (checked.errors.length > 0) throw new ValidationError(checked.errors)
      const at = this.context.now()
      await withSavedVersion(
        async () => {
          const saved = await findBriefingOfReview(trx, review.id)
          return saved
            ? labelledValues(briefingSectionFields(sectionSlug), {
                text: saved.sections[section.key],
              })
            : null
        },
        () =>
          updateBriefingSection(trx, briefing.id, expectedVersion, section.key, checked.value, {
            byName: actor.displayName,
            now: at.toISOString(),
          }),
      )
      // The text may describe the family: the audit says which section changed, not to what.
      await this.audit(trx, at, actor, review, briefing.id, 'briefing.section-changed', {
        before: { section: section.slug, version: expectedVersion },
        after: {
          section: section.slug,
          characters: checked.value.length,
          textChanged: checked.value !== briefing.sections[section.key],
          version: expectedVersion + 1,
        },
      })
    })
  }

  /** Makes the briefing public at /reviews/:slug/seven-minute-briefing: the lead business unit only. */
  async publish(actor: Actor | null, reviewId: string, expectedVersion: number): Promise<void> {
    await this.change(actor, reviewId, 'publish', async (trx, actor, review, briefing) => {
      if (!briefing) throw new NotFoundError('No briefing yet')
      const refusals = publicationRefusals({
        reviewPublished: review.status === 'published',
        status: briefingStatusOf(briefing),
        sections: briefing.sections,
      })
      if (refusals.length > 0) throw new ValidationError(refusals)
      const at = this.context.now()
      await withSavedVersion(
        () => this.statusVersion(trx, review.id),
        () =>
          setBriefingPublished(trx, briefing.id, expectedVersion, {
            byName: actor.displayName,
            now: at.toISOString(),
          }),
      )
      // Searchable exactly when it is public, in the same transaction (issue 9).
      await new PublicSearchService({ db: trx, now: this.context.now }).indexPublishedText(
        briefingSearchDocument(review, briefing.id, briefing.sections, at),
        trx,
      )
      await this.audit(trx, at, actor, review, briefing.id, 'briefing.published', {
        before: { status: briefing.status, version: expectedVersion },
        after: { status: 'published', version: expectedVersion + 1 },
      })
    })
  }

  /** Takes a published briefing down with a reason; its address then answers 410 Gone. */
  async withdraw(
    actor: Actor | null,
    reviewId: string,
    expectedVersion: number,
    reasonText: unknown,
  ): Promise<void> {
    await this.change(actor, reviewId, 'publish', async (trx, actor, review, briefing) => {
      if (!briefing) throw new NotFoundError('No briefing yet')
      if (briefing.status !== 'published') {
        throw new ValidationError([
          { field: 'reason', message: 'Only a published briefing can be withdrawn' },
        ])
      }
      const reason = checkWithdrawalReason(reasonText)
      if (reason.errors.length > 0) throw new ValidationError(reason.errors)
      const at = this.context.now()
      await withSavedVersion(
        () => this.statusVersion(trx, review.id),
        () =>
          setBriefingWithdrawn(trx, briefing.id, expectedVersion, {
            byName: actor.displayName,
            now: at.toISOString(),
            reason: reason.value,
          }),
      )
      await new PublicSearchService({ db: trx, now: this.context.now }).removeFromIndex(
        'briefing',
        briefing.id,
        trx,
      )
      await this.audit(trx, at, actor, review, briefing.id, 'briefing.withdrawn', {
        before: { status: 'published', version: expectedVersion },
        after: { status: 'withdrawn', reason: reason.value, version: expectedVersion + 1 },
      })
    })
  }

  /** The briefing as a PDF or .docx for the review's staff, whatever its status (a preview). */
  async draftDocument(
    actor: Actor | null,
    reviewId: string,
    format: BriefingFormat,
  ): Promise<{ file: Buffer; filename: string }> {
    const page = await this.ofReview(actor, reviewId)
    if (!page.briefing) throw new NotFoundError('No briefing yet')
    return this.document(page.review, page.briefing, format)
  }

  // ── The public ────────────────────────────────────────────────────────────

  /**
   * A briefing the public may read: published, of a published review. One that
   * was withdrawn says so; anything else is not found, so drafts and the
   * briefings of unpublished reviews are never shown.
   */
  async publicBriefing(reviewSlug: string): Promise<PublicBriefing> {
    const review = await findBriefingReviewBySlug(this.context.db, reviewSlug)
    if (!review || review.status !== 'published') throw new NotFoundError('No such briefing')
    const briefing = await findBriefingOfReview(this.context.db, review.id)
    // A review taken down (S15) takes its briefing down with it.
    if (review.withdrawnAt !== null && briefing !== undefined && briefing !== null) {
      return { state: 'withdrawn', review: reviewView(review), withdrawnAt: review.withdrawnAt }
    }
    if (briefing?.status === 'published') {
      return { state: 'published', review: reviewView(review), briefing: briefingView(briefing) }
    }
    if (briefing?.status === 'withdrawn' && briefing.withdrawnAt !== null) {
      return { state: 'withdrawn', review: reviewView(review), withdrawnAt: briefing.withdrawnAt }
    }
    throw new NotFoundError('No such briefing')
  }

  /** The public briefing's address, for a link from the review's page; null when there is none. */
  async publicBriefingHref(reviewSlug: string): Promise<string | null> {
    try {
      const found = await this.publicBriefing(reviewSlug)
      return found.state === 'published' ? publicBriefingPath(reviewSlug) : null
    } catch (error) {
      if (error instanceof NotFoundError) return null
      throw error
    }
  }

  async publicDocument(
    reviewSlug: string,
    format: BriefingFormat,
  ): Promise<
    | { state: 'published'; file: Buffer; filename: string }
    | { state: 'withdrawn'; review: BriefingReviewView; withdrawnAt: string }
  > {
    const found = await this.publicBriefing(reviewSlug)
    if (found.state === 'withdrawn') return found
    return { state: 'published', ...(await this.document(found.review, found.briefing, format)) }
  }

  // ── Use records ───────────────────────────────────────────────────────────

  /** The use form for a public briefing: any signed-in member of staff. */
  async useForm(actor: Actor | null, reviewSlug: string): Promise<BriefingUseForm> {
    assertCan(actor, 'manage:open')
    const found = await this.publicBriefing(reviewSlug)
    if (found.state !== 'published') throw new NotFoundError('No such briefing')
    const review = await findBriefingReviewBySlug(this.context.db, reviewSlug)
    const partnershipIds = [
      ...new Set([
        review!.leadPartnershipId,
        ...actor.memberships.map((membership) => membership.partnershipId),
      ]),
    ]
    const agencies = await listCurrentAgencies(this.context.db, partnershipIds)
    const ownAgencyId =
      actor.memberships.find(
        (membership) =>
          membership.agencyId !== null && agencies.some((a) => a.id === membership.agencyId),
      )?.agencyId ?? null
    return { review: found.review, agencies, ownAgencyId, today: this.today() }
  }

  async recordUse(
    actor: Actor | null,
    reviewSlug: string,
    input: BriefingUseInput,
    formToken: string | null = null,
  ): Promise<{ id: string }> {
    const form = await this.useForm(actor, reviewSlug)
    // The same form sent twice (Back, a second tab) records once (web/form-token.ts).
    const earlier = await this.recordedWith(formToken)
    if (earlier) return earlier
    const checked = checkBriefingUse(input, {
      agencyIds: form.agencies.map((agency) => agency.id),
      today: form.today,
    })
    if (!checked.value) throw new ValidationError(checked.errors)
    const use = checked.value
    try {
      return await this.insertUse(actor!, reviewSlug, use, formToken)
    } catch (error) {
      // Two submissions of one form at once: the second fails on the token's key.
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

  private insertUse(
    actor: Actor,
    reviewSlug: string,
    use: BriefingUse,
    formToken: string | null,
  ): Promise<{ id: string }> {
    const { db, now } = this.context
    return db.transaction().execute(async (trx) => {
      const review = await findBriefingReviewBySlug(trx, reviewSlug)
      const briefing = review ? await findBriefingOfReview(trx, review.id) : undefined
      if (!review || briefing?.status !== 'published') throw new NotFoundError('No such briefing')
      const id = randomUUID()
      const at = now()
      await insertBriefingUse(trx, {
        id,
        briefingId: briefing.id,
        team: use.team,
        agencyId: use.agencyId,
        usedOn: use.usedOn,
        staffCount: use.staffCount,
        agreedActions: use.agreedActions,
        recordedByUserId: actor.userId,
        recordedByName: actor.displayName,
        now: at.toISOString(),
      })
      if (formToken !== null) {
        await insertFormSubmission(trx, {
          token: formToken,
          purpose: RECORD_USE_FORM,
          recordType: 'briefing-use',
          recordId: id,
          userId: actor.userId,
          createdAt: at.toISOString(),
        })
      }
      await recordAudit(trx, at, {
        actor: userActor(actor),
        action: 'briefing.use-recorded',
        recordType: 'briefing',
        recordId: briefing.id,
        partnershipId: review.leadPartnershipId,
        after: { useId: id, agencyId: use.agencyId, usedOn: use.usedOn, staff: use.staffCount },
      })
      return { id }
    })
  }

  /** Use of the briefings of the partnerships whose use this person may see, by briefing and by agency. */
  async usage(actor: Actor | null): Promise<BriefingUsage> {
    assertCan(actor, 'briefings:see-use')
    const partnershipIds = partnershipsWhere(actor, 'briefings:see-use')
    const { db } = this.context
    const records = await listBriefingUses(db, partnershipIds)
    const totals = useTotals(
      records.map((record) => ({
        briefingId: record.briefingId,
        briefingTitle: record.reviewTitle,
        agencyId: record.agencyId,
        agencyName: `${record.agencyName} (${record.agencyPartnershipName})`,
        staffCount: record.staffCount,
      })),
    )
    const published = await listPublishedBriefings(db, partnershipIds)
    const unused = published
      .filter((row) => !totals.byBriefing.some((total) => total.key === row.id))
      .map((row) => ({ key: row.id, name: row.title, sessions: 0, staff: 0 }))
    return {
      records,
      byBriefing: [...totals.byBriefing, ...unused],
      byAgency: totals.byAgency,
      publishedBriefings: published.map((row) => ({
        title: row.title,
        href: row.kind === 'thematic' ? publicThematicPath(row.slug) : publicBriefingPath(row.slug),
        recordUseHref:
          row.kind === 'thematic'
            ? thematicUseFormPath(row.id)
            : `/manage/briefings/${encodeURIComponent(row.slug)}/record-use`,
      })),
    }
  }

  // ── Helpers ───────────────────────────────────────────────────────────────

  private today(): CalendarDate {
    return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(
      this.context.now(),
    ) as CalendarDate
  }

  private async review(db: Db, reviewId: string): Promise<BriefingReview> {
    const review = await findBriefingReview(db, reviewId)
    if (!review) throw new NotFoundError('No such review')
    return review
  }

  /**
   * A change in one transaction. 'write': the review team; 'publish': the lead
   * partnership's business unit. Anyone who may not read the review is told it
   * does not exist; a reader who may not make this change is refused.
   */
  private change<T>(
    actor: Actor | null,
    reviewId: string,
    kind: 'write' | 'publish',
    work: (
      trx: Db,
      actor: Actor,
      review: BriefingReview,
      briefing: BriefingRecord | undefined,
    ) => Promise<T>,
  ): Promise<T> {
    assertCan(actor, 'reviews:edit')
    return this.context.db.transaction().execute(async (trx) => {
      const record = await findReviewWork(trx, reviewId)
      if (!record) throw new NotFoundError('No such review')
      const scope = accessScopeOf(record, await accessListOf(trx, 'review', record))
      if (reviewAccess(actor, scope) === 'refused') throw new NotFoundError('No such review')
      const allowed =
        kind === 'write'
          ? canEditReview(actor, scope)
          : canCommissionReview(actor, record.leadPartnership.id)
      if (!allowed) {
        throw new AccessDeniedError(
          kind === 'write'
            ? 'Not allowed: only the review team writes its briefing'
            : 'Not allowed: only the lead partnership’s business unit publishes a briefing',
        )
      }
      const review = await this.review(trx, reviewId)
      const result = await work(trx, actor, review, await findBriefingOfReview(trx, reviewId))
      // The staff search follows the briefing in the same transaction (issue 11).
      await indexReviewForStaffSearch(trx, reviewId, this.context.now())
      return result
    })
  }

  private async statusVersion(db: Db, reviewId: string) {
    const saved = await findBriefingOfReview(db, reviewId)
    if (!saved) return null
    return { Status: briefingStatusName(saved) }
  }

  private async document(
    review: BriefingReviewView,
    briefing: BriefingView,
    format: BriefingFormat,
  ): Promise<{ file: Buffer; filename: string }> {
    // Every change of the briefing (its text, publishing, withdrawing) moves its
    // version on, and the review's names are part of the key, so a file kept
    // under this key is never out of date.
    const key = JSON.stringify([
      briefing.id,
      briefing.version,
      format,
      review.slug,
      review.title,
      review.leadPartnershipName,
    ])
    const kept = this.files.get(key)
    if (kept) return kept
    const document = briefingDocument(review, briefing)
    const file =
      format === 'pdf'
        ? await renderBriefingPdf(document, new Date(briefing.updatedAt))
        : await renderBriefingDocx(document)
    const rendered = { file, filename: `${review.slug}-seven-minute-briefing.${format}` }
    if (this.files.size >= MOST_FILES_KEPT) {
      const oldest = this.files.keys().next().value
      if (oldest !== undefined) this.files.delete(oldest)
    }
    this.files.set(key, rendered)
    return rendered
  }

  private audit(
    trx: Db,
    at: Date,
    actor: Actor,
    review: BriefingReview,
    briefingId: string,
    action: string,
    summary: { before?: Record<string, unknown>; after?: Record<string, unknown> },
  ): Promise<void> {
    return recordAudit(trx, at, {
      actor: userActor(actor),
      action,
      recordType: 'briefing',
      recordId: briefingId,
      partnershipId: review.leadPartnershipId,
      ...summary,
    })
  }
}

/** A published briefing's text for the public search (issue 9). */
export function briefingSearchDocument(
  review: { readonly id: string; readonly slug: string; readonly title: string },
  briefingId: string,
  sections: BriefingSections,
  publishedAt: Date,
): SearchDocument {
  return {
    sourceKind: 'briefing',
    sourceId: briefingId,
    reviewId: review.id,
    title: `${review.title}: seven-minute briefing`,
    body: BRIEFING_SECTIONS.map((section) => `${section.heading}\n${sections[section.key]}`).join(
      '\n\n',
    ),
    url: publicBriefingPath(review.slug),
    publishedOn: publishedAt.toISOString().slice(0, 10),
  }
}

export function publicBriefingPath(reviewSlug: string, format?: BriefingFormat): string {
  return `/reviews/${encodeURIComponent(reviewSlug)}/seven-minute-briefing${format ? `.${format}` : ''}`
}

/** The briefing laid out for the PDF and .docx writers. */
export function briefingDocument(
  review: BriefingReviewView,
  briefing: BriefingView,
): BriefingDocument {
  const subtitle =
    briefing.status === 'published' && briefing.publishedAt !== null
      ? `${review.leadPartnershipName} · published ${formatUkDate(briefing.publishedAt)}`
      : `${review.leadPartnershipName} · ${briefing.status === 'withdrawn' ? 'withdrawn' : 'draft'}, last changed ${formatUkDate(briefing.updatedAt)}`
  return {
    title: `Seven-minute briefing: ${review.title}`,
    subtitle,
    author: review.leadPartnershipName,
    sections: BRIEFING_SECTIONS.map((section, index) => ({
      heading: `${index + 1}. ${section.heading}`,
      blocks: briefingBlocks(briefing.sections[section.key]),
    })),
  }
}

function kindName(kind: string): string {
  return isReviewKind(kind) ? REVIEW_KIND_NAMES[kind] : kind
}

function reviewView(review: BriefingReview): BriefingReviewView {
  return {
    id: review.id,
    slug: review.slug,
    title: review.title,
    kindName: kindName(review.kind),
    childPseudonym: review.childPseudonym,
    leadPartnershipName: review.leadPartnershipName,
    published: review.status === 'published',
    publishedOn: review.publishedOn,
  }
}

function briefingView(record: BriefingRecord): BriefingView {
  return {
    id: record.id,
    status: briefingStatusOf(record),
    sections: record.sections,
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
 * The link from a published review's public page to its briefing (issue 9),
 * for the public site: only a published briefing of a published review.
 */
export async function publicBriefingLinkOf(
  db: Db,
  reviewId: string,
): Promise<{ title: string; href: string } | null> {
  const review = await findBriefingReview(db, reviewId)
  if (!review || review.status !== 'published') return null
  const briefing = await findBriefingOfReview(db, reviewId)
  if (briefing?.status !== 'published') return null
  return {
    title: `Seven-minute briefing: ${review.title}`,
    href: publicBriefingPath(review.slug),
  }
}
