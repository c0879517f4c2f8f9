// A new partnership in the deployment (issue 12), as its deployment
// administrator gives it: its name, the short name in its public addresses
// (/p/:slug), the three statutory partners' agencies (the local authority, the
// police and health sign its rapid reviews off, S8) and its first administrator,
// who adds the rest of its agencies and people. The same rules for the form at
// /manage/partnerships/new and for `npm run cli -- create-partnership`.
import type { FieldError } from '../errors.js'
import { AGENCY_NAME_MAX_LENGTH, sameAgencyName } from '../agencies/agency-list.js'

export const PARTNERSHIP_SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,58}[a-z0-9])?$/
export const NEW_PARTNERSHIP_NAME_MAX_LENGTH = 120

/** Slugs the public site's own addresses would clash with, or that read as the service's. */
const RESERVED_SLUGS = new Set(['manage', 'api', 'assets', 'reviews', 'search', 'sign-in', 'p'])

const EMAIL_PATTERN = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/

export interface NewPartnershipForm {
  readonly name?: unknown
  readonly slug?: unknown
  readonly localAuthority?: unknown
  readonly police?: unknown
  readonly health?: unknown
  readonly administratorEmail?: unknown
  readonly administratorName?: unknown
}

export interface NewPartnership {
  readonly name: string
  readonly slug: string
  /** The three statutory partners' agencies, in that order. */
  readonly agencies: readonly { name: string; kind: 'local-authority' | 'police' | 'health' }[]
  readonly administrator: { email: string; displayName: string }
}

function oneLine(value: unknown): string {
  return typeof value === 'string' ? value.replace(/\s+/g, ' ').trim() : ''
}

// eslint-disable-next-line no-control-regex -- control characters are what it refuses
const CONTROL = /[\u0000-\u001f\u007f]/

function checkName(
  value: unknown,
  field: string,
  label: string,
  max: number,
  errors: FieldError[],
): string {
  const raw = typeof value === 'string' ? value : ''
  const text = oneLine(raw)
  if (text === '') errors.push({ field, message: `Enter ${label}` })
  else if (text.length > max)
    errors.push({ field, message: `${capitalise(label)} must be ${max} characters or fewer` })
  else if (CONTROL.test(raw.replace(/[\r\n\t]/g, ' ')))
    errors.push({ field, message: `${capitalise(label)} must be plain text on one line` })
  return text
}

function capitalise(text: string): string {
  return text.replace(/^the /, 'The ')
}

/** Checks the form; `takenSlugs` are the slugs partnerships already have. */
export function checkNewPartnership(
  form: NewPartnershipForm,
  takenSlugs: readonly string[],
): { value: NewPartnership | null; errors: FieldError[] } {
  const errors: FieldError[] = []
  const name = checkName(
    form.name,
    'name',
    'the partnership’s name',
    NEW_PARTNERSHIP_NAME_MAX_LENGTH,
    errors,
  )
  const slug = typeof form.slug === 'string' ? form.slug.trim().toLowerCase() : ''
  if (slug === '') {
    errors.push({ field: 'slug', message: 'Enter the short name used in the public addresses' })
  } else if (!PARTNERSHIP_SLUG_PATTERN.test(slug)) {
    errors.push({
      field: 'slug',
      message:
        'The short name must be 1 to 60 lower-case letters, digits and hyphens, like north-yorkshire, not starting or ending with a hyphen',
    })
  } else if (RESERVED_SLUGS.has(slug)) {
    errors.push({
      field: 'slug',
      message: `“${slug}” is used by the service itself: choose another`,
    })
  } else if (takenSlugs.includes(slug)) {
    errors.push({ field: 'slug', message: `A partnership already has the short name “${slug}”` })
  }
  const agencyFields = [
    ['localAuthority', 'the local authority’s agency', 'local-authority'],
    ['police', 'the police force', 'police'],
    ['health', 'the health agency (the integrated care board)', 'health'],
  ] as const
  const agencies: { name: string; kind: 'local-authority' | 'police' | 'health' }[] = []
  for (const [field, label, kind] of agencyFields) {
    const agencyName = checkName(form[field], field, label, AGENCY_NAME_MAX_LENGTH, errors)
    if (agencyName === '' || errors.some((error) => error.field === field)) continue
    if (agencies.some((other) => sameAgencyName(other.name, agencyName))) {
      errors.push({
        field,
        message: `Each statutory partner is its own agency: ${agencyName} is named twice`,
      })
      continue
    }
    agencies.push({ name: agencyName, kind })
  }
  const email =
    typeof form.administratorEmail === 'string' ? form.administratorEmail.trim().toLowerCase() : ''
  if (email === '') {
    errors.push({
      field: 'administratorEmail',
      message: 'Enter the first administrator’s email address',
    })
  } else if (!EMAIL_PATTERN.test(email) || email.length > 254) {
    errors.push({
      field: 'administratorEmail',
      message: 'Enter an email address in the correct format, like name@example.org',
    })
  }
  const displayName = checkName(
    form.administratorName,
    'administratorName',
    'the first administrator’s name',
    120,
    errors,
  )
  if (errors.length > 0) return { value: null, errors }
  return { value: { name, slug, agencies, administrator: { email, displayName } }, errors }
}
