// The learning library's staff search page (issue 11): the filters as a GET
// form (no JavaScript needed, the address can be shared), the results with
// the matched words marked, and the pages.
import type { FieldError } from '../../../domain/errors.js'
import {
  ACTION_STATUS_FILTER_NAMES,
  ACTION_STATUS_FILTERS,
  STAFF_SEARCH_KIND_NAMES,
  STAFF_SEARCH_KINDS,
  type StaffSearchRequest,
} from '../../../domain/learning/staff-search.js'
import { MAX_RESULTS, snippetToHtml } from '../../../domain/public-site/search-terms.js'
import type {
  StaffSearchOptions,
  StaffSearchPage,
} from '../../../services/learning/staff-search-service.js'
import { errorViewModel } from '../../form-errors.js'
import { paginationOf, resultCountText } from '../public-learning/view-model.js'

export const LEARNING_LIBRARY_PATH = '/manage/learning'

/** Years offered by the year filter: the library's years, newest first. */
export interface LibraryChoices extends StaffSearchOptions {
  readonly years: readonly number[]
}

/** The query string of this search at another page, every filter kept. */
export function libraryHref(request: StaffSearchRequest, page: number): string {
  const params = new URLSearchParams()
  if (request.text.trim() !== '') params.set('q', request.text.slice(0, 500))
  const f = request.filters
  for (const kind of f.kinds ?? []) params.append('kind', kind)
  if (f.themeSlug !== undefined) params.set('theme', f.themeSlug)
  if (f.year !== undefined) params.set('year', String(f.year))
  if (f.agencyId !== undefined) params.set('agency', f.agencyId)
  if (f.partnershipId !== undefined) params.set('partnership', f.partnershipId)
  if (f.actionStatus !== undefined) params.set('actions', f.actionStatus)
  if (page > 1) params.set('page', String(page))
  const text = params.toString()
  return text === '' ? LEARNING_LIBRARY_PATH : `${LEARNING_LIBRARY_PATH}?${text}`
}

function selectItems(
  anyText: string,
  options: readonly { value: string; text: string }[],
  chosen: string | undefined,
) {
  return [
    { value: '', text: anyText, selected: chosen === undefined },
    ...options.map((option) => ({ ...option, selected: option.value === chosen })),
  ]
}

export function learningLibraryViewModel(
  request: StaffSearchRequest,
  results: StaffSearchPage | null,
  errors: readonly FieldError[],
  choices: LibraryChoices,
  pageSize: number,
) {
  const f = request.filters
  const chosenKinds = new Set<string>(f.kinds ?? [])
  const first = results ? (results.page - 1) * pageSize + 1 : 0
  const asked = results?.asked ?? false
  return {
    pageTitle:
      results && results.searchedFor !== ''
        ? `Learning library: ${results.searchedFor}`
        : 'Learning library',
    ...errorViewModel(errors),
    action: LEARNING_LIBRARY_PATH,
    typed: request.text.slice(0, 500),
    kindItems: STAFF_SEARCH_KINDS.map((kind) => ({
      value: kind,
      text: STAFF_SEARCH_KIND_NAMES[kind],
      checked: chosenKinds.has(kind),
    })),
    themeItems: selectItems(
      'Any theme',
      choices.themes.map((theme) => ({ value: theme.slug, text: theme.name })),
      f.themeSlug,
    ),
    yearItems: selectItems(
      'Any year',
      choices.years.map((year) => ({ value: String(year), text: String(year) })),
      f.year === undefined ? undefined : String(f.year),
    ),
    agencyItems: selectItems(
      'Any agency',
      choices.agencies.map((agency) => ({
        value: agency.id,
        text: `${agency.name} (${agency.partnershipName})`,
      })),
      f.agencyId,
    ),
    partnershipItems: selectItems(
      'Any partnership',
      choices.partnerships.map((p) => ({ value: p.id, text: p.name })),
      f.partnershipId,
    ),
    actionItems: selectItems(
      'Any, or none',
      ACTION_STATUS_FILTERS.map((status) => ({
        value: status,
        text: ACTION_STATUS_FILTER_NAMES[status],
      })),
      f.actionStatus,
    ),
    clearHref: LEARNING_LIBRARY_PATH,
    asked,
    searchedFor: results?.searchedFor ?? '',
    leftOut: (results?.leftOut ?? []).map((words) => `‘${words}’`).join(', '),
    total: results?.total ?? 0,
    countText: results ? resultCountText(results.total, results.totalCapped) : '',
    capped: results?.totalCapped ?? false,
    listedAtMost: MAX_RESULTS.toLocaleString('en-GB'),
    showing:
      results && results.hits.length > 0
        ? {
            from: first,
            to: first + results.hits.length - 1,
            of: results.totalCapped
              ? `more than ${results.total.toLocaleString('en-GB')}`
              : results.total.toLocaleString('en-GB'),
          }
        : null,
    order: results && results.searchedFor !== '' ? 'best match first' : 'newest first',
    hits: (results?.hits ?? []).map((hit) => ({
      href: hit.url,
      // Escaped here, with only the matches marked: the template prints it as is.
      titleHtml: snippetToHtml(hit.markedTitle),
      snippetHtml: snippetToHtml(hit.snippet),
      kindName:
        STAFF_SEARCH_KIND_NAMES[hit.sourceKind as keyof typeof STAFF_SEARCH_KIND_NAMES] ??
        hit.sourceKind,
      partnershipName: hit.partnershipName,
      datedOn: hit.datedOn,
      published: hit.published,
    })),
    pagination: results
      ? paginationOf(results.page, results.pageCount, (n) => libraryHref(request, n))
      : null,
    firstPageHref: libraryHref(request, 1),
  }
}
