// Small readers for the HTML the app renders, so tests assert on what a person
// would see rather than on incidental markup.

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
}

/** Nunjucks' autoescape: the exact form stored text must take in a page. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
}

export function decodeHtml(html: string): string {
  return html.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, entity: string) => {
    if (entity.startsWith('#x') || entity.startsWith('#X')) {
      return String.fromCodePoint(parseInt(entity.slice(2), 16))
    }
    if (entity.startsWith('#')) return String.fromCodePoint(parseInt(entity.slice(1), 10))
    return ENTITIES[entity.toLowerCase()] ?? whole
  })
}

/** Visible text: tags removed, entities decoded, white space collapsed. */
export function textOf(html: string): string {
  return decodeHtml(
    html
      .replace(/<script[\s\S]*?<\/script>/gi, ' ')
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' '),
  )
    .replace(/\s+/g, ' ')
    .trim()
}

/** The text of the page's one h1 (labels that are page headings count too). */
export function headingOf(html: string): string {
  const matches = [...html.matchAll(/<h1\b[^>]*>([\s\S]*?)<\/h1>/gi)]
  if (matches.length !== 1) throw new Error(`Expected one h1, found ${matches.length}`)
  return textOf(matches[0]?.[1] ?? '')
}

export function titleOf(html: string): string {
  return textOf(/<title>([\s\S]*?)<\/title>/i.exec(html)?.[1] ?? '')
}

/** The GOV.UK error summary's title and its entries with their links, or null. */
export function errorSummaryOf(
  html: string,
): { title: string; items: { text: string; href: string }[] } | null {
  const summary =
    /<div class="govuk-error-summary"[\s\S]*?(?:<\/ul>|govuk-error-summary__body">\s*<\/div>)/i.exec(
      html,
    )?.[0]
  if (!summary) return null
  const title = textOf(
    /<h2 class="govuk-error-summary__title">([\s\S]*?)<\/h2>/i.exec(summary)?.[1] ?? '',
  )
  const items = [...summary.matchAll(/<a href="([^"]*)">([\s\S]*?)<\/a>/gi)].map((match) => ({
    href: decodeHtml(match[1] ?? ''),
    text: textOf(match[2] ?? ''),
  }))
  return { title, items }
}

/** Inline error messages (GOV.UK `govuk-error-message`), without the hidden "Error:". */
export function inlineErrorsOf(html: string): string[] {
  return [
    ...html.matchAll(/<p id="([^"]+)-error" class="govuk-error-message">([\s\S]*?)<\/p>/gi),
  ].map((match) => `${match[1] ?? ''}: ${textOf(match[2] ?? '').replace(/^Error:\s*/, '')}`)
}
