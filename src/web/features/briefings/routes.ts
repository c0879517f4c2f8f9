// Seven-minute briefings (issue 9). Staff pages under the review
// (/manage/reviews/:id/briefing…): start from a draft, edit each section,
// preview as a page, PDF and .docx, publish and withdraw. The public briefing
// at /reviews/:slug/seven-minute-briefing (with .pdf and .docx), 410 Gone once
// withdrawn. Use records at /manage/briefings/:slug/record-use (any signed-in
// member of staff) and the partnership's use at /manage/briefings. Thin
// handlers: the briefing service checks, versions and audits.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { canCommissionReview } from '../../../domain/access/policy.js'
import { sectionBySlug, type BriefingSection } from '../../../domain/briefings/briefing.js'
import { NotFoundError, ValidationError, type FieldError } from '../../../domain/errors.js'
import { briefingSectionFields } from '../../../services/briefings/briefing-service.js'
import type { Services } from '../../../services/index.js'
import { saveOrConflict } from '../../edit-conflict.js'
import { setFlash } from '../../flash.js'
import { formBody, pageErrors, text } from '../../form-fields.js'
import { formVersion } from '../../form-version.js'
import { requirePermission } from '../../plugins/authentication.js'
import {
  briefingPageViewModel,
  sectionFormViewModel,
  staffBriefingPath,
  staffBriefingViewModel,
  usageViewModel,
  useFormPath,
  useFormViewModel,
  USAGE_PATH,
  withdrawnViewModel,
} from './view-model.js'
import { registerDecisionRoutes, sendFile, STALE_FORM } from './shared-routes.js'
import { registerUseRecordRoutes } from './use-record-routes.js'

const idParams = z.object({ id: z.uuid() })
const sectionParams = z.object({ section: z.string() })
const slugParams = z.object({ slug: z.string().regex(/^[a-z0-9-]{1,100}$/) })

function reviewIdOf(request: FastifyRequest): string {
  const params = idParams.safeParse(request.params)
  if (!params.success) throw new NotFoundError('Not a review address')
  return params.data.id
}

function slugOf(request: FastifyRequest): string {
  const params = slugParams.safeParse(request.params)
  if (!params.success) throw new NotFoundError('Not a briefing address')
  return params.data.slug
}

function sectionOf(request: FastifyRequest): BriefingSection {
  const params = sectionParams.safeParse(request.params)
  const section = params.success ? sectionBySlug(params.data.section) : undefined
  if (!section) throw new NotFoundError('No such section')
  return section
}

