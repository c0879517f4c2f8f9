// Serious incidents (S1–S5): list, record, the incident page with its clocks and
// notification dates, and the notification pack for the Panel's online form.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { NotFoundError, ValidationError, type FieldError } from '../../../domain/errors.js'
import { notificationPackSections } from '../../../services/incident-documents.js'
import {
  INCIDENT_CLOSE_FIELDS,
  INCIDENT_NOTIFICATION_FIELDS,
  type ConflictField,
} from '../../../services/edit-conflicts.js'
import type { Services } from '../../../services/index.js'
import { saveOrConflict } from '../../edit-conflict.js'
import { setFlash } from '../../flash.js'
import { formTokenOf, newFormToken } from '../../form-token.js'
import { requirePermission } from '../../plugins/authentication.js'
import { identityDetailsPath, identityRoutes, identityUnlockOf } from './identity-routes.js'
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
import { INCIDENT_DATE_FIELDS, readIncidentForm } from './incident-form.js'
import { correctionRoutes } from './correction-routes.js'
import {
  incidentFormOptions,
  incidentListViewModel,
  incidentPageViewModel,
  possibleDuplicatesViewModel,
} from './view-model.js'

const idParams = z.object({ id: z.uuid() })

const NOTIFICATION_DATE_FIELDS = [
  'panelNotifiedOn',
  'ofstedNotifiedOn',
  'partnersNotifiedOn',
  'secretaryOfStateNotifiedOn',
]

function incidentId(request: FastifyRequest): string {
  const params = idParams.safeParse(request.params)
  if (!params.success) throw new NotFoundError('Not an incident address')
  return params.data.id
}

