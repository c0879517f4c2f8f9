// What the recurring themes page shows (issue 11).
import { formatDate } from '../../plugins/views.js'
import type { RecurringThemesPage } from '../../../services/learning/recurring-theme-service.js'

export function recurringThemesViewModel(page: RecurringThemesPage) {
  return {
    pageTitle: 'Recurring themes',
    partnership: page.partnership,
    otherPartnerships: page.partnerships.filter(
      (partnership) => partnership.id !== page.partnership.id,
    ),
    reviewCount: page.reviewCount,
    summaryRows: page.themes.map((theme) => [
      {
        html: `<a class="govuk-link" href="#theme-${theme.slug}">${escapeHtml(theme.name)}</a>${theme.retired ? ' <strong class="govuk-tag govuk-tag--grey">Retired</strong>' : ''}`,
      },
      { text: String(theme.reviews.length), format: 'numeric' },
      { text: String(theme.actions.length), format: 'numeric' },
      { text: String(theme.openActions), format: 'numeric' },
      { text: String(theme.overdueActions), format: 'numeric' },
    ]),
    themes: page.themes.map((theme) => ({
      ...theme,
      actionRows: theme.actions.map((action) => [
        {
          html: `<a class="govuk-link" href="/manage/actions/${action.id}">${escapeHtml(action.description)}</a>`,
        },
        { text: action.reviewTitle },
        { text: action.agencyName },
        { text: formatDate(action.dueOn) },
        {
          html: `<strong class="govuk-tag ${action.overdue ? 'govuk-tag--red' : action.open ? 'govuk-tag--blue' : 'govuk-tag--green'}">${escapeHtml(action.overdue ? 'Overdue' : action.statusName)}</strong>`,
        },
      ]),
    })),
  }
}

function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
}
