// A light English stemmer and a tokeniser for the theme suggester (issue 11).
// Practitioners write the same idea in many forms ("co-sleeping", "co-slept",
// "sleeps with"; "the mother's partner", "partners"), so both the phrase lists
// and the text are reduced to the same stems before they are compared. This is
// deliberately lighter than Porter's algorithm: it only strips inflections
// (plurals, -ing, -ed, possessives) so that stems stay readable and a phrase
// list entry means what it says; derivational forms (e.g. "neglectful") are
// listed where they matter.

/** Suffixes after which a doubled consonant is kept ("missed" → "miss"). */
const KEEP_DOUBLE = new Set(['l', 's', 'z'])

function isVowel(letter: string | undefined): boolean {
  return letter !== undefined && 'aeiou'.includes(letter)
}

function hasVowel(text: string): boolean {
  return /[aeiouy]/.test(text)
}

/** After removing -ing or -ed: "running" → "run", "hopping" → "hop". */
function undouble(base: string): string {
  const last = base.at(-1)
  if (
    base.length >= 3 &&
    last !== undefined &&
    last === base.at(-2) &&
    !isVowel(last) &&
    !KEEP_DOUBLE.has(last)
  ) {
    return base.slice(0, -1)
  }
  return base
}

/**
 * Reduces an inflected English word to a stem. Both "shared" and "sharing"
 * give "shar"; "babies" and "baby" give "babi"; "injuries" and "injury" give
 * "injuri". Words of three letters or fewer are left alone.
 */
export function stem(word: string): string {
  let w = word.toLowerCase().replace(/[’']s?$/, '')
  if (w.length <= 3) return w
  if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}i`
  else if (w.endsWith('sses')) w = w.slice(0, -2)
  else if (/(?:ch|sh|x|zz)es$/.test(w)) w = w.slice(0, -2)
  else if (w.endsWith('s') && !/(?:ss|us|is)$/.test(w)) w = w.slice(0, -1)

  if (w.endsWith('ing') && w.length > 5 && hasVowel(w.slice(0, -3))) {
    w = undouble(w.slice(0, -3))
  } else if (w.endsWith('ed') && w.length > 4 && hasVowel(w.slice(0, -2))) {
    w = w.endsWith('ied') ? `${w.slice(0, -3)}i` : undouble(w.slice(0, -2))
  }
  if (w.endsWith('y') && w.length > 3 && !isVowel(w.at(-2))) w = `${w.slice(0, -1)}i`
  // "share" and "shar(ed)" meet at "shar"; a word of three letters keeps its e.
  if (w.endsWith('e') && w.length > 3 && !w.endsWith('ee')) w = w.slice(0, -1)
  return w
}

export interface Token {
  /** The word as written, for showing why a theme was suggested. */
  readonly text: string
  readonly stem: string
  /** Where the word starts and ends in the text, to quote a whole phrase. */
  readonly start: number
  readonly end: number
}

/**
 * Splits text into words. Hyphens and slashes separate words, so "co-sleeping"
 * is "co" "sleeping" and matches a phrase written "co sleeping"; a possessive
 * "'s" is part of its word, so "mother's" is stemmed to "mother".
 */
export function tokenise(text: string): Token[] {
  const tokens: Token[] = []
  for (const match of text.matchAll(/[\p{L}\p{N}]+(?:[’'][\p{L}]+)*[’']?/gu)) {
    const word = match[0]
    tokens.push({
      text: word,
      stem: stem(word),
      start: match.index,
      end: match.index + word.length,
    })
  }
  return tokens
}
