// Concurrent edits of the same record (issue 4, "Faults and recovery"): when a
// versioned save is refused because someone else saved first, the person sees
// what they tried to save beside what is saved now, and nothing is overwritten.
//
// The services read "saved now" inside the transaction that found the conflict
// (on PostgreSQL a statement after the blocked UPDATE sees the other person's
// committed row) and attach it to the StaleVersionError. The web layer reads
// "what they tried" from the posted form. Both go through the field lists and
// formatting below, so the two summary lists line up row by row.
//
// Nothing here may carry a restricted identity field (children's real names,
// dates of birth, addresses, local authority references, NHS numbers): these
// lists are for pages any editor of the record sees.
import type { RapidReviewParts } from './rapid-review-views.js'
import type { ReviewWorkRecord } from '../data/repositories/review-work-repository.js'
import { StaleVersionError, type SavedVersion } from '../domain/errors.js'
import { INCIDENT_STATE_NAMES, isIncidentState } from '../domain/incidents/incident-lifecycle.js'
import {
  CRITERION_ANSWER_NAMES,
  DECISION_NAMES,
  REG_11_CRITERIA,
  STATUTORY_PARTNER_NAMES,
} from '../domain/rapid-reviews/rapid-review.js'
import {
  TIMETABLE_FIELDS,
  TIMETABLE_FIELD_LABELS,
  type RapidReviewTimetable,
} from '../domain/rapid-reviews/timetable.js'
import { ACTION_STATUS_NAMES } from '../domain/actions/action-plan.js'
import { REVIEW_STATUS_NAMES } from '../domain/reviews/lifecycle.js'
import { METHODOLOGY_DETAILS } from '../domain/reviews/methodologies.js'
import { STAGE_STATUS_NAMES } from '../domain/reviews/stages.js'
import { INVITATION_METHOD_NAMES, TOOK_PART_NAMES } from '../domain/reviews/family-involvement.js'
import {
  STATUTORY_PERIOD_KEYS,
  STATUTORY_PERIOD_LABELS,
  type StatutoryPeriods,
} from '../domain/statutory/periods.js'

export type { SavedVersion } from '../domain/errors.js'

/** One field of a form, as the conflict page names it. */
export interface ConflictField {
  /** The form field's name; for a GOV.UK date input, the name before -day/-month/-year. */
  readonly name: string
  readonly label: string
  /** 'date': YYYY-MM-DD shown as "2 January 2024"; 'choice(s)': codes shown by `options`. */
  readonly kind?: 'text' | 'date' | 'choice' | 'choices'
  readonly options?: Readonly<Record<string, string>>
  /** Said after a number, like "working days". */
  readonly unit?: string
}

/** A field's value in the form's own terms: text, a date as YYYY-MM-DD, option codes. */
export type FieldValue = string | readonly string[] | null | undefined

export const NOT_GIVEN = 'Not given'

const DATE_FORMAT = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
})

function formatDate(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return value
  const date = new Date(`${value}T00:00:00Z`)
  // 2023-02-30 is not a date: show it as typed rather than as 2 March.
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) return value
  return DATE_FORMAT.format(date)
}

/** A value as a person reads it; blanks say so, unknown codes show as sent. */
export function displayValue(field: ConflictField, value: FieldValue): string {
  const values = (Array.isArray(value) ? value : [value]).filter(
    (item): item is string => typeof item === 'string' && item.trim() !== '',
  )
  if (values.length === 0) return NOT_GIVEN
  const shown = values.map((item) => {
    if (field.kind === 'date') return formatDate(item)
    if (field.options) return field.options[item] ?? item
    return field.unit ? `${item} ${field.unit}` : item
  })
  return shown.join(field.kind === 'choices' ? ', ' : '\n')
}

/** The fields in form order, each with its label and its value for people. */
export function labelledValues(
  fields: readonly ConflictField[],
  values: Readonly<Record<string, FieldValue>>,
): SavedVersion {
  const result: Record<string, string> = {}
  for (const field of fields) result[field.label] = displayValue(field, values[field.name])
  return result
}

