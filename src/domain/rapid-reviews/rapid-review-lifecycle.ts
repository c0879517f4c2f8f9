// The rapid review's state machine:
//
//   in-progress ──record decision──▶ awaiting-sign-off ──last partner signs──▶ signed-off
//        ▲   (facts, criteria)          ▲   │  ▲                                  │  │
//        └── edits allowed ─────────────┘   │  └── a delegate withdraws, or ──────┘  │
//                                           │      a correction voids every signature │
//                                           │                          send to the Panel (S7)
//                                           ▼                                         ▼
//                              panel-responded ◀──record the Panel's response── sent-to-panel
//
// The order is the statutory one: the decision and its rationale come before
// sign-off (S9: recorded transparently); all three partners sign before it goes
// (S8); and it cannot go without a prior notification of the incident (S7).
// Until it is sent, anything can be put right (issue 8): a change to what the
// partners signed voids every signature given, so they sign what is sent.
// Once sent, it is read-only.
import { compareDates, type CalendarDate } from '../calendar/calendar-date.js'
import type { Transition } from '../incidents/incident-lifecycle.js'
import { longDate } from './date-order.js'
import {
  REG_11_CRITERIA,
  STATUTORY_PARTNERS,
  STATUTORY_PARTNER_NAMES,
  type RapidReviewDecision,
  type Reg11Criterion,
  type StatutoryPartner,
} from './rapid-review.js'

export const RAPID_REVIEW_STATES = [
  'in-progress',
  'awaiting-sign-off',
  'signed-off',
  'sent-to-panel',
  'panel-responded',
] as const
export type RapidReviewState = (typeof RAPID_REVIEW_STATES)[number]

export const RAPID_REVIEW_STATE_NAMES: Record<RapidReviewState, string> = {
  'in-progress': 'In progress',
  'awaiting-sign-off': 'Awaiting partner sign-off',
  'signed-off': 'Signed off',
  'sent-to-panel': 'Sent to the Panel',
  'panel-responded': 'Panel responded',
}

export function isRapidReviewState(value: unknown): value is RapidReviewState {
  return typeof value === 'string' && (RAPID_REVIEW_STATES as readonly string[]).includes(value)
}

export interface RapidReviewFacts {
  readonly state: RapidReviewState
  readonly decision: RapidReviewDecision | null
  readonly rationale: string | null
  readonly decidedOn: CalendarDate | null
  readonly criteriaAnswered: readonly Reg11Criterion[]
  readonly signedOffBy: readonly StatutoryPartner[]
  readonly sentToPanelOn: CalendarDate | null
  /** From the incident: S7 needs it before sending. */
  readonly panelNotifiedOn: CalendarDate | null
}

export type RapidReviewEvent =
  /** Agency requests, the meeting, findings, safety actions and the S9 criteria. */
  | { readonly type: 'edit-details' }
  | {
      readonly type: 'record-decision'
      readonly decision: RapidReviewDecision
      readonly rationale: string
    }
  | { readonly type: 'sign-off'; readonly partner: StatutoryPartner }
  /** A delegate takes back their own partner's signature before sending. */
  | { readonly type: 'withdraw-sign-off'; readonly partner: StatutoryPartner }
  | { readonly type: 'send-to-panel'; readonly on: CalendarDate }
  | { readonly type: 'record-panel-response'; readonly on: CalendarDate }

function refuse(reason: string, missing: readonly string[] = []): Transition<RapidReviewState> {
  return { allowed: false, reason, missing }
}

/** Partners who have not signed yet, in the usual order. */
export function partnersStillToSign(signedOffBy: readonly StatutoryPartner[]): StatutoryPartner[] {
  return STATUTORY_PARTNERS.filter((partner) => !signedOffBy.includes(partner))
}

function lockedReason(facts: RapidReviewFacts): string | null {
  if (facts.state === 'sent-to-panel' || facts.state === 'panel-responded') {
    return 'The rapid review has been sent to the Panel, so it can no longer be changed.'
  }
  return null
}

/** A change to what the partners signed voids every signature: back to awaiting sign-off. */
function stateAfterCorrection(facts: RapidReviewFacts): RapidReviewState {
  return facts.state === 'signed-off' ? 'awaiting-sign-off' : facts.state
}

/** Whether this step changes what the partners signed, so voids their signatures. */
export function changesSignedContent(event: RapidReviewEvent): boolean {
  return event.type === 'edit-details' || event.type === 'record-decision'
}

