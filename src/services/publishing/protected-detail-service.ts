// A review's "names and details not to publish" (issue 9, S17): family
// members, other adults, professionals who must not be named, a school, a
// street. The values are restricted like a child's identity fields (issue 4):
// hidden even from the review team until someone holding 'identity:view' gives
// a reason (audited), then shown in that session for a few minutes. Adding and
// withdrawing are audited without the value. The redaction check reads them.
import { randomUUID } from 'node:crypto'
import {
  findProtectedDetailValues,
  insertProtectedDetail,
  listProtectedDetails,
  markProtectedDetailWithdrawn,
  type ProtectedDetailRecord,
} from '../../data/repositories/publishing/protected-detail-repository.js'
import { findReviewWork } from '../../data/repositories/review-work-repository.js'
import { readDisclosureReason, unlockUntil } from '../../domain/access/identity-disclosure.js'
import { can, canEditReview } from '../../domain/access/policy.js'
import type { Actor } from '../../domain/access/roles.js'
import {
  AccessDeniedError,
  NotFoundError,
  StaleVersionError,
  ValidationError,
  type FieldError,
} from '../../domain/errors.js'
import { checkText } from '../../domain/incidents/field-rules.js'
import { draftReportAccess, REASON_MAX_LENGTH } from '../../domain/publishing/report-versions.js'
import { checkTerm, TERM_KINDS } from '../../domain/redaction/terms.js'
import { recordAudit } from '../audit-trail.js'
import { type ServiceContext, userActor } from '../context.js'
import { accessListOf, reviewAccess } from '../record-access.js'
import { accessScopeOf } from '../review-views.js'

export const DESCRIPTION_MAX_LENGTH = 100

/** A reason given to see one review's details, until a time. Kept in the person's session. */
export interface ProtectedDetailsUnlock {
  readonly reviewId: string
  readonly until: string
}

export interface ProtectedDetailsPage {
  readonly review: { id: string; title: string }
  readonly details: (ProtectedDetailRecord & { value: string | null })[]
  readonly shownUntil: string | null
  readonly canReveal: boolean
  readonly canManage: boolean
}

export class ProtectedDetailService {
  constructor(private readonly context: ServiceContext) {}

  private async review(actor: Actor | null, reviewId: string) {
    if (!actor) throw new AccessDeniedError('Sign in')
    const { db } = this.context
    const record = await findReviewWork(db, reviewId)
    if (!record) throw new NotFoundError('No such review')
    const scope = accessScopeOf(record, await accessListOf(db, 'review', record))
    if (reviewAccess(actor, scope) === 'refused') throw new NotFoundError('No such review')
    const access = draftReportAccess(actor, scope)
    if (access === 'none') throw new AccessDeniedError('Not allowed: for the review team')
    return {
      record,
      canManage: canEditReview(actor, scope),
      canReveal: can(actor, 'identity:view', { partnershipId: record.leadPartnership.id }),
    }
  }

  async page(
    actor: Actor | null,
    reviewId: string,
    unlock: ProtectedDetailsUnlock | null,
  ): Promise<ProtectedDetailsPage> {
    const { record, canManage, canReveal } = await this.review(actor, reviewId)
    const { db, now } = this.context
    const details = await listProtectedDetails(db, reviewId)
    const shown =
      canReveal &&
      unlock !== null &&
      unlock.reviewId === reviewId &&
      Date.parse(unlock.until) > now().getTime()
    const values = shown ? await findProtectedDetailValues(db, reviewId) : []
    return {
      review: { id: record.id, title: record.title },
      details: details.map((detail) => ({
        ...detail,
        value: shown ? (values.find((value) => value.id === detail.id)?.value ?? null) : null,
      })),
      shownUntil: shown ? unlock.until : null,
      canReveal,
      canManage,
    }
  }

