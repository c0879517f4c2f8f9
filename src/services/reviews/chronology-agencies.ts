// A chronology entry names an agency from the list its partnerships'
// administrators keep (issue 8), not free text: the same agency is then one
// agency in the filter, the import and the actions, however it was typed.
// Forms and CSV files both give the agency's name; it is matched here against
// the lead and participating partnerships' agencies that are not retired.
import type { Db } from '../../data/db.js'
import {
  listAgencyEntries,
  type AgencyListEntry,
} from '../../data/repositories/agencies/agency-repository.js'
import { sameAgencyName } from '../../domain/agencies/agency-list.js'
import type { FieldError } from '../../domain/errors.js'

/** The agencies a review's chronology may name: its partnerships', retired ones left out. */
export async function chronologyAgencies(
  db: Db,
  review: {
    readonly leadPartnership: { readonly id: string }
    readonly participatingPartnerships: readonly { readonly id: string }[]
  },
  keep?: { agencyId: string | null },
): Promise<AgencyListEntry[]> {
  const partnershipIds = [
    review.leadPartnership.id,
    ...review.participatingPartnerships.map((partnership) => partnership.id),
  ]
  const all = await listAgencyEntries(db, partnershipIds)
  // The lead partnership's agency first where two partnerships use one name.
  const lead = (agency: AgencyListEntry) =>
    agency.partnershipId === review.leadPartnership.id ? 0 : 1
  return all
    .filter((agency) => agency.retiredOn === null || agency.id === keep?.agencyId)
    .sort((a, b) => lead(a) - lead(b) || a.name.localeCompare(b.name, 'en-GB'))
}

/** The list's agency of this name, or null. */
export function agencyNamed(
  agencies: readonly AgencyListEntry[],
  name: string,
): AgencyListEntry | null {
  return agencies.find((agency) => sameAgencyName(agency.name, name)) ?? null
}

/**
 * The form's agency: chosen from the list. An entry being corrected may keep
 * its agency even if the list has since retired it (`keep`).
 */
export function readListedAgency(
  errors: FieldError[],
  agencies: readonly AgencyListEntry[],
  value: string | null | undefined,
): AgencyListEntry | null {
  const name = typeof value === 'string' ? value.trim() : ''
  if (name === '') {
    errors.push({ field: 'agency', message: 'Select the agency' })
    return null
  }
  const agency = agencyNamed(agencies, name)
  if (!agency) {
    errors.push({
      field: 'agency',
      message:
        'Select an agency from the list. An administrator adds agencies in Settings, under Agencies',
    })
  }
  return agency
}

/**
 * The names in an imported file that are not on the list, each with the
 * first line it is on, as the import's error messages.
 */
export function unlistedAgencyProblems(
  agencies: readonly AgencyListEntry[],
  rows: readonly { agency: string; line: number }[],
  limit: number,
): { messages: string[]; more: number } {
  const firstLine = new Map<string, { name: string; line: number; count: number }>()
  for (const row of rows) {
    if (agencyNamed(agencies, row.agency)) continue
    const key = row.agency.toLowerCase()
    const seen = firstLine.get(key)
    if (seen) seen.count += 1
    else firstLine.set(key, { name: row.agency, line: row.line, count: 1 })
  }
  const unlisted = [...firstLine.values()].sort((a, b) => a.line - b.line)
  const messages = unlisted.slice(0, limit).map((entry) => {
    const others = entry.count > 1 ? ` (and ${entry.count - 1} more rows)` : ''
    return `Line ${entry.line}${others}: “${entry.name}” is not on the list of agencies for this review. Use the agency’s name as it is on the list, or ask an administrator to add it in Settings, under Agencies`
  })
  return { messages, more: Math.max(0, unlisted.length - limit) }
}
