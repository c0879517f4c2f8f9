// S10: the partners agree the methodology, and the methodology says who does
// what. The roles a methodology implies are the roles a reviewer can be named
// in, and the one a review cannot start without.

export const REVIEWER_ROLES = [
  'lead-reviewer',
  'review-team-member',
  'case-group-member',
  'agency-report-author',
  'facilitator',
  'reviewer',
] as const
export type ReviewerRole = (typeof REVIEWER_ROLES)[number]

export function isReviewerRole(value: unknown): value is ReviewerRole {
  return typeof value === 'string' && (REVIEWER_ROLES as readonly string[]).includes(value)
}

export const REVIEWER_ROLE_NAMES: Record<ReviewerRole, string> = {
  'lead-reviewer': 'Lead reviewer',
  'review-team-member': 'Review team member',
  'case-group-member': 'Case group member',
  'agency-report-author': 'Agency report author',
  facilitator: 'Facilitator',
  reviewer: 'Reviewer',
}

export const METHODOLOGIES = [
  'scie-learning-together',
  'silp',
  'appreciative-inquiry',
  'other',
] as const
export type Methodology = (typeof METHODOLOGIES)[number]

export function isMethodology(value: unknown): value is Methodology {
  return typeof value === 'string' && (METHODOLOGIES as readonly string[]).includes(value)
}

export interface MethodologyDetails {
  readonly name: string
  /** What the methodology brings with it, in the words of S10. */
  readonly implies: readonly string[]
  /** The roles reviewers can be named in under this methodology. */
  readonly reviewerRoles: readonly ReviewerRole[]
  /** The role someone must be named in before the review starts; null if any will do. */
  readonly leadRole: ReviewerRole | null
  /** What the practitioner event stage is called under this methodology. */
  readonly practitionerEventName: string
}

export const METHODOLOGY_DETAILS: Record<Methodology, MethodologyDetails> = {
  'scie-learning-together': {
    name: 'SCIE Learning Together',
    implies: ['Lead reviewers', 'A review team', 'A case group of the practitioners involved'],
    reviewerRoles: ['lead-reviewer', 'review-team-member', 'case-group-member'],
    leadRole: 'lead-reviewer',
    practitionerEventName: 'Case group meetings',
  },
  silp: {
    name: 'Significant Incident Learning Process (SILP)',
    implies: ['A lead reviewer', 'Agency reports', 'A practitioner learning event'],
    reviewerRoles: ['lead-reviewer', 'agency-report-author', 'reviewer'],
    leadRole: 'lead-reviewer',
    practitionerEventName: 'Practitioner learning event',
  },
  'appreciative-inquiry': {
    name: 'Appreciative inquiry',
    implies: ['A facilitated practitioner event'],
    reviewerRoles: ['facilitator', 'reviewer'],
    leadRole: 'facilitator',
    practitionerEventName: 'Facilitated practitioner event',
  },
  other: {
    name: 'Another methodology',
    implies: [],
    reviewerRoles: ['lead-reviewer', 'reviewer'],
    leadRole: null,
    practitionerEventName: 'Practitioner event',
  },
}

/** The roles open to reviewers: the methodology's, or all while none is chosen yet. */
export function reviewerRolesFor(methodology: Methodology | null): readonly ReviewerRole[] {
  return methodology === null ? REVIEWER_ROLES : METHODOLOGY_DETAILS[methodology].reviewerRoles
}

/** A methodology's name as people say it, with the free-text name for "other". */
export function methodologyLabel(
  methodology: Methodology | null,
  otherName: string | null,
): string {
  if (methodology === null) return 'Not chosen yet'
  if (methodology === 'other') return otherName ?? METHODOLOGY_DETAILS.other.name
  return METHODOLOGY_DETAILS[methodology].name
}
