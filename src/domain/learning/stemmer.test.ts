import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { stem, tokenise } from './stemmer.js'

describe('stem', () => {
  it('gives inflected forms of a word the same stem', () => {
    const groups = [
      ['share', 'shared', 'sharing', 'shares'],
      ['sleep', 'sleeping', 'sleeps'],
      ['baby', 'babies', "baby's"],
      ['injury', 'injuries'],
      ['groom', 'groomed', 'grooming'],
      ['run', 'running', 'runs'],
      ['miss', 'missed', 'missing', 'misses'],
      ['partner', 'partners', "partner's", 'partners’'],
      ['exploit', 'exploited', 'exploiting', 'exploits'],
      ['escalate', 'escalated', 'escalating', 'escalates'],
    ]
    for (const group of groups) {
      const stems = new Set(group.map(stem))
      assert.equal(stems.size, 1, `${group.join(', ')} → ${[...stems].join(', ')}`)
    }
  })

  it('keeps words that only look inflected apart from their neighbours', () => {
    assert.notEqual(stem('mother'), stem('moth'))
    assert.equal(stem('bus'), 'bus')
    assert.equal(stem('crisis'), 'crisis')
    assert.equal(stem('class'), 'class')
    assert.equal(stem('bed'), 'bed')
    assert.equal(stem('red'), 'red')
  })

  it('is case-blind', () => {
    assert.equal(stem('Sleeping'), stem('sleeping'))
  })
})

describe('tokenise', () => {
  it('splits hyphenated words and keeps possessives on their word', () => {
    const tokens = tokenise("The mother's new partner was co-sleeping.")
    assert.deepEqual(
      tokens.map((token) => token.text),
      ['The', "mother's", 'new', 'partner', 'was', 'co', 'sleeping'],
    )
    assert.equal(tokens[1]?.stem, 'mother')
    assert.equal(tokens[6]?.stem, stem('sleep'))
  })

  it('records where each word is, so a phrase can be quoted as written', () => {
    const text = 'Not seen  alone'
    const tokens = tokenise(text)
    assert.equal(text.slice(tokens[0]?.start, tokens[2]?.end), 'Not seen  alone')
  })
})
