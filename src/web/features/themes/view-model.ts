// What the theme settings pages show (issue 11).
import type { ThemeRow } from '../../../data/repositories/learning/theme-repository.js'

export const THEMES_PATH = '/manage/settings/themes'

export function themePath(slug: string): string {
  return `${THEMES_PATH}/${encodeURIComponent(slug)}/change`
}

export function themeListViewModel(themes: readonly ThemeRow[]) {
  return {
    pageTitle: 'Themes',
    addHref: `${THEMES_PATH}/new`,
    rows: themes.map((theme) => ({
      name: theme.name,
      slug: theme.slug,
      description: theme.description,
      shipped: theme.shipped,
      retiredOn: theme.retiredOn,
      version: theme.version,
      changeHref: themePath(theme.slug),
      retireAction: `${THEMES_PATH}/${encodeURIComponent(theme.slug)}/${theme.retiredOn === null ? 'retire' : 'reinstate'}`,
    })),
  }
}

export function themeFormViewModel(input: {
  action: string
  heading: string
  form: Readonly<Record<string, string>>
  /** Set when editing: the slug is shown, not asked for, because it never changes. */
  fixedSlug?: string
  version?: number
}) {
  return {
    pageTitle: input.heading,
    heading: input.heading,
    action: input.action,
    form: input.form,
    fixedSlug: input.fixedSlug,
    version: input.version,
    cancelHref: THEMES_PATH,
  }
}
