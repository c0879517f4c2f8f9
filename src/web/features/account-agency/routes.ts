// An administrator sets which agency an account acts for (issue 8), from the
// users page: a partner's delegate then signs for its agency's statutory
// partner (S8), and an agency lead sees its agency's actions. Thin handlers:
// the membership agency service checks and audits.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { NotFoundError, ValidationError, type FieldError } from '../../../domain/errors.js'
import type { AccountAgencyChoice } from '../../../services/agencies/membership-agency-service.js'
import type { Services } from '../../../services/index.js'
import { setFlash } from '../../flash.js'
import { formBody, text } from '../../form-fields.js'
import { requirePermission } from '../../plugins/authentication.js'

const USERS_PATH = '/manage/users'
const userParams = z.object({ userId: z.uuid() })

function agencyPageModel(
  choices: readonly AccountAgencyChoice[],
  userId: string,
  posted: { partnershipId: string; agencyId: string; errors: readonly FieldError[] } | null,
) {
  const first = choices[0]
  const postedIndex = choices.findIndex((choice) => choice.partnership.id === posted?.partnershipId)
  const fieldId = (index: number) => (index <= 0 ? 'agencyId' : `agencyId-${index + 1}`)
  return {
    // The summary links to the list of the partnership whose form was sent.
    errorSummary: (posted?.errors ?? []).map((error) => ({
      text: error.message,
      href: `#${fieldId(postedIndex)}`,
    })),
    pageTitle: `Agency of ${first?.membership.displayName ?? 'this account'}`,
    action: `${USERS_PATH}/${userId}/agency`,
    cancelHref: USERS_PATH,
    account: first
      ? { displayName: first.membership.displayName, email: first.membership.email }
      : null,
    partnerships: choices.map((choice, index) => {
      const postedHere = posted?.partnershipId === choice.partnership.id ? posted : null
      const selected = postedHere ? postedHere.agencyId : (choice.membership.agencyId ?? '')
      return {
        fieldId: fieldId(index),
        error: postedHere?.errors[0]?.message ?? null,
        id: choice.partnership.id,
        name: choice.partnership.name,
        many: choices.length > 1,
        items: [
          { value: '', text: 'None', selected: selected === '' },
          ...choice.agencies.map((agency) => ({
            value: agency.id,
            text: agency.retiredOn ? `${agency.name} (retired)` : agency.name,
            selected: selected === agency.id,
          })),
        ],
      }
    }),
  }
}

export function accountAgencyRoutes(app: FastifyInstance, services: Services): void {
  const usersAdmin = { preHandler: requirePermission('users:manage') }
  const { accountAgencies } = services

  const userIdOf = (request: FastifyRequest): string => {
    const params = userParams.safeParse(request.params)
    if (!params.success) throw new NotFoundError('Not an account address')
    return params.data.userId
  }

  const render = async (
    request: FastifyRequest,
    reply: FastifyReply,
    userId: string,
    posted: { partnershipId: string; agencyId: string; errors: readonly FieldError[] } | null,
  ) => {
    const choices = await accountAgencies.choices(request.actor, userId)
    return reply
      .status(posted ? 400 : 200)
      .view('account-agency/agency.njk', agencyPageModel(choices, userId, posted))
  }

  app.get(`${USERS_PATH}/:userId/agency`, usersAdmin, async (request, reply) =>
    render(request, reply, userIdOf(request), null),
  )

  app.post(`${USERS_PATH}/:userId/agency`, usersAdmin, async (request, reply) => {
    const userId = userIdOf(request)
    const body = formBody(request.body)
    const partnershipId = text(body, 'partnershipId') ?? ''
    const agencyId = text(body, 'agencyId') ?? ''
    try {
      const saved = await accountAgencies.set(request.actor, userId, partnershipId, agencyId)
      setFlash(request, {
        heading: `${saved.displayName}’s agency saved`,
        text: saved.agencyName
          ? `They now act for ${saved.agencyName}.`
          : 'They act for no agency.',
      })
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      return render(request, reply, userId, { partnershipId, agencyId, errors: error.errors })
    }
    return reply.redirect(USERS_PATH, 303)
  })
}
