// The life of a serious incident, as an explicit state machine:
//
//   recorded ──record Panel notification──▶ notified
//      │                                      │
//      └──────────start rapid review──────────┴─▶ rapid-review-in-progress
//                                                        │ rapid review sent to the Panel
//                                                        ▼
//   closed ◀──────────────── close ─────────────────── decided
//      ▲
//      └── close (recorded/notified, only when no rapid review is required)
//
// A rapid review may start before the Panel notification is recorded (the local
// flow sends letters to agencies on working day 1, S8), but it cannot be sent to
// the Panel without one (S7); that check lives in the rapid review's machine.
// Each refusal says why and what is missing, so a page can show it as it is.
import { compareDates, type CalendarDate } from '../calendar/calendar-date.js'
import type { CriteriaAssessment } from './serious-case-criteria.js'

export const INCIDENT_STATES = [
  'recorded',
  'notified',
  'rapid-review-in-progress',
  'decided',
  'closed',
] as const
export type IncidentState = (typeof INCIDENT_STATES)[number]

export const INCIDENT_STATE_NAMES: Record<IncidentState, string> = {
  recorded: 'Recorded',
  notified: 'Panel notified',
  'rapid-review-in-progress': 'Rapid review in progress',
  decided: 'Rapid review sent to the Panel',
  closed: 'Closed',
}

export function isIncidentState(value: unknown): value is IncidentState {
  return typeof value === 'string' && (INCIDENT_STATES as readonly string[]).includes(value)
}

/** What the machine needs to know about an incident to judge a step. */
export interface IncidentFacts {
  readonly state: IncidentState
  readonly awareOn: CalendarDate
  readonly panelNotifiedOn: CalendarDate | null
  readonly secretaryOfStateNotifiedOn: CalendarDate | null
  readonly assessment: Pick<
    CriteriaAssessment,
    'notifyPanel' | 'rapidReviewRequired' | 'notifySecretaryOfStateAndOfsted'
  >
}

export type IncidentEvent =
  | { readonly type: 'record-panel-notification'; readonly on: CalendarDate }
  | { readonly type: 'start-rapid-review' }
  | { readonly type: 'rapid-review-sent'; readonly on: CalendarDate }
  | { readonly type: 'close' }

export type Transition<S extends string> =
  | { readonly allowed: true; readonly to: S }
  | {
      readonly allowed: false
      /** A whole sentence for the person: why not, and what is missing. */
      readonly reason: string
      /** Short names of what is missing, for lists and tests. */
      readonly missing: readonly string[]
    }

function refuse<S extends string>(reason: string, missing: readonly string[] = []): Transition<S> {
  return { allowed: false, reason, missing }
}

/** Judges one step of an incident's life; never throws. */
export function nextIncidentState(
  facts: IncidentFacts,
  event: IncidentEvent,
): Transition<IncidentState> {
  const { state } = facts
  switch (event.type) {
    case 'record-panel-notification': {
      if (state === 'closed') {
        return refuse('The incident is closed, so its notification dates can no longer be changed.')
      }
      if (state === 'decided') {
        return refuse(
          'The rapid review has been sent to the Panel, so the date the Panel was notified can no longer be changed.',
        )
      }
      if (compareDates(event.on, facts.awareOn) < 0) {
        return refuse(
          'The Panel cannot have been notified before the local authority became aware of the incident. Check both dates.',
          ['a notification date on or after the date the local authority became aware'],
        )
      }
      // A late-recorded notification during the rapid review changes no state.
      return { allowed: true, to: state === 'recorded' ? 'notified' : state }
    }
    case 'start-rapid-review': {
      if (state === 'rapid-review-in-progress' || state === 'decided') {
        return refuse('A rapid review has already been started for this incident.')
      }
      if (state === 'closed') {
        return refuse('The incident is closed, so a rapid review cannot be started.')
      }
      if (!facts.assessment.rapidReviewRequired) {
        return refuse(
          'A rapid review is held for a serious child safeguarding case (S1, S6): abuse or neglect must be known or suspected and the child must have died or been seriously harmed. Change the incident’s answers if that is now known.',
          ['abuse or neglect known or suspected'],
        )
      }
      return { allowed: true, to: 'rapid-review-in-progress' }
    }
    case 'rapid-review-sent': {
      if (state !== 'rapid-review-in-progress') {
        return refuse('There is no rapid review in progress for this incident to send.', [
          'a rapid review in progress',
        ])
      }
      if (facts.panelNotifiedOn === null) {
        return refuse(
          'A rapid review cannot be sent to the Panel without a prior notification (S7). Record the date the Panel was notified first.',
          ['the date the Panel was notified'],
        )
      }
      if (compareDates(event.on, facts.panelNotifiedOn) < 0) {
        return refuse(
          'A rapid review cannot be sent to the Panel before the Panel was notified of the incident (S7).',
          ['a sent date on or after the date the Panel was notified'],
        )
      }
      return { allowed: true, to: 'decided' }
    }
    case 'close': {
      if (state === 'closed') return refuse('The incident is already closed.')
      if (state === 'rapid-review-in-progress') {
        return refuse(
          'The rapid review is still in progress. Send it to the Panel before closing the incident.',
          ['the rapid review sent to the Panel'],
        )
      }
      if (state === 'decided') return { allowed: true, to: 'closed' }
      // recorded or notified: only an incident that needs no rapid review closes here.
      if (facts.assessment.rapidReviewRequired) {
        return refuse(
          'This is a serious child safeguarding case, so the partners must hold a rapid review (S6) before the incident is closed.',
          ['a rapid review sent to the Panel'],
        )
      }
      const missing: string[] = []
      if (facts.assessment.notifyPanel && facts.panelNotifiedOn === null) {
        missing.push('the date the Panel was notified')
      }
      if (
        facts.assessment.notifySecretaryOfStateAndOfsted &&
        facts.secretaryOfStateNotifiedOn === null
      ) {
        missing.push('the date the Secretary of State and Ofsted were notified')
      }
      if (missing.length > 0) {
        return refuse(
          `This incident must be notified before it is closed. Record ${missing.join(' and ')} first.`,
          missing,
        )
      }
      return { allowed: true, to: 'closed' }
    }
  }
}

/**
 * What an incident is waiting for, as its status tag says (issue 8): the state
 * machine's state, carried on by what follows the rapid review. After the
 * rapid review is sent, the Panel's response and then the local review it led
 * to say where the case is, so the incident list does not show "sent to the
 * Panel" for a case long since under review.
 */
export const INCIDENT_STATUSES = [
  ...INCIDENT_STATES,
  'panel-responded',
  'local-review-in-progress',
  'local-review-completed',
] as const
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number]

export const INCIDENT_STATUS_NAMES: Record<IncidentStatus, string> = {
  ...INCIDENT_STATE_NAMES,
  'panel-responded': 'Panel responded',
  'local-review-in-progress': 'Local review in progress',
  'local-review-completed': 'Local review completed',
}

export interface IncidentProgress {
  /** The day the Panel's response to the rapid review was recorded, if it was. */
  readonly panelRespondedOn: CalendarDate | null
  /** The status of the review commissioned from its rapid review, if any. */
  readonly localReviewStatus: string | null
}

export function incidentStatus(state: IncidentState, progress: IncidentProgress): IncidentStatus {
  if (state !== 'decided') return state
  if (progress.localReviewStatus === 'final-report-received') return 'local-review-completed'
  if (progress.localReviewStatus === 'published') return 'local-review-completed'
  if (progress.localReviewStatus !== null) return 'local-review-in-progress'
  return progress.panelRespondedOn === null ? 'decided' : 'panel-responded'
}