/**
 * Runs a versioned write. A StaleVersionError that does not yet say what is
 * saved now gets it from `saved`, read through the same transaction: the
 * failed UPDATE changed nothing, so the transaction is still usable.
 */
export async function withSavedVersion<T>(
  saved: () => Promise<SavedVersion | null>,
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work()
  } catch (error) {
    if (!(error instanceof StaleVersionError) || error.current !== undefined) throw error
    const current = await saved()
    throw current === null ? error : error.withCurrent(current)
  }
}

// ── Partnerships ─────────────────────────────────────────────────────────────

export const PARTNERSHIP_NAME_FIELDS: readonly ConflictField[] = [
  { name: 'name', label: 'Partnership name' },
]

// ── Incidents (S1–S5) ────────────────────────────────────────────────────────

export const INCIDENT_NOTIFICATION_FIELDS: readonly ConflictField[] = [
  { name: 'panelNotifiedOn', label: 'Date the Panel was notified', kind: 'date' },
  { name: 'ofstedNotifiedOn', label: 'Date Ofsted was notified', kind: 'date' },
  {
    name: 'partnersNotifiedOn',
    label: 'Date the safeguarding partners were told',
    kind: 'date',
  },
  {
    name: 'secretaryOfStateNotifiedOn',
    label: 'Date the Secretary of State and Ofsted were notified',
    kind: 'date',
  },
]

export const INCIDENT_CLOSE_FIELDS: readonly ConflictField[] = [
  { name: 'closedReason', label: 'Reason for closing' },
]

const INCIDENT_STATE_FIELD: ConflictField = {
  name: 'state',
  label: 'State',
  kind: 'choice',
  options: INCIDENT_STATE_NAMES,
}

/** An incident's editable facts, as the incident page's forms show them. */
export function incidentSavedVersion(incident: {
  readonly state: string
  readonly panelNotifiedOn: string | null
  readonly ofstedNotifiedOn: string | null
  readonly partnersNotifiedOn: string | null
  readonly secretaryOfStateNotifiedOn: string | null
  readonly closedReason: string | null
}): SavedVersion {
  const fields = [INCIDENT_STATE_FIELD, ...INCIDENT_NOTIFICATION_FIELDS]
  if (isIncidentState(incident.state) && incident.state === 'closed') {
    fields.push(...INCIDENT_CLOSE_FIELDS)
  }
  return labelledValues(fields, incident)
}

// ── Rapid reviews (S6–S9) ────────────────────────────────────────────────────

/** The rapid review's forms, by the last part of their address. */
export type RapidReviewForm =
  | 'agency-requests'
  | 'agency-response'
  | 'meeting'
  | 'findings'
  | 'safety-actions'
  | 'criteria'
  | 'decision'
  | 'sign-off'
  | 'sent-to-panel'
  | 'panel-response'

const YES_NO = { yes: 'Yes', no: 'No' }

function criterionFieldName(criterion: string, note = false): string {
  return `criterion${criterion.toUpperCase()}${note ? 'Note' : ''}`
}

