import { formatUkTime } from '../../../domain/calendar/uk-time.js'
import { can } from '../../../domain/access/policy.js'
import type { Actor } from '../../../domain/access/roles.js'
import {
  ABUSE_OR_NEGLECT,
  ABUSE_OR_NEGLECT_NAMES,
  CARE_LEAVER_NOTIFICATION_MAX_AGE,
  HARM,
  HARM_NAMES,
  INCIDENT_GUIDANCE_EDITIONS,
} from '../../../domain/incidents/serious-case-criteria.js'
import {
  MAX_AGE_IN_YEARS,
  PSEUDONYM_MAX_LENGTH,
  TEXT_LIMITS,
} from '../../../domain/incidents/incident-validation.js'
import type { IncidentStatus } from '../../../domain/incidents/incident-lifecycle.js'
import { formatNhsNumber } from '../../../domain/redaction/nhs-number.js'
import { GUIDANCE_EDITION_NAMES } from '../../../domain/statutory/periods.js'
import { childrenLabel } from '../../../services/incident-documents.js'
import {
  childPositionOf,
  type IncidentCorrectionPart,
} from '../../../services/incident-corrections.js'
import type { IncidentPage, PossibleDuplicateView } from '../../../services/incident-service.js'
import type { IncidentView } from '../../../services/incident-views.js'
import { clockViewModel } from './form-fields.js'
import { CHILD_POSITIONS } from './incident-form.js'

const STATE_TAGS: Record<IncidentStatus, string> = {
  recorded: 'govuk-tag--blue',
  notified: 'govuk-tag--light-blue',
  'rapid-review-in-progress': 'govuk-tag--purple',
  decided: 'govuk-tag--turquoise',
  'panel-responded': 'govuk-tag--turquoise',
  'local-review-in-progress': 'govuk-tag--pink',
  'local-review-completed': 'govuk-tag--green',
  closed: 'govuk-tag--grey',
}

export function stateTag(incident: Pick<IncidentView, 'status' | 'stateName'>) {
  return { text: incident.stateName, classes: STATE_TAGS[incident.status] }
}

export function incidentListViewModel(actor: Actor, incidents: readonly IncidentView[]) {
  return {
    pageTitle: 'Serious incidents',
    canRecord: can(actor, 'incidents:manage'),
    showPartnership: new Set(incidents.map((incident) => incident.partnership.id)).size > 1,
    incidents: incidents.map((incident) => ({
      href: `/manage/incidents/${incident.id}`,
      caseReference: incident.caseReference,
      children: childrenLabel(incident),
      partnership: incident.partnership.name,
      awareOn: incident.awareOn,
      stateTag: stateTag(incident),
      notification: clockViewModel(incident.clocks.panelNotification),
      rapidReview: clockViewModel(incident.clocks.rapidReview),
    })),
  }
}

/** Options for the form's radios, in domain words. */
export function incidentFormOptions(partnerships: readonly { slug: string; name: string }[]) {
  return {
    partnerships,
    abuseOrNeglectOptions: ABUSE_OR_NEGLECT.map((value) => ({
      value,
      text: ABUSE_OR_NEGLECT_NAMES[value],
    })),
    harmOptions: HARM.map((value) => ({ value, text: HARM_NAMES[value] })),
    editionOptions: INCIDENT_GUIDANCE_EDITIONS.map((value) => ({
      value,
      text: GUIDANCE_EDITION_NAMES[value],
    })),
    childPositions: CHILD_POSITIONS,
    pseudonymMaxLength: PSEUDONYM_MAX_LENGTH,
    maxAge: MAX_AGE_IN_YEARS,
    careLeaverMaxAge: CARE_LEAVER_NOTIFICATION_MAX_AGE,
    textLimits: TEXT_LIMITS,
  }
}

const yesNo = (value: boolean) => (value ? 'Yes' : 'No')

/** An ISO timestamp as a GOV.UK style time in London: '3:05pm' (one formatter: domain/calendar/uk-time). */
export const londonTime = (iso: string): string => formatUkTime(iso)

interface DetailRow {
  readonly key: { readonly text: string }
  readonly value: { readonly text: string }
  readonly actions?: {
    readonly items: readonly { href: string; text: string; visuallyHiddenText: string }[]
  }
}

/**
 * The incident's recorded details as a summary list, each row with its
 * "Change" link (issue 8) for those who manage the incident.
 */
