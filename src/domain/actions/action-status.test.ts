import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  ACTION_STATUSES,
  availableSteps,
  isActionFinished,
  isOpenForReminders,
  mayTakeStep,
  progressStatusChoices,
  stepRefusal,
  type ActionRole,
  type ActionStatus,
} from './action-status.js'

const AGENCY: ActionRole[] = ['agency']
const BUSINESS_UNIT: ActionRole[] = ['agency', 'business-unit']
const PARTNER: ActionRole[] = ['partner']

describe('the action status machine (issue 10)', () => {
  it('the agency reports progress while the action is its to do, never once assured or closed', () => {
    for (const status of ['not-started', 'in-progress', 'completed', 'sent-back'] as const) {
      assert.equal(mayTakeStep('progress', status, AGENCY), true, status)
    }
    assert.equal(mayTakeStep('progress', 'assured', AGENCY), false)
    assert.equal(mayTakeStep('progress', 'closed', AGENCY), false)
    assert.equal(
      mayTakeStep('progress', 'in-progress', PARTNER),
      false,
      'a partner is not the agency',
    )
    assert.deepEqual(progressStatusChoices('not-started'), [
      'not-started',
      'in-progress',
      'completed',
    ])
    assert.deepEqual(progressStatusChoices('sent-back'), ['in-progress', 'completed'])
    assert.deepEqual(progressStatusChoices('assured'), [])
    assert.deepEqual(progressStatusChoices('closed'), [])
  })

  it('only a completed action is assured, by the business unit or a partner, never the agency', () => {
    assert.equal(mayTakeStep('assure', 'completed', BUSINESS_UNIT), true)
    assert.equal(mayTakeStep('assure', 'completed', PARTNER), true)
    assert.match(
      stepRefusal('assure', 'completed', AGENCY) ?? '',
      /business unit or a statutory partner/,
    )
    for (const status of ['not-started', 'in-progress', 'sent-back', 'closed'] as const) {
      assert.match(
        stepRefusal('assure', status, BUSINESS_UNIT) ?? '',
        /Only a completed action can be assured/,
      )
    }
    assert.match(stepRefusal('assure', 'assured', PARTNER) ?? '', /already been assured/)
  })

  it('a completed or assured action is sent back by the business unit or a partner', () => {
    assert.equal(mayTakeStep('send-back', 'completed', PARTNER), true)
    assert.equal(mayTakeStep('send-back', 'assured', BUSINESS_UNIT), true)
    assert.equal(mayTakeStep('send-back', 'in-progress', BUSINESS_UNIT), false)
    assert.equal(mayTakeStep('send-back', 'completed', AGENCY), false)
  })

  it('only the business unit closes an action without completion, and not once assured or closed', () => {
    for (const status of ['not-started', 'in-progress', 'completed', 'sent-back'] as const) {
      assert.equal(mayTakeStep('close', status, BUSINESS_UNIT), true, status)
    }
    assert.match(
      stepRefusal('close', 'in-progress', PARTNER) ?? '',
      /Only the business unit closes/,
    )
    assert.equal(mayTakeStep('close', 'in-progress', AGENCY), false)
    assert.equal(mayTakeStep('close', 'assured', BUSINESS_UNIT), false)
    assert.equal(mayTakeStep('close', 'closed', BUSINESS_UNIT), false)
  })

  it('the steps offered follow the same rules', () => {
    assert.deepEqual(availableSteps('completed', BUSINESS_UNIT), ['assure', 'send-back', 'close'])
    assert.deepEqual(availableSteps('completed', PARTNER), ['assure', 'send-back'])
    assert.deepEqual(availableSteps('completed', AGENCY), [])
    assert.deepEqual(availableSteps('assured', BUSINESS_UNIT), ['send-back'])
    assert.deepEqual(availableSteps('closed', BUSINESS_UNIT), [])
  })

  it('reminders apply while the action is the agency’s to do: not started, in progress, sent back', () => {
    const open = ACTION_STATUSES.filter((status) => isOpenForReminders(status))
    assert.deepEqual(open, ['not-started', 'in-progress', 'sent-back'])
    assert.equal(isOpenForReminders('signed-off'), false, 'an old status is not open')
    // Finished and open never overlap: overdue is worked out only for open actions.
    for (const status of ACTION_STATUSES as readonly ActionStatus[]) {
      assert.notEqual(isActionFinished(status), isOpenForReminders(status), status)
    }
  })
})

describe('whose step it is, whatever the status', () => {
  it('assure and send back are the business unit’s and partners’; close the business unit’s; progress the agency’s', async () => {
    const { isStepFor } = await import('./action-status.js')
    assert.equal(isStepFor('close', ['partner']), false)
    assert.equal(isStepFor('close', ['agency', 'business-unit']), true)
    assert.equal(isStepFor('assure', ['partner']), true)
    assert.equal(isStepFor('assure', ['agency']), false)
    assert.equal(isStepFor('progress', ['partner']), false)
  })
})
