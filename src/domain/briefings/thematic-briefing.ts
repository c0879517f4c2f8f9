// A thematic briefing (issue 11): the learning of several reviews on one or
// more themes over a period, in the shape of the NSPCC's "learning from case
// reviews" briefings: why these reviews were held, risk factors, learning for
// improved practice and questions for reflection. The product compiles a first
// draft from the tagged learning points and recommendations; people edit it
// and publish it as they do a seven-minute briefing (briefing.ts).
//
// Every item cites the review it came from by a short label in square
// brackets, the child's pseudonym as the review names it: "[Child A]". The
// label stays readable in the PDF and the Word document and becomes a link to
// the review on the page; a person editing the text keeps or removes it.
import type { FieldError } from '../errors.js'
import { briefingBlocks, cutAtSentence, fitList, fitParagraphs } from './briefing.js'

export const THEMATIC_SECTION_KEYS = ['whyHeld', 'riskFactors', 'learning', 'questions'] as const

export type ThematicSectionKey = (typeof THEMATIC_SECTION_KEYS)[number]

export type ThematicSections = Readonly<Record<ThematicSectionKey, string>>

export interface ThematicSection {
  readonly key: ThematicSectionKey
  readonly slug: string
  readonly heading: string
  readonly hint: string
  readonly limit: number
  readonly mostLines: number
}

const CITE_HINT = 'Keep the review’s label in square brackets, such as [Child A], after each point.'
const LIST_HINT = 'Start a line with “- ” or “• ” to make it a bullet point.'

/**
 * Longer than a seven-minute briefing's: a thematic briefing gathers the
 * learning of many reviews (the NSPCC's run to four or more pages).
 */
export const THEMATIC_SECTIONS: readonly ThematicSection[] = [
  {
    key: 'whyHeld',
    slug: 'why-these-reviews-were-held',
    heading: 'Why these reviews were held',
    hint: `What happened to the children, in a sentence or two for each review. ${CITE_HINT}`,
    limit: 4000,
    mostLines: 25,
  },
  {
    key: 'riskFactors',
    slug: 'risk-factors',
    heading: 'Risk factors',
    hint: `The risks the reviews found in the children’s lives. ${LIST_HINT} ${CITE_HINT}`,
    limit: 3000,
    mostLines: 30,
  },
  {
    key: 'learning',
    slug: 'learning-for-improved-practice',
    heading: 'Learning for improved practice',
    hint: `What the reviews ask practitioners and managers to do differently. ${LIST_HINT} ${CITE_HINT}`,
    limit: 8000,
    mostLines: 40,
  },
  {
    key: 'questions',
    slug: 'questions-for-reflection',
    heading: 'Questions for reflection',
    hint: `Questions for teams to discuss. ${LIST_HINT}`,
    limit: 1500,
    mostLines: 10,
  },
]

export function thematicSectionBySlug(slug: string): ThematicSection | undefined {
  return THEMATIC_SECTIONS.find((section) => section.slug === slug)
}

export const THEMATIC_TITLE_LIMIT = 150

// ── The choice: themes and a period ──────────────────────────────────────────

/** Years, both ends included; either end may be open. */
export interface Period {
  readonly fromYear: number | null
  readonly toYear: number | null
}

export interface ThematicChoice {
  readonly themeSlugs: readonly string[]
  readonly period: Period
}

const EARLIEST_YEAR = 1990
const LATEST_YEAR = 2100

function checkYear(value: unknown, field: string, label: string, errors: FieldError[]) {
  const text = typeof value === 'string' ? value.trim() : ''
  if (text === '') return null
  if (!/^\d{4}$/.test(text) || Number(text) < EARLIEST_YEAR || Number(text) > LATEST_YEAR) {
    errors.push({ field, message: `${label} must be a year, like 2024` })
    return null
  }
  return Number(text)
}

/**
 * The themes chosen (at least one, each a known theme) and the years, checked.
 * An empty year leaves that end of the period open.
 */
