// Statutory periods per guidance edition. The rules' values are the defaults;
// administrators may change them per edition (they are settings, not literals
// scattered through the code), because guidance is revised from time to time.

export const GUIDANCE_EDITIONS = ['WT2015', 'WT2018', 'WT2023'] as const
export type GuidanceEdition = (typeof GUIDANCE_EDITIONS)[number]

export function isGuidanceEdition(value: unknown): value is GuidanceEdition {
  return typeof value === 'string' && (GUIDANCE_EDITIONS as readonly string[]).includes(value)
}

export const GUIDANCE_EDITION_NAMES: Record<GuidanceEdition, string> = {
  WT2015: 'Working Together to Safeguard Children 2015',
  WT2018: 'Working Together to Safeguard Children 2018',
  WT2023: 'Working Together to Safeguard Children 2023',
}

export interface StatutoryPeriods {
  /** S3: notify the Panel within N working days of becoming aware. */
  readonly notificationWorkingDays: number
  /** S6: complete the rapid review within N working days of becoming aware. */
  readonly rapidReviewWorkingDays: number
  /** S12 (S18 for WT2015 SCRs): aim to complete the review within N months of the decision. */
  readonly reviewCompletionMonths: number
  /** S16: send the report to the Panel no later than N working days before publication. */
  readonly prePublicationWorkingDays: number
  /** S15: keep the published report public for at least N months. */
  readonly publicationMinimumMonths: number
}

export const STATUTORY_PERIOD_KEYS = [
  'notificationWorkingDays',
  'rapidReviewWorkingDays',
  'reviewCompletionMonths',
  'prePublicationWorkingDays',
  'publicationMinimumMonths',
] as const satisfies readonly (keyof StatutoryPeriods)[]

export type StatutoryPeriodKey = (typeof STATUTORY_PERIOD_KEYS)[number]

export const STATUTORY_PERIOD_LABELS: Record<
  StatutoryPeriodKey,
  { label: string; unit: string; rule: string }
> = {
  notificationWorkingDays: { label: 'Notify the Panel within', unit: 'working days', rule: 'S3' },
  rapidReviewWorkingDays: {
    label: 'Complete the rapid review within',
    unit: 'working days',
    rule: 'S6',
  },
  reviewCompletionMonths: { label: 'Complete the review within', unit: 'months', rule: 'S12' },
  prePublicationWorkingDays: {
    label: 'Send the report to the Panel before publication by',
    unit: 'working days',
    rule: 'S16',
  },
  publicationMinimumMonths: {
    label: 'Keep the report published for at least',
    unit: 'months',
    rule: 'S15',
  },
}

const RULE_DEFAULTS: StatutoryPeriods = {
  notificationWorkingDays: 5,
  rapidReviewWorkingDays: 15,
  reviewCompletionMonths: 6,
  prePublicationWorkingDays: 7,
  publicationMinimumMonths: 12,
}

/** The rules' figures. WT2015 SCRs: 6 months (S18), 12 months online (S18). */
export const DEFAULT_STATUTORY_PERIODS: Record<GuidanceEdition, StatutoryPeriods> = {
  WT2015: RULE_DEFAULTS,
  WT2018: RULE_DEFAULTS,
  WT2023: RULE_DEFAULTS,
}

/** Bounds that keep a mistyped setting from producing absurd deadlines. */
export const STATUTORY_PERIOD_BOUNDS: Record<StatutoryPeriodKey, { min: number; max: number }> = {
  notificationWorkingDays: { min: 1, max: 60 },
  rapidReviewWorkingDays: { min: 1, max: 120 },
  reviewCompletionMonths: { min: 1, max: 36 },
  prePublicationWorkingDays: { min: 1, max: 60 },
  publicationMinimumMonths: { min: 1, max: 120 },
}
