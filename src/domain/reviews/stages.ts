// The stages of a review, shown as a GOV.UK task list. Every stage applies to
// every review: a methodology changes what a stage is called (a SILP's
// "practitioner learning event"), not whether it happens.
import { compareDates, type CalendarDate } from '../calendar/calendar-date.js'
import type { FieldError } from '../errors.js'
import { METHODOLOGY_DETAILS, type Methodology } from './methodologies.js'
import { optionalDate } from './text-fields.js'
import { writtenDate } from '../calendar/written-date.js'

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

/**
 * The final report is the last stage: it cannot be completed while any other
 * stage is still open (issue 8). The message names the stages still open.
 */
export function finalReportStageRefusal(
  stages: readonly StageProgress[],
  name: (stage: ReviewStage) => string,
): string | null {
  const open = incompleteStages(stages).filter((progress) => progress.stage !== 'final-report')
  if (open.length === 0) return null
  const list = open
    .map(
      (progress) =>
        `${name(progress.stage)} (${STAGE_STATUS_NAMES[progress.status].toLowerCase()})`,
    )
    .join(', ')
  return `The final report stage cannot be marked completed while other stages are still open: ${list}`
}

export interface StageDatesInput {
  readonly startedOn?: string | null
  readonly completedOn?: string | null
}

export interface StageDates {
  readonly startedOn: CalendarDate | null
  readonly completedOn: CalendarDate | null
}

/**
 * When the stage started and was completed. A stage not started has neither; in
 * progress, a start only; completed, both. A date left blank is today, the day
 * the status is recorded. Neither in the future; the start on or before the end.
 */
export function readStageDates(
  errors: FieldError[],
  input: StageDatesInput,
  context: { status: StageStatus; today: CalendarDate },
): StageDates | null {
  const before = errors.length
  const notInFuture = (name: string) => ({
    date: context.today,
    message: `${name} cannot be in the future: today is ${writtenDate(context.today)}`,
  })
  const startedText = context.status === 'not-started' ? '' : input.startedOn
  const completedText = context.status === 'completed' ? input.completedOn : ''
  const started = optionalDate(errors, 'startedOn', startedText, 'The date the stage started', {
    notAfter: notInFuture('The date the stage started'),
  })
  const completed = optionalDate(
    errors,
    'completedOn',
    completedText,
    'The date the stage was completed',
    { notAfter: notInFuture('The date the stage was completed') },
  )
  if (errors.length > before) return null
  const completedOn = context.status === 'completed' ? (completed ?? context.today) : null
  const startedOn =
    context.status === 'not-started' ? null : (started ?? completedOn ?? context.today)
  if (completedOn !== null && startedOn !== null && compareDates(startedOn, completedOn) > 0) {
    errors.push({
      field: 'startedOn',
      message: `The date the stage started (${writtenDate(startedOn)}) must be on or before the date it was completed (${writtenDate(completedOn)})`,
    })
    return null
  }
  return { startedOn, completedOn }
}