export function checkThematicChoice(
  input: { readonly themes: unknown; readonly fromYear: unknown; readonly toYear: unknown },
  knownThemeSlugs: ReadonlySet<string>,
): { value: ThematicChoice | null; errors: FieldError[] } {
  const errors: FieldError[] = []
  const given = Array.isArray(input.themes) ? input.themes : [input.themes]
  const themeSlugs = [
    ...new Set(given.filter((slug): slug is string => typeof slug === 'string' && slug !== '')),
  ]
  if (themeSlugs.length === 0) {
    errors.push({ field: 'themes', message: 'Select at least one theme' })
  } else if (themeSlugs.some((slug) => !knownThemeSlugs.has(slug))) {
    errors.push({ field: 'themes', message: 'Select themes from the list' })
  }
  const fromYear = checkYear(input.fromYear, 'fromYear', 'The first year', errors)
  const toYear = checkYear(input.toYear, 'toYear', 'The last year', errors)
  if (fromYear !== null && toYear !== null && fromYear > toYear) {
    errors.push({
      field: 'toYear',
      message: 'The last year must be the same as or after the first',
    })
  }
  if (errors.length > 0) return { value: null, errors }
  return { value: { themeSlugs, period: { fromYear, toYear } }, errors }
}

/** "2018 to 2024", "2018 onwards", "up to 2024", "all years". */
export function periodText(period: Period): string {
  const { fromYear, toYear } = period
  if (fromYear !== null && toYear !== null) {
    return fromYear === toYear ? String(fromYear) : `${fromYear} to ${toYear}`
  }
  if (fromYear !== null) return `${fromYear} onwards`
  if (toYear !== null) return `up to ${toYear}`
  return 'all years'
}

/** Is a review dated `date` (YYYY-MM-DD) within the period? */
export function isWithinPeriod(date: string, period: Period): boolean {
  const year = Number(date.slice(0, 4))
  return (
    (period.fromYear === null || year >= period.fromYear) &&
    (period.toYear === null || year <= period.toYear)
  )
}

// ── Compiling the draft ──────────────────────────────────────────────────────

export interface ReviewForThematicBriefing {
  readonly id: string
  readonly title: string
  readonly childPseudonym: string
  /**
   * The date that places the review in a period: when it was published, or,
   * for a review not yet published, when it was decided on or recorded.
   */
  readonly date: string
  /** The review's summary, as paragraphs. */
  readonly summary: readonly string[]
  /** The themes the review itself is tagged with. */
  readonly themeSlugs: readonly string[]
}

export interface ThemedItem {
  readonly kind: 'learning-point' | 'recommendation'
  readonly reviewId: string
  readonly position: number
  readonly text: string
  readonly themeSlugs: readonly string[]
}

export interface ThemeName {
  readonly slug: string
  readonly name: string
}

export interface ThematicSource {
  readonly reviewId: string
  readonly label: string
}

export interface CompiledThematicBriefing {
  readonly title: string
  readonly sources: readonly ThematicSource[]
  readonly sections: ThematicSections
  /** The items drawn on, each with its review's label, as the compile page lists them. */
  readonly items: readonly (ThemedItem & { readonly label: string })[]
  /** Items that were found but did not fit the section's limit: the page says how many. */
  readonly leftOut: number
}

/**
 * What a thematic briefing on these themes over this period draws on: the
 * reviews in the period that touch a chosen theme (tagged with it, or with a
 * learning point or recommendation tagged with it), and their items tagged with
 * a chosen theme. The caller passes only reviews the person may read.
 */
export function selectThematicLearning(
  choice: ThematicChoice,
  reviews: readonly ReviewForThematicBriefing[],
  items: readonly ThemedItem[],
): { reviews: ReviewForThematicBriefing[]; items: ThemedItem[] } {
  const chosen = new Set(choice.themeSlugs)
  const touches = (slugs: readonly string[]) => slugs.some((slug) => chosen.has(slug))
  const inPeriod = reviews.filter((review) => isWithinPeriod(review.date, choice.period))
  const themedItems = items.filter(
    (item) => touches(item.themeSlugs) && inPeriod.some((review) => review.id === item.reviewId),
  )
  const selected = inPeriod
    .filter(
      (review) =>
        touches(review.themeSlugs) || themedItems.some((item) => item.reviewId === review.id),
    )
    .sort((a, b) => a.date.localeCompare(b.date) || a.title.localeCompare(b.title))
  const order = new Map(selected.map((review, index) => [review.id, index]))
  const kindOrder = (item: ThemedItem) => (item.kind === 'learning-point' ? 0 : 1)
  return {
    reviews: selected,
    items: themedItems.sort(
      (a, b) =>
        (order.get(a.reviewId) ?? 0) - (order.get(b.reviewId) ?? 0) ||
        kindOrder(a) - kindOrder(b) ||
        a.position - b.position,
    ),
  }
}

