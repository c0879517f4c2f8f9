// Each person's calendar feed: the page to make or reset the secret link, and
// the feed itself at /calendar/<secret>.ics, which needs no session (calendar
// clients cannot sign in): the secret in the address is the credential.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { NotFoundError, ValidationError } from '../../../domain/errors.js'
import type { NewCalendarFeedLink } from '../../../services/calendar-feed-service.js'
import type { Services } from '../../../services/index.js'
import { errorViewModel } from '../../form-errors.js'
import { requirePermission } from '../../plugins/authentication.js'
import { calendarFeedPageViewModel } from './view-model.js'

export const CALENDAR_FEED_PAGE = '/manage/calendar-feed'

const feedParams = z.object({ file: z.string().regex(/^[A-Za-z0-9_-]{1,100}\.ics$/) })
const resetForm = z.object({ version: z.coerce.number().int().min(1) })

export function calendarFeedRoutes(
  app: FastifyInstance,
  services: Services,
  publicUrl: string,
): void {
  const staff = { preHandler: requirePermission('manage:open') }

  const render = async (
    request: FastifyRequest,
    reply: FastifyReply,
    options: { link?: NewCalendarFeedLink; status?: number; errors?: ValidationError } = {},
  ) => {
    const status = await services.calendarFeeds.status(request.actor)
    return reply.status(options.status ?? 200).view('calendar-feed/calendar-feed.njk', {
      ...calendarFeedPageViewModel(status, publicUrl, options.link),
      ...errorViewModel(options.errors?.errors ?? []),
    })
  }

  app.get(CALENDAR_FEED_PAGE, staff, async (request, reply) => render(request, reply))

  // The new link is shown in the answer to the POST rather than after a
  // redirect: only its hash is stored, so no later page can show it again.
  app.post(CALENDAR_FEED_PAGE, staff, async (request, reply) => {
    try {
      const link = await services.calendarFeeds.create(request.actor)
      return render(request, reply, { link })
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      return render(request, reply, { status: 400, errors: error })
    }
  })

  app.post(`${CALENDAR_FEED_PAGE}/reset`, staff, async (request, reply) => {
    const form = resetForm.safeParse(request.body)
    if (!form.success) {
      throw new ValidationError([
        { field: 'version', message: 'The form was incomplete. Reload the page and try again.' },
      ])
    }
    const link = await services.calendarFeeds.reset(request.actor, form.data.version)
    return render(request, reply, { link })
  })

  app.get('/calendar/:file', async (request, reply) => {
    const params = feedParams.safeParse(request.params)
    if (!params.success) throw new NotFoundError('No such calendar')
    const token = params.data.file.slice(0, -'.ics'.length)
    const body = await services.calendarFeeds.feed(token, publicUrl)
    return reply
      .header('content-type', 'text/calendar; charset=utf-8')
      .header('content-disposition', 'inline; filename="statutory-deadlines.ics"')
      .header('cache-control', 'no-store')
      .header('x-robots-tag', 'noindex, nofollow')
      .send(body)
  })
}
