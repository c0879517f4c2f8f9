import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { setFlash } from '../../flash.js'
import { NotFoundError, ValidationError } from '../../../domain/errors.js'
import { PARTNERSHIP_NAME_FIELDS } from '../../../services/edit-conflicts.js'
import type { Services } from '../../../services/index.js'
import { saveOrConflict } from '../../edit-conflict.js'
import { errorViewModel } from '../../form-errors.js'
import { formVersion } from '../../form-version.js'
import { can, canManageDeployment } from '../../../domain/access/policy.js'
import { requirePermission, requireSignedIn } from '../../plugins/authentication.js'
import { partnershipOutlineViewModel } from '../partnerships/view-model.js'
import { milestonesViewModel } from '../rapid-reviews/view-model.js'
import { manageDashboardViewModel } from './view-model.js'

const partnershipParams = z.object({ id: z.uuid() })
const partnershipForm = z.object({
  name: z.string().default(''),
  version: z.string().transform((value, context) => {
    const version = formVersion(value)
    if (version === null) context.addIssue({ code: 'custom', message: 'not a version' })
    return version ?? 0
  }),
})

export function manageRoutes(app: FastifyInstance, services: Services): void {
  const manageOnly = { preHandler: requirePermission('manage:open') }

  app.get(
    '/manage',
    {
      // A deployment administrator with no role in any partnership has no
      // dashboard: their work is the list of partnerships (issue 12).
      preHandler: async (request, reply) => {
        if (canManageDeployment(request.actor) && !can(request.actor, 'manage:open')) {
          await reply.redirect('/manage/partnerships')
          return
        }
        await requirePermission('manage:open')(request, reply)
      },
    },
    async (request, reply) => {
      // requirePermission guarantees an actor here.
      const actor = request.actor!
      const dashboard = await services.statutoryClocks.dashboard(actor)
      const model = manageDashboardViewModel(actor, dashboard, request.query)
      // The rapid reviews' own timetables (S8): the next milestone of each
      // rapid review among the deadlines on this page of the table. A busy
      // partnership has hundreds open; each timetable is a whole load, so the
      // page's are worked out, not every one (the table's pages reach the rest).
      const shownRapidReviews = model.clocks.rows.filter((row) => row.kind === 'rapid-review')
      const next = await services.rapidReviews.nextMilestones(
        actor,
        shownRapidReviews.map((row) => row.recordId),
      )
      const milestoneRows = shownRapidReviews
        .filter((row) => next.has(row.recordId))
        .map((row) => ({
          href: row.href,
          pseudonyms: row.pseudonyms,
          milestone:
            milestonesViewModel(
              [next.get(row.recordId)].filter(
                (milestone) => milestone !== undefined && milestone !== null,
              ),
            )[0] ?? null,
        }))
      return reply.view('manage/home.njk', { ...model, rapidReviewMilestones: milestoneRows })
    },
  )

  app.get('/manage/partnerships/:id', { preHandler: requireSignedIn }, async (request, reply) => {
    const params = partnershipParams.safeParse(request.params)
    if (!params.success) throw new NotFoundError('Not a partnership address')
    // The deployment administrator's view of a partnership (issue 12), unless
    // they also run it and came to change its name.
    const partnershipId = params.data.id
    if (
      canManageDeployment(request.actor) &&
      !can(request.actor, 'partnership:edit', { partnershipId })
    ) {
      const outline = await services.deployment.partnership(request.actor, partnershipId)
      return reply.view('partnerships/outline.njk', partnershipOutlineViewModel(outline))
    }
    const partnership = await services.partnerships.forEditing(request.actor, params.data.id)
    return reply.view('manage/partnership.njk', {
      pageTitle: 'Partnership name',
      partnershipId: partnership.id,
      name: partnership.name,
      version: partnership.version,
      ...errorViewModel([]),
    })
  })

  app.post('/manage/partnerships/:id', manageOnly, async (request, reply) => {
    const params = partnershipParams.safeParse(request.params)
    if (!params.success) throw new NotFoundError('Not a partnership address')
    const form = partnershipForm.safeParse(request.body)
    if (!form.success) {
      throw new ValidationError([
        { field: 'version', message: 'The form was incomplete. Reload the page and try again.' },
      ])
    }
    try {
      await saveOrConflict(
        request.body,
        { fields: PARTNERSHIP_NAME_FIELDS, reloadHref: `/manage/partnerships/${params.data.id}` },
        () =>
          services.partnerships.rename(
            request.actor,
            params.data.id,
            form.data.version,
            form.data.name,
          ),
      )
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      return reply.status(400).view('manage/partnership.njk', {
        pageTitle: 'Partnership name',
        partnershipId: params.data.id,
        name: form.data.name,
        version: form.data.version,
        ...errorViewModel(error.errors),
      })
    }
    setFlash(request, 'Partnership name saved')
    return reply.redirect('/manage', 303)
  })
}
