import assert from 'node:assert/strict'
import { REVIEWS } from '../../src/services/demo-data/seed-content.js'
import { describeOnEachDatabase, itOnLeg } from './support/app-harness.js'

describeOnEachDatabase('public list of published reviews', (h) => {
  itOnLeg('lists every published review with a link to its page, and sets no cookie', async () => {
    const { app } = h()
    const response = await app.inject({ method: 'GET', url: '/reviews' })
    assert.equal(response.statusCode, 200)
    assert.match(response.body, /<h1 class="govuk-heading-xl">Published reviews<\/h1>/)
    for (const review of REVIEWS) {
      assert.match(response.body, new RegExp(`href="/reviews/${review.slug}">${review.title}</a>`))
    }
    assert.equal(response.headers['set-cookie'], undefined)
  })
})
