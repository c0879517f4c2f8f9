// The coordinator's statutory clocks dashboard on /manage (filter and sort with
// JavaScript off too), the on time versus late chart, and the calendar feed
// page: making the secret link, reading the feed, and resetting it. Every page
// is axe-clean.
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

function clocksTable(page: Page) {
  return page
    .getByRole('table')
    .filter({ has: page.getByRole('columnheader', { name: /^Deadline$/ }) })
}

test('the coordinator opens the statutory clocks dashboard and its chart', async ({ page }) => {
  await signIn(page)
  await expect(page.getByRole('heading', { level: 2, name: 'Statutory clocks' })).toBeVisible()
  const table = clocksTable(page)
  // The demo incident "Child C": its notification is due 2 working days from today, on any day (S3).
  const childC = table.getByRole('row').filter({ hasText: 'Notify the Panel (S3)' }).filter({
    hasText: 'Child C',
  })
  await expect(childC.getByText('Due soon', { exact: true })).toBeVisible()
  await expect(childC.getByText('2 working days left')).toBeVisible()
  await expect(table.getByRole('columnheader', { name: /^Due/ })).toHaveAttribute(
    'aria-sort',
    'ascending',
  )

  // The chart is one image with a name; the table beside it has the figures.
  await expect(
    page.getByRole('img', { name: /Statutory deadlines on time and late/ }),
  ).toBeVisible()
  await expect(page.getByRole('table', { name: 'Deadlines by month due' })).toBeVisible()

  // Sort by due date, latest first, from the column header.
  await table.getByRole('link', { name: /^Due/ }).click()
  await expect(page).toHaveURL('/manage?sort=due&order=desc')
  await expectAccessible(page)
  await expect(clocksTable(page).getByRole('columnheader', { name: /^Due/ })).toHaveAttribute(
    'aria-sort',
    'descending',
  )

  // Open a record from its row.
  await clocksTable(page)
    .getByRole('row')
    .filter({ hasText: 'Notify the Panel (S3)' })
    .filter({ hasText: 'Child C' })
    .getByRole('link', { name: /Child C/ })
    .click()
  await expect(page).toHaveURL(/\/manage\/incidents\/[0-9a-f-]{36}$/)
  await expectAccessible(page)
})

test('filters and sorting work without JavaScript', async ({ pageWithoutJavaScript: page }) => {
  await signIn(page)
  // Serious incidents: the demo always has one whose clock runs (a review's
  // may have been published by an earlier spec, publication.spec.ts).
  await page.getByLabel('Kind').selectOption('incident')
  await page.getByRole('button', { name: 'Apply filters' }).click()
  await expect(page).toHaveURL(/\/manage\?sort=due&order=asc&partnership=&kind=incident$/)
  await expectAccessible(page)
  const rows = clocksTable(page).locator('tbody tr')
  await expect(rows.first()).toBeVisible()
  for (const kind of await rows.locator('td:nth-of-type(1)').allTextContents()) {
    expect(kind.trim()).toBe('Serious incident')
  }
  await clocksTable(page)
    .getByRole('link', { name: /^Status/ })
    .click()
  await expect(page).toHaveURL('/manage?kind=incident&sort=status&order=asc')
  await expectAccessible(page)
  await page.getByRole('link', { name: 'Clear filters' }).click()
  await expect(page).toHaveURL('/manage')
  await expectAccessible(page)
})

test('the coordinator makes a calendar link, the feed answers, and a reset stops the old link', async ({
  page,
  request,
}) => {
  await signIn(page)
  await page.getByRole('link', { name: 'Your calendar feed' }).click()
  await expect(page).toHaveURL('/manage/calendar-feed')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your calendar feed')
  await expectAccessible(page)

  await page.getByRole('button', { name: 'Create my calendar link' }).click()
  await expectAccessible(page)
  const link = await page.getByLabel('Your calendar link').inputValue()
  expect(link).toMatch(/\/calendar\/[A-Za-z0-9_-]{43}\.ics$/)

  const feed = await request.get(link)
  expect(feed.status()).toBe(200)
  expect(feed.headers()['content-type']).toBe('text/calendar; charset=utf-8')
  const ics = (await feed.text()).replace(/\r\n[ \t]/g, '')
  expect(ics).toContain('BEGIN:VCALENDAR')
  expect(ics).toContain(`SUMMARY:Notification due: Child C (${COORDINATOR.partnership})`)

  // The link is not shown again once the page is left.
  await page.goto('/manage/calendar-feed')
  await expectAccessible(page)
  await expect(page.getByLabel('Your calendar link')).toHaveCount(0)
  await page.getByRole('button', { name: 'Reset the link' }).click()
  await expectAccessible(page)
  const fresh = await page.getByLabel('Your calendar link').inputValue()
  expect(fresh).not.toBe(link)
  expect((await request.get(link)).status()).toBe(404)
  expect((await request.get(fresh)).status()).toBe(200)
})
