// The public site in a browser (issue 9): the list of reviews with its filters
// (a GET form, so no JavaScript is needed), a review's page, and search with
// highlighted results. Every page passes axe (WCAG 2.2 AA) and fits a phone.
import { expect, expectAccessible, test } from './fixtures.js'

test('filters the list of published reviews and opens one', async ({ page }) => {
  await page.goto('/reviews')
  await expectAccessible(page)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Published reviews')
  await expect(page.getByTestId('result-count')).toContainText('Showing 1 to')

  await page.getByLabel('Kind of review').selectOption('scr')
  await page.getByLabel('Sort by').selectOption('title')
  await page.getByRole('button', { name: 'Apply filters' }).click()
  await expect(page).toHaveURL(
    /\/reviews\?.*kind=scr.*sort=title|\/reviews\?.*sort=title.*kind=scr/,
  )
  await expectAccessible(page)
  const titles = await page.getByTestId('reviews').locator('h2').allTextContents()
  expect(titles.length).toBeGreaterThan(0)
  expect([...titles].sort((a, b) => a.localeCompare(b))).toEqual(titles)

  await page.goto('/reviews?kind=nonsense')
  await expectAccessible(page)
  await expect(page.locator('.govuk-error-summary')).toContainText(
    'Choose a kind of review from the list',
  )

  await page.goto('/reviews')
  await expectAccessible(page)
  await page.getByTestId('reviews').getByRole('link').first().click()
  await expect(page).toHaveURL(/\/reviews\/[a-z0-9-]+$/)
  await expectAccessible(page)
  await expect(page.getByRole('heading', { level: 2, name: 'Summary' })).toBeVisible()
})

test('searches published text and highlights the matches', async ({ page }) => {
  await page.goto('/search')
  await expectAccessible(page)
  await page.getByLabel('Words to search for').fill('neglected')
  await page.getByRole('button', { name: 'Search' }).click()
  await expect(page).toHaveURL(/\/search\?q=neglected/)
  await expectAccessible(page)
  await expect(page.getByTestId('result-count')).toContainText('for ‘neglected’')
  const results = page.getByTestId('search-results').locator(':scope > li')
  expect(await results.count()).toBeGreaterThan(0)
  await expect(results.first().locator('mark').first()).toBeVisible()

  await page.goto(`/search?q=${encodeURIComponent('"((NEAR neglect* 🙂')}`)
  await expectAccessible(page)
  await expect(page.getByTestId('result-count')).toBeVisible()

  await page.goto('/search?q=neglect')
  await expectAccessible(page)
  await page.getByTestId('search-results').getByRole('link').first().click()
  await expect(page).toHaveURL(/\/reviews\/[a-z0-9-]+$/)
  await expectAccessible(page)
})