  async add(
    actor: Actor | null,
    reviewId: string,
    input: { kind?: unknown; value?: unknown; description?: unknown },
  ): Promise<{ id: string }> {
    const { record, canManage } = await this.review(actor, reviewId)
    if (!canManage) throw new AccessDeniedError('Not allowed: for the review team')
    const errors: FieldError[] = []
    const description = checkText(
      input.description,
      {
        field: 'description',
        label: 'Who or what it is',
        max: DESCRIPTION_MAX_LENGTH,
        requiredMessage: 'Enter who or what it is, such as “the mother’s partner” or “the school”',
      },
      errors,
    )
    if (!TERM_KINDS.includes(input.kind as never)) {
      errors.push({ field: 'kind', message: 'Select what kind of detail it is' })
    }
    const term = TERM_KINDS.includes(input.kind as never)
      ? checkTerm(input.kind, input.value, 'value', errors)
      : null
    if (errors.length > 0 || !term || description === null) throw new ValidationError(errors)
    const { db, now } = this.context
    const at = now()
    const id = randomUUID()
    await db.transaction().execute(async (trx) => {
      await insertProtectedDetail(trx, {
        id,
        reviewId,
        kind: term.kind,
        description,
        value: term.value,
        addedBy: actor!.userId,
        addedAt: at.toISOString(),
      })
      await recordAudit(trx, at, {
        actor: userActor(actor!),
        action: 'protected-detail.added',
        recordType: 'review',
        recordId: reviewId,
        partnershipId: record.leadPartnership.id,
        // Never the value: it is the thing being protected.
        after: { detailId: id, kind: term.kind, description },
      })
    })
    return { id }
  }

  /** The reason step: checked as for a child's details, audited, and an unlock for the session. */
  async reveal(
    actor: Actor | null,
    reviewId: string,
    reasonInput: unknown,
  ): Promise<ProtectedDetailsUnlock> {
    const { record, canReveal } = await this.review(actor, reviewId)
    if (!canReveal) throw new AccessDeniedError('Not allowed: identity:view')
    const { db, now } = this.context
    const values = (await findProtectedDetailValues(db, reviewId)).map((detail) => detail.value)
    const errors: FieldError[] = []
    const reason = readDisclosureReason(reasonInput, values, errors)
    if (errors.length > 0 || reason === null) throw new ValidationError(errors)
    const at = now()
    await recordAudit(db, at, {
      actor: userActor(actor!),
      action: 'protected-details.viewed',
      recordType: 'review',
      recordId: reviewId,
      partnershipId: record.leadPartnership.id,
      after: { reason, details: values.length },
    })
    return { reviewId, until: unlockUntil(at) }
  }

  async forWithdrawal(actor: Actor | null, reviewId: string, detailId: string) {
    const { record, canManage } = await this.review(actor, reviewId)
    if (!canManage) throw new AccessDeniedError('Not allowed: for the review team')
    const detail = (await listProtectedDetails(this.context.db, reviewId)).find(
      (candidate) => candidate.id === detailId,
    )
    if (!detail) throw new NotFoundError('No such detail')
    return { review: { id: record.id, title: record.title }, detail }
  }

  async withdraw(
    actor: Actor | null,
    reviewId: string,
    detailId: string,
    expectedVersion: number,
    input: { reason?: unknown },
  ): Promise<void> {
    const { detail } = await this.forWithdrawal(actor, reviewId, detailId)
    const { record } = await this.review(actor, reviewId)
    const reason = typeof input.reason === 'string' ? input.reason.trim() : ''
    const errors: FieldError[] = []
    if (reason === '')
      errors.push({ field: 'reason', message: 'Enter why the detail is being taken off the list' })
    else if (reason.length > REASON_MAX_LENGTH) {
      errors.push({
        field: 'reason',
        message: `The reason must be ${REASON_MAX_LENGTH} characters or fewer`,
      })
    }
    if (errors.length > 0) throw new ValidationError(errors)
    const { db, now } = this.context
    const at = now()
    await db.transaction().execute(async (trx) => {
      const done = await markProtectedDetailWithdrawn(trx, detailId, reviewId, expectedVersion, {
        at: at.toISOString(),
        by: actor!.userId,
        reason,
      })
      if (!done) throw new StaleVersionError('detail', detailId)
      await recordAudit(trx, at, {
        actor: userActor(actor!),
        action: 'protected-detail.withdrawn',
        recordType: 'review',
        recordId: reviewId,
        partnershipId: record.leadPartnership.id,
        before: {
          detailId,
          kind: detail.kind,
          description: detail.description,
          version: expectedVersion,
        },
        after: { detailId, withdrawn: true, reason, version: expectedVersion + 1 },
      })
    })
  }
}
