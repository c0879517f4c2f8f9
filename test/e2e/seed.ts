// Reads the seed page (the partnership's original "Learning from reviews" page)
// so the tests compare the service with the source, not with the demo data's
// retyping of it. test/fixtures holds a verbatim copy of the shared reference
// file, because CI runs on a clone that has nothing beside it.
import { readFileSync } from 'node:fs'

const seedFile = new URL('../fixtures/seed-learning-from-reviews.txt', import.meta.url)

/** The three published reviews the seed describes, as the service names them. */
export const SEED_REVIEWS = [
  { slug: 'child-y-scr', pseudonym: 'Child Y', title: 'Child Y Serious Case Review' },
  { slug: 'baby-eliza-scr', pseudonym: 'Baby Eliza', title: 'Baby Eliza Serious Case Review' },
  { slug: 'child-a-scr', pseudonym: 'Child A', title: 'Child A Serious Case Review' },
] as const

export type SeedReview = (typeof SEED_REVIEWS)[number]

export interface SeedLearning {
  review: SeedReview
  /** The line that introduces the bullets, without a trailing colon. */
  introduction: string
  kind: 'learning-points' | 'recommendations'
  items: string[]
}

/** The seed has non-breaking spaces in places; the page need not keep them. */
export function normaliseSpace(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}

/** For headings only: the seed mixes straight and typographic apostrophes. */
export function normaliseQuotes(text: string): string {
  return normaliseSpace(text).replace(/[‘’]/g, "'")
}

const lines = readFileSync(seedFile, 'utf8').split(/\r?\n/).map(normaliseSpace)

/** The seed page's title: its first line. */
export const SEED_TITLE = lines.find((line) => line !== '') ?? ''

/**
 * Each run of bullet lines (•) is one review's learning points or
 * recommendations. It belongs to the review whose pseudonym was last mentioned
 * above it, and is recommendations when its introduction says so.
 */
function parseLearning(): SeedLearning[] {
  const runs: SeedLearning[] = []
  let current: string[] | undefined
  lines.forEach((line, index) => {
    if (!line.startsWith('•')) {
      current = undefined
      return
    }
    const item = normaliseSpace(line.slice(1))
    if (current) {
      current.push(item)
      return
    }
    const above = lines.slice(0, index).filter((text) => text !== '')
    const introduction = (above.at(-1) ?? '').replace(/:$/, '')
    const review = above
      .toReversed()
      .map((text) => SEED_REVIEWS.find((candidate) => text.includes(candidate.pseudonym)))
      .find((found) => found !== undefined)
    if (!review) throw new Error(`No review named above the bullets at seed line ${index + 1}`)
    current = [item]
    runs.push({
      review,
      introduction,
      kind: /recommendations/i.test(introduction) ? 'recommendations' : 'learning-points',
      items: current,
    })
  })
  return runs
}

export const SEED_LEARNING = parseLearning()

export function learningOf(review: SeedReview): SeedLearning[] {
  return SEED_LEARNING.filter((learning) => learning.review.slug === review.slug)
}
