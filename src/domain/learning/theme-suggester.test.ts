import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, it } from 'node:test'
import { SHIPPED_THEMES } from './themes.js'
import { THEME_PHRASES } from './theme-phrases.js'
import { SUGGESTION_TEXT_MAX, themeSuggester } from './theme-suggester.js'

const suggester = themeSuggester(SHIPPED_THEMES)

function themesFor(text: string): string[] {
  return suggester.suggest(text).map((suggestion) => suggestion.theme)
}

function reasonsFor(text: string, theme: string): readonly string[] {
  return suggester.suggest(text).find((suggestion) => suggestion.theme === theme)?.reasons ?? []
}

describe('themeSuggester', () => {
  it('has a phrase list for every shipped theme', () => {
    for (const theme of SHIPPED_THEMES) {
      assert.ok((THEME_PHRASES[theme.slug]?.length ?? 0) > 5, theme.slug)
    }
  })

  it('understands how practitioners write, not only theme names', () => {
    assert.ok(themesFor("The mother's new partner had moved in.").includes('fathers-and-men'))
    assert.ok(themesFor('The parents were co-sleeping with the baby.').includes('safer-sleep'))
    assert.ok(themesFor('He was running drugs on county lines.').includes('criminal-exploitation'))
    assert.ok(themesFor('The children were not seen alone.').includes('voice-of-the-child'))
    assert.ok(themesFor('The baby was given diluted formula.').includes('neglect'))
  })

  it('tolerates inflections and hyphenation', () => {
    assert.ok(themesFor('Concerns escalated to the manager.').includes('escalation-and-challenge'))
    assert.ok(themesFor('She co-slept with her son.').includes('safer-sleep'))
    assert.ok(themesFor('The infants shared a bed with their mother.').includes('safer-sleep'))
    assert.ok(themesFor('The children were never seen on their own or alone.').length > 0)
  })

  it('quotes the words that led to each suggestion, as written', () => {
    assert.deepEqual(reasonsFor('Co-sleeping on a sofa was not discussed.', 'safer-sleep'), [
      'Co-sleeping',
    ])
    assert.deepEqual(
      reasonsFor(
        'The county lines gang used his home; county lines again.',
        'criminal-exploitation',
      ),
      ['county lines', 'gang'],
    )
  })

  it('needs two weak signs, or one strong one, before suggesting a theme', () => {
    // "violence" alone is weak for domestic abuse (it may be a fight in the street).
    assert.ok(!themesFor('There was violence in the park.').includes('domestic-abuse'))
    assert.ok(themesFor('There was violence and shouting at home.').includes('domestic-abuse'))
  })

  it('suggests nothing for text with no theme in it', () => {
    assert.deepEqual(themesFor('The meeting was held on Tuesday in the town hall.'), [])
    assert.deepEqual(themesFor(''), [])
  })

  it('suggests a theme an administrator added by its name', () => {
    const withNew = themeSuggester([
      ...SHIPPED_THEMES,
      { slug: 'private-fostering', name: 'Private fostering' },
    ])
    const found = withNew.suggest(
      'The aunt was privately fostering? No: a private fostering arrangement.',
    )
    assert.deepEqual(found.find((s) => s.theme === 'private-fostering')?.reasons, [
      'private fostering',
    ])
  })

  it('reads no further than the longest text it accepts', () => {
    const text = `${'a '.repeat(SUGGESTION_TEXT_MAX / 2)}county lines`
    assert.deepEqual(themesFor(text), [])
  })
})

interface LabelledStatement {
  readonly text: string
  readonly themes: readonly string[]
}

/**
 * The figures reported in the README ("Themes"). The labelled set was written
 * before the phrase lists, for measuring only; if a change to the phrases makes
 * either figure drop, this fails, and the README must not claim more than this.
 */
const REPORTED_PRECISION = 0.85
const REPORTED_RECALL = 0.97

describe('theme suggestions measured on the labelled set', () => {
  const { statements } = JSON.parse(
    readFileSync(
      new URL('../../../test/fixtures/theme-labelled-set.json', import.meta.url),
      'utf8',
    ),
  ) as { statements: LabelledStatement[] }

  it('has at least 60 statements, each labelled with shipped themes', () => {
    assert.ok(statements.length >= 60)
    const slugs = new Set(SHIPPED_THEMES.map((theme) => theme.slug))
    for (const statement of statements) {
      assert.ok(statement.themes.length > 0, statement.text)
      for (const theme of statement.themes) assert.ok(slugs.has(theme), theme)
    }
  })

  it('keeps micro-averaged precision and recall at or above the reported figures', () => {
    let truePositives = 0
    let falsePositives = 0
    let falseNegatives = 0
    for (const statement of statements) {
      const suggested = new Set(themesFor(statement.text))
      const labelled = new Set(statement.themes)
      for (const theme of suggested) {
        if (labelled.has(theme)) truePositives += 1
        else falsePositives += 1
      }
      for (const theme of labelled) if (!suggested.has(theme)) falseNegatives += 1
    }
    const precision = truePositives / (truePositives + falsePositives)
    const recall = truePositives / (truePositives + falseNegatives)
    assert.ok(precision >= REPORTED_PRECISION, `precision ${precision.toFixed(3)}`)
    assert.ok(recall >= REPORTED_RECALL, `recall ${recall.toFixed(3)}`)
  })
})
