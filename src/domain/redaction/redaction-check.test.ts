// The redaction check (S17): every way a document writes a child's details is
// found, nothing inside another word or a different date is, and no hit shows
// what it found.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import {
  findRedactionHits,
  isClear,
  MASK,
  type RedactionHit,
  type TextSection,
} from './redaction-check.js'
import type { RedactionTerm } from './terms.js'

const child: RedactionTerm[] = [
  { kind: 'name', value: 'Jayden Okafor' },
  { kind: 'date', value: '2019-03-03' },
  { kind: 'postcode', value: 'SE15 4QR' },
  { kind: 'nhs-number', value: '943 476 5919' },
  { kind: 'reference', value: 'LA-2023-0456' },
  { kind: 'text', value: 'Hill Street' },
  { kind: 'name', value: 'Zoë Ray' },
]

function hitsIn(text: string, terms: readonly RedactionTerm[] = child): RedactionHit[] {
  return findRedactionHits([{ location: 'body', page: null, text }], terms)
}

function termsFound(text: string, terms: readonly RedactionTerm[] = child): (number | null)[] {
  return hitsIn(text, terms).map((hit) => hit.term)
}

describe('the redaction check finds the review’s details as documents write them (S17)', () => {
  const found: [string, string, number][] = [
    ['the full name', 'We met Jayden Okafor at home.', 0],
    ['any case', 'WE MET JAYDEN OKAFOR AT HOME.', 0],
    ['across a line break', 'We met Jayden\nOkafor at home.', 0],
    ['across a hyphen at a line end', 'We met Jayden Oka-\nfor at home.', 0],
    ['a possessive', 'Okafor’s school said so.', 0],
    ['a plain possessive', "Jayden's school said so.", 0],
    ['surname first', 'Okafor, Jayden was seen.', 0],
    ['initials', 'J. Okafor was seen.', 0],
    ['an initial without a stop', 'J Okafor was seen.', 0],
    ['the first name alone', 'Jayden was seen.', 0],
    ['the surname alone', 'The Okafor family moved.', 0],
    ['accents folded in the text', 'Zoe was there.', 6],
    ['accents folded in the term', 'Zoë was there.', 6],
    ['3 March 2019', 'born on 3 March 2019 at home', 1],
    ['3rd March 2019', 'born on 3rd March 2019 at home', 1],
    ['3rd of March 2019', 'born on the 3rd of March 2019', 1],
    ['03/03/2019', 'born 03/03/2019.', 1],
    ['3/3/19', 'born 3/3/19.', 1],
    ['03.03.2019', 'born 03.03.2019.', 1],
    ['03-03-2019', 'born 03-03-2019.', 1],
    ['2019-03-03', 'born 2019-03-03.', 1],
    ['March 3, 2019', 'born March 3, 2019.', 1],
    ['3 Mar 2019', 'born 3 Mar 2019.', 1],
    ['a postcode with its space', 'lived at SE15 4QR then', 2],
    ['a postcode without its space', 'lived at SE154QR then', 2],
    ['a postcode in lower case', 'lived at se15 4qr then', 2],
    ['an NHS number with spaces', 'NHS 943 476 5919 noted', 3],
    ['an NHS number without spaces', 'NHS 9434765919 noted', 3],
    ['an NHS number with hyphens', 'NHS 943-476-5919 noted', 3],
    ['a reference without hyphens', 'reference LA20230456 noted', 4],
    ['a reference with spaces', 'reference LA 2023 0456 noted', 4],
    ['other words', 'a house on Hill Street by the park', 5],
    ['other words across a line', 'a house on Hill\nStreet by the park', 5],
  ]
  for (const [form, text, term] of found) {
    it(`finds ${form}`, () => {
      assert.ok(termsFound(text).includes(term), `term ${term} in ${JSON.stringify(text)}`)
    })
  }

  it('finds a hyphenated surname with or without its hyphen', () => {
    const terms: RedactionTerm[] = [{ kind: 'name', value: 'Amy Smith-Jones' }]
    assert.deepEqual(termsFound('Amy Smith-Jones came', terms), [0])
    assert.deepEqual(termsFound('Amy Smith-\nJones came', terms), [0])
    assert.deepEqual(termsFound('Amy SmithJones came', terms), [0])
  })

  it('counts "Jayden Okafor" once, not three times', () => {
    assert.equal(hitsIn('We met Jayden Okafor.').length, 1)
  })
})

describe('the redaction check does not flag what is not the detail', () => {
  const notFound: [string, string][] = [
    ['a name inside another word', 'Raymond and Jaydens were not there.'],
    ['a street word inside another word', 'Hillside Streetwise'],
    ['a different day', 'born 13 March 2019, 4 March 2019, 03/04/2019, 13/03/2019'],
    ['a different year', 'on 3 March 2018 and 03/03/2020 and 3/3/18'],
    ['a date inside a longer number', 'ref 203/03/2019 and 03/03/20190'],
    ['a different postcode', 'SE15 4QS and SE1 54QR'],
    ['a reference inside a longer one', 'LA-2023-04567'],
    ['the pseudonym', 'Child A was seen by the health visitor.'],
  ]
  for (const [what, text] of notFound) {
    it(`does not flag ${what}`, () => {
      assert.deepEqual(
        hitsIn(text).filter((hit) => !hit.warning),
        [],
      )
    })
  }

  it('does not flag "Ray" in "Raymond" but does flag "Ray"', () => {
    const terms: RedactionTerm[] = [{ kind: 'name', value: 'Ray' }]
    assert.deepEqual(termsFound('Raymond came', terms), [])
    assert.deepEqual(termsFound('Ray came', terms), [0])
  })
})

