// Text as the matcher reads it (S17): accents folded (Zoë = Zoe), typographic
// apostrophes and hyphens made plain, a word broken by a hyphen at a line end
// joined again, and every run of white space one space. Each character keeps
// the position it came from, so a hit points back at the original words.

export interface FoldedText {
  /** The folded text. Case is kept: term patterns ignore case, generic ones do not. */
  readonly text: string
  /** For each character of `text`, the index in the original it came from. */
  readonly origin: readonly number[]
}

const APOSTROPHES = /[\u2018\u2019\u02bc\u2032`´]/
const HYPHENS = /[\u2010\u2011\u2012\u2013\u2212]/
const SOFT_HYPHEN = '\u00ad'

/** One character (code point) folded: accents dropped, compatibility forms expanded. */
function foldCharacter(character: string): string {
  if (APOSTROPHES.test(character)) return "'"
  if (HYPHENS.test(character)) return '-'
  if (character === SOFT_HYPHEN) return ''
  // NFKD splits "ë" into "e" + a combining mark, and "ﬁ" into "fi".
  return character.normalize('NFKD').replace(/\p{M}/gu, '')
}

export function foldText(original: string): FoldedText {
  let text = ''
  const origin: number[] = []
  let index = 0
  while (index < original.length) {
    const codePoint = original.codePointAt(index) ?? 0
    const character = String.fromCodePoint(codePoint)
    const width = character.length
    // A hyphen at a line end ("Oka-\nfor"): the word goes on, so the hyphen and
    // the break go. A real compound name split there is still found, because
    // term patterns make their own hyphens optional.
    if (character === '-' || HYPHENS.test(character)) {
      const rest = /^[ \t]*\r?\n\s*/.exec(original.slice(index + width, index + width + 64))
      if (rest && /\p{L}$/u.test(text)) {
        index += width + rest[0].length
        continue
      }
    }
    if (/\s/u.test(character)) {
      if (text.length > 0 && !text.endsWith(' ')) {
        text += ' '
        origin.push(index)
      }
      index += width
      continue
    }
    const folded = foldCharacter(character)
    for (const unit of folded) {
      text += unit
      for (let copy = 0; copy < unit.length; copy += 1) origin.push(index)
    }
    index += width
  }
  return { text, origin }
}

/** The original span [start, end) of a folded span. */
export function originalSpan(
  folded: FoldedText,
  start: number,
  end: number,
): { start: number; end: number } {
  const first = folded.origin[start] ?? 0
  const last = folded.origin[Math.max(start, end - 1)] ?? first
  return { start: first, end: last + 1 }
}
