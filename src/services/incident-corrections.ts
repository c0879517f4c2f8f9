// Correcting a recorded incident (issue 8): each "Change" link on the incident
// page opens one part of the record; the service merges the part into what is
// stored and checks the whole incident again with the rules it was recorded
// under, so a correction can never leave a record the form would have refused.
import { createHash } from 'node:crypto'
import type {
  ChildIdentityRecord,
  IncidentRecord,
} from '../data/repositories/incident-repository.js'
import {
  MAX_CHILDREN_PER_INCIDENT,
  childField,
  type IncidentChildInput,
  type IncidentInput,
} from '../domain/incidents/incident-validation.js'
import { ABUSE_OR_NEGLECT_NAMES, HARM_NAMES } from '../domain/incidents/serious-case-criteria.js'
import { GUIDANCE_EDITION_NAMES } from '../domain/statutory/periods.js'
import { labelledValues, type ConflictField, type SavedVersion } from './edit-conflicts.js'

/** The parts of an incident its page offers to change, each behind one "Change" link. */
export const INCIDENT_CORRECTION_PARTS = [
  'dates',
  'abuse-or-neglect',
  'harm',
  'flags',
  'guidance',
  'place',
  'description',
  'authorities',
  'notifier',
  ...Array.from({ length: MAX_CHILDREN_PER_INCIDENT }, (_, i) => `child-${i + 1}` as const),
] as const
export type IncidentCorrectionPart = (typeof INCIDENT_CORRECTION_PARTS)[number]

export function isIncidentCorrectionPart(value: unknown): value is IncidentCorrectionPart {
  return (
    typeof value === 'string' && (INCIDENT_CORRECTION_PARTS as readonly string[]).includes(value)
  )
}

/** The child a 'child-N' part changes, or null. */
export function childPositionOf(part: IncidentCorrectionPart): number | null {
  const match = /^child-(\d)$/.exec(part)
  return match ? Number(match[1]) : null
}

const yesNo = { yes: 'Yes', no: 'No' }

/** The fields of each part, as its form names them and the conflict page labels them. */
export function correctionFields(part: IncidentCorrectionPart): readonly ConflictField[] {
  switch (part) {
    case 'dates':
      return [
        { name: 'incidentOn', label: 'Date of the incident', kind: 'date' },
        { name: 'awareOn', label: 'Date the local authority became aware', kind: 'date' },
      ]
    case 'abuse-or-neglect':
      return [
        {
          name: 'abuseOrNeglect',
          label: 'Abuse or neglect',
          kind: 'choice',
          options: ABUSE_OR_NEGLECT_NAMES,
        },
      ]
    case 'harm':
      return [{ name: 'harm', label: 'Harm', kind: 'choice', options: HARM_NAMES }]
    case 'flags':
      return [
        { name: 'lookedAfter', label: 'Looked after', kind: 'choice', options: yesNo },
        { name: 'careLeaver', label: 'Care leaver', kind: 'choice', options: yesNo },
      ]
    case 'guidance':
      return [
        {
          name: 'guidanceEdition',
          label: 'Guidance',
          kind: 'choice',
          options: GUIDANCE_EDITION_NAMES,
        },
      ]
    case 'place':
      return [{ name: 'place', label: 'Place of the incident' }]
    case 'description':
      return [{ name: 'description', label: 'What happened' }]
    case 'authorities':
      return [
        { name: 'notifyingAuthority', label: 'Notifying local authority' },
        { name: 'homeAuthority', label: 'Child’s home local authority' },
      ]
    case 'notifier':
      return [
        { name: 'notifierName', label: 'Notifier’s name' },
        { name: 'notifierEmail', label: 'Notifier’s email address' },
        { name: 'notifierPhone', label: 'Notifier’s telephone number' },
      ]
    default: {
      const position = childPositionOf(part) ?? 1
      // The conflict page never shows restricted identity fields.
      return [
        { name: childField(position, 'pseudonym'), label: 'Pseudonym' },
        { name: childField(position, 'ageYears'), label: 'Age at the incident' },
      ]
    }
  }
}

