// The rapid review (S6–S9), one page per step: agency requests, the meeting,
// findings and immediate safety actions, the reg. 11 criteria, the decision,
// partner sign-off, sending to the Panel and the Panel's response. Each step's
// page shows the state machine's refusal in the error summary when a step is
// not yet possible, and stores nothing.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { Permission } from '../../../domain/access/policy.js'
import type { Actor } from '../../../domain/access/roles.js'
import { NotFoundError, ValidationError, type FieldError } from '../../../domain/errors.js'
import { rapidReviewFormFields, type RapidReviewForm } from '../../../services/edit-conflicts.js'
import type { Services } from '../../../services/index.js'
import type { RapidReviewView } from '../../../services/rapid-review-views.js'
import { saveOrConflict } from '../../edit-conflict.js'
import { setFlash } from '../../flash.js'
import { requirePermission } from '../../plugins/authentication.js'
import { readUploadForm, sendDownload } from '../../uploads.js'
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
} from '../incidents/form-fields.js'
import { rapidReviewTimetableRoutes } from './timetable-routes.js'
import {
  agencyRequestsViewModel,
  criteriaFormValues,
  rapidReviewViewModel,
  stepOptions,
} from './view-model.js'

const idParams = z.object({ id: z.uuid() })
const requestParams = z.object({ id: z.uuid(), requestId: z.uuid() })
const documentParams = z.object({ id: z.uuid(), requestId: z.uuid(), documentId: z.uuid() })

/** The file input's hint to the browser's picker; the server checks the content. */
const AGENCY_FILE_ACCEPT =
  '.pdf,.docx,.txt,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document,text/plain'

interface Step {
  /** The last part of the page address: /manage/rapid-reviews/:id/<path>. */
  readonly path: string
  readonly template: string
  readonly title: string
  /** Who may post this step (reading the page needs 'incidents:read'). */
  readonly permission: Permission
  readonly dateFields: readonly string[]
  /** The form's starting values, from what is stored. */
  values(view: RapidReviewView): Record<string, string>
  save(
    services: Services,
    actor: Actor | null,
    id: string,
    version: number,
    body: FormBody,
  ): Promise<unknown>
  /** The success banner after a save (issue 8); `result` is what `save` returned. */
  saved(result: unknown): string
}

// The safety actions are added on the findings page, so both show the findings.
const findingsValues: Step['values'] = (view) => ({
  factsEstablished: view.factsEstablished ?? '',
  learningIdentified: view.learningIdentified ?? '',
})

