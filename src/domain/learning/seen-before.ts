// "We have seen this before" (issue 11): finds earlier learning points and
// recommendations that a new rapid review finding, learning point or
// recommendation repeats, and says why: the themes both carry, and the words
// and phrases both use. Wording is compared after the suggester's stemmer, so
// "diluted formula" meets "dilute formula". Only earlier learning whose actions
// are still open, overdue or were closed without completion is worth showing:
// learning already acted on is not a warning. Pure: no I/O.
import { compareDates, type CalendarDate } from '../calendar/calendar-date.js'
import { isActionFinished, type ActionStatus } from '../actions/action-status.js'
import { tokenise, type Token } from './stemmer.js'

/**
 * Words too common in learning to say two items are alike: English function
 * words and the words every safeguarding text uses. Compared as stems.
 */
const COMMON_WORDS =
  `a about above after again against all also am an and any are as at be because been before
being below between both but by can could did do does doing down during each few for from further had has
have having he her here hers herself him himself his how i if in into is it its itself just me more most my
no nor not now of off on once only or other our ours out over own same she should so some such than that the
their theirs them themselves then there these they this those through to too under until up very was we were
what when where which while who whom why will with would you your yours within without whether must may might
upon across around per via eg ie etc
child children family families parent parents professional professionals practitioner practitioners agency
agencies service services review reviews learning practice case cases need needs ensure support supported work
working worker workers staff partnership partnerships important consider considered including include made make
way ways time level levels also well good better more use used identified identify issue issues concern concerns
evidence point points recommendation recommendations finding findings`
    .split(/\s+/)
    .filter((word) => word !== '')

const COMMON_STEMS: ReadonlySet<string> = new Set(
  COMMON_WORDS.flatMap((word) => tokenise(word).map((token) => token.stem)),
)

/** Shorter stems say too little ("gp" is kept by name: see below). */
const MIN_STEM_LENGTH = 3
const SHORT_WORDS_KEPT: ReadonlySet<string> = new Set(['gp', 'ae', 'ed'])

/** Enough shared words alone to call the wording close. */
export const SHARED_WORDS_FOR_A_MATCH = 3

export interface ThemeRef {
  readonly slug: string
  readonly name: string
}

export interface LearningText {
  readonly text: string
  readonly themes: readonly ThemeRef[]
}

export interface EarlierLearning extends LearningText {
  readonly id: string
}

export interface SeenBeforeMatch {
  readonly id: string
  /** Themes both carry, by name. */
  readonly sharedThemes: readonly ThemeRef[]
  /** Runs of two or more words both use, as the earlier item writes them. */
  readonly sharedPhrases: readonly string[]
  /** Other words both use, as the earlier item writes them. */
  readonly sharedWords: readonly string[]
  /** Higher is closer: themes and phrases count more than single words. */
  readonly score: number
}

function isContent(token: Token): boolean {
  if (COMMON_STEMS.has(token.stem)) return false
  if (/^\d+$/.test(token.stem)) return false
  return token.stem.length >= MIN_STEM_LENGTH || SHORT_WORDS_KEPT.has(token.stem)
}

/**
 * The words that carry meaning, in order. The stemmer leaves words of three
 * letters alone, so an abbreviation's plural ("GPs") is put right here.
 */
function contentTokens(text: string): Token[] {
  return tokenise(text)
    .map((token) =>
      /^[A-Z]{2,}s$/.test(token.text)
        ? { ...token, stem: token.text.slice(0, -1).toLowerCase() }
        : token,
    )
    .filter(isContent)
}

function bigramKey(a: Token, b: Token): string {
  return `${a.stem} ${b.stem}`
}

/**
 * What the two texts share, quoted from `earlier`: runs of adjacent content
 * words found adjacent in both (stop words between them do not break a run,
 * so "made up only as set out" and "made up as set out" share "set out"), and
 * the single content words left over.
 */
export function sharedWording(
  text: string,
  earlier: string,
): { phrases: string[]; words: string[] } {
  const mine = contentTokens(text)
  const theirs = contentTokens(earlier)
  const myStems = new Set(mine.map((token) => token.stem))
  const myBigrams = new Set(mine.slice(1).map((token, index) => bigramKey(mine[index]!, token)))

  const phrases: string[] = []
  const inPhrase = new Set<string>()
  let run: Token[] = []
  const closeRun = () => {
    if (run.length >= 2) {
      const first = run[0]!
      const last = run.at(-1)!
      const quote = earlier.slice(first.start, last.end).replace(/\s+/g, ' ')
      if (!phrases.some((phrase) => phrase.toLowerCase() === quote.toLowerCase())) {
        phrases.push(quote)
      }
      for (const token of run) inPhrase.add(token.stem)
    }
    run = []
  }
  for (let index = 0; index < theirs.length; index += 1) {
    const token = theirs[index]!
    const previous = theirs[index - 1]
    if (previous && myBigrams.has(bigramKey(previous, token))) {
      if (run.length === 0) run.push(previous)
      run.push(token)
    } else {
      closeRun()
    }
  }
  closeRun()

  const words: string[] = []
  const seen = new Set<string>()
  for (const token of theirs) {
    if (!myStems.has(token.stem) || inPhrase.has(token.stem) || seen.has(token.stem)) continue
    seen.add(token.stem)
    words.push(token.text)
  }
  return { phrases, words }
}

/**
 * The earlier learning the new item repeats, closest first: each shares at
 * least one theme, or a phrase, or SHARED_WORDS_FOR_A_MATCH words.
 */
export function findSeenBefore(
  item: LearningText,
  earlier: readonly EarlierLearning[],
): SeenBeforeMatch[] {
  const itemThemes = new Set(item.themes.map((theme) => theme.slug))
  const matches: SeenBeforeMatch[] = []
  for (const candidate of earlier) {
    const sharedThemes = candidate.themes.filter((theme) => itemThemes.has(theme.slug))
    const { phrases, words } = sharedWording(item.text, candidate.text)
    const closeWording = phrases.length > 0 || words.length >= SHARED_WORDS_FOR_A_MATCH
    if (sharedThemes.length === 0 && !closeWording) continue
    const phraseWords = phrases.reduce((sum, phrase) => sum + tokenise(phrase).length, 0)
    matches.push({
      id: candidate.id,
      sharedThemes,
      sharedPhrases: phrases,
      sharedWords: words,
      score: 3 * sharedThemes.length + 2 * phraseWords + words.length,
    })
  }
  return matches.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id))
}

/** Why an earlier item's action still matters, or null once it was acted on. */
export type ActionConcern = 'open' | 'overdue' | 'closed-without-completion'

export const ACTION_CONCERN_NAMES: Record<ActionConcern, string> = {
  open: 'Open',
  overdue: 'Overdue',
  'closed-without-completion': 'Closed without completion',
}

/**
 * Open: the agency has not finished it (not started, in progress, sent back).
 * Overdue: open past its due date. Closed: the business unit closed it without
 * completion. Completed and assured actions are not a concern.
 */
export function actionConcern(
  action: { readonly status: ActionStatus; readonly dueOn: CalendarDate },
  today: CalendarDate,
): ActionConcern | null {
  if (action.status === 'closed') return 'closed-without-completion'
  if (isActionFinished(action.status)) return null
  return compareDates(action.dueOn, today) < 0 ? 'overdue' : 'open'
}
