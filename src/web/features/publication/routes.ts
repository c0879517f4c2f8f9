// Publishing a review (issue 9, S13–S17), under the review:
//   /manage/reviews/:id/publication            the plan, the S16 clock, publish, the live report
//   /manage/reviews/:id/publication/plan       make or change the plan (S13, S14, S17)
//   /manage/reviews/:id/publication/sent       when the report went to the Panel, SoS and Ofsted (S16)
//   /manage/reviews/:id/publication/take-down  take the report down with a reason (S15)
// and the public report file at /reviews/:slug/report/:publicationId.(pdf|docx).
// Thin handlers: the publication service checks, versions and audits.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { NotFoundError, ValidationError, type FieldError } from '../../../domain/errors.js'
import type { Services } from '../../../services/index.js'
import { saveOrConflict } from '../../edit-conflict.js'
import { setFlash } from '../../flash.js'
import { dateField, echo, formBody, pageErrors, text } from '../../form-fields.js'
import { formVersion } from '../../form-version.js'
import { requirePermission } from '../../plugins/authentication.js'
import { attachmentDisposition } from '../../uploads.js'
import {
  planForm,
  publicationPageViewModel,
  publicationPath,
  scopeItems,
  sentForm,
} from './view-model.js'

const idParams = z.object({ id: z.uuid() })
const fileParams = z.object({
  slug: z.string().regex(/^[a-z0-9-]{1,100}$/),
  file: z.string().regex(/^[0-9a-f-]{36}\.(pdf|docx)$/),
})

const STALE_FORM: FieldError = {
  field: 'version',
  message: 'The form was incomplete: open the publication page again and make your change',
}

function reviewIdOf(request: FastifyRequest): string {
  const params = idParams.safeParse(request.params)
  if (!params.success) throw new NotFoundError('Not a review address')
  return params.data.id
}

