// Is this a serious child safeguarding case, and who must be told?
//
// S1: abuse or neglect is known or suspected AND the child has died or been
//     seriously harmed. Only a child (under 18) can be one.
// S2/S3: such a case is notified to the Panel, and the rapid review (S6) follows.
// S4: a looked-after child's death is notified whatever is known about abuse or
//     neglect; without S1 it is not a serious case, so no rapid review is required.
// WT2023: a care leaver's death up to and including age 24 is notified to the
//     Secretary of State and Ofsted; no rapid review unless the person was under
//     18 and S1 holds.
//
// Incidents are recorded under WT2018 or WT2023 only: the notification and rapid
// review process began with WT2018 (S19), and legacy WT2015 SCRs are started as
// reviews directly.

export const ABUSE_OR_NEGLECT = ['known', 'suspected', 'not-suspected'] as const
export type AbuseOrNeglect = (typeof ABUSE_OR_NEGLECT)[number]

export const HARM = ['died', 'serious-harm'] as const
export type Harm = (typeof HARM)[number]

export const INCIDENT_GUIDANCE_EDITIONS = ['WT2023', 'WT2018'] as const
export type IncidentGuidanceEdition = (typeof INCIDENT_GUIDANCE_EDITIONS)[number]

export const ABUSE_OR_NEGLECT_NAMES: Record<AbuseOrNeglect, string> = {
  known: 'Known',
  suspected: 'Suspected',
  'not-suspected': 'Not known or suspected',
}

export const HARM_NAMES: Record<Harm, string> = {
  died: 'The child died',
  'serious-harm': 'The child was seriously harmed',
}

/** Age from which a person is no longer a child. */
export const ADULT_AGE = 18
/** WT2023: care leavers' deaths are notified up to and including this age. */
export const CARE_LEAVER_NOTIFICATION_MAX_AGE = 24

export function isAbuseOrNeglect(value: unknown): value is AbuseOrNeglect {
  return typeof value === 'string' && (ABUSE_OR_NEGLECT as readonly string[]).includes(value)
}

export function isHarm(value: unknown): value is Harm {
  return typeof value === 'string' && (HARM as readonly string[]).includes(value)
}

export function isIncidentGuidanceEdition(value: unknown): value is IncidentGuidanceEdition {
  return (
    typeof value === 'string' && (INCIDENT_GUIDANCE_EDITIONS as readonly string[]).includes(value)
  )
}

export interface CriteriaAnswers {
  readonly guidanceEdition: IncidentGuidanceEdition
  readonly abuseOrNeglect: AbuseOrNeglect
  readonly harm: Harm
  readonly lookedAfter: boolean
  readonly careLeaver: boolean
  /**
   * The person's age in whole years at the incident, when known (for several
   * children, the youngest's). An unknown age is read as a child's: a
   * notification can be made before much is known (S5), and missing a
   * notification is worse than an unneeded one.
   */
  readonly ageInYears: number | null
}

export interface CriteriaAssessment {
  /** S1 holds. */
  readonly seriousChildSafeguardingCase: boolean
  /** S2/S3 (serious case) or S4 (looked-after child's death). */
  readonly notifyPanel: boolean
  /** WT2023: a care leaver's death up to and including age 24. */
  readonly notifySecretaryOfStateAndOfsted: boolean
  /** S6: the partners hold a rapid review of every serious child safeguarding case. */
  readonly rapidReviewRequired: boolean
  /** Why, in plain words, with the rules cited; one sentence per finding. */
  readonly explanation: string
}

/** Applies S1, S4 and the WT2023 care-leaver rule to the answers on an incident. */
export function assessSeriousCaseCriteria(answers: CriteriaAnswers): CriteriaAssessment {
  const isChild = answers.ageInYears === null || answers.ageInYears < ADULT_AGE
  const abuseOrNeglectKnownOrSuspected = answers.abuseOrNeglect !== 'not-suspected'
  const seriousChildSafeguardingCase = isChild && abuseOrNeglectKnownOrSuspected
  const died = answers.harm === 'died'

  const lookedAfterChildDied = answers.lookedAfter && died && isChild
  const careLeaverDeath =
    answers.guidanceEdition === 'WT2023' &&
    answers.careLeaver &&
    died &&
    (answers.ageInYears === null || answers.ageInYears <= CARE_LEAVER_NOTIFICATION_MAX_AGE)

  const sentences: string[] = []
  if (seriousChildSafeguardingCase) {
    sentences.push(
      `This is a serious child safeguarding case (S1): abuse or neglect is ${answers.abuseOrNeglect} and the child ${died ? 'died' : 'was seriously harmed'}.`,
      'The local authority must notify the Panel within 5 working days of becoming aware (S3), and the safeguarding partners must complete a rapid review within 15 working days (S6).',
    )
  } else if (!isChild) {
    sentences.push(
      `This is not a serious child safeguarding case (S1): the person was ${String(answers.ageInYears)}, and the criteria apply to children under ${ADULT_AGE}.`,
    )
  } else {
    sentences.push(
      'This is not a serious child safeguarding case (S1): abuse or neglect is neither known nor suspected.',
    )
  }
  if (lookedAfterChildDied && !seriousChildSafeguardingCase) {
    sentences.push(
      'The child was looked after and died, so the Panel must still be notified whether or not abuse or neglect is known or suspected (S4). No rapid review is required unless abuse or neglect comes to be known or suspected.',
    )
  } else if (lookedAfterChildDied) {
    sentences.push('The child was looked after, so the death is notified in any case (S4).')
  }
  if (careLeaverDeath) {
    sentences.push(
      `The death of a care leaver up to and including age ${CARE_LEAVER_NOTIFICATION_MAX_AGE} must be notified to the Secretary of State and Ofsted (Working Together 2023).`,
    )
    if (!seriousChildSafeguardingCase) {
      sentences.push(
        'No rapid review is required: that needs the person to have been under 18 and the serious child safeguarding case criteria to hold.',
      )
    }
  } else if (
    answers.careLeaver &&
    died &&
    answers.guidanceEdition === 'WT2023' &&
    answers.ageInYears !== null
  ) {
    sentences.push(
      `The care leaver was over ${CARE_LEAVER_NOTIFICATION_MAX_AGE}, so the Working Together 2023 care-leaver notification does not apply.`,
    )
  }
  const notifyPanel = seriousChildSafeguardingCase || lookedAfterChildDied
  if (!notifyPanel && !careLeaverDeath) {
    sentences.push('No notification is required. Record the reasons if you close the incident.')
  }

  return {
    seriousChildSafeguardingCase,
    notifyPanel,
    notifySecretaryOfStateAndOfsted: careLeaverDeath,
    rapidReviewRequired: seriousChildSafeguardingCase,
    explanation: sentences.join(' '),
  }
}
