// Suggests themes for a piece of text, with the words that led to each (issue
// 11). Hand-built phrase lists (theme-phrases.ts) are matched against the text
// after both are reduced to word stems, so the suggester understands how
// practitioners write ("the mother's new partner", "co-sleeping", "county
// lines", "not seen alone") without any service or model. A suggestion is only
// a suggestion: a person accepts or rejects it before it becomes a tag.
import { tokenise, type Token } from './stemmer.js'
import { THEME_PHRASES } from './theme-phrases.js'

/** Longest text the suggester reads: a long learning point or a report section. */
export const SUGGESTION_TEXT_MAX = 20_000

/** How many other words "~" in a phrase may stand for. */
const GAP_WORDS = 3

/** A theme is suggested when its signs weigh at least this much. */
const THRESHOLD = 1

export interface SuggestableTheme {
  readonly slug: string
  readonly name: string
}

export interface ThemeSuggestion {
  readonly theme: string
  /** The words or phrases in the text that led to the suggestion, as written. */
  readonly reasons: readonly string[]
}

type PatternWord =
  | { readonly kind: 'stem'; readonly stem: string }
  | { readonly kind: 'prefix'; readonly prefix: string }
  | { readonly kind: 'gap' }

interface Pattern {
  readonly words: readonly PatternWord[]
  readonly weight: number
}

function compile(phrase: string): Pattern | null {
  const weak = phrase.startsWith('?')
  const words: PatternWord[] = []
  for (const part of (weak ? phrase.slice(1) : phrase).split(/\s+/)) {
    if (part === '') continue
    if (part === '~') {
      words.push({ kind: 'gap' })
    } else if (part.endsWith('*')) {
      // A prefix is compared with the word as written, lower-cased: "fractur*".
      for (const token of tokenise(part.slice(0, -1))) {
        words.push({ kind: 'stem', stem: token.stem })
      }
      const last = words.pop()
      if (last?.kind === 'stem') {
        const raw = tokenise(part.slice(0, -1)).at(-1)?.text.toLowerCase() ?? last.stem
        words.push({ kind: 'prefix', prefix: raw })
      }
    } else {
      for (const token of tokenise(part)) words.push({ kind: 'stem', stem: token.stem })
    }
  }
  if (!words.some((word) => word.kind !== 'gap')) return null
  return { words, weight: weak ? 0.5 : 1 }
}

function wordMatches(word: PatternWord, token: Token): boolean {
  if (word.kind === 'stem') return token.stem === word.stem
  if (word.kind === 'prefix') return token.text.toLowerCase().startsWith(word.prefix)
  return false
}

/** Where the pattern matches from word `wordIndex` at token `tokenIndex`: the index of its last token, or -1. */
function matchFrom(
  pattern: Pattern,
  tokens: readonly Token[],
  wordIndex: number,
  tokenIndex: number,
): number {
  if (wordIndex === pattern.words.length) return tokenIndex - 1
  const word = pattern.words[wordIndex]
  if (word === undefined) return -1
  if (word.kind === 'gap') {
    for (let skip = 0; skip <= GAP_WORDS; skip += 1) {
      const end = matchFrom(pattern, tokens, wordIndex + 1, tokenIndex + skip)
      if (end >= 0) return end
    }
    return -1
  }
  const token = tokens[tokenIndex]
  if (token === undefined || !wordMatches(word, token)) return -1
  return matchFrom(pattern, tokens, wordIndex + 1, tokenIndex + 1)
}

/** Where a pattern could start: only tokens its first word matches, found by stem. */
function candidateStarts(
  pattern: Pattern,
  tokens: readonly Token[],
  byStem: ReadonlyMap<string, readonly number[]>,
): readonly number[] {
  const first = pattern.words.find((word) => word.kind !== 'gap')
  if (first?.kind === 'stem' && pattern.words[0]?.kind !== 'gap')
    return byStem.get(first.stem) ?? []
  return tokens.map((_token, index) => index)
}

export interface ThemeSuggester {
  suggest(text: string): ThemeSuggestion[]
}

/**
 * Builds a suggester for the given themes. A shipped theme uses its phrase
 * list; a theme an administrator added is suggested when its name appears
 * (stemmed), so new themes are suggested from the day they are added.
 */
export function themeSuggester(themes: readonly SuggestableTheme[]): ThemeSuggester {
  const compiled = themes.map((theme) => {
    const phrases = THEME_PHRASES[theme.slug] ?? [theme.name]
    // The theme's own name always counts ("Professional curiosity").
    const patterns = [...phrases, theme.name]
      .map(compile)
      .filter((pattern): pattern is Pattern => pattern !== null)
    return { slug: theme.slug, patterns }
  })

  return {
    suggest(text) {
      const source = text.slice(0, SUGGESTION_TEXT_MAX)
      const tokens = tokenise(source)
      // Long texts are common (a report section), so each phrase is tried only
      // where its first word occurs, not at every word.
      const byStem = new Map<string, number[]>()
      tokens.forEach((token, index) => {
        const positions = byStem.get(token.stem)
        if (positions) positions.push(index)
        else byStem.set(token.stem, [index])
      })
      const suggestions: ThemeSuggestion[] = []
      for (const theme of compiled) {
        // One quote counts once however many phrases find it; the longest wins.
        const spans = new Map<number, { end: number; weight: number }>()
        for (const pattern of theme.patterns) {
          for (const at of candidateStarts(pattern, tokens, byStem)) {
            const end = matchFrom(pattern, tokens, 0, at)
            if (end < 0) continue
            const known = spans.get(at)
            if (!known || end > known.end || (end === known.end && pattern.weight > known.weight)) {
              spans.set(at, { end, weight: pattern.weight })
            }
          }
        }
        // Drop a span inside a longer one: "health visitor" inside "the health visitor's".
        const ordered = [...spans.entries()].sort(([a], [b]) => a - b)
        const kept: { start: number; end: number; weight: number }[] = []
        for (const [start, span] of ordered) {
          const previous = kept.at(-1)
          if (previous && start <= previous.end) {
            if (span.end > previous.end) {
              previous.end = span.end
              previous.weight = Math.max(previous.weight, span.weight)
            }
            continue
          }
          kept.push({ start, end: span.end, weight: span.weight })
        }
        // The same words said twice are one reason, not two.
        const reasons = new Map<string, { quote: string; weight: number }>()
        for (const span of kept) {
          const first = tokens[span.start]
          const last = tokens[span.end]
          if (!first || !last) continue
          const quote = source.slice(first.start, last.end).replace(/\s+/g, ' ')
          const key = quote.toLowerCase()
          if (!reasons.has(key)) reasons.set(key, { quote, weight: span.weight })
        }
        const weight = [...reasons.values()].reduce((sum, reason) => sum + reason.weight, 0)
        if (weight >= THRESHOLD) {
          suggestions.push({
            theme: theme.slug,
            reasons: [...reasons.values()].map((reason) => reason.quote),
          })
        }
      }
      return suggestions
    },
  }
}
