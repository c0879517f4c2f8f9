// Each partnership's rapid review timetable (S8's typical local flow, issue 8):
// its administrators set the working days of the letters, the summaries, the
// meeting's window and the partners' sign-off (no later than day 15, S6).
import type { FastifyInstance, FastifyReply } from 'fastify'
import { z } from 'zod'
import { NotFoundError, ValidationError, type FieldError } from '../../../domain/errors.js'
import {
  TIMETABLE_FIELDS,
  TIMETABLE_FIELD_LABELS,
} from '../../../domain/rapid-reviews/timetable.js'
import { RAPID_REVIEW_TIMETABLE_FIELDS } from '../../../services/edit-conflicts.js'
import type { Services } from '../../../services/index.js'
import { saveOrConflict } from '../../edit-conflict.js'
import { setFlash } from '../../flash.js'
import { requirePermission } from '../../plugins/authentication.js'
import { echo, formBody, pageErrors, versionOf, INCOMPLETE_FORM } from '../incidents/form-fields.js'

export const TIMETABLE_PATH = '/manage/settings/rapid-review-timetable'

const partnershipParams = z.object({ partnershipId: z.uuid() })

const HINTS: Record<(typeof TIMETABLE_FIELDS)[number], string> = {
  lettersWorkingDay: 'The working day letters go to the agencies. The seed page’s: 1.',
  summariesWorkingDay: 'The working day the agencies’ summaries are due. The seed page’s: 10.',
  meetingFromWorkingDay: 'The first working day the meeting may be held. The seed page’s: 10.',
  meetingToWorkingDay: 'The last working day the meeting may be held. The seed page’s: 12.',
  signOffWorkingDay:
    'The working day the three partners have signed by: 15 or earlier, as the rapid review is due within 15 working days (S6).',
}

export function rapidReviewTimetableRoutes(app: FastifyInstance, services: Services): void {
  const adminOnly = { preHandler: requirePermission('settings:manage') }

  app.get(TIMETABLE_PATH, adminOnly, async (request, reply) => {
    const timetables = await services.rapidReviews.timetables(request.actor)
    return reply.view('rapid-reviews/timetables.njk', {
      pageTitle: 'Rapid review timetable',
      timetables: timetables.map((row) => ({
        ...row,
        href: `${TIMETABLE_PATH}/${row.partnershipId}`,
        rows: TIMETABLE_FIELDS.map((key) => ({
          key: { text: TIMETABLE_FIELD_LABELS[key] },
          value: { text: `Working day ${row.timetable[key]}` },
        })),
      })),
    })
  })

  const renderForm = async (
    reply: FastifyReply,
    partnershipId: string,
    values: Record<string, string>,
    version: number,
    errors: readonly FieldError[],
    partnershipName: string,
  ) =>
    reply.status(errors.length > 0 ? 400 : 200).view('rapid-reviews/timetable-form.njk', {
      pageTitle: 'Change the rapid review timetable',
      partnershipName,
      action: `${TIMETABLE_PATH}/${partnershipId}`,
      cancelHref: TIMETABLE_PATH,
      version,
      fields: TIMETABLE_FIELDS.map((key) => ({
        key,
        label: TIMETABLE_FIELD_LABELS[key],
        hint: HINTS[key],
        value: values[key] ?? '',
      })),
      ...pageErrors(errors, []),
    })

  app.get(`${TIMETABLE_PATH}/:partnershipId`, adminOnly, async (request, reply) => {
    const params = partnershipParams.safeParse(request.params)
    if (!params.success) throw new NotFoundError('Not a partnership address')
    const row = (await services.rapidReviews.timetables(request.actor)).find(
      (candidate) => candidate.partnershipId === params.data.partnershipId,
    )
    if (!row) throw new NotFoundError('No such partnership')
    const values = Object.fromEntries(
      TIMETABLE_FIELDS.map((key) => [key, String(row.timetable[key])]),
    )
    return renderForm(reply, row.partnershipId, values, row.version, [], row.partnershipName)
  })

  app.post(`${TIMETABLE_PATH}/:partnershipId`, adminOnly, async (request, reply) => {
    const params = partnershipParams.safeParse(request.params)
    if (!params.success) throw new NotFoundError('Not a partnership address')
    const row = (await services.rapidReviews.timetables(request.actor)).find(
      (candidate) => candidate.partnershipId === params.data.partnershipId,
    )
    if (!row) throw new NotFoundError('No such partnership')
    const body = formBody(request.body)
    try {
      const version = versionOf(body)
      if (version === null) throw new ValidationError([INCOMPLETE_FORM])
      await saveOrConflict(
        body,
        {
          fields: RAPID_REVIEW_TIMETABLE_FIELDS,
          reloadHref: `${TIMETABLE_PATH}/${row.partnershipId}`,
        },
        () => services.rapidReviews.setTimetable(request.actor, row.partnershipId, version, body),
      )
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      return renderForm(
        reply,
        row.partnershipId,
        echo(body),
        row.version,
        error.errors,
        row.partnershipName,
      )
    }
    setFlash(request, `Rapid review timetable saved for ${row.partnershipName}`)
    return reply.redirect(TIMETABLE_PATH, 303)
  })
}
