// Learning events (issue 11) under /manage/learning-events: the list (any
// member of staff), planning, changing and cancelling an event (the business
// unit), booking a place or a place on the waiting list and cancelling it (any
// member of staff of the event's partnership), recording attendance after the
// event (the business unit), feedback (attendees, once), and the reach of the
// partnership's events with the attendance CSV. Thin handlers: the learning
// event service checks, versions, audits and sends the emails.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { NotFoundError, ValidationError, type FieldError } from '../../../domain/errors.js'
import {
  LEARNING_EVENT_FIELDS,
  LEARNING_EVENTS_PATH,
  learningEventPath,
  type AttendanceEntry,
} from '../../../services/learning-events/learning-event-service.js'
import type { Services } from '../../../services/index.js'
import { saveOrConflict } from '../../edit-conflict.js'
import { setFlash } from '../../flash.js'
import { dateField, echo, formBody, INCOMPLETE_FORM, pageErrors, text } from '../../form-fields.js'
import type { FormBody } from '../../form-fields.js'
import { formVersion } from '../../form-version.js'
import { requirePermission } from '../../plugins/authentication.js'
import { attachmentDisposition } from '../../uploads.js'
import {
  ATTENDANCE_CSV_PATH,
  attendanceViewModel,
  cancelEventViewModel,
  eventViewModel,
  feedbackViewModel,
  listViewModel,
  NEW_EVENT_PATH,
  planFormOf,
  planFormViewModel,
  REACH_PATH,
  reachViewModel,
  type PlanForm,
} from './view-model.js'

const idParams = z.object({ id: z.uuid() })

function eventIdOf(request: FastifyRequest): string {
  const params = idParams.safeParse(request.params)
  if (!params.success) throw new NotFoundError('Not a learning event address')
  return params.data.id
}

/** Checkboxes: none, one (a string) or several (an array of strings). */
function list(body: FormBody, name: string): string[] {
  const value = body[name]
  if (typeof value === 'string') return value === '' ? [] : [value]
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string')
  return []
}

/** The plan form as posted: what the domain checks, and what the form shows again. */
function postedPlan(body: FormBody) {
  const reviewIds = list(body, 'reviewIds')
  const agencyIds = list(body, 'agencyIds')
  return {
    input: {
      title: text(body, 'title'),
      description: text(body, 'description'),
      reviewIds,
      themes: text(body, 'themes'),
      date: dateField(body, 'date'),
      startTime: text(body, 'startTime'),
      endTime: text(body, 'endTime'),
      place: text(body, 'place'),
      onlineLink: text(body, 'onlineLink'),
      capacity: text(body, 'capacity'),
      agencyIds,
    },
    form: { values: echo(body), reviewIds, agencyIds } satisfies PlanForm,
  }
}

