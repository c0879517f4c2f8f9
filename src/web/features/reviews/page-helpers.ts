// Helpers shared by the review and chronology pages.
import type { FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { canCommissionReview } from '../../../domain/access/policy.js'
import type { Actor } from '../../../domain/access/roles.js'
import {
  AccessDeniedError,
  NotFoundError,
  ValidationError,
  type FieldError,
} from '../../../domain/errors.js'
import type { Services } from '../../../services/index.js'
import type { ReviewView } from '../../../services/review-service.js'
import { INCOMPLETE_FORM, versionOf, type FormBody } from './form-fields.js'

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

/** Runs a change; on a ValidationError, renders the form again with status 400. */
export async function submit<T>(
  reply: FastifyReply,
  change: () => Promise<T>,
  redirectTo: string | ((result: T) => string),
  rerender: (errors: readonly FieldError[]) => Promise<{ template: string; model: object }>,
): Promise<FastifyReply> {
  let result: T
  try {
    result = await change()
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error
    const { template, model } = await rerender(error.errors)
    return reply.status(400).view(template, model)
  }
  return reply.redirect(typeof redirectTo === 'string' ? redirectTo : redirectTo(result), 303)
}

export function requireVersion(body: FormBody): number {
  const version = versionOf(body)
  if (version === null) throw new ValidationError([INCOMPLETE_FORM])
  return version
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
