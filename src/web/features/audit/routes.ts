import type { FastifyInstance } from 'fastify'
import { ValidationError } from '../../../domain/errors.js'
import type { Services } from '../../../services/index.js'
import { errorViewModel } from '../../form-errors.js'
import { requirePermission } from '../../plugins/authentication.js'
import { readAuditFilter } from './validation.js'
import { auditPageViewModel } from './view-model.js'

export function auditRoutes(app: FastifyInstance, services: Services): void {
  const auditors = { preHandler: requirePermission('audit:read') }

  app.get('/manage/audit', auditors, async (request, reply) => {
    const { filter, page } = readAuditFilter(request.query)
    const actions = await services.audit.actions(request.actor)
    try {
      const result = await services.audit.search(request.actor, filter, page)
      return reply.view('audit/audit.njk', {
        ...auditPageViewModel({ filter, page, actions, ...result }),
        ...errorViewModel([]),
      })
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      return reply.status(400).view('audit/audit.njk', {
        ...auditPageViewModel({ filter, page, actions, events: [], total: 0, unknownUser: false }),
        ...errorViewModel(error.errors),
      })
    }
  })

  app.get('/manage/audit.csv', auditors, async (request, reply) => {
    const { filter } = readAuditFilter(request.query)
    const csv = await services.audit.exportCsv(request.actor, filter)
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="audit-trail.csv"')
      .send(csv)
  })
}
