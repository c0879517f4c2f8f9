import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  MATCH_END,
  MATCH_START,
  MAX_PHRASES,
  describeSearch,
  parseSearchQuery,
  snippetToHtml,
  withoutCommonWords,
} from './search-terms.js'

describe('parseSearchQuery', () => {
  it('keeps words, lower-cased, and quoted phrases', () => {
    assert.deepEqual(parseSearchQuery('Neglect "home  VISIT" school').phrases, [
      ['neglect'],
      ['home', 'visit'],
      ['school'],
    ])
  })

  it('treats an unmatched quote as a quote, not a phrase', () => {
    assert.deepEqual(parseSearchQuery('"home visit').phrases, [['home'], ['visit']])
  })

  it('drops every operator and symbol of both engines', () => {
    const terms = parseSearchQuery('a* NEAR(b c) ^d col:e !f & g | h <-> i:* (((')
    for (const phrase of terms.phrases) {
      for (const word of phrase) assert.match(word, /^[\p{L}\p{N}\p{M}]+$/u)
    }
    assert.equal(describeSearch(terms), 'a near b c d col e f g h i')
  })

  it('gives nothing for NUL bytes, emoji and punctuation only', () => {
    assert.deepEqual(parseSearchQuery('\u0000\u0000 🙂🙂 ?!()"').phrases, [])
  })

  it('caps a ten-thousand character query', () => {
    const terms = parseSearchQuery('word'.repeat(2500) + ' ' + 'x y z '.repeat(2000))
    assert.ok(terms.phrases.length <= MAX_PHRASES)
    for (const phrase of terms.phrases) for (const word of phrase) assert.ok(word.length <= 40)
  })

  it('keeps accented letters and other scripts', () => {
    assert.deepEqual(parseSearchQuery('Zoë Żółć').phrases, [['zoë'], ['żółć']])
  })
})

describe('withoutCommonWords', () => {
  it('leaves out a word too common to search for', () => {
    const { searched, leftOut } = withoutCommonWords(
      parseSearchQuery('lived experience of the child'),
    )
    assert.deepEqual(searched.phrases, [['lived'], ['experience'], ['child']])
    assert.deepEqual(leftOut, ['of', 'the'])
  })

  it('keeps the common words of a phrase with other words, to hold their places', () => {
    const { searched, leftOut } = withoutCommonWords(
      parseSearchQuery('"abuse of children" "of the" the'),
    )
    assert.deepEqual(searched.phrases, [['abuse', 'of', 'children']])
    assert.deepEqual(leftOut, ['"of the"', 'the'])
  })

  it('leaves nothing to search for when every word is common', () => {
    const { searched, leftOut } = withoutCommonWords(parseSearchQuery('The IT was NOT'))
    assert.deepEqual(searched.phrases, [])
    assert.deepEqual(leftOut, ['the', 'it', 'was', 'not'])
  })

  it('keeps words that only look common', () => {
    assert.deepEqual(withoutCommonWords(parseSearchQuery('them theme nor norm')).searched.phrases, [
      ['theme'],
      ['norm'],
    ])
  })
})

describe('snippetToHtml', () => {
  it('escapes everything and marks only the matches', () => {
    const html = snippetToHtml(
      `<script>alert("x")</script> the ${MATCH_START}neglect${MATCH_END} & more`,
    )
    assert.equal(
      html,
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; the <mark>neglect</mark> &amp; more',
    )
  })

  it('closes an unclosed mark', () => {
    assert.equal(snippetToHtml(`a ${MATCH_START}b`), 'a <mark>b</mark>')
  })
})