/** Fields of each rapid review form; `agencies` names the agency choice's options. */
export function rapidReviewFormFields(
  form: RapidReviewForm,
  agencies: Readonly<Record<string, string>> = {},
): readonly ConflictField[] {
  switch (form) {
    case 'agency-requests':
      return [
        { name: 'agencyIds', label: 'Agencies', kind: 'choices', options: agencies },
        { name: 'requestedOn', label: 'Date of the request', kind: 'date' },
        { name: 'dueOn', label: 'Date the information is due', kind: 'date' },
      ]
    case 'agency-response':
      return [
        { name: 'receivedOn', label: 'Date the information was received', kind: 'date' },
        { name: 'summary', label: 'Summary of the agency’s information' },
      ]
    case 'meeting':
      return [
        { name: 'meetingOn', label: 'Date of the rapid review meeting', kind: 'date' },
        { name: 'attendees', label: 'Attendees' },
      ]
    case 'findings':
      return [
        { name: 'factsEstablished', label: 'Facts established' },
        { name: 'learningIdentified', label: 'Learning identified' },
      ]
    case 'safety-actions':
      return [
        { name: 'action', label: 'Immediate safety action' },
        { name: 'owner', label: 'Owner' },
      ]
    case 'criteria':
      return REG_11_CRITERIA.flatMap((criterion): ConflictField[] => [
        {
          name: criterionFieldName(criterion),
          label: `Criterion (${criterion})`,
          kind: 'choice',
          options: CRITERION_ANSWER_NAMES,
        },
        { name: criterionFieldName(criterion, true), label: `Note on criterion (${criterion})` },
      ])
    case 'decision':
      return [
        { name: 'decision', label: 'Decision', kind: 'choice', options: DECISION_NAMES },
        { name: 'rationale', label: 'Rationale' },
        { name: 'decidedOn', label: 'Date of the decision', kind: 'date' },
      ]
    case 'sign-off':
      return [
        {
          name: 'partner',
          label: 'Signing for',
          kind: 'choice',
          options: STATUTORY_PARTNER_NAMES,
        },
      ]
    case 'sent-to-panel':
      return [
        {
          name: 'sentToPanelOn',
          label: 'Date the rapid review was sent to the Panel',
          kind: 'date',
        },
      ]
    case 'panel-response':
      return [
        { name: 'respondedOn', label: 'Date of the Panel’s response', kind: 'date' },
        {
          name: 'panelAgrees',
          label: 'Does the Panel agree with the decision?',
          kind: 'choice',
          options: YES_NO,
        },
        {
          name: 'nationalReview',
          label: 'Will the Panel hold a national review?',
          kind: 'choice',
          options: YES_NO,
        },
        { name: 'notes', label: 'Notes' },
      ]
  }
}

function yesNo(value: boolean | null): string {
  return value === true ? 'yes' : value === false ? 'no' : ''
}

/**
 * What the form shows now. Forms that add a row (a request, an action, a
 * sign-off) show the rows saved so far instead, since there is no one saved
 * value to put beside the new one.
 */
export function rapidReviewSavedVersion(
  form: RapidReviewForm,
  parts: RapidReviewParts,
  agencyRequestId?: string,
): SavedVersion {
  const { record } = parts
  switch (form) {
    case 'agency-requests':
      return {
        'Agencies asked for information':
          parts.agencyRequests
            .map(
              (request) =>
                `${request.agencyName}: asked ${formatDate(request.requestedOn)}, due ${formatDate(request.dueOn)}`,
            )
            .join('\n') || NOT_GIVEN,
      }
    case 'agency-response': {
      const request = parts.agencyRequests.find((candidate) => candidate.id === agencyRequestId)
      return labelledValues(rapidReviewFormFields(form), {
        receivedOn: request?.receivedOn,
        summary: request?.summary,
      })
    }
    case 'meeting':
      return labelledValues(rapidReviewFormFields(form), {
        meetingOn: record.meetingOn,
        attendees: record.meetingAttendees,
      })
    case 'findings':
      return labelledValues(rapidReviewFormFields(form), {
        factsEstablished: record.factsEstablished,
        learningIdentified: record.learningIdentified,
      })
    case 'safety-actions':
      return {
        'Immediate safety actions':
          parts.safetyActions.map((action) => `${action.action} (${action.owner})`).join('\n') ||
          NOT_GIVEN,
      }
    case 'criteria': {
      const values: Record<string, string | null> = {}
      for (const row of parts.criteria) {
        values[criterionFieldName(row.criterion)] = row.answer
        values[criterionFieldName(row.criterion, true)] = row.note
      }
      return labelledValues(rapidReviewFormFields(form), values)
    }
    case 'decision':
      return labelledValues(rapidReviewFormFields(form), {
        decision: record.decision,
        rationale: record.decisionRationale,
        decidedOn: record.decidedOn,
      })
    case 'sign-off':
      return {
        'Signed off by':
          parts.signOffs
            .map(
              (signOff) =>
                `${STATUTORY_PARTNER_NAMES[signOff.partner as keyof typeof STATUTORY_PARTNER_NAMES] ?? signOff.partner}: ${signOff.signedByName}, ${formatDate(signOff.signedOn)}`,
            )
            .join('\n') || NOT_GIVEN,
      }
    case 'sent-to-panel':
      return labelledValues(rapidReviewFormFields(form), { sentToPanelOn: record.sentToPanelOn })
    case 'panel-response':
      return labelledValues(rapidReviewFormFields(form), {
        respondedOn: record.panelResponseOn,
        panelAgrees: yesNo(record.panelAgrees),
        nationalReview: yesNo(record.panelNationalReview),
        notes: record.panelResponseNotes,
      })
  }
}

