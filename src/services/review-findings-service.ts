// The findings of a review in progress (issue 8): the review team (its named
// reviewers and the lead partnership's business unit) records learning points
// and recommendations as the review goes, corrects them (versioned, audited),
// marks a mistaken one "entered in error" with a reason (kept, off every list),
// and carries findings of the rapid review that commissioned it. Actions can
// then be assigned from any review that has findings, published or not.
import { randomUUID } from 'node:crypto'
import type { Db } from '../data/db.js'
import {
  findReviewWork,
  type ReviewWorkRecord,
} from '../data/repositories/review-work-repository.js'
import {
  findFinding,
  findRapidReviewFindings,
  insertFinding,
  listAllAgencies,
  listFindings,
  markFindingEnteredInError,
  updateFinding,
  type FindingAgency,
  type FindingRow,
} from '../data/repositories/review-findings-repository.js'
import { assertCan, canEditReview, canReadReview } from '../domain/access/policy.js'
import type { Actor } from '../domain/access/roles.js'
import {
  AccessDeniedError,
  NotFoundError,
  ValidationError,
  type FieldError,
} from '../domain/errors.js'
import {
  FINDING_KIND_NAMES,
  isFindingKind,
  rapidReviewCitation,
  rapidReviewFindings,
  readEnteredInErrorReason,
  readFinding,
  type FindingInput,
  type FindingKind,
} from '../domain/reviews/findings.js'
import { recordAudit } from './audit-trail.js'
import { type ServiceContext, userActor } from './context.js'
import { labelledValues, withSavedVersion, type ConflictField } from './edit-conflicts.js'
import { accessListOf, auditAdministratorAccess, reviewAccess } from './record-access.js'
import { accessScopeOf, refuseIfClosed } from './review-views.js'
import { indexReviewForStaffSearch } from './learning/staff-search-service.js'

export interface FindingView {
  readonly kind: FindingKind
  readonly id: string
  readonly position: number
  readonly text: string
  readonly agencies: readonly FindingAgency[]
  /** How a learning point carried from the rapid review cites it; null otherwise. */
  readonly citation: string | null
  readonly version: number
  readonly enteredInError: FindingRow['enteredInError']
}

export interface ReviewFindingsView {
  readonly reviewId: string
  readonly learningPoints: readonly FindingView[]
  readonly recommendations: readonly FindingView[]
  /** Kept for the record, off every list: shown apart, marked as such. */
  readonly enteredInError: readonly FindingView[]
  /** May this person record and correct findings (the review team)? */
  readonly canRecord: boolean
  /** Does the review come from a rapid review with findings not yet carried? */
  readonly rapidReviewFindingsToCarry: number
}

export interface CarriableFinding {
  readonly reference: string
  readonly text: string
  readonly carried: boolean
}

/** The fields the "changed by someone else" page compares for a finding. */
export const FINDING_FIELDS: readonly ConflictField[] = [
  { name: 'text', label: 'Text' },
  { name: 'agencies', label: 'Addressed to' },
]

export class ReviewFindingsService {
  constructor(private readonly context: ServiceContext) {}

  // ── Reading ──────────────────────────────────────────────────────────────

  async list(actor: Actor | null, reviewId: string): Promise<ReviewFindingsView> {
    const { review, canRecord } = await this.read(this.context.db, actor, reviewId)
    const { learningPoints, recommendations } = await listFindings(this.context.db, reviewId)
    const meetingOn = await this.meetingOf(review)
    const views = [...learningPoints, ...recommendations].map((row) => viewOf(row, meetingOn))
    const carriable = canRecord ? await this.carriable(this.context.db, review) : []
    return {
      reviewId,
      learningPoints: views.filter((f) => f.kind === 'learning-point' && !f.enteredInError),
      recommendations: views.filter((f) => f.kind === 'recommendation' && !f.enteredInError),
      enteredInError: views.filter((f) => f.enteredInError !== null),
      canRecord,
      rapidReviewFindingsToCarry: carriable.filter((finding) => !finding.carried).length,
    }
  }

  /** One finding, for its change and entered-in-error pages. */
  async get(
    actor: Actor | null,
    reviewId: string,
    kind: string,
    findingId: string,
  ): Promise<FindingView> {
    const { review } = await this.read(this.context.db, actor, reviewId)
    const row = await this.findingOf(this.context.db, review, kind, findingId)
    return viewOf(row, await this.meetingOf(review))
  }

  /** Every agency of every partnership: a recommendation may be for another partnership's. */
  async agencies(actor: Actor | null): Promise<(FindingAgency & { partnershipId: string })[]> {
    assertCan(actor, 'reviews:edit')
    return listAllAgencies(this.context.db)
  }

