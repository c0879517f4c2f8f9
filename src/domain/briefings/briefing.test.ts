import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  briefingStatusName,
  briefingStatusOf,
  BRIEFING_SECTIONS,
  briefingBlocks,
  checkSectionText,
  checkWithdrawalReason,
  cutAtSentence,
  draftBriefing,
  fitList,
  publicationRefusals,
  sectionBySlug,
  type BriefingSections,
} from './briefing.js'

const REVIEW = {
  title: 'Baby Eliza Serious Case Review',
  childPseudonym: 'Baby Eliza',
  leadPartnershipName: 'Wandsworth Safeguarding Children Partnership',
  summary: ['The review was commissioned in 2016.', 'Baby Eliza was harmed at home.'],
  learningPoints: ['Referrals need detailed safeguarding information.', 'Involve GPs fully.'],
  recommendations: ['Review health visiting workloads.'],
}

const COMPLETE: BriefingSections = {
  background: 'b',
  whyItMatters: 'w',
  whatHappened: 'h',
  whatWeLearned: 'l',
  whatToDo: 'd',
  questions: 'q',
  furtherInformation: 'f',
}

describe('the first draft of a briefing', () => {
  it('fills the seven sections from the review', () => {
    const draft = draftBriefing(REVIEW)
    assert.match(
      draft.background,
      /about the Baby Eliza Serious Case Review, held by the Wandsworth Safeguarding Children Partnership\./,
    )
    assert.match(draft.background, /The review was commissioned in 2016\./)
    assert.equal(draft.whatHappened, 'Baby Eliza was harmed at home.')
    assert.equal(
      draft.whatWeLearned,
      '- Referrals need detailed safeguarding information.\n- Involve GPs fully.',
    )
    assert.equal(draft.whatToDo, '- Review health visiting workloads.')
    assert.match(draft.whyItMatters, /what happened to Baby Eliza/)
    assert.equal(briefingBlocks(draft.questions)[0]?.kind, 'list')
    assert.match(draft.furtherInformation, /learning from reviews pages/)
  })

  it('puts a summary of one paragraph under what happened', () => {
    const draft = draftBriefing({ ...REVIEW, summary: ['Only one paragraph.'] })
    assert.equal(draft.whatHappened, 'Only one paragraph.')
    assert.doesNotMatch(draft.background, /Only one paragraph/)
  })

  it('leaves a section empty when the review has nothing for it', () => {
    const draft = draftBriefing({ ...REVIEW, recommendations: [] })
    assert.equal(draft.whatToDo, '')
  })

  it('never goes over a section’s limit, taking whole points only', () => {
    const long = Array.from(
      { length: 40 },
      (_, index) => `Learning point ${index} ${'x'.repeat(80)}`,
    )
    const draft = draftBriefing({
      ...REVIEW,
      learningPoints: long,
      summary: ['a', 'y'.repeat(5000)],
    })
    for (const section of BRIEFING_SECTIONS) {
      assert.ok(draft[section.key].length <= section.limit, section.heading)
      assert.deepEqual(checkSectionText(section, draft[section.key]).errors, [])
    }
    for (const line of draft.whatWeLearned.split('\n'))
      assert.match(line, /^- Learning point \d+ x{80}$/)
    assert.ok(draft.whatHappened.length > 0, 'a paragraph too long is cut, not dropped')
  })

  it('cuts a long paragraph at a sentence, or at a word with an ellipsis', () => {
    assert.equal(cutAtSentence('One. Two three. Four five six.', 20), 'One. Two three.')
    assert.equal(cutAtSentence('no sentence end here at all', 12), 'no sentence…')
    assert.equal(fitList(['a', 'b'], { characters: 3, lines: 5 }), '- a')
    assert.equal(fitList(['a', 'b', 'c'], { characters: 100, lines: 2 }), '- a\n- b')
  })
})

