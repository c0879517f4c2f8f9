// "Your tasks" and the list of rapid reviews (issue 8): staff pages reached
// from the service navigation. The tasks service applies every access rule.
import type { FastifyInstance } from 'fastify'
import type { Services } from '../../../services/index.js'
import { requirePermission } from '../../plugins/authentication.js'
import { rapidReviewListViewModel, yourTasksViewModel } from './view-model.js'

export function taskRoutes(app: FastifyInstance, services: Services): void {
  app.get(
    '/manage/tasks',
    { preHandler: requirePermission('manage:open') },
    async (request, reply) =>
      reply.view(
        'tasks/tasks.njk',
        yourTasksViewModel(await services.tasks.forPerson(request.actor!)),
      ),
  )

  app.get(
    '/manage/rapid-reviews',
    { preHandler: requirePermission('incidents:read') },
    async (request, reply) =>
      reply.view(
        'tasks/rapid-reviews.njk',
        rapidReviewListViewModel(await services.tasks.rapidReviewList(request.actor!)),
      ),
  )
}
