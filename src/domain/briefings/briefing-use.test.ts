import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { calendarDate } from '../calendar/calendar-date.js'
import { checkBriefingUse, useTotals } from './briefing-use.js'

const FACTS = { agencyIds: ['agency-1'], today: calendarDate('2026-12-07') }
const GOOD = {
  team: ' Battersea health visiting team ',
  agencyId: 'agency-1',
  usedOn: '2026-12-07',
  staffCount: '11',
  agreedActions: 'Ask about parents’ own needs.',
}

describe('a record of a team’s use of a briefing', () => {
  it('is kept as given, trimmed', () => {
    assert.deepEqual(checkBriefingUse(GOOD, FACTS), {
      value: {
        team: 'Battersea health visiting team',
        agencyId: 'agency-1',
        usedOn: '2026-12-07',
        staffCount: 11,
        agreedActions: 'Ask about parents’ own needs.',
      },
      errors: [],
    })
  })

  it('says what is missing, field by field', () => {
    const result = checkBriefingUse(
      { team: '', agencyId: '', usedOn: '', staffCount: '', agreedActions: '' },
      FACTS,
    )
    assert.equal(result.value, null)
    assert.deepEqual(
      result.errors.map((error) => error.field),
      ['team', 'agencyId', 'usedOn', 'staffCount', 'agreedActions'],
    )
  })

  it('refuses an agency not offered, a date to come or not real, and a count that is not 1–500', () => {
    const messages = (input: Partial<typeof GOOD>) =>
      checkBriefingUse({ ...GOOD, ...input }, FACTS).errors.map((error) => error.message)
    assert.deepEqual(messages({ agencyId: 'agency-2' }), ['Select your team’s agency'])
    assert.deepEqual(messages({ usedOn: '2026-12-08' }), [
      'The date your team used the briefing must be today or in the past',
    ])
    assert.deepEqual(messages({ usedOn: '2026-02-30' }), [
      'The date your team used the briefing must be a real date',
    ])
    assert.deepEqual(messages({ staffCount: '0' }), [
      'The number of staff must be between 1 and 500',
    ])
    assert.deepEqual(messages({ staffCount: '8.5' }), [
      'The number of staff must be a whole number, like 8',
    ])
    assert.deepEqual(messages({ team: 'x'.repeat(201) }), [
      'The team name must be 200 characters or fewer',
    ])
  })
})

describe('use totals', () => {
  it('counts sessions and staff by briefing and by agency, most staff first', () => {
    const totals = useTotals([
      {
        briefingId: 'a',
        briefingTitle: 'Child A',
        agencyId: 'x',
        agencyName: 'Health',
        staffCount: 5,
      },
      {
        briefingId: 'a',
        briefingTitle: 'Child A',
        agencyId: 'y',
        agencyName: 'Police',
        staffCount: 9,
      },
      {
        briefingId: 'b',
        briefingTitle: 'Baby Eliza',
        agencyId: 'x',
        agencyName: 'Health',
        staffCount: 6,
      },
    ])
    assert.deepEqual(totals.byBriefing, [
      { key: 'a', name: 'Child A', sessions: 2, staff: 14 },
      { key: 'b', name: 'Baby Eliza', sessions: 1, staff: 6 },
    ])
    assert.deepEqual(totals.byAgency, [
      { key: 'x', name: 'Health', sessions: 2, staff: 11 },
      { key: 'y', name: 'Police', sessions: 1, staff: 9 },
    ])
  })
})
