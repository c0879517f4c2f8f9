// The redaction check (S17: publish anonymised, never identifying the child or
// the family). Finds the review's restricted details in every piece of text a
// reader could get at, written the ways real documents write them, and flags
// anything that merely looks like an NHS number, a National Insurance number or
// a full postcode as a warning a person may dismiss. A hit never shows what it
// found: its excerpt masks the match and every other hit around it.
import { foldText, originalSpan, type FoldedText } from './folded-text.js'
import { isValidNhsNumber } from './nhs-number.js'
import {
  compactCode,
  monthNames,
  readTermDate,
  type RedactionTerm,
  type TermKind,
} from './terms.js'

/** Where a piece of text sits in a document. */
export const LOCATION_KINDS = [
  'page',
  'body',
  'header',
  'footer',
  'footnote',
  'endnote',
  'comment',
  'tracked change',
  'annotation',
  'form field',
  'properties',
  'text box',
] as const
export type LocationKind = (typeof LOCATION_KINDS)[number]

/** A piece of a document's text and where a reader finds it. */
export interface TextSection {
  readonly location: LocationKind
  /** The page, for a PDF's page text, annotations and form fields; null otherwise. */
  readonly page: number | null
  readonly text: string
}

export const WARNING_KINDS = [
  'possible-nhs-number',
  'possible-national-insurance-number',
  'possible-postcode',
] as const
export type WarningKind = (typeof WARNING_KINDS)[number]

export const HIT_KIND_LABELS: Readonly<Record<TermKind | WarningKind, string>> = {
  name: 'Name',
  date: 'Date',
  postcode: 'Postcode',
  'nhs-number': 'NHS number',
  reference: 'Reference',
  text: 'Words not to publish',
  'possible-nhs-number': 'Looks like an NHS number',
  'possible-national-insurance-number': 'Looks like a National Insurance number',
  'possible-postcode': 'Looks like a postcode',
}

export interface RedactionHit {
  /** The term's kind, or for a warning what it looks like. */
  readonly kind: TermKind | WarningKind
  /** The index of the term found; null for a warning. */
  readonly term: number | null
  /** A warning (not one of the review's own details) may be dismissed. */
  readonly warning: boolean
  /** "page 3", "footer", "annotation", "properties"… */
  readonly location: string
  readonly page: number | null
  /** The words around the hit, with it (and any other hit) masked. */
  readonly excerpt: string
}

export const MASK = '█████'
const EXCERPT_CONTEXT_CHARACTERS = 60
/** Hits per document at most: past this, the document plainly needs redacting anyway. */
export const MAX_HITS = 500

const BEFORE = '(?<![\\p{L}\\p{N}])'
const AFTER = '(?![\\p{L}\\p{N}])'
/** Name particles that are ordinary words on their own. */
const PARTICLES = new Set([
  'de',
  'da',
  'di',
  'du',
  'del',
  'der',
  'van',
  'von',
  'la',
  'le',
  'al',
  'bin',
])

