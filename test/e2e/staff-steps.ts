// Steps every staff journey in the browser takes, written once: signing in as a
// demo account, and filling a GOV.UK date input.
import type { Page } from '@playwright/test'
import { DEMO_PASSWORD } from './demo-accounts.js'
import { expect, expectAccessible } from './fixtures.js'

/** Signs a demo account in with its password and lands on /manage, both pages checked. */
export async function signIn(page: Page, email: string): Promise<void> {
  await page.goto('/sign-in')
  await expectAccessible(page)
  await page.getByLabel('Email address').fill(email)
  await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD)
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
  await expect(page).toHaveURL('/manage')
  await expectAccessible(page)
}

/** Fills a GOV.UK date input found by its legend, from a YYYY-MM-DD date. */
export async function fillDate(
  page: Page,
  legend: string | RegExp,
  isoDate: string,
): Promise<void> {
  const [year = '', month = '', day = ''] = isoDate.split('-')
  const group = page.getByRole('group', { name: legend })
  await group.getByLabel('Day').fill(String(Number(day)))
  await group.getByLabel('Month').fill(String(Number(month)))
  await group.getByLabel('Year').fill(year)
}
