// Putting a recorded incident right (issue 8): the "Change" links of the
// incident page, one small form per part (versioned: a stale save shows the
// conflict page; audited; the clocks follow at once), and marking an incident
// recorded by mistake as entered in error (kept, audited, off every list).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import {
  ENTERED_IN_ERROR_REASON_MAX_LENGTH,
  type IncidentPage,
} from '../../../services/incident-service.js'
import {
  childPositionOf,
  correctionFields,
  isIncidentCorrectionPart,
  type IncidentCorrectionPart,
} from '../../../services/incident-corrections.js'
import { NotFoundError, ValidationError, type FieldError } from '../../../domain/errors.js'
import { childField } from '../../../domain/incidents/incident-validation.js'
import { formatNhsNumber } from '../../../domain/redaction/nhs-number.js'
import type { Services } from '../../../services/index.js'
import { saveOrConflict } from '../../edit-conflict.js'
import { setFlash } from '../../flash.js'
import { text } from '../../form-fields.js'
import { requirePermission } from '../../plugins/authentication.js'
import {
  dateField,
  dateParts,
  echo,
  field,
  formBody,
  INCOMPLETE_FORM,
  pageErrors,
  versionOf,
  type FormBody,
} from './form-fields.js'
import { identityDetailsPath, identityUnlockOf } from './identity-routes.js'
import { correctionViewModel } from './view-model.js'

const changeParams = z.object({ id: z.uuid(), part: z.string() })
const idParams = z.object({ id: z.uuid() })

/** The form fields of a part that are GOV.UK date inputs. */
function dateFieldsOf(part: IncidentCorrectionPart): string[] {
  const position = childPositionOf(part)
  if (position !== null) return [childField(position, 'dateOfBirth')]
  return part === 'dates' ? ['incidentOn', 'awareOn'] : []
}

/** Every field a part's form may post, restricted ones included (the service decides). */
function postedFieldsOf(part: IncidentCorrectionPart): string[] {
  const position = childPositionOf(part)
  if (position === null) return correctionFields(part).map((one) => one.name)
  return (
    [
      'pseudonym',
      'ageYears',
      'healthInformation',
      'name',
      'dateOfBirth',
      'address',
      'localAuthorityReference',
      'nhsNumber',
    ] as const
  ).map((detail) => childField(position, detail))
}

/** The part's stored values in the form's terms (restricted ones only when shown). */
function storedForm(part: IncidentCorrectionPart, page: IncidentPage): Record<string, string> {
  const { incident } = page
  const text = (value: string | null) => value ?? ''
  const position = childPositionOf(part)
  if (position !== null) {
    const child = incident.children.find((one) => one.position === position)
    const shown = page.identities?.find((one) => one.position === position)
    const form: Record<string, string> = {
      [childField(position, 'pseudonym')]: child?.pseudonym ?? '',
      [childField(position, 'ageYears')]:
        child?.ageYears === null || child?.ageYears === undefined ? '' : String(child.ageYears),
    }
    if (shown) {
      Object.assign(form, {
        [childField(position, 'healthInformation')]: text(shown.healthInformation),
        [childField(position, 'name')]: text(shown.name),
        ...dateParts(childField(position, 'dateOfBirth'), shown.dateOfBirth),
        [childField(position, 'address')]: text(shown.address),
        [childField(position, 'localAuthorityReference')]: text(shown.localAuthorityReference),
        [childField(position, 'nhsNumber')]:
          shown.nhsNumber === null ? '' : formatNhsNumber(shown.nhsNumber),
      })
    }
    return form
  }
  return {
    ...dateParts('incidentOn', incident.incidentOn),
    ...dateParts('awareOn', incident.awareOn),
    abuseOrNeglect: incident.abuseOrNeglect,
    harm: incident.harm,
    lookedAfter: incident.lookedAfter ? 'yes' : 'no',
    careLeaver: incident.careLeaver ? 'yes' : 'no',
    guidanceEdition: incident.guidanceEdition,
    place: text(incident.place),
    description: text(incident.description),
    notifyingAuthority: text(incident.notifyingAuthority),
    homeAuthority: text(incident.homeAuthority),
    notifierName: text(incident.notifier.name),
    notifierEmail: text(incident.notifier.email),
    notifierPhone: text(incident.notifier.phone),
  }
}

