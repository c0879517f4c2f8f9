import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { actingFor, partnershipsOf, type Actor } from '../access/roles.js'
import { canManageDeployment, requiresTwoFactor } from '../access/policy.js'
import { checkNewPartnership } from './new-partnership.js'

const FORM = {
  name: '  Lambeth   Safeguarding Children Partnership ',
  slug: 'Lambeth',
  localAuthority: 'Lambeth Council Children’s Services',
  police: 'Metropolitan Police Service',
  health: 'NHS South East London Integrated Care Board',
  administratorEmail: ' Admin@Lambeth.example ',
  administratorName: 'Lee Lambeth',
}

function fieldsOf(result: ReturnType<typeof checkNewPartnership>): string[] {
  return result.errors.map((error) => error.field)
}

describe('a new partnership (issue 12)', () => {
  it('tidies a good form: one-line names, a lower-case slug and email', () => {
    const { value, errors } = checkNewPartnership(FORM, ['wandsworth'])
    assert.deepEqual(errors, [])
    assert.equal(value?.name, 'Lambeth Safeguarding Children Partnership')
    assert.equal(value?.slug, 'lambeth')
    assert.equal(value?.administrator.email, 'admin@lambeth.example')
    assert.deepEqual(
      value?.agencies.map((agency) => agency.kind),
      ['local-authority', 'police', 'health'],
    )
  })

  it('refuses slugs that are taken, reserved or not an address part', () => {
    for (const slug of ['wandsworth', 'manage', 'p', '-lambeth', 'lam beth', 'lambéth', '']) {
      assert.deepEqual(
        fieldsOf(checkNewPartnership({ ...FORM, slug }, ['wandsworth'])),
        ['slug'],
        slug,
      )
    }
    assert.deepEqual(fieldsOf(checkNewPartnership({ ...FORM, slug: 'a'.repeat(61) }, [])), ['slug'])
    assert.deepEqual(fieldsOf(checkNewPartnership({ ...FORM, slug: 'a'.repeat(60) }, [])), [])
  })

  it('names every missing or wrong field, never trusting the types it is given', () => {
    const result = checkNewPartnership(
      { name: ['x'], police: 'Same', health: 'same', administratorEmail: 'nope' },
      [],
    )
    assert.deepEqual(fieldsOf(result), [
      'name',
      'slug',
      'localAuthority',
      'health',
      'administratorEmail',
      'administratorName',
    ])
    assert.equal(result.value, null)
    assert.deepEqual(fieldsOf(checkNewPartnership({ ...FORM, name: 'x'.repeat(121) }, [])), [
      'name',
    ])
  })
})

describe('working in one partnership of several', () => {
  const actor: Actor = {
    userId: 'u',
    displayName: 'Sam Both',
    memberships: [
      {
        partnershipId: 's',
        partnershipSlug: 'southwark',
        partnershipName: 'Southwark',
        role: 'business-unit',
        agencyId: null,
      },
      {
        partnershipId: 'w',
        partnershipSlug: 'wandsworth',
        partnershipName: 'Wandsworth',
        role: 'practitioner',
        agencyId: null,
      },
      {
        partnershipId: 'w',
        partnershipSlug: 'wandsworth',
        partnershipName: 'Wandsworth',
        role: 'reviewer',
        agencyId: null,
      },
    ],
  }

  it('keeps the chosen partnership’s roles only, and everything when none or another is chosen', () => {
    assert.deepEqual(
      actingFor(actor, 'w').memberships.map((m) => m.role),
      ['practitioner', 'reviewer'],
    )
    assert.equal(actingFor(actor, null), actor)
    assert.equal(actingFor(actor, 'elsewhere'), actor)
    assert.deepEqual(
      partnershipsOf(actor).map((p) => p.slug),
      ['southwark', 'wandsworth'],
    )
  })

  it('a deployment administrator needs two-factor authentication and nothing else grants it', () => {
    assert.equal(canManageDeployment(actor), false)
    assert.equal(canManageDeployment(null), false)
    const operator: Actor = {
      userId: 'o',
      displayName: 'Ops',
      memberships: [],
      deploymentAdministrator: true,
    }
    assert.equal(canManageDeployment(operator), true)
    assert.equal(requiresTwoFactor(operator), true)
    assert.equal(requiresTwoFactor({ ...operator, deploymentAdministrator: false }), false)
  })
})