describe('a section’s text', () => {
  const section = sectionBySlug('why-it-matters')!

  it('is counted with line breaks as one character, as the browser counts', () => {
    const text = `${'a'.repeat(299)}\r\n${'b'.repeat(300)}`
    assert.deepEqual(checkSectionText(section, text), {
      value: `${'a'.repeat(299)}\n${'b'.repeat(300)}`,
      errors: [],
    })
  })

  it('is refused over the limit, with the GOV.UK message', () => {
    assert.deepEqual(checkSectionText(section, 'a'.repeat(601)).errors, [
      { field: 'text', message: 'Why it matters must be 600 characters or fewer' },
    ])
  })

  it('is refused with more paragraphs and bullet points than fit the page', () => {
    const lines = Array.from({ length: 6 }, (_, index) => `- point ${index}`).join('\n')
    assert.deepEqual(checkSectionText(section, lines).errors, [
      {
        field: 'text',
        message: 'Why it matters must have 5 paragraphs and bullet points or fewer',
      },
    ])
  })

  it('is refused when it is not text (a hostile body)', () => {
    assert.equal(checkSectionText(section, ['a', 'b']).errors.length, 1)
  })

  it('reads as paragraphs and bullet lists', () => {
    assert.deepEqual(briefingBlocks('First.\n\n- one\n• two\n* three\nAfter.'), [
      { kind: 'paragraph', text: 'First.' },
      { kind: 'list', items: ['one', 'two', 'three'] },
      { kind: 'paragraph', text: 'After.' },
    ])
    assert.deepEqual(briefingBlocks('-not a bullet\n- '), [
      { kind: 'paragraph', text: '-not a bullet' },
    ])
  })

  it('has limits that keep the whole briefing near two A4 pages', () => {
    const total = BRIEFING_SECTIONS.reduce((sum, s) => sum + s.limit, 0)
    assert.equal(total, 6200)
    assert.equal(
      BRIEFING_SECTIONS.reduce((sum, s) => sum + s.mostLines, 0),
      50,
    )
    assert.equal(new Set(BRIEFING_SECTIONS.map((s) => s.slug)).size, 7)
  })
})

describe('publishing a briefing (S13–S16)', () => {
  it('needs a published review and every section written', () => {
    assert.deepEqual(
      publicationRefusals({ reviewPublished: true, status: 'draft', sections: COMPLETE }),
      [],
    )
    assert.deepEqual(
      publicationRefusals({ reviewPublished: true, status: 'withdrawn', sections: COMPLETE }),
      [],
      'a withdrawn briefing may be published again',
    )
    assert.deepEqual(
      publicationRefusals({
        reviewPublished: false,
        status: 'draft',
        sections: { ...COMPLETE, questions: '  ' },
      }).map((error) => error.message),
      [
        'Publish the review first: a briefing can only be public once its review is',
        'Write the questions for reflection section before publishing',
      ],
    )
    assert.equal(
      publicationRefusals({ reviewPublished: true, status: 'published', sections: COMPLETE })[0]
        ?.message,
      'The briefing is already published',
    )
  })

  it('is withdrawn only with a reason', () => {
    assert.equal(
      checkWithdrawalReason('  ').errors[0]?.message,
      'Enter why the briefing is being withdrawn',
    )
    assert.equal(checkWithdrawalReason('x'.repeat(1001)).errors.length, 1)
    assert.deepEqual(checkWithdrawalReason(' Wrong review \r\n'), {
      value: 'Wrong review',
      errors: [],
    })
  })
})

describe('a briefing’s status in words (either kind)', () => {
  it('names each status, with the reason a briefing was withdrawn', () => {
    assert.equal(
      briefingStatusName({ status: 'draft', withdrawnReason: null }),
      'Draft (not published)',
    )
    assert.equal(briefingStatusName({ status: 'published', withdrawnReason: null }), 'Published')
    assert.equal(
      briefingStatusName({ status: 'withdrawn', withdrawnReason: 'Out of date' }),
      'Withdrawn: Out of date',
    )
  })

  it('refuses a stored status that is not one of ours', () => {
    assert.throws(
      () => briefingStatusOf({ status: 'archived' }),
      /Unknown briefing status archived/,
    )
  })
})
