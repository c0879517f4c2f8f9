// What a recorded incident must hold before it is stored, checked in one place
// for the form and the API alike.
//
// S5: the Panel's form takes one notification per incident with up to 4 children,
// and can be made before a child is named. So each child needs a pseudonym (the
// name used everywhere in the product, e.g. "Child B") and may have restricted
// identity fields: name, date of birth, address, local authority reference,
// NHS number. Those are kept apart from everything else and never leave the
// incident page, the notification pack and its PDF.
import { compareDates, type CalendarDate } from '../calendar/calendar-date.js'
import type { FieldError } from '../errors.js'
import { compactNhsNumber, isValidNhsNumber } from '../redaction/nhs-number.js'
import { checkAwareAfterIncident } from './date-order.js'
import { checkDate, checkOption, checkText, checkYesNo } from './field-rules.js'
import {
  ABUSE_OR_NEGLECT,
  CARE_LEAVER_NOTIFICATION_MAX_AGE,
  HARM,
  INCIDENT_GUIDANCE_EDITIONS,
  type AbuseOrNeglect,
  type Harm,
  type IncidentGuidanceEdition,
} from './serious-case-criteria.js'

/** S5: the Panel's form takes up to 4 children per incident. */
export const MAX_CHILDREN_PER_INCIDENT = 4
export const PSEUDONYM_MAX_LENGTH = 100
export const MAX_AGE_IN_YEARS = CARE_LEAVER_NOTIFICATION_MAX_AGE

export const TEXT_LIMITS = {
  place: 200,
  description: 5000,
  authority: 100,
  notifierName: 120,
  notifierEmail: 254,
  notifierPhone: 30,
  childName: 200,
  childAddress: 500,
  localAuthorityReference: 50,
  // A guard on what is read: anything shorter that is not ten digits is told so.
  nhsNumber: 50,
  healthInformation: 2000,
} as const

/** The restricted identity fields of a child, in the order forms show them. */
export const RESTRICTED_IDENTITY_FIELDS = [
  'name',
  'dateOfBirth',
  'address',
  'localAuthorityReference',
  'nhsNumber',
] as const
export type RestrictedIdentityField = (typeof RESTRICTED_IDENTITY_FIELDS)[number]

export const RESTRICTED_IDENTITY_FIELD_NAMES: Record<RestrictedIdentityField, string> = {
  name: 'Name',
  dateOfBirth: 'Date of birth',
  address: 'Address',
  localAuthorityReference: 'Local authority reference',
  nhsNumber: 'NHS number',
}

/** Pseudonyms are names like "Child B" or "Baby Eliza": letters, digits and a little punctuation. */
const PSEUDONYM_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N} .'’-]*$/u
const EMAIL_PATTERN = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/
const PHONE_PATTERN = /^\+?[0-9 ()-]{6,30}$/

/** One child as typed: every field text, '' when left empty. */
export interface IncidentChildInput {
  readonly pseudonym?: unknown
  readonly ageYears?: unknown
  readonly healthInformation?: unknown
  readonly name?: unknown
  readonly dateOfBirth?: unknown
  readonly address?: unknown
  readonly localAuthorityReference?: unknown
  /** Ten digits, with or without spaces or hyphens: "943 476 5919". */
  readonly nhsNumber?: unknown
}

export interface IncidentInput {
  readonly guidanceEdition?: unknown
  readonly abuseOrNeglect?: unknown
  readonly harm?: unknown
  readonly incidentOn?: unknown
  readonly awareOn?: unknown
  readonly place?: unknown
  readonly description?: unknown
  readonly notifyingAuthority?: unknown
  readonly homeAuthority?: unknown
  readonly lookedAfter?: unknown
  readonly careLeaver?: unknown
  readonly notifierName?: unknown
  readonly notifierEmail?: unknown
  readonly notifierPhone?: unknown
  /** In form order; empty trailing children (all fields blank) are ignored. */
  readonly children: readonly IncidentChildInput[]
}

export interface RestrictedIdentity {
  readonly name: string | null
  readonly dateOfBirth: CalendarDate | null
  readonly address: string | null
  readonly localAuthorityReference: string | null
  /** Ten digits, no spaces, passing the modulus 11 check. */
  readonly nhsNumber: string | null
}

export interface ValidIncidentChild {
  /** 1–4, the child's place on the Panel's form. */
  readonly position: number
  readonly pseudonym: string
  readonly ageYears: number | null
  readonly healthInformation: string | null
  readonly identity: RestrictedIdentity
}