  /** The commissioning rapid review's findings, each marked if already carried. */
  async carriableFindings(actor: Actor | null, reviewId: string): Promise<CarriableFinding[]> {
    const { review, canRecord } = await this.read(this.context.db, actor, reviewId)
    if (!canRecord) throw new AccessDeniedError('Not allowed: only the review team')
    return this.carriable(this.context.db, review)
  }

  // ── Changing ─────────────────────────────────────────────────────────────

  async add(
    actor: Actor | null,
    reviewId: string,
    kind: string,
    input: FindingInput,
  ): Promise<{ id: string }> {
    if (!isFindingKind(kind)) throw new NotFoundError('No such kind of finding')
    return this.change(actor, reviewId, async (trx, actor, review) => {
      const errors: FieldError[] = []
      const agencyIds = (await listAllAgencies(trx)).map((agency) => agency.id)
      const finding = readFinding(errors, kind, input, agencyIds)
      if (!finding) throw new ValidationError(errors)
      const id = randomUUID()
      const at = this.context.now()
      await insertFinding(trx, kind, {
        id,
        reviewId: review.id,
        text: finding.text,
        agencyIds: finding.agencyIds,
        createdByUserId: actor.userId,
        now: at.toISOString(),
      })
      await this.audit(trx, at, actor, review, `review.${kind}-added`, {
        after: { findingId: id, agencyIds: finding.agencyIds },
      })
      return { id }
    })
  }

  async edit(
    actor: Actor | null,
    reviewId: string,
    kind: string,
    findingId: string,
    expectedVersion: number,
    input: FindingInput,
  ): Promise<void> {
    await this.change(actor, reviewId, async (trx, actor, review) => {
      const before = await this.findingOf(trx, review, kind, findingId)
      const errors: FieldError[] = []
      const agencyIds = (await listAllAgencies(trx)).map((agency) => agency.id)
      const finding = readFinding(errors, before.kind, input, agencyIds)
      if (!finding) throw new ValidationError(errors)
      const at = this.context.now()
      await withSavedVersion(
        () => this.savedVersion(trx, before.kind, findingId),
        () =>
          updateFinding(trx, before.kind, findingId, expectedVersion, finding, at.toISOString()),
      )
      await this.audit(trx, at, actor, review, `review.${before.kind}-corrected`, {
        // The text itself may describe the family: the audit says it changed, not what to.
        before: {
          findingId,
          agencyIds: before.agencies.map((agency) => agency.id),
          version: expectedVersion,
        },
        after: {
          findingId,
          agencyIds: finding.agencyIds,
          textChanged: finding.text !== before.text,
          version: expectedVersion + 1,
        },
      })
    })
  }

  async markEnteredInError(
    actor: Actor | null,
    reviewId: string,
    kind: string,
    findingId: string,
    expectedVersion: number,
    reasonText: string | null,
  ): Promise<void> {
    await this.change(actor, reviewId, async (trx, actor, review) => {
      const before = await this.findingOf(trx, review, kind, findingId)
      const errors: FieldError[] = []
      const reason = readEnteredInErrorReason(errors, reasonText)
      if (reason === null) throw new ValidationError(errors)
      const at = this.context.now()
      await withSavedVersion(
        () => this.savedVersion(trx, before.kind, findingId),
        () =>
          markFindingEnteredInError(
            trx,
            before.kind,
            findingId,
            expectedVersion,
            { reason, byName: actor.displayName },
            at.toISOString(),
          ),
      )
      await this.audit(trx, at, actor, review, `review.${before.kind}-entered-in-error`, {
        before: { findingId, version: expectedVersion },
        after: { findingId, reason, version: expectedVersion + 1 },
      })
    })
  }

  /** Carries chosen findings of the commissioning rapid review in as learning points. */
  async carryRapidReviewFindings(
    actor: Actor | null,
    reviewId: string,
    references: readonly string[],
  ): Promise<{ carried: number }> {
    return this.change(actor, reviewId, async (trx, actor, review) => {
      const carriable = await this.carriable(trx, review)
      const chosen = [...new Set(references)]
      const errors: FieldError[] = []
      if (chosen.length === 0) {
        errors.push({ field: 'findings', message: 'Select the findings to carry into the review' })
      } else if (
        chosen.some((reference) => !carriable.some((f) => f.reference === reference && !f.carried))
      ) {
        errors.push({
          field: 'findings',
          message: 'Select findings from the list that are not already in the review',
        })
      }
      if (errors.length > 0) throw new ValidationError(errors)
      const at = this.context.now()
      const ids: string[] = []
      // In the rapid review's order, whatever order the form sent them in.
      for (const finding of carriable.filter((f) => chosen.includes(f.reference))) {
        const id = randomUUID()
        ids.push(id)
        await insertFinding(trx, 'learning-point', {
          id,
          reviewId: review.id,
          text: finding.text,
          agencyIds: [],
          sourceRapidReviewId: review.rapidReviewId,
          sourceReference: finding.reference,
          createdByUserId: actor.userId,
          now: at.toISOString(),
        })
      }
      await this.audit(trx, at, actor, review, 'review.rapid-review-findings-carried', {
        after: { rapidReviewId: review.rapidReviewId, references: chosen, learningPointIds: ids },
      })
      return { carried: ids.length }
    })
  }

