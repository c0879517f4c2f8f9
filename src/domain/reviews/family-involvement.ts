// The family's part in a review (S10: the review should seek the views of the
// child's family, and the report say how they took part). The "Family
// involvement" stage records how the family were invited (when, how, by whom),
// whether they took part, and what they said. Pure rules.
import { compareDates, type CalendarDate } from '../calendar/calendar-date.js'
import type { FieldError } from '../errors.js'
import { optionalText, requiredChoice, requiredDate, requiredText } from './text-fields.js'
import { writtenDate } from '../calendar/written-date.js'

export const INVITATION_METHODS = [
  'letter',
  'email',
  'phone',
  'in-person',
  'through-a-professional',
] as const
export type InvitationMethod = (typeof INVITATION_METHODS)[number]

export const INVITATION_METHOD_NAMES: Record<InvitationMethod, string> = {
  letter: 'Letter',
  email: 'Email',
  phone: 'Phone call',
  'in-person': 'In person',
  'through-a-professional': 'Through a professional who knows the family',
}

export const TOOK_PART_ANSWERS = ['yes', 'no', 'not-yet'] as const
export type TookPart = (typeof TOOK_PART_ANSWERS)[number]

export const TOOK_PART_NAMES: Record<TookPart, string> = {
  yes: 'Yes, they took part',
  no: 'No, they declined',
  'not-yet': 'Not answered yet',
}

export const FAMILY_TEXT_LIMITS = { invitedBy: 200, familyViews: 10_000 } as const

export interface FamilyInvolvementInput {
  readonly invitedOn?: string | null
  readonly invitedHow?: string | null
  readonly invitedBy?: string | null
  readonly tookPart?: string | null
  readonly familyViews?: string | null
}

export interface FamilyInvolvement {
  readonly invitedOn: CalendarDate
  readonly invitedHow: InvitationMethod
  readonly invitedBy: string
  readonly tookPart: TookPart
  readonly familyViews: string | null
}

/**
 * Reads the record. The invitation is dated on or after the decision to hold
 * the review and not in the future; what the family said is required once
 * they have taken part.
 */
export function readFamilyInvolvement(
  errors: FieldError[],
  input: FamilyInvolvementInput,
  context: { today: CalendarDate; decisionOn: CalendarDate | null },
): FamilyInvolvement | null {
  const before = errors.length
  const invitedOn = requiredDate(
    errors,
    'invitedOn',
    input.invitedOn,
    'Date the family were invited',
    {
      notAfter: {
        date: context.today,
        message: `The date the family were invited must be today or in the past (today is ${writtenDate(context.today)})`,
      },
    },
  )
  if (
    invitedOn !== null &&
    context.decisionOn !== null &&
    compareDates(invitedOn, context.decisionOn) < 0
  ) {
    errors.push({
      field: 'invitedOn',
      message: `The date the family were invited (${writtenDate(invitedOn)}) must be on or after the decision to hold the review (${writtenDate(context.decisionOn)})`,
    })
  }
  const invitedHow = requiredChoice(
    errors,
    'invitedHow',
    input.invitedHow,
    INVITATION_METHODS,
    'Select how the family were invited',
  )
  const invitedBy = requiredText(
    errors,
    'invitedBy',
    input.invitedBy,
    { missing: 'Enter who invited the family', name: 'Who invited them' },
    FAMILY_TEXT_LIMITS.invitedBy,
  )
  const tookPart = requiredChoice(
    errors,
    'tookPart',
    input.tookPart,
    TOOK_PART_ANSWERS,
    'Select whether the family took part',
  )
  const familyViews =
    tookPart === 'yes'
      ? requiredText(
          errors,
          'familyViews',
          input.familyViews,
          { missing: 'Enter what the family said', name: 'What the family said' },
          FAMILY_TEXT_LIMITS.familyViews,
        )
      : optionalText(
          errors,
          'familyViews',
          input.familyViews,
          'What the family said',
          FAMILY_TEXT_LIMITS.familyViews,
        )
  if (errors.length > before || !invitedOn || !invitedHow || !tookPart) return null
  return { invitedOn, invitedHow, invitedBy, tookPart, familyViews }
}
