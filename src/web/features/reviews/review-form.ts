// One form page of a review in progress, as a GET and POST pair. Most of the
// review's pages (reviewers, stages, start, final report, checkpoints, delays)
// are the same conversation: GET shows the form with the saved values, POST
// saves through the review service and redirects with 303, a validation error
// re-renders the form with 400 and the posted values, and a stale version of a
// versioned form becomes the "changed by someone else" page. Writing that once
// keeps every page's handling of errors and conflicts the same.
import type { FastifyInstance, FastifyRequest, RouteShorthandOptions } from 'fastify'
import { z } from 'zod'
import { NotFoundError, type FieldError } from '../../../domain/errors.js'
import type { Services } from '../../../services/index.js'
import type { ReviewView } from '../../../services/review-service.js'
import { saveOrConflict, type EditForm } from '../../edit-conflict.js'
import { setFlash } from '../../flash.js'
import { echo, formBody, submit, type FormBody } from '../../form-fields.js'
import { overseen, reviewUrl, worked } from './page-helpers.js'

/** What a page renders: a template and its view model. */
export interface RenderedPage {
  readonly template: string
  readonly model: object
}

/** Where the form is: the review's id and, for a form about one of its parts, that part's id. */
export interface FormAddress {
  readonly id: string
  readonly childId: string
}

export interface ReviewForm {
  /** After `/manage/reviews/:id`, e.g. `/final-report` or `/checkpoints/:childId`. */
  readonly path: string
  /** Who opens the form: the review's overseers (the default) or anyone who works on it. */
  readonly openedBy?: 'overseers' | 'workers'
  /** The form's values when it is first opened, from the review as saved. */
  values(review: ReviewView, address: FormAddress, request: FastifyRequest): Record<string, string>
  /** The page for the review as saved now, the form's values and any errors. */
  page(
    review: ReviewView,
    form: Record<string, string>,
    errors: readonly FieldError[],
    address: FormAddress,
    request: FastifyRequest,
  ): RenderedPage | Promise<RenderedPage>
  /** Saves the posted form; a ValidationError re-renders the form. */
  save(request: FastifyRequest, body: FormBody, address: FormAddress): Promise<unknown>
  /** A versioned form: the fields the "changed by someone else" page compares. */
  readonly conflictFields?: (request: FastifyRequest) => EditForm['fields']
  /** Where a successful save goes, after `/manage/reviews/:id` (e.g. `#delays`). */
  readonly savedTo: string
  /** The success banner the next page shows (src/web/flash.ts). */
  readonly flash?: string
}

const addressParams = z.object({ id: z.uuid(), childId: z.uuid().optional() })

function addressOf(request: FastifyRequest): FormAddress {
  const params = addressParams.safeParse(request.params)
  if (!params.success) throw new NotFoundError('Not a review address')
  return { id: params.data.id, childId: params.data.childId ?? '' }
}

/** The path with the part's id put in, for the conflict page's "reload the form" link. */
function formHref(form: ReviewForm, request: FastifyRequest, address: FormAddress): string {
  const filled = form.path.replace(/:(\w+)/g, (_, name: string) => {
    const value = (request.params as Record<string, unknown>)[name]
    return typeof value === 'string' ? encodeURIComponent(value) : ''
  })
  return reviewUrl(address.id, filled)
}

export function reviewFormRoutes(
  app: FastifyInstance,
  services: Services,
  options: RouteShorthandOptions,
  form: ReviewForm,
): void {
  const path = `/manage/reviews/:id${form.path}`
  const opened = form.openedBy === 'workers' ? worked : overseen

  app.get(path, options, async (request, reply) => {
    const address = addressOf(request)
    const review = await opened(services, request)
    const { template, model } = await form.page(
      review,
      form.values(review, address, request),
      [],
      address,
      request,
    )
    return reply.view(template, model)
  })

  app.post(path, options, async (request, reply) => {
    const address = addressOf(request)
    const body = formBody(request.body)
    const save = () => form.save(request, body, address)
    const conflictFields = form.conflictFields
    return submit(
      reply,
      conflictFields === undefined
        ? save
        : () =>
            saveOrConflict(
              body,
              { fields: conflictFields(request), reloadHref: formHref(form, request, address) },
              save,
            ),
      () => {
        if (form.flash !== undefined) setFlash(request, form.flash)
        return reviewUrl(address.id, form.savedTo)
      },
      async (errors) =>
        form.page(
          await services.reviews.get(request.actor, address.id),
          echo(body),
          errors,
          address,
          request,
        ),
    )
  })
}
