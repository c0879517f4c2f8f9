import {
  deleteBankHoliday,
  findBankHoliday,
  insertBankHoliday,
  listBankHolidays,
  listStatutorySettings,
  upsertStatutorySetting,
  type BankHolidayRecord,
  type StatutorySettingRecord,
} from '../data/repositories/calendar-repository.js'
import { assertCan } from '../domain/access/policy.js'
import type { Actor } from '../domain/access/roles.js'
import { parseCalendarDate, type CalendarDate } from '../domain/calendar/calendar-date.js'
import { OutsideCalendarError, WorkingDayCalendar } from '../domain/calendar/working-days.js'
import {
  NotFoundError,
  StaleVersionError,
  ValidationError,
  type FieldError,
} from '../domain/errors.js'
import {
  DEFAULT_STATUTORY_PERIODS,
  GUIDANCE_EDITIONS,
  isGuidanceEdition,
  STATUTORY_PERIOD_BOUNDS,
  STATUTORY_PERIOD_KEYS,
  STATUTORY_PERIOD_LABELS,
  type GuidanceEdition,
  type StatutoryPeriods,
} from '../domain/statutory/periods.js'
import { recordAudit } from './audit-trail.js'
import { type ServiceContext, userActor } from './context.js'
import { statutoryPeriodsSavedVersion, withSavedVersion } from './edit-conflicts.js'

// Made once: setting up a formatter for a time zone costs a fraction of a
// millisecond, and every page that reads a clock asks for today, some several times.
const LONDON_DATE = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
})

export const BANK_HOLIDAY_TITLE_MAX_LENGTH = 100

/**
 * What is wrong with a bank holiday's name, if anything. Exported so a form can
 * show these errors together with its own (the date fields) in one go.
 */
export function bankHolidayTitleErrors(title: string): FieldError[] {
  const trimmed = title.trim()
  if (trimmed === '') return [{ field: 'title', message: 'Enter the name of the bank holiday' }]
  if (trimmed.length > BANK_HOLIDAY_TITLE_MAX_LENGTH) {
    return [
      {
        field: 'title',
        message: `Name must be ${BANK_HOLIDAY_TITLE_MAX_LENGTH} characters or fewer`,
      },
    ]
  }
  // A holiday's name never needs markup or control characters; refusing them
  // keeps pasted HTML out of pages, exports and the audit trail.
  if (/[<>]/.test(trimmed)) {
    return [{ field: 'title', message: 'Name must not include the characters < or >' }]
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(trimmed)) {
    return [{ field: 'title', message: 'Name must be one line of text, without tabs' }]
  }
  return []
}

