// Thematic briefings (issue 11). The business unit's pages under
// /manage/briefings/thematic: the list, compiling a draft from themes and years
// (a GET form finds the learning first, so nothing is saved until "Compile"),
// the staff page, each section's form, previews, publishing and withdrawing.
// The public reads them at /briefings and /briefings/:slug (with .pdf and
// .docx), 410 Gone once withdrawn; any member of staff records a team's use at
// /manage/briefings/thematic/:id/record-use. Thin handlers: the thematic
// briefing service checks, versions and audits.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { thematicSectionBySlug } from '../../../domain/briefings/thematic-briefing.js'
import { NotFoundError, ValidationError, type FieldError } from '../../../domain/errors.js'
import { staffThematicPath } from '../../../services/briefings/briefing-paths.js'
import { thematicSectionFields } from '../../../services/briefings/thematic-briefing-service.js'
import type { Services } from '../../../services/index.js'
import { saveOrConflict } from '../../edit-conflict.js'
import { setFlash } from '../../flash.js'
import { formBody, pageErrors, text } from '../../form-fields.js'
import { formVersion } from '../../form-version.js'
import { requirePermission } from '../../plugins/authentication.js'
import {
  compileViewModel,
  PUBLIC_THEMATIC_LIST_PATH,
  publicThematicListViewModel,
  staffThematicViewModel,
  thematicListViewModel,
  THEMATIC_LIST_PATH,
  THEMATIC_NEW_PATH,
  thematicPageViewModel,
  thematicSectionFormViewModel,
  thematicUseFormViewModel,
  TITLE_SECTION,
} from './thematic-view-model.js'
import { registerDecisionRoutes, sendFile, STALE_FORM } from './shared-routes.js'
import { registerUseRecordRoutes } from './use-record-routes.js'

const idParams = z.object({ id: z.uuid() })
const fileParams = z.object({
  file: z.string().regex(/^([a-z0-9-]{1,100})(?:\.(pdf|docx))?$/),
})

function idOf(request: FastifyRequest): string {
  const params = idParams.safeParse(request.params)
  if (!params.success) throw new NotFoundError('Not a briefing address')
  return params.data.id
}

function sectionOf(request: FastifyRequest) {
  const slug = (request.params as { section?: unknown }).section
  if (slug === 'title') return TITLE_SECTION
  const section = typeof slug === 'string' ? thematicSectionBySlug(slug) : undefined
  if (!section) throw new NotFoundError('No such section')
  return section
}

/** Themes from a form or query: one value or many. */
function themesOf(value: unknown): string[] {
  const values = Array.isArray(value) ? value : [value]
  return values.filter((item): item is string => typeof item === 'string' && item !== '')
}

