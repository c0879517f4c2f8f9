// What the agencies pages show (issue 8): each partnership's list, current
// agencies first, with the kind in words and whether it is retired.
import type { AgencyListEntry } from '../../../data/repositories/agencies/agency-repository.js'
import {
  AGENCY_KINDS,
  AGENCY_KIND_LABELS,
  agencyKindLabel,
} from '../../../domain/agencies/agency-list.js'
import { formatDate } from '../../plugins/views.js'
import type { PartnershipAgencies } from '../../../services/agencies/agency-service.js'

export const AGENCIES_PATH = '/manage/settings/agencies'

export function agencyPath(id: string, page: 'change' | 'retire' | 'restore' = 'change'): string {
  return `${AGENCIES_PATH}/${id}/${page}`
}

export function agencyListViewModel(lists: readonly PartnershipAgencies[]) {
  return {
    pageTitle: 'Agencies',
    addHref: `${AGENCIES_PATH}/new`,
    partnerships: lists.map((list) => ({
      name: list.partnership.name,
      current: list.agencies.filter((agency) => !agency.retiredOn).length,
      rows: list.agencies.map((agency) => ({
        name: agency.name,
        kind: agencyKindLabel(agency.kind),
        retired: agency.retiredOn
          ? `Retired ${formatDate(agency.retiredOn)}: ${agency.retiredReason ?? ''}`
          : null,
        changeHref: agencyPath(agency.id),
        retireHref: agency.retiredOn ? null : agencyPath(agency.id, 'retire'),
        restoreHref: agency.retiredOn ? agencyPath(agency.id, 'restore') : null,
      })),
    })),
  }
}

export function kindItems(selected: string | undefined) {
  return AGENCY_KINDS.map((kind) => ({
    value: kind,
    text: AGENCY_KIND_LABELS[kind],
    checked: kind === selected,
  }))
}

export function agencyFormViewModel(options: {
  readonly action: string
  readonly heading: string
  readonly form: Record<string, string>
  readonly partnerships?: readonly { id: string; name: string }[]
  readonly version?: number
}) {
  const partnerships = options.partnerships ?? []
  return {
    pageTitle: options.heading,
    heading: options.heading,
    action: options.action,
    cancelHref: AGENCIES_PATH,
    version: options.version ?? null,
    form: options.form,
    kindItems: kindItems(options.form.kind),
    // One partnership: no choice to make, so no question.
    partnershipItems:
      partnerships.length > 1
        ? partnerships.map((partnership) => ({
            value: partnership.id,
            text: partnership.name,
            checked: partnership.id === options.form.partnership,
          }))
        : null,
    onlyPartnership: partnerships.length === 1 ? partnerships[0] : null,
  }
}

export function retireViewModel(agency: AgencyListEntry, form: Record<string, string>) {
  return {
    pageTitle: `Retire ${agency.name}`,
    agency,
    action: agencyPath(agency.id, 'retire'),
    cancelHref: AGENCIES_PATH,
    form,
  }
}
