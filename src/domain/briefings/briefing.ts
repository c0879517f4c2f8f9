// A seven-minute briefing (issue 9): the learning of one review in seven short
// sections a team manager can read out and discuss with a team in about seven
// minutes. Each section has a limit, so the whole briefing fits on one or two
// A4 pages. The product fills a first draft from the review; people then edit it.
import type { FieldError } from '../errors.js'

export const BRIEFING_SECTION_KEYS = [
  'background',
  'whyItMatters',
  'whatHappened',
  'whatWeLearned',
  'whatToDo',
  'questions',
  'furtherInformation',
] as const

export type BriefingSectionKey = (typeof BRIEFING_SECTION_KEYS)[number]

export type BriefingSections = Readonly<Record<BriefingSectionKey, string>>

export interface BriefingSection {
  readonly key: BriefingSectionKey
  /** The last part of the section's edit address. */
  readonly slug: string
  readonly heading: string
  readonly hint: string
  /** Characters, counted as the GOV.UK character count counts them (a line break is one). */
  readonly limit: number
  /**
   * Paragraphs and bullet points: many short lines take more room on the page
   * than their characters suggest, so they are limited too.
   */
  readonly mostLines: number
}

const LIST_HINT = 'Start a line with “- ” or “• ” to make it a bullet point.'

/**
 * The limits add up to 6,200 characters and 50 paragraphs or bullet points: with the headings, two A4 pages
 * at a readable size. The PDF shrinks the type a little if a briefing with many
 * short lines still runs over, and never goes below 9 points.
 */
export const BRIEFING_SECTIONS: readonly BriefingSection[] = [
  {
    key: 'background',
    slug: 'background',
    heading: 'Background',
    hint: 'Why the review was held, in a few sentences.',
    limit: 900,
    mostLines: 6,
  },
  {
    key: 'whyItMatters',
    slug: 'why-it-matters',
    heading: 'Why it matters',
    hint: 'Why practitioners should spend seven minutes on this.',
    limit: 600,
    mostLines: 5,
  },
  {
    key: 'whatHappened',
    slug: 'what-happened',
    heading: 'What happened',
    hint: 'What the review found happened, without anything that could identify the family.',
    limit: 1200,
    mostLines: 8,
  },
  {
    key: 'whatWeLearned',
    slug: 'what-we-learned',
    heading: 'What we learned',
    hint: `The review’s learning points. ${LIST_HINT}`,
    limit: 1200,
    mostLines: 10,
  },
  {
    key: 'whatToDo',
    slug: 'what-you-should-do',
    heading: 'What you should do',
    hint: `What practitioners and managers should do differently. ${LIST_HINT}`,
    limit: 1200,
    mostLines: 10,
  },
  {
    key: 'questions',
    slug: 'questions-for-reflection',
    heading: 'Questions for reflection',
    hint: `Questions for the team to discuss. ${LIST_HINT}`,
    limit: 600,
    mostLines: 6,
  },
  {
    key: 'furtherInformation',
    slug: 'further-information',
    heading: 'Further information',
    hint: 'Where to read the full review, training and who to ask.',
    limit: 500,
    mostLines: 5,
  },
]

export function sectionBySlug(slug: string): BriefingSection | undefined {
  return BRIEFING_SECTIONS.find((section) => section.slug === slug)
}

export const BRIEFING_STATUSES = ['draft', 'published', 'withdrawn'] as const
export type BriefingStatus = (typeof BRIEFING_STATUSES)[number]

export const BRIEFING_STATUS_NAMES: Record<BriefingStatus, string> = {
  draft: 'Draft',
  published: 'Published',
  withdrawn: 'Withdrawn',
}

export function isBriefingStatus(value: string): value is BriefingStatus {
  return (BRIEFING_STATUSES as readonly string[]).includes(value)
}

/** A stored status, refused if it is not one of ours (a broken row, never a user's input). */
export function briefingStatusOf(record: { readonly status: string }): BriefingStatus {
  if (!isBriefingStatus(record.status)) throw new Error(`Unknown briefing status ${record.status}`)
  return record.status
}

/** Either kind of briefing's status in words, for the "changed by someone else" page. */
export function briefingStatusName(record: {
  readonly status: string
  readonly withdrawnReason: string | null
}): string {
  switch (briefingStatusOf(record)) {
    case 'published':
      return 'Published'
    case 'withdrawn':
      return `Withdrawn: ${record.withdrawnReason ?? ''}`
    case 'draft':
      return 'Draft (not published)'
  }
}

