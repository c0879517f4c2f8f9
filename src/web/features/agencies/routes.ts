// The partnership's list of agencies (issue 8), under Settings: administrators
// add, change, retire and bring back agencies. Thin handlers: the agency
// service checks, versions and audits.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { AGENCY_KIND_LABELS } from '../../../domain/agencies/agency-list.js'
import { NotFoundError, ValidationError, type FieldError } from '../../../domain/errors.js'
import type { Services } from '../../../services/index.js'
import { saveOrConflict } from '../../edit-conflict.js'
import { errorViewModel } from '../../form-errors.js'
import { formBody, text, type FormBody } from '../../form-fields.js'
import { formVersion } from '../../form-version.js'
import { requirePermission } from '../../plugins/authentication.js'
import {
  AGENCIES_PATH,
  agencyFormViewModel,
  agencyListViewModel,
  agencyPath,
  retireViewModel,
} from './view-model.js'

const idParams = z.object({ id: z.uuid() })

const CONFLICT_FIELDS = [
  { name: 'name', label: 'Name of the agency' },
  { name: 'kind', label: 'Kind', kind: 'choice' as const, options: AGENCY_KIND_LABELS },
]

const STALE_FORM: FieldError = {
  field: 'version',
  message: 'The form was incomplete: open the agency again from the list and make your change',
}

interface AgencyForm extends Record<string, string> {
  name: string
  kind: string
  partnership: string
}

function agencyForm(body: FormBody): AgencyForm {
  return {
    name: text(body, 'name') ?? '',
    kind: text(body, 'kind') ?? '',
    partnership: text(body, 'partnership') ?? '',
  }
}

export function agencyRoutes(app: FastifyInstance, services: Services): void {
  const adminOnly = { preHandler: requirePermission('settings:manage') }
  const { agencies } = services

  const idOf = (request: FastifyRequest): string => {
    const params = idParams.safeParse(request.params)
    if (!params.success) throw new NotFoundError('Not an agency address')
    return params.data.id
  }

  const partnershipsOf = async (request: FastifyRequest) =>
    (await agencies.list(request.actor)).map((list) => list.partnership)

  const renderNew = async (
    request: FastifyRequest,
    reply: FastifyReply,
    form: Record<string, string>,
    errors: readonly FieldError[],
  ) =>
    reply.status(errors.length > 0 ? 400 : 200).view('agencies/form.njk', {
      ...agencyFormViewModel({
        action: `${AGENCIES_PATH}/new`,
        heading: 'Add an agency',
        form,
        partnerships: await partnershipsOf(request),
      }),
      ...errorViewModel(errors),
    })

  const renderChange = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    form: Record<string, string> | null,
    errors: readonly FieldError[],
  ) => {
    const agency = await agencies.find(request.actor, id)
    return reply.status(errors.length > 0 ? 400 : 200).view('agencies/form.njk', {
      ...agencyFormViewModel({
        action: agencyPath(id),
        heading: `Change ${agency.name}`,
        form: form ?? { name: agency.name, kind: agency.kind },
        version: agency.version,
      }),
      ...errorViewModel(errors),
    })
  }

  app.get(AGENCIES_PATH, adminOnly, async (request, reply) =>
    reply.view('agencies/list.njk', agencyListViewModel(await agencies.list(request.actor))),
  )

  app.get(`${AGENCIES_PATH}/new`, adminOnly, async (request, reply) =>
    renderNew(request, reply, {}, []),
  )

  app.post(`${AGENCIES_PATH}/new`, adminOnly, async (request, reply) => {
    const form = agencyForm(formBody(request.body))
    try {
      await agencies.add(request.actor, form.partnership, form)
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      return renderNew(request, reply, form, error.errors)
    }
    return reply.redirect(AGENCIES_PATH, 303)
  })

  app.get(`${AGENCIES_PATH}/:id/change`, adminOnly, async (request, reply) =>
    renderChange(request, reply, idOf(request), null, []),
  )

  app.post(`${AGENCIES_PATH}/:id/change`, adminOnly, async (request, reply) => {
    const id = idOf(request)
    const body = formBody(request.body)
    const form = agencyForm(body)
    const version = formVersion(body.version)
    if (version === null) return renderChange(request, reply, id, form, [STALE_FORM])
    try {
      await saveOrConflict(
        request.body,
        { fields: CONFLICT_FIELDS, reloadHref: agencyPath(id) },
        () => agencies.change(request.actor, id, version, form),
      )
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      return renderChange(request, reply, id, form, error.errors)
    }
    return reply.redirect(AGENCIES_PATH, 303)
  })

  app.get(`${AGENCIES_PATH}/:id/retire`, adminOnly, async (request, reply) => {
    const agency = await agencies.find(request.actor, idOf(request))
    return reply.view('agencies/retire.njk', {
      ...retireViewModel(agency, {}),
      ...errorViewModel([]),
    })
  })

  app.post(`${AGENCIES_PATH}/:id/retire`, adminOnly, async (request, reply) => {
    const id = idOf(request)
    const body = formBody(request.body)
    const form = { reason: text(body, 'reason') ?? '' }
    const version = formVersion(body.version)
    const refuse = async (errors: readonly FieldError[]) => {
      const agency = await agencies.find(request.actor, id)
      return reply.status(400).view('agencies/retire.njk', {
        ...retireViewModel(agency, form),
        ...errorViewModel(errors),
      })
    }
    if (version === null) return refuse([STALE_FORM])
    try {
      await saveOrConflict(
        request.body,
        {
          fields: [{ name: 'reason', label: 'Why it is retired' }],
          reloadHref: agencyPath(id, 'retire'),
        },
        () => agencies.setRetired(request.actor, id, version, { reason: form.reason }),
      )
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      return refuse(error.errors)
    }
    return reply.redirect(AGENCIES_PATH, 303)
  })

  app.get(`${AGENCIES_PATH}/:id/restore`, adminOnly, async (request, reply) => {
    const agency = await agencies.find(request.actor, idOf(request))
    return reply.view('agencies/restore.njk', {
      pageTitle: `Bring back ${agency.name}`,
      agency,
      action: agencyPath(agency.id, 'restore'),
      cancelHref: AGENCIES_PATH,
    })
  })

  app.post(`${AGENCIES_PATH}/:id/restore`, adminOnly, async (request, reply) => {
    const id = idOf(request)
    const version = formVersion(formBody(request.body).version)
    if (version === null) throw new ValidationError([STALE_FORM])
    await saveOrConflict(request.body, { fields: [], reloadHref: agencyPath(id, 'restore') }, () =>
      agencies.setRetired(request.actor, id, version, null),
    )
    return reply.redirect(AGENCIES_PATH, 303)
  })
}
