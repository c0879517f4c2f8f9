// Dates of an incident that must come in order (issue 8): the incident happens
// on or before the day the local authority becomes aware of it, and nobody can
// be notified before anyone knew. Messages name both dates, so the person sees
// which one to fix: "The date the Panel was notified must be on or after the
// date the local authority became aware (3 December 2026)".
import { compareDates, type CalendarDate } from '../calendar/calendar-date.js'
import type { FieldError } from '../errors.js'
import { writtenDate } from '../calendar/written-date.js'

/** 3 December 2026, as GOV.UK writes dates (one formatter for every domain message). */
export function longDate(date: CalendarDate): string {
  return writtenDate(date)
}

export const NOTIFICATION_DATES = [
  ['panelNotifiedOn', 'the date the Panel was notified'],
  ['ofstedNotifiedOn', 'the date Ofsted was notified'],
  ['partnersNotifiedOn', 'the date the safeguarding partners were told'],
  ['secretaryOfStateNotifiedOn', 'the date the Secretary of State and Ofsted were notified'],
] as const

export type NotificationDateField = (typeof NOTIFICATION_DATES)[number][0]

const sentence = (phrase: string) => phrase.charAt(0).toUpperCase() + phrase.slice(1)

/** The incident date on or before the awareness date; the error goes on the awareness date. */
export function checkAwareAfterIncident(
  incidentOn: CalendarDate,
  awareOn: CalendarDate,
  errors: FieldError[],
): void {
  if (compareDates(awareOn, incidentOn) < 0) {
    errors.push({
      field: 'awareOn',
      message: `The date the local authority became aware must be on or after the date of the incident (${longDate(incidentOn)})`,
    })
  }
}

/** Each notification date given must be on or after the awareness date. */
export function checkNotifiedAfterAware(
  awareOn: CalendarDate,
  dates: Partial<Record<NotificationDateField, CalendarDate | null>>,
  errors: FieldError[],
): void {
  for (const [field, phrase] of NOTIFICATION_DATES) {
    const date = dates[field]
    if (date && compareDates(date, awareOn) < 0) {
      errors.push({
        field,
        message: `${sentence(phrase)} must be on or after the date the local authority became aware (${longDate(awareOn)})`,
      })
    }
  }
}

/**
 * A corrected awareness date must stay on or before every notification date
 * already recorded; the error goes on the awareness date and names the other.
 */
export function checkAwareBeforeNotifications(
  awareOn: CalendarDate,
  recorded: Partial<Record<NotificationDateField, CalendarDate | null>>,
  errors: FieldError[],
): void {
  for (const [field, phrase] of NOTIFICATION_DATES) {
    const date = recorded[field]
    if (date && compareDates(awareOn, date) > 0) {
      errors.push({
        field: 'awareOn',
        message: `The date the local authority became aware must be on or before ${phrase} (${longDate(date)})`,
      })
      return
    }
  }
}
