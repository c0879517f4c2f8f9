import { calendarYear, type CalendarDate } from '../../../domain/calendar/calendar-date.js'
import type { FieldError } from '../../../domain/errors.js'
import {
  DEFAULT_STATUTORY_PERIODS,
  GUIDANCE_EDITION_NAMES,
  GUIDANCE_EDITIONS,
  STATUTORY_PERIOD_BOUNDS,
  STATUTORY_PERIOD_KEYS,
  STATUTORY_PERIOD_LABELS,
  type GuidanceEdition,
  type StatutoryPeriodKey,
  type StatutoryPeriods,
} from '../../../domain/statutory/periods.js'
import { errorViewModel } from '../../form-errors.js'
import { DATE_PARTS, type BankHolidayForm, type DatePart } from './validation.js'

export const SETTINGS_PATH = '/manage/settings'
export const BANK_HOLIDAYS_PATH = '/manage/settings/bank-holidays'
export const STATUTORY_PERIODS_PATH = '/manage/settings/statutory-periods'

export const BANK_HOLIDAY_SOURCE_NAMES: Record<string, string> = {
  'gov-uk': 'GOV.UK list',
  administrator: 'Added by an administrator',
}

const LONG_DATE = new Intl.DateTimeFormat('en-GB', {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
})

/** "Monday 25 December 2023": the weekday shows at a glance which dates are substitute days. */
export function longDate(date: CalendarDate): string {
  const parts = LONG_DATE.formatToParts(new Date(`${date}T00:00:00Z`))
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    parts.find((candidate) => candidate.type === type)?.value ?? ''
  return `${part('weekday')} ${part('day')} ${part('month')} ${part('year')}`
}

/**
 * `errorViewModel`, with summary links sent to the element that takes the
 * focus: a date input's first wrong part, not its fieldset.
 */
export function formErrorsViewModel(
  errors: readonly FieldError[],
  anchors: Readonly<Record<string, string>> = {},
) {
  const model = errorViewModel(errors)
  return {
    ...model,
    errorSummary: errors.map((error) => ({
      text: error.message,
      href: `#${anchors[error.field] ?? error.field}`,
    })),
  }
}

export function settingsHomeViewModel() {
  return {
    pageTitle: 'Settings',
    links: [
      {
        href: BANK_HOLIDAYS_PATH,
        text: 'Bank holidays',
        description: 'The dates that are not working days when deadlines are worked out.',
      },
      {
        href: STATUTORY_PERIODS_PATH,
        text: 'Statutory periods',
        description:
          'How many working days or months each statutory step allows, for each edition of the guidance.',
      },
      {
        href: '/manage/settings/agencies',
        text: 'Agencies',
        description:
          'The organisations that take part in the partnership’s reviews, offered wherever an agency is chosen.',
      },
      {
        href: '/manage/settings/themes',
        text: 'Themes',
        description:
          'The themes learning points, recommendations and reviews are tagged with, shared by every partnership.',
      },
      {
        href: '/manage/settings/rapid-review-timetable',
        text: 'Rapid review timetable',
        description:
          'Your partnership’s milestones for a rapid review: letters, agency summaries, the meeting and the partners’ sign-off, in working days.',
      },
      {
        href: '/manage/settings/single-sign-on',
        text: 'Single sign-on',
        description:
          'Let staff sign in with their organisation’s account through an OpenID Connect identity provider.',
      },
      {
        href: '/manage/settings/two-factor',
        text: 'Two-factor authentication',
        description:
          'Require everyone, not only administrators and business unit coordinators, to use an authenticator app when they sign in.',
      },
    ],
  }
}

export interface BankHolidayRow {
  readonly date: string
  readonly title: string
  readonly source: string
}

export type BankHolidayNotice = { kind: 'added'; date: string } | { kind: 'removed'; date: string }

/**
 * The success message after a redirect. Shown only when the list bears it out,
 * so a hand-made address cannot announce a change that did not happen.
 */
function noticeText(
  notice: BankHolidayNotice | null,
  holidays: readonly BankHolidayRow[],
): string | null {
  if (notice === null) return null
  const holiday = holidays.find((row) => row.date === notice.date)
  const date = longDate(notice.date as CalendarDate)
  if (notice.kind === 'added') return holiday ? `${holiday.title} on ${date} added` : null
  return holiday ? null : `Bank holiday on ${date} removed`
}

