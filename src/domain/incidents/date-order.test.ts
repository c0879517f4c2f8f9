import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { calendarDate } from '../calendar/calendar-date.js'
import type { FieldError } from '../errors.js'
import {
  checkAwareAfterIncident,
  checkAwareBeforeNotifications,
  checkNotifiedAfterAware,
  longDate,
} from './date-order.js'

const d = calendarDate

describe('incident dates in order (issue 8)', () => {
  it('writes dates the GOV.UK way', () => {
    assert.equal(longDate(d('2026-12-03')), '3 December 2026')
  })

  it('refuses an awareness date before the incident, naming the incident date', () => {
    const errors: FieldError[] = []
    checkAwareAfterIncident(d('2026-12-04'), d('2026-12-03'), errors)
    assert.deepEqual(errors, [
      {
        field: 'awareOn',
        message:
          'The date the local authority became aware must be on or after the date of the incident (4 December 2026)',
      },
    ])
    const none: FieldError[] = []
    checkAwareAfterIncident(d('2026-12-03'), d('2026-12-03'), none)
    assert.deepEqual(none, [])
  })

  it('refuses a notification before awareness, naming the awareness date', () => {
    const errors: FieldError[] = []
    checkNotifiedAfterAware(
      d('2026-12-03'),
      { panelNotifiedOn: d('2026-12-02'), ofstedNotifiedOn: d('2026-12-03') },
      errors,
    )
    assert.deepEqual(errors, [
      {
        field: 'panelNotifiedOn',
        message:
          'The date the Panel was notified must be on or after the date the local authority became aware (3 December 2026)',
      },
    ])
  })

  it('refuses a corrected awareness date after a recorded notification', () => {
    const errors: FieldError[] = []
    checkAwareBeforeNotifications(d('2026-12-05'), { partnersNotifiedOn: d('2026-12-04') }, errors)
    assert.equal(errors[0]?.field, 'awareOn')
    assert.match(
      errors[0]?.message ?? '',
      /on or before the date the safeguarding partners were told \(4 December 2026\)/,
    )
  })
})
