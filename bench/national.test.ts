import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { growth, nationalOptions } from './national.bench.js'
import { nationalSize, variedSearches } from './support/national-dataset.js'

describe('the national benchmark', () => {
  it('has the national shape at 5 000 reviews, and scales all but the partnerships', () => {
    assert.deepEqual(nationalSize(5_000), {
      partnerships: 150,
      publishedReviews: 2_500,
      reviewsInProgress: 2_500,
      incidents: 20_000,
      actions: 100_000,
      characters: 100_000_000,
    })
    const small = nationalSize(101)
    assert.equal(small.partnerships, 150)
    assert.equal(small.publishedReviews + small.reviewsInProgress, 101)
  })

  it('reads its options, with the issue’s sizes by default', () => {
    const defaults = nationalOptions(['national'])
    assert.equal(defaults.scale, 1)
    assert.deepEqual(defaults.sizes, [1_000, 5_000, 20_000])
    assert.deepEqual(defaults.databases, ['sqlite', 'postgres'])
    const chosen = nationalOptions(['national', '--scale', '0.02', '--databases', 'sqlite'])
    assert.equal(chosen.scale, 0.02)
    assert.deepEqual(chosen.databases, ['sqlite'])
    assert.throws(() => nationalOptions(['--scale', 'lots']))
    assert.throws(() => nationalOptions(['--databases', 'oracle']))
  })

  it('measures growth as the larger size’s latency over the smaller’s', () => {
    assert.equal(growth(30, 20), 1.5)
    assert.equal(growth(0, 0), 1)
    assert.equal(growth(5, 0), Number.POSITIVE_INFINITY)
  })

  it('makes searches that are all different, so none is a kept page', () => {
    const searches = variedSearches(5_000)
    assert.equal(new Set(searches).size, 5_000)
  })
})