export function bankHolidaysViewModel(input: {
  holidays: readonly BankHolidayRow[]
  form?: BankHolidayForm
  errors?: readonly FieldError[]
  datePartsInError?: readonly DatePart[]
  notice?: BankHolidayNotice | null
}) {
  const { holidays, errors = [], datePartsInError = [] } = input
  const form = input.form ?? { day: '', month: '', year: '', title: '' }
  const byYear = new Map<number, BankHolidayRow[]>()
  for (const holiday of holidays) {
    const year = calendarYear(holiday.date as CalendarDate)
    byYear.set(year, [...(byYear.get(year) ?? []), holiday])
  }
  // Latest year first: that is where an administrator adds new dates.
  const years = [...byYear.keys()].sort((a, b) => b - a)
  const firstPartInError = DATE_PARTS.find((part) => datePartsInError.includes(part)) ?? 'day'
  return {
    pageTitle: 'Bank holidays',
    firstYear: years.at(-1) ?? null,
    lastYear: years[0] ?? null,
    notice: noticeText(input.notice ?? null, holidays),
    years: years.map((year) => ({
      year,
      holidays: [...(byYear.get(year) ?? [])]
        .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
        .map((holiday) => ({
          date: holiday.date,
          dateText: longDate(holiday.date as CalendarDate),
          title: holiday.title,
          sourceText: BANK_HOLIDAY_SOURCE_NAMES[holiday.source] ?? holiday.source,
          removeHref: `${BANK_HOLIDAYS_PATH}/${holiday.date}/remove`,
        })),
    })),
    form,
    dateItems: DATE_PARTS.map((part) => ({
      name: part,
      value: form[part],
      classes: [
        part === 'year' ? 'govuk-input--width-4' : 'govuk-input--width-2',
        datePartsInError.includes(part) ? 'govuk-input--error' : '',
      ]
        .join(' ')
        .trim(),
    })),
    ...formErrorsViewModel(errors, { date: `date-${firstPartInError}` }),
  }
}

export function removeBankHolidayViewModel(
  holiday: BankHolidayRow,
  errors: readonly FieldError[] = [],
) {
  const dateText = longDate(holiday.date as CalendarDate)
  return {
    pageTitle: `Are you sure you want to remove ${holiday.title} on ${dateText}?`,
    holiday: {
      ...holiday,
      dateText,
      sourceText: BANK_HOLIDAY_SOURCE_NAMES[holiday.source] ?? holiday.source,
    },
    action: `${BANK_HOLIDAYS_PATH}/${holiday.date}/remove`,
    cancelHref: BANK_HOLIDAYS_PATH,
    // The page has no fields: the summary points at the button.
    ...formErrorsViewModel(errors, { date: 'remove' }),
  }
}

function amount(value: number, unit: string): string {
  // Units are written in the plural ("working days", "months").
  return value === 1 ? `1 ${unit.replace(/s$/, '')}` : `${value} ${unit}`
}

export function statutoryPeriodsViewModel(
  all: Readonly<Record<GuidanceEdition, StatutoryPeriods>>,
  updated: GuidanceEdition | null,
) {
  return {
    pageTitle: 'Statutory periods',
    notice:
      updated === null ? null : `Statutory periods for ${GUIDANCE_EDITION_NAMES[updated]} saved`,
    editions: GUIDANCE_EDITIONS.map((edition) => ({
      edition,
      name: GUIDANCE_EDITION_NAMES[edition],
      changeHref: `${STATUTORY_PERIODS_PATH}/${edition}`,
      periods: STATUTORY_PERIOD_KEYS.map((key) => {
        const { label, unit, rule } = STATUTORY_PERIOD_LABELS[key]
        const value = all[edition][key]
        const standard = DEFAULT_STATUTORY_PERIODS[edition][key]
        return {
          key,
          label: `${label} (${rule})`,
          value: amount(value, unit),
          isDefault: value === standard,
          defaultText: amount(standard, unit),
        }
      }),
    })),
  }
}

export function statutoryPeriodsFormViewModel(input: {
  edition: GuidanceEdition
  values: Readonly<Record<StatutoryPeriodKey, string>>
  version: number
  errors?: readonly FieldError[]
}) {
  const { edition, values, version, errors = [] } = input
  return {
    pageTitle: `Statutory periods: ${GUIDANCE_EDITION_NAMES[edition]}`,
    edition,
    editionName: GUIDANCE_EDITION_NAMES[edition],
    action: `${STATUTORY_PERIODS_PATH}/${edition}`,
    cancelHref: STATUTORY_PERIODS_PATH,
    version,
    fields: STATUTORY_PERIOD_KEYS.map((key) => {
      const { label, unit, rule } = STATUTORY_PERIOD_LABELS[key]
      const { min, max } = STATUTORY_PERIOD_BOUNDS[key]
      return {
        key,
        label,
        unit,
        value: values[key],
        hint: `Rule ${rule}. The rules’ value is ${amount(DEFAULT_STATUTORY_PERIODS[edition][key], unit)}. Enter a whole number from ${min} to ${max}.`,
      }
    }),
    ...formErrorsViewModel(errors),
  }
}

/** The form's starting values: the periods in force, as text. */
export function periodValuesAsText(periods: StatutoryPeriods): Record<StatutoryPeriodKey, string> {
  return Object.fromEntries(
    STATUTORY_PERIOD_KEYS.map((key) => [key, String(periods[key])]),
  ) as Record<StatutoryPeriodKey, string>
}
