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

const idParams = z.object({ id: z.uuid() })
const findingParams = z.object({ id: z.uuid(), kind: z.string(), childId: z.uuid() })

type TargetKind = 'review' | 'finding' | 'briefing' | 'rapid-review-finding'

const TAGGING_PATHS: Record<TargetKind, string> = {
  review: '/manage/reviews/:id/themes',
  finding: '/manage/reviews/:id/findings/:kind/:childId/themes',
  briefing: '/manage/reviews/:id/briefing/themes',
  'rapid-review-finding': '/manage/rapid-reviews/:id/themes',
}

function targetOf(request: FastifyRequest, kind: TargetKind): ReviewTagTarget {
  if (kind === 'finding') {
    const params = findingParams.safeParse(request.params)
    if (!params.success || !isFindingKind(params.data.kind)) {
      throw new NotFoundError('Not a finding address')
    }
    return { kind: params.data.kind, reviewId: params.data.id, findingId: params.data.childId }
  }
  const params = idParams.safeParse(request.params)
  if (!params.success) throw new NotFoundError('Not an address of a record with themes')
  if (kind === 'rapid-review-finding') return { kind, rapidReviewId: params.data.id }
  return { kind, reviewId: params.data.id }
}

export function themesPathOf(target: ReviewTagTarget): string {
  switch (target.kind) {
    case 'rapid-review-finding':
      return `/manage/rapid-reviews/${target.rapidReviewId}/themes`
    case 'review':
      return `/manage/reviews/${target.reviewId}/themes`
    case 'briefing':
      return `/manage/reviews/${target.reviewId}/briefing/themes`
    default:
      return `/manage/reviews/${target.reviewId}/findings/${target.kind}/${target.findingId}/themes`
  }
}

export function taggingRoutes(app: FastifyInstance, services: Services): void {
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
      backHref: page.backHref,
      backText: page.backText,
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

  for (const [kind, path] of Object.entries(TAGGING_PATHS) as [TargetKind, string][]) {
    const allowed = {
      preHandler: requirePermission(
        kind === 'rapid-review-finding' ? 'incidents:manage' : 'reviews:edit',
      ),
    }

    app.get(path, allowed, async (request, reply) =>
      render(request, reply, targetOf(request, kind), []),
    )

    app.post(path, allowed, async (request, reply) => {
      const target = targetOf(request, kind)
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

    app.post(`${path}/remove`, allowed, async (request, reply) => {
      const target = targetOf(request, kind)
      const theme = text(formBody(request.body), 'theme') ?? ''
      await services.themeTags.untag(request.actor, target, theme)
      setFlash(request, 'Theme removed')
      return reply.redirect(themesPathOf(target), 303)
    })
  }
}
