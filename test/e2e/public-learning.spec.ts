// The public "Learning from reviews" pages against the seed page they replace:
// every learning point and recommendation must be there, word for word, under a
// heading, on the home page and on its review's own page.
import type { Locator } from '@playwright/test'
import { expect, expectAccessible, test } from './fixtures.js'
import {
  learningOf,
  normaliseQuotes,
  normaliseSpace,
  SEED_LEARNING,
  SEED_REVIEWS,
  SEED_TITLE,
  type SeedReview,
} from './seed.js'

const SERVICE_NAME = 'Safeguarding practice reviews'
const LIST_KINDS = ['learning-points', 'recommendations'] as const

/**
 * The review's lists match the seed's bullets in order, each list straight
 * after a heading of the given level that begins the seed's introduction to it
 * (the seed's "What was learnt from the SCR? The WSCB recognised…" becomes the
 * heading "What was learnt").
 */
async function expectLearningOf(container: Locator, review: SeedReview, headingLevel: number) {
  const learning = learningOf(review)
  for (const kind of LIST_KINDS) {
    const expected = learning.filter((list) => list.kind === kind)
    const list = container.getByTestId(kind)
    await expect(list).toHaveCount(expected.length)
    for (const [index, seed] of expected.entries()) {
      await expect(list.nth(index).locator(':scope > li')).toHaveText(
        seed.items.map(normaliseSpace),
      )

      const heading = list.nth(index).locator('xpath=preceding-sibling::*[1]')
      await expect(heading).toHaveJSProperty('tagName', `H${headingLevel}`)
      const headingText = normaliseQuotes((await heading.textContent()) ?? '')
      expect(headingText).not.toBe('')
      expect(
        normaliseQuotes(seed.introduction).startsWith(headingText),
        `heading "${headingText}" should begin the seed's "${seed.introduction}"`,
      ).toBe(true)
    }
  }
}

test('the seed has 18 learning points and recommendations, in one list per review', () => {
  expect(SEED_LEARNING.map((list) => list.review.slug)).toEqual(
    SEED_REVIEWS.map((review) => review.slug),
  )
  expect(SEED_LEARNING.flatMap((list) => list.items)).toHaveLength(18)
})

test('the home page lists every review with all of its learning from the seed', async ({
  page,
}) => {
  await page.goto('/')
  await expectAccessible(page)

  await expect(page).toHaveTitle(`${SEED_TITLE} – ${SERVICE_NAME}`)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(SEED_TITLE)
  await expect(page.getByRole('heading', { level: 2, name: 'Published reviews' })).toBeVisible()

  for (const review of SEED_REVIEWS) {
    const section = page.getByRole('region', { name: review.title })
    await expect(section.getByRole('heading', { level: 3 })).toHaveText(review.title)
    await expect(section.getByRole('link', { name: review.title })).toHaveAttribute(
      'href',
      `/reviews/${review.slug}`,
    )
    await expectLearningOf(section, review, 4)
  }

  // Nothing more than the seed's 18 (no duplicates, nothing left over).
  const items = LIST_KINDS.map((kind) => `[data-testid="${kind}"] > li`).join(', ')
  await expect(page.locator(items)).toHaveCount(SEED_LEARNING.flatMap((list) => list.items).length)
})

for (const review of SEED_REVIEWS) {
  test(`the ${review.title} page shows its learning from the seed`, async ({ page }) => {
    await page.goto(`/reviews/${review.slug}`)
    await expectAccessible(page)

    await expect(page).toHaveTitle(`${review.title} – ${SERVICE_NAME}`)
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(review.title)
    const childRow = page
      .locator('.govuk-summary-list__row')
      .filter({ has: page.getByRole('term').getByText('Child', { exact: true }) })
    await expect(childRow.locator('.govuk-summary-list__value')).toHaveText(review.pseudonym)
    await expect(page.getByRole('heading', { level: 2, name: 'Summary' })).toBeVisible()
    await expectLearningOf(page.getByRole('main'), review, 2)
  })
}

test('a reader can go from the list of reviews to a review and back', async ({ page }) => {
  const review = SEED_REVIEWS[2]
  await page.goto('/')
  await expectAccessible(page)

  await page.getByRole('link', { name: review.title }).click()
  await expect(page).toHaveURL(`/reviews/${review.slug}`)
  await expectAccessible(page)

  await page.getByRole('link', { name: 'All reviews' }).click()
  await expect(page).toHaveURL('/reviews')
  await expectAccessible(page)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Published reviews')
  for (const seedReview of SEED_REVIEWS) {
    await expect(page.getByRole('link', { name: seedReview.title })).toHaveAttribute(
      'href',
      `/reviews/${seedReview.slug}`,
    )
  }
})

test('the footer leads to the accessibility statement, privacy notice and API documentation', async ({
  page,
}) => {
  await page.goto('/')
  await expectAccessible(page)

  const pages = [
    { link: 'Accessibility statement', path: '/accessibility', heading: 'Accessibility statement' },
    { link: 'Privacy notice', path: '/privacy', heading: 'Privacy notice' },
    { link: 'Open data API', path: '/api/docs', heading: 'Open data API' },
  ]
  for (const footerPage of pages) {
    await page.getByRole('contentinfo').getByRole('link', { name: footerPage.link }).click()
    await expect(page).toHaveURL(footerPage.path)
    await expectAccessible(page)
    await expect(page).toHaveTitle(`${footerPage.heading} – ${SERVICE_NAME}`)
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(footerPage.heading)
  }

  await expect(page.getByRole('link', { name: 'openapi.json' })).toHaveAttribute(
    'href',
    '/api/docs/openapi.json',
  )
  await expect(page.getByRole('heading', { level: 2, name: /^GET \/api\/v1\// })).not.toHaveCount(0)
})

for (const path of ['/no-such-page', '/reviews/no-such-review']) {
  test(`an unknown address (${path}) shows the page not found page`, async ({ page }) => {
    const response = await page.goto(path)
    await expectAccessible(page)

    expect(response?.status()).toBe(404)
    await expect(page).toHaveTitle(`Page not found – ${SERVICE_NAME}`)
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found')
    await expect(page.getByText('If you typed the web address, check it is correct.')).toBeVisible()
    await expect(page.getByRole('link', { name: 'Go to learning from reviews' })).toHaveAttribute(
      'href',
      '/',
    )
  })
}