export function locationLabel(section: Pick<TextSection, 'location' | 'page'>): string {
  return section.location === 'page' ? `page ${section.page ?? '?'}` : section.location
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** A word of a term as a pattern: its hyphens and apostrophes optional. */
function wordPattern(word: string): string {
  return [...foldText(word).text]
    .map((character) =>
      character === '-' || character === "'" ? `${escape(character)}?` : escape(character),
    )
    .join('')
}

function wordsOf(value: string): string[] {
  return foldText(value)
    .text.split(/[\s,]+/)
    .map((word) => word.replace(/^[.'-]+|[.'-]+$/g, ''))
    .filter((word) => /[\p{L}\p{N}]/u.test(word))
}

function namePattern(value: string): string {
  const words = wordsOf(value)
  if (words.length === 0) return ''
  const patterns = words.map(wordPattern)
  const alternatives: string[] = []
  if (words.length > 1) {
    const first = patterns[0] ?? ''
    const last = patterns[patterns.length - 1] ?? ''
    const rest = patterns.slice(0, -1)
    alternatives.push(patterns.join('\\s+'))
    // "Okafor, Jayden" and "Okafor Jayden".
    alternatives.push(`${last},?\\s+${rest.join('\\s+')}`)
    alternatives.push(`${last},?\\s+${first}`)
    // "J. Okafor", "J Okafor", "J.M. Okafor".
    const initials = words
      .slice(0, -1)
      .map((word) => `${escape(foldText(word).text.charAt(0))}\\.?\\s*`)
      .join('')
    alternatives.push(`${initials}${last}`)
    alternatives.push(`${escape(foldText(words[0] ?? '').text.charAt(0))}\\.?\\s*${last}`)
  }
  // A first name or a surname on its own (not an initial, not a particle).
  words.forEach((word, index) => {
    if (word.length >= 2 && !PARTICLES.has(word.toLowerCase()))
      alternatives.push(patterns[index] ?? '')
  })
  return alternatives.filter((pattern) => pattern !== '').join('|')
}

function textPattern(value: string): string {
  return wordsOf(value).map(wordPattern).join('\\s+')
}

function datePattern(value: string): string {
  const date = readTermDate(value)
  if (!date) return ''
  const [yearText = '', monthText = '', dayText = ''] = date.split('-')
  const year = Number(yearText)
  const month = Number(monthText)
  const day = Number(dayText)
  const monthName = monthNames()[month - 1] ?? ''
  const months = `(?:${monthName}|${monthName.slice(0, 3)}${monthName === 'september' ? '|sept' : ''})\\.?`
  const dayPattern = `0?${day}`
  const monthPattern = `0?${month}`
  const ordinal = '(?:st|nd|rd|th)?'
  const shortYear = String(year % 100).padStart(2, '0')
  return [
    `${dayPattern}${ordinal}\\s*(?:of\\s+)?${months},?\\s*${year}`,
    `${months}\\s*${dayPattern}${ordinal},?\\s*${year}`,
    `${dayPattern}\\s?(?<separator>[/.-])\\s?${monthPattern}\\s?\\k<separator>\\s?(?:${year}|${shortYear})`,
    `${year}(?<isoSeparator>[/.-])${monthPattern}\\k<isoSeparator>${dayPattern}`,
  ].join('|')
}

function codePattern(value: string): string {
  return [...compactCode(value)].map(escape).join('[\\s./-]?')
}

function postcodePattern(value: string): string {
  const compact = compactCode(value)
  return `${escape(compact.slice(0, -3))}\\s?${escape(compact.slice(-3))}`
}

function termPattern(term: RedactionTerm): string {
  switch (term.kind) {
    case 'name':
      return namePattern(term.value)
    case 'text':
      return textPattern(term.value)
    case 'date':
      return datePattern(term.value)
    case 'postcode':
      return postcodePattern(term.value)
    case 'nhs-number':
    case 'reference':
      return codePattern(term.value)
  }
}

interface Matcher {
  readonly kind: TermKind | WarningKind
  readonly term: number | null
  readonly pattern: RegExp
  readonly accept?: (matched: string) => boolean
}

const WARNING_MATCHERS: readonly Matcher[] = [
  {
    kind: 'possible-nhs-number',
    term: null,
    pattern: new RegExp(`${BEFORE}\\d{3}[ -]?\\d{3}[ -]?\\d{4}${AFTER}`, 'gu'),
    accept: isValidNhsNumber,
  },
  {
    // HMRC's format: two prefix letters (never D, F, I, Q, U or V; the second
    // never O; some pairs never issued), six digits, a suffix A to D.
    kind: 'possible-national-insurance-number',
    term: null,
    pattern: new RegExp(
      `${BEFORE}(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\\d{2} ?\\d{2} ?\\d{2} ?[A-D]${AFTER}`,
      'gu',
    ),
  },
  {
    // Upper case only: lower-case look-alikes are ordinary words and numbers.
    kind: 'possible-postcode',
    term: null,
    pattern: new RegExp(`${BEFORE}[A-Z]{1,2}\\d[A-Z\\d]? ?\\d[ABD-HJLNP-UW-Z]{2}${AFTER}`, 'gu'),
  },
]

function matchersOf(terms: readonly RedactionTerm[]): Matcher[] {
  const matchers: Matcher[] = []
  terms.forEach((term, index) => {
    const pattern = termPattern(term)
    if (pattern === '') return
    matchers.push({
      kind: term.kind,
      term: index,
      pattern: new RegExp(`${BEFORE}(?:${pattern})${AFTER}`, 'giu'),
    })
  })
  return [...matchers, ...WARNING_MATCHERS]
}

interface Found {
  readonly matcher: Matcher
  readonly start: number
  readonly end: number
}

function findIn(folded: FoldedText, matchers: readonly Matcher[]): Found[] {
  const found: Found[] = []
  for (const matcher of matchers) {
    matcher.pattern.lastIndex = 0
    for (const match of folded.text.matchAll(matcher.pattern)) {
      if (matcher.accept && !matcher.accept(match[0])) continue
      found.push({ matcher, start: match.index, end: match.index + match[0].length })
    }
  }
  // The longest first at each place, the review's own terms before warnings;
  // a match overlapping one already kept says nothing new.
  found.sort(
    (a, b) =>
      a.start - b.start ||
      b.end - b.start - (a.end - a.start) ||
      Number(a.matcher.term === null) - Number(b.matcher.term === null),
  )
  const kept: Found[] = []
  let reach = -1
  for (const candidate of found) {
    if (candidate.start < reach) continue
    kept.push(candidate)
    reach = candidate.end
  }
  return kept
}

/** The words around [start, end) of `text`, every hit inside the window masked. */
function maskedExcerpt(
  text: string,
  start: number,
  end: number,
  spans: readonly { start: number; end: number }[],
): string {
  let from = Math.max(0, start - EXCERPT_CONTEXT_CHARACTERS)
  let to = Math.min(text.length, end + EXCERPT_CONTEXT_CHARACTERS)
  // Whole words only: a cut word could itself be part of a detail.
  if (from > 0) {
    const space = text.slice(from, start).search(/\s/)
    from = space < 0 ? start : from + space
  }
  if (to < text.length) {
    const tail = text.slice(end, to)
    const lastSpace = Math.max(
      tail.lastIndexOf(' '),
      tail.lastIndexOf('\n'),
      tail.lastIndexOf('\t'),
    )
    to = lastSpace < 0 ? end : end + lastSpace
  }
  let excerpt = ''
  let cursor = from
  for (const span of spans) {
    if (span.end <= from || span.start >= to) continue
    excerpt += text.slice(cursor, Math.max(cursor, span.start))
    excerpt += MASK
    cursor = Math.max(cursor, span.end)
  }
  excerpt += text.slice(cursor, Math.max(cursor, to))
  excerpt = excerpt.replace(/\s+/g, ' ').trim()
  return `${from > 0 ? '… ' : ''}${excerpt}${to < text.length ? ' …' : ''}`
}

/**
 * Every hit of the terms (and every warning) in the sections, in document
 * order. `terms` are matched in any case, accents folded, across line breaks
 * and line-end hyphens, possessive, surname first, as initials; dates in the
 * usual UK forms; codes with or without spaces and hyphens. Never inside a word.
 */
export function findRedactionHits(
  sections: readonly TextSection[],
  terms: readonly RedactionTerm[],
): RedactionHit[] {
  const matchers = matchersOf(terms)
  const hits: RedactionHit[] = []
  for (const section of sections) {
    if (section.text.trim() === '') continue
    const folded = foldText(section.text)
    const found = findIn(folded, matchers)
    const spans = found.map((one) => originalSpan(folded, one.start, one.end))
    found.forEach((one, index) => {
      const span = spans[index] ?? { start: 0, end: 0 }
      hits.push({
        kind: one.matcher.kind,
        term: one.matcher.term,
        warning: one.matcher.term === null,
        location: locationLabel(section),
        page: section.page,
        excerpt: maskedExcerpt(section.text, span.start, span.end, spans),
      })
    })
    if (hits.length >= MAX_HITS) return hits.slice(0, MAX_HITS)
  }
  return hits
}

/** Clear: nothing found at all, warnings included (each must be looked at). */
export function isClear(hits: readonly Pick<RedactionHit, 'kind'>[]): boolean {
  return hits.length === 0
}
