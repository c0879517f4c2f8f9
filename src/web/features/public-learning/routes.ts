// The public site (issue 9): the home page, the list of published reviews, a
// review's page, search, the Atom feed and the sitemap. Every page here is
// public and served through the public page cache (web/public-page-cache.ts):
// rendered once per change of the data for visitors without a session.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { NotFoundError, ValidationError, type FieldError } from '../../../domain/errors.js'
import type { Services } from '../../../services/index.js'
import type { PublicPageCache } from '../../public-page-cache.js'
import { atomFeed, sitemap } from './feeds.js'
import { parseListQuery, parseSearchQueryString } from './query.js'
import {
  homePageViewModel,
  partnershipListViewModel,
  partnershipScope,
  reviewListViewModel,
  reviewPageViewModel,
  searchViewModel,
  WHOLE_SITE,
  type PublicScope,
} from './view-model.js'

const slugParams = z.object({ slug: z.string().regex(/^[a-z0-9-]{1,100}$/) })

export const REVIEWS_PER_PAGE = 20
export const RESULTS_PER_PAGE = 10

const HTML = 'text/html; charset=utf-8'

interface Rendered {
  status: number
  body: string
  contentType: string
}

/**
 * Renders a template for the page cache. For everyone (no session), the page
 * has no nonce, no person and no flash message, so it can be kept and shared.
 */
async function renderPage(
  reply: FastifyReply,
  forEveryone: boolean,
  status: number,
  template: string,
  data: Record<string, unknown>,
): Promise<Rendered> {
  if (forEveryone) {
    reply.locals = {
      ...reply.locals,
      cspNonce: undefined,
      currentUser: null,
      takeFlash: () => null,
    }
  }
  const body = await reply.viewAsync(template, data)
  return { status, body, contentType: HTML }
}

function fieldErrorsOf(error: unknown): FieldError[] | null {
  return error instanceof ValidationError ? [...error.errors] : null
}

