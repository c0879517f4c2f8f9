import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { recurringThemes, type ThemeOnReview } from './recurring-themes.js'

function tag(
  themeSlug: string,
  reviewId: string,
  recordType: ThemeOnReview['recordType'] = 'review',
  recordId = reviewId,
): ThemeOnReview {
  return {
    themeSlug,
    themeName: themeSlug.toUpperCase(),
    themeRetired: false,
    reviewId,
    recordType,
    recordId,
  }
}

describe('recurringThemes', () => {
  it('keeps themes found in two or more reviews, on the review or on its learning, most reviews first', () => {
    const themes = recurringThemes([
      tag('neglect', 'r1'),
      tag('neglect', 'r2', 'recommendation', 'rec-1'),
      tag('neglect', 'r2', 'learning-point', 'lp-1'),
      tag('information-sharing', 'r1', 'learning-point', 'lp-2'),
      tag('information-sharing', 'r2'),
      tag('information-sharing', 'r3', 'recommendation', 'rec-2'),
      tag('online-harm', 'r3'),
      tag('online-harm', 'r3', 'learning-point', 'lp-3'),
    ])
    assert.deepEqual(
      themes.map((theme) => [theme.slug, theme.reviewIds.length]),
      [
        ['information-sharing', 3],
        ['neglect', 2],
      ],
    )
    assert.deepEqual(themes[1]?.learningIds, ['rec-1', 'lp-1'])
  })

  it('finds nothing in a single review', () => {
    assert.deepEqual(
      recurringThemes([tag('neglect', 'r1'), tag('neglect', 'r1', 'learning-point', 'x')]),
      [],
    )
  })
})
