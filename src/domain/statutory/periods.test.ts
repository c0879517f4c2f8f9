import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  DEFAULT_STATUTORY_PERIODS,
  GUIDANCE_EDITIONS,
  isGuidanceEdition,
  STATUTORY_PERIOD_BOUNDS,
  STATUTORY_PERIOD_KEYS,
} from './periods.js'

describe('statutory periods', () => {
  it('defaults to the rules: S3 5 WD, S6 15 WD, S12 6 months, S16 7 WD, S15 12 months', () => {
    for (const edition of GUIDANCE_EDITIONS) {
      assert.deepEqual(DEFAULT_STATUTORY_PERIODS[edition], {
        notificationWorkingDays: 5,
        rapidReviewWorkingDays: 15,
        reviewCompletionMonths: 6,
        prePublicationWorkingDays: 7,
        publicationMinimumMonths: 12,
      })
    }
  })

  it('keeps every default inside its bounds', () => {
    for (const edition of GUIDANCE_EDITIONS) {
      for (const key of STATUTORY_PERIOD_KEYS) {
        const value = DEFAULT_STATUTORY_PERIODS[edition][key]
        assert.ok(
          value >= STATUTORY_PERIOD_BOUNDS[key].min && value <= STATUTORY_PERIOD_BOUNDS[key].max,
        )
      }
    }
  })

  it('recognises only the three editions', () => {
    assert.equal(isGuidanceEdition('WT2018'), true)
    assert.equal(isGuidanceEdition('WT2020'), false)
    assert.equal(isGuidanceEdition(2018), false)
  })
})
