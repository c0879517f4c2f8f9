import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  checkThematicChoice,
  citedParts,
  citedSources,
  compileThematicBriefing,
  isWithinPeriod,
  periodText,
  selectThematicLearning,
  sourceLabels,
  thematicPublicationRefusals,
  thematicSlug,
  THEMATIC_SECTIONS,
  type ReviewForThematicBriefing,
  type ThemedItem,
} from './thematic-briefing.js'

const THEMES = [
  { slug: 'professional-curiosity', name: 'Professional curiosity' },
  { slug: 'neglect', name: 'Neglect' },
  { slug: 'health-services', name: 'Health services' },
  { slug: 'domestic-abuse', name: 'Domestic abuse' },
]

const childA: ReviewForThematicBriefing = {
  id: 'a',
  title: 'Child A Serious Case Review',
  childPseudonym: 'Child A',
  date: '2019-05-01',
  summary: ['Child A was seriously malnourished. More followed.', 'Second paragraph.'],
  themeSlugs: ['professional-curiosity', 'neglect'],
}
const eliza: ReviewForThematicBriefing = {
  id: 'e',
  title: 'Baby Eliza Serious Case Review',
  childPseudonym: 'Baby Eliza',
  date: '2017-03-01',
  summary: ['Baby Eliza received serious injuries.'],
  themeSlugs: ['domestic-abuse'],
}
const childY: ReviewForThematicBriefing = {
  id: 'y',
  title: 'Child Y Serious Case Review',
  childPseudonym: 'Child Y',
  date: '2023-01-10',
  summary: ['Placed out of borough.'],
  themeSlugs: ['looked-after-children'],
}

const items: ThemedItem[] = [
  {
    kind: 'recommendation',
    reviewId: 'a',
    position: 4,
    text: 'Check the whole household',
    themeSlugs: ['professional-curiosity'],
  },
  {
    kind: 'recommendation',
    reviewId: 'a',
    position: 1,
    text: 'Create cultures of professional curiosity',
    themeSlugs: ['professional-curiosity'],
  },
  {
    kind: 'recommendation',
    reviewId: 'a',
    position: 6,
    text: 'Never dilute formula',
    themeSlugs: ['health-services', 'neglect'],
  },
  {
    kind: 'learning-point',
    reviewId: 'e',
    position: 4,
    text: 'Risk not diminished by sympathy for a vulnerable parent',
    themeSlugs: ['professional-curiosity', 'domestic-abuse'],
  },
  {
    kind: 'learning-point',
    reviewId: 'y',
    position: 1,
    text: 'Lived experience of the children',
    themeSlugs: ['voice-of-the-child'],
  },
]

const curiosity = {
  themeSlugs: ['professional-curiosity'],
  period: { fromYear: null, toYear: null },
}

describe('choosing themes and a period', () => {
  const known = new Set(THEMES.map((theme) => theme.slug))

  it('needs a known theme and takes open-ended years', () => {
    assert.deepEqual(
      checkThematicChoice({ themes: undefined, fromYear: '', toYear: '' }, known).errors,
      [{ field: 'themes', message: 'Select at least one theme' }],
    )
    assert.equal(
      checkThematicChoice({ themes: ['made-up'], fromYear: '', toYear: '' }, known).errors[0]
        ?.message,
      'Select themes from the list',
    )
    const checked = checkThematicChoice(
      { themes: 'neglect', fromYear: ' 2018 ', toYear: '' },
      known,
    )
    assert.deepEqual(checked.value, {
      themeSlugs: ['neglect'],
      period: { fromYear: 2018, toYear: null },
    })
  })

  it('refuses a year that is not one, and a period that ends before it starts', () => {
    const checked = checkThematicChoice(
      { themes: ['neglect'], fromYear: '2024', toYear: '2019' },
      known,
    )
    assert.deepEqual(checked.errors, [
      { field: 'toYear', message: 'The last year must be the same as or after the first' },
    ])
    assert.equal(
      checkThematicChoice({ themes: ['neglect'], fromYear: '20x4', toYear: '' }, known).errors[0]
        ?.field,
      'fromYear',
    )
  })

  it('places a date in a period by its year, both ends included', () => {
    assert.ok(isWithinPeriod('2018-12-31', { fromYear: 2018, toYear: 2018 }))
    assert.ok(!isWithinPeriod('2017-12-31', { fromYear: 2018, toYear: null }))
    assert.ok(!isWithinPeriod('2025-01-01', { fromYear: null, toYear: 2024 }))
    assert.equal(periodText({ fromYear: 2018, toYear: 2024 }), '2018 to 2024')
    assert.equal(periodText({ fromYear: null, toYear: null }), 'all years')
  })
})

describe('selecting the learning', () => {
  it('takes reviews touching a theme by their own tags or their items’ tags', () => {
    const selected = selectThematicLearning(curiosity, [childA, eliza, childY], items)
    // Oldest first: Baby Eliza (2017), then Child A (2019); Child Y does not touch it.
    assert.deepEqual(
      selected.reviews.map((review) => review.id),
      ['e', 'a'],
    )
    assert.deepEqual(
      selected.items.map((item) => item.text),
      [
        'Risk not diminished by sympathy for a vulnerable parent',
        'Create cultures of professional curiosity',
        'Check the whole household',
      ],
    )
  })

  it('keeps to the period', () => {
    const selected = selectThematicLearning(
      { ...curiosity, period: { fromYear: 2018, toYear: null } },
      [childA, eliza, childY],
      items,
    )
    assert.deepEqual(
      selected.reviews.map((review) => review.id),
      ['a'],
    )
    assert.ok(selected.items.every((item) => item.reviewId === 'a'))
  })

  it('labels reviews by pseudonym, numbering repeats', () => {
    assert.deepEqual(
      sourceLabels([
        { id: '1', childPseudonym: 'Child A' },
        { id: '2', childPseudonym: 'Child A' },
        { id: '3', childPseudonym: '[Child B]' },
      ]).map((source) => source.label),
      ['Child A', 'Child A (2)', 'Child B'],
    )
  })
})