export interface ValidIncident {
  readonly guidanceEdition: IncidentGuidanceEdition
  readonly abuseOrNeglect: AbuseOrNeglect
  readonly harm: Harm
  readonly incidentOn: CalendarDate
  readonly awareOn: CalendarDate
  readonly place: string | null
  readonly description: string | null
  readonly notifyingAuthority: string | null
  readonly homeAuthority: string | null
  readonly lookedAfter: boolean
  readonly careLeaver: boolean
  readonly notifierName: string | null
  readonly notifierEmail: string | null
  readonly notifierPhone: string | null
  readonly children: readonly ValidIncidentChild[]
}

export type Validated<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly errors: FieldError[] }

/** The form field of a child's detail: child1Pseudonym, child2DateOfBirth… */
export function childField(position: number, detail: keyof IncidentChildInput): string {
  return `child${position}${detail.charAt(0).toUpperCase()}${detail.slice(1)}`
}

const ORDINALS = ['first', 'second', 'third', 'fourth']

function childLabel(position: number): string {
  return position === 1 ? 'The child’s' : `The ${ORDINALS[position - 1] ?? ''} child’s`
}

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '')
}

function isEmptyChild(child: IncidentChildInput): boolean {
  return (
    isBlank(child.pseudonym) &&
    isBlank(child.ageYears) &&
    isBlank(child.healthInformation) &&
    isBlank(child.name) &&
    isBlank(child.dateOfBirth) &&
    isBlank(child.address) &&
    isBlank(child.localAuthorityReference) &&
    isBlank(child.nhsNumber)
  )
}

/** Whole years from a birth date to a later date. */
export function ageOn(dateOfBirth: CalendarDate, on: CalendarDate): number {
  const years = Number(on.slice(0, 4)) - Number(dateOfBirth.slice(0, 4))
  return on.slice(5) < dateOfBirth.slice(5) ? years - 1 : years
}

const nullIfEmpty = (text: string | null): string | null => (text === '' ? null : text)

/** Checks a new or corrected incident against S1–S5 and the form's rules. */
export function validateIncident(
  input: IncidentInput,
  today: CalendarDate,
): Validated<ValidIncident> {
  const errors: FieldError[] = []

  const guidanceEdition = checkOption(
    input.guidanceEdition,
    INCIDENT_GUIDANCE_EDITIONS,
    'guidanceEdition',
    'Select the edition of Working Together the incident falls under',
    errors,
  )
  const abuseOrNeglect = checkOption(
    input.abuseOrNeglect,
    ABUSE_OR_NEGLECT,
    'abuseOrNeglect',
    'Select whether abuse or neglect is known, suspected or neither',
    errors,
  )
  const harm = checkOption(
    input.harm,
    HARM,
    'harm',
    'Select whether the child died or was seriously harmed',
    errors,
  )

  const incidentOn = checkDate(
    input.incidentOn,
    {
      field: 'incidentOn',
      label: 'Date of the incident',
      requiredMessage: 'Enter the date of the incident',
      notAfter: today,
    },
    errors,
  )
  const awareOn = checkDate(
    input.awareOn,
    {
      field: 'awareOn',
      label: 'Date the local authority became aware',
      requiredMessage: 'Enter the date the local authority became aware of the incident',
      notAfter: today,
    },
    errors,
  )
  if (incidentOn && awareOn) checkAwareAfterIncident(incidentOn, awareOn, errors)

  const place = checkText(
    input.place,
    { field: 'place', label: 'Place of the incident', max: TEXT_LIMITS.place },
    errors,
  )
  const description = checkText(
    input.description,
    {
      field: 'description',
      label: 'What happened',
      max: TEXT_LIMITS.description,
      multiline: true,
    },
    errors,
  )
  const notifyingAuthority = checkText(
    input.notifyingAuthority,
    {
      field: 'notifyingAuthority',
      label: 'Notifying local authority',
      max: TEXT_LIMITS.authority,
    },
    errors,
  )
  const homeAuthority = checkText(
    input.homeAuthority,
    { field: 'homeAuthority', label: 'Child’s home local authority', max: TEXT_LIMITS.authority },
    errors,
  )
  const lookedAfter = checkYesNo(
    input.lookedAfter,
    'lookedAfter',
    'Select yes if a child was looked after by a local authority',
    errors,
  )
  const careLeaver = checkYesNo(
    input.careLeaver,
    'careLeaver',
    'Select yes if the person was a care leaver',
    errors,
  )
  const notifierName = checkText(
    input.notifierName,
    { field: 'notifierName', label: 'Notifier’s name', max: TEXT_LIMITS.notifierName },
    errors,
  )
  const notifierEmail = checkText(
    input.notifierEmail,
    { field: 'notifierEmail', label: 'Notifier’s email address', max: TEXT_LIMITS.notifierEmail },
    errors,
  )
  if (notifierEmail && !EMAIL_PATTERN.test(notifierEmail)) {
    errors.push({
      field: 'notifierEmail',
      message: 'Enter an email address in the correct format, like name@example.org',
    })
  }
  const notifierPhone = checkText(
    input.notifierPhone,
    {
      field: 'notifierPhone',
      label: 'Notifier’s telephone number',
      max: TEXT_LIMITS.notifierPhone,
    },
    errors,
  )
  if (notifierPhone && !PHONE_PATTERN.test(notifierPhone)) {
    errors.push({
      field: 'notifierPhone',
      message: 'Enter a telephone number, like 020 7946 0000',
    })
  }

  const children = validateChildren(input.children, incidentOn ?? null, today, errors)

  // WT2023: a care leaver's death is notified up to and including age 24, so the
  // age decides whether the duty applies.
  if (
    careLeaver === true &&
    harm === 'died' &&
    guidanceEdition === 'WT2023' &&
    children.length > 0 &&
    children.every((child) => child.ageYears === null)
  ) {
    errors.push({
      field: childField(1, 'ageYears'),
      message: `Enter the care leaver’s age: deaths of care leavers are notified up to and including age ${CARE_LEAVER_NOTIFICATION_MAX_AGE}`,
    })
  }

  if (
    errors.length > 0 ||
    guidanceEdition === null ||
    abuseOrNeglect === null ||
    harm === null ||
    !incidentOn ||
    !awareOn ||
    place === null ||
    description === null ||
    notifyingAuthority === null ||
    homeAuthority === null ||
    lookedAfter === null ||
    careLeaver === null ||
    notifierName === null ||
    notifierEmail === null ||
    notifierPhone === null
  ) {
    return { ok: false, errors }
  }
  return {
    ok: true,
    value: {
      guidanceEdition,
      abuseOrNeglect,
      harm,
      incidentOn,
      awareOn,
      place: nullIfEmpty(place),
      description: nullIfEmpty(description),
      notifyingAuthority: nullIfEmpty(notifyingAuthority),
      homeAuthority: nullIfEmpty(homeAuthority),
      lookedAfter,
      careLeaver,
      notifierName: nullIfEmpty(notifierName),
      notifierEmail: nullIfEmpty(notifierEmail),
      notifierPhone: nullIfEmpty(notifierPhone),
      children,
    },
  }
}

