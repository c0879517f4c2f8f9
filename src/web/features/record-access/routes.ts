// "Restrict access" for an incident (with its rapid review) and for a review
// (issue 4): the business unit turns the restriction on or off and keeps the
// access list. Thin handlers: the record access service checks and audits.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { NotFoundError, ValidationError, type FieldError } from '../../../domain/errors.js'
import type { Services } from '../../../services/index.js'
import { errorViewModel } from '../../form-errors.js'
import { formVersion } from '../../form-version.js'
import { requirePermission } from '../../plugins/authentication.js'
import { recordAccessViewModel, type AccessRecordKind } from './view-model.js'

const KINDS: readonly AccessRecordKind[] = [
  { recordType: 'incident', basePath: '/manage/incidents' },
  { recordType: 'review', basePath: '/manage/reviews' },
]

const idParams = z.object({ id: z.uuid() })
const personParams = z.object({ id: z.uuid(), userId: z.uuid() })

type Body = Record<string, unknown>

const bodyOf = (request: FastifyRequest): Body =>
  typeof request.body === 'object' && request.body !== null ? (request.body as Body) : {}

export function recordAccessRoutes(app: FastifyInstance, services: Services): void {
  const restricters = { preHandler: requirePermission('records:restrict') }

  for (const kind of KINDS) {
    const { recordType, basePath } = kind
    const pagePath = `${basePath}/:id/access`
    const idOf = (request: FastifyRequest): string => {
      const params = idParams.safeParse(request.params)
      if (!params.success) throw new NotFoundError(`Not a ${recordType} address`)
      return params.data.id
    }

    const render = async (
      request: FastifyRequest,
      reply: FastifyReply,
      id: string,
      errors: readonly FieldError[] = [],
      form: Record<string, string> = {},
    ) => {
      const view = await services.recordAccess.page(request.actor, recordType, id)
      return reply.status(errors.length > 0 ? 400 : 200).view('record-access/access.njk', {
        ...recordAccessViewModel(kind, view, form),
        ...errorViewModel(errors),
      })
    }

    /** Runs a change; a ValidationError shows the page again with the errors. */
    const change = async (
      request: FastifyRequest,
      reply: FastifyReply,
      id: string,
      act: () => Promise<void>,
    ) => {
      try {
        await act()
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error
        const body = bodyOf(request)
        const form: Record<string, string> =
          typeof body.userId === 'string' ? { userId: body.userId } : {}
        return render(request, reply, id, error.errors, form)
      }
      return reply.redirect(`${basePath}/${id}/access`, 303)
    }

    app.get(pagePath, restricters, async (request, reply) => render(request, reply, idOf(request)))

    app.post(pagePath, restricters, async (request, reply) => {
      const id = idOf(request)
      const body = bodyOf(request)
      const version = formVersion(body.version)
      return change(request, reply, id, async () => {
        if (version === null) {
          throw new ValidationError([
            {
              field: 'restricted',
              message: 'The form was incomplete. Reload the page and try again.',
            },
          ])
        }
        await services.recordAccess.setRestricted(
          request.actor,
          recordType,
          id,
          version,
          body.restricted,
        )
      })
    })

    app.post(`${pagePath}/people`, restricters, async (request, reply) => {
      const id = idOf(request)
      return change(request, reply, id, () =>
        services.recordAccess.addPerson(request.actor, recordType, id, bodyOf(request).userId),
      )
    })

    app.post(`${pagePath}/people/:userId/remove`, restricters, async (request, reply) => {
      const params = personParams.safeParse(request.params)
      if (!params.success) throw new NotFoundError('Not an access list address')
      return change(request, reply, params.data.id, () =>
        services.recordAccess.removePerson(
          request.actor,
          recordType,
          params.data.id,
          params.data.userId,
        ),
      )
    })
  }
}