function detailRows(page: IncidentPage): DetailRow[] {
  const { incident } = page
  const base = `/manage/incidents/${incident.id}/change`
  const row = (
    key: string,
    value: string,
    part: IncidentCorrectionPart | null,
    hidden = key.toLowerCase(),
  ): DetailRow =>
    part !== null && page.canManage
      ? {
          key: { text: key },
          value: { text: value },
          actions: {
            items: [{ href: `${base}/${part}`, text: 'Change', visuallyHiddenText: hidden }],
          },
        }
      : { key: { text: key }, value: { text: value } }
  const notRecorded = (value: string | null) => value ?? 'Not recorded'
  const notifier = [incident.notifier.name, incident.notifier.email, incident.notifier.phone]
    .filter((value): value is string => value !== null)
    .join(', ')
  return [
    row('Case reference', incident.caseReference, null),
    ...incident.children.map((child) =>
      row(
        incident.children.length === 1 ? 'Child' : `Child ${child.position}`,
        child.ageYears === null
          ? child.pseudonym
          : `${child.pseudonym}, ${child.ageYears} ${child.ageYears === 1 ? 'year' : 'years'} old`,
        `child-${child.position}` as IncidentCorrectionPart,
        `the pseudonym and age of ${child.pseudonym}`,
      ),
    ),
    row('Date of the incident', formatLongDate(incident.incidentOn), 'dates'),
    row('Local authority became aware', formatLongDate(incident.awareOn), 'dates'),
    row('Abuse or neglect', ABUSE_OR_NEGLECT_NAMES[incident.abuseOrNeglect], 'abuse-or-neglect'),
    row('Harm', HARM_NAMES[incident.harm], 'harm'),
    row('Looked after', yesNo(incident.lookedAfter), 'flags', 'whether looked after'),
    row('Care leaver', yesNo(incident.careLeaver), 'flags', 'whether a care leaver'),
    row('Guidance', GUIDANCE_EDITION_NAMES[incident.guidanceEdition], 'guidance'),
    row('Place', notRecorded(incident.place), 'place'),
    row('Notifying local authority', notRecorded(incident.notifyingAuthority), 'authorities'),
    row('Home local authority', notRecorded(incident.homeAuthority), 'authorities'),
    row('Notifier', notifier === '' ? 'Not recorded' : notifier, 'notifier'),
  ]
}

const LONG_DATE = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
})

function formatLongDate(date: string): string {
  return LONG_DATE.format(new Date(`${date}T00:00:00Z`))
}

export function incidentPageViewModel(page: IncidentPage) {
  const { incident } = page
  return {
    pageTitle: `Incident ${incident.caseReference}: ${childrenLabel(incident)}`,
    incident,
    children: childrenLabel(incident),
    stateTag: stateTag(incident),
    abuseOrNeglect: ABUSE_OR_NEGLECT_NAMES[incident.abuseOrNeglect],
    harm: HARM_NAMES[incident.harm],
    edition: GUIDANCE_EDITION_NAMES[incident.guidanceEdition],
    lookedAfter: yesNo(incident.lookedAfter),
    careLeaver: yesNo(incident.careLeaver),
    detailRows: detailRows(page),
    clocks: {
      panelNotification: clockViewModel(incident.clocks.panelNotification),
      partnersNotification: clockViewModel(incident.clocks.partnersNotification),
      rapidReview: clockViewModel(incident.clocks.rapidReview),
    },
    // NHS numbers are stored as ten digits and read as the NHS writes them.
    identities:
      page.identities?.map((child) => ({
        ...child,
        nhsNumber: child.nhsNumber === null ? null : formatNhsNumber(child.nhsNumber),
      })) ?? null,
    identitiesShownUntil:
      page.identitiesShownUntil === null ? null : londonTime(page.identitiesShownUntil),
    canShowIdentities: page.canShowIdentities,
    canRestrict: page.canRestrict,
    canManage: page.canManage,
    canMarkEnteredInError: page.canMarkEnteredInError,
    enteredInError: incident.enteredInError,
    open: incident.state !== 'closed',
    canStartRapidReview:
      page.canManage &&
      incident.rapidReviewId === null &&
      incident.assessment.rapidReviewRequired &&
      (incident.state === 'recorded' || incident.state === 'notified'),
    canClose:
      page.canManage &&
      incident.state !== 'closed' &&
      incident.state !== 'rapid-review-in-progress',
  }
}

const PART_TITLES: Record<string, string> = {
  dates: 'Change the dates',
  'abuse-or-neglect': 'Change whether abuse or neglect is known or suspected',
  harm: 'Change the harm',
  flags: 'Change whether looked after or a care leaver',
  guidance: 'Change the guidance',
  place: 'Change the place',
  description: 'Change what happened',
  authorities: 'Change the local authorities',
  notifier: 'Change the notifier',
}

/** One "Change" form of the incident page (issue 8). */
export function correctionViewModel(page: IncidentPage, part: IncidentCorrectionPart) {
  const { incident } = page
  const position = childPositionOf(part)
  const child =
    position === null ? null : incident.children.find((one) => one.position === position)
  const title = child ? `Change ${child.pseudonym}’s details` : (PART_TITLES[part] ?? 'Change')
  return {
    ...incidentFormOptions([]),
    pageTitle: `${title} – incident ${incident.caseReference}`,
    title,
    incident,
    part,
    position,
    childPrefix: position === null ? null : `child${position}`,
    identityShown: page.identities !== null,
    canShowIdentities: page.canShowIdentities,
    action: `/manage/incidents/${incident.id}/change/${part}`,
  }
}

/** The warning before recording an incident that looks like one already recorded (issue 8). */
export function possibleDuplicatesViewModel(
  duplicates: readonly PossibleDuplicateView[],
  posted: Record<string, string>,
) {
  return {
    pageTitle: 'This incident may already be recorded',
    duplicates: duplicates.map((duplicate) => ({
      href: `/manage/incidents/${duplicate.id}`,
      caseReference: duplicate.caseReference,
      children: duplicate.pseudonyms.join(', '),
      awareOn: duplicate.awareOn,
    })),
    // Everything the person typed goes back with the confirmation, so nothing is lost.
    hiddenFields: Object.entries(posted)
      .filter(([name]) => name !== 'confirmNotDuplicate')
      .map(([name, value]) => ({ name, value })),
  }
}