describe('warnings for what looks like an identifier', () => {
  it('warns of ten digits that pass the NHS number check, not of ten that fail', () => {
    const hits = hitsIn('numbers 401 023 2137 and 401 023 2138', [])
    assert.deepEqual(
      hits.map((hit) => [hit.kind, hit.term, hit.warning]),
      [['possible-nhs-number', null, true]],
    )
  })

  it('warns of a National Insurance number', () => {
    assert.deepEqual(
      hitsIn('NI QQ 12 34 56 C and AB123456C', []).map((hit) => hit.kind),
      ['possible-national-insurance-number'],
    )
  })

  it('warns of a full postcode, with or without its space', () => {
    assert.deepEqual(
      hitsIn('at SW1A 2AA and at M11AE', []).map((hit) => hit.kind),
      ['possible-postcode', 'possible-postcode'],
    )
  })

  it('does not warn of ordinary words and numbers', () => {
    assert.deepEqual(
      hitsIn('On 21st May 2019 at 10:30, 1,234 people in 2019/20, page 12 of 40', []),
      [],
    )
  })

  it('reports the review’s own postcode as the term, not as a warning', () => {
    assert.deepEqual(
      hitsIn('at SE15 4QR').map((hit) => [hit.kind, hit.term, hit.warning]),
      [['postcode', 2, false]],
    )
  })
})

describe('what a hit says', () => {
  it('says where it is and masks the match and every other hit near it', () => {
    const sections: TextSection[] = [
      {
        location: 'page',
        page: 3,
        text: 'The report about Jayden Okafor, born 3/3/19, at SE15 4QR.',
      },
      { location: 'footer', page: null, text: 'Prepared about Okafor' },
    ]
    const hits = findRedactionHits(sections, child)
    assert.deepEqual(
      hits.map((hit) => [hit.location, hit.page, hit.term]),
      [
        ['page 3', 3, 0],
        ['page 3', 3, 1],
        ['page 3', 3, 2],
        ['footer', null, 0],
      ],
    )
    assert.equal(hits[0]?.excerpt, `The report about ${MASK}, born ${MASK}, at ${MASK}.`)
    assert.equal(hits[3]?.excerpt, `Prepared about ${MASK}`)
    for (const hit of hits) {
      assert.doesNotMatch(hit.excerpt, /Okafor|Jayden|3\/3\/19|4QR/)
    }
  })

  it('shows whole words around the hit, and marks where it cut', () => {
    const text = `${'word '.repeat(40)}Jayden ${'more '.repeat(40)}`
    const [hit] = hitsIn(text)
    assert.match(hit?.excerpt ?? '', /^… (word ){5,}█████( more){5,} …$/)
  })

  it('is clear only when nothing at all is found', () => {
    assert.equal(isClear(hitsIn('Child A was known to services.')), true)
    assert.equal(isClear(hitsIn('SW1A 2AA', [])), false)
  })
})

describe('properties of the check', () => {
  const letters = fc.stringMatching(/^[A-Z][a-z]{2,9}$/)

  it('finds a name wherever it is placed among other words, in any case', () => {
    fc.assert(
      fc.property(
        letters,
        letters,
        fc.array(fc.constantFrom('the', 'child', 'was', 'seen', 'by', 'school', '.', ','), {
          maxLength: 8,
        }),
        fc.array(fc.constantFrom('and', 'then', 'later', 'visited'), { maxLength: 8 }),
        fc.boolean(),
        (first, last, before, after, upper) => {
          const name = `${first} ${last}`
          const text = `${before.join(' ')} ${upper ? name.toUpperCase() : name} ${after.join(' ')}`
          const hits = findRedactionHits(
            [{ location: 'body', page: null, text }],
            [{ kind: 'name', value: name }],
          )
          return hits.length === 1 && hits[0]?.term === 0 && !hits[0].excerpt.includes(last)
        },
      ),
    )
  })

  it('never flags a name inside a longer word', () => {
    fc.assert(
      fc.property(letters, fc.stringMatching(/^[a-z]{1,5}$/), (name, suffix) => {
        const hits = findRedactionHits(
          [
            {
              location: 'body',
              page: null,
              text: `met ${name}${suffix} and ${suffix}${name.toLowerCase()}`,
            },
          ],
          [{ kind: 'name', value: name }],
        )
        return hits.length === 0
      }),
    )
  })

  it('finds a date of birth in every UK form, and no other day', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1990, max: 2030 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 28 }),
        fc.integer({ min: 1, max: 27 }),
        (year, month, day, shift) => {
          const pad = (number: number) => String(number).padStart(2, '0')
          const iso = `${year}-${pad(month)}-${pad(day)}`
          const other = ((day - 1 + shift) % 28) + 1
          const monthName = new Intl.DateTimeFormat('en-GB', {
            month: 'long',
            timeZone: 'UTC',
          }).format(Date.UTC(year, month - 1, 1))
          const forms = [
            `${day} ${monthName} ${year}`,
            `${pad(day)}/${pad(month)}/${year}`,
            `${day}/${month}/${String(year).slice(2)}`,
            `${pad(day)}.${pad(month)}.${year}`,
            iso,
            `${monthName} ${day}, ${year}`,
          ]
          const terms: RedactionTerm[] = [{ kind: 'date', value: iso }]
          const each = forms.every(
            (form) =>
              findRedactionHits([{ location: 'body', page: null, text: `born ${form}.` }], terms)
                .length === 1,
          )
          const otherDay = findRedactionHits(
            [
              {
                location: 'body',
                page: null,
                text: `born ${other} ${monthName} ${year} and ${pad(other)}/${pad(month)}/${year}`,
              },
            ],
            terms,
          )
          return each && otherDay.length === 0
        },
      ),
    )
  })
})
