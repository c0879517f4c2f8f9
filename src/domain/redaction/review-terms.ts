// The terms a review's report is checked for (S17): each child's identifying
// details from the incident, and the review's own list of names and details
// not to publish. Each term keeps a reference (never its value) and a label
// people can read, so a hit says "Child A: date of birth", not the date.
import { UK_POSTCODE, compactCode, isTermKind, type RedactionTerm } from './terms.js'

export interface ChildIdentity {
  readonly position: number
  readonly pseudonym: string
  readonly name: string | null
  readonly dateOfBirth: string | null
  readonly address: string | null
  readonly localAuthorityReference: string | null
  /** Ten digits as stored; matched however a report writes it (943 476 5919, 943-476-5919). */
  readonly nhsNumber: string | null
}

export interface ProtectedDetail {
  readonly id: string
  readonly kind: string
  readonly description: string
  readonly value: string
}

export interface LabelledTerm extends RedactionTerm {
  /** Where the term came from: 'child:1:name', 'detail:<id>'. */
  readonly ref: string
  readonly label: string
}

const POSTCODE_IN_TEXT = /\b[A-Z]{1,2}\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2}\b/i

/** An address as terms: its postcode, and its first line (the house and street). */
function addressTerms(address: string): RedactionTerm[] {
  const terms: RedactionTerm[] = []
  const postcode = POSTCODE_IN_TEXT.exec(address)?.[0]
  if (postcode && UK_POSTCODE.test(compactCode(postcode)))
    terms.push({ kind: 'postcode', value: postcode })
  const withoutPostcode = postcode ? address.replace(postcode, '') : address
  const firstLine = withoutPostcode
    .split(/[,\n]/)
    .map((line) => line.trim())
    .find((line) => line !== '')
  if (firstLine) terms.push({ kind: 'text', value: firstLine })
  return terms
}

export function reviewTerms(
  children: readonly ChildIdentity[],
  details: readonly ProtectedDetail[],
): LabelledTerm[] {
  const terms: LabelledTerm[] = []
  for (const child of children) {
    const ref = (field: string) => `child:${child.position}:${field}`
    if (child.name)
      terms.push({
        kind: 'name',
        value: child.name,
        ref: ref('name'),
        label: `${child.pseudonym}: name`,
      })
    if (child.dateOfBirth) {
      terms.push({
        kind: 'date',
        value: child.dateOfBirth,
        ref: ref('date-of-birth'),
        label: `${child.pseudonym}: date of birth`,
      })
    }
    if (child.address) {
      for (const term of addressTerms(child.address)) {
        terms.push({
          ...term,
          ref: ref(term.kind === 'postcode' ? 'postcode' : 'address'),
          label: `${child.pseudonym}: ${term.kind === 'postcode' ? 'postcode' : 'address'}`,
        })
      }
    }
    if (child.localAuthorityReference) {
      terms.push({
        kind: 'reference',
        value: child.localAuthorityReference,
        ref: ref('la-reference'),
        label: `${child.pseudonym}: local authority reference`,
      })
    }
    if (child.nhsNumber) {
      terms.push({
        kind: 'nhs-number',
        value: child.nhsNumber,
        ref: ref('nhs-number'),
        label: `${child.pseudonym}: NHS number`,
      })
    }
  }
  for (const detail of details) {
    if (!isTermKind(detail.kind)) continue
    terms.push({
      kind: detail.kind,
      value: detail.value,
      ref: `detail:${detail.id}`,
      label: detail.description,
    })
  }
  return terms
}