/** The part's values as stored, in the form's terms, for the conflict page's "saved now". */
export function correctionSavedVersion(
  part: IncidentCorrectionPart,
  record: IncidentRecord,
): SavedVersion {
  const input = storedIncidentInput(record, [])
  const values: Record<string, string> = {}
  for (const field of correctionFields(part)) {
    const position = /^child(\d)/.exec(field.name)?.[1]
    if (position) {
      const child = input.children[Number(position) - 1]
      const detail = field.name.endsWith('Pseudonym') ? 'pseudonym' : 'ageYears'
      values[field.name] = asText(child?.[detail])
    } else {
      values[field.name] = asText((input as unknown as Record<string, unknown>)[field.name])
    }
  }
  return labelledValues(correctionFields(part), values)
}

const text = (value: string | null | undefined): string => value ?? ''
const asText = (value: unknown): string =>
  typeof value === 'string' || typeof value === 'number' ? String(value) : ''

/** The stored incident as the form would have posted it, restricted fields included when given. */
export function storedIncidentInput(
  record: IncidentRecord,
  identities: readonly ChildIdentityRecord[],
): IncidentInput & { children: IncidentChildInput[] } {
  return {
    guidanceEdition: record.guidanceEdition,
    abuseOrNeglect: record.abuseOrNeglect,
    harm: record.harm,
    incidentOn: record.incidentOn,
    awareOn: record.awareOn,
    place: text(record.place),
    description: text(record.description),
    notifyingAuthority: text(record.notifyingAuthority),
    homeAuthority: text(record.homeAuthority),
    lookedAfter: record.lookedAfter ? 'yes' : 'no',
    careLeaver: record.careLeaver ? 'yes' : 'no',
    notifierName: text(record.notifierName),
    notifierEmail: text(record.notifierEmail),
    notifierPhone: text(record.notifierPhone),
    children: record.children.map((child) => {
      const identity = identities.find((candidate) => candidate.position === child.position)
      return {
        pseudonym: child.pseudonym,
        ageYears: child.ageYears === null ? '' : String(child.ageYears),
        healthInformation: text(child.healthInformation),
        name: text(identity?.name),
        dateOfBirth: text(identity?.dateOfBirth),
        address: text(identity?.address),
        localAuthorityReference: text(identity?.localAuthorityReference),
        nhsNumber: text(identity?.nhsNumber),
      }
    }),
  }
}

/**
 * A fingerprint of one part's stored values (a child's part includes its
 * restricted fields, hashed, never shown): the change form carries it, and a
 * save after someone else changed the incident goes ahead when this part is
 * as the form found it (issue 8: conflicts per part, not per record).
 */
export function correctionPartVersion(
  part: IncidentCorrectionPart,
  stored: IncidentInput & { children: IncidentChildInput[] },
): string {
  const position = childPositionOf(part)
  const values =
    position !== null
      ? (stored.children[position - 1] ?? null)
      : correctionFields(part).map(
          (field) => (stored as unknown as Record<string, unknown>)[field.name] ?? '',
        )
  return createHash('sha256').update(JSON.stringify(values)).digest('base64url').slice(0, 22)
}

/** What a correction form posted: field name → value (dates as YYYY-MM-DD). */
export type CorrectionInput = Readonly<Record<string, unknown>>

/**
 * The stored incident with one part replaced by what was posted. A child's
 * restricted identity fields and health information are taken from the form
 * only when `identityShown` (the person gave a reason to see them, issue 4);
 * otherwise they stay as stored, unseen.
 */
export function mergeCorrection(
  stored: IncidentInput & { children: IncidentChildInput[] },
  part: IncidentCorrectionPart,
  input: CorrectionInput,
  identityShown: boolean,
): IncidentInput {
  const position = childPositionOf(part)
  if (position !== null) {
    const children = [...stored.children]
    const current = children[position - 1] ?? {}
    const posted = (detail: keyof IncidentChildInput) => input[childField(position, detail)]
    children[position - 1] = {
      ...current,
      pseudonym: posted('pseudonym'),
      ageYears: posted('ageYears'),
      ...(identityShown
        ? {
            healthInformation: posted('healthInformation'),
            name: posted('name'),
            dateOfBirth: posted('dateOfBirth'),
            address: posted('address'),
            localAuthorityReference: posted('localAuthorityReference'),
            nhsNumber: posted('nhsNumber'),
          }
        : {}),
    }
    return { ...stored, children }
  }
  const merged: Record<string, unknown> = { ...stored }
  for (const field of correctionFields(part)) merged[field.name] = input[field.name]
  return merged as unknown as IncidentInput
}
