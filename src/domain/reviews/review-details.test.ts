import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { calendarDate } from '../calendar/calendar-date.js'
import type { FieldError } from '../errors.js'
import {
  METHODOLOGIES,
  METHODOLOGY_DETAILS,
  REVIEWER_ROLES,
  methodologyLabel,
  reviewerRolesFor,
} from './methodologies.js'
import {
  decisionAfterRecordedEvents,
  decisionBeforeAwareness,
  defaultReviewTitle,
  isBlankReviewer,
  methodologyConflict,
  readKindAndEdition,
  readReviewDetails,
  readReviewer,
} from './review-details.js'
import { DIRECTLY_CREATED_KINDS, RAPID_REVIEW_DECISION_KINDS, editionsFor } from './review-kinds.js'
import { REVIEW_STAGES, incompleteStages, stageName } from './stages.js'

const today = calendarDate('2024-06-14')
const valid = {
  childPseudonym: 'Child C',
  methodology: 'silp',
  termsOfReference: 'How agencies shared information.',
  decisionOn: '2024-01-10',
}

function read(input: Record<string, unknown>, methodologyRequired = true) {
  const errors: FieldError[] = []
  const details = readReviewDetails(errors, input, { today, methodologyRequired })
  return { errors, details }
}

describe('review kinds and guidance editions (S18, S19)', () => {
  it('a legacy SCR is always WT2015; LCSPRs and national reviews are WT2018 or later', () => {
    assert.deepEqual(editionsFor('scr-2015'), ['WT2015'])
    assert.deepEqual(editionsFor('lcspr'), ['WT2018', 'WT2023'])
    assert.deepEqual(editionsFor('national'), ['WT2018', 'WT2023'])
    assert.deepEqual(editionsFor('other-learning'), ['WT2015', 'WT2018', 'WT2023'])
  })

  it('S19: a legacy SCR under WT2018 is refused with the reason', () => {
    const errors: FieldError[] = []
    assert.equal(
      readKindAndEdition(
        errors,
        { kind: 'scr-2015', guidanceEdition: 'WT2018' },
        DIRECTLY_CREATED_KINDS,
      ),
      null,
    )
    assert.deepEqual(errors, [
      {
        field: 'guidanceEdition',
        message: 'A serious case review follows Working Together 2015 (S18, S19): choose WT2015',
      },
    ])
  })

  it('only legacy SCRs and other learning reviews are created directly; LCSPRs come from a rapid review', () => {
    const errors: FieldError[] = []
    assert.equal(
      readKindAndEdition(
        errors,
        { kind: 'lcspr', guidanceEdition: 'WT2023' },
        DIRECTLY_CREATED_KINDS,
      ),
      null,
    )
    assert.deepEqual(errors, [{ field: 'kind', message: 'Choose the kind of review' }])
    assert.deepEqual(
      readKindAndEdition(
        [],
        { kind: 'lcspr', guidanceEdition: 'WT2023' },
        RAPID_REVIEW_DECISION_KINDS,
      ),
      { kind: 'lcspr', guidanceEdition: 'WT2023' },
    )
  })

  it('refuses unknown kinds and editions, including wrong types', () => {
    const errors: FieldError[] = []
    readKindAndEdition(
      errors,
      { kind: '<script>', guidanceEdition: 'WT1999' },
      DIRECTLY_CREATED_KINDS,
    )
    assert.deepEqual(
      errors.map((error) => error.field),
      ['kind', 'guidanceEdition'],
    )
  })
})

describe('methodologies and the roles they imply (S10)', () => {
  it('each methodology names its roles and what it brings', () => {
    assert.deepEqual(METHODOLOGY_DETAILS['scie-learning-together'].implies, [
      'Lead reviewers',
      'A review team',
      'A case group of the practitioners involved',
    ])
    assert.deepEqual(METHODOLOGY_DETAILS.silp.implies, [
      'A lead reviewer',
      'Agency reports',
      'A practitioner learning event',
    ])
    assert.deepEqual(METHODOLOGY_DETAILS['appreciative-inquiry'].implies, [
      'A facilitated practitioner event',
    ])
    for (const methodology of METHODOLOGIES) {
      const { leadRole, reviewerRoles } = METHODOLOGY_DETAILS[methodology]
      if (leadRole !== null) assert.ok(reviewerRoles.includes(leadRole), methodology)
    }
    assert.deepEqual(reviewerRolesFor(null), REVIEWER_ROLES)
    assert.equal(methodologyLabel('other', 'Systems review'), 'Systems review')
    assert.equal(methodologyLabel(null, null), 'Not chosen yet')
  })

  it('names the practitioner event stage after the methodology', () => {
    assert.equal(stageName('practitioner-event', 'silp'), 'Practitioner learning event')
    assert.equal(
      stageName('practitioner-event', 'appreciative-inquiry'),
      'Facilitated practitioner event',
    )
    assert.equal(stageName('practitioner-event', null), 'Practitioner event')
    assert.equal(stageName('scoping', 'silp'), 'Scoping')
  })

  it('lists stages not completed in task-list order, missing ones as not started', () => {
    assert.deepEqual(
      incompleteStages([{ stage: 'drafting', status: 'completed' }]).map(
        (progress) => progress.stage,
      ),
      REVIEW_STAGES.filter((stage) => stage !== 'drafting'),
    )
  })

  it('refuses a methodology change that leaves a reviewer in a role it does not use', () => {
    assert.equal(
      methodologyConflict('appreciative-inquiry', [{ name: 'A. Reviewer', role: 'lead-reviewer' }]),
      'Appreciative inquiry does not use the role of A. Reviewer (lead reviewer). Remove or re-appoint them first.',
    )
    assert.equal(
      methodologyConflict('silp', [{ name: 'A. Reviewer', role: 'lead-reviewer' }]),
      null,
    )
    assert.equal(methodologyConflict(null, [{ name: 'A', role: 'facilitator' }]), null)
  })
})

