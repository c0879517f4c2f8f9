// The partnership's list of agencies (issue 8): the organisations that take
// part in its reviews — children's social care, the police, GP practices and
// hospitals, schools, probation, housing, the voluntary sector. Administrators
// keep it; chronologies, information requests and actions choose from it
// instead of typing a name, so one agency is never two spellings.
//
// An agency's kind matters for the rapid review's sign-off (S8): the three
// statutory partners are the local authority, the police and health (the
// integrated care board). The other kinds are listed for reporting and choice.
import type { FieldError } from '../errors.js'

export const AGENCY_KINDS = [
  'local-authority',
  'police',
  'health',
  'education',
  'probation',
  'housing',
  'voluntary',
  'other',
] as const

export type AgencyKind = (typeof AGENCY_KINDS)[number]

export const AGENCY_KIND_LABELS: Record<AgencyKind, string> = {
  'local-authority': 'Local authority (children’s social care, early help)',
  police: 'Police',
  health: 'Health (GP practices, hospitals, health visiting, the integrated care board)',
  education: 'Schools, colleges and early years',
  probation: 'Probation and youth justice',
  housing: 'Housing',
  voluntary: 'Voluntary and community sector',
  other: 'Other',
}

export function isAgencyKind(value: unknown): value is AgencyKind {
  return typeof value === 'string' && (AGENCY_KINDS as readonly string[]).includes(value)
}

/** The label of a stored kind; kinds from before this list read as themselves. */
export function agencyKindLabel(kind: string): string {
  return isAgencyKind(kind) ? AGENCY_KIND_LABELS[kind] : kind
}

export const AGENCY_NAME_MAX_LENGTH = 200
export const RETIREMENT_REASON_MAX_LENGTH = 500

export interface AgencyInput {
  readonly name: string
  readonly kind: AgencyKind
}

/** Compares names as people read them: case, spacing and apostrophes aside. */
export function sameAgencyName(a: string, b: string): boolean {
  const normal = (name: string) =>
    name.normalize('NFKC').replace(/[‘’]/g, "'").replace(/\s+/g, ' ').trim().toLowerCase()
  return normal(a) === normal(b)
}

/**
 * Checks a new or changed agency against the partnership's others
 * (`otherNames`: every agency's name but this one's, retired ones included,
 * since a retired name still appears on old records).
 */
export function checkAgency(
  form: { name: unknown; kind: unknown },
  otherNames: readonly string[],
): { value: AgencyInput | null; errors: FieldError[] } {
  const errors: FieldError[] = []
  const name = typeof form.name === 'string' ? form.name.replace(/\s+/g, ' ').trim() : ''
  if (name === '') {
    errors.push({ field: 'name', message: 'Enter the agency’s name' })
  } else if (name.length > AGENCY_NAME_MAX_LENGTH) {
    errors.push({
      field: 'name',
      message: `The agency’s name must be ${AGENCY_NAME_MAX_LENGTH} characters or fewer`,
    })
    // eslint-disable-next-line no-control-regex -- control characters are what it refuses
  } else if (/[\u0000-\u001f\u007f]/.test(name)) {
    errors.push({ field: 'name', message: 'The agency’s name must be plain text on one line' })
  } else if (otherNames.some((other) => sameAgencyName(other, name))) {
    errors.push({
      field: 'name',
      message: `The partnership already has an agency called ${name}`,
    })
  }
  if (!isAgencyKind(form.kind)) {
    errors.push({ field: 'kind', message: 'Select what kind of agency it is' })
  }
  if (errors.length > 0 || !isAgencyKind(form.kind)) return { value: null, errors }
  return { value: { name, kind: form.kind }, errors }
}

/** Why an agency is retired: required, so the list explains itself later. */
export function checkRetirementReason(reason: unknown): {
  value: string | null
  errors: FieldError[]
} {
  const text = typeof reason === 'string' ? reason.trim() : ''
  if (text === '') {
    return {
      value: null,
      errors: [{ field: 'reason', message: 'Enter why the agency is retired' }],
    }
  }
  if (text.length > RETIREMENT_REASON_MAX_LENGTH) {
    return {
      value: null,
      errors: [
        {
          field: 'reason',
          message: `The reason must be ${RETIREMENT_REASON_MAX_LENGTH} characters or fewer`,
        },
      ],
    }
  }
  return { value: text, errors: [] }
}
