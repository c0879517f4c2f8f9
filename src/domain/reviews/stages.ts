// The stages of a review, shown as a GOV.UK task list. Every stage applies to
// every review: a methodology changes what a stage is called (a SILP's
// "practitioner learning event"), not whether it happens.
import { METHODOLOGY_DETAILS, type Methodology } from './methodologies.js'

export const REVIEW_STAGES = [
  'scoping',
  'agency-reports',
  'chronology',
  'practitioner-event',
  'family-involvement',
  'drafting',
  'quality-assurance',
  'final-report',
] as const
export type ReviewStage = (typeof REVIEW_STAGES)[number]

export function isReviewStage(value: unknown): value is ReviewStage {
  return typeof value === 'string' && (REVIEW_STAGES as readonly string[]).includes(value)
}

export const REVIEW_STAGE_NAMES: Record<ReviewStage, string> = {
  scoping: 'Scoping',
  'agency-reports': 'Agency reports',
  chronology: 'Chronology',
  'practitioner-event': 'Practitioner event',
  'family-involvement': 'Family involvement',
  drafting: 'Drafting',
  'quality-assurance': 'Quality assurance',
  'final-report': 'Final report',
}

export const REVIEW_STAGE_HINTS: Record<ReviewStage, string> = {
  scoping: 'Agree the period the review covers, the agencies involved and the terms of reference',
  'agency-reports': 'Each agency’s report or summary of its involvement',
  chronology: 'The agencies’ chronologies merged into one timeline',
  'practitioner-event': 'Hear from the practitioners who worked with the family',
  'family-involvement': 'Record how the family were invited to take part and what they said (S10)',
  drafting: 'The reviewer writes the report and its learning',
  'quality-assurance': 'The partners check the draft before it is final (S11)',
  'final-report': 'The reviewer hands over the final report',
}

/** The stage's name under this methodology. */
export function stageName(stage: ReviewStage, methodology: Methodology | null): string {
  if (stage === 'practitioner-event' && methodology !== null) {
    return METHODOLOGY_DETAILS[methodology].practitionerEventName
  }
  return REVIEW_STAGE_NAMES[stage]
}

export const STAGE_STATUSES = ['not-started', 'in-progress', 'completed'] as const
export type StageStatus = (typeof STAGE_STATUSES)[number]

export function isStageStatus(value: unknown): value is StageStatus {
  return typeof value === 'string' && (STAGE_STATUSES as readonly string[]).includes(value)
}

export const STAGE_STATUS_NAMES: Record<StageStatus, string> = {
  'not-started': 'Not yet started',
  'in-progress': 'In progress',
  completed: 'Completed',
}

export interface StageProgress {
  readonly stage: ReviewStage
  readonly status: StageStatus
}

/** The stages not yet completed, in task-list order. */
export function incompleteStages(stages: readonly StageProgress[]): StageProgress[] {
  return REVIEW_STAGES.map(
    (stage): StageProgress =>
      stages.find((progress) => progress.stage === stage) ?? { stage, status: 'not-started' },
  ).filter((progress) => progress.status !== 'completed')
}
