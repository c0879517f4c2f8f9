// The rapid review (S6–S9): what the partners record, in their own words.
//
// S8: gather the facts as far as they can readily be established (requests to
// agencies, the meeting, findings), decide whether immediate action is needed to
// keep children safe (immediate safety actions with owners), consider the
// potential for learning, and decide next steps. S9: the four reg. 11 criteria
// are taken into account, and the decision and its rationale are recorded
// transparently. The three statutory partners sign off before it is sent (S8).

/** S9 (SI 2018/789 reg. 11) a–d. */
export const REG_11_CRITERIA = ['a', 'b', 'c', 'd'] as const
export type Reg11Criterion = (typeof REG_11_CRITERIA)[number]

export const REG_11_CRITERIA_TEXT: Record<Reg11Criterion, string> = {
  a: 'The case highlights or may highlight improvements needed to safeguard and promote the welfare of children, including where those improvements have been previously identified',
  b: 'The case highlights or may highlight recurrent themes in the safeguarding and promotion of the welfare of children',
  c: 'The case highlights or may highlight concerns regarding two or more organisations or agencies working together effectively to safeguard and promote the welfare of children',
  d: 'The case is one which the Panel has considered and concluded a local review may be more appropriate',
}

export const CRITERION_ANSWERS = ['yes', 'no', 'maybe'] as const
export type CriterionAnswer = (typeof CRITERION_ANSWERS)[number]

export const CRITERION_ANSWER_NAMES: Record<CriterionAnswer, string> = {
  yes: 'Yes',
  no: 'No',
  maybe: 'Maybe',
}

export const DECISIONS = [
  'local-cspr',
  'no-local-review',
  'other-learning-review',
  'national-review-recommended',
] as const
export type RapidReviewDecision = (typeof DECISIONS)[number]

export const DECISION_NAMES: Record<RapidReviewDecision, string> = {
  'local-cspr': 'Hold a local child safeguarding practice review',
  'no-local-review': 'No local review',
  'other-learning-review': 'Hold another kind of learning review',
  'national-review-recommended': 'Recommend a national review to the Panel',
}

/** The three statutory safeguarding partners, who each sign off (WT2018/WT2023). */
export const STATUTORY_PARTNERS = ['local-authority', 'police', 'health'] as const
export type StatutoryPartner = (typeof STATUTORY_PARTNERS)[number]

export const STATUTORY_PARTNER_NAMES: Record<StatutoryPartner, string> = {
  'local-authority': 'Local authority',
  police: 'Police',
  health: 'Health (integrated care board)',
}

export function isStatutoryPartner(value: unknown): value is StatutoryPartner {
  return typeof value === 'string' && (STATUTORY_PARTNERS as readonly string[]).includes(value)
}

export function isRapidReviewDecision(value: unknown): value is RapidReviewDecision {
  return typeof value === 'string' && (DECISIONS as readonly string[]).includes(value)
}

export const RAPID_REVIEW_TEXT_LIMITS = {
  attendees: 2000,
  facts: 10000,
  learning: 10000,
  safetyAction: 500,
  safetyActionOwner: 200,
  agencySummary: 10000,
  criterionNote: 2000,
  rationale: 10000,
  panelNotes: 5000,
} as const
