// A coordinator creates a legacy serious case review (S18, S19), names its
// reviewer, records terms of reference, starts it, moves a stage, and imports a
// chronology; every page on the way, error pages included, is axe-clean.
import type { Page } from '@playwright/test'
import { COORDINATOR, DEMO_PASSWORD } from './demo-accounts.js'
import { expect, expectAccessible, test } from './fixtures.js'

async function signIn(page: Page): Promise<void> {
  await page.goto('/sign-in')
  await expectAccessible(page)
  await page.getByLabel('Email address').fill(COORDINATOR.email)
  await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD)
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
  await expect(page).toHaveURL('/manage')
  await expectAccessible(page)
}

test('a legacy SCR from creation to a review in progress with a chronology', async ({ page }) => {
  await signIn(page)
  await page.goto('/manage/reviews')
  await expectAccessible(page)
  await page.getByRole('button', { name: 'Create a legacy SCR or other learning review' }).click()
  await expectAccessible(page)

  // An empty form: the error summary lists every problem.
  await page.getByRole('button', { name: 'Create review' }).click()
  await expectAccessible(page)
  await expect(page.locator('.govuk-error-summary')).toContainText('Choose the kind of review')

  await page.getByLabel('Serious case review (Working Together 2015)').check()
  await page.getByLabel('WT2015: Working Together to Safeguard Children 2015').check()
  await page.getByLabel('Child’s pseudonym').fill('Child C')
  await page.getByLabel('Significant Incident Learning Process (SILP)').check()
  await page.locator('#reviewer1Name').fill('Demo Reviewer')
  await page.locator('#reviewer1Role').selectOption('lead-reviewer')
  await page.getByLabel('Terms of reference (optional now').fill('How agencies shared information.')
  const decision = page.getByRole('group', { name: 'Date of the decision to hold the review' })
  await decision.getByLabel('Day').fill('15')
  await decision.getByLabel('Month').fill('3')
  await decision.getByLabel('Year').fill('2018')
  await page.getByRole('button', { name: 'Create review' }).click()

  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    'Serious case review (Working Together 2015): Child C',
  )
  await expectAccessible(page)
  await expect(page.getByText('15 September 2018')).toBeVisible()

  await page.getByRole('button', { name: 'Start the review' }).click()
  await expectAccessible(page)
  await page.getByRole('button', { name: 'Start the review' }).click()
  await expect(page.locator('.govuk-tag').first()).toHaveText('In progress')
  await expectAccessible(page)

  await page.getByRole('link', { name: 'Scoping' }).click()
  await expectAccessible(page)
  await page.getByLabel('Completed').check()
  await page.getByRole('button', { name: 'Save' }).click()
  await expectAccessible(page)

  for (const link of ['Record a monitoring checkpoint', 'Record a delay', 'Name a reviewer']) {
    await page.getByRole('link', { name: link }).click()
    await expectAccessible(page)
    await page.goBack()
    await expectAccessible(page)
  }

  await page.getByRole('link', { name: 'View the merged timeline' }).click()
  await expectAccessible(page)
  await page.getByRole('button', { name: 'Import from CSV' }).click()
  await expectAccessible(page)
  await page.getByLabel('CSV', { exact: true }).fill('agency,date,event\nGP,2023-02-30,Seen\n')
  await page.getByRole('button', { name: 'Import entries' }).click()
  await expectAccessible(page)
  await expect(page.locator('.govuk-error-summary')).toContainText(
    'Line 2: Date must be a real date',
  )
  await page
    .getByLabel('CSV', { exact: true })
    .fill(
      'agency,date,time,event\nNHS South West London Integrated Care Board,2017-03-02,09:30,Seen\n"Metropolitan Police Service, South West basic command unit",2017-03-01,,Called out\n',
    )
  await page.getByRole('button', { name: 'Import entries' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Chronology')
  await expectAccessible(page)
  // Agencies from the partnership's list (issue 8).
  await page.getByLabel('Metropolitan Police Service, South West basic command unit').check()
  await page.getByRole('button', { name: 'Apply filter' }).click()
  await expect(page).toHaveURL(/agency=Metropolitan/)
  await expectAccessible(page)
  await expect(page.locator('tbody tr')).toHaveCount(1)
})
