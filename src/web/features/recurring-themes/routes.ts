// Recurring themes (issue 11): the themes found in two or more of the
// partnership's reviews, with the reviews and actions behind each and how many
// actions are still open. `?partnership=` for someone in two partnerships.
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { Services } from '../../../services/index.js'
import { requirePermission } from '../../plugins/authentication.js'
import { recurringThemesViewModel } from './view-model.js'

export const RECURRING_THEMES_PATH = '/manage/recurring-themes'

const query = z.object({ partnership: z.string().max(100).optional() }).catch({})

export function recurringThemeRoutes(app: FastifyInstance, services: Services): void {
  app.get(
    RECURRING_THEMES_PATH,
    { preHandler: requirePermission('briefings:see-use') },
    async (request, reply) => {
      const { partnership } = query.parse(request.query)
      const page = await services.recurringThemes.page(request.actor, partnership)
      return reply.view('recurring-themes/recurring-themes.njk', recurringThemesViewModel(page))
    },
  )
}