/** Line breaks as the browser's character count sees them; no spaces at either end. */
export function normaliseSectionText(value: string): string {
  return value.replace(/\r\n?/g, '\n').trim()
}

/** A section's text as saved, or the reason it cannot be (a section may be left empty while drafting). */
export function checkSectionText(
  section: Pick<BriefingSection, 'heading' | 'limit' | 'mostLines'>,
  value: unknown,
): { value: string; errors: FieldError[] } {
  if (typeof value !== 'string') {
    return { value: '', errors: [{ field: 'text', message: `Enter the ${lower(section)}` }] }
  }
  const text = normaliseSectionText(value)
  const errors: FieldError[] = []
  if (text.length > section.limit) {
    errors.push({
      field: 'text',
      message: `${section.heading} must be ${section.limit.toLocaleString('en-GB')} characters or fewer`,
    })
  }
  const lines = briefingBlocks(text).reduce(
    (count, block) => count + (block.kind === 'list' ? block.items.length : 1),
    0,
  )
  if (lines > section.mostLines) {
    errors.push({
      field: 'text',
      message: `${section.heading} must have ${section.mostLines} paragraphs and bullet points or fewer`,
    })
  }
  return { value: text, errors }
}

function lower(section: Pick<BriefingSection, 'heading'>): string {
  return section.heading.charAt(0).toLowerCase() + section.heading.slice(1)
}

/**
 * Why a briefing cannot be made public: it must be complete, and it must be
 * the briefing of a published review, because a briefing of an unpublished
 * review would publish its learning before the report (S13–S16).
 */
export function publicationRefusals(facts: {
  readonly reviewPublished: boolean
  readonly status: BriefingStatus
  readonly sections: BriefingSections
}): FieldError[] {
  const errors: FieldError[] = []
  if (facts.status === 'published') {
    errors.push({ field: 'briefing', message: 'The briefing is already published' })
  }
  if (!facts.reviewPublished) {
    errors.push({
      field: 'briefing',
      message: 'Publish the review first: a briefing can only be public once its review is',
    })
  }
  for (const section of BRIEFING_SECTIONS) {
    if (facts.sections[section.key].trim() === '') {
      errors.push({
        field: section.slug,
        message: `Write the ${lower(section)} section before publishing`,
      })
    }
  }
  return errors
}

export const WITHDRAWAL_REASON_LIMIT = 1000

export function checkWithdrawalReason(value: unknown): { value: string; errors: FieldError[] } {
  const text = typeof value === 'string' ? normaliseSectionText(value) : ''
  if (text === '') {
    return {
      value: '',
      errors: [{ field: 'reason', message: 'Enter why the briefing is being withdrawn' }],
    }
  }
  if (text.length > WITHDRAWAL_REASON_LIMIT) {
    return {
      value: text,
      errors: [{ field: 'reason', message: 'The reason must be 1,000 characters or fewer' }],
    }
  }
  return { value: text, errors: [] }
}

// ── Reading a section ────────────────────────────────────────────────────────

export type BriefingBlock =
  | { readonly kind: 'paragraph'; readonly text: string }
  | { readonly kind: 'list'; readonly items: readonly string[] }

const BULLET = /^\s*(?:[-•*])\s+/

/**
 * A section's text as paragraphs and bullet lists, the same way on the page,
 * in the PDF and in the .docx: each line is a paragraph, and lines starting
 * with "- ", "• " or "* " make a list.
 */
export function briefingBlocks(text: string): BriefingBlock[] {
  const blocks: BriefingBlock[] = []
  let items: string[] | null = null
  for (const rawLine of normaliseSectionText(text).split('\n')) {
    const line = rawLine.trim()
    if (line === '') {
      items = null
      continue
    }
    // A bullet with nothing after it (the text was trimmed): nothing to show.
    if (/^[-•*]$/.test(line)) continue
    if (BULLET.test(line)) {
      const item = line.replace(BULLET, '').trim()
      if (item === '') continue
      if (items === null) {
        items = []
        blocks.push({ kind: 'list', items })
      }
      items.push(item)
    } else {
      items = null
      blocks.push({ kind: 'paragraph', text: line })
    }
  }
  return blocks
}

// ── The first draft ──────────────────────────────────────────────────────────