export function publicationRoutes(app: FastifyInstance, services: Services): void {
  const staff = { preHandler: requirePermission('reviews:read-internal') }
  const publication = services.publication

  // ── The publication page, and publishing or replacing from it ────────────

  const renderPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    form: Record<string, string>,
    errors: readonly FieldError[],
  ) => {
    const page = await publication.page(request.actor, reviewIdOf(request))
    return reply
      .status(errors.length > 0 ? 400 : 200)
      .view('publication/page.njk', publicationPageViewModel(page, form, errors))
  }

  app.get('/manage/reviews/:id/publication', staff, (request, reply) =>
    renderPage(request, reply, {}, []),
  )

  app.post('/manage/reviews/:id/publication/publish', staff, async (request, reply) => {
    const id = reviewIdOf(request)
    const body = formBody(request.body)
    const form = echo(body)
    const version = formVersion(body.version)
    if (version === null) return renderPage(request, reply, form, [STALE_FORM])
    try {
      const done = await saveOrConflict(
        request.body,
        { fields: [], reloadHref: publicationPath(id) },
        () =>
          publication.publish(request.actor, id, version, {
            versionId: body.versionId,
            availableUntil: dateField(body, 'availableUntil'),
          }),
      )
      setFlash(request, {
        heading: 'Review published',
        text: `Its page and report are on the public site until at least ${done.availableUntil}.`,
      })
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      return renderPage(request, reply, form, error.errors)
    }
    return reply.redirect(publicationPath(id), 303)
  })

  app.post('/manage/reviews/:id/publication/replace', staff, async (request, reply) => {
    const id = reviewIdOf(request)
    const body = formBody(request.body)
    const form = echo(body)
    const version = formVersion(body.version)
    if (version === null) return renderPage(request, reply, form, [STALE_FORM])
    try {
      await saveOrConflict(request.body, { fields: [], reloadHref: publicationPath(id) }, () =>
        publication.replace(request.actor, id, version, { versionId: body.versionId }),
      )
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      return renderPage(request, reply, form, error.errors)
    }
    setFlash(request, {
      heading: 'Report replaced',
      text: 'The public page now has the corrected version and says when it was updated.',
    })
    return reply.redirect(publicationPath(id), 303)
  })

  // ── The plan ──────────────────────────────────────────────────────────────

  const renderPlan = async (
    request: FastifyRequest,
    reply: FastifyReply,
    form: Record<string, string> | null,
    errors: readonly FieldError[],
  ) => {
    const page = await publication.page(request.actor, reviewIdOf(request))
    if (!page.canPlan || page.review.status === 'published') {
      throw new NotFoundError('No such page')
    }
    const values = form ?? planForm(page)
    return reply.status(errors.length > 0 ? 400 : 200).view('publication/plan.njk', {
      pageTitle: 'Publication plan',
      review: page.review,
      version: page.plan?.version ?? '',
      form: values,
      scopeItems: scopeItems(values.scope ?? ''),
      reviewerNamesRequired: page.review.kind === 'lcspr',
      ...pageErrors(errors, ['plannedOn', 'lookAgainOn']),
    })
  }

  app.get('/manage/reviews/:id/publication/plan', staff, (request, reply) =>
    renderPlan(request, reply, null, []),
  )

  app.post('/manage/reviews/:id/publication/plan', staff, async (request, reply) => {
    const id = reviewIdOf(request)
    const body = formBody(request.body)
    const form = echo(body)
    // A first plan has no version yet; a changed one must carry the one it was opened at.
    const version = body.version === '' ? null : formVersion(body.version)
    if (version === null && body.version !== '') {
      return renderPlan(request, reply, form, [STALE_FORM])
    }
    try {
      await saveOrConflict(
        request.body,
        {
          fields: [
            { name: 'scope', label: 'What will be published' },
            { name: 'plannedOn', label: 'Planned date of publication' },
            { name: 'scopeReason', label: 'Reason' },
            { name: 'lookAgainOn', label: 'Look at it again on' },
            { name: 'reviewerNames', label: 'Reviewers' },
          ],
          reloadHref: publicationPath(id, '/plan'),
        },
        () =>
          publication.savePlan(request.actor, id, version, {
            scope: text(body, 'scope') ?? '',
            plannedOn: dateField(body, 'plannedOn'),
            scopeReason: text(body, 'scopeReason') ?? '',
            lookAgainOn: dateField(body, 'lookAgainOn'),
            reviewerNames: text(body, 'reviewerNames') ?? '',
          }),
      )
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      return renderPlan(request, reply, form, error.errors)
    }
    setFlash(request, 'Publication plan saved')
    return reply.redirect(publicationPath(id), 303)
  })

  // ── The copies sent before publication (S16) ──────────────────────────────

  const renderSent = async (
    request: FastifyRequest,
    reply: FastifyReply,
    form: Record<string, string> | null,
    errors: readonly FieldError[],
  ) => {
    const page = await publication.page(request.actor, reviewIdOf(request))
    if (!page.canPlan || page.plan === null) throw new NotFoundError('No such page')
    const model = publicationPageViewModel(page, form ?? sentForm(page), errors)
    return reply.status(errors.length > 0 ? 400 : 200).view('publication/sent.njk', {
      ...model,
      pageTitle: 'Record when the report was sent',
      version: page.plan.version,
      ...pageErrors(errors, ['sentToPanelOn', 'sentToSecretaryOfStateOn', 'sentToOfstedOn']),
    })
  }

  app.get('/manage/reviews/:id/publication/sent', staff, (request, reply) =>
    renderSent(request, reply, null, []),
  )

  app.post('/manage/reviews/:id/publication/sent', staff, async (request, reply) => {
    const id = reviewIdOf(request)
    const body = formBody(request.body)
    const form = echo(body)
    const version = formVersion(body.version)
    if (version === null) return renderSent(request, reply, form, [STALE_FORM])
    try {
      await saveOrConflict(
        request.body,
        {
          fields: [
            { name: 'sentToPanelOn', label: 'Sent to the Panel' },
            { name: 'sentToSecretaryOfStateOn', label: 'Sent to the Secretary of State' },
            { name: 'sentToOfstedOn', label: 'Sent to Ofsted' },
          ],
          reloadHref: publicationPath(id, '/sent'),
        },
        () =>
          publication.recordSent(request.actor, id, version, {
            panel: dateField(body, 'sentToPanelOn'),
            'secretary-of-state': dateField(body, 'sentToSecretaryOfStateOn'),
            ofsted: dateField(body, 'sentToOfstedOn'),
          }),
      )
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      return renderSent(request, reply, form, error.errors)
    }
    setFlash(request, 'Dates the report was sent recorded')
    return reply.redirect(publicationPath(id), 303)
  })

  // ── Taking the report down (S15) ──────────────────────────────────────────

  const renderTakeDown = async (
    request: FastifyRequest,
    reply: FastifyReply,
    form: Record<string, string>,
    errors: readonly FieldError[],
  ) => {
    const page = await publication.page(request.actor, reviewIdOf(request))
    if (!page.canTakeDown || page.live === null) throw new NotFoundError('No such page')
    return reply.status(errors.length > 0 ? 400 : 200).view('publication/take-down.njk', {
      pageTitle: 'Take the report down',
      review: page.review,
      version: page.live.version,
      availableUntil: page.live.availableUntil,
      early: page.today < page.live.availableUntil,
      form,
      ...pageErrors(errors),
    })
  }

  app.get('/manage/reviews/:id/publication/take-down', staff, (request, reply) =>
    renderTakeDown(request, reply, { reason: '' }, []),
  )

  app.post('/manage/reviews/:id/publication/take-down', staff, async (request, reply) => {
    const id = reviewIdOf(request)
    const body = formBody(request.body)
    const form = { reason: text(body, 'reason') ?? '' }
    const version = formVersion(body.version)
    if (version === null) return renderTakeDown(request, reply, form, [STALE_FORM])
    try {
      await saveOrConflict(
        request.body,
        {
          fields: [{ name: 'reason', label: 'Why it is taken down' }],
          reloadHref: publicationPath(id, '/take-down'),
        },
        () => publication.takeDown(request.actor, id, version, { reason: form.reason }),
      )
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      return renderTakeDown(request, reply, form, error.errors)
    }
    setFlash(request, {
      heading: 'Report taken down',
      text: 'The public page now says the review was withdrawn, and when.',
    })
    return reply.redirect(publicationPath(id), 303)
  })

  // ── The public report file ────────────────────────────────────────────────

  app.get('/reviews/:slug/report/:file', async (request, reply) => {
    const params = fileParams.safeParse(request.params)
    if (!params.success) throw new NotFoundError('No such report')
    const [publicationId = ''] = params.data.file.split('.')
    const file = await publication.publicReportFile(params.data.slug, publicationId)
    if (!file) throw new NotFoundError('No such report')
    const etag = `"${file.sha256}"`
    if (request.headers['if-none-match'] === etag) return reply.status(304).send()
    return reply
      .header('content-type', file.mediaType)
      .header(
        'content-disposition',
        attachmentDisposition(file.fileName).replace(/^attachment/, 'inline'),
      )
      .header('x-content-type-options', 'nosniff')
      .header('etag', etag)
      .header('cache-control', 'public, max-age=300')
      .send(Buffer.from(file.content))
  })
}