const STEPS: Step[] = [
  {
    path: 'agency-requests',
    template: 'rapid-reviews/agency-requests.njk',
    title: 'Information from agencies',
    permission: 'incidents:manage',
    dateFields: ['requestedOn', 'dueOn'],
    // Today, and the timetable's summaries milestone: both can be changed.
    values: (view) => ({
      ...dateParts('requestedOn', view.today),
      ...dateParts(
        'dueOn',
        view.milestones.find((milestone) => milestone.key === 'summaries')?.dueOn ?? null,
      ),
    }),
    save: (services, actor, id, version, body) =>
      services.rapidReviews.addAgencyRequests(actor, id, version, {
        agencyIds: body.agencyIds,
        requestedOn: dateField(body, 'requestedOn'),
        dueOn: dateField(body, 'dueOn'),
      }),
    saved: (count) =>
      count === 1
        ? '1 agency asked for information'
        : `${String(count)} agencies asked for information`,
  },
  {
    path: 'meeting',
    template: 'rapid-reviews/meeting.njk',
    title: 'Rapid review meeting',
    permission: 'incidents:manage',
    dateFields: ['meetingOn'],
    values: (view) => ({
      ...dateParts('meetingOn', view.meetingOn),
      attendees: view.meetingAttendees ?? '',
    }),
    save: (services, actor, id, version, body) =>
      services.rapidReviews.recordMeeting(actor, id, version, {
        meetingOn: dateField(body, 'meetingOn'),
        attendees: field(body, 'attendees'),
      }),
    saved: () => 'Rapid review meeting saved',
  },
  {
    path: 'findings',
    template: 'rapid-reviews/findings.njk',
    title: 'Findings',
    permission: 'incidents:manage',
    dateFields: [],
    values: findingsValues,
    save: (services, actor, id, version, body) =>
      services.rapidReviews.recordFindings(actor, id, version, {
        factsEstablished: field(body, 'factsEstablished'),
        learningIdentified: field(body, 'learningIdentified'),
      }),
    saved: () => 'Findings saved',
  },
  {
    path: 'safety-actions',
    template: 'rapid-reviews/findings.njk',
    title: 'Findings',
    permission: 'incidents:manage',
    dateFields: [],
    values: findingsValues,
    save: (services, actor, id, version, body) =>
      services.rapidReviews.addSafetyAction(actor, id, version, {
        action: field(body, 'action'),
        owner: field(body, 'owner'),
      }),
    saved: () => 'Immediate safety action added',
  },
  {
    path: 'criteria',
    template: 'rapid-reviews/criteria.njk',
    title: 'Criteria for a local review',
    permission: 'incidents:manage',
    dateFields: [],
    values: criteriaFormValues,
    save: (services, actor, id, version, body) =>
      services.rapidReviews.recordCriteria(actor, id, version, body),
    saved: () => 'Criteria saved',
  },
  {
    path: 'decision',
    template: 'rapid-reviews/decision.njk',
    title: 'Decision',
    permission: 'incidents:manage',
    dateFields: ['decidedOn'],
    values: (view) => ({
      decision: view.decision ?? '',
      rationale: view.decisionRationale ?? '',
      ...dateParts('decidedOn', view.decidedOn),
    }),
    save: (services, actor, id, version, body) =>
      services.rapidReviews.recordDecision(actor, id, version, {
        decision: field(body, 'decision'),
        rationale: field(body, 'rationale'),
        decidedOn: dateField(body, 'decidedOn'),
      }),
    saved: () => 'Decision recorded',
  },
  {
    path: 'sign-off',
    template: 'rapid-reviews/sign-off.njk',
    title: 'Partner sign-off',
    permission: 'rapid-reviews:sign-off',
    dateFields: [],
    values: () => ({}),
    save: (services, actor, id, version, body) =>
      services.rapidReviews.signOff(actor, id, version, {
        partner: field(body, 'partner'),
        confirm: field(body, 'confirm'),
      }),
    saved: () => 'Signed off',
  },
  {
    path: 'sent-to-panel',
    template: 'rapid-reviews/sent-to-panel.njk',
    title: 'Send to the Panel',
    permission: 'incidents:manage',
    dateFields: ['sentToPanelOn'],
    values: (view) => dateParts('sentToPanelOn', view.sentToPanelOn),
    save: (services, actor, id, version, body) =>
      services.rapidReviews.recordSentToPanel(actor, id, version, {
        sentToPanelOn: dateField(body, 'sentToPanelOn'),
      }),
    saved: () => 'Recorded as sent to the Panel',
  },
  {
    path: 'panel-response',
    template: 'rapid-reviews/panel-response.njk',
    title: 'The Panel’s response',
    permission: 'incidents:manage',
    dateFields: ['respondedOn'],
    values: (view) => ({
      ...dateParts('respondedOn', view.panelResponse?.respondedOn ?? null),
      panelAgrees: yesNo(view.panelResponse?.agrees),
      nationalReview: yesNo(view.panelResponse?.nationalReview),
      notes: view.panelResponse?.notes ?? '',
    }),
    save: (services, actor, id, version, body) =>
      services.rapidReviews.recordPanelResponse(actor, id, version, {
        respondedOn: dateField(body, 'respondedOn'),
        panelAgrees: field(body, 'panelAgrees'),
        nationalReview: field(body, 'nationalReview'),
        notes: field(body, 'notes'),
      }),
    saved: () => 'The Panel’s response saved',
  },
]

const LOCKABLE_STEPS = ['agency-requests', 'meeting', 'findings', 'criteria', 'decision']

function yesNo(value: boolean | null | undefined): string {
  return value === true ? 'yes' : value === false ? 'no' : ''
}

function rapidReviewId(request: FastifyRequest): string {
  const params = idParams.safeParse(request.params)
  if (!params.success) throw new NotFoundError('Not a rapid review address')
  return params.data.id
}