  // ── Helpers ──────────────────────────────────────────────────────────────

  /** The review, if the actor may read it (else "not found"), and whether they record findings. */
  private async read(db: Db, actor: Actor | null, reviewId: string) {
    assertCan(actor, 'reviews:read-internal')
    const review = await findReviewWork(db, reviewId)
    if (!review) throw new NotFoundError('No such review')
    const scope = accessScopeOf(review, await accessListOf(db, 'review', review))
    const access = reviewAccess(actor, scope)
    if (access === 'refused') throw new NotFoundError('No such review')
    if (access === 'administrator') {
      await auditAdministratorAccess(db, this.context.now(), actor, {
        recordType: 'review',
        recordId: review.id,
        partnershipId: review.leadPartnership.id,
      })
    }
    return { review, canRecord: canEditReview(actor, scope) && review.status !== 'published' }
  }

  /** A change by the review team, in one transaction, on a review still open to changes. */
  private change<T>(
    actor: Actor | null,
    reviewId: string,
    work: (trx: Db, actor: Actor, review: ReviewWorkRecord) => Promise<T>,
  ): Promise<T> {
    assertCan(actor, 'reviews:edit')
    return this.context.db.transaction().execute(async (trx) => {
      const review = await findReviewWork(trx, reviewId)
      if (!review) throw new NotFoundError('No such review')
      const scope = accessScopeOf(review, await accessListOf(trx, 'review', review))
      if (!canReadReview(actor, scope)) throw new NotFoundError('No such review')
      if (!canEditReview(actor, scope)) {
        throw new AccessDeniedError('Not allowed: only the review team records its findings')
      }
      refuseIfClosed(review)
      const result = await work(trx, actor, review)
      // The staff search follows the findings in the same transaction (issue 11).
      await indexReviewForStaffSearch(trx, review.id, this.context.now())
      return result
    })
  }

  private async findingOf(
    db: Db,
    review: ReviewWorkRecord,
    kind: string,
    findingId: string,
  ): Promise<FindingRow> {
    if (!isFindingKind(kind)) throw new NotFoundError('No such finding')
    const row = await findFinding(db, kind, findingId)
    if (!row || row.reviewId !== review.id) throw new NotFoundError('No such finding')
    return row
  }

  private async savedVersion(db: Db, kind: FindingKind, findingId: string) {
    const saved = await findFinding(db, kind, findingId)
    if (!saved) return null
    return labelledValues(FINDING_FIELDS, {
      text: saved.enteredInError
        ? `${FINDING_KIND_NAMES[kind]} marked entered in error: ${saved.enteredInError.reason}`
        : saved.text,
      agencies: saved.agencies.map((agency) => `${agency.name} (${agency.partnershipName})`),
    })
  }

  private async meetingOf(review: ReviewWorkRecord): Promise<string | null> {
    if (review.rapidReviewId === null) return null
    return (await findRapidReviewFindings(this.context.db, review.rapidReviewId))?.meetingOn ?? null
  }

  private async carriable(db: Db, review: ReviewWorkRecord): Promise<CarriableFinding[]> {
    if (review.rapidReviewId === null) return []
    const rapidReview = await findRapidReviewFindings(db, review.rapidReviewId)
    if (!rapidReview) return []
    const { learningPoints } = await listFindings(db, review.id)
    // A finding carried and then marked entered in error may be carried again.
    const carried = new Set(
      learningPoints
        .filter((point) => point.enteredInError === null && point.sourceReference !== null)
        .map((point) => point.sourceReference),
    )
    return rapidReviewFindings(rapidReview.learningIdentified).map((finding) => ({
      ...finding,
      carried: carried.has(finding.reference),
    }))
  }

  private audit(
    trx: Db,
    at: Date,
    actor: Actor,
    review: ReviewWorkRecord,
    action: string,
    summary: { before?: Record<string, unknown>; after?: Record<string, unknown> },
  ): Promise<void> {
    return recordAudit(trx, at, {
      actor: userActor(actor),
      action,
      recordType: 'review',
      recordId: review.id,
      partnershipId: review.leadPartnership.id,
      ...summary,
    })
  }
}

function viewOf(row: FindingRow, meetingOn: string | null): FindingView {
  return {
    kind: row.kind,
    id: row.id,
    position: row.position,
    text: row.text,
    agencies: row.agencies,
    citation:
      row.sourceReference === null ? null : rapidReviewCitation(row.sourceReference, meetingOn),
    version: row.version,
    enteredInError: row.enteredInError,
  }
}
