// The kinds of review the public can filter by (issue 9): the words in the
// address (?kind=cspr|scr|other) and the review kinds stored behind each.

export const PUBLIC_KIND_FILTERS = {
  /** Child Safeguarding Practice Reviews, local and national (Working Together 2018 on). */
  cspr: { label: 'Child Safeguarding Practice Reviews', kinds: ['lcspr', 'national'] },
  /** Serious Case Reviews under the 2015 and earlier guidance (S18, S19). */
  scr: { label: 'Serious Case Reviews', kinds: ['scr-2015'] },
  other: { label: 'Other learning reviews', kinds: ['other-learning'] },
} as const

export type PublicKindFilter = keyof typeof PUBLIC_KIND_FILTERS

export const PUBLIC_KIND_FILTER_NAMES = Object.keys(PUBLIC_KIND_FILTERS) as PublicKindFilter[]

export function storedKindsFor(filter: PublicKindFilter): readonly string[] {
  return PUBLIC_KIND_FILTERS[filter].kinds
}

export const REVIEW_KIND_NAMES: Record<string, string> = {
  'scr-2015': 'Serious Case Review',
  lcspr: 'Local Child Safeguarding Practice Review',
  'other-learning': 'Learning review',
  national: 'National review',
}

export type PublicReviewOrder = 'newest' | 'oldest' | 'title'
export const PUBLIC_REVIEW_ORDERS: readonly PublicReviewOrder[] = ['newest', 'oldest', 'title']