export function publicLearningRoutes(
  app: FastifyInstance,
  services: Services,
  site: { publicPartnershipSlug: string | null; publicUrl: string; serviceName: string },
  cache: PublicPageCache,
): void {
  const serve = (
    request: FastifyRequest,
    reply: FastifyReply,
    render: (forEveryone: boolean) => Promise<Rendered>,
  ) => cache.serve(request, reply, render)

  const filterChoices = async () => {
    const list = await services.publicLearning.reviewList({
      order: 'newest',
      page: 1,
      pageSize: 1,
    })
    return { years: list.years, partnerships: list.partnerships }
  }

  // `/`: the configured partnership's learning, or the only partnership's, or
  // (many partnerships in one deployment, issue 12) the list of partnerships.
  app.get('/', (request, reply) =>
    serve(request, reply, async (forEveryone) => {
      const home = await services.publicLearning.siteHome(site.publicPartnershipSlug)
      return home.kind === 'partnership'
        ? renderPage(
            reply,
            forEveryone,
            200,
            'public-learning/home.njk',
            homePageViewModel(home.page),
          )
        : renderPage(
            reply,
            forEveryone,
            200,
            'public-learning/partnerships.njk',
            partnershipListViewModel(home.partnerships),
          )
    }),
  )

  /** The partnership of a `/p/:slug/…` address: one that does not exist is not found. */
  const scopeOf = async (request: FastifyRequest): Promise<PublicScope> => {
    const params = slugParams.safeParse(request.params)
    if (!params.success) throw new NotFoundError('Not a partnership address')
    return partnershipScope(await services.publicLearning.publicPartnership(params.data.slug))
  }

  app.get('/p/:slug', (request, reply) =>
    serve(request, reply, async (forEveryone) => {
      const scope = await scopeOf(request)
      const page = await services.publicLearning.homePage(scope.partnership?.slug ?? '')
      return renderPage(
        reply,
        forEveryone,
        200,
        'public-learning/home.njk',
        homePageViewModel(page, scope),
      )
    }),
  )

  const reviewList = (request: FastifyRequest, reply: FastifyReply, scoped: boolean) =>
    serve(request, reply, async (forEveryone) => {
      const scope = scoped ? await scopeOf(request) : WHOLE_SITE
      const { query, errors } = parseListQuery(request.query)
      // A partnership's own list: its reviews, whatever the address asks.
      if (scope.partnership !== null) query.partnership = scope.partnership.slug
      let list = null
      const problems = [...errors]
      if (problems.length === 0) {
        try {
          list = await services.publicLearning.reviewList({
            ...(query.kind === undefined ? {} : { kind: query.kind }),
            ...(query.year === undefined ? {} : { year: query.year }),
            ...(query.partnership === undefined ? {} : { partnershipSlug: query.partnership }),
            order: query.sort,
            page: query.page,
            pageSize: REVIEWS_PER_PAGE,
          })
        } catch (error) {
          const fieldErrors = fieldErrorsOf(error)
          if (fieldErrors === null) throw error
          problems.push(...fieldErrors)
        }
      }
      const choices = list ?? (await filterChoices())
      return renderPage(
        reply,
        forEveryone,
        problems.length === 0 ? 200 : 400,
        'public-learning/reviews.njk',
        reviewListViewModel(query, list, problems, choices, REVIEWS_PER_PAGE, scope),
      )
    })
  app.get('/reviews', (request, reply) => reviewList(request, reply, false))
  app.get('/p/:slug/reviews', (request, reply) => reviewList(request, reply, true))

  app.get('/reviews/:slug', (request, reply) => {
    const params = slugParams.safeParse(request.params)
    if (!params.success) throw new NotFoundError('Not a review address')
    return serve(request, reply, async (forEveryone) => {
      const page = await services.publicLearning.publishedReview(params.data.slug)
      // Withdrawn before its "available until" date (S15): gone, and the page says so.
      const status = page.review.withdrawal ? 410 : 200
      return renderPage(
        reply,
        forEveryone,
        status,
        'public-learning/review.njk',
        reviewPageViewModel(page),
      )
    })
  })

  const search = (request: FastifyRequest, reply: FastifyReply, scoped: boolean) =>
    serve(request, reply, async (forEveryone) => {
      const scope = scoped ? await scopeOf(request) : WHOLE_SITE
      const { query, errors } = parseSearchQueryString(request.query)
      if (scope.partnership !== null) query.partnership = scope.partnership.slug
      let results = null
      const problems = [...errors]
      if (problems.length === 0 && query.q.trim() !== '') {
        try {
          results = await services.publicSearch.search({
            text: query.q,
            ...(query.kind === undefined ? {} : { kind: query.kind }),
            ...(query.year === undefined ? {} : { year: query.year }),
            ...(query.partnership === undefined ? {} : { partnershipSlug: query.partnership }),
            page: query.page,
            pageSize: RESULTS_PER_PAGE,
          })
        } catch (error) {
          const fieldErrors = fieldErrorsOf(error)
          if (fieldErrors === null) throw error
          problems.push(...fieldErrors)
        }
      }
      return renderPage(
        reply,
        forEveryone,
        problems.length === 0 ? 200 : 400,
        'public-learning/search.njk',
        searchViewModel(query, results, problems, await filterChoices(), RESULTS_PER_PAGE, scope),
      )
    })
  app.get('/search', (request, reply) => search(request, reply, false))
  app.get('/p/:slug/search', (request, reply) => search(request, reply, true))

  app.get('/reviews.atom', (request, reply) =>
    serve(request, reply, async () => ({
      status: 200,
      contentType: 'application/atom+xml; charset=utf-8',
      body: atomFeed(await services.publicLearning.allPublishedReviews(), {
        publicUrl: site.publicUrl,
        title: `${site.serviceName}: published reviews`,
      }),
    })),
  )

  // A partnership's feed: the reviews it led or took part in (a shared review is in both).
  app.get('/p/:slug/reviews.atom', (request, reply) =>
    serve(request, reply, async () => {
      const scope = await scopeOf(request)
      const partnership = await services.publicLearning.publicPartnership(
        scope.partnership?.slug ?? '',
      )
      return {
        status: 200,
        contentType: 'application/atom+xml; charset=utf-8',
        body: atomFeed(await services.publicLearning.allPublishedReviews(5000, partnership.id), {
          publicUrl: site.publicUrl,
          title: `${partnership.name}: published reviews`,
          basePath: scope.basePath,
        }),
      }
    }),
  )

  app.get('/sitemap.xml', (request, reply) =>
    serve(request, reply, async () => ({
      status: 200,
      contentType: 'application/xml; charset=utf-8',
      body: sitemap(
        await services.publicLearning.allPublishedReviews(),
        site.publicUrl,
        await services.publicLearning.partnerships(),
      ),
    })),
  )
}
