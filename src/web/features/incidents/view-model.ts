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
} from '../../../domain/incidents/incident-validation.js'
import type { IncidentState } from '../../../domain/incidents/incident-lifecycle.js'
import { GUIDANCE_EDITION_NAMES } from '../../../domain/statutory/periods.js'
import { childrenLabel } from '../../../services/incident-documents.js'
import type { IncidentPage } from '../../../services/incident-service.js'
import type { IncidentView } from '../../../services/incident-views.js'
import { clockViewModel } from './form-fields.js'
import { CHILD_POSITIONS } from './incident-form.js'

const STATE_TAGS: Record<IncidentState, string> = {
  recorded: 'govuk-tag--blue',
  notified: 'govuk-tag--light-blue',
  'rapid-review-in-progress': 'govuk-tag--purple',
  decided: 'govuk-tag--turquoise',
  closed: 'govuk-tag--grey',
}

export function stateTag(incident: Pick<IncidentView, 'state' | 'stateName'>) {
  return { text: incident.stateName, classes: STATE_TAGS[incident.state] }
}

export function incidentListViewModel(actor: Actor, incidents: readonly IncidentView[]) {
  return {
    pageTitle: 'Serious incidents',
    canRecord: can(actor, 'incidents:manage'),
    showPartnership: new Set(incidents.map((incident) => incident.partnership.id)).size > 1,
    incidents: incidents.map((incident) => ({
      href: `/manage/incidents/${incident.id}`,
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
  }
}

const yesNo = (value: boolean) => (value ? 'Yes' : 'No')

/** An ISO timestamp as a GOV.UK style time in London: '3:05pm' (one formatter: domain/calendar/uk-time). */
export const londonTime = (iso: string): string => formatUkTime(iso)

export function incidentPageViewModel(page: IncidentPage) {
  const { incident } = page
  return {
    pageTitle: `Incident: ${childrenLabel(incident)}`,
    incident,
    children: childrenLabel(incident),
    stateTag: stateTag(incident),
    abuseOrNeglect: ABUSE_OR_NEGLECT_NAMES[incident.abuseOrNeglect],
    harm: HARM_NAMES[incident.harm],
    edition: GUIDANCE_EDITION_NAMES[incident.guidanceEdition],
    lookedAfter: yesNo(incident.lookedAfter),
    careLeaver: yesNo(incident.careLeaver),
    clocks: {
      panelNotification: clockViewModel(incident.clocks.panelNotification),
      partnersNotification: clockViewModel(incident.clocks.partnersNotification),
      rapidReview: clockViewModel(incident.clocks.rapidReview),
    },
    identities: page.identities,
    identitiesShownUntil:
      page.identitiesShownUntil === null ? null : londonTime(page.identitiesShownUntil),
    canShowIdentities: page.canShowIdentities,
    canRestrict: page.canRestrict,
    canManage: page.canManage,
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
