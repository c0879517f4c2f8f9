// A review's findings as the review team records them while the review goes on
// (issue 8): learning points, and recommendations addressed to one or more
// agencies (of any partnership: the Child Y review was led by Southwark with
// learning for Wandsworth). A finding recorded by mistake is marked "entered in
// error" with a reason, never deleted: actions may already answer it. Pure rules.
import type { FieldError } from '../errors.js'
import { writtenDate } from '../calendar/written-date.js'
import { requiredText } from './text-fields.js'

export const FINDING_KINDS = ['learning-point', 'recommendation'] as const
export type FindingKind = (typeof FINDING_KINDS)[number]

export function isFindingKind(value: unknown): value is FindingKind {
  return typeof value === 'string' && (FINDING_KINDS as readonly string[]).includes(value)
}

export const FINDING_KIND_NAMES: Record<FindingKind, string> = {
  'learning-point': 'Learning point',
  recommendation: 'Recommendation',
}

export const FINDING_TEXT_LIMIT = 5_000
export const ENTERED_IN_ERROR_REASON_LIMIT = 1_000

export interface FindingInput {
  readonly text?: string | null
  readonly agencyIds?: readonly string[]
}

export interface Finding {
  readonly text: string
  readonly agencyIds: readonly string[]
}

/**
 * Reads a finding. A recommendation is addressed to at least one agency, each
 * from `agencyIds` (the agencies that exist); a learning point to none.
 */
export function readFinding(
  errors: FieldError[],
  kind: FindingKind,
  input: FindingInput,
  agencyIds: readonly string[],
): Finding | null {
  const before = errors.length
  const name = FINDING_KIND_NAMES[kind]
  const text = requiredText(
    errors,
    'text',
    input.text,
    { missing: `Enter the ${name.toLowerCase()}`, name },
    FINDING_TEXT_LIMIT,
  )
  const chosen = [...new Set(input.agencyIds ?? [])]
  if (kind === 'recommendation') {
    if (chosen.length === 0) {
      errors.push({ field: 'agencyIds', message: 'Select the agencies the recommendation is for' })
    } else if (chosen.some((id) => !agencyIds.includes(id))) {
      errors.push({ field: 'agencyIds', message: 'Select agencies from the list' })
    }
  }
  if (errors.length > before) return null
  return { text, agencyIds: kind === 'recommendation' ? chosen : [] }
}

/** Why a record is marked entered in error: required, so the record explains itself. */
export function readEnteredInErrorReason(
  errors: FieldError[],
  value: string | null | undefined,
): string | null {
  const before = errors.length
  const reason = requiredText(
    errors,
    'reason',
    value,
    { missing: 'Enter why this was entered in error', name: 'The reason' },
    ENTERED_IN_ERROR_REASON_LIMIT,
  )
  return errors.length > before ? null : reason
}

/** One finding of the rapid review that commissioned the review. */
export interface RapidReviewFinding {
  /** Stored on the learning point so each finding is carried once: 'learning-identified:2'. */
  readonly reference: string
  readonly text: string
}

/**
 * The rapid review's "learning identified", one finding per paragraph (or per
 * line, as people often list them), in the order written.
 */
export function rapidReviewFindings(learningIdentified: string | null): RapidReviewFinding[] {
  if (learningIdentified === null) return []
  return learningIdentified
    .split(/\r?\n/)
    .map((line) => line.replace(/^\s*(?:[-*•]|\d+[.)])\s+/, '').trim())
    .filter((line) => line !== '')
    .map((text, index) => ({ reference: `learning-identified:${index + 1}`, text }))
}

/** How a carried learning point cites its source. */
export function rapidReviewCitation(reference: string, meetingOn: string | null): string {
  const number = reference.split(':')[1] ?? ''
  const meeting = meetingOn === null ? '' : ` (meeting of ${writtenDate(meetingOn)})`
  return `From the rapid review${meeting}: learning identified, finding ${number}`
}
