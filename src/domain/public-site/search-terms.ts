// What a member of the public typed into the search box, made safe (issue 9).
//
// Both search engines have their own query languages (FTS5: NEAR, AND, OR, NOT,
// *, ^, column filters; PostgreSQL: & | ! <-> :*), and either answers a
// malformed query with an error. So the query is never passed on as typed: it
// is cut into words (letters, digits and combining marks only) and phrases
// (words between a pair of double quotes), and the engines are given only those
// words, in their own safe form. Whatever was typed (operators, unbalanced
// quotes or brackets, NUL bytes, emoji, ten thousand characters) gives a list
// of words, possibly empty, never an error.

/** A phrase: its words must appear together, in order. A single word is a phrase of one. */
export type SearchPhrase = readonly string[]

export interface SearchTerms {
  /** Every phrase must match (AND), as people expect of a search box. */
  readonly phrases: readonly SearchPhrase[]
}

/** Beyond these the query is cut short: nobody types more, and long queries cost. */
export const MAX_PHRASES = 12
export const MAX_WORDS_PER_PHRASE = 8
export const MAX_WORD_LENGTH = 40
/** Only this much of what was typed is read at all. */
export const MAX_QUERY_LENGTH = 500

const WORD = /[\p{L}\p{N}\p{M}]+/gu

function wordsOf(text: string): string[] {
  return (text.match(WORD) ?? [])
    .map((word) => word.toLowerCase().slice(0, MAX_WORD_LENGTH))
    .filter((word) => word.length > 0)
}

export function parseSearchQuery(typed: string): SearchTerms {
  const text = typed.slice(0, MAX_QUERY_LENGTH).normalize('NFKC')
  const phrases: SearchPhrase[] = []
  const seen = new Set<string>()
  const add = (words: string[]) => {
    if (words.length === 0 || phrases.length >= MAX_PHRASES) return
    const phrase = words.slice(0, MAX_WORDS_PER_PHRASE)
    const key = phrase.join(' ')
    if (seen.has(key)) return
    seen.add(key)
    phrases.push(phrase)
  }
  // Quoted parts are phrases; an unmatched quote is only a quote.
  const parts = text.split('"')
  const balanced = parts.length % 2 === 1
  parts.forEach((part, index) => {
    const quoted = balanced && index % 2 === 1
    if (quoted) add(wordsOf(part))
    else for (const word of wordsOf(part)) add([word])
  })
  return { phrases }
}

/**
 * Words too common to search for: PostgreSQL's English stop words (its
 * tsearch_data/english.stop, the Snowball list), which its 'english'
 * configuration leaves out of every document and every query. SQLite's FTS5
 * indexes them, so both engines are given the words without them: a search
 * then finds the same reviews on either database. They are in nearly every
 * document, so requiring them narrows nothing and they add next to nothing to
 * a rank (bm25 weighs a word in most documents at almost zero), yet ranking
 * and highlighting them is what costs most: "the" is several hundred places
 * in every report.
 */
export const COMMON_WORDS: ReadonlySet<string> = new Set(
  `i me my myself we our ours ourselves you your yours yourself yourselves he him his himself
  she her hers herself it its itself they them their theirs themselves what which who whom this
  that these those am is are was were be been being have has had having do does did doing a an
  the and but if or because as until while of at by for with about against between into through
  during before after above below to from up down in out on off over under again further then
  once here there when where why how all any both each few more most other some such no nor not
  only own same so than too very s t can will just don should now`.split(/\s+/),
)

/** What the engines are given, and what was left out as too common to search for. */
export interface SearchedTerms {
  readonly searched: SearchTerms
  /** Phrases made only of common words, as describeSearch writes them: `the`, `"of the"`. */
  readonly leftOut: readonly string[]
}

/**
 * Leaves out every phrase made only of common words ("the", "of", a quoted
 * "of the"). A phrase with other words in it keeps its common words, because
 * they hold their places between the others: "lived experience of the child"
 * as a quoted phrase still needs "of the" between "experience" and "child".
 */
export function withoutCommonWords(terms: SearchTerms): SearchedTerms {
  const kept: SearchPhrase[] = []
  const leftOut: string[] = []
  for (const phrase of terms.phrases) {
    if (phrase.every((word) => COMMON_WORDS.has(word))) leftOut.push(describePhrase(phrase))
    else kept.push(phrase)
  }
  return { searched: { phrases: kept }, leftOut }
}

/**
 * At most this many results are counted and listed. Counting or ranking every
 * one of thousands of matches costs more than anyone reads: beyond it the
 * page says "more than 1,000" and asks for more words or a filter.
 */
export const MAX_RESULTS = 1000

export function isEmptySearch(terms: SearchTerms): boolean {
  return terms.phrases.length === 0
}

/** The words as typed back to the person: `neglect "home visit"`. */
export function describeSearch(terms: SearchTerms): string {
  return terms.phrases.map(describePhrase).join(' ')
}

function describePhrase(phrase: SearchPhrase): string {
  return phrase.length > 1 ? `"${phrase.join(' ')}"` : (phrase[0] ?? '')
}

/** Marks around matched words in a snippet, from characters no indexed text contains. */
export const MATCH_START = '\uE000'
export const MATCH_END = '\uE001'

/** Indexed text never contains the match marks, so a snippet's marks are always the engine's. */
export function withoutMatchMarks(text: string): string {
  // NUL too: PostgreSQL refuses it in text.
  return text.replace(/[\uE000\uE001]/g, ' ').replaceAll(String.fromCharCode(0), ' ')
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

/**
 * A snippet as safe HTML: everything escaped, and only the engine's matches
 * wrapped in <mark>. An unclosed mark is closed, so the markup is always whole.
 */
export function snippetToHtml(snippet: string): string {
  let html = ''
  let open = false
  for (const character of snippet) {
    if (character === MATCH_START) {
      if (!open) html += '<mark>'
      open = true
    } else if (character === MATCH_END) {
      if (open) html += '</mark>'
      open = false
    } else {
      html += ESCAPES[character] ?? character
    }
  }
  return open ? `${html}</mark>` : html
}