/** The periods in force for an edition, and a version that changes with every save. */
export interface EditablePeriods {
  readonly periods: StatutoryPeriods
  readonly version: number
}

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
    return LONDON_DATE.format(this.context.now()) as CalendarDate
  }

  /**
   * `add` working days from `from` (S21), as the API's working-days question.
   * A date the calendar cannot answer for is the asker's input error (field
   * `from` or `add`), not a fault.
   */
  async addWorkingDays(from: CalendarDate, add: number): Promise<CalendarDate> {
    const calendar = await this.calendar()
    const known = `the years whose bank holidays the calendar knows (${calendar.firstYear} to ${calendar.lastYear})`
    // Checked even for add = 0 (which needs no look-up) so the answer never
    // seems to vouch for a year the calendar does not know.
    if (!calendar.covers(from)) {
      throw new ValidationError([{ field: 'from', message: `must be in ${known}` }])
    }
    try {
      return calendar.addWorkingDays(from, add)
    } catch (error) {
      if (!(error instanceof OutsideCalendarError)) throw error
      throw new ValidationError([{ field: 'add', message: `takes the date outside ${known}` }])
    }
  }

  async addBankHoliday(actor: Actor | null, input: { date: string; title: string }): Promise<void> {
    assertCan(actor, 'settings:manage')
    const errors: FieldError[] = []
    const date = parseCalendarDate(input.date.trim())
    const title = input.title.trim()
    if (date === null) errors.push({ field: 'date', message: 'Enter a real date, like 2027-05-03' })
    errors.push(...bankHolidayTitleErrors(title))
    if (errors.length > 0 || date === null) throw new ValidationError(errors)
    const { db, now } = this.context
    await db.transaction().execute(async (trx) => {
      const existing = await listBankHolidays(trx)
      if (existing.some((holiday) => holiday.date === date)) {
        throw new ValidationError([{ field: 'date', message: `${date} is already a bank holiday` }])
      }
      assertNoYearWithoutHolidays(
        [...existing.map((holiday) => holiday.date as CalendarDate), date],
        (years) =>
          `${date} is too far from the years the calendar knows: add the bank holidays of ${listYears(years)} first`,
      )
      const inserted = await insertBankHoliday(trx, {
        date,
        title,
        source: 'administrator',
        createdAt: now().toISOString(),
      })
      if (!inserted) {
        throw new ValidationError([{ field: 'date', message: `${date} is already a bank holiday` }])
      }
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
      const remaining = (await listBankHolidays(trx))
        .map((holiday) => holiday.date as CalendarDate)
        .filter((other) => other !== date)
      if (remaining.length === 0) {
        throw new ValidationError([
          { field: 'date', message: 'The last bank holiday on the list cannot be removed' },
        ])
      }
      assertNoYearWithoutHolidays(
        remaining,
        (years) =>
          `This is the only bank holiday left in ${listYears(years)}: without it every weekday of that year would count as a working day`,
      )
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
      result[edition] = editablePeriods(overrides, edition).periods
    }
    return result
  }

  /** For the settings form: the periods and the version to send back with them. */
  async periodsForEditing(edition: GuidanceEdition): Promise<EditablePeriods> {
    return editablePeriods(await listStatutorySettings(this.context.db), edition)
  }

  /**
   * Saves all five periods of an edition. With `expectedVersion` (from
   * `periodsForEditing`), a save based on values someone else has changed since
   * is refused with a StaleVersionError rather than silently undoing theirs.
   */
  async updatePeriods(
    actor: Actor | null,
    edition: GuidanceEdition,
    values: Record<string, string>,
    expectedVersion?: number,
  ): Promise<void> {
    assertCan(actor, 'settings:manage')
    if (!isGuidanceEdition(edition))
      throw new NotFoundError(`No guidance edition ${String(edition)}`)
    const errors: FieldError[] = []
    const parsed: Partial<Record<keyof StatutoryPeriods, number>> = {}
    for (const key of STATUTORY_PERIOD_KEYS) {
      const text = (values[key] ?? '').trim()
      const value = Number(text)
      const { min, max } = STATUTORY_PERIOD_BOUNDS[key]
      if (!/^\d{1,4}$/.test(text) || value < min || value > max) {
        const { label, unit } = STATUTORY_PERIOD_LABELS[key]
        errors.push({
          field: key,
          message: `Enter a whole number of ${unit} from ${min} to ${max} for “${label}”`,
        })
      } else {
        parsed[key] = value
      }
    }
    if (errors.length > 0) throw new ValidationError(errors)
    const { db, now } = this.context
    // The saved version for a conflict found after the upserts is read once
    // this transaction has rolled back, so it never shows this save's values.
    await withSavedVersion(
      async () => statutoryPeriodsSavedVersion((await this.periodsForEditing(edition)).periods),
      () =>
        db.transaction().execute(async (trx) => {
          const current = editablePeriods(await listStatutorySettings(trx), edition)
          if (expectedVersion !== undefined && current.version !== expectedVersion) {
            throw new StaleVersionError(
              'setting',
              edition,
              statutoryPeriodsSavedVersion(current.periods),
            )
          }
          const before = current.periods
          const at = now()
          for (const key of STATUTORY_PERIOD_KEYS) {
            await upsertStatutorySetting(trx, {
              guidanceEdition: edition,
              key,
              value: parsed[key] ?? before[key],
              now: at.toISOString(),
            })
          }
          // On PostgreSQL two saves can both pass the check above; the second's
          // upserts then wait for the first to commit and land on top of it. Every
          // save moves the version sum on by exactly one per period, so any other
          // sum means someone else saved in between: refuse rather than overwrite.
          const written = editablePeriods(await listStatutorySettings(trx), edition)
          if (
            expectedVersion !== undefined &&
            written.version !== current.version + STATUTORY_PERIOD_KEYS.length
          ) {
            throw new StaleVersionError('setting', edition)
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
        }),
    )
  }
}

/** An edition's periods (defaults with any overrides); the version sums its rows' versions. */
function editablePeriods(
  overrides: readonly StatutorySettingRecord[],
  edition: GuidanceEdition,
): EditablePeriods {
  const periods: Record<string, number> = { ...DEFAULT_STATUTORY_PERIODS[edition] }
  let version = 0
  for (const override of overrides) {
    if (override.guidanceEdition === edition && override.key in periods) {
      periods[override.key] = override.value
      // Every save writes all five rows, each version going up by one, so the
      // sum goes up with every save and never comes back to an earlier value.
      version += Number(override.version)
    }
  }
  return { periods: periods as unknown as StatutoryPeriods, version }
}

/**
 * Refuses a bank-holiday list that would leave a year inside the known span
 * without any holiday: the calendar would count that year's holidays as working
 * days and move deadlines without anyone noticing (S22).
 */
function assertNoYearWithoutHolidays(
  dates: readonly CalendarDate[],
  message: (years: number[]) => string,
): void {
  const years = new WorkingDayCalendar(dates).yearsWithoutBankHolidays()
  if (years.length > 0) throw new ValidationError([{ field: 'date', message: message(years) }])
}

function listYears(years: readonly number[]): string {
  if (years.length <= 1) return years.join('')
  return `${years.slice(0, -1).join(', ')} and ${years.at(-1)}`
}