/** Each review's label: its child's pseudonym, numbered when two reviews share one. */
export function sourceLabels(
  reviews: readonly { readonly id: string; readonly childPseudonym: string }[],
): ThematicSource[] {
  const seen = new Map<string, number>()
  return reviews.map((review) => {
    const base = review.childPseudonym.replace(/[[\]]/g, '').trim() || 'Review'
    const count = (seen.get(base) ?? 0) + 1
    seen.set(base, count)
    return { reviewId: review.id, label: count === 1 ? base : `${base} (${count})` }
  })
}

function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names.join('')
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`
}

function roomOf(key: ThematicSectionKey) {
  const section = THEMATIC_SECTIONS.find((candidate) => candidate.key === key)
  return { characters: section?.limit ?? 0, lines: section?.mostLines ?? 0 }
}

/** A title for the draft: the themes' names. */
export function thematicTitle(themes: readonly ThemeName[], period: Period): string {
  const names = joinNames(themes.map((theme) => theme.name))
  const years = period.fromYear === null && period.toYear === null ? '' : ` (${periodText(period)})`
  return cutAtSentence(`${names}: learning from case reviews${years}`, THEMATIC_TITLE_LIMIT)
}

/**
 * Fills the four sections from what selectThematicLearning chose:
 * - why these reviews were held: a sentence on the briefing, then the first
 *   paragraph of each review's summary, cut to a sentence or two;
 * - risk factors: the other themes the same reviews and items are tagged with,
 *   each with the reviews it was found in;
 * - learning for improved practice: the tagged learning points, then the
 *   tagged recommendations, each citing its review;
 * - questions for reflection: standard questions naming the themes.
 * Only whole items are taken, as many as fit the section; the rest are counted.
 */
export function compileThematicBriefing(options: {
  readonly choice: ThematicChoice
  readonly themes: readonly ThemeName[]
  readonly reviews: readonly ReviewForThematicBriefing[]
  readonly items: readonly ThemedItem[]
}): CompiledThematicBriefing {
  const { choice, themes } = options
  const { reviews, items } = selectThematicLearning(choice, options.reviews, options.items)
  const sources = sourceLabels(reviews)
  const labelOf = new Map(sources.map((source) => [source.reviewId, source.label]))
  const cite = (reviewId: string) => `[${labelOf.get(reviewId) ?? 'Review'}]`
  const nameOf = new Map(themes.map((theme) => [theme.slug, theme.name]))
  const chosenNames = choice.themeSlugs.map((slug) => nameOf.get(slug) ?? slug)
  const themeWords = joinNames(chosenNames.map((name) => name.toLowerCase()))

  const count = reviews.length
  const intro =
    count === 0
      ? `No reviews that may be included touch ${themeWords} in ${periodText(choice.period)}.`
      : `This briefing draws together the learning about ${themeWords} from ${count === 1 ? 'one review' : `${count} reviews`} (${periodText(choice.period)}). Each point names the review it comes from.`
  const whyHeld = fitParagraphs(
    [
      intro,
      ...reviews.map((review) => {
        const first = review.summary.map((p) => p.trim()).find(Boolean) ?? ''
        const scene = first === '' ? '' : ` ${cutAtSentence(first.replace(/\s+/g, ' '), 400)}`
        return `${review.title} ${cite(review.id)}:${scene}`
      }),
    ],
    roomOf('whyHeld'),
  )

  // Other themes found alongside the chosen ones, most widespread first.
  const chosen = new Set(choice.themeSlugs)
  const alongside = new Map<string, Set<string>>()
  const note = (slug: string, reviewId: string) => {
    if (chosen.has(slug)) return
    const reviewIds = alongside.get(slug) ?? new Set<string>()
    reviewIds.add(reviewId)
    alongside.set(slug, reviewIds)
  }
  for (const review of reviews) for (const slug of review.themeSlugs) note(slug, review.id)
  for (const item of items) for (const slug of item.themeSlugs) note(slug, item.reviewId)
  const reviewOrder = new Map(reviews.map((review, index) => [review.id, index]))
  const riskLines = [...alongside.entries()]
    .map(([slug, reviewIds]) => ({
      name: nameOf.get(slug) ?? slug,
      reviewIds: [...reviewIds].sort(
        (a, b) => (reviewOrder.get(a) ?? 0) - (reviewOrder.get(b) ?? 0),
      ),
    }))
    .sort((a, b) => b.reviewIds.length - a.reviewIds.length || a.name.localeCompare(b.name))
    .map((risk) => `${risk.name} ${risk.reviewIds.map(cite).join(' ')}`)
  const riskFactors = fitList(riskLines, roomOf('riskFactors'))

  const learningLines = items.map(
    (item) => `${item.text.replace(/\s+/g, ' ').trim()} ${cite(item.reviewId)}`,
  )
  const learning = fitList(learningLines, roomOf('learning'))
  const taken = briefingBlocks(learning).reduce(
    (total, block) => total + (block.kind === 'list' ? block.items.length : 0),
    0,
  )

  const questions = fitList(
    [
      `How does ${themeWords} show itself in the work your team does now?`,
      'Which of these risk factors would your team recognise, and which might it miss?',
      'What gets in the way of acting on this learning in your service, and who could help?',
      'What one thing will your team do differently after reading this briefing?',
    ],
    roomOf('questions'),
  )

  return {
    title: thematicTitle(
      choice.themeSlugs.map((slug) => ({ slug, name: nameOf.get(slug) ?? slug })),
      choice.period,
    ),
    sources,
    sections: { whyHeld, riskFactors, learning, questions },
    items: items.map((item) => ({ ...item, label: labelOf.get(item.reviewId) ?? 'Review' })),
    leftOut: items.length - taken,
  }
}

// ── Citations ────────────────────────────────────────────────────────────────

export type CitedTextPart =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'citation'; readonly label: string; readonly reviewId: string }

/** A line split into plain text and the citations of known sources, for links on the page. */
export function citedParts(text: string, sources: readonly ThematicSource[]): CitedTextPart[] {
  const byLabel = new Map(sources.map((source) => [source.label, source.reviewId]))
  const parts: CitedTextPart[] = []
  let last = 0
  for (const match of text.matchAll(/\[([^[\]]{1,80})\]/g)) {
    const reviewId = byLabel.get(match[1] ?? '')
    if (reviewId === undefined) continue
    if (match.index > last) parts.push({ kind: 'text', text: text.slice(last, match.index) })
    parts.push({ kind: 'citation', label: match[1] ?? '', reviewId })
    last = match.index + match[0].length
  }
  if (last < text.length) parts.push({ kind: 'text', text: text.slice(last) })
  return parts
}

/** Labels cited in a text, in the order first cited. */
export function citedLabels(text: string, sources: readonly ThematicSource[]): string[] {
  return [
    ...new Set(
      citedParts(text, sources).flatMap((part) => (part.kind === 'citation' ? [part.label] : [])),
    ),
  ]
}

// ── Publishing ───────────────────────────────────────────────────────────────

/**
 * Why a thematic briefing cannot be made public: it must be complete, and every
 * review its text cites must itself be public, because the briefing would
 * otherwise publish a review's learning before its report (S13–S16). A review
 * no longer cited (its learning taken out) does not stop it, and is not listed.
 */
export function thematicPublicationRefusals(facts: {
  readonly status: string
  readonly sections: ThematicSections
  readonly sources: readonly {
    readonly label: string
    readonly title: string
    readonly public: boolean
  }[]
}): FieldError[] {
  const errors: FieldError[] = []
  if (facts.status === 'published') {
    errors.push({ field: 'briefing', message: 'The briefing is already published' })
  }
  const cited = new Set(
    THEMATIC_SECTIONS.flatMap((section) =>
      citedLabels(
        facts.sections[section.key],
        facts.sources.map((source) => ({ reviewId: source.label, label: source.label })),
      ),
    ),
  )
  if (cited.size === 0) {
    errors.push({
      field: 'briefing',
      message:
        'The briefing cites no reviews: keep each review’s label, such as [Child A], after its points',
    })
  }
  for (const source of facts.sources) {
    if (cited.has(source.label) && !source.public) {
      errors.push({
        field: 'sources',
        message: `${source.title} [${source.label}] is not published: take its learning and its label out of the briefing, or publish the review first`,
      })
    }
  }
  for (const section of THEMATIC_SECTIONS) {
    if (facts.sections[section.key].trim() === '') {
      errors.push({
        field: section.slug,
        message: `Write the ${section.heading.charAt(0).toLowerCase()}${section.heading.slice(1)} section before publishing`,
      })
    }
  }
  return errors
}

/** The sources a briefing's text cites, in the order of the sources. */
export function citedSources<S extends ThematicSource>(
  sections: ThematicSections,
  sources: readonly S[],
): S[] {
  const cited = new Set(
    THEMATIC_SECTIONS.flatMap((section) => citedLabels(sections[section.key], sources)),
  )
  return sources.filter((source) => cited.has(source.label))
}

/** The public address's last part, from the title: lower case words and hyphens. */
export function thematicSlug(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/g, '')
  return slug === '' ? 'thematic-briefing' : slug
}
