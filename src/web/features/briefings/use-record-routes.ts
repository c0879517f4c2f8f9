// The "record that your team used the briefing" form, for both kinds of
// briefing (seven-minute, found by its review's slug; thematic, by its id):
// the same form, the same checks, the same record of use (issue 10, issue 11).
// Each kind says how to load its form, record a use and where to go after.
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteShorthandOptions } from 'fastify'
import type { BriefingUseInput } from '../../../domain/briefings/briefing-use.js'
import { ValidationError, type FieldError } from '../../../domain/errors.js'
import { setFlash } from '../../flash.js'
import { dateField, echo, formBody, pageErrors, text } from '../../form-fields.js'
import { formTokenOf, newFormToken } from '../../form-token.js'

export interface UseRecordRoutes {
  /** The form's address, with the briefing's parameter, e.g. `/manage/briefings/:slug/record-use`. */
  readonly path: string
  readonly options: RouteShorthandOptions
  /** The form's view model for this request's briefing, with the values to show. */
  readonly formView: (
    request: FastifyRequest,
    values: Record<string, string>,
  ) => Promise<Record<string, unknown>>
  readonly record: (
    request: FastifyRequest,
    input: BriefingUseInput,
    formToken: string | null,
  ) => Promise<unknown>
  /** Where to go once recorded: a fresh form, never a public page (it is the same for everyone). */
  readonly recordedPath: (request: FastifyRequest) => string
}

export function registerUseRecordRoutes(app: FastifyInstance, routes: UseRecordRoutes): void {
  const render = async (
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, string>,
    errors: readonly FieldError[],
  ) =>
    reply.status(errors.length > 0 ? 400 : 200).view('briefings/record-use.njk', {
      ...(await routes.formView(request, values)),
      ...pageErrors(errors, ['usedOn']),
    })

  app.get(routes.path, routes.options, async (request, reply) =>
    render(request, reply, { _formToken: newFormToken() }, []),
  )

  app.post(routes.path, routes.options, async (request, reply) => {
    const body = formBody(request.body)
    const values = { ...echo(body), _formToken: formTokenOf(body) ?? newFormToken() }
    try {
      await routes.record(
        request,
        {
          team: text(body, 'team'),
          agencyId: text(body, 'agencyId'),
          usedOn: dateField(body, 'usedOn'),
          staffCount: text(body, 'staffCount'),
          agreedActions: text(body, 'agreedActions'),
        },
        formTokenOf(body),
      )
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      return render(request, reply, values, error.errors)
    }
    setFlash(request, {
      heading: 'Thank you: your team’s use of the briefing is recorded',
      text: 'The partnership sees it with the use of all its briefings.',
    })
    return reply.redirect(routes.recordedPath(request), 303)
  })
}
