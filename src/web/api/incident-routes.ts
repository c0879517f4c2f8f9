// POST /api/v1/incidents and GET /api/v1/incidents/:id. Responses leave out the
// children's restricted identity fields and health information; an incident of
// a partnership the token owner cannot read answers 404, exactly like one that
// does not exist.
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { assertCan } from '../../domain/access/policy.js'
import { NotFoundError, ValidationError, type FieldError } from '../../domain/errors.js'
import type { Services } from '../../services/index.js'
import type { IncidentView } from '../../services/incident-views.js'
import { newIncidentSchema, type NewIncidentRequest } from './incident-schemas.js'
import { parseOrThrow } from './parse.js'

/** The API's field for a domain error's form field (child1Pseudonym → childPseudonym). */
function apiField(field: string): string {
  const child = /^child(\d)(\w+)$/.exec(field)
  if (!child) return field
  const position = Number(child[1])
  const detail = child[2] ?? ''
  if (position === 1) return `child${detail}`
  return detail === 'Pseudonym' ? `additionalChildPseudonyms.${position - 2}` : field
}

export function incidentJson(incident: IncidentView) {
  return {
    id: incident.id,
    caseReference: incident.caseReference,
    partnership: { slug: incident.partnership.slug, name: incident.partnership.name },
    state: incident.state,
    guidanceEdition: incident.guidanceEdition,
    abuseOrNeglect: incident.abuseOrNeglect,
    harm: incident.harm,
    lookedAfter: incident.lookedAfter,
    careLeaver: incident.careLeaver,
    incidentOn: incident.incidentOn,
    awareOn: incident.awareOn,
    place: incident.place,
    description: incident.description,
    notifyingAuthority: incident.notifyingAuthority,
    homeAuthority: incident.homeAuthority,
    children: incident.children.map((child) => ({
      pseudonym: child.pseudonym,
      ageYears: child.ageYears,
    })),
    assessment: {
      seriousChildSafeguardingCase: incident.assessment.seriousChildSafeguardingCase,
      notifyPanel: incident.assessment.notifyPanel,
      notifySecretaryOfStateAndOfsted: incident.assessment.notifySecretaryOfStateAndOfsted,
      rapidReviewRequired: incident.assessment.rapidReviewRequired,
      explanation: incident.assessment.explanation,
    },
    notificationDueOn: incident.notificationDueOn,
    rapidReviewDueOn: incident.rapidReviewDueOn,
    panelNotifiedOn: incident.panelNotifiedOn,
    ofstedNotifiedOn: incident.ofstedNotifiedOn,
    partnersNotifiedOn: incident.partnersNotifiedOn,
    secretaryOfStateNotifiedOn: incident.secretaryOfStateNotifiedOn,
    rapidReviewId: incident.rapidReviewId,
    version: incident.version,
    createdAt: incident.createdAt,
    updatedAt: incident.updatedAt,
  }
}

function incidentInput(body: NewIncidentRequest) {
  return {
    guidanceEdition: body.guidanceEdition,
    abuseOrNeglect: body.abuseOrNeglect,
    harm: body.harm,
    incidentOn: body.incidentOn,
    awareOn: body.awareOn,
    place: body.place,
    description: body.description,
    notifyingAuthority: body.notifyingAuthority,
    homeAuthority: body.homeAuthority,
    lookedAfter: body.lookedAfter,
    careLeaver: body.careLeaver,
    children: [
      { pseudonym: body.childPseudonym, ageYears: body.childAgeYears },
      ...(body.additionalChildPseudonyms ?? []).map((pseudonym) => ({ pseudonym })),
    ],
  }
}

export function incidentApiRoutes(app: FastifyInstance, services: Services): void {
  app.post('/incidents', async (request, reply) => {
    assertCan(request.actor, 'api:use')
    assertCan(request.actor, 'incidents:manage')
    const body = parseOrThrow(newIncidentSchema, request.body)
    try {
      const incident = await services.incidents.record(
        request.actor,
        body.partnership,
        incidentInput(body),
      )
      return reply
        .status(201)
        .header('location', `/api/v1/incidents/${incident.id}`)
        .send(incidentJson(incident))
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      throw new ValidationError(
        error.errors.map((fieldError): FieldError => ({
          ...fieldError,
          field: apiField(fieldError.field),
        })),
      )
    }
  })

  // Entered-in-error incidents are not in the list (issue 8).
  app.get('/incidents', async (request) => {
    assertCan(request.actor, 'api:use')
    const incidents = await services.incidents.list(request.actor)
    return { incidents: incidents.map(incidentJson) }
  })

  app.get('/incidents/:id', async (request) => {
    assertCan(request.actor, 'api:use')
    const params = z.object({ id: z.uuid() }).safeParse(request.params)
    if (!params.success) throw new NotFoundError('No such incident')
    return incidentJson(await services.incidents.get(request.actor, params.data.id))
  })
}
