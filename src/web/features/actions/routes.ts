// Action plan pages: the filtered, paged list of actions a person may see, the
// partnership dashboard and exports, one action with its progress updates and
// evidence, the business unit's "assign an action" form, and the assurance
// steps (assure, send back, close) and due-date changes (issue 10). Thin
// handlers: the action plan service applies the policy (agency leads see and
// change only their own agency's actions) and audits every change.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { isActionStatus } from '../../../domain/actions/action-plan.js'
import { AccessDeniedError, NotFoundError, type FieldError } from '../../../domain/errors.js'
import type { ActionFilters, ExportFormat } from '../../../services/actions/action-plan-service.js'
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
  type FormBody,
} from '../../form-fields.js'
import { setFlash } from '../../flash.js'
import { requirePermission } from '../../plugins/authentication.js'
import { attachmentDisposition, readUploadForm, sendDownload } from '../../uploads.js'
import { reviewIdOf } from '../reviews/page-helpers.js'
import {
  actionDashboardViewModel,
  actionListViewModel,
  actionPageViewModel,
  chooseReviewViewModel,
  dueDateDecisionViewModel,
  dueDateRequestViewModel,
  newActionViewModel,
  stepViewModel,
  withdrawEvidenceViewModel,
  type StepKey,
} from './view-model.js'

const actionParams = z.object({ id: z.uuid() })
const evidenceParams = z.object({ id: z.uuid(), evidenceId: z.uuid() })
const requestParams = z.object({ id: z.uuid(), requestId: z.uuid() })

/** The list's query: anything unusable is ignored, never an error page. */
const listQuery = z
  .object({
    status: z.string().optional(),
    agency: z.string().optional(),
    review: z.string().optional(),
    partnership: z.string().optional(),
    overdue: z.string().optional(),
    dueWithin: z.string().optional(),
    page: z.string().optional(),
  })
  .catch({})

const uuid = z.uuid()

/** The filters a query string asks for; bad values are dropped, so a link never breaks. */
export function filtersOf(query: unknown, paged: boolean): ActionFilters {
  const raw = listQuery.parse(query)
  const id = (value: string | undefined) =>
    value !== undefined && uuid.safeParse(value).success ? value : undefined
  const whole = (value: string | undefined, max: number) =>
    value !== undefined && /^\d{1,4}$/.test(value.trim()) && Number(value) <= max
      ? Number(value)
      : undefined
  const status = raw.status !== undefined && isActionStatus(raw.status) ? raw.status : undefined
  const agencyId = id(raw.agency)
  const reviewId = id(raw.review)
  const partnershipId = id(raw.partnership)
  const dueWithinDays = whole(raw.dueWithin, 366)
  return {
    ...(status === undefined ? {} : { status }),
    ...(agencyId === undefined ? {} : { agencyId }),
    ...(reviewId === undefined ? {} : { reviewId }),
    ...(partnershipId === undefined ? {} : { partnershipId }),
    ...(raw.overdue === 'yes' ? { overdue: true } : {}),
    ...(dueWithinDays === undefined ? {} : { dueWithinDays }),
    ...(paged ? { page: Math.max(1, whole(raw.page, 9999) ?? 1) } : {}),
  }
}

function actionIdOf(request: FastifyRequest): string {
  const params = actionParams.safeParse(request.params)
  if (!params.success) throw new NotFoundError('Not an action address')
  return params.data.id
}

const actionUrl = (id: string) => `/manage/actions/${id}`

const STEP_FLASH: Record<StepKey, string> = {
  assure: 'Action assured',
  'send-back': 'Action sent back to the agency',
  close: 'Action closed without completion',
}

