// "We have seen this before" (issue 11): beside a rapid review's findings, a
// learning point or a recommendation, the earlier learning it seems to repeat
// whose actions are still open, overdue or closed without completion, with
// why each matches; the business unit links and unlinks them (audited).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { NotFoundError, ValidationError, type FieldError } from '../../../domain/errors.js'
import { isFindingKind } from '../../../domain/reviews/findings.js'
import type { Services } from '../../../services/index.js'
import {
  seenBeforePathOf,
  type LearningItemRef,
} from '../../../services/learning/seen-before-service.js'
import { setFlash } from '../../flash.js'
import { errorViewModel } from '../../form-errors.js'
import { formBody, text } from '../../form-fields.js'
import { requirePermission } from '../../plugins/authentication.js'
import { seenBeforeViewModel } from './view-model.js'

const rapidReviewParams = z.object({ id: z.uuid() })
const findingParams = z.object({ id: z.uuid(), kind: z.string(), childId: z.uuid() })

const PATHS = {
  'rapid-review-finding': '/manage/rapid-reviews/:id/seen-before',
  finding: '/manage/reviews/:id/findings/:kind/:childId/seen-before',
} as const

function itemOf(request: FastifyRequest, kind: keyof typeof PATHS): LearningItemRef {
  if (kind === 'rapid-review-finding') {
    const params = rapidReviewParams.safeParse(request.params)
    if (!params.success) throw new NotFoundError('Not a rapid review address')
    return { kind, rapidReviewId: params.data.id }
  }
  const params = findingParams.safeParse(request.params)
  if (!params.success || !isFindingKind(params.data.kind)) {
    throw new NotFoundError('Not a finding address')
  }
  return { kind: params.data.kind, reviewId: params.data.id, findingId: params.data.childId }
}

/** The earlier item a link form names: `learning-point:<uuid>` or `recommendation:<uuid>`. */
function earlierOf(request: FastifyRequest): { kind: string; id: string } {
  const value = text(formBody(request.body), 'earlier') ?? ''
  const [kind = '', id = ''] = value.split(':')
  return { kind, id }
}

export function seenBeforeRoutes(app: FastifyInstance, services: Services): void {
  const render = async (
    request: FastifyRequest,
    reply: FastifyReply,
    item: LearningItemRef,
    errors: readonly FieldError[],
  ) => {
    const page = await services.seenBefore.page(request.actor, item)
    return reply.status(errors.length > 0 ? 400 : 200).view('seen-before/seen-before.njk', {
      ...seenBeforeViewModel(page, seenBeforePathOf(item)),
      ...errorViewModel(errors),
    })
  }

  for (const [kind, path] of Object.entries(PATHS) as [keyof typeof PATHS, string][]) {
    const allowed = {
      preHandler: requirePermission(
        kind === 'rapid-review-finding' ? 'incidents:manage' : 'reviews:edit',
      ),
    }
    app.get(path, allowed, async (request, reply) =>
      render(request, reply, itemOf(request, kind), []),
    )

    app.post(`${path}/link`, allowed, async (request, reply) => {
      const item = itemOf(request, kind)
      try {
        await services.seenBefore.link(request.actor, item, earlierOf(request))
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error
        return render(request, reply, item, error.errors)
      }
      setFlash(request, 'Linked to the earlier learning')
      return reply.redirect(seenBeforePathOf(item), 303)
    })

    app.post(`${path}/unlink`, allowed, async (request, reply) => {
      const item = itemOf(request, kind)
      await services.seenBefore.unlink(request.actor, item, earlierOf(request))
      setFlash(request, 'Link removed')
      return reply.redirect(seenBeforePathOf(item), 303)
    })
  }
}