export interface ReviewForBriefing {
  readonly title: string
  readonly childPseudonym: string
  readonly leadPartnershipName: string
  /** The review's public summary, as paragraphs. */
  readonly summary: readonly string[]
  readonly learningPoints: readonly string[]
  readonly recommendations: readonly string[]
}

const QUESTIONS = [
  'What does this review mean for the children and families your team works with now?',
  'Would your team have recognised the signs described here? What would help you to?',
  'If you felt uneasy about a family but could not say why, who would you talk to, and how?',
  'What one thing will your team do differently after reading this briefing?',
]

/**
 * Fills the seven sections from the review: its summary for the background and
 * what happened, its learning points and recommendations as lists, and standard
 * questions for reflection. Only whole paragraphs and whole points are taken, as
 * many as fit the section's limit; people then edit the draft.
 */
export function draftBriefing(review: ReviewForBriefing): BriefingSections {
  const limitOf = (key: BriefingSectionKey) => {
    const section = BRIEFING_SECTIONS.find((candidate) => candidate.key === key)
    return { characters: section?.limit ?? 0, lines: section?.mostLines ?? 0 }
  }
  const summary = review.summary.map((paragraph) => paragraph.trim()).filter(Boolean)
  // The summary's first paragraph sets the scene and the rest say what happened;
  // a summary of one paragraph is all "what happened".
  const first = summary.length > 1 ? summary[0] : undefined
  const rest = summary.length > 1 ? summary.slice(1) : summary
  return {
    background: fitParagraphs(
      [
        `This briefing is about the ${review.title}, held by the ${review.leadPartnershipName}.`,
        ...(first === undefined ? [] : [first]),
      ],
      limitOf('background'),
    ),
    whyItMatters: fitParagraphs(
      [
        `Every practitioner who works with children and families can learn from what happened to ${review.childPseudonym}. This briefing sets out what the review found and what it asks of you, in about seven minutes, so that your team can discuss it together and agree what it will do differently.`,
      ],
      limitOf('whyItMatters'),
    ),
    whatHappened: fitParagraphs(rest, limitOf('whatHappened')),
    whatWeLearned: fitList(review.learningPoints, limitOf('whatWeLearned')),
    whatToDo: fitList(review.recommendations, limitOf('whatToDo')),
    questions: fitList(QUESTIONS, limitOf('questions')),
    furtherInformation: fitParagraphs(
      [
        `Read the full ${review.title}, with all its learning points and recommendations, on the ${review.leadPartnershipName} partnership’s learning from reviews pages.`,
        'Ask your safeguarding lead or the partnership’s business unit about training and learning events on this subject.',
      ],
      limitOf('furtherInformation'),
    ),
  }
}

interface Room {
  readonly characters: number
  readonly lines: number
}

/** Whole paragraphs, blank-line separated, as many as fit; a first paragraph too long is cut at a sentence. */
export function fitParagraphs(paragraphs: readonly string[], room: Room): string {
  return fit(
    paragraphs.map((paragraph) => paragraph.replace(/\s*\n\s*/g, ' ')),
    '\n\n',
    room,
  )
}

/** Whole bullet points, one a line, as many as fit. */
export function fitList(items: readonly string[], room: Room): string {
  return fit(
    items.map((item) => `- ${item.replace(/\s+/g, ' ').trim()}`),
    '\n',
    room,
  )
}

function fit(parts: readonly string[], separator: string, room: Room): string {
  let text = ''
  let lines = 0
  for (const part of parts.map((p) => p.trim()).filter(Boolean)) {
    if (lines === room.lines) break
    const next = text === '' ? part : `${text}${separator}${part}`
    if (next.length <= room.characters) {
      text = next
      lines += 1
      continue
    }
    if (text === '') text = cutAtSentence(part, room.characters)
    break
  }
  return text
}

/** The longest run of whole sentences within the limit, or whole words and an ellipsis. */
export function cutAtSentence(text: string, limit: number): string {
  if (text.length <= limit) return text
  const head = text.slice(0, limit)
  const sentenceEnd = Math.max(head.lastIndexOf('. '), head.lastIndexOf('.\u00a0'))
  if (sentenceEnd > 0) return head.slice(0, sentenceEnd + 1)
  // Room for the ellipsis; end on a whole word where there is one.
  const room = limit - 1
  const space = text[room] === ' ' ? room : text.lastIndexOf(' ', room)
  return `${text.slice(0, space > 0 ? space : room).trimEnd()}…`
}
