// Action plan pages: the list of actions a person may see, one action with its
// progress updates, and the business unit's "assign an action" form. Thin
// handlers: the action plan service applies the policy (agency leads see and
// change only their own agency's actions) and audits every change.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { ACTION_STATUS_NAMES } from '../../../domain/actions/action-plan.js'
import { AccessDeniedError, NotFoundError, type FieldError } from '../../../domain/errors.js'
import { ACTION_UPDATE_FIELDS } from '../../../services/edit-conflicts.js'
import type { Services } from '../../../services/index.js'
import { saveOrConflict } from '../../edit-conflict.js'
import {
  dateField,
  echo,
  formBody,
  pageErrors,
  requireVersion,
  submit,
  text,
} from '../../form-fields.js'
import { setFlash } from '../../flash.js'
import { requirePermission } from '../../plugins/authentication.js'
import { reviewIdOf } from '../reviews/page-helpers.js'
import {
  actionListViewModel,
  actionPageViewModel,
  chooseReviewViewModel,
  newActionViewModel,
} from './view-model.js'

const actionParams = z.object({ id: z.uuid() })
const listQuery = z.object({ status: z.string().optional() }).catch({})

function actionIdOf(request: FastifyRequest): string {
  const params = actionParams.safeParse(request.params)
  if (!params.success) throw new NotFoundError('Not an action address')
  return params.data.id
}

const actionUrl = (id: string) => `/manage/actions/${id}`

export function actionPlanRoutes(app: FastifyInstance, services: Services): void {
  // Signed-in staff; the service decides who sees which actions.
  const staff = { preHandler: requirePermission('manage:open') }

  app.get('/manage/actions', staff, async (request, reply) => {
    const { status } = listQuery.parse(request.query)
    const view = await services.actionPlans.list(request.actor, status)
    return reply.view('actions/list.njk', actionListViewModel(view))
  })

  app.get('/manage/actions/new', staff, async (request, reply) => {
    const reviews = await services.actionPlans.reviewsForNewAction(request.actor)
    return reply.view('actions/choose-review.njk', chooseReviewViewModel(reviews))
  })

  app.get('/manage/reviews/:id/actions/new', staff, async (request, reply) => {
    const options = await services.actionPlans.newActionOptions(request.actor, reviewIdOf(request))
    return reply.view('actions/new.njk', newActionViewModel(options, {}))
  })

  app.post('/manage/reviews/:id/actions', staff, async (request, reply) => {
    const reviewId = reviewIdOf(request)
    const body = formBody(request.body)
    return submit(
      reply,
      () =>
        services.actionPlans.create(request.actor, reviewId, {
          source: text(body, 'source'),
          agencyId: text(body, 'agencyId'),
          description: text(body, 'description'),
          dueOn: dateField(body, 'dueOn'),
        }),
      (created) => {
        setFlash(request, 'Action assigned')
        return actionUrl(created.id)
      },
      async (errors) => ({
        template: 'actions/new.njk',
        model: {
          ...newActionViewModel(
            await services.actionPlans.newActionOptions(request.actor, reviewId),
            echo(body),
          ),
          ...pageErrors(errors, ['dueOn']),
        },
      }),
    )
  })

  app.get('/manage/actions/:id', staff, async (request, reply) => {
    const view = await services.actionPlans.get(request.actor, actionIdOf(request))
    return reply.view('actions/action.njk', actionPageViewModel(view))
  })

  app.post('/manage/actions/:id/updates', staff, async (request, reply) => {
    const id = actionIdOf(request)
    const body = formBody(request.body)
    return submit(
      reply,
      () =>
        saveOrConflict(body, { fields: ACTION_UPDATE_FIELDS, reloadHref: actionUrl(id) }, () =>
          services.actionPlans.addUpdate(request.actor, id, requireVersion(body), {
            status: text(body, 'status'),
            note: text(body, 'note'),
          }),
        ),
      () => {
        setFlash(request, 'Progress update saved')
        return actionUrl(id)
      },
      async (errors) => ({
        template: 'actions/action.njk',
        model: {
          ...actionPageViewModel(await services.actionPlans.get(request.actor, id), echo(body)),
          ...pageErrors(errors),
        },
      }),
    )
  })

  // ── Signing off and reopening: the business unit's own steps (issue 8) ────

  for (const step of ASSURANCE_STEPS) {
    const page = async (
      request: FastifyRequest,
      id: string,
      form: Record<string, string>,
      errors: readonly FieldError[],
    ) => {
      const view = await services.actionPlans.get(request.actor, id)
      if (!(step.key === 'sign-off' ? view.canSignOff : view.canReopen) && errors.length === 0) {
        throw new AccessDeniedError(`Not allowed: ${step.key}`)
      }
      return {
        template: 'actions/assure.njk',
        model: {
          ...step.text,
          step: step.key,
          action: {
            id: view.id,
            description: view.description,
            agencyName: view.agencyName,
            reviewTitle: view.reviewTitle,
            statusName: ACTION_STATUS_NAMES[view.status],
          },
          form: { version: String(view.version), ...form },
          ...pageErrors(errors),
        },
      }
    }

    app.get(`/manage/actions/:id/${step.key}`, staff, async (request, reply) => {
      const { template, model } = await page(request, actionIdOf(request), {}, [])
      return reply.view(template, model)
    })

    app.post(`/manage/actions/:id/${step.key}`, staff, async (request, reply) => {
      const id = actionIdOf(request)
      const body = formBody(request.body)
      return submit(
        reply,
        () =>
          saveOrConflict(body, { fields: ACTION_UPDATE_FIELDS, reloadHref: actionUrl(id) }, () =>
            step.key === 'sign-off'
              ? services.actionPlans.signOff(
                  request.actor,
                  id,
                  requireVersion(body),
                  text(body, 'note'),
                )
              : services.actionPlans.reopen(
                  request.actor,
                  id,
                  requireVersion(body),
                  text(body, 'note'),
                ),
          ),
        () => {
          setFlash(request, step.flash)
          return actionUrl(id)
        },
        (errors) => page(request, id, echo(body), errors),
      )
    })
  }
}

const ASSURANCE_STEPS = [
  {
    key: 'sign-off',
    flash: 'Action signed off',
    text: {
      pageTitle: 'Sign off this action',
      explanation:
        'Signing off says the business unit is assured the change in practice has been made. The agency can no longer update the action unless the business unit reopens it.',
      noteLabel: 'What assured you (optional)',
      noteHint: 'For example, the audit, revised guidance or training records you saw.',
      buttonText: 'Sign off this action',
    },
  },
  {
    key: 'reopen',
    flash: 'Action reopened',
    text: {
      pageTitle: 'Reopen this action',
      explanation:
        'Reopening puts the action back in progress so the agency can report on it again.',
      noteLabel: 'Why is it reopened, and what more is needed?',
      noteHint: 'The agency sees this on the action. Do not include children’s or families’ names.',
      buttonText: 'Reopen this action',
    },
  },
] as const
