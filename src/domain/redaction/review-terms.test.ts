import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { findRedactionHits } from './redaction-check.js'
import { reviewTerms } from './review-terms.js'

describe('the terms a review is checked for (S17)', () => {
  const terms = reviewTerms(
    [
      {
        position: 1,
        pseudonym: 'Child C',
        name: 'Jayden Okafor',
        dateOfBirth: '2019-03-03',
        address: '12 Larkspur Mews, Testborough, SE15 4QR',
        localAuthorityReference: 'LA-2023-0456',
        nhsNumber: '9434765919',
      },
      {
        position: 2,
        pseudonym: 'Child D',
        name: null,
        dateOfBirth: null,
        address: null,
        localAuthorityReference: null,
        nhsNumber: null,
      },
    ],
    [{ id: 'd1', kind: 'text', description: 'The school', value: 'Larkspur Primary School' }],
  )

  it('takes each child’s details, the address as its postcode and first line, and the list', () => {
    assert.deepEqual(
      terms.map((term) => [term.kind, term.ref, term.label]),
      [
        ['name', 'child:1:name', 'Child C: name'],
        ['date', 'child:1:date-of-birth', 'Child C: date of birth'],
        ['postcode', 'child:1:postcode', 'Child C: postcode'],
        ['text', 'child:1:address', 'Child C: address'],
        ['reference', 'child:1:la-reference', 'Child C: local authority reference'],
        ['nhs-number', 'child:1:nhs-number', 'Child C: NHS number'],
        ['text', 'detail:d1', 'The school'],
      ],
    )
    assert.equal(terms[3]?.value, '12 Larkspur Mews')
  })

  it('finds the child’s NHS number however it is written, as that child’s, not as a warning', () => {
    for (const written of ['943 476 5919', '943-476-5919', '9434765919']) {
      const hits = findRedactionHits(
        [{ location: 'page', page: 3, text: `Her NHS number (${written}) was on the letter.` }],
        terms,
      )
      assert.deepEqual(
        hits.map((hit) => [hit.kind, terms[hit.term ?? -1]?.label]),
        [['nhs-number', 'Child C: NHS number']],
        written,
      )
      assert.ok(!hits.some((hit) => hit.excerpt.includes('5919')), 'the excerpt masks it')
    }
  })

  it('finds the address’s first line, and not the town alone', () => {
    const hits = findRedactionHits(
      [
        {
          location: 'body',
          page: null,
          text: 'They lived at 12 Larkspur Mews. Testborough has a school.',
        },
      ],
      terms,
    )
    assert.deepEqual(
      hits.map((hit) => terms[hit.term ?? -1]?.ref),
      ['child:1:address'],
    )
  })
})