function validateChildren(
  inputs: readonly IncidentChildInput[],
  incidentOn: CalendarDate | null,
  today: CalendarDate,
  errors: FieldError[],
): ValidIncidentChild[] {
  if (inputs.length > MAX_CHILDREN_PER_INCIDENT) {
    errors.push({
      field: 'children',
      message: `An incident can have up to ${MAX_CHILDREN_PER_INCIDENT} children (the Panel’s form takes up to ${MAX_CHILDREN_PER_INCIDENT})`,
    })
    return []
  }
  const children: ValidIncidentChild[] = []
  const seen = new Set<string>()
  const seenNhsNumbers = new Set<string>()
  inputs.forEach((input, index) => {
    const position = index + 1
    // The first child is always needed; later ones only when something was typed.
    if (position > 1 && isEmptyChild(input)) return
    const before = errors.length
    const whose = childLabel(position)
    const field = (detail: keyof IncidentChildInput) => childField(position, detail)

    const pseudonym = checkText(
      input.pseudonym,
      {
        field: field('pseudonym'),
        label: `${whose} pseudonym`,
        max: PSEUDONYM_MAX_LENGTH,
        requiredMessage:
          position === 1
            ? 'Enter a pseudonym for the child, like Child B'
            : `Enter a pseudonym for the ${ORDINALS[index] ?? ''} child, like Child C, or leave all of that child’s fields empty`,
      },
      errors,
    )
    if (pseudonym && !PSEUDONYM_PATTERN.test(pseudonym)) {
      errors.push({
        field: field('pseudonym'),
        message: `${whose} pseudonym must only include letters, numbers, spaces, hyphens, apostrophes and full stops`,
      })
    } else if (pseudonym && seen.has(pseudonym.toLowerCase())) {
      errors.push({
        field: field('pseudonym'),
        message: `${whose} pseudonym is already used for another child in this incident`,
      })
    }
    if (pseudonym) seen.add(pseudonym.toLowerCase())

    let ageYears: number | null = null
    if (!isBlank(input.ageYears)) {
      const text = typeof input.ageYears === 'number' ? String(input.ageYears) : input.ageYears
      const valid = typeof text === 'string' && /^\d{1,2}$/.test(text.trim())
      const age = valid ? Number(text.trim()) : NaN
      if (!valid || age > MAX_AGE_IN_YEARS) {
        errors.push({
          field: field('ageYears'),
          message: `${whose} age must be a whole number of years from 0 to ${MAX_AGE_IN_YEARS}`,
        })
      } else {
        ageYears = age
      }
    }
    const healthInformation = checkText(
      input.healthInformation,
      {
        field: field('healthInformation'),
        label: `${whose} health information`,
        max: TEXT_LIMITS.healthInformation,
        multiline: true,
      },
      errors,
    )
    const name = checkText(
      input.name,
      { field: field('name'), label: `${whose} name`, max: TEXT_LIMITS.childName },
      errors,
    )
    if (name && pseudonym && name.toLowerCase() === pseudonym.toLowerCase()) {
      errors.push({
        field: field('pseudonym'),
        message: `${whose} pseudonym must not be the child’s name`,
      })
    }
    const dateOfBirth = checkDate(
      input.dateOfBirth,
      { field: field('dateOfBirth'), label: `${whose} date of birth`, notAfter: today },
      errors,
    )
    if (dateOfBirth && incidentOn && compareDates(dateOfBirth, incidentOn) > 0) {
      errors.push({
        field: field('dateOfBirth'),
        message: `${whose} date of birth must be on or before the date of the incident`,
      })
    } else if (dateOfBirth && incidentOn && ageYears !== null) {
      if (ageOn(dateOfBirth, incidentOn) !== ageYears) {
        errors.push({
          field: field('ageYears'),
          message: `${whose} age does not match the date of birth on the date of the incident`,
        })
      }
    }
    const address = checkText(
      input.address,
      {
        field: field('address'),
        label: `${whose} address`,
        max: TEXT_LIMITS.childAddress,
        multiline: true,
      },
      errors,
    )
    const localAuthorityReference = checkText(
      input.localAuthorityReference,
      {
        field: field('localAuthorityReference'),
        label: `${whose} local authority reference`,
        max: TEXT_LIMITS.localAuthorityReference,
      },
      errors,
    )
    const nhsNumber = checkNhsNumber(input.nhsNumber, field('nhsNumber'), whose, errors)
    if (nhsNumber) {
      // One person, one NHS number: the same one twice is a slip of the copy and paste.
      if (seenNhsNumbers.has(nhsNumber)) {
        errors.push({
          field: field('nhsNumber'),
          message: `${whose} NHS number is the same as another child’s in this incident`,
        })
      }
      seenNhsNumbers.add(nhsNumber)
    }
    if (
      errors.length > before ||
      !pseudonym ||
      healthInformation === null ||
      name === null ||
      dateOfBirth === undefined ||
      address === null ||
      localAuthorityReference === null ||
      nhsNumber === undefined
    ) {
      return
    }
    children.push({
      position: children.length + 1,
      pseudonym,
      ageYears,
      healthInformation: nullIfEmpty(healthInformation),
      identity: {
        name: nullIfEmpty(name),
        dateOfBirth,
        address: nullIfEmpty(address),
        localAuthorityReference: nullIfEmpty(localAuthorityReference),
        nhsNumber,
      },
    })
  })
  if (inputs.length === 0) {
    errors.push({
      field: childField(1, 'pseudonym'),
      message: 'Enter a pseudonym for the child, like Child B',
    })
  }
  return children
}