// ── Reviews (S10–S12) ────────────────────────────────────────────────────────

/** The review details form; `partnerships` names the participating partnerships' options. */
export function reviewDetailsFields(
  partnerships: readonly { readonly id: string; readonly name: string }[],
): readonly ConflictField[] {
  return [
    { name: 'childPseudonym', label: 'Child’s pseudonym' },
    { name: 'title', label: 'Title' },
    {
      name: 'methodology',
      label: 'Methodology',
      kind: 'choice',
      options: Object.fromEntries(
        Object.entries(METHODOLOGY_DETAILS).map(([key, details]) => [key, details.name]),
      ),
    },
    { name: 'methodologyOther', label: 'Name of the other methodology' },
    { name: 'termsOfReference', label: 'Terms of reference' },
    { name: 'decisionOn', label: 'Date of the decision to hold the review', kind: 'date' },
    {
      name: 'participatingPartnershipIds',
      label: 'Participating partnerships',
      kind: 'choices',
      options: Object.fromEntries(
        partnerships.map((partnership) => [partnership.id, partnership.name]),
      ),
    },
    {
      name: 'restricted',
      label: 'Access',
      kind: 'choice',
      options: { yes: 'Restricted to the lead partnership and the named reviewers' },
    },
  ]
}

export function reviewDetailsSavedVersion(review: ReviewWorkRecord): SavedVersion {
  return labelledValues(reviewDetailsFields(review.participatingPartnerships), {
    childPseudonym: review.childPseudonym,
    title: review.title,
    methodology: review.methodology,
    methodologyOther: review.methodologyOther,
    termsOfReference: review.termsOfReference,
    decisionOn: review.decisionOn,
    participatingPartnershipIds: review.participatingPartnerships.map((p) => p.id),
    restricted: review.restricted ? 'yes' : '',
  })
}

export const REVIEW_STAGE_FIELDS: readonly ConflictField[] = [
  { name: 'status', label: 'Status', kind: 'choice', options: STAGE_STATUS_NAMES },
]

export function reviewStageSavedVersion(review: ReviewWorkRecord, stage: string): SavedVersion {
  return labelledValues(REVIEW_STAGE_FIELDS, {
    status: review.stages.find((candidate) => candidate.stage === stage)?.status,
  })
}

const REVIEW_STATUS_FIELD: ConflictField = {
  name: 'status',
  label: 'Review status',
  kind: 'choice',
  options: REVIEW_STATUS_NAMES,
}

export const FINAL_REPORT_FIELDS: readonly ConflictField[] = [
  { name: 'receivedOn', label: 'Date the final report was received', kind: 'date' },
]

/** For the start and final-report forms: where the review's lifecycle is now. */
export function reviewLifecycleSavedVersion(review: ReviewWorkRecord): SavedVersion {
  return labelledValues([REVIEW_STATUS_FIELD, ...FINAL_REPORT_FIELDS], {
    status: review.status,
    receivedOn: review.finalReportReceivedOn,
  })
}

export const CHRONOLOGY_ENTRY_FIELDS: readonly ConflictField[] = [
  { name: 'agency', label: 'Agency' },
  { name: 'occurredOn', label: 'Date', kind: 'date' },
  { name: 'time', label: 'Time' },
  { name: 'event', label: 'What happened' },
  { name: 'source', label: 'Source' },
]