describe('compiling the draft', () => {
  const compiled = compileThematicBriefing({
    choice: curiosity,
    themes: THEMES,
    reviews: [childA, eliza, childY],
    items,
  })

  it('cites each item’s review', () => {
    assert.deepEqual(compiled.sources, [
      { reviewId: 'e', label: 'Baby Eliza' },
      { reviewId: 'a', label: 'Child A' },
    ])
    assert.match(compiled.sections.learning, /^- Risk not diminished .* \[Baby Eliza\]$/m)
    assert.match(
      compiled.sections.learning,
      /^- Create cultures of professional curiosity \[Child A\]$/m,
    )
    assert.doesNotMatch(compiled.sections.learning, /formula/)
    assert.equal(compiled.leftOut, 0)
  })

  it('says why each review was held from its summary’s first paragraph', () => {
    assert.match(compiled.sections.whyHeld, /professional curiosity from 2 reviews \(all years\)/)
    assert.match(
      compiled.sections.whyHeld,
      /Child A Serious Case Review \[Child A\]: Child A was seriously malnourished\. More followed\./,
    )
    assert.doesNotMatch(compiled.sections.whyHeld, /Second paragraph/)
  })

  it('lists the other themes found alongside as risk factors, most widespread first', () => {
    assert.equal(
      compiled.sections.riskFactors,
      '- Domestic abuse [Baby Eliza]\n- Neglect [Child A]',
    )
  })

  it('fills every section and names the themes in the title', () => {
    for (const section of THEMATIC_SECTIONS) assert.notEqual(compiled.sections[section.key], '')
    assert.equal(compiled.title, 'Professional curiosity: learning from case reviews')
  })

  it('counts items that did not fit', () => {
    const many: ThemedItem[] = Array.from({ length: 60 }, (_, index) => ({
      kind: 'recommendation',
      reviewId: 'a',
      position: index,
      text: `Point ${index}`,
      themeSlugs: ['neglect'],
    }))
    const result = compileThematicBriefing({
      choice: { themeSlugs: ['neglect'], period: { fromYear: null, toYear: null } },
      themes: THEMES,
      reviews: [childA],
      items: many,
    })
    assert.equal(result.leftOut, 20)
  })
})

describe('citations and publishing', () => {
  const sources = [
    { reviewId: 'a', label: 'Child A' },
    { reviewId: 'e', label: 'Baby Eliza' },
  ]

  it('splits a line into text and citations of known reviews only', () => {
    assert.deepEqual(citedParts('Ask [Child A] and [Child Z]', sources), [
      { kind: 'text', text: 'Ask ' },
      { kind: 'citation', label: 'Child A', reviewId: 'a' },
      { kind: 'text', text: ' and [Child Z]' },
    ])
  })

  const sections = {
    whyHeld: 'Held [Child A]',
    riskFactors: '- Neglect [Child A]',
    learning: '- Be curious [Child A]',
    questions: '- What will you do?',
  }

  it('refuses to publish while a cited review is unpublished, not once its learning is out', () => {
    const refusals = thematicPublicationRefusals({
      status: 'draft',
      sections: { ...sections, learning: '- Be curious [Child A]\n- Sympathy [Baby Eliza]' },
      sources: [
        { label: 'Child A', title: 'Child A review', public: true },
        { label: 'Baby Eliza', title: 'Baby Eliza review', public: false },
      ],
    })
    assert.equal(refusals.length, 1)
    assert.match(refusals[0]?.message ?? '', /Baby Eliza review \[Baby Eliza\] is not published/)
    assert.deepEqual(
      thematicPublicationRefusals({
        status: 'draft',
        sections,
        sources: [
          { label: 'Child A', title: 'Child A review', public: true },
          { label: 'Baby Eliza', title: 'Baby Eliza review', public: false },
        ],
      }),
      [],
    )
    assert.deepEqual(
      citedSources(sections, sources).map((source) => source.label),
      ['Child A'],
    )
  })

  it('refuses an empty section and a briefing that cites nothing', () => {
    const refusals = thematicPublicationRefusals({
      status: 'draft',
      sections: { whyHeld: 'x', riskFactors: '', learning: 'y', questions: 'z' },
      sources: [{ label: 'Child A', title: 'Child A review', public: true }],
    })
    assert.deepEqual(
      refusals.map((refusal) => refusal.field),
      ['briefing', 'risk-factors'],
    )
  })

  it('makes a public address from the title', () => {
    assert.equal(
      thematicSlug('Professional curiosity: learning from case reviews (2018 to 2024)'),
      'professional-curiosity-learning-from-case-reviews-2018-to-2024',
    )
    assert.equal(thematicSlug('—'), 'thematic-briefing')
  })
})