export function rapidReviewRoutes(app: FastifyInstance, services: Services): void {
  rapidReviewTimetableRoutes(app, services)
  const readers = { preHandler: requirePermission('incidents:read') }

  const renderOverview = async (
    request: FastifyRequest,
    reply: FastifyReply,
    errors: readonly FieldError[],
  ) => {
    const view = await services.rapidReviews.get(request.actor, rapidReviewId(request))
    return reply.status(errors.length > 0 ? 400 : 200).view('rapid-reviews/rapid-review.njk', {
      ...rapidReviewViewModel(request.actor!, view),
      ...pageErrors(errors, []),
    })
  }

  app.get('/manage/rapid-reviews/:id', readers, async (request, reply) =>
    renderOverview(request, reply, []),
  )

  // S8–S10: the review the partners decided on, commissioned from here once.
  app.post(
    '/manage/rapid-reviews/:id/review',
    { preHandler: requirePermission('incidents:manage') },
    async (request, reply) => {
      let reviewId: string
      try {
        ;({ reviewId } = await services.rapidReviews.commissionReview(
          request.actor,
          rapidReviewId(request),
        ))
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error
        return renderOverview(request, reply, error.errors)
      }
      return reply.redirect(`/manage/reviews/${reviewId}`, 303)
    },
  )

  const renderStep = async (
    request: FastifyRequest,
    reply: FastifyReply,
    step: Step,
    id: string,
    posted: { body: FormBody; errors: readonly FieldError[] } | null,
  ) => {
    const view = await services.rapidReviews.get(request.actor, id)
    const base = rapidReviewViewModel(request.actor!, view)
    return reply.status(posted ? 400 : 200).view(step.template, {
      ...base,
      pageTitle: `${step.title}: ${base.children}`,
      stepTitle: step.title,
      // Pages whose details lock once a partner signs say so at the top.
      lockable: LOCKABLE_STEPS.includes(step.path),
      form: posted ? echo(posted.body) : step.values(view),
      selectedAgencyIds: posted ? [posted.body.agencyIds].flat() : [],
      ...(await stepOptions(services, request.actor, step.path, view)),
      ...pageErrors(posted?.errors ?? [], step.dateFields),
    })
  }

  for (const step of STEPS) {
    // The safety-actions form posts from the findings page; it has no page of its own.
    if (step.path !== 'safety-actions') {
      app.get(`/manage/rapid-reviews/:id/${step.path}`, readers, async (request, reply) =>
        renderStep(request, reply, step, rapidReviewId(request), null),
      )
    }
    app.post(
      `/manage/rapid-reviews/:id/${step.path}`,
      { preHandler: requirePermission(step.permission) },
      async (request, reply) => {
        const id = rapidReviewId(request)
        const body = formBody(request.body)
        try {
          const version = versionOf(body)
          if (version === null) throw new ValidationError([INCOMPLETE_FORM])
          const result = await saveOrConflict(
            body,
            {
              fields: async () =>
                rapidReviewFormFields(
                  step.path as RapidReviewForm,
                  Object.fromEntries(
                    (await services.rapidReviews.agencies(request.actor, id)).map((agency) => [
                      agency.id,
                      agency.name,
                    ]),
                  ),
                ),
              reloadHref: `/manage/rapid-reviews/${id}/${step.path === 'safety-actions' ? 'findings' : step.path}`,
            },
            () => step.save(services, request.actor, id, version, body),
          )
          setFlash(request, step.saved(result))
        } catch (error) {
          if (!(error instanceof ValidationError)) throw error
          return renderStep(request, reply, step, id, { body, errors: error.errors })
        }
        // "We have seen this before" (issue 11): findings that repeat earlier
        // learning still not acted on go straight to it, with the reason why.
        if (step.path === 'findings') {
          const repeats = await services.seenBefore.countForRapidReview(request.actor, id)
          if (repeats > 0) {
            setFlash(
              request,
              `Findings saved. We have seen this before: ${repeats === 1 ? '1 earlier learning point or recommendation' : `${repeats} earlier learning points or recommendations`} with actions still open`,
            )
            return reply.redirect(`/manage/rapid-reviews/${id}/seen-before`, 303)
          }
        }
        const next =
          step.path === 'safety-actions' || step.path === 'agency-requests'
            ? `/manage/rapid-reviews/${id}/${step.path === 'safety-actions' ? 'findings' : step.path}`
            : `/manage/rapid-reviews/${id}`
        return reply.redirect(next, 303)
      },
    )
  }

  // A delegate withdraws their own signature before sending (issue 8).
  app.post(
    '/manage/rapid-reviews/:id/sign-off/withdraw',
    { preHandler: requirePermission('rapid-reviews:sign-off') },
    async (request, reply) => {
      const id = rapidReviewId(request)
      try {
        await services.rapidReviews.withdrawSignOff(request.actor, id)
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error
        const step = STEPS.find((candidate) => candidate.path === 'sign-off')!
        return renderStep(request, reply, step, id, {
          body: formBody(request.body),
          errors: error.errors,
        })
      }
      setFlash(request, 'Your signature was withdrawn')
      return reply.redirect(`/manage/rapid-reviews/${id}/sign-off`, 303)
    },
  )

  // Recording an agency's information: its own page per request.
  const renderResponse = async (
    request: FastifyRequest,
    reply: FastifyReply,
    posted: { body: FormBody; errors: readonly FieldError[] } | null,
  ) => {
    const params = requestParams.safeParse(request.params)
    if (!params.success) throw new NotFoundError('Not an agency request address')
    const view = await services.rapidReviews.get(request.actor, params.data.id)
    const agencyRequest = view.agencyRequests.find(
      (candidate) => candidate.id === params.data.requestId,
    )
    if (!agencyRequest) throw new NotFoundError('No such agency request')
    const base = rapidReviewViewModel(request.actor!, view)
    return reply.status(posted ? 400 : 200).view('rapid-reviews/agency-response.njk', {
      ...base,
      pageTitle: `Information from ${agencyRequest.agencyName}: ${base.children}`,
      request: agencyRequestsViewModel(view).requests.find((row) => row.id === agencyRequest.id),
      form: posted
        ? echo(posted.body)
        : {
            ...dateParts('receivedOn', agencyRequest.receivedOn),
            summary: agencyRequest.summary ?? '',
          },
      acceptedTypes: AGENCY_FILE_ACCEPT,
      ...pageErrors(posted?.errors ?? [], ['receivedOn']),
    })
  }

  app.get('/manage/rapid-reviews/:id/agency-requests/:requestId', readers, async (request, reply) =>
    renderResponse(request, reply, null),
  )

  app.post(
    '/manage/rapid-reviews/:id/agency-requests/:requestId',
    { preHandler: requirePermission('incidents:manage') },
    async (request, reply) => {
      const params = requestParams.safeParse(request.params)
      if (!params.success) throw new NotFoundError('Not an agency request address')
      // Multipart when a file may come with it; a form without one still works.
      const { body, file } = await readUploadForm(request)
      try {
        const version = versionOf(body)
        if (version === null) throw new ValidationError([INCOMPLETE_FORM])
        await saveOrConflict(
          body,
          {
            fields: rapidReviewFormFields('agency-response'),
            reloadHref: `/manage/rapid-reviews/${params.data.id}/agency-requests/${params.data.requestId}`,
          },
          () =>
            services.rapidReviews.recordAgencyResponse(
              request.actor,
              params.data.id,
              version,
              params.data.requestId,
              {
                receivedOn: dateField(body, 'receivedOn'),
                summary: field(body, 'summary'),
                document: file,
              },
            ),
        )
        setFlash(request, 'Agency’s information saved')
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error
        return renderResponse(request, reply, { body, errors: error.errors })
      }
      return reply.redirect(`/manage/rapid-reviews/${params.data.id}/agency-requests`, 303)
    },
  )

  // An agency's uploaded information. Signed-in staff only; anyone who may not
  // read the rapid review gets "not found", so they do not learn it exists.
  app.get(
    '/manage/rapid-reviews/:id/agency-requests/:requestId/documents/:documentId',
    { preHandler: requirePermission('manage:open') },
    async (request, reply) => {
      const params = documentParams.safeParse(request.params)
      if (!params.success) throw new NotFoundError('Not a document address')
      const { id, requestId, documentId } = params.data
      return sendDownload(
        reply,
        await services.rapidReviews.agencyDocument(request.actor, id, requestId, documentId),
      )
    },
  )

  for (const format of ['pdf', 'docx'] as const) {
    app.get(`/manage/rapid-reviews/:id/report.${format}`, readers, async (request, reply) => {
      const { body, filename } = await services.rapidReviews.report(
        request.actor,
        rapidReviewId(request),
        format,
      )
      return reply
        .header(
          'content-type',
          format === 'pdf'
            ? 'application/pdf'
            : 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        )
        .header('content-disposition', `attachment; filename="${filename}"`)
        .send(body)
    })
  }
}
