// The outbox page (issue 10): administrators and the business unit see their
// partnership's messages, and send a failed one again (audited by the service).
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { NotFoundError, ValidationError } from '../../../domain/errors.js'
import type { Services } from '../../../services/index.js'
import { setFlash } from '../../flash.js'
import { formBody } from '../../form-fields.js'
import { formVersion } from '../../form-version.js'
import { requirePermission } from '../../plugins/authentication.js'
import { OUTBOX_PATH, outboxViewModel } from './view-model.js'

const idParams = z.object({ id: z.uuid() })
const listQuery = z.object({ status: z.string().optional(), page: z.string().optional() })

export function outboxRoutes(app: FastifyInstance, services: Services): void {
  const readers = { preHandler: requirePermission('outbox:read') }

  app.get(OUTBOX_PATH, readers, async (request, reply) => {
    const parsed = listQuery.safeParse(request.query)
    const query = parsed.success ? parsed.data : {}
    return reply.view(
      'outbox/outbox.njk',
      outboxViewModel(await services.outbox.list(request.actor, query)),
    )
  })

  app.post(`${OUTBOX_PATH}/:id/retry`, readers, async (request, reply) => {
    const params = idParams.safeParse(request.params)
    if (!params.success) throw new NotFoundError('Not a message address')
    const version = formVersion(formBody(request.body).version)
    if (version === null) {
      throw new ValidationError([
        { field: 'version', message: 'The form was incomplete: open the outbox again and retry' },
      ])
    }
    await services.outbox.retry(request.actor, params.data.id, version)
    setFlash(request, {
      heading: 'Message queued to send again',
      text: 'It goes on the next run of the scheduler.',
    })
    return reply.redirect(OUTBOX_PATH, 303)
  })
}
