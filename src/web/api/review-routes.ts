// Reviews in progress over the API: only the reviews the token's owner may
// read (the same policy as the pages); others answer 404, as if absent.
import type { FastifyInstance } from 'fastify'
import type { z } from 'zod'
import { assertCan } from '../../domain/access/policy.js'
import { methodologyLabel } from '../../domain/reviews/methodologies.js'
import { stageName } from '../../domain/reviews/stages.js'
import type { Services } from '../../services/index.js'
import type { ReviewView } from '../../services/review-service.js'
import { parseOrThrow } from './parse.js'
import { reviewParamsSchema, type reviewInProgressSchema } from './schemas.js'

export function reviewApiRoutes(app: FastifyInstance, services: Services): void {
  app.get('/reviews/:id', async (request) => {
    assertCan(request.actor, 'api:use')
    const { id } = parseOrThrow(reviewParamsSchema, request.params)
    return reviewJson(await services.reviews.get(request.actor, id))
  })
}

export function reviewJson(review: ReviewView): z.output<typeof reviewInProgressSchema> {
  return {
    id: review.id,
    title: review.title,
    kind: review.kind,
    guidanceEdition: review.guidanceEdition,
    status: review.status,
    childPseudonym: review.childPseudonym,
    leadPartnership: { slug: review.leadPartnership.slug, name: review.leadPartnership.name },
    participatingPartnerships: review.participatingPartnerships.map(({ slug, name }) => ({
      slug,
      name,
    })),
    methodology: review.methodology,
    methodologyName: methodologyLabel(review.methodology, review.methodologyOther),
    termsOfReference: review.termsOfReference,
    rapidReviewId: review.rapidReviewId,
    restricted: review.restricted,
    decisionOn: review.decisionOn,
    targetOn: review.targetOn,
    targetStatus: review.clock?.status ?? null,
    workingDaysLeft: review.clock?.workingDaysLeft ?? null,
    startedOn: review.startedOn,
    finalReportReceivedOn: review.finalReportReceivedOn,
    reviewers: review.reviewers.map(({ name, role, organisation }) => ({
      name,
      role,
      organisation,
    })),
    stages: review.stages.map(({ stage, status }) => ({
      stage,
      name: stageName(stage, review.methodology),
      status,
    })),
    checkpoints: review.checkpoints.map((checkpoint) => ({
      heldOn: checkpoint.heldOn,
      observations: checkpoint.observations,
      request: checkpoint.request,
    })),
    delays: review.delays.map(
      ({ reason, details, identifiedOn, panelToldOn, secretaryOfStateToldOn }) => ({
        reason,
        details,
        identifiedOn,
        panelToldOn,
        secretaryOfStateToldOn,
      }),
    ),
    chronologyEntries: review.chronologyEntries,
  }
}
