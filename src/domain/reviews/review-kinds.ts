// The kinds of review a partnership runs, and which guidance edition each
// belongs to. A legacy SCR is a Working Together 2015 review (S18, S19); local
// CSPRs and national reviews exist only from Working Together 2018 (S10–S12).
import { GUIDANCE_EDITIONS, type GuidanceEdition } from '../statutory/periods.js'

export const REVIEW_KINDS = ['lcspr', 'scr-2015', 'other-learning', 'national'] as const
export type ReviewKind = (typeof REVIEW_KINDS)[number]

export function isReviewKind(value: unknown): value is ReviewKind {
  return typeof value === 'string' && (REVIEW_KINDS as readonly string[]).includes(value)
}

export const REVIEW_KIND_NAMES: Record<ReviewKind, string> = {
  lcspr: 'Local child safeguarding practice review',
  'scr-2015': 'Serious case review (Working Together 2015)',
  'other-learning': 'Other learning review',
  national: 'National child safeguarding practice review',
}

/**
 * Kinds a coordinator creates directly, without a rapid review: legacy SCRs
 * began before rapid reviews existed (S19), and a partnership may hold a
 * learning review of a case that never met the serious-incident criteria.
 */
export const DIRECTLY_CREATED_KINDS = [
  'scr-2015',
  'other-learning',
] as const satisfies readonly ReviewKind[]
export type DirectlyCreatedKind = (typeof DIRECTLY_CREATED_KINDS)[number]

/** Kinds a rapid review decision leads to (S8, S9). */
export const RAPID_REVIEW_DECISION_KINDS = [
  'lcspr',
  'other-learning',
  'national',
] as const satisfies readonly ReviewKind[]
export type RapidReviewDecisionKind = (typeof RAPID_REVIEW_DECISION_KINDS)[number]

const EDITIONS_BY_KIND: Record<ReviewKind, readonly GuidanceEdition[]> = {
  // S18, S19: SCRs started under the 2015 guidance are completed under it.
  'scr-2015': ['WT2015'],
  // CSPRs and the Panel arrived with Working Together 2018.
  lcspr: ['WT2018', 'WT2023'],
  national: ['WT2018', 'WT2023'],
  'other-learning': GUIDANCE_EDITIONS,
}

/** The guidance editions a review of this kind can be run under. */
export function editionsFor(kind: ReviewKind): readonly GuidanceEdition[] {
  return EDITIONS_BY_KIND[kind]
}

/** Why this kind cannot follow this edition, or null when it can. */
export function editionMismatch(kind: ReviewKind, edition: GuidanceEdition): string | null {
  if (EDITIONS_BY_KIND[kind].includes(edition)) return null
  if (kind === 'scr-2015') {
    return 'A serious case review follows Working Together 2015 (S18, S19): choose WT2015'
  }
  return `A ${REVIEW_KIND_NAMES[kind].toLowerCase()} follows Working Together 2018 or 2023: choose WT2018 or WT2023`
}