export function briefingRoutes(app: FastifyInstance, services: Services): void {
  const readReviews = { preHandler: requirePermission('reviews:read-internal') }
  const editReviews = { preHandler: requirePermission('reviews:edit') }
  const anyStaff = { preHandler: requirePermission('manage:open') }
  const seeUse = { preHandler: requirePermission('briefings:see-use') }
  const { briefings } = services

  // ── Staff: the review's briefing ──────────────────────────────────────────

  app.get('/manage/reviews/:id/briefing', readReviews, async (request, reply) => {
    const page = await briefings.ofReview(request.actor, reviewIdOf(request))
    // Themes (issue 11): the briefing is tagged like the review's learning.
    const tags = page.briefing
      ? await services.themeTags.tagsOf('briefing', [page.briefing.id])
      : []
    return reply.view('briefings/briefing.njk', {
      ...staffBriefingViewModel(page),
      briefingThemes: tags.map((tag) =>
        tag.themeRetired ? `${tag.themeName} (retired)` : tag.themeName,
      ),
      themesHref: `/manage/reviews/${page.review.id}/briefing/themes`,
    })
  })

  app.post('/manage/reviews/:id/briefing/start', editReviews, async (request, reply) => {
    const id = reviewIdOf(request)
    const started = await briefings.start(request.actor, id)
    if (started.created) {
      setFlash(request, {
        heading: 'Briefing started',
        text: 'The draft is filled from the review. Check and change each section.',
      })
    }
    return reply.redirect(staffBriefingPath(id), 303)
  })

  const renderSection = async (
    request: FastifyRequest,
    reply: FastifyReply,
    section: BriefingSection,
    form: { text: string; version: number } | null,
    errors: readonly FieldError[],
  ) => {
    const page = await briefings.ofReview(request.actor, reviewIdOf(request))
    if (!page.briefing) throw new NotFoundError('No briefing yet')
    if (!page.canWrite) throw new NotFoundError('No such page')
    return reply.status(errors.length > 0 ? 400 : 200).view('briefings/section.njk', {
      ...sectionFormViewModel({
        review: page.review,
        section,
        text: form?.text ?? page.briefing.sections[section.key],
        version: form?.version ?? page.briefing.version,
      }),
      ...pageErrors(errors),
    })
  }

  app.get('/manage/reviews/:id/briefing/sections/:section', editReviews, async (request, reply) =>
    renderSection(request, reply, sectionOf(request), null, []),
  )

  app.post(
    '/manage/reviews/:id/briefing/sections/:section',
    editReviews,
    async (request, reply) => {
      const id = reviewIdOf(request)
      const section = sectionOf(request)
      const body = formBody(request.body)
      const posted = text(body, 'text')
      const version = formVersion(body.version)
      if (version === null) {
        return renderSection(request, reply, section, { text: posted ?? '', version: 1 }, [
          STALE_FORM,
        ])
      }
      try {
        await saveOrConflict(
          request.body,
          {
            fields: briefingSectionFields(section.slug),
            reloadHref: staffBriefingPath(id, `/sections/${section.slug}`),
          },
          () => briefings.editSection(request.actor, id, section.slug, version, posted),
        )
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error
        return renderSection(request, reply, section, { text: posted ?? '', version }, error.errors)
      }
      setFlash(request, `${section.heading} saved`)
      return reply.redirect(staffBriefingPath(id), 303)
    },
  )

  app.get('/manage/reviews/:id/briefing/preview', readReviews, async (request, reply) => {
    const id = reviewIdOf(request)
    const page = await briefings.ofReview(request.actor, id)
    if (!page.briefing) throw new NotFoundError('No briefing yet')
    return reply.view(
      'briefings/public-briefing.njk',
      briefingPageViewModel(page.review, page.briefing, { reviewId: id }),
    )
  })

  for (const format of ['pdf', 'docx'] as const) {
    app.get(`/manage/reviews/:id/briefing/preview.${format}`, readReviews, async (request, reply) =>
      sendFile(
        reply,
        format,
        await briefings.draftDocument(request.actor, reviewIdOf(request), format),
        'private',
      ),
    )
  }

  // ── Staff: publishing and withdrawing (the lead partnership's business unit) ─

  const renderDecision = async (
    request: FastifyRequest,
    reply: FastifyReply,
    kind: 'publish' | 'withdraw',
    form: Record<string, string>,
    errors: readonly FieldError[],
  ) => {
    const page = await briefings.ofReview(request.actor, reviewIdOf(request))
    if (!page.briefing || !page.canPublish) throw new NotFoundError('No such page')
    return reply.status(errors.length > 0 ? 400 : 200).view(`briefings/${kind}.njk`, {
      pageTitle: kind === 'publish' ? 'Publish the briefing' : 'Withdraw the briefing',
      review: page.review,
      reviewPublished: page.review.published,
      action: staffBriefingPath(page.review.id, `/${kind}`),
      backHref: staffBriefingPath(page.review.id),
      version: page.briefing.version,
      form,
      ...pageErrors(errors),
    })
  }

  registerDecisionRoutes(app, {
    path: '/manage/reviews/:id/briefing',
    options: editReviews,
    idOf: reviewIdOf,
    pagePath: staffBriefingPath,
    render: renderDecision,
    publish: (request, id, version) => briefings.publish(request.actor, id, version),
    withdraw: (request, id, version, reason) =>
      briefings.withdraw(request.actor, id, version, reason),
  })

  // ── The public briefing ───────────────────────────────────────────────────

  app.get('/reviews/:slug/seven-minute-briefing', async (request, reply) => {
    const found = await briefings.publicBriefing(slugOf(request))
    if (found.state === 'withdrawn') {
      return reply
        .status(410)
        .view('briefings/withdrawn.njk', withdrawnViewModel(found.review, found.withdrawnAt))
    }
    return reply.view(
      'briefings/public-briefing.njk',
      briefingPageViewModel(found.review, found.briefing, null),
    )
  })

  for (const format of ['pdf', 'docx'] as const) {
    app.get(`/reviews/:slug/seven-minute-briefing.${format}`, async (request, reply) => {
      const found = await briefings.publicDocument(slugOf(request), format)
      if (found.state === 'withdrawn') {
        return reply
          .status(410)
          .view('briefings/withdrawn.njk', withdrawnViewModel(found.review, found.withdrawnAt))
      }
      return sendFile(reply, format, found, 'public')
    })
  }

  // ── Use records ───────────────────────────────────────────────────────────

  registerUseRecordRoutes(app, {
    path: `${USAGE_PATH}/:slug/record-use`,
    options: anyStaff,
    formView: async (request, values) =>
      useFormViewModel(await briefings.useForm(request.actor, slugOf(request)), values),
    record: (request, input, formToken) =>
      briefings.recordUse(request.actor, slugOf(request), input, formToken),
    recordedPath: (request) => useFormPath(slugOf(request)),
  })

  app.get(USAGE_PATH, seeUse, async (request, reply) =>
    reply.view('briefings/usage.njk', {
      ...usageViewModel(await briefings.usage(request.actor)),
      // The business unit writes thematic briefings (issue 11).
      thematicHref: request.actor?.memberships.some((membership) =>
        canCommissionReview(request.actor, membership.partnershipId),
      )
        ? '/manage/briefings/thematic'
        : null,
    }),
  )
}
