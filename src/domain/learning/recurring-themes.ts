// Recurring themes (issue 11): a theme found in at least two of a
// partnership's reviews is a repeat the partnership should see while there is
// still time to act on it. A theme counts for a review when the review or any
// of its learning points or recommendations carries it. Pure: no I/O.

/** A theme in one review is a theme; in this many it recurs. */
export const RECURRING_AT = 2

export interface ThemeOnReview {
  readonly themeSlug: string
  readonly themeName: string
  readonly themeRetired: boolean
  readonly reviewId: string
  readonly recordType: 'review' | 'learning-point' | 'recommendation'
  readonly recordId: string
}

export interface RecurringTheme {
  readonly slug: string
  readonly name: string
  readonly retired: boolean
  /** The reviews it is found in, in the order first met. */
  readonly reviewIds: readonly string[]
  /** The learning points and recommendations tagged with it: their actions are the theme's. */
  readonly learningIds: readonly string[]
}

/** Themes in at least RECURRING_AT reviews, most reviews first, then by name. */
export function recurringThemes(rows: readonly ThemeOnReview[]): RecurringTheme[] {
  const byTheme = new Map<
    string,
    { name: string; retired: boolean; reviews: Set<string>; learning: Set<string> }
  >()
  for (const row of rows) {
    let theme = byTheme.get(row.themeSlug)
    if (!theme) {
      theme = {
        name: row.themeName,
        retired: row.themeRetired,
        reviews: new Set(),
        learning: new Set(),
      }
      byTheme.set(row.themeSlug, theme)
    }
    theme.reviews.add(row.reviewId)
    if (row.recordType !== 'review') theme.learning.add(row.recordId)
  }
  return [...byTheme.entries()]
    .filter(([, theme]) => theme.reviews.size >= RECURRING_AT)
    .map(([slug, theme]) => ({
      slug,
      name: theme.name,
      retired: theme.retired,
      reviewIds: [...theme.reviews],
      learningIds: [...theme.learning],
    }))
    .sort((a, b) => b.reviewIds.length - a.reviewIds.length || a.name.localeCompare(b.name))
}
