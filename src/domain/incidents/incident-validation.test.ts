import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { calendarDate } from '../calendar/calendar-date.js'
import type { FieldError } from '../errors.js'
import {
  ageForCriteria,
  ageOn,
  childField,
  validateIncident,
  type IncidentChildInput,
  type IncidentInput,
} from './incident-validation.js'

const today = calendarDate('2024-03-15')

const valid: IncidentInput = {
  guidanceEdition: 'WT2023',
  abuseOrNeglect: 'suspected',
  harm: 'serious-harm',
  incidentOn: '2024-03-01',
  awareOn: '2024-03-04',
  place: 'Family home',
  description: '',
  notifyingAuthority: 'Wandsworth',
  homeAuthority: 'Wandsworth',
  lookedAfter: 'no',
  careLeaver: 'no',
  children: [{ pseudonym: 'Child B' }],
}

function errorsOf(input: Partial<IncidentInput>): FieldError[] {
  const result = validateIncident({ ...valid, ...input }, today)
  assert.equal(result.ok, false, 'expected errors')
  return result.ok ? [] : result.errors
}

function messageFor(input: Partial<IncidentInput>, field: string): string {
  const error = errorsOf(input).find((candidate) => candidate.field === field)
  assert.ok(error, `expected an error on ${field}`)
  return error.message
}

const withChild = (child: IncidentChildInput, position = 1): Partial<IncidentInput> => {
  const children: IncidentChildInput[] = [{ pseudonym: 'Child B' }]
  children[position - 1] = child
  return { children }
}

