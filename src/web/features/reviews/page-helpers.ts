// Helpers shared by the review and chronology pages.
import type { FastifyRequest } from 'fastify'
import { z } from 'zod'
import { canCommissionReview } from '../../../domain/access/policy.js'
import type { Actor } from '../../../domain/access/roles.js'
import { AccessDeniedError, NotFoundError } from '../../../domain/errors.js'
import type { Services } from '../../../services/index.js'
import type { ReviewView } from '../../../services/review-service.js'

export { requireVersion, submit } from '../../form-fields.js'

const idParams = z.object({ id: z.uuid() })
const childParams = z.object({ id: z.uuid(), childId: z.uuid() })

export function reviewIdOf(request: FastifyRequest): string {
  const params = idParams.safeParse(request.params)
  if (!params.success) throw new NotFoundError('Not a review address')
  return params.data.id
}

export function childIdsOf(request: FastifyRequest): { id: string; childId: string } {
  const params = childParams.safeParse(request.params)
  if (!params.success) throw new NotFoundError('Not a review address')
  return params.data
}

export function reviewUrl(id: string, rest = ''): string {
  return `/manage/reviews/${id}${rest}`
}

export function canCommissionAnywhere(actor: Actor): boolean {
  return actor.memberships.some((membership) =>
    canCommissionReview(actor, membership.partnershipId),
  )
}

/** The review, for a page only its overseers (the lead partnership's business unit) use. */
export async function overseen(services: Services, request: FastifyRequest): Promise<ReviewView> {
  const review = await services.reviews.get(request.actor, reviewIdOf(request))
  if (!review.canOversee) throw new AccessDeniedError('Not allowed: reviews:edit')
  return review
}

/** The review, for a page its workers (named reviewers, business unit) use. */
export async function worked(services: Services, request: FastifyRequest): Promise<ReviewView> {
  const review = await services.reviews.get(request.actor, reviewIdOf(request))
  if (!review.canWork) throw new AccessDeniedError('Not allowed: reviews:edit')
  return review
}
