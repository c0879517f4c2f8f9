// Settings that change statutory deadlines: the bank holidays of the working-day
// calendar (S21, S22) and the statutory periods per guidance edition. Only
// administrators ('settings:manage'); the calendar service checks that again and
// audits every change.
import type { FastifyInstance } from 'fastify'
import { parseCalendarDate } from '../../../domain/calendar/calendar-date.js'
import { NotFoundError, ValidationError } from '../../../domain/errors.js'
import { isGuidanceEdition, type GuidanceEdition } from '../../../domain/statutory/periods.js'
import { STATUTORY_PERIOD_FIELDS } from '../../../services/edit-conflicts.js'
import type { Services } from '../../../services/index.js'
import { saveOrConflict } from '../../edit-conflict.js'
import { requirePermission } from '../../plugins/authentication.js'
import {
  checkBankHolidayForm,
  readBankHolidayForm,
  readStatutoryPeriodsForm,
} from './validation.js'
import {
  BANK_HOLIDAYS_PATH,
  STATUTORY_PERIODS_PATH,
  bankHolidaysViewModel,
  periodValuesAsText,
  removeBankHolidayViewModel,
  settingsHomeViewModel,
  statutoryPeriodsFormViewModel,
  statutoryPeriodsViewModel,
  type BankHolidayNotice,
} from './view-model.js'

function queryValue(query: unknown, name: string): string | null {
  const value = (query as Record<string, unknown> | undefined)?.[name]
  return typeof value === 'string' ? value : null
}

/** The `?added=` / `?removed=` left by a redirect, if it names a real date. */
function bankHolidayNotice(query: unknown): BankHolidayNotice | null {
  const added = parseCalendarDate(queryValue(query, 'added') ?? '')
  if (added !== null) return { kind: 'added', date: added }
  const removed = parseCalendarDate(queryValue(query, 'removed') ?? '')
  if (removed !== null) return { kind: 'removed', date: removed }
  return null
}

function editionFrom(params: unknown): GuidanceEdition {
  const edition = (params as { edition?: unknown }).edition
  if (!isGuidanceEdition(edition)) throw new NotFoundError('No such guidance edition')
  return edition
}

export function settingsRoutes(app: FastifyInstance, services: Services): void {
  const adminOnly = { preHandler: requirePermission('settings:manage') }
  const { calendar } = services

  async function findHoliday(params: unknown) {
    const text = (params as { date?: unknown }).date
    const date = typeof text === 'string' ? parseCalendarDate(text) : null
    const holiday = date && (await calendar.listBankHolidays()).find((row) => row.date === date)
    if (!holiday) throw new NotFoundError('No bank holiday on that date')
    return holiday
  }

  app.get('/manage/settings', adminOnly, async (_request, reply) =>
    reply.view('settings/home.njk', settingsHomeViewModel()),
  )

  app.get(BANK_HOLIDAYS_PATH, adminOnly, async (request, reply) => {
    const holidays = await calendar.listBankHolidays()
    return reply.view(
      'settings/bank-holidays.njk',
      bankHolidaysViewModel({ holidays, notice: bankHolidayNotice(request.query) }),
    )
  })

  app.post(BANK_HOLIDAYS_PATH, adminOnly, async (request, reply) => {
    const form = readBankHolidayForm(request.body)
    const checked = checkBankHolidayForm(form)
    let errors = checked.errors
    if (errors.length === 0 && checked.date !== null) {
      try {
        await calendar.addBankHoliday(request.actor, { date: checked.date, title: form.title })
        return reply.redirect(`${BANK_HOLIDAYS_PATH}?added=${checked.date}`, 303)
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error
        errors = [...error.errors]
      }
    }
    const holidays = await calendar.listBankHolidays()
    return reply.status(400).view(
      'settings/bank-holidays.njk',
      bankHolidaysViewModel({
        holidays,
        form,
        errors,
        // A service error about the date (already listed, too far ahead) is
        // about the whole date, not one of its parts.
        datePartsInError:
          checked.datePartsInError.length > 0
            ? checked.datePartsInError
            : errors.some((error) => error.field === 'date')
              ? ['day', 'month', 'year']
              : [],
      }),
    )
  })

  app.get(`${BANK_HOLIDAYS_PATH}/:date/remove`, adminOnly, async (request, reply) => {
    const holiday = await findHoliday(request.params)
    return reply.view('settings/remove-bank-holiday.njk', removeBankHolidayViewModel(holiday))
  })

  app.post(`${BANK_HOLIDAYS_PATH}/:date/remove`, adminOnly, async (request, reply) => {
    const holiday = await findHoliday(request.params)
    try {
      await calendar.removeBankHoliday(request.actor, holiday.date)
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      return reply
        .status(400)
        .view('settings/remove-bank-holiday.njk', removeBankHolidayViewModel(holiday, error.errors))
    }
    return reply.redirect(`${BANK_HOLIDAYS_PATH}?removed=${holiday.date}`, 303)
  })

  app.get(STATUTORY_PERIODS_PATH, adminOnly, async (request, reply) => {
    const updated = queryValue(request.query, 'updated')
    return reply.view(
      'settings/statutory-periods.njk',
      statutoryPeriodsViewModel(
        await calendar.allPeriods(),
        isGuidanceEdition(updated) ? updated : null,
      ),
    )
  })

  app.get(`${STATUTORY_PERIODS_PATH}/:edition`, adminOnly, async (request, reply) => {
    const edition = editionFrom(request.params)
    const { periods, version } = await calendar.periodsForEditing(edition)
    return reply.view(
      'settings/statutory-periods-form.njk',
      statutoryPeriodsFormViewModel({ edition, values: periodValuesAsText(periods), version }),
    )
  })

  app.post(`${STATUTORY_PERIODS_PATH}/:edition`, adminOnly, async (request, reply) => {
    const edition = editionFrom(request.params)
    const form = readStatutoryPeriodsForm(request.body)
    if (form.version === null) {
      throw new ValidationError([
        { field: 'version', message: 'The form was incomplete. Reload the page and try again.' },
      ])
    }
    try {
      const version = form.version
      await saveOrConflict(
        request.body,
        { fields: STATUTORY_PERIOD_FIELDS, reloadHref: `${STATUTORY_PERIODS_PATH}/${edition}` },
        () => calendar.updatePeriods(request.actor, edition, form.values, version),
      )
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      return reply.status(400).view(
        'settings/statutory-periods-form.njk',
        statutoryPeriodsFormViewModel({
          edition,
          values: form.values,
          version: form.version,
          errors: error.errors,
        }),
      )
    }
    return reply.redirect(`${STATUTORY_PERIODS_PATH}?updated=${edition}`, 303)
  })
}
