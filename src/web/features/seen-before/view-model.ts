// What the "we have seen this before" page shows (issue 11).
import type {
  EarlierLearningView,
  SeenBeforePage,
} from '../../../services/learning/seen-before-service.js'

/** One quoted list: “infant formula”, “dilute”. */
function quoted(values: readonly string[]): string {
  return values.map((value) => `“${value}”`).join(', ')
}

function whyOf(item: EarlierLearningView): string[] {
  const why: string[] = []
  if (item.sharedThemes.length > 0) why.push(`Shared themes: ${item.sharedThemes.join(', ')}`)
  if (item.sharedPhrases.length > 0) why.push(`Same phrases: ${quoted(item.sharedPhrases)}`)
  if (item.sharedWords.length > 0) why.push(`Same words: ${quoted(item.sharedWords)}`)
  return why
}

const CONCERN_TAG: Record<string, string> = {
  open: 'govuk-tag--blue',
  overdue: 'govuk-tag--red',
  'closed-without-completion': 'govuk-tag--orange',
}

function earlierOf(item: EarlierLearningView) {
  return {
    ...item,
    value: `${item.kind}:${item.id}`,
    why: whyOf(item),
    actions: item.actions.map((action) => ({
      ...action,
      tagClass: action.concern ? CONCERN_TAG[action.concern] : 'govuk-tag--green',
    })),
  }
}

export function seenBeforeViewModel(page: SeenBeforePage, path: string) {
  return {
    pageTitle: `We have seen this before: ${page.item.label}`,
    item: page.item,
    matches: page.matches.map(earlierOf),
    linked: page.linked.map((item) => ({ ...earlierOf(item), linkedAt: item.linkedAt })),
    linkedFrom: page.linkedFrom,
    linkAction: `${path}/link`,
    unlinkAction: `${path}/unlink`,
  }
}
