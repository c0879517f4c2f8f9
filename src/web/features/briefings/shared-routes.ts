// What both kinds of briefing (seven-minute, thematic) do the same way on the
// web: send a PDF or .docx, refuse a form that lost its version, and the
// "publish" and "withdraw" decisions with their conflict handling. Each kind
// says how to find its briefing, draw its page and call its service.
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteShorthandOptions } from 'fastify'
import { ValidationError, type FieldError } from '../../../domain/errors.js'
import type { BriefingFormat } from '../../../services/briefings/briefing-service.js'
import { saveOrConflict } from '../../edit-conflict.js'
import { setFlash } from '../../flash.js'
import { formBody, text } from '../../form-fields.js'
import { formVersion } from '../../form-version.js'

export const STALE_FORM: FieldError = {
  field: 'version',
  message: 'The form was incomplete: open the briefing again and make your change',
}

const CONTENT_TYPES: Record<BriefingFormat, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
}

export function sendFile(
  reply: FastifyReply,
  format: BriefingFormat,
  file: { file: Buffer; filename: string },
  cache: 'public' | 'private',
) {
  return reply
    .header('content-type', CONTENT_TYPES[format])
    .header('content-disposition', `attachment; filename="${file.filename}"`)
    .header('cache-control', cache === 'public' ? 'public, max-age=300' : 'private, no-store')
    .send(file.file)
}

export type BriefingDecision = 'publish' | 'withdraw'

export interface DecisionRoutes {
  /** The briefing's staff page, with the briefing's parameter, e.g. `/manage/reviews/:id/briefing`. */
  readonly path: string
  readonly options: RouteShorthandOptions
  readonly idOf: (request: FastifyRequest) => string
  /** The briefing's staff page for an id, with `rest` after it (e.g. `/publish`). */
  readonly pagePath: (id: string, rest?: string) => string
  /** Draws the decision's page (a status of 400 when there are errors). */
  readonly render: (
    request: FastifyRequest,
    reply: FastifyReply,
    decision: BriefingDecision,
    form: Record<string, string>,
    errors: readonly FieldError[],
  ) => Promise<unknown>
  readonly publish: (request: FastifyRequest, id: string, version: number) => Promise<void>
  readonly withdraw: (
    request: FastifyRequest,
    id: string,
    version: number,
    reason: string,
  ) => Promise<void>
}

export function registerDecisionRoutes(app: FastifyInstance, routes: DecisionRoutes): void {
  const { render } = routes

  app.get(`${routes.path}/publish`, routes.options, async (request, reply) =>
    render(request, reply, 'publish', {}, []),
  )

  app.post(`${routes.path}/publish`, routes.options, async (request, reply) => {
    const id = routes.idOf(request)
    const version = formVersion(formBody(request.body).version)
    if (version === null) return render(request, reply, 'publish', {}, [STALE_FORM])
    try {
      await saveOrConflict(
        request.body,
        { fields: [], reloadHref: routes.pagePath(id, '/publish') },
        () => routes.publish(request, id, version),
      )
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      return render(request, reply, 'publish', {}, error.errors)
    }
    setFlash(request, { heading: 'Briefing published', text: 'It is now on the public site.' })
    return reply.redirect(routes.pagePath(id), 303)
  })

  app.get(`${routes.path}/withdraw`, routes.options, async (request, reply) =>
    render(request, reply, 'withdraw', {}, []),
  )

  app.post(`${routes.path}/withdraw`, routes.options, async (request, reply) => {
    const id = routes.idOf(request)
    const body = formBody(request.body)
    const form = { reason: text(body, 'reason') ?? '' }
    const version = formVersion(body.version)
    if (version === null) return render(request, reply, 'withdraw', form, [STALE_FORM])
    try {
      await saveOrConflict(
        request.body,
        {
          fields: [{ name: 'reason', label: 'Why it is withdrawn' }],
          reloadHref: routes.pagePath(id, '/withdraw'),
        },
        () => routes.withdraw(request, id, version, form.reason),
      )
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      return render(request, reply, 'withdraw', form, error.errors)
    }
    setFlash(request, 'Briefing withdrawn')
    return reply.redirect(routes.pagePath(id), 303)
  })
}
