// Published reviews for the public site's tests (issue 9), put in the way
// publishing puts them: the review, its text in the search index and an audit
// event, in one transaction, so the public pages' cache sees the change.
import { randomUUID } from 'node:crypto'
import { findPartnershipBySlug } from '../../../src/data/repositories/partnership-repository.js'
import { insertReview } from '../../../src/data/repositories/review-repository.js'
import { recordAudit } from '../../../src/services/audit-trail.js'
import { COMMAND_LINE } from '../../../src/services/context.js'
import { testNow } from '../../support/test-clock.js'
import type { Harness } from './app-harness.js'

export interface TestReview {
  slug: string
  title: string
  kind?: 'lcspr' | 'scr-2015' | 'other-learning' | 'national'
  publishedOn?: string | null
  leadPartnership?: string
  participating?: string[]
  summary?: string
  learningPoints?: string[]
  recommendations?: string[]
  reviewerNames?: string
  status?: 'published' | 'in-progress'
}

export async function publishTestReview(harness: Harness, review: TestReview): Promise<string> {
  const db = harness.runtime.database.db
  const id = randomUUID()
  await db.transaction().execute(async (trx) => {
    const lead = await findPartnershipBySlug(trx, review.leadPartnership ?? 'wandsworth')
    if (!lead) throw new Error('no lead partnership')
    const participating: string[] = []
    for (const slug of review.participating ?? []) {
      const partnership = await findPartnershipBySlug(trx, slug)
      if (!partnership) throw new Error(`no partnership ${slug}`)
      participating.push(partnership.id)
    }
    await insertReview(trx, {
      id,
      slug: review.slug,
      title: review.title,
      kind: review.kind ?? 'lcspr',
      guidanceEdition: 'WT2023',
      leadPartnershipId: lead.id,
      participatingPartnershipIds: participating,
      childPseudonym: 'Child T',
      summary: review.summary ?? 'A summary.',
      status: review.status ?? 'published',
      publishedOn: review.publishedOn === undefined ? '2024-05-01' : review.publishedOn,
      reviewerNames: review.reviewerNames ?? '',
      learningPoints: (review.learningPoints ?? []).map((text) => ({
        id: randomUUID(),
        text,
        addressedToAgencyId: null,
      })),
      recommendations: (review.recommendations ?? []).map((text) => ({
        id: randomUUID(),
        text,
        addressedToAgencyId: null,
      })),
      now: testNow().toISOString(),
    })
    await harness.services.publicSearch.indexPublishedReview(id, trx)
    await recordAudit(trx, testNow(), {
      actor: COMMAND_LINE,
      action: 'review.published',
      recordType: 'review',
      recordId: id,
      partnershipId: lead.id,
      after: { slug: review.slug },
    })
  })
  return id
}

/** Withdraws a published review as publishing will: marked, out of the index, audited. */
export async function withdrawTestReview(
  harness: Harness,
  reviewId: string,
  reason: string,
): Promise<void> {
  const db = harness.runtime.database.db
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('review')
      .set({ withdrawn_at: testNow().toISOString(), withdrawn_reason: reason })
      .where('id', '=', reviewId)
      .execute()
    await harness.services.publicSearch.removeReviewFromIndex(reviewId, trx)
    await recordAudit(trx, testNow(), {
      actor: COMMAND_LINE,
      action: 'review.withdrawn',
      recordType: 'review',
      recordId: reviewId,
      partnershipId: null,
      after: { reason },
    })
  })
}
