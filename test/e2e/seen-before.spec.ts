// "We have seen this before" in the browser (issue 11): the coordinator opens
// the demo's rapid review in progress for Child D, whose findings about
// diluted infant formula show Child A's recommendation to GPs with its open
// action, why it matches, and links it (and unlinks it, leaving the demo as it
// was); then the partnership's recurring themes. Every page axe-clean, no
// JavaScript needed.
import { COORDINATOR } from './demo-accounts.js'
import { expect, expectAccessible, test } from './fixtures.js'
import { signIn } from './staff-steps.js'

test('a diluted formula finding shows Child A’s open recommendation to GPs; the coordinator links it; recurring themes', async ({
  page,
}) => {
  await signIn(page, COORDINATOR.email)
  await page.goto('/manage/rapid-reviews')
  await expectAccessible(page)
  await page
    .getByRole('link', { name: /Child D/ })
    .first()
    .click()
  await expectAccessible(page)
  await page.goto(`${page.url()}/findings`)
  await expectAccessible(page)
  await page.getByRole('link', { name: /We have seen this before/ }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    'We have seen this before: Rapid review findings',
  )
  await expectAccessible(page)

  const childA = page
    .getByTestId('earlier-learning')
    .filter({ hasText: 'Child A Serious Case Review' })
    .filter({ hasText: 'Recommendation 6' })
  await expect(childA).toContainText(
    'infant formula should be made up only as set out by the manufacturers',
  )
  await expect(childA.getByTestId('why')).toContainText('Same phrases: “infant formula”')
  await expect(childA.getByTestId('why')).toContainText('Shared themes: Health services')
  await expect(childA.getByTestId('earlier-actions')).toContainText(
    'NHS South West London Integrated Care Board',
  )
  await expect(childA.getByTestId('earlier-actions')).toContainText('Open')

  await childA.getByRole('button', { name: /^Link/ }).click()
  await expectAccessible(page)
  await expect(page.locator('.govuk-notification-banner')).toContainText(
    'Linked to the earlier learning',
  )
  const linked = page
    .getByTestId('earlier-learning')
    .filter({ hasText: 'Recommendation 6' })
    .filter({ has: page.getByRole('button', { name: /^Unlink/ }) })
  await expect(linked).toBeVisible()
  await linked.getByRole('button', { name: /^Unlink/ }).click()
  await expectAccessible(page)
  await expect(page.getByTestId('no-links')).toBeVisible()

  await page.goto('/manage/recurring-themes')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Recurring themes')
  await expectAccessible(page)
  await expect(page.getByTestId('recurring-themes')).toContainText('Health services')
  await expect(page.getByTestId('recurring-themes')).toContainText('Professional curiosity')
  await expect(page.getByTestId('theme-actions-health-services')).toContainText(
    'Remind every GP practice',
  )
})