/**
 * A child's NHS number: optional; ten digits, written with or without spaces or
 * hyphens ("943 476 5919", "943-476-5919"), whose last digit is the modulus 11
 * check digit, so a mistyped digit is caught here rather than in the Panel's
 * form. Returns the ten digits, null when not given, or undefined on error.
 */
function checkNhsNumber(
  value: unknown,
  field: string,
  whose: string,
  errors: FieldError[],
): string | null | undefined {
  const text = checkText(
    value,
    { field, label: `${whose} NHS number`, max: TEXT_LIMITS.nhsNumber },
    errors,
  )
  if (text === null) return undefined
  if (text === '') return null
  const digits = compactNhsNumber(text)
  if (!/^\d{10}$/.test(digits)) {
    errors.push({ field, message: `${whose} NHS number must be 10 digits, like 943 476 5919` })
    return undefined
  }
  if (!isValidNhsNumber(digits)) {
    errors.push({ field, message: `${whose} NHS number is not valid: check the digits` })
    return undefined
  }
  return digits
}

/**
 * The age the criteria are read with: the youngest child's, because S1 holds if
 * any child in the incident is a child; unknown (null) if any age is unknown,
 * which the criteria read as a child's.
 */
export function ageForCriteria(children: readonly { ageYears: number | null }[]): number | null {
  if (children.length === 0 || children.some((child) => child.ageYears === null)) return null
  return Math.min(...children.map((child) => child.ageYears ?? 0))
}
