import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { calendarDate } from '../calendar/calendar-date.js'
import { actionConcern, findSeenBefore, sharedWording } from './seen-before.js'

const CHILD_A_GP_RECOMMENDATION =
  'A reminder to GPs that infant formula should be made up only as set out by the manufacturers and that parents should not be advised to dilute formula under any circumstances'

const NEGLECT = { slug: 'neglect', name: 'Neglect' }
const INFANTS = { slug: 'pre-birth-and-infants', name: 'Pre-birth and infants' }
const HEALTH = { slug: 'health-services', name: 'Health services' }
const SLEEP = { slug: 'safer-sleep', name: 'Safer sleep' }

describe('sharedWording', () => {
  it('finds the phrases and words two texts share, whatever their endings, quoted from the earlier text', () => {
    const { phrases, words } = sharedWording(
      'The baby was fed diluted infant formula on the GP’s advice to ease constipation.',
      CHILD_A_GP_RECOMMENDATION,
    )
    assert.deepEqual(phrases, ['infant formula'])
    assert.ok(words.includes('dilute'), words.join(', '))
    assert.ok(words.includes('GPs'), words.join(', '))
  })

  it('ignores words every safeguarding text uses', () => {
    const { phrases, words } = sharedWording(
      'Professionals should ensure the child and family are supported.',
      'Practitioners need to support children and their families.',
    )
    assert.deepEqual(phrases, [])
    assert.deepEqual(words, [])
  })

  it('keeps a run of three or more shared words as one phrase', () => {
    const { phrases } = sharedWording(
      'No check was made with the host local authority before the move.',
      'Notify the host local authority of every out of borough placement.',
    )
    assert.deepEqual(phrases, ['host local authority'])
  })
})

describe('findSeenBefore', () => {
  const earlier = [
    { id: 'formula', text: CHILD_A_GP_RECOMMENDATION, themes: [HEALTH, NEGLECT, INFANTS] },
    { id: 'caseloads', text: 'Review of Health Visiting workloads', themes: [HEALTH] },
    {
      id: 'sleep',
      text: 'Safer sleep advice must be repeated when the family moves home.',
      themes: [SLEEP],
    },
    { id: 'unrelated', text: 'Update the placements practice guidance and procedures', themes: [] },
  ]

  it('finds earlier learning sharing themes or close wording, closest first, and says why', () => {
    const matches = findSeenBefore(
      {
        text: 'Child D’s mother was diluting infant formula to make it last; the GP was not told.',
        themes: [NEGLECT, INFANTS],
      },
      earlier,
    )
    assert.deepEqual(
      matches.map((match) => match.id),
      ['formula'],
    )
    const [formula] = matches
    assert.deepEqual(
      formula?.sharedThemes.map((theme) => theme.slug),
      ['neglect', 'pre-birth-and-infants'],
    )
    assert.deepEqual(formula?.sharedPhrases, ['infant formula'])
    assert.ok(formula?.sharedWords.includes('dilute'))
  })

  it('matches on a shared theme alone, and on close wording alone', () => {
    const byTheme = findSeenBefore({ text: 'Nothing alike here.', themes: [HEALTH] }, earlier)
    assert.deepEqual(byTheme.map((match) => match.id).sort(), ['caseloads', 'formula'])
    const byWords = findSeenBefore(
      { text: 'Sleep advice was not repeated after the move.', themes: [] },
      earlier,
    )
    assert.deepEqual(
      byWords.map((match) => match.id),
      ['sleep'],
    )
  })

  it('finds nothing when neither themes nor wording are shared', () => {
    assert.deepEqual(
      findSeenBefore({ text: 'Missing episodes were not followed up.', themes: [] }, earlier),
      [],
    )
  })

  it('needs more than two stray shared words to call wording close', () => {
    const matches = findSeenBefore({ text: 'The guidance was updated.', themes: [] }, [
      { id: 'one', text: 'Update the placements guidance', themes: [] },
    ])
    assert.deepEqual(matches, [])
  })
})

describe('actionConcern', () => {
  const today = calendarDate('2026-03-10')
  const due = (on: string) => calendarDate(on)

  it('open, overdue or closed without completion; finished work is no concern', () => {
    assert.equal(actionConcern({ status: 'not-started', dueOn: due('2026-04-01') }, today), 'open')
    assert.equal(actionConcern({ status: 'in-progress', dueOn: due('2026-03-10') }, today), 'open')
    assert.equal(actionConcern({ status: 'sent-back', dueOn: due('2026-03-09') }, today), 'overdue')
    assert.equal(
      actionConcern({ status: 'closed', dueOn: due('2026-01-01') }, today),
      'closed-without-completion',
    )
    assert.equal(actionConcern({ status: 'completed', dueOn: due('2026-01-01') }, today), null)
    assert.equal(actionConcern({ status: 'assured', dueOn: due('2026-01-01') }, today), null)
  })
})