export function correctionRoutes(app: FastifyInstance, services: Services): void {
  const managers = { preHandler: requirePermission('incidents:manage') }

  const target = (request: FastifyRequest): { id: string; part: IncidentCorrectionPart } => {
    const params = changeParams.safeParse(request.params)
    if (!params.success || !isIncidentCorrectionPart(params.data.part)) {
      throw new NotFoundError('Not an incident address')
    }
    return { id: params.data.id, part: params.data.part }
  }

  /** The incident page's data, when the actor may change this incident and part. */
  const changeablePage = async (
    request: FastifyRequest,
    id: string,
    part: IncidentCorrectionPart,
  ) => {
    const page = await services.incidents.page(
      request.actor,
      id,
      identityUnlockOf(request, id, services.now().getTime()),
    )
    const position = childPositionOf(part)
    if (!page.canManage || (position !== null && position > page.incident.children.length)) {
      throw new NotFoundError('No such incident')
    }
    return page
  }

  const renderChange = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    part: IncidentCorrectionPart,
    posted: { body: FormBody; errors: readonly FieldError[] } | null,
  ) => {
    const page = await changeablePage(request, id, part)
    const stored = storedForm(part, page)
    // The part's values as this form first found them: kept through error pages.
    const partVersion = posted
      ? (text(posted.body, 'partVersion') ?? '')
      : await services.incidents.correctionVersion(request.actor, id, part)
    return reply.status(posted ? 400 : 200).view('incidents/change.njk', {
      ...correctionViewModel(page, part),
      partVersion,
      revealHref: identityDetailsPath(id, 'incident'),
      form: posted ? { ...stored, ...echo(posted.body) } : stored,
      ...pageErrors(posted?.errors ?? [], dateFieldsOf(part)),
    })
  }

  app.get('/manage/incidents/:id/change/:part', managers, async (request, reply) => {
    const { id, part } = target(request)
    return renderChange(request, reply, id, part, null)
  })

  app.post('/manage/incidents/:id/change/:part', managers, async (request, reply) => {
    const { id, part } = target(request)
    const body = formBody(request.body)
    const dates = dateFieldsOf(part)
    const input: Record<string, unknown> = {}
    for (const name of postedFieldsOf(part)) {
      input[name] = dates.includes(name) ? dateField(body, name) : field(body, name)
    }
    try {
      const version = versionOf(body)
      if (version === null) throw new ValidationError([INCOMPLETE_FORM])
      const incident = await saveOrConflict(
        body,
        {
          fields: correctionFields(part),
          reloadHref: `/manage/incidents/${id}/change/${part}`,
        },
        () =>
          services.incidents.correct(
            request.actor,
            id,
            version,
            part,
            input,
            identityUnlockOf(request, id, services.now().getTime()),
            text(body, 'partVersion'),
          ),
      )
      setFlash(request, {
        heading: `Incident ${incident.caseReference} corrected`,
        text:
          part === 'dates'
            ? 'The statutory clocks have been worked out again from the corrected dates.'
            : undefined,
      })
      return reply.redirect(`/manage/incidents/${id}`, 303)
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      return renderChange(request, reply, id, part, { body, errors: error.errors })
    }
  })

  const incidentIdOf = (request: FastifyRequest): string => {
    const params = idParams.safeParse(request.params)
    if (!params.success) throw new NotFoundError('Not an incident address')
    return params.data.id
  }

  const renderEnteredInError = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    posted: { body: FormBody; errors: readonly FieldError[] } | null,
  ) => {
    const page = await services.incidents.page(request.actor, id)
    if (!page.canManage) throw new NotFoundError('No such incident')
    return reply.status(posted ? 400 : 200).view('incidents/entered-in-error.njk', {
      pageTitle: `Mark incident ${page.incident.caseReference} as entered in error`,
      incident: page.incident,
      // Once a rapid review has started the page says why it cannot be marked.
      canMark: page.canMarkEnteredInError,
      children: page.incident.children.map((child) => child.pseudonym).join(', '),
      maxLength: ENTERED_IN_ERROR_REASON_MAX_LENGTH,
      form: posted ? echo(posted.body) : {},
      ...pageErrors(posted?.errors ?? []),
    })
  }

  app.get('/manage/incidents/:id/entered-in-error', managers, async (request, reply) =>
    renderEnteredInError(request, reply, incidentIdOf(request), null),
  )

  app.post('/manage/incidents/:id/entered-in-error', managers, async (request, reply) => {
    const id = incidentIdOf(request)
    const body = formBody(request.body)
    try {
      const version = versionOf(body)
      if (version === null) throw new ValidationError([INCOMPLETE_FORM])
      const incident = await saveOrConflict(
        body,
        {
          fields: [{ name: 'enteredInErrorReason', label: 'Why it was entered in error' }],
          reloadHref: `/manage/incidents/${id}/entered-in-error`,
        },
        () =>
          services.incidents.markEnteredInError(
            request.actor,
            id,
            version,
            field(body, 'enteredInErrorReason'),
          ),
      )
      setFlash(request, {
        heading: `Incident ${incident.caseReference} marked as entered in error`,
        text: 'It is kept, but no longer shown in lists, clocks or counts.',
      })
      return reply.redirect('/manage/incidents', 303)
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      return renderEnteredInError(request, reply, id, { body, errors: error.errors })
    }
  })
}