export function chronologyEntrySavedVersion(saved: {
  agency: string
  occurredOn: string
  occurredAt: string | null
  event: string
  source: string | null
}): SavedVersion {
  return labelledValues(CHRONOLOGY_ENTRY_FIELDS, { ...saved, time: saved.occurredAt })
}

export const FAMILY_INVOLVEMENT_FIELDS: readonly ConflictField[] = [
  { name: 'invitedOn', label: 'Date invited', kind: 'date' },
  { name: 'invitedHow', label: 'How', kind: 'choice', options: INVITATION_METHOD_NAMES },
  { name: 'invitedBy', label: 'Invited by' },
  { name: 'tookPart', label: 'Took part', kind: 'choice', options: TOOK_PART_NAMES },
  { name: 'familyViews', label: 'What the family said' },
]

export function familyInvolvementSavedVersion(saved: {
  invitedOn: string | null
  invitedHow: string | null
  invitedBy: string | null
  tookPart: string
  familyViews: string | null
}): SavedVersion {
  return labelledValues(FAMILY_INVOLVEMENT_FIELDS, saved)
}

export const CHECKPOINT_ANSWER_FIELDS: readonly ConflictField[] = [
  { name: 'respondedOn', label: 'Date the answer was received', kind: 'date' },
]

export function checkpointAnswerSavedVersion(
  review: ReviewWorkRecord,
  checkpointId: string,
): SavedVersion {
  const checkpoint = review.checkpoints.find((candidate) => candidate.id === checkpointId)
  return labelledValues(CHECKPOINT_ANSWER_FIELDS, { respondedOn: checkpoint?.respondedOn })
}

export const DELAY_TOLD_FIELDS: readonly ConflictField[] = [
  { name: 'panelToldOn', label: 'Date the Panel was told', kind: 'date' },
  { name: 'secretaryOfStateToldOn', label: 'Date the Secretary of State was told', kind: 'date' },
]

export function delayToldSavedVersion(review: ReviewWorkRecord, delayId: string): SavedVersion {
  const delay = review.delays.find((candidate) => candidate.id === delayId)
  return labelledValues(DELAY_TOLD_FIELDS, {
    panelToldOn: delay?.panelToldOn,
    secretaryOfStateToldOn: delay?.secretaryOfStateToldOn,
  })
}

// ── Settings: statutory periods (S3, S6, S12, S15, S16) ──────────────────────

export const STATUTORY_PERIOD_FIELDS: readonly ConflictField[] = STATUTORY_PERIOD_KEYS.map(
  (key) => ({
    name: key,
    label: `${STATUTORY_PERIOD_LABELS[key].label} (${STATUTORY_PERIOD_LABELS[key].rule})`,
    unit: STATUTORY_PERIOD_LABELS[key].unit,
  }),
)

export function statutoryPeriodsSavedVersion(periods: StatutoryPeriods): SavedVersion {
  return labelledValues(
    STATUTORY_PERIOD_FIELDS,
    Object.fromEntries(STATUTORY_PERIOD_KEYS.map((key) => [key, String(periods[key])])),
  )
}

// ── Settings: a partnership's rapid review timetable (S8, issue 8) ───────────

export const RAPID_REVIEW_TIMETABLE_FIELDS: readonly ConflictField[] = TIMETABLE_FIELDS.map(
  (key) => ({ name: key, label: `${TIMETABLE_FIELD_LABELS[key]} (working day)` }),
)

export function rapidReviewTimetableSavedVersion(timetable: RapidReviewTimetable): SavedVersion {
  return labelledValues(
    RAPID_REVIEW_TIMETABLE_FIELDS,
    Object.fromEntries(TIMETABLE_FIELDS.map((key) => [key, String(timetable[key])])),
  )
}

// ── Agency actions ───────────────────────────────────────────────────────────

/** A progress update: the status it leaves the action in, and what was done. */
export const ACTION_UPDATE_FIELDS: readonly ConflictField[] = [
  { name: 'status', label: 'Status', kind: 'choice', options: ACTION_STATUS_NAMES },
  { name: 'note', label: 'Latest update' },
]