export function learningEventRoutes(app: FastifyInstance, services: Services): void {
  const anyStaff = { preHandler: requirePermission('manage:open') }
  const organise = { preHandler: requirePermission('learning-events:organise') }
  const { learningEvents } = services

  // ── The list, reach and the CSV ───────────────────────────────────────────

  app.get(LEARNING_EVENTS_PATH, anyStaff, async (request, reply) =>
    reply.view('learning-events/list.njk', listViewModel(await learningEvents.list(request.actor))),
  )

  app.get(REACH_PATH, organise, async (request, reply) =>
    reply.view(
      'learning-events/reach.njk',
      reachViewModel(await learningEvents.reach(request.actor)),
    ),
  )

  app.get(ATTENDANCE_CSV_PATH, organise, async (request, reply) => {
    const file = await learningEvents.attendanceCsv(request.actor)
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', attachmentDisposition(file.filename))
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'no-store')
      .send(file.csv)
  })

  // ── Planning and changing ─────────────────────────────────────────────────

  const renderPlan = async (
    request: FastifyRequest,
    reply: FastifyReply,
    eventId: string | null,
    form: PlanForm | null,
    errors: readonly FieldError[],
  ) => {
    const page = eventId === null ? null : await learningEvents.event(request.actor, eventId)
    if (page !== null && !page.canOrganise) throw new NotFoundError('No such page')
    const choices = await learningEvents.choices(request.actor, page?.event.partnershipId)
    return reply.status(errors.length > 0 ? 400 : 200).view('learning-events/plan.njk', {
      ...planFormViewModel({
        choices,
        form: form ?? (page ? planFormOf(page) : { values: {}, reviewIds: [], agencyIds: [] }),
        editing: page ? { page } : null,
      }),
      ...pageErrors(errors, ['date']),
    })
  }

  app.get(NEW_EVENT_PATH, organise, async (request, reply) =>
    renderPlan(request, reply, null, null, []),
  )

  app.post(NEW_EVENT_PATH, organise, async (request, reply) => {
    const { input, form } = postedPlan(formBody(request.body))
    let planned: { id: string }
    try {
      planned = await learningEvents.plan(request.actor, input)
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      return renderPlan(request, reply, null, form, error.errors)
    }
    setFlash(request, {
      heading: 'Event planned',
      text: 'Staff of the partnership can now book a place.',
    })
    return reply.redirect(learningEventPath(planned.id), 303)
  })

  app.get(`${LEARNING_EVENTS_PATH}/:id/change`, organise, async (request, reply) =>
    renderPlan(request, reply, eventIdOf(request), null, []),
  )

  app.post(`${LEARNING_EVENTS_PATH}/:id/change`, organise, async (request, reply) => {
    const id = eventIdOf(request)
    const body = formBody(request.body)
    const { input, form } = postedPlan(body)
    const version = formVersion(body.version)
    if (version === null) return renderPlan(request, reply, id, form, [INCOMPLETE_FORM])
    try {
      await saveOrConflict(
        request.body,
        { fields: LEARNING_EVENT_FIELDS, reloadHref: learningEventPath(id, '/change') },
        () => learningEvents.edit(request.actor, id, version, input),
      )
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      return renderPlan(request, reply, id, form, error.errors)
    }
    setFlash(request, 'Event changed')
    return reply.redirect(learningEventPath(id), 303)
  })

  // ── Cancelling the event ──────────────────────────────────────────────────

  const renderCancel = async (
    request: FastifyRequest,
    reply: FastifyReply,
    form: Record<string, string>,
    errors: readonly FieldError[],
  ) => {
    const page = await learningEvents.event(request.actor, eventIdOf(request))
    if (!page.canOrganise) throw new NotFoundError('No such page')
    if (page.event.status !== 'planned') throw new NotFoundError('The event is already cancelled')
    return reply.status(errors.length > 0 ? 400 : 200).view('learning-events/cancel.njk', {
      ...cancelEventViewModel(page, form),
      ...pageErrors(errors),
    })
  }

  app.get(`${LEARNING_EVENTS_PATH}/:id/cancel`, organise, async (request, reply) =>
    renderCancel(request, reply, {}, []),
  )

  app.post(`${LEARNING_EVENTS_PATH}/:id/cancel`, organise, async (request, reply) => {
    const id = eventIdOf(request)
    const body = formBody(request.body)
    const form = { reason: text(body, 'reason') ?? '' }
    const version = formVersion(body.version)
    if (version === null) return renderCancel(request, reply, form, [INCOMPLETE_FORM])
    try {
      await saveOrConflict(
        request.body,
        {
          fields: [{ name: 'reason', label: 'Why the event is cancelled' }],
          reloadHref: learningEventPath(id, '/cancel'),
        },
        () => learningEvents.cancelEvent(request.actor, id, version, text(body, 'reason')),
      )
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      return renderCancel(request, reply, form, error.errors)
    }
    setFlash(request, {
      heading: 'Event cancelled',
      text: 'Everyone with a place or on the waiting list is told by email.',
    })
    return reply.redirect(learningEventPath(id), 303)
  })

  // ── The event's page, booking and cancelling a booking ────────────────────

  const renderEvent = async (
    request: FastifyRequest,
    reply: FastifyReply,
    errors: readonly FieldError[],
  ) => {
    const page = await learningEvents.event(request.actor, eventIdOf(request))
    return reply
      .status(errors.length > 0 ? 400 : 200)
      .view('learning-events/event.njk', { ...eventViewModel(page), ...pageErrors(errors) })
  }

  app.get(`${LEARNING_EVENTS_PATH}/:id`, anyStaff, async (request, reply) =>
    renderEvent(request, reply, []),
  )

  app.post(`${LEARNING_EVENTS_PATH}/:id/book`, anyStaff, async (request, reply) => {
    const id = eventIdOf(request)
    let booked: { status: 'booked' | 'waiting' }
    try {
      booked = await learningEvents.book(request.actor, id)
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      return renderEvent(request, reply, error.errors)
    }
    setFlash(
      request,
      booked.status === 'booked'
        ? { heading: 'You have a place', text: 'If you can no longer come, cancel your place.' }
        : {
            heading: 'You are on the waiting list',
            text: 'If a place comes free it is given to the person who has waited longest, who is told by email.',
          },
    )
    return reply.redirect(learningEventPath(id), 303)
  })

  app.post(`${LEARNING_EVENTS_PATH}/:id/cancel-booking`, anyStaff, async (request, reply) => {
    const id = eventIdOf(request)
    try {
      await learningEvents.cancelBooking(request.actor, id)
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      return renderEvent(request, reply, error.errors)
    }
    setFlash(request, 'Your booking is cancelled')
    return reply.redirect(learningEventPath(id), 303)
  })

  // ── After the event: attendance and feedback ──────────────────────────────

  const renderAttendance = async (
    request: FastifyRequest,
    reply: FastifyReply,
    posted: { attended: readonly string[]; agencies: Record<string, string> } | null,
    errors: readonly FieldError[],
  ) => {
    const page = await learningEvents.event(request.actor, eventIdOf(request))
    if (!page.canOrganise) throw new NotFoundError('No such page')
    const choices = await learningEvents.choices(request.actor, page.event.partnershipId)
    return reply.status(errors.length > 0 ? 400 : 200).view('learning-events/attendance.njk', {
      ...attendanceViewModel(page, choices.agencies, posted),
      ...pageErrors(errors),
    })
  }

  app.get(`${LEARNING_EVENTS_PATH}/:id/attendance`, organise, async (request, reply) =>
    renderAttendance(request, reply, null, []),
  )

  app.post(`${LEARNING_EVENTS_PATH}/:id/attendance`, organise, async (request, reply) => {
    const id = eventIdOf(request)
    const body = formBody(request.body)
    const page = await learningEvents.event(request.actor, id)
    const attended = list(body, 'attended')
    const agencies: Record<string, string> = {}
    const entries: AttendanceEntry[] = page.bookings
      .filter((booking) => booking.status === 'booked')
      .map((booking) => {
        // A repeated or mangled field reads as no agency given, never as a guess.
        const agencyId = text(body, `agency-${booking.id}`) ?? ''
        agencies[booking.id] = agencyId
        return {
          bookingId: booking.id,
          attended: attended.includes(booking.id),
          agencyId: agencyId === '' ? null : agencyId,
        }
      })
    let recorded: { recorded: number }
    try {
      recorded = await learningEvents.recordAttendance(request.actor, id, entries)
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      return renderAttendance(request, reply, { attended, agencies }, error.errors)
    }
    setFlash(
      request,
      `Attendance recorded for ${recorded.recorded} ${recorded.recorded === 1 ? 'person' : 'people'}`,
    )
    return reply.redirect(learningEventPath(id), 303)
  })

  const renderFeedback = async (
    request: FastifyRequest,
    reply: FastifyReply,
    form: Record<string, string>,
    errors: readonly FieldError[],
  ) => {
    const page = await learningEvents.event(request.actor, eventIdOf(request))
    return reply.status(errors.length > 0 ? 400 : 200).view('learning-events/feedback.njk', {
      ...feedbackViewModel(page, form),
      ...pageErrors(errors),
    })
  }

  app.get(`${LEARNING_EVENTS_PATH}/:id/feedback`, anyStaff, async (request, reply) =>
    renderFeedback(request, reply, {}, []),
  )

  app.post(`${LEARNING_EVENTS_PATH}/:id/feedback`, anyStaff, async (request, reply) => {
    const id = eventIdOf(request)
    const body = formBody(request.body)
    try {
      await learningEvents.giveFeedback(request.actor, id, {
        usefulness: text(body, 'usefulness'),
        willDoDifferently: text(body, 'willDoDifferently'),
        comments: text(body, 'comments'),
      })
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      return renderFeedback(request, reply, echo(body), error.errors)
    }
    setFlash(request, 'Thank you for your feedback')
    return reply.redirect(learningEventPath(id), 303)
  })
}
