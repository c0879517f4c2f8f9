// Tagging a review and its learning points and recommendations with themes
// (issue 11). The page shows the suggester's themes with the words that led to
// each; the person ticks those that fit (the rest are simply not added) and may
// pick any other theme. Nothing becomes a tag without that choice.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { NotFoundError, ValidationError, type FieldError } from '../../../domain/errors.js'
import { isFindingKind } from '../../../domain/reviews/findings.js'
import type { Services } from '../../../services/index.js'
import type { ReviewTagTarget } from '../../../services/learning/theme-tag-service.js'
import { setFlash } from '../../flash.js'
import { errorViewModel } from '../../form-errors.js'
import { formBody, text } from '../../form-fields.js'
import { list } from '../reviews/form-fields.js'
import { requirePermission } from '../../plugins/authentication.js'

const reviewParams = z.object({ id: z.uuid() })
const findingParams = z.object({ id: z.uuid(), kind: z.string(), childId: z.uuid() })

function targetOf(request: FastifyRequest, finding: boolean): ReviewTagTarget {
  if (!finding) {
    const params = reviewParams.safeParse(request.params)
    if (!params.success) throw new NotFoundError('Not a review address')
    return { kind: 'review', reviewId: params.data.id }
  }
  const params = findingParams.safeParse(request.params)
  if (!params.success || !isFindingKind(params.data.kind)) {
    throw new NotFoundError('Not a finding address')
  }
  return { kind: params.data.kind, reviewId: params.data.id, findingId: params.data.childId }
}

export function themesPathOf(target: ReviewTagTarget): string {
  return target.kind === 'review'
    ? `/manage/reviews/${target.reviewId}/themes`
    : `/manage/reviews/${target.reviewId}/findings/${target.kind}/${target.findingId}/themes`
}

export function taggingRoutes(app: FastifyInstance, services: Services): void {
  const editReviews = { preHandler: requirePermission('reviews:edit') }

  const render = async (
    request: FastifyRequest,
    reply: FastifyReply,
    target: ReviewTagTarget,
    errors: readonly FieldError[],
  ) => {
    const page = await services.themeTags.page(request.actor, target)
    const path = themesPathOf(target)
    return reply.status(errors.length > 0 ? 400 : 200).view('themes/tagging.njk', {
      pageTitle: `Themes: ${page.label}`,
      page,
      action: path,
      removeAction: `${path}/remove`,
      backHref: `/manage/reviews/${target.reviewId}${target.kind === 'review' ? '' : '#findings'}`,
      suggestionItems: page.suggestions.map((suggestion) => ({
        value: suggestion.theme,
        text: suggestion.name,
        hint: { text: `Because it says: ${suggestion.reasons.map((r) => `“${r}”`).join(', ')}` },
      })),
      otherItems: page.otherThemes.map((theme) => ({
        value: theme.slug,
        text: theme.name,
        hint: { text: theme.description },
      })),
      ...errorViewModel(errors),
    })
  }

  for (const finding of [false, true]) {
    const path = finding
      ? '/manage/reviews/:id/findings/:kind/:childId/themes'
      : '/manage/reviews/:id/themes'

    app.get(path, editReviews, async (request, reply) =>
      render(request, reply, targetOf(request, finding), []),
    )

    app.post(path, editReviews, async (request, reply) => {
      const target = targetOf(request, finding)
      const body = formBody(request.body)
      const chosen = [...list(body, 'suggested'), ...list(body, 'other')]
      try {
        const added = await services.themeTags.tag(request.actor, target, chosen)
        setFlash(request, added === 1 ? '1 theme added' : `${added} themes added`)
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error
        return render(request, reply, target, error.errors)
      }
      return reply.redirect(themesPathOf(target), 303)
    })

    app.post(`${path}/remove`, editReviews, async (request, reply) => {
      const target = targetOf(request, finding)
      const theme = text(formBody(request.body), 'theme') ?? ''
      await services.themeTags.untag(request.actor, target, theme)
      setFlash(request, 'Theme removed')
      return reply.redirect(themesPathOf(target), 303)
    })
  }
}
