import {
  deleteBankHoliday,
  findBankHoliday,
  insertBankHoliday,
  listBankHolidays,
  listStatutorySettings,
  upsertStatutorySetting,
  type BankHolidayRecord,
} from '../data/repositories/calendar-repository.js'
import { assertCan } from '../domain/access/policy.js'
import type { Actor } from '../domain/access/roles.js'
import { parseCalendarDate, type CalendarDate } from '../domain/calendar/calendar-date.js'
import { WorkingDayCalendar } from '../domain/calendar/working-days.js'
import { NotFoundError, ValidationError, type FieldError } from '../domain/errors.js'
import {
  DEFAULT_STATUTORY_PERIODS,
  GUIDANCE_EDITIONS,
  STATUTORY_PERIOD_BOUNDS,
  STATUTORY_PERIOD_KEYS,
  type GuidanceEdition,
  type StatutoryPeriods,
} from '../domain/statutory/periods.js'
import { recordAudit } from './audit-trail.js'
import { type ServiceContext, userActor } from './context.js'

export const BANK_HOLIDAY_TITLE_MAX_LENGTH = 100

/**
 * The working-day calendar (S21, S22) and the statutory period settings.
 * Both are read fresh from the database on each use: they are small, and a
 * change by an administrator must reach every deadline at once.
 */
export class CalendarService {
  constructor(private readonly context: ServiceContext) {}

  async calendar(): Promise<WorkingDayCalendar> {
    const holidays = await listBankHolidays(this.context.db)
    return new WorkingDayCalendar(holidays.map((holiday) => holiday.date as CalendarDate))
  }

  listBankHolidays(): Promise<BankHolidayRecord[]> {
    return listBankHolidays(this.context.db)
  }

  /** Today's date in England, for reading clocks. */
  today(): CalendarDate {
    const text = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Europe/London',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    }).format(this.context.now())
    return text as CalendarDate
  }

  async addBankHoliday(actor: Actor | null, input: { date: string; title: string }): Promise<void> {
    assertCan(actor, 'settings:manage')
    const errors: FieldError[] = []
    const date = parseCalendarDate(input.date.trim())
    const title = input.title.trim()
    if (date === null) errors.push({ field: 'date', message: 'Enter a real date, like 2027-05-03' })
    if (title === '') errors.push({ field: 'title', message: 'Enter the name of the bank holiday' })
    if (title.length > BANK_HOLIDAY_TITLE_MAX_LENGTH) {
      errors.push({
        field: 'title',
        message: `Name must be ${BANK_HOLIDAY_TITLE_MAX_LENGTH} characters or fewer`,
      })
    }
    if (errors.length > 0 || date === null) throw new ValidationError(errors)
    const { db, now } = this.context
    await db.transaction().execute(async (trx) => {
      if (await findBankHoliday(trx, date)) {
        throw new ValidationError([{ field: 'date', message: `${date} is already a bank holiday` }])
      }
      await insertBankHoliday(trx, {
        date,
        title,
        source: 'administrator',
        createdAt: now().toISOString(),
      })
      await recordAudit(trx, now(), {
        actor: userActor(actor),
        action: 'bank-holiday.added',
        recordType: 'bank-holiday',
        recordId: date,
        partnershipId: null,
        after: { date, title },
      })
    })
  }

  async removeBankHoliday(actor: Actor | null, date: string): Promise<void> {
    assertCan(actor, 'settings:manage')
    const { db, now } = this.context
    await db.transaction().execute(async (trx) => {
      const existing = await findBankHoliday(trx, date)
      if (!existing) throw new NotFoundError(`No bank holiday on ${date}`)
      await deleteBankHoliday(trx, date)
      await recordAudit(trx, now(), {
        actor: userActor(actor),
        action: 'bank-holiday.removed',
        recordType: 'bank-holiday',
        recordId: date,
        partnershipId: null,
        before: { date: existing.date, title: existing.title, source: existing.source },
      })
    })
  }

  /** The periods in force for an edition: the rules' defaults with any overrides. */
  async periods(edition: GuidanceEdition): Promise<StatutoryPeriods> {
    return (await this.allPeriods())[edition]
  }

  async allPeriods(): Promise<Record<GuidanceEdition, StatutoryPeriods>> {
    const overrides = await listStatutorySettings(this.context.db)
    const result = { ...DEFAULT_STATUTORY_PERIODS }
    for (const edition of GUIDANCE_EDITIONS) {
      const periods: Record<string, number> = { ...DEFAULT_STATUTORY_PERIODS[edition] }
      for (const override of overrides) {
        if (override.guidanceEdition === edition && override.key in periods) {
          periods[override.key] = override.value
        }
      }
      result[edition] = periods as unknown as StatutoryPeriods
    }
    return result
  }

  async updatePeriods(
    actor: Actor | null,
    edition: GuidanceEdition,
    values: Record<string, string>,
  ): Promise<void> {
    assertCan(actor, 'settings:manage')
    const errors: FieldError[] = []
    const parsed: Partial<Record<keyof StatutoryPeriods, number>> = {}
    for (const key of STATUTORY_PERIOD_KEYS) {
      const text = (values[key] ?? '').trim()
      const value = Number(text)
      const { min, max } = STATUTORY_PERIOD_BOUNDS[key]
      if (!/^\d+$/.test(text) || value < min || value > max) {
        errors.push({ field: key, message: `Enter a whole number from ${min} to ${max}` })
      } else {
        parsed[key] = value
      }
    }
    if (errors.length > 0) throw new ValidationError(errors)
    const { db, now } = this.context
    await db.transaction().execute(async (trx) => {
      const before = await new CalendarService({ db: trx, now }).periods(edition)
      const at = now()
      for (const key of STATUTORY_PERIOD_KEYS) {
        await upsertStatutorySetting(trx, {
          guidanceEdition: edition,
          key,
          value: parsed[key] ?? before[key],
          now: at.toISOString(),
        })
      }
      await recordAudit(trx, at, {
        actor: userActor(actor),
        action: 'statutory-periods.updated',
        recordType: 'statutory-setting',
        recordId: edition,
        partnershipId: null,
        before: { ...before },
        after: parsed,
      })
    })
  }
}
