import type { FastifyInstance } from 'fastify'
import { assertCan } from '../../domain/access/policy.js'
import type { Services } from '../../services/index.js'
import { actionApiRoutes } from './action-routes.js'
import { calendarApiRoutes } from './calendar-routes.js'
import { incidentApiRoutes } from './incident-routes.js'
import { parseOrThrow } from './parse.js'
import { rapidReviewApiRoutes } from './rapid-review-routes.js'
import { redactionCheckApiRoutes } from './redaction-check-routes.js'
import { reviewApiRoutes } from './review-routes.js'
import { themeApiRoutes } from './theme-routes.js'
import { publicReviewsQuerySchema, publicSearchQuerySchema } from './schemas.js'
import { MATCH_END, MATCH_START, snippetToHtml } from '../../domain/public-site/search-terms.js'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Routes anyone may call without a bearer token. */
    public?: boolean
  }
}

/** The JSON API at /api/v1: bearer tokens, JSON in and out, errors as a list. */
export async function apiRoutes(app: FastifyInstance, services: Services): Promise<void> {
  app.addHook('onRequest', async (request, reply) => {
    if (request.routeOptions.config.public) return
    const header = request.headers.authorization ?? ''
    const match = /^Bearer ([A-Za-z0-9_-]{10,200})$/.exec(header)
    request.actor = match?.[1] ? await services.auth.actorForApiToken(match[1]) : null
    if (!request.actor) {
      await reply
        .status(401)
        .header('www-authenticate', 'Bearer')
        .send({ errors: [{ field: 'authorization', message: 'A valid bearer token is required' }] })
    }
  })

  app.get('/public/reviews', { config: { public: true } }, async (request, reply) => {
    const query = parseOrThrow(publicReviewsQuerySchema, request.query)
    const reviews = await services.publicLearning.listPublishedReviews({
      ...(query.partnership === undefined ? {} : { partnershipSlug: query.partnership }),
      limit: query.limit,
      offset: query.offset,
    })
    // Open data: anyone may reuse it, so any site may read it.
    void reply.header('access-control-allow-origin', '*')
    return {
      reviews: reviews.map(
        ({ id: _id, changedAt: _changedAt, withdrawal: _withdrawal, ...review }) => ({
          ...review,
          url: `/reviews/${encodeURIComponent(review.slug)}`,
        }),
      ),
      limit: query.limit,
      offset: query.offset,
    }
  })

  app.get('/public/search', { config: { public: true } }, async (request, reply) => {
    const query = parseOrThrow(publicSearchQuerySchema, request.query)
    const results = await services.publicSearch.search({
      text: query.q,
      ...(query.kind === undefined ? {} : { kind: query.kind }),
      ...(query.partnership === undefined ? {} : { partnershipSlug: query.partnership }),
      ...(query.year === undefined ? {} : { year: query.year }),
      page: query.page,
      pageSize: query.pageSize,
    })
    void reply.header('access-control-allow-origin', '*')
    const plain = (text: string) => text.replaceAll(MATCH_START, '').replaceAll(MATCH_END, '')
    return {
      searchedFor: results.searchedFor,
      leftOut: results.leftOut,
      total: results.total,
      totalCapped: results.totalCapped,
      page: query.page,
      pageSize: query.pageSize,
      results: results.hits.map((hit) => ({
        title: hit.title,
        url: hit.url,
        source: hit.sourceKind,
        review: { slug: hit.reviewSlug, kind: hit.reviewKind },
        publishedOn: hit.publishedOn,
        snippet: plain(hit.snippet),
        snippetHtml: snippetToHtml(hit.snippet),
      })),
    }
  })

  // On this instance, so they share the API's hooks (public routes skip the token).
  calendarApiRoutes(app, services)
  incidentApiRoutes(app, services)
  rapidReviewApiRoutes(app, services)
  reviewApiRoutes(app, services)
  actionApiRoutes(app, services)
  redactionCheckApiRoutes(app, services)
  themeApiRoutes(app, services)

  app.get('/me', async (request) => {
    assertCan(request.actor, 'api:use')
    return {
      userId: request.actor.userId,
      displayName: request.actor.displayName,
      memberships: request.actor.memberships.map((membership) => ({
        partnership: membership.partnershipSlug,
        role: membership.role,
        agencyId: membership.agencyId,
      })),
    }
  })
}
