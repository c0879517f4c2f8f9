// The working-day calendar as open data (S21, S22). Public, like published
// reviews: bank holidays are public facts, and partners' own systems can then
// work out statutory dates exactly as this service does without a token.
import type { FastifyInstance } from 'fastify'
import type { CalendarDate } from '../../domain/calendar/calendar-date.js'
import { WorkingDayCalendar } from '../../domain/calendar/working-days.js'
import type { Services } from '../../services/index.js'
import { parseOrThrow } from './parse.js'
import { bankHolidaysQuerySchema, workingDaysQuerySchema } from './schemas.js'

export function calendarApiRoutes(app: FastifyInstance, services: Services): void {
  app.get('/calendar/working-days', { config: { public: true } }, async (request, reply) => {
    const query = parseOrThrow(workingDaysQuerySchema, request.query)
    const date = await services.calendar.addWorkingDays(query.from, query.add)
    void reply.header('access-control-allow-origin', '*')
    return { from: query.from, add: query.add, date }
  })

  app.get('/calendar/bank-holidays', { config: { public: true } }, async (request, reply) => {
    parseOrThrow(bankHolidaysQuerySchema, request.query)
    const holidays = await services.calendar.listBankHolidays()
    // Built from the same rows, so the years always match the list sent.
    const calendar = new WorkingDayCalendar(holidays.map((holiday) => holiday.date as CalendarDate))
    void reply.header('access-control-allow-origin', '*')
    return {
      firstYear: calendar.firstYear,
      lastYear: calendar.lastYear,
      bankHolidays: holidays.map(({ date, title, source }) => ({ date, title, source })),
    }
  })
}