export function incidentRoutes(app: FastifyInstance, services: Services): void {
  const readers = { preHandler: requirePermission('incidents:read') }
  identityRoutes(app, services)
  const managers = { preHandler: requirePermission('incidents:manage') }

  app.get('/manage/incidents', readers, async (request, reply) => {
    const incidents = await services.incidents.list(request.actor)
    return reply.view('incidents/list.njk', {
      ...incidentListViewModel(request.actor!, incidents),
      canListEnteredInError: services.incidents.canListEnteredInError(request.actor),
    })
  })

  // Issue 8: incidents marked entered in error, for administrators only.
  app.get(
    '/manage/incidents/entered-in-error',
    { preHandler: requirePermission('records:open-restricted') },
    async (request, reply) => {
      const incidents = await services.incidents.listEnteredInError(request.actor)
      return reply.view('incidents/entered-in-error-list.njk', {
        ...incidentListViewModel(request.actor!, incidents),
        pageTitle: 'Incidents entered in error',
        enteredInError: incidents.map((incident) => ({
          href: `/manage/incidents/${incident.id}`,
          caseReference: incident.caseReference,
          children: incident.children.map((child) => child.pseudonym).join(', '),
          awareOn: incident.awareOn,
          markedOn: incident.enteredInError?.at.slice(0, 10) ?? null,
          reason: incident.enteredInError?.reason ?? '',
        })),
      })
    },
  )

  const renderForm = (
    request: FastifyRequest,
    reply: FastifyReply,
    form: Record<string, string>,
    errors: readonly FieldError[],
  ) => {
    const partnerships = services.incidents.recordingPartnerships(request.actor!)
    return reply.status(errors.length > 0 ? 400 : 200).view('incidents/new.njk', {
      pageTitle: 'Record a serious incident',
      form,
      // Kept when the form comes back with errors: it was not spent.
      formToken: formTokenOf(form) ?? newFormToken(),
      ...incidentFormOptions(partnerships),
      ...pageErrors(errors, INCIDENT_DATE_FIELDS),
    })
  }

  app.get('/manage/incidents/new', managers, async (request, reply) =>
    renderForm(request, reply, { guidanceEdition: 'WT2023' }, []),
  )

  app.post('/manage/incidents/new', managers, async (request, reply) => {
    const body = formBody(request.body)
    const { partnership, input } = readIncidentForm(body)
    try {
      const result = await services.incidents.recordFromForm(
        request.actor,
        partnership === '' ? undefined : partnership,
        input,
        { formToken: formTokenOf(body), confirmedNotDuplicate: body.confirmNotDuplicate === 'yes' },
      )
      if (result.outcome === 'possible-duplicates') {
        return reply.view(
          'incidents/possible-duplicates.njk',
          possibleDuplicatesViewModel(result.duplicates, echo(body)),
        )
      }
      const { incident } = result
      setFlash(
        request,
        result.outcome === 'recorded'
          ? { heading: `Incident ${incident.caseReference} recorded` }
          : {
              type: 'important',
              heading: `Incident ${incident.caseReference} was already recorded`,
              text: 'This form had already been submitted, so it was not recorded again.',
            },
      )
      return reply.redirect(`/manage/incidents/${incident.id}`, 303)
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      return renderForm(request, reply, echo(body), error.errors)
    }
  })

  const renderIncident = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    posted: { body: FormBody; errors: readonly FieldError[] } | null = null,
  ) => {
    const page = await services.incidents.page(
      request.actor,
      id,
      identityUnlockOf(request, id, services.now().getTime()),
    )
    const { incident } = page
    const stored = {
      ...dateParts('panelNotifiedOn', incident.panelNotifiedOn),
      ...dateParts('ofstedNotifiedOn', incident.ofstedNotifiedOn),
      ...dateParts('partnersNotifiedOn', incident.partnersNotifiedOn),
      ...dateParts('secretaryOfStateNotifiedOn', incident.secretaryOfStateNotifiedOn),
    }
    return reply.status(posted ? 400 : 200).view('incidents/incident.njk', {
      ...incidentPageViewModel(page),
      form: posted ? { ...stored, ...echo(posted.body) } : stored,
      ...pageErrors(posted?.errors ?? [], NOTIFICATION_DATE_FIELDS),
    })
  }

  app.get('/manage/incidents/:id', readers, async (request, reply) =>
    renderIncident(request, reply, incidentId(request)),
  )

  /** A POST on the incident page: on a form error, the page again with the errors. */
  /** A POST on the incident page; a stale version shows the conflict page with `fields`. */
  const incidentAction = (
    path: string,
    fields: readonly ConflictField[],
    act: (request: FastifyRequest, id: string, version: number, body: FormBody) => Promise<string>,
  ) =>
    app.post(`/manage/incidents/:id/${path}`, managers, async (request, reply) => {
      const id = incidentId(request)
      const body = formBody(request.body)
      try {
        const version = versionOf(body)
        if (version === null) throw new ValidationError([INCOMPLETE_FORM])
        const next = await saveOrConflict(
          body,
          { fields, reloadHref: `/manage/incidents/${id}` },
          () => act(request, id, version, body),
        )
        return reply.redirect(next, 303)
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error
        return renderIncident(request, reply, id, { body, errors: error.errors })
      }
    })

  incidentAction(
    'notifications',
    INCIDENT_NOTIFICATION_FIELDS,
    async (request, id, version, body) => {
      await services.incidents.recordNotifications(request.actor, id, version, {
        panelNotifiedOn: dateField(body, 'panelNotifiedOn'),
        ofstedNotifiedOn: dateField(body, 'ofstedNotifiedOn'),
        partnersNotifiedOn: dateField(body, 'partnersNotifiedOn'),
        secretaryOfStateNotifiedOn: dateField(body, 'secretaryOfStateNotifiedOn'),
      })
      setFlash(request, { heading: 'Notification dates saved' })
      return `/manage/incidents/${id}`
    },
  )

  incidentAction('rapid-review', [], async (request, id, version) => {
    const rapidReviewId = await services.rapidReviews.start(request.actor, id, version)
    return `/manage/rapid-reviews/${rapidReviewId}`
  })

  incidentAction('close', INCIDENT_CLOSE_FIELDS, async (request, id, version, body) => {
    await services.incidents.close(request.actor, id, version, field(body, 'closedReason'))
    setFlash(request, { heading: 'Incident closed' })
    return `/manage/incidents/${id}`
  })

  correctionRoutes(app, services)

  // The pack page holds the children's details: the same reason step as the
  // incident page first. Its PDF leaves them out (they are never put in a file).
  app.get('/manage/incidents/:id/notification-pack', managers, async (request, reply) => {
    const id = incidentId(request)
    const pack = await services.incidents.notificationPack(
      request.actor,
      id,
      identityUnlockOf(request, id, services.now().getTime()),
    )
    if (pack === null) return reply.redirect(identityDetailsPath(id, 'notification-pack'), 303)
    return reply.view('incidents/notification-pack.njk', {
      pageTitle: `Notification pack: ${pack.incident.caseReference}`,
      incident: pack.incident,
      sections: notificationPackSections(pack),
    })
  })

  app.get('/manage/incidents/:id/notification-pack.pdf', managers, async (request, reply) => {
    const id = incidentId(request)
    const pdf = await services.incidents.notificationPackPdf(request.actor, id)
    return reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `attachment; filename="notification-pack-${id}.pdf"`)
      .send(pdf)
  })
}
