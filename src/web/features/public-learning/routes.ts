import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { NotFoundError } from '../../../domain/errors.js'
import type { Services } from '../../../services/index.js'
import { homePageViewModel, reviewViewModel } from './view-model.js'

const slugParams = z.object({ slug: z.string().regex(/^[a-z0-9-]{1,100}$/) })

export function publicLearningRoutes(
  app: FastifyInstance,
  services: Services,
  publicPartnershipSlug: string,
): void {
  app.get('/', async (_request, reply) => {
    const page = await services.publicLearning.homePage(publicPartnershipSlug)
    return reply.view('public-learning/home.njk', homePageViewModel(page))
  })

  app.get('/reviews', async (_request, reply) => {
    const page = homePageViewModel(await services.publicLearning.homePage(publicPartnershipSlug))
    return reply.view('public-learning/reviews.njk', {
      pageTitle: 'Published reviews',
      partnershipName: page.partnershipName,
      reviews: page.reviews,
    })
  })

  app.get('/reviews/:slug', async (request, reply) => {
    const params = slugParams.safeParse(request.params)
    if (!params.success) throw new NotFoundError('Not a review address')
    const review = reviewViewModel(
      await services.publicLearning.publishedReview(params.data.slug),
      await services.briefings.publicBriefingHref(params.data.slug),
    )
    return reply.view('public-learning/review.njk', { pageTitle: review.title, review })
  })
}
