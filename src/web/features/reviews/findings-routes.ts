// A review's learning points and recommendations, recorded by the review team
// while the review goes on (issue 8): add, change (versioned), mark entered in
// error with a reason, and carry findings of the commissioning rapid review.
// Thin handlers over ReviewFindingsService, which applies the access rules.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { AccessDeniedError, NotFoundError, type FieldError } from '../../../domain/errors.js'
import {
  FINDING_KIND_NAMES,
  isFindingKind,
  type FindingKind,
} from '../../../domain/reviews/findings.js'
import type { Services } from '../../../services/index.js'
import { FINDING_FIELDS, type FindingView } from '../../../services/review-findings-service.js'
import { saveOrConflict } from '../../edit-conflict.js'
import { setFlash } from '../../flash.js'
import { echo, formBody, list, pageErrors, text } from './form-fields.js'
import { requireVersion, reviewIdOf, reviewUrl, submit, worked } from './page-helpers.js'
import { requirePermission } from '../../plugins/authentication.js'

const findingParams = z.object({ id: z.uuid(), kind: z.string(), childId: z.uuid().optional() })

function findingAddressOf(request: FastifyRequest): {
  id: string
  kind: FindingKind
  childId: string
} {
  const params = findingParams.safeParse(request.params)
  if (!params.success || !isFindingKind(params.data.kind)) {
    throw new NotFoundError('Not a finding address')
  }
  return { id: params.data.id, kind: params.data.kind, childId: params.data.childId ?? '' }
}

/** The findings shown on the review's page, with whether this person may assign actions. */
export async function findingsSectionOf(
  services: Services,
  request: FastifyRequest,
  reviewId: string,
) {
  const findings = await services.reviewFindings.list(request.actor, reviewId)
  let canAssignActions = false
  if (findings.learningPoints.length + findings.recommendations.length > 0) {
    try {
      const options = await services.actionPlans.newActionOptions(request.actor, reviewId)
      canAssignActions = options.sources.length > 0
    } catch (error) {
      if (!(error instanceof NotFoundError || error instanceof AccessDeniedError)) throw error
    }
  }
  // Themes (issue 11): shown to everyone who sees the findings; tagged by the review team.
  const [canTag, reviewTags, pointTags, recommendationTags] = await Promise.all([
    services.themeTags.canTag(request.actor, reviewId),
    services.themeTags.tagsOf('review', [reviewId]),
    services.themeTags.tagsOf(
      'learning-point',
      findings.learningPoints.map((finding) => finding.id),
    ),
    services.themeTags.tagsOf(
      'recommendation',
      findings.recommendations.map((finding) => finding.id),
    ),
  ])
  const themesOf = (finding: FindingView) =>
    (finding.kind === 'learning-point' ? pointTags : recommendationTags)
      .filter((tag) => tag.recordId === finding.id)
      .map((tag) => (tag.themeRetired ? `${tag.themeName} (retired)` : tag.themeName))
  const named = (finding: FindingView) => ({
    ...finding,
    kindName: FINDING_KIND_NAMES[finding.kind],
    themes: themesOf(finding),
  })
  return {
    canTag,
    reviewThemes: reviewTags.map((tag) =>
      tag.themeRetired ? `${tag.themeName} (retired)` : tag.themeName,
    ),
    ...findings,
    learningPoints: findings.learningPoints.map(named),
    recommendations: findings.recommendations.map(named),
    enteredInError: findings.enteredInError.map(named),
    canAssignActions,
  }
}