export function actionPlanRoutes(app: FastifyInstance, services: Services): void {
  // Signed-in staff; the service decides who sees which actions.
  const staff = { preHandler: requirePermission('manage:open') }

  // A page of the list and a dashboard are kept by the service until the data
  // changes (ActionPlanService, kept-views.ts), and the same view object comes
  // back while it is kept; its content, drawn from it alone, is kept with it,
  // so a request draws only the layout around it. Drawing the 50 rows, the
  // filters and the pagination was most of a kept list page's time.
  const drawn = new WeakMap<object, string>()
  const contentOf = async (view: object, template: string, model: object) => {
    const kept = drawn.get(view)
    if (kept !== undefined) return kept
    const html = await app.view(template, model)
    drawn.set(view, html)
    return html
  }

  app.get('/manage/actions', staff, async (request, reply) => {
    const view = await services.actionPlans.list(request.actor, filtersOf(request.query, true))
    const model = actionListViewModel(view)
    const contentHtml = await contentOf(view, 'actions/list-content.njk', model)
    return reply.view('actions/list.njk', { ...model, contentHtml })
  })

  app.get('/manage/actions/dashboard', staff, async (request, reply) => {
    const { partnership } = listQuery.parse(request.query)
    const view = await services.actionPlans.dashboard(
      request.actor,
      partnership !== undefined && uuid.safeParse(partnership).success ? partnership : undefined,
    )
    const model = actionDashboardViewModel(view)
    const contentHtml = await contentOf(view, 'actions/dashboard-content.njk', model)
    return reply.view('actions/dashboard.njk', { ...model, contentHtml })
  })

  for (const format of ['csv', 'xlsx', 'docx'] as const satisfies readonly ExportFormat[]) {
    app.get(`/manage/actions/export.${format}`, staff, async (request, reply) => {
      const file = await services.actionPlans.exportPlan(
        request.actor,
        filtersOf(request.query, false),
        format,
      )
      return reply
        .header('content-type', file.mediaType)
        .header('content-disposition', attachmentDisposition(file.fileName))
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'no-store')
        .send(file.body)
    })
  }

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

  // A progress update, with an evidence file and a link: multipart when a file comes.
  app.post('/manage/actions/:id/updates', staff, async (request, reply) => {
    const id = actionIdOf(request)
    const { body, file } = await readUploadForm(request, 'evidenceFile')
    return submit(
      reply,
      () =>
        saveOrConflict(body, { fields: ACTION_UPDATE_FIELDS, reloadHref: actionUrl(id) }, () =>
          services.actionPlans.addUpdate(request.actor, id, requireVersion(body), {
            status: text(body, 'status'),
            note: text(body, 'note'),
            evidenceLinks: [text(body, 'evidenceLink')],
            file,
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

  // ── Assure, send back, close: the business unit's and partners' steps ────

  for (const step of ['assure', 'send-back', 'close'] as const) {
    const page = async (
      request: FastifyRequest,
      id: string,
      form: Record<string, string>,
      errors: readonly FieldError[],
    ) => {
      const view = await services.actionPlans.get(request.actor, id)
      if (!view.steps.includes(step) && errors.length === 0) {
        throw new AccessDeniedError(`Not allowed: ${step}`)
      }
      return {
        template: 'actions/step.njk',
        model: { ...stepViewModel(step, view, form), ...pageErrors(errors, ['recheckOn']) },
      }
    }

    app.get(`/manage/actions/:id/${step}`, staff, async (request, reply) => {
      const { template, model } = await page(request, actionIdOf(request), {}, [])
      return reply.view(template, model)
    })

    app.post(`/manage/actions/:id/${step}`, staff, async (request, reply) => {
      const id = actionIdOf(request)
      const body = formBody(request.body)
      const take = (version: number) => {
        if (step === 'assure') {
          return services.actionPlans.assure(request.actor, id, version, {
            impact: text(body, 'impact'),
            checked: text(body, 'checked'),
            recheckOn: dateField(body, 'recheckOn'),
          })
        }
        const input = { reason: text(body, 'reason') }
        return step === 'send-back'
          ? services.actionPlans.sendBack(request.actor, id, version, input)
          : services.actionPlans.close(request.actor, id, version, input)
      }
      return submit(
        reply,
        () =>
          saveOrConflict(body, { fields: ACTION_UPDATE_FIELDS, reloadHref: actionUrl(id) }, () =>
            take(requireVersion(body)),
          ),
        () => {
          setFlash(request, STEP_FLASH[step])
          return actionUrl(id)
        },
        (errors) => page(request, id, echo(body), errors),
      )
    })
  }

  // ── A later due date: the agency asks, the business unit decides ─────────

  const requestPage = async (
    request: FastifyRequest,
    id: string,
    body: FormBody,
    errors: readonly FieldError[],
  ) => {
    const view = await services.actionPlans.get(request.actor, id)
    if (!view.canRequestDueDate && errors.length === 0) {
      throw new AccessDeniedError('Not allowed: due-date request')
    }
    return {
      template: 'actions/due-date.njk',
      model: {
        ...dueDateRequestViewModel(view, echo(body)),
        ...pageErrors(errors, ['requestedOn']),
      },
    }
  }

  app.get('/manage/actions/:id/due-date', staff, async (request, reply) => {
    const { template, model } = await requestPage(request, actionIdOf(request), {}, [])
    return reply.view(template, model)
  })

  app.post('/manage/actions/:id/due-date', staff, async (request, reply) => {
    const id = actionIdOf(request)
    const body = formBody(request.body)
    return submit(
      reply,
      () =>
        services.actionPlans.requestDueDate(request.actor, id, {
          requestedOn: dateField(body, 'requestedOn'),
          reason: text(body, 'reason'),
        }),
      () => {
        setFlash(request, 'New due date asked for')
        return actionUrl(id)
      },
      (errors) => requestPage(request, id, body, errors),
    )
  })

  const decisionPage = async (
    request: FastifyRequest,
    body: FormBody,
    errors: readonly FieldError[],
  ) => {
    const params = requestParams.safeParse(request.params)
    if (!params.success) throw new NotFoundError('Not a due-date request address')
    const view = await services.actionPlans.get(request.actor, params.data.id)
    const pending = view.pendingDueDateRequest
    if (pending === null || pending.id !== params.data.requestId) {
      throw new NotFoundError('No such request waiting for a decision')
    }
    if (!view.canDecideDueDate) throw new AccessDeniedError('Not allowed: due-date decision')
    return {
      template: 'actions/due-date-decision.njk',
      model: { ...dueDateDecisionViewModel(view, pending, echo(body)), ...pageErrors(errors) },
    }
  }

  app.get('/manage/actions/:id/due-date/:requestId', staff, async (request, reply) => {
    const { template, model } = await decisionPage(request, {}, [])
    return reply.view(template, model)
  })

  app.post('/manage/actions/:id/due-date/:requestId', staff, async (request, reply) => {
    const params = requestParams.safeParse(request.params)
    if (!params.success) throw new NotFoundError('Not a due-date request address')
    const { id, requestId } = params.data
    const body = formBody(request.body)
    return submit(
      reply,
      () =>
        saveOrConflict(body, { fields: ACTION_UPDATE_FIELDS, reloadHref: actionUrl(id) }, () =>
          services.actionPlans.decideDueDate(request.actor, id, requestId, requireVersion(body), {
            decision: text(body, 'decision'),
            note: text(body, 'note'),
          }),
        ),
      (decision) => {
        setFlash(request, decision === 'agreed' ? 'New due date agreed' : 'New due date refused')
        return actionUrl(id)
      },
      (errors) => decisionPage(request, body, errors),
    )
  })

  // ── Evidence: download and withdrawal ────────────────────────────────────

  app.get('/manage/actions/:id/evidence/:evidenceId', staff, async (request, reply) => {
    const params = evidenceParams.safeParse(request.params)
    if (!params.success) throw new NotFoundError('Not an evidence address')
    return sendDownload(
      reply,
      await services.actionPlans.evidenceFile(
        request.actor,
        params.data.id,
        params.data.evidenceId,
      ),
    )
  })

  const withdrawPage = async (
    request: FastifyRequest,
    body: FormBody,
    errors: readonly FieldError[],
  ) => {
    const params = evidenceParams.safeParse(request.params)
    if (!params.success) throw new NotFoundError('Not an evidence address')
    const { action, evidence } = await services.actionPlans.evidenceForWithdrawal(
      request.actor,
      params.data.id,
      params.data.evidenceId,
    )
    return {
      template: 'actions/withdraw-evidence.njk',
      model: { ...withdrawEvidenceViewModel(action, evidence, echo(body)), ...pageErrors(errors) },
    }
  }

  app.get('/manage/actions/:id/evidence/:evidenceId/withdraw', staff, async (request, reply) => {
    const { template, model } = await withdrawPage(request, {}, [])
    return reply.view(template, model)
  })

  app.post('/manage/actions/:id/evidence/:evidenceId/withdraw', staff, async (request, reply) => {
    const params = evidenceParams.safeParse(request.params)
    if (!params.success) throw new NotFoundError('Not an evidence address')
    const { id, evidenceId } = params.data
    const body = formBody(request.body)
    return submit(
      reply,
      () =>
        saveOrConflict(
          body,
          { fields: [{ name: 'reason', label: 'Reason' }], reloadHref: actionUrl(id) },
          () =>
            services.actionPlans.withdrawEvidence(
              request.actor,
              id,
              evidenceId,
              requireVersion(body),
              { reason: text(body, 'reason') },
            ),
        ),
      () => {
        setFlash(request, 'Evidence withdrawn')
        return actionUrl(id)
      },
      (errors) => withdrawPage(request, body, errors),
    )
  })
}