export function thematicBriefingRoutes(app: FastifyInstance, services: Services): void {
  const editReviews = { preHandler: requirePermission('reviews:edit') }
  const anyStaff = { preHandler: requirePermission('manage:open') }
  const { thematicBriefings } = services

  app.get(THEMATIC_LIST_PATH, editReviews, async (request, reply) =>
    reply.view(
      'briefings/thematic-list.njk',
      thematicListViewModel(await thematicBriefings.list(request.actor)),
    ),
  )

  // ── Compiling ─────────────────────────────────────────────────────────────

  const renderCompile = async (
    request: FastifyRequest,
    reply: FastifyReply,
    source: Record<string, unknown>,
    find: boolean,
    errors: FieldError[],
  ) => {
    const form = await thematicBriefings.compileForm(request.actor)
    const values = {
      themes: themesOf(source.themes),
      fromYear: typeof source.fromYear === 'string' ? source.fromYear : '',
      toYear: typeof source.toYear === 'string' ? source.toYear : '',
      partnershipId: typeof source.partnershipId === 'string' ? source.partnershipId : '',
    }
    let found = null
    if (find && errors.length === 0) {
      try {
        found = await thematicBriefings.findLearning(request.actor, values)
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error
        errors.push(...error.errors)
      }
    }
    return reply.status(errors.length > 0 ? 400 : 200).view('briefings/thematic-new.njk', {
      ...compileViewModel(form, values, found),
      ...pageErrors(errors),
    })
  }

  app.get(THEMATIC_NEW_PATH, editReviews, async (request, reply) => {
    const query = (request.query ?? {}) as Record<string, unknown>
    return renderCompile(request, reply, query, query.find !== undefined, [])
  })

  app.post(THEMATIC_LIST_PATH, editReviews, async (request, reply) => {
    const body = formBody(request.body)
    let id: string
    try {
      ;({ id } = await thematicBriefings.compile(request.actor, {
        partnershipId: body.partnershipId,
        themes: themesOf(body.themes),
        fromYear: body.fromYear,
        toYear: body.toYear,
      }))
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      return renderCompile(request, reply, body, false, [...error.errors])
    }
    setFlash(request, {
      heading: 'Draft compiled',
      text: 'The draft is filled from the tagged learning. Check and change each section.',
    })
    return reply.redirect(staffThematicPath(id), 303)
  })

  // ── The staff page and its sections ───────────────────────────────────────

  app.get(`${THEMATIC_LIST_PATH}/:id`, editReviews, async (request, reply) =>
    reply.view(
      'briefings/thematic-briefing.njk',
      staffThematicViewModel(await thematicBriefings.staffBriefing(request.actor, idOf(request))),
    ),
  )

  const renderSection = async (
    request: FastifyRequest,
    reply: FastifyReply,
    form: { text: string; version: number } | null,
    errors: readonly FieldError[],
  ) => {
    const section = sectionOf(request)
    const briefing = await thematicBriefings.staffBriefing(request.actor, idOf(request))
    const saved =
      section.slug === 'title'
        ? briefing.title
        : briefing.sections[thematicSectionBySlug(section.slug)!.key]
    return reply.status(errors.length > 0 ? 400 : 200).view('briefings/thematic-section.njk', {
      ...thematicSectionFormViewModel({
        briefing,
        section,
        text: form?.text ?? saved,
        version: form?.version ?? briefing.version,
      }),
      ...pageErrors(errors),
    })
  }

  app.get(`${THEMATIC_LIST_PATH}/:id/sections/:section`, editReviews, async (request, reply) =>
    renderSection(request, reply, null, []),
  )

  app.post(`${THEMATIC_LIST_PATH}/:id/sections/:section`, editReviews, async (request, reply) => {
    const id = idOf(request)
    const section = sectionOf(request)
    const body = formBody(request.body)
    const posted = text(body, 'text')
    const version = formVersion(body.version)
    if (version === null) {
      return renderSection(request, reply, { text: posted ?? '', version: 1 }, [STALE_FORM])
    }
    try {
      await saveOrConflict(
        request.body,
        {
          fields: thematicSectionFields(section.slug),
          reloadHref: staffThematicPath(id, `/sections/${section.slug}`),
        },
        () => thematicBriefings.editSection(request.actor, id, section.slug, version, posted),
      )
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      return renderSection(request, reply, { text: posted ?? '', version }, error.errors)
    }
    setFlash(request, `${section.heading} saved`)
    return reply.redirect(staffThematicPath(id), 303)
  })

  app.get(`${THEMATIC_LIST_PATH}/:id/preview`, editReviews, async (request, reply) =>
    reply.view(
      'briefings/thematic-page.njk',
      thematicPageViewModel(
        await thematicBriefings.staffBriefing(request.actor, idOf(request)),
        true,
      ),
    ),
  )

  for (const format of ['pdf', 'docx'] as const) {
    app.get(`${THEMATIC_LIST_PATH}/:id/preview.${format}`, editReviews, async (request, reply) =>
      sendFile(
        reply,
        format,
        await thematicBriefings.draftDocument(request.actor, idOf(request), format),
        'private',
      ),
    )
  }

  // ── Publishing and withdrawing ────────────────────────────────────────────

  const renderDecision = async (
    request: FastifyRequest,
    reply: FastifyReply,
    kind: 'publish' | 'withdraw',
    form: Record<string, string>,
    errors: readonly FieldError[],
  ) => {
    const briefing = await thematicBriefings.staffBriefing(request.actor, idOf(request))
    return reply.status(errors.length > 0 ? 400 : 200).view(`briefings/thematic-${kind}.njk`, {
      pageTitle: kind === 'publish' ? 'Publish the thematic briefing' : 'Withdraw the briefing',
      briefing,
      action: staffThematicPath(briefing.id, `/${kind}`),
      backHref: staffThematicPath(briefing.id),
      version: briefing.version,
      form,
      ...pageErrors(errors),
    })
  }

  registerDecisionRoutes(app, {
    path: `${THEMATIC_LIST_PATH}/:id`,
    options: editReviews,
    idOf,
    pagePath: staffThematicPath,
    render: renderDecision,
    publish: (request, id, version) => thematicBriefings.publish(request.actor, id, version),
    withdraw: (request, id, version, reason) =>
      thematicBriefings.withdraw(request.actor, id, version, reason),
  })

  // ── Use records ───────────────────────────────────────────────────────────

  registerUseRecordRoutes(app, {
    path: `${THEMATIC_LIST_PATH}/:id/record-use`,
    options: anyStaff,
    formView: async (request, values) =>
      thematicUseFormViewModel(
        await thematicBriefings.useForm(request.actor, idOf(request)),
        values,
      ),
    record: (request, input, formToken) =>
      thematicBriefings.recordUse(request.actor, idOf(request), input, formToken),
    recordedPath: (request) => staffThematicPath(idOf(request), '/record-use'),
  })

  // ── The public ────────────────────────────────────────────────────────────

  app.get(PUBLIC_THEMATIC_LIST_PATH, async (_request, reply) =>
    reply.view(
      'briefings/thematic-index.njk',
      publicThematicListViewModel(await thematicBriefings.publicList()),
    ),
  )

  app.get(`${PUBLIC_THEMATIC_LIST_PATH}/:file`, async (request, reply) => {
    const params = fileParams.safeParse(request.params)
    if (!params.success) throw new NotFoundError('Not a briefing address')
    const [, slug = '', format] = /^([a-z0-9-]+)(?:\.(pdf|docx))?$/.exec(params.data.file) ?? []
    const withdrawn = (title: string, withdrawnAt: string) =>
      reply.status(410).view('briefings/thematic-withdrawn.njk', {
        pageTitle: 'This briefing has been withdrawn',
        title,
        withdrawnAt,
        listHref: PUBLIC_THEMATIC_LIST_PATH,
      })
    if (format === 'pdf' || format === 'docx') {
      const found = await thematicBriefings.publicDocument(slug, format)
      if (found.state === 'withdrawn') return withdrawn(found.title, found.withdrawnAt)
      return sendFile(reply, format, found, 'public')
    }
    const found = await thematicBriefings.publicBriefing(slug)
    if (found.state === 'withdrawn') return withdrawn(found.title, found.withdrawnAt)
    return reply.view('briefings/thematic-page.njk', thematicPageViewModel(found.briefing, false))
  })
}