/** Judges one step of a rapid review; never throws. */
export function nextRapidReviewState(
  facts: RapidReviewFacts,
  event: RapidReviewEvent,
): Transition<RapidReviewState> {
  switch (event.type) {
    case 'edit-details': {
      const locked = lockedReason(facts)
      return locked === null ? { allowed: true, to: stateAfterCorrection(facts) } : refuse(locked)
    }
    case 'record-decision': {
      const locked = lockedReason(facts)
      if (locked !== null) return refuse(locked)
      const missing: string[] = []
      const unanswered = REG_11_CRITERIA.filter(
        (criterion) => !facts.criteriaAnswered.includes(criterion),
      )
      if (unanswered.length > 0) {
        missing.push(
          `an answer to reg. 11 criteria ${unanswered.map((criterion) => `(${criterion})`).join(', ')}`,
        )
      }
      if (event.rationale.trim() === '') missing.push('the rationale for the decision')
      if (missing.length > 0) {
        return refuse(
          `The decision cannot be recorded yet: the partners must take the reg. 11 criteria into account and record the decision with its rationale (S9). Missing: ${missing.join('; ')}.`,
          missing,
        )
      }
      return { allowed: true, to: 'awaiting-sign-off' }
    }
    case 'sign-off': {
      if (facts.state === 'in-progress' || facts.decision === null || !facts.rationale?.trim()) {
        return refuse(
          'The rapid review cannot be signed off before the partners’ decision and its rationale are recorded. Record the decision first.',
          ['the decision with its rationale'],
        )
      }
      if (facts.state === 'sent-to-panel' || facts.state === 'panel-responded') {
        return refuse('The rapid review has already been sent to the Panel.')
      }
      if (facts.signedOffBy.includes(event.partner)) {
        return refuse(
          `${STATUTORY_PARTNER_NAMES[event.partner]} has already signed off this rapid review.`,
        )
      }
      const remaining = partnersStillToSign([...facts.signedOffBy, event.partner])
      return { allowed: true, to: remaining.length === 0 ? 'signed-off' : 'awaiting-sign-off' }
    }
    case 'withdraw-sign-off': {
      if (facts.state === 'sent-to-panel' || facts.state === 'panel-responded') {
        return refuse(
          'The rapid review has been sent to the Panel, so a signature can no longer be withdrawn.',
        )
      }
      if (!facts.signedOffBy.includes(event.partner)) {
        return refuse(`${STATUTORY_PARTNER_NAMES[event.partner]} has not signed this rapid review.`)
      }
      return { allowed: true, to: 'awaiting-sign-off' }
    }
    case 'send-to-panel': {
      if (facts.state === 'sent-to-panel' || facts.state === 'panel-responded') {
        return refuse(
          `The rapid review was already sent to the Panel${facts.sentToPanelOn ? ` on ${facts.sentToPanelOn}` : ''}.`,
        )
      }
      const missing: string[] = []
      const reasons: string[] = []
      if (facts.panelNotifiedOn === null) {
        missing.push('the date the Panel was notified')
        reasons.push(
          'a rapid review cannot be submitted without a prior notification of the incident (S7): record the date the Panel was notified',
        )
      }
      if (facts.decision === null) {
        missing.push('the decision with its rationale')
        reasons.push('the partners’ decision and its rationale must be recorded (S9)')
      }
      const unsigned = partnersStillToSign(facts.signedOffBy)
      if (unsigned.length > 0) {
        missing.push(
          ...unsigned.map((partner) => `sign-off by ${STATUTORY_PARTNER_NAMES[partner]}`),
        )
        reasons.push(
          `all three statutory partners must sign off; still to sign: ${unsigned.map((partner) => STATUTORY_PARTNER_NAMES[partner]).join(', ')}`,
        )
      }
      if (reasons.length > 0) {
        return refuse(
          `The rapid review cannot be sent to the Panel yet: ${reasons.join('; ')}.`,
          missing,
        )
      }
      if (facts.panelNotifiedOn !== null && compareDates(event.on, facts.panelNotifiedOn) < 0) {
        return refuse(
          `The rapid review cannot have been sent to the Panel (${longDate(event.on)}) before the Panel was notified of the incident (${longDate(facts.panelNotifiedOn)}, S7). Check the dates.`,
          ['a sent date on or after the date the Panel was notified'],
        )
      }
      if (facts.decidedOn !== null && compareDates(event.on, facts.decidedOn) < 0) {
        return refuse(
          `The rapid review cannot have been sent to the Panel (${longDate(event.on)}) before the decision was made (${longDate(facts.decidedOn)}). Check the dates.`,
          ['a sent date on or after the decision date'],
        )
      }
      return { allowed: true, to: 'sent-to-panel' }
    }
    case 'record-panel-response': {
      if (facts.state !== 'sent-to-panel' && facts.state !== 'panel-responded') {
        return refuse(
          'The Panel’s response can only be recorded once the rapid review has been sent to the Panel.',
          ['the date the rapid review was sent to the Panel'],
        )
      }
      if (facts.sentToPanelOn !== null && compareDates(event.on, facts.sentToPanelOn) < 0) {
        return refuse(
          `The Panel cannot have responded (${longDate(event.on)}) before the rapid review was sent to it (${longDate(facts.sentToPanelOn)}). Check the dates.`,
          ['a response date on or after the date the rapid review was sent'],
        )
      }
      return { allowed: true, to: 'panel-responded' }
    }
  }
}
