// Showing a child's identifying details (issue 4): a reason first, audited by
// the service; then, for a few minutes and in this session only, the incident
// page and the notification pack show them.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import {
  DISCLOSURE_REASON_MAX_LENGTH,
  DISCLOSURE_REASON_MIN_LENGTH,
  IDENTITY_UNLOCK_MINUTES,
  isDisclosurePurpose,
  type DisclosurePurpose,
  type IdentityUnlock,
} from '../../../domain/access/identity-disclosure.js'
import { NotFoundError, ValidationError, type FieldError } from '../../../domain/errors.js'
import type { Services } from '../../../services/index.js'
import { requirePermission } from '../../plugins/authentication.js'
import { echo, field, formBody, pageErrors } from './form-fields.js'

declare module 'fastify' {
  interface Session {
    /** Reasons given to see children's identifying details, each for one incident until a time. */
    identityUnlocks?: IdentityUnlock[]
  }
}

const idParams = z.object({ id: z.uuid() })

/** The session's unlock for this incident, if it is still in time. */
export function identityUnlockOf(
  request: FastifyRequest,
  incidentId: string,
  now: number,
): IdentityUnlock | null {
  return (
    request.session.identityUnlocks?.find(
      (unlock) => unlock.incidentId === incidentId && Date.parse(unlock.until) > now,
    ) ?? null
  )
}

export function identityDetailsPath(incidentId: string, purpose: DisclosurePurpose): string {
  const base = `/manage/incidents/${incidentId}/identifying-details`
  return purpose === 'incident' ? base : `${base}?for=${purpose}`
}

export function identityRoutes(app: FastifyInstance, services: Services): void {
  const viewers = { preHandler: requirePermission('identity:view') }

  const incidentIdOf = (request: FastifyRequest): string => {
    const params = idParams.safeParse(request.params)
    if (!params.success) throw new NotFoundError('Not an incident address')
    return params.data.id
  }

  const purposeOf = (value: unknown): DisclosurePurpose =>
    isDisclosurePurpose(value) ? value : 'incident'

  const render = async (
    request: FastifyRequest,
    reply: FastifyReply,
    purpose: DisclosurePurpose,
    form: Record<string, string>,
    errors: readonly FieldError[],
  ) => {
    // Opening the page already needs the incident to be visible (404 otherwise).
    const { incident } = await services.incidents.page(request.actor, incidentIdOf(request))
    return reply.status(errors.length > 0 ? 400 : 200).view('incidents/identifying-details.njk', {
      pageTitle: 'Show identifying details',
      incident,
      purpose,
      minLength: DISCLOSURE_REASON_MIN_LENGTH,
      maxLength: DISCLOSURE_REASON_MAX_LENGTH,
      minutes: IDENTITY_UNLOCK_MINUTES,
      form,
      ...pageErrors(errors, []),
    })
  }

  app.get('/manage/incidents/:id/identifying-details', viewers, async (request, reply) => {
    const query = (request.query ?? {}) as Record<string, unknown>
    return render(request, reply, purposeOf(query.for), {}, [])
  })

  app.post('/manage/incidents/:id/identifying-details', viewers, async (request, reply) => {
    const id = incidentIdOf(request)
    const body = formBody(request.body)
    const purpose = purposeOf(body.purpose)
    let unlock: IdentityUnlock
    try {
      unlock = await services.incidents.showIdentifyingDetails(
        request.actor,
        id,
        field(body, 'reason'),
        purpose,
      )
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      return render(request, reply, purpose, echo(body), error.errors)
    }
    const now = services.now().getTime()
    request.session.identityUnlocks = [
      ...(request.session.identityUnlocks ?? []).filter(
        (kept) => kept.incidentId !== id && Date.parse(kept.until) > now,
      ),
      unlock,
    ]
    const next =
      purpose === 'notification-pack'
        ? `/manage/incidents/${id}/notification-pack`
        : `/manage/incidents/${id}#identifying-details`
    return reply.redirect(next, 303)
  })
}
