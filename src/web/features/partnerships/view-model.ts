// The deployment administrator's pages (issue 12) and the partnership choice
// of people in several partnerships: plain data for the templates.
import { agencyKindLabel } from '../../../domain/agencies/agency-list.js'
import { formatUkDateTime } from '../../../domain/calendar/uk-time.js'
import type {
  CreatedPartnership,
  PartnershipOutline,
  PartnershipSummary,
} from '../../../services/partnerships/deployment-service.js'

export const PARTNERSHIPS_PATH = '/manage/partnerships'
export const PARTNERSHIP_CHOICE_PATH = '/manage/partnership-choice'

export function partnershipListViewModel(partnerships: readonly PartnershipSummary[]) {
  return {
    pageTitle: 'Partnerships',
    newHref: `${PARTNERSHIPS_PATH}/new`,
    rows: partnerships.map((partnership) => [
      {
        html: `<a class="govuk-link" href="${PARTNERSHIPS_PATH}/${partnership.id}">${escapeHtml(partnership.name)}</a>`,
      },
      { text: `/p/${partnership.slug}` },
      { text: partnership.caseReferencePrefix },
      { text: String(partnership.agencies), format: 'numeric' },
      { text: String(partnership.people), format: 'numeric' },
    ]),
    count: partnerships.length,
  }
}

export function partnershipOutlineViewModel(outline: PartnershipOutline) {
  const { partnership } = outline
  return {
    pageTitle: partnership.name,
    partnership: {
      name: partnership.name,
      slug: partnership.slug,
      publicHref: `/p/${partnership.slug}`,
      caseReferencePrefix: partnership.caseReferencePrefix,
      created: formatUkDateTime(new Date(partnership.createdAt)),
      people: partnership.people,
    },
    agencyRows: outline.agencies.map((agency) => [
      { text: agency.name },
      { text: agencyKindLabel(agency.kind) },
    ]),
    administratorRows: outline.administrators.map((member) => [
      { text: member.displayName },
      { text: member.email },
    ]),
  }
}

export const NEW_PARTNERSHIP_FIELDS = [
  'name',
  'slug',
  'localAuthority',
  'police',
  'health',
  'administratorEmail',
  'administratorName',
] as const

export function newPartnershipViewModel(form: Record<string, string>) {
  return { pageTitle: 'Create a partnership', form, cancelHref: PARTNERSHIPS_PATH }
}

export function createdPartnershipViewModel(created: CreatedPartnership, id: string) {
  return {
    pageTitle: `${created.name} created`,
    created,
    partnershipHref: `${PARTNERSHIPS_PATH}/${id}`,
    publicHref: `/p/${created.slug}`,
  }
}

export function partnershipChoiceViewModel(
  choice: { partnerships: { id: string; name: string }[]; chosen: string | null },
  errors: Record<string, string> = {},
) {
  return {
    pageTitle: 'Which partnership are you working in?',
    items: [
      ...choice.partnerships.map((partnership) => ({
        value: partnership.id,
        text: partnership.name,
        checked: choice.chosen === partnership.id,
      })),
      { divider: 'or' },
      {
        value: 'all',
        text: 'All my partnerships at once',
        hint: { text: 'Lists show each partnership’s records together, labelled.' },
        checked: choice.chosen === null,
      },
    ],
    errors,
  }
}

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
}
