// A team's record that it used a seven-minute briefing (issue 9), replacing the
// paper form partnerships collect today: which team, of which agency, on which
// day, how many staff took part and what they agreed to do.
import { parseCalendarDate, type CalendarDate } from '../calendar/calendar-date.js'
import type { FieldError } from '../errors.js'

export const TEAM_LIMIT = 200
export const AGREED_LIMIT = 2000
/** A large team or a whole service's briefing session; more is a typing slip. */
export const MOST_STAFF = 500

export interface BriefingUseInput {
  readonly team: unknown
  readonly agencyId: unknown
  /** `YYYY-MM-DD`, '' when not given, other text when not a date. */
  readonly usedOn: unknown
  readonly staffCount: unknown
  readonly agreedActions: unknown
}

export interface BriefingUse {
  readonly team: string
  readonly agencyId: string
  readonly usedOn: CalendarDate
  readonly staffCount: number
  readonly agreedActions: string
}

const textOf = (value: unknown) =>
  typeof value === 'string' ? value.replace(/\r\n?/g, '\n').trim() : ''

/** Checks a use record against the agencies offered and the day it is recorded. */
export function checkBriefingUse(
  input: BriefingUseInput,
  facts: { readonly agencyIds: readonly string[]; readonly today: CalendarDate },
): { value: BriefingUse | null; errors: FieldError[] } {
  const errors: FieldError[] = []
  const team = textOf(input.team)
  if (team === '') errors.push({ field: 'team', message: 'Enter the name of your team' })
  else if (team.length > TEAM_LIMIT) {
    errors.push({ field: 'team', message: 'The team name must be 200 characters or fewer' })
  }
  const agencyId = typeof input.agencyId === 'string' ? input.agencyId : ''
  if (!facts.agencyIds.includes(agencyId)) {
    errors.push({ field: 'agencyId', message: 'Select your team’s agency' })
  }
  const usedOnText = typeof input.usedOn === 'string' ? input.usedOn : 'not-a-date'
  const usedOn = parseCalendarDate(usedOnText)
  if (usedOnText === '') {
    errors.push({ field: 'usedOn', message: 'Enter the date your team used the briefing' })
  } else if (usedOn === null) {
    errors.push({
      field: 'usedOn',
      message: 'The date your team used the briefing must be a real date',
    })
  } else if (usedOn > facts.today) {
    errors.push({
      field: 'usedOn',
      message: 'The date your team used the briefing must be today or in the past',
    })
  }
  const countText = typeof input.staffCount === 'string' ? input.staffCount.trim() : ''
  const staffCount = /^\d{1,6}$/.test(countText) ? Number(countText) : null
  if (countText === '') {
    errors.push({ field: 'staffCount', message: 'Enter the number of staff who took part' })
  } else if (staffCount === null) {
    errors.push({
      field: 'staffCount',
      message: 'The number of staff must be a whole number, like 8',
    })
  } else if (staffCount < 1 || staffCount > MOST_STAFF) {
    errors.push({
      field: 'staffCount',
      message: `The number of staff must be between 1 and ${MOST_STAFF}`,
    })
  }
  const agreedActions = textOf(input.agreedActions)
  if (agreedActions === '') {
    errors.push({ field: 'agreedActions', message: 'Enter what your team agreed to do' })
  } else if (agreedActions.length > AGREED_LIMIT) {
    errors.push({
      field: 'agreedActions',
      message: 'What your team agreed to do must be 2,000 characters or fewer',
    })
  }
  if (errors.length > 0 || usedOn === null || staffCount === null) return { value: null, errors }
  return { value: { team, agencyId, usedOn, staffCount, agreedActions }, errors }
}

export interface UseRecordForTotals {
  readonly briefingId: string
  readonly briefingTitle: string
  readonly agencyId: string
  readonly agencyName: string
  readonly staffCount: number
}

export interface UseTotal {
  readonly key: string
  readonly name: string
  /** Briefing sessions recorded. */
  readonly sessions: number
  /** Staff who took part, over all sessions. */
  readonly staff: number
}

/** Use by briefing and by agency, most staff reached first, then by name. */
export function useTotals(records: readonly UseRecordForTotals[]): {
  byBriefing: UseTotal[]
  byAgency: UseTotal[]
} {
  const total = (keyOf: (r: UseRecordForTotals) => [string, string]) => {
    const totals = new Map<string, { key: string; name: string; sessions: number; staff: number }>()
    for (const record of records) {
      const [key, name] = keyOf(record)
      const entry = totals.get(key) ?? { key, name, sessions: 0, staff: 0 }
      entry.sessions += 1
      entry.staff += record.staffCount
      totals.set(key, entry)
    }
    return [...totals.values()].sort((a, b) => b.staff - a.staff || a.name.localeCompare(b.name))
  }
  return {
    byBriefing: total((r) => [r.briefingId, r.briefingTitle]),
    byAgency: total((r) => [r.agencyId, r.agencyName]),
  }
}
