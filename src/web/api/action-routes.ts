// Agency action plans over the API, for agencies that track their actions in
// their own systems: the same action policy as the pages, so a token sees and
// changes only what its owner could on screen (an agency lead, their own
// agency's actions); others' actions answer 404, as if absent.
import type { FastifyInstance } from 'fastify'
import type { z } from 'zod'
import { assertCan } from '../../domain/access/policy.js'
import { AccessDeniedError } from '../../domain/errors.js'
import type { ActionSummary, ActionView } from '../../services/actions/action-plan-service.js'
import type { Services } from '../../services/index.js'
import {
  actionListQuerySchema,
  actionParamsSchema,
  actionUpdateRequestSchema,
  type actionResponseSchema,
  type actionSummarySchema,
} from './action-schemas.js'
import { parseOrThrow } from './parse.js'

function summaryJson(action: ActionSummary): z.output<typeof actionSummarySchema> {
  return {
    id: action.id,
    description: action.description,
    review: {
      id: action.reviewId,
      title: action.reviewTitle,
      leadPartnership: action.reviewPartnershipName,
    },
    agency: {
      id: action.agencyId,
      name: action.agencyName,
      partnership: action.agencyPartnershipName,
    },
    dueOn: action.dueOn,
    originalDueOn: action.originalDueOn,
    status: action.status,
    timeliness: action.timeliness,
    recheckOn: action.recheckOn,
  }
}

function actionJson(action: ActionView): z.output<typeof actionResponseSchema> {
  return {
    ...summaryJson(action),
    version: action.version,
    answers: { kind: action.sourceKind, position: action.sourcePosition, text: action.sourceText },
    statusChoices: [...action.statusChoices],
    updates: action.updates.map((update) => ({
      status: update.status as ActionView['status'],
      note: update.note,
      writtenBy: update.writtenByName,
      writtenAt: update.writtenAt,
    })),
    evidence: action.evidence.map((item) => ({
      id: item.id,
      kind: item.kind,
      fileName: item.fileName,
      url: item.withdrawn === null ? item.url : null,
      addedBy: item.addedByName,
      addedAt: item.addedAt,
      withdrawn: item.withdrawn !== null,
    })),
  }
}

export function actionApiRoutes(app: FastifyInstance, services: Services): void {
  app.get('/actions', async (request) => {
    assertCan(request.actor, 'api:use')
    const query = parseOrThrow(actionListQuerySchema, request.query)
    const list = await services.actionPlans.list(request.actor, {
      ...(query.status === undefined ? {} : { status: query.status }),
      ...(query.agency === undefined ? {} : { agencyId: query.agency }),
      ...(query.review === undefined ? {} : { reviewId: query.review }),
      ...(query.partnership === undefined ? {} : { partnershipId: query.partnership }),
      ...(query.overdue === 'yes' ? { overdue: true } : {}),
      ...(query.dueWithin === undefined ? {} : { dueWithinDays: query.dueWithin }),
      page: query.page ?? 1,
    })
    return {
      actions: list.actions.map(summaryJson),
      total: list.total,
      page: list.page,
      pageCount: list.pageCount,
    }
  })

  app.get('/actions/:id', async (request) => {
    assertCan(request.actor, 'api:use')
    const { id } = parseOrThrow(actionParamsSchema, request.params)
    return actionJson(await services.actionPlans.get(request.actor, id))
  })

  app.post('/actions/:id/updates', async (request, reply) => {
    assertCan(request.actor, 'api:use')
    const { id } = parseOrThrow(actionParamsSchema, request.params)
    // Who may update comes before what they sent: others learn nothing from the errors.
    const current = await services.actionPlans.get(request.actor, id)
    if (!current.canUpdate) {
      throw new AccessDeniedError('Not allowed: only the owning agency and the business unit')
    }
    const body = parseOrThrow(actionUpdateRequestSchema, request.body)
    await services.actionPlans.addUpdate(request.actor, id, body.version, {
      status: body.status,
      note: body.note,
      evidenceLinks: body.evidenceLinks ?? [],
    })
    return reply.status(201).send(actionJson(await services.actionPlans.get(request.actor, id)))
  })
}
