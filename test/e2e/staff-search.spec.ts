// The learning library in the browser (issue 11): Wandsworth's coordinator
// finds every review touching professional curiosity by the theme filter
// alone, then narrows by words and kind; the matched words are marked; the
// page is a GET form (the integration test reads it without JavaScript) and
// is axe-clean, on a phone too.
import { COORDINATOR } from './demo-accounts.js'
import { expect, expectAccessible, test } from './fixtures.js'
import { signIn } from './staff-steps.js'

test('a coordinator finds every review touching professional curiosity in the learning library', async ({
  page,
}) => {
  await signIn(page, COORDINATOR.email)
  await page.getByRole('link', { name: 'Learning library' }).first().click()
  await expect(page).toHaveURL(/\/manage\/learning$/)
  await expectAccessible(page)

  await page.getByLabel('Theme').selectOption({ label: 'Professional curiosity' })
  await page.getByTestId('apply-filters').click()
  await expect(page).toHaveURL(/theme=professional-curiosity/)
  await expectAccessible(page)
  const results = page.getByTestId('search-results')
  // The demo reviews tagged with the theme: Baby Eliza's and Child A's.
  await expect(results).toContainText('Baby Eliza Serious Case Review')
  await expect(results).toContainText('Child A Serious Case Review')
  await expect(results).not.toContainText('Child Y Serious Case Review')

  // Words within the theme, recommendations only: the match is marked.
  await page.getByLabel('Words to search for').fill('curiosity')
  await page.getByLabel('Recommendation', { exact: true }).check()
  await page.getByRole('button', { name: 'Search', exact: true }).click()
  await expectAccessible(page)
  await expect(page.getByTestId('result-count')).toContainText('for ‘curiosity’')
  await expect(results.locator('mark').first()).toHaveText(/curiosity/i)
  await expect(results).toContainText('Child A Serious Case Review')

  // A result opens the review's page.
  await results.getByRole('link').first().click()
  await expect(page).toHaveURL(/\/manage\/reviews\/[^/]+#findings$/)
  await expectAccessible(page)
})