export function findingsRoutes(app: FastifyInstance, services: Services): void {
  const editReviews = { preHandler: requirePermission('reviews:edit') }

  const findingPage = async (
    request: FastifyRequest,
    kind: FindingKind,
    form: Record<string, string>,
    chosenAgencies: readonly string[],
    errors: readonly FieldError[],
    formAction: string,
    editing: boolean,
  ) => {
    const review = await worked(services, request)
    const agencies =
      kind === 'recommendation' ? await services.reviewFindings.agencies(request.actor) : []
    const name = FINDING_KIND_NAMES[kind]
    return {
      template: 'reviews/finding.njk',
      model: {
        pageTitle: editing ? `Change the ${name.toLowerCase()}` : `Add a ${name.toLowerCase()}`,
        buttonText: editing ? 'Save changes' : `Add ${name.toLowerCase()}`,
        review: { id: review.id, title: review.title },
        formAction,
        form,
        agencyItems:
          kind === 'recommendation'
            ? agencies.map((agency) => ({
                value: agency.id,
                text: `${agency.name} (${agency.partnershipName})`,
                checked: chosenAgencies.includes(agency.id),
              }))
            : null,
        ...pageErrors(errors),
      },
    }
  }

  // ── Carrying the rapid review's findings (before :kind routes) ───────────

  const carryPage = async (
    request: FastifyRequest,
    chosen: readonly string[],
    errors: readonly FieldError[],
  ) => {
    const review = await worked(services, request)
    const findings = await services.reviewFindings.carriableFindings(request.actor, review.id)
    return {
      template: 'reviews/carry-findings.njk',
      model: {
        pageTitle: 'Carry findings from the rapid review',
        review: { id: review.id, title: review.title },
        findingItems: findings.map((finding) => ({
          value: finding.reference,
          text: finding.text,
          checked: chosen.includes(finding.reference),
          disabled: finding.carried,
          hint: finding.carried ? { text: 'Already a learning point of this review' } : undefined,
        })),
        ...pageErrors(errors),
      },
    }
  }

  app.get('/manage/reviews/:id/findings/from-rapid-review', editReviews, async (request, reply) => {
    const { template, model } = await carryPage(request, [], [])
    return reply.view(template, model)
  })

  app.post(
    '/manage/reviews/:id/findings/from-rapid-review',
    editReviews,
    async (request, reply) => {
      const id = reviewIdOf(request)
      const chosen = list(formBody(request.body), 'findings')
      return submit(
        reply,
        () => services.reviewFindings.carryRapidReviewFindings(request.actor, id, chosen),
        ({ carried }) => {
          setFlash(
            request,
            carried === 1 ? '1 learning point added' : `${carried} learning points added`,
          )
          return reviewUrl(id, '#findings')
        },
        (errors) => carryPage(request, chosen, errors),
      )
    },
  )

  // ── Adding ───────────────────────────────────────────────────────────────

  app.get('/manage/reviews/:id/findings/:kind/new', editReviews, async (request, reply) => {
    const { id, kind } = findingAddressOf(request)
    const { template, model } = await findingPage(
      request,
      kind,
      {},
      [],
      [],
      reviewUrl(id, `/findings/${kind}/new`),
      false,
    )
    return reply.view(template, model)
  })

  app.post('/manage/reviews/:id/findings/:kind/new', editReviews, async (request, reply) => {
    const { id, kind } = findingAddressOf(request)
    const body = formBody(request.body)
    const agencyIds = list(body, 'agencyIds')
    return submit(
      reply,
      () =>
        services.reviewFindings.add(request.actor, id, kind, {
          text: text(body, 'text'),
          agencyIds,
        }),
      () => {
        setFlash(request, `${FINDING_KIND_NAMES[kind]} added`)
        return reviewUrl(id, '#findings')
      },
      (errors) =>
        findingPage(
          request,
          kind,
          echo(body),
          agencyIds,
          errors,
          reviewUrl(id, `/findings/${kind}/new`),
          false,
        ),
    )
  })

  // ── Changing ─────────────────────────────────────────────────────────────

  app.get('/manage/reviews/:id/findings/:kind/:childId', editReviews, async (request, reply) => {
    const { id, kind, childId } = findingAddressOf(request)
    const finding = await services.reviewFindings.get(request.actor, id, kind, childId)
    if (finding.enteredInError) throw new NotFoundError('Entered in error')
    const { template, model } = await findingPage(
      request,
      kind,
      { text: finding.text, version: String(finding.version) },
      finding.agencies.map((agency) => agency.id),
      [],
      reviewUrl(id, `/findings/${kind}/${childId}`),
      true,
    )
    return reply.view(template, model)
  })

  app.post('/manage/reviews/:id/findings/:kind/:childId', editReviews, async (request, reply) => {
    const { id, kind, childId } = findingAddressOf(request)
    const body = formBody(request.body)
    const agencyIds = list(body, 'agencyIds')
    const href = reviewUrl(id, `/findings/${kind}/${childId}`)
    return submit(
      reply,
      () =>
        saveOrConflict(body, { fields: FINDING_FIELDS, reloadHref: href }, () =>
          services.reviewFindings.edit(request.actor, id, kind, childId, requireVersion(body), {
            text: text(body, 'text'),
            agencyIds,
          }),
        ),
      () => {
        setFlash(request, `${FINDING_KIND_NAMES[kind]} changed`)
        return reviewUrl(id, '#findings')
      },
      (errors) => findingPage(request, kind, echo(body), agencyIds, errors, href, true),
    )
  })

  // ── Entered in error ─────────────────────────────────────────────────────

  const enteredInErrorPage = async (
    request: FastifyRequest,
    form: Record<string, string>,
    errors: readonly FieldError[],
  ) => {
    const { id, kind, childId } = findingAddressOf(request)
    const review = await worked(services, request)
    const finding = await services.reviewFindings.get(request.actor, id, kind, childId)
    if (finding.enteredInError) throw new NotFoundError('Already entered in error')
    const name = FINDING_KIND_NAMES[kind]
    return {
      template: 'reviews/entered-in-error.njk',
      model: {
        pageTitle: `Mark ${name.toLowerCase()} ${finding.position} as entered in error`,
        review: { id: review.id, title: review.title },
        recordText: finding.text,
        backHref: reviewUrl(id, '#findings'),
        formAction: reviewUrl(id, `/findings/${kind}/${childId}/entered-in-error`),
        form: { version: String(finding.version), ...form },
        ...pageErrors(errors),
      },
    }
  }

  app.get(
    '/manage/reviews/:id/findings/:kind/:childId/entered-in-error',
    editReviews,
    async (request, reply) => {
      const { template, model } = await enteredInErrorPage(request, {}, [])
      return reply.view(template, model)
    },
  )

  app.post(
    '/manage/reviews/:id/findings/:kind/:childId/entered-in-error',
    editReviews,
    async (request, reply) => {
      const { id, kind, childId } = findingAddressOf(request)
      const body = formBody(request.body)
      return submit(
        reply,
        () =>
          saveOrConflict(
            body,
            {
              fields: FINDING_FIELDS,
              reloadHref: reviewUrl(id, `/findings/${kind}/${childId}/entered-in-error`),
            },
            () =>
              services.reviewFindings.markEnteredInError(
                request.actor,
                id,
                kind,
                childId,
                requireVersion(body),
                text(body, 'reason'),
              ),
          ),
        () => {
          setFlash(request, `${FINDING_KIND_NAMES[kind]} marked as entered in error`)
          return reviewUrl(id, '#findings')
        },
        (errors) => enteredInErrorPage(request, echo(body), errors),
      )
    },
  )
}
