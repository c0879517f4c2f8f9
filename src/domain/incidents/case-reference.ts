// An incident's case reference, like WSCP-2026-014: the partnership's prefix,
// the year the partnership became aware of the incident, and a number counted
// per partnership per year (issue 8). People say it on the phone and write it
// in letters, so it is short, readable and never changes once given: correcting
// the awareness date later keeps the reference.

/** Words left out of a partnership's initials. */
const MINOR_WORDS = new Set(['and', 'of', 'the', 'for', 'in', '&'])

export const CASE_REFERENCE_PREFIX_MAX_LENGTH = 8

/**
 * A sensible default prefix from the partnership's name: the initials of its
 * words ("Wandsworth Safeguarding Children Partnership" → WSCP), or the first
 * letters of its slug when the name gives fewer than two.
 */
export function defaultCaseReferencePrefix(name: string, slug: string): string {
  const initials = name
    .split(/[\s-]+/)
    .filter((word) => word !== '' && !MINOR_WORDS.has(word.toLowerCase()))
    .map((word) => word.replace(/[^A-Za-z]/g, '').charAt(0))
    .join('')
    .toUpperCase()
    .slice(0, CASE_REFERENCE_PREFIX_MAX_LENGTH)
  if (initials.length >= 2) return initials
  const fromSlug = slug
    .replace(/[^A-Za-z]/g, '')
    .toUpperCase()
    .slice(0, 4)
  return fromSlug.length >= 2 ? fromSlug : 'LSCP'
}

/** WSCP-2026-014: three digits at least, more once a year passes 999 incidents. */
export function formatCaseReference(prefix: string, year: number, sequence: number): string {
  return `${prefix}-${year}-${String(sequence).padStart(3, '0')}`
}

/** The year a case reference counts in: the year the partnership became aware. */
export function caseReferenceYear(awareOn: string): number {
  return Number(awareOn.slice(0, 4))
}
