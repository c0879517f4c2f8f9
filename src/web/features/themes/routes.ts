// The theme taxonomy under Settings (issue 11): administrators add themes and
// change their names and descriptions. A slug is part of the API, so it is
// chosen when a theme is added and never changes. Thin handlers: the theme
// service checks, versions and audits.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { NotFoundError, ValidationError, type FieldError } from '../../../domain/errors.js'
import type { Services } from '../../../services/index.js'
import { saveOrConflict } from '../../edit-conflict.js'
import { setFlash } from '../../flash.js'
import { errorViewModel } from '../../form-errors.js'
import { formBody, text, type FormBody } from '../../form-fields.js'
import { formVersion } from '../../form-version.js'
import { requirePermission } from '../../plugins/authentication.js'
import { THEMES_PATH, themeFormViewModel, themeListViewModel, themePath } from './view-model.js'

const slugParams = z.object({ slug: z.string().regex(/^[a-z0-9-]{1,60}$/) })

const CONFLICT_FIELDS = [
  { name: 'name', label: 'Name' },
  { name: 'description', label: 'Description' },
]

const STALE_FORM: FieldError = {
  field: 'version',
  message: 'The form was incomplete: open the theme again from the list and make your change',
}

interface ThemeFormFields extends Record<string, string> {
  slug: string
  name: string
  description: string
}

function themeForm(body: FormBody): ThemeFormFields {
  return {
    slug: text(body, 'slug') ?? '',
    name: text(body, 'name') ?? '',
    description: text(body, 'description') ?? '',
  }
}

export function themeSettingsRoutes(app: FastifyInstance, services: Services): void {
  const adminOnly = { preHandler: requirePermission('settings:manage') }
  const { themes } = services

  const slugOf = (request: FastifyRequest): string => {
    const params = slugParams.safeParse(request.params)
    if (!params.success) throw new NotFoundError('Not a theme address')
    return params.data.slug
  }

  const renderNew = (
    reply: FastifyReply,
    form: Record<string, string>,
    errors: readonly FieldError[],
  ) =>
    reply.status(errors.length > 0 ? 400 : 200).view('themes/form.njk', {
      ...themeFormViewModel({ action: `${THEMES_PATH}/new`, heading: 'Add a theme', form }),
      ...errorViewModel(errors),
    })

  const renderChange = async (
    request: FastifyRequest,
    reply: FastifyReply,
    slug: string,
    form: Record<string, string> | null,
    errors: readonly FieldError[],
  ) => {
    const theme = await themes.find(request.actor, slug)
    return reply.status(errors.length > 0 ? 400 : 200).view('themes/form.njk', {
      ...themeFormViewModel({
        action: themePath(slug),
        heading: `Change ${theme.name}`,
        form: form ?? { name: theme.name, description: theme.description },
        fixedSlug: theme.slug,
        version: theme.version,
      }),
      ...errorViewModel(errors),
    })
  }

  app.get(THEMES_PATH, adminOnly, async (request, reply) =>
    reply.view('themes/list.njk', themeListViewModel(await themes.listAll(request.actor))),
  )

  // Retiring keeps every tag already made (shown as retired); reinstating undoes it.
  for (const [path, retired] of [
    ['retire', true],
    ['reinstate', false],
  ] as const) {
    app.post(`${THEMES_PATH}/:slug/${path}`, adminOnly, async (request, reply) => {
      const slug = slugOf(request)
      const version = formVersion(formBody(request.body).version)
      if (version === null) throw new NotFoundError('Not a theme form')
      await saveOrConflict(request.body, { fields: [], reloadHref: THEMES_PATH }, () =>
        themes.setRetired(request.actor, slug, version, retired),
      )
      const theme = await themes.find(request.actor, slug)
      setFlash(request, retired ? `${theme.name} retired` : `${theme.name} reinstated`)
      return reply.redirect(THEMES_PATH, 303)
    })
  }

  app.get(`${THEMES_PATH}/new`, adminOnly, async (_request, reply) => renderNew(reply, {}, []))

  app.post(`${THEMES_PATH}/new`, adminOnly, async (request, reply) => {
    const form = themeForm(formBody(request.body))
    try {
      await themes.add(request.actor, form)
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      return renderNew(reply, form, error.errors)
    }
    return reply.redirect(THEMES_PATH, 303)
  })

  app.get(`${THEMES_PATH}/:slug/change`, adminOnly, async (request, reply) =>
    renderChange(request, reply, slugOf(request), null, []),
  )

  app.post(`${THEMES_PATH}/:slug/change`, adminOnly, async (request, reply) => {
    const slug = slugOf(request)
    const body = formBody(request.body)
    const form = themeForm(body)
    const version = formVersion(body.version)
    if (version === null) return renderChange(request, reply, slug, form, [STALE_FORM])
    try {
      await saveOrConflict(
        request.body,
        { fields: CONFLICT_FIELDS, reloadHref: themePath(slug) },
        () => themes.change(request.actor, slug, version, form),
      )
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      return renderChange(request, reply, slug, form, error.errors)
    }
    return reply.redirect(THEMES_PATH, 303)
  })
}
