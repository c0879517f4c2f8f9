// Agency action plans in the browser: the Wandsworth children's services lead
// reports progress on an action from the Southwark-led Child Y review, the
// Southwark business unit signs it off after assigning a new one, and every
// page on the way, error pages included, is axe-clean. No JavaScript needed.
import type { Page } from '@playwright/test'
import { AGENCY_LEAD, DEMO_PASSWORD, SOUTHWARK_COORDINATOR } from './demo-accounts.js'
import { expect, expectAccessible, test } from './fixtures.js'
import { testNow } from '../support/test-clock.js'

async function signIn(page: Page, email: string): Promise<void> {
  await page.goto('/sign-in')
  await expectAccessible(page)
  await page.getByLabel('Email address').fill(email)
  await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD)
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
  await expect(page).toHaveURL('/manage')
  await expectAccessible(page)
}

async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click()
  await expectAccessible(page)
}

test('an agency lead reports progress on another partnership’s review; the lead partnership signs it off', async ({
  page,
}) => {
  await signIn(page, AGENCY_LEAD.email)
  await page.getByRole('link', { name: 'Action plans' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Action plans')
  await expectAccessible(page)
  // Their agency's actions only: the ICB's demo action is not listed.
  await expect(page.getByRole('table')).not.toContainText('Integrated Care Board')
  await expect(page.getByRole('table')).toContainText('Child Y Serious Case Review (Southwark')

  await page.getByLabel('Status').selectOption('not-started')
  await page.getByRole('button', { name: 'Show actions' }).click()
  await expectAccessible(page)
  await page.getByRole('link', { name: /Notify the host local authority/ }).click()
  await expectAccessible(page)
  await expect(page.getByText('Overdue').first()).toBeVisible()

  // An empty update: the error summary says what is missing.
  await page.getByRole('button', { name: 'Save update' }).click()
  await expectAccessible(page)
  await expect(page.locator('.govuk-error-summary')).toContainText(
    'Enter what has been done since the last update',
  )
  await page.getByLabel('Completed').check()
  await page
    .getByLabel('What has been done since the last update?')
    .fill('Every placement since March notified; quarterly audit set up.')
  await page.getByRole('button', { name: 'Save update' }).click()
  await expectAccessible(page)
  await expect(page.locator('.govuk-summary-list')).toContainText('Completed')
  await expect(page.getByText('Every placement since March notified')).toBeVisible()
  const actionUrl = page.url()
  await signOut(page)

  await signIn(page, SOUTHWARK_COORDINATOR.email)
  await page.goto(actionUrl)
  await expectAccessible(page)
  // Signing off is its own button and page (issue 8), not a status of an update.
  await page.getByRole('button', { name: 'Sign off this action' }).click()
  await expectAccessible(page)
  await page
    .getByLabel('What assured you (optional)')
    .fill('Audit results seen by the learning subgroup: assured.')
  await page.getByRole('button', { name: 'Sign off this action' }).click()
  await expectAccessible(page)
  await expect(page.getByTestId('flash')).toContainText('Action signed off')
  await expect(page.locator('.govuk-summary-list').first()).toContainText('Signed off')

  // Assigning a new action for the same review.
  await page.goto('/manage/actions')
  await expectAccessible(page)
  await page.getByRole('button', { name: 'Assign an action' }).click()
  await expectAccessible(page)
  await page.getByRole('link', { name: 'Child Y Serious Case Review' }).click()
  await expectAccessible(page)
  await page.getByRole('button', { name: 'Assign action' }).click()
  await expectAccessible(page)
  await expect(page.locator('.govuk-error-summary')).toContainText(
    'Select the learning point or recommendation the action answers',
  )
  await page.getByRole('radio', { name: /^Learning point 2:/ }).check()
  await page.getByLabel('Agency that owns the action').selectOption({
    label: `${AGENCY_LEAD.agency} (Wandsworth Safeguarding Children Partnership)`,
  })
  await page
    .getByLabel('What will the agency do?')
    .fill('Add siblings’ and other children’s lived experience to the visit template')
  const due = page.getByRole('group', { name: 'Due date' })
  await due.getByLabel('Day').fill('31')
  await due.getByLabel('Month').fill('3')
  await due.getByLabel('Year').fill(String(testNow().getUTCFullYear() + 1))
  await page.getByRole('button', { name: 'Assign action' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    'Add siblings’ and other children’s lived experience to the visit template',
  )
  await expectAccessible(page)
})