describe('reading review details', () => {
  it('reads a complete form, trimming text', () => {
    const { errors, details } = read({ ...valid, childPseudonym: '  Child C ', restricted: true })
    assert.deepEqual(errors, [])
    assert.deepEqual(details, {
      title: null,
      childPseudonym: 'Child C',
      methodology: 'silp',
      methodologyOther: null,
      termsOfReference: 'How agencies shared information.',
      decisionOn: '2024-01-10',
      restricted: true,
    })
    assert.equal(
      defaultReviewTitle('scr-2015', 'Child C'),
      'Serious case review (Working Together 2015): Child C',
    )
  })

  it('reports every empty required field at once', () => {
    const { errors, details } = read({})
    assert.equal(details, null)
    assert.deepEqual(errors, [
      { field: 'childPseudonym', message: 'Enter the pseudonym used for the child, like Child C' },
      { field: 'methodology', message: 'Choose the methodology' },
      { field: 'decisionOn', message: 'Enter the decision date' },
    ])
  })

  it('refuses text that is too long', () => {
    const { errors } = read({
      ...valid,
      title: 'x'.repeat(201),
      childPseudonym: 'x'.repeat(61),
      termsOfReference: 'x'.repeat(10_001),
    })
    assert.deepEqual(
      errors.map((error) => error.message),
      [
        'Title must be 200 characters or fewer',
        'Pseudonym must be 60 characters or fewer',
        'Terms of reference must be 10000 characters or fewer',
      ],
    )
  })

  it('a decision before the partnership knew of the incident is refused, naming both dates (S12)', () => {
    assert.equal(
      decisionBeforeAwareness(calendarDate('2024-03-05'), calendarDate('2024-03-05')),
      null,
    )
    assert.equal(decisionBeforeAwareness(calendarDate('2024-03-01'), null), null)
    assert.equal(
      decisionBeforeAwareness(calendarDate('2024-03-01'), calendarDate('2024-03-05')),
      'Decision date (1 March 2024) must be on or after the date the partnership became aware of the incident (5 March 2024)',
    )
  })

  it('refuses 2023-02-30, future decision dates and wrong types', () => {
    assert.deepEqual(read({ ...valid, decisionOn: '2023-02-30' }).errors, [
      { field: 'decisionOn', message: 'Decision date must be a real date' },
    ])
    assert.deepEqual(read({ ...valid, decisionOn: '2024-06-15' }).errors, [
      {
        field: 'decisionOn',
        message:
          'Decision date must be today or in the past: 15 June 2024 is after today, 14 June 2024',
      },
    ])
    assert.deepEqual(read({ ...valid, decisionOn: 20240110 }).errors, [
      { field: 'decisionOn', message: 'Enter the decision date' },
    ])
    assert.deepEqual(read({ ...valid, methodology: 'astrology' }).errors, [
      { field: 'methodology', message: 'Choose the methodology' },
    ])
  })

  it('"another methodology" needs its name; the methodology may wait when a rapid review creates the review', () => {
    assert.deepEqual(read({ ...valid, methodology: 'other' }).errors, [
      { field: 'methodologyOther', message: 'Enter the name of the methodology' },
    ])
    const later = read({ ...valid, methodology: '' }, false)
    assert.deepEqual(later.errors, [])
    assert.equal(later.details?.methodology, null)
  })

  it('a decision date cannot move after a checkpoint already recorded against it', () => {
    assert.match(
      decisionAfterRecordedEvents(calendarDate('2024-03-01'), calendarDate('2024-02-01')) ?? '',
      /on or before the earliest checkpoint/,
    )
    assert.equal(decisionAfterRecordedEvents(calendarDate('2024-03-01'), null), null)
  })
})

describe('reading a named reviewer', () => {
  it('reads a reviewer in a role the methodology uses', () => {
    const errors: FieldError[] = []
    assert.deepEqual(
      readReviewer(errors, { name: ' Jo Bloggs ', role: 'lead-reviewer', userId: '' }, 'silp'),
      { name: 'Jo Bloggs', role: 'lead-reviewer', organisation: null, userId: null },
    )
    assert.deepEqual(errors, [])
  })

  it('names fields with the row prefix and explains the roles on offer', () => {
    const errors: FieldError[] = []
    readReviewer(errors, { name: '', role: 'case-group-member' }, 'silp', 'reviewer2')
    assert.deepEqual(errors, [
      { field: 'reviewer2Name', message: 'Enter the reviewer’s name' },
      {
        field: 'reviewer2Role',
        message:
          'Choose the reviewer’s role: Significant Incident Learning Process (SILP) names lead reviewer, agency report author, reviewer',
      },
    ])
    assert.equal(isBlankReviewer({ name: ' ', role: '', organisation: '' }), true)
    assert.equal(isBlankReviewer({ name: '', role: 'reviewer' }), false)
  })
})