describe('incident validation', () => {
  it('accepts a minimal incident and trims text, leaving empty optional fields null', () => {
    const result = validateIncident(
      { ...valid, place: '  Family home  ', description: '   ' },
      today,
    )
    assert.ok(result.ok)
    assert.equal(result.value.place, 'Family home')
    assert.equal(result.value.description, null)
    assert.equal(result.value.lookedAfter, false)
    assert.deepEqual(result.value.children, [
      {
        position: 1,
        pseudonym: 'Child B',
        ageYears: null,
        healthInformation: null,
        identity: {
          name: null,
          dateOfBirth: null,
          address: null,
          localAuthorityReference: null,
          nhsNumber: null,
        },
      },
    ])
  })

  it('S5: keeps restricted identity fields apart from the pseudonym', () => {
    const result = validateIncident(
      {
        ...valid,
        children: [
          {
            pseudonym: 'Child B',
            ageYears: '4',
            name: 'A Fictional Name',
            dateOfBirth: '2019-06-01',
            address: '1 Example Road',
            localAuthorityReference: 'REF-1',
            nhsNumber: '943 476 5919',
          },
        ],
      },
      today,
    )
    assert.ok(result.ok)
    assert.deepEqual(result.value.children[0]?.identity, {
      name: 'A Fictional Name',
      dateOfBirth: '2019-06-01',
      address: '1 Example Road',
      localAuthorityReference: 'REF-1',
      nhsNumber: '9434765919',
    })
    assert.equal(result.value.children[0]?.ageYears, 4)
  })

  describe('a child’s NHS number (issue 9)', () => {
    /** The number as the valid incident keeps it. */
    const nhsNumberOf = (nhsNumber: unknown): string | null => {
      const result = validateIncident(
        { ...valid, children: [{ pseudonym: 'Child B', nhsNumber }] },
        today,
      )
      assert.ok(result.ok, JSON.stringify(result))
      return result.value.children[0]?.identity.nhsNumber ?? null
    }
    const nhsNumberError = (nhsNumber: string, position = 1): string =>
      messageFor(
        withChild({ pseudonym: 'Child D', nhsNumber }, position),
        childField(position, 'nhsNumber'),
      )

    it('is optional', () => {
      assert.equal(nhsNumberOf(undefined), null)
      assert.equal(nhsNumberOf(''), null)
      assert.equal(nhsNumberOf('   '), null)
    })

    it('is kept as its ten digits, however it was written', () => {
      assert.equal(nhsNumberOf('9434765919'), '9434765919')
      assert.equal(nhsNumberOf('943 476 5919'), '9434765919')
      assert.equal(nhsNumberOf('943-476-5919'), '9434765919')
      assert.equal(nhsNumberOf('  943 476-5919 '), '9434765919')
      // Check digit 0: 11 minus a remainder of 0.
      assert.equal(nhsNumberOf('400 000 0500'), '4000000500')
    })

    it('must be 10 digits', () => {
      for (const wrong of ['943 476 591', '943 476 59190', '943 476 591O', 'NHS 943 476 5919']) {
        assert.equal(
          nhsNumberError(wrong),
          'The child’s NHS number must be 10 digits, like 943 476 5919',
          wrong,
        )
      }
      assert.equal(
        nhsNumberError('1'.repeat(51)),
        'The child’s NHS number must be 50 characters or fewer',
      )
    })

    it('must pass the modulus 11 check digit', () => {
      // 943 476 5919 with its last digit mistyped, and one whose check digit would be 10.
      for (const wrong of ['943 476 5918', '943-476-5910', '123 456 7890']) {
        assert.equal(
          nhsNumberError(wrong),
          'The child’s NHS number is not valid: check the digits',
          wrong,
        )
      }
    })

    it('names the child whose number is wrong, and never repeats it', () => {
      const message = nhsNumberError('943 476 5918', 2)
      assert.equal(message, 'The second child’s NHS number is not valid: check the digits')
      assert.ok(!message.includes('5918'))
    })

    it('is not shared by two children of one incident', () => {
      assert.equal(
        messageFor(
          {
            children: [
              { pseudonym: 'Child B', nhsNumber: '943 476 5919' },
              { pseudonym: 'Child C', nhsNumber: '9434765919' },
            ],
          },
          'child2NhsNumber',
        ),
        'The second child’s NHS number is the same as another child’s in this incident',
      )
    })

    it('counts as a detail typed for a later child, who then needs a pseudonym', () => {
      assert.match(
        messageFor(
          { children: [{ pseudonym: 'Child B' }, { nhsNumber: '943 476 5919' }] },
          'child2Pseudonym',
        ),
        /Enter a pseudonym for the second child/,
      )
    })
  })

  it('S5: 1 to 4 children; empty later children are skipped and positions close up', () => {
    const result = validateIncident(
      { ...valid, children: [{ pseudonym: 'Child B' }, {}, { pseudonym: 'Child C' }, {}] },
      today,
    )
    assert.ok(result.ok)
    assert.deepEqual(
      result.value.children.map((child) => [child.position, child.pseudonym]),
      [
        [1, 'Child B'],
        [2, 'Child C'],
      ],
    )
    const five = Array.from({ length: 5 }, (_, index) => ({ pseudonym: `Child ${index}` }))
    assert.match(messageFor({ children: five }, 'children'), /up to 4 children/)
    assert.match(messageFor({ children: [] }, 'child1Pseudonym'), /Enter a pseudonym/)
  })

  it('S5: a later child with any detail needs a pseudonym', () => {
    const message = messageFor(
      { children: [{ pseudonym: 'Child B' }, { ageYears: '3' }] },
      'child2Pseudonym',
    )
    assert.match(message, /second child/)
  })

  it('pseudonym: empty, too long, markup, duplicate, or the child’s name', () => {
    assert.match(messageFor(withChild({ pseudonym: '  ' }), 'child1Pseudonym'), /Enter a pseudonym/)
    assert.match(
      messageFor(withChild({ pseudonym: 'x'.repeat(101) }), 'child1Pseudonym'),
      /100 characters or fewer/,
    )
    assert.match(
      messageFor(withChild({ pseudonym: '<script>alert(1)</script>' }), 'child1Pseudonym'),
      /only include letters/,
    )
    assert.match(
      messageFor(
        { children: [{ pseudonym: 'Child B' }, { pseudonym: 'child b' }] },
        'child2Pseudonym',
      ),
      /already used/,
    )
    assert.match(
      messageFor(withChild({ pseudonym: 'Sam Smith', name: 'sam smith' }), 'child1Pseudonym'),
      /must not be the child’s name/,
    )
    assert.match(messageFor(withChild({ pseudonym: 42 }), 'child1Pseudonym'), /must be text/)
    assert.ok(
      validateIncident({ ...valid, ...withChild({ pseudonym: 'x'.repeat(100) }) }, today).ok,
    )
    assert.ok(validateIncident({ ...valid, ...withChild({ pseudonym: 'Baby Eliza' }) }, today).ok)
  })

  it('error messages never repeat what was typed', () => {
    const secret = 'Zebedee Quartermaine'
    const errors = errorsOf({
      ...withChild({ pseudonym: secret, name: secret, address: 'x'.repeat(600) }),
    })
    for (const error of errors) assert.ok(!error.message.includes(secret), error.message)
  })

  it('dates: required, real, not in the future, aware on or after the incident', () => {
    assert.match(messageFor({ incidentOn: '' }, 'incidentOn'), /Enter the date of the incident/)
    assert.match(messageFor({ awareOn: '' }, 'awareOn'), /Enter the date the local authority/)
    assert.match(messageFor({ incidentOn: '2023-02-30' }, 'incidentOn'), /must be a real date/)
    assert.match(messageFor({ awareOn: 'yesterday' }, 'awareOn'), /must be a real date/)
    assert.match(messageFor({ awareOn: 20240304 }, 'awareOn'), /must be a real date/)
    assert.match(messageFor({ incidentOn: '0023-03-01' }, 'incidentOn'), /must be a real date/)
    assert.match(
      messageFor({ incidentOn: '2024-03-16', awareOn: '2024-03-16' }, 'incidentOn'),
      /today or in the past/,
    )
    assert.match(messageFor({ awareOn: '2024-03-16' }, 'awareOn'), /today or in the past/)
    assert.match(
      messageFor({ incidentOn: '2024-03-05', awareOn: '2024-03-04' }, 'awareOn'),
      /must be on or after the date of the incident \(/,
    )
    assert.ok(
      validateIncident({ ...valid, incidentOn: '2024-03-15', awareOn: '2024-03-15' }, today).ok,
    )
  })

  it('choices: each radio must be one of its options', () => {
    assert.match(messageFor({ guidanceEdition: 'WT2015' }, 'guidanceEdition'), /Select the edition/)
    assert.match(messageFor({ abuseOrNeglect: 'maybe' }, 'abuseOrNeglect'), /Select whether abuse/)
    assert.match(messageFor({ harm: '' }, 'harm'), /Select whether the child died/)
    assert.match(messageFor({ lookedAfter: 'perhaps' }, 'lookedAfter'), /Select yes/)
    assert.match(messageFor({ careLeaver: undefined }, 'careLeaver'), /Select yes/)
  })

  it('text fields: too long, line breaks in one-line fields, control characters', () => {
    assert.match(messageFor({ place: 'x'.repeat(201) }, 'place'), /200 characters or fewer/)
    assert.match(messageFor({ place: 'a\nb' }, 'place'), /line breaks/)
    assert.match(messageFor({ description: 'a\u0000b' }, 'description'), /control characters/)
    assert.ok(validateIncident({ ...valid, description: 'line one\nline two' }, today).ok)
    assert.match(messageFor({ notifyingAuthority: 'x'.repeat(101) }, 'notifyingAuthority'), /100/)
    assert.match(messageFor({ notifierEmail: 'not-an-email' }, 'notifierEmail'), /correct format/)
    assert.match(messageFor({ notifierPhone: 'call me' }, 'notifierPhone'), /telephone number/)
    // Markup is ordinary text in free-text fields: stored as typed, escaped when shown.
    const markup = validateIncident({ ...valid, place: '<script>alert(1)</script>' }, today)
    assert.ok(markup.ok)
    assert.equal(markup.value.place, '<script>alert(1)</script>')
  })

  it('child details: age range, date of birth real and not after the incident, age matching it', () => {
    assert.match(
      messageFor(withChild({ pseudonym: 'Child B', ageYears: '25' }), 'child1AgeYears'),
      /0 to 24/,
    )
    assert.match(
      messageFor(withChild({ pseudonym: 'Child B', ageYears: 'four' }), 'child1AgeYears'),
      /whole number/,
    )
    assert.match(
      messageFor(withChild({ pseudonym: 'Child B', ageYears: '-1' }), 'child1AgeYears'),
      /whole number/,
    )
    assert.match(
      messageFor(
        withChild({ pseudonym: 'Child B', dateOfBirth: '2023-02-30' }),
        'child1DateOfBirth',
      ),
      /must be a real date/,
    )
    assert.match(
      messageFor(
        withChild({ pseudonym: 'Child B', dateOfBirth: '2024-03-02' }),
        'child1DateOfBirth',
      ),
      /on or before the date of the incident/,
    )
    assert.match(
      messageFor(
        withChild({ pseudonym: 'Child B', dateOfBirth: '2019-06-01', ageYears: '5' }),
        'child1AgeYears',
      ),
      /does not match/,
    )
    assert.match(
      messageFor(withChild({ pseudonym: 'Child B', name: 'x'.repeat(201) }), 'child1Name'),
      /200 characters/,
    )
    assert.match(
      messageFor(
        withChild({ pseudonym: 'Child B', localAuthorityReference: 'x'.repeat(51) }),
        'child1LocalAuthorityReference',
      ),
      /50 characters/,
    )
  })

  it('WT2023: a care leaver’s death needs an age, because the duty covers up to age 24', () => {
    assert.match(
      messageFor({ careLeaver: 'yes', harm: 'died' }, 'child1AgeYears'),
      /up to and including age 24/,
    )
    assert.ok(
      validateIncident(
        {
          ...valid,
          careLeaver: 'yes',
          harm: 'died',
          children: [{ pseudonym: 'Child B', ageYears: '19' }],
        },
        today,
      ).ok,
    )
  })

  it('accepts booleans and numbers from the API as well as form text', () => {
    const result = validateIncident(
      {
        ...valid,
        lookedAfter: true,
        careLeaver: false,
        children: [{ pseudonym: 'Child B', ageYears: 3 }],
      },
      today,
    )
    assert.ok(result.ok)
    assert.equal(result.value.lookedAfter, true)
    assert.equal(result.value.children[0]?.ageYears, 3)
  })

  it('helpers: field names, ages, the age the criteria use', () => {
    assert.equal(childField(3, 'dateOfBirth'), 'child3DateOfBirth')
    assert.equal(ageOn(calendarDate('2019-06-01'), calendarDate('2024-05-31')), 4)
    assert.equal(ageOn(calendarDate('2019-06-01'), calendarDate('2024-06-01')), 5)
    assert.equal(ageForCriteria([{ ageYears: 3 }, { ageYears: 19 }]), 3)
    assert.equal(ageForCriteria([{ ageYears: 3 }, { ageYears: null }]), null)
    assert.equal(ageForCriteria([]), null)
  })
})
