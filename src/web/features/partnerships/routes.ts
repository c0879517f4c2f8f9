// Many partnerships in one deployment (issue 12). The deployment administrator
// lists, creates and views partnerships at /manage/partnerships; a person in
// several partnerships chooses the one they work in at /manage/partnership-choice.
// Thin handlers: the deployment service checks and audits.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { canManageDeployment } from '../../../domain/access/policy.js'
import { AccessDeniedError, ValidationError, type FieldError } from '../../../domain/errors.js'
import type { Services } from '../../../services/index.js'
import { setFlash } from '../../flash.js'
import { errorViewModel } from '../../form-errors.js'
import { formBody, text } from '../../form-fields.js'
import { requireSignedIn } from '../../plugins/authentication.js'
import {
  createdPartnershipViewModel,
  NEW_PARTNERSHIP_FIELDS,
  newPartnershipViewModel,
  PARTNERSHIP_CHOICE_PATH,
  partnershipChoiceViewModel,
  partnershipListViewModel,
  PARTNERSHIPS_PATH,
} from './view-model.js'

/** A preHandler for the deployment administrator's pages. */
async function requireDeploymentAdministrator(request: FastifyRequest, reply: FastifyReply) {
  await requireSignedIn(request, reply)
  if (reply.sent) return
  if (!canManageDeployment(request.actor)) {
    throw new AccessDeniedError('Not allowed: deployment:manage')
  }
}

export function partnershipRoutes(app: FastifyInstance, services: Services): void {
  const deploymentOnly = { preHandler: requireDeploymentAdministrator }
  const signedIn = { preHandler: requireSignedIn }

  const renderNew = (
    reply: FastifyReply,
    form: Record<string, string>,
    errors: readonly FieldError[],
  ) =>
    reply
      .status(errors.length > 0 ? 400 : 200)
      .view('partnerships/new.njk', { ...newPartnershipViewModel(form), ...errorViewModel(errors) })

  app.get(PARTNERSHIPS_PATH, deploymentOnly, async (request, reply) =>
    reply.view(
      'partnerships/list.njk',
      partnershipListViewModel(await services.deployment.listPartnerships(request.actor)),
    ),
  )

  app.get(`${PARTNERSHIPS_PATH}/new`, deploymentOnly, async (_request, reply) =>
    renderNew(reply, {}, []),
  )

  app.post(`${PARTNERSHIPS_PATH}/new`, deploymentOnly, async (request, reply) => {
    const body = formBody(request.body)
    const form: Record<string, string> = {}
    for (const field of NEW_PARTNERSHIP_FIELDS) form[field] = text(body, field) ?? ''
    try {
      // requireDeploymentAdministrator guarantees an actor here.
      const created = await services.deployment.createPartnership({ actor: request.actor! }, form)
      // Rendered, not redirected: a new account's one-time password is shown
      // here once and kept nowhere in clear.
      return await reply.view(
        'partnerships/created.njk',
        createdPartnershipViewModel(created, created.partnershipId),
      )
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      return renderNew(reply, form, error.errors)
    }
  })

  app.get(PARTNERSHIP_CHOICE_PATH, signedIn, async (request, reply) => {
    const choice = request.partnershipChoice
    return reply.view(
      'partnerships/choice.njk',
      partnershipChoiceViewModel(choice ?? { partnerships: [], chosen: null }),
    )
  })

  app.post(PARTNERSHIP_CHOICE_PATH, signedIn, async (request, reply) => {
    const choice = request.partnershipChoice ?? { partnerships: [], chosen: null }
    const value = text(formBody(request.body), 'partnership') ?? ''
    const partnership = choice.partnerships.find((candidate) => candidate.id === value)
    if (value !== 'all' && partnership === undefined) {
      const errors: FieldError[] = [
        { field: 'partnership', message: 'Select the partnership you are working in' },
      ]
      return reply.status(400).view('partnerships/choice.njk', {
        ...partnershipChoiceViewModel(choice),
        ...errorViewModel(errors),
      })
    }
    if (partnership === undefined) delete request.session.actingPartnershipId
    else request.session.actingPartnershipId = partnership.id
    setFlash(
      request,
      partnership === undefined
        ? 'You are working in all your partnerships'
        : `You are working in ${partnership.name}`,
    )
    return reply.redirect('/manage', 303)
  })
}
