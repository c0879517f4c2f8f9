import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  CLOCK_STATE_LABELS,
  clockDetail,
  clockLabel,
  clockStateOf,
} from '../domain/statutory/clock-wording.js'
import { CLOCK_STATE_TAGS, clockTag } from './clock-tags.js'

const src = dirname(dirname(fileURLToPath(import.meta.url)))

function filesUnder(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name)
    if (entry.isDirectory()) return filesUnder(path)
    return /\.(ts|njk)$/.test(entry.name) && !entry.name.endsWith('.test.ts') ? [path] : []
  })
}

describe('one wording for a statutory clock (issue 8)', () => {
  it('has one label for each state', () => {
    assert.deepEqual(CLOCK_STATE_LABELS, {
      'on-track': 'On track',
      'due-soon': 'Due soon',
      'due-today': 'Due today',
      overdue: 'Overdue',
      met: 'Done on time',
      late: 'Done late',
    })
  })

  it('tells due today apart from due soon', () => {
    assert.equal(clockStateOf({ status: 'due-soon', workingDaysLeft: 2 }), 'due-soon')
    assert.equal(clockStateOf({ status: 'due-soon', workingDaysLeft: 0 }), 'due-today')
    assert.equal(clockLabel({ status: 'due-soon', workingDaysLeft: 0 }), 'Due today')
    assert.equal(clockLabel({ status: 'met', workingDaysLeft: null }), 'Done on time')
    assert.equal(clockLabel({ status: 'late', workingDaysLeft: null }), 'Done late')
  })

  it('counts the working days beside the label', () => {
    assert.equal(clockDetail({ status: 'on-track', workingDaysLeft: 3 }), '3 working days left')
    assert.equal(clockDetail({ status: 'due-soon', workingDaysLeft: 1 }), '1 working day left')
    assert.equal(clockDetail({ status: 'due-soon', workingDaysLeft: 0 }), 'Due today')
    assert.equal(clockDetail({ status: 'overdue', workingDaysLeft: -2 }), '2 working days overdue')
    assert.equal(clockDetail({ status: 'met', workingDaysLeft: null }), null)
    assert.equal(clockDetail({ status: 'overdue', workingDaysLeft: null }), null)
  })

  it('draws every tag from the label map', () => {
    for (const [state, label] of Object.entries(CLOCK_STATE_LABELS)) {
      assert.equal(CLOCK_STATE_TAGS[state as keyof typeof CLOCK_STATE_TAGS].text, label)
    }
    assert.deepEqual(clockTag({ status: 'overdue', workingDaysLeft: -1 }), {
      text: 'Overdue',
      classes: 'govuk-tag--red',
    })
  })

  it('is the only wording: no page, view model, document or feed writes its own', () => {
    // The wordings pages used before issue 8, for the same clocks.
    const retired = [
      'Completed on time',
      'Completed late',
      'Due within 2 working days',
      'Due within ${DUE_SOON_WORKING_DAYS} working days',
    ]
    const offenders = filesUnder(src).flatMap((path) => {
      const text = readFileSync(path, 'utf8')
      return retired.filter((wording) => text.includes(wording)).map((w) => `${path}: ${w}`)
    })
    assert.deepEqual(offenders, [])
  })

  it('is used by every view model that shows a clock', () => {
    for (const file of [
      'web/features/incidents/form-fields.ts',
      'web/features/reviews/view-model.ts',
      'web/features/manage/statutory-clocks-view-model.ts',
    ]) {
      const text = readFileSync(join(src, file), 'utf8')
      assert.match(text, /from '\.\.\/\.\.\/clock-tags\.js'/, file)
      assert.doesNotMatch(text, /text: '(On track|Due soon|Done on time|Done late)'/, file)
    }
  })
})
