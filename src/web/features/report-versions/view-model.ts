// What the report version and redaction check pages show. Hits are shown by
// their masked excerpt and the detail's label, never the value found.
import { HIT_KIND_LABELS, type RedactionHit } from '../../../domain/redaction/redaction-check.js'
import {
  TERM_KIND_LABELS,
  TERM_KINDS,
  type RedactionTerm,
} from '../../../domain/redaction/terms.js'
import type { ReportVersionPage } from '../../../services/publishing/report-version-service.js'
import { fileSize } from '../rapid-reviews/view-model.js'

/** How many term rows the stateless check's form offers. */
export const TERM_ROWS = [1, 2, 3, 4, 5, 6, 7, 8] as const

export function kindItems(selected: string) {
  return [
    { value: '', text: 'Choose a kind', selected: selected === '' },
    ...TERM_KINDS.map((kind) => ({
      value: kind,
      text: TERM_KIND_LABELS[kind],
      selected: selected === kind,
    })),
  ]
}

export const KIND_NAMES: Record<string, string> = { pdf: 'PDF', docx: 'Word document' }

export function versionPageViewModel(page: ReportVersionPage) {
  const open = page.hits.filter((hit) => hit.dismissedAt === null)
  return {
    pageTitle: `Version ${page.version.number} of the report`,
    review: page.review,
    version: {
      ...page.version,
      kindName: KIND_NAMES[page.version.kind] ?? page.version.kind,
      size: fileSize(page.version.sizeBytes),
    },
    clear: page.clear,
    canDismiss: page.canDismiss,
    canWithdraw: page.canWithdraw,
    openCount: open.length,
    hitRows: page.hits.map((hit) => ({
      id: hit.id,
      kindName: HIT_KIND_LABELS[hit.kind as keyof typeof HIT_KIND_LABELS] ?? hit.kind,
      what: hit.termLabel ?? HIT_KIND_LABELS[hit.kind as keyof typeof HIT_KIND_LABELS] ?? hit.kind,
      warning: hit.warning,
      location: hit.location,
      excerpt: hit.excerpt,
      dismissed: hit.dismissedAt !== null,
      dismissedAt: hit.dismissedAt,
      dismissedByName: hit.dismissedByName,
      dismissedReason: hit.dismissedReason,
    })),
  }
}

export function checkResultViewModel(
  result: { clear: boolean; hits: RedactionHit[] },
  terms: readonly RedactionTerm[],
) {
  return {
    clear: result.clear,
    count: result.hits.length,
    rows: result.hits.map((hit) => ({
      what:
        hit.term === null
          ? HIT_KIND_LABELS[hit.kind]
          : `Detail ${hit.term + 1} (${TERM_KIND_LABELS[terms[hit.term]?.kind ?? 'text'].toLowerCase()})`,
      warning: hit.warning,
      location: hit.location,
      excerpt: hit.excerpt,
    })),
  }
}
