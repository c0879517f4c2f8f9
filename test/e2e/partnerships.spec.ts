// Many partnerships in one deployment (issue 12), in a browser: a deployment
// administrator (made on the command line, as an operator would) creates a
// partnership and its first administrator, who signs in with the one-time
// password; someone in two partnerships chooses the one they work in; each
// partnership's public pages under /p/:slug, with the shared Child Y review on
// both. Every page passes axe (WCAG 2.2 AA) and fits a phone.
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Page } from '@playwright/test'
import { TEST_TODAY } from '../support/test-clock.js'
import { DEMO_PASSWORD } from './demo-accounts.js'
import { expect, expectAccessible, test } from './fixtures.js'

const projectRoot = fileURLToPath(new URL('../..', import.meta.url))

/** The command line on the server's database, as an operator runs it. */
function cli(args: string[], password: string): void {
  const directory = process.env.E2E_DATABASE_DIRECTORY ?? ''
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'test/support/test-cli.ts', ...args],
    {
      cwd: projectRoot,
      input: `${password}\n`,
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: process.env.HOME ?? '/tmp',
        NODE_ENV: 'test',
        TEST_TODAY,
        TEST_CLOCK_EPOCH: process.env.TEST_CLOCK_EPOCH ?? '',
        DATABASE_URL: process.env.E2E_DATABASE_URL ?? `file:${join(directory, 'e2e.sqlite')}`,
        DEMO_DATA: 'false',
        LOG_LEVEL: 'silent',
      },
    },
  )
  expect(result.status, `${args[0]}: ${result.stderr}`).toBe(0)
}

async function signInWith(page: Page, email: string, password: string, landing: string) {
  await page.goto('/sign-in')
  await expectAccessible(page)
  await page.getByLabel('Email address').fill(email)
  await page.getByLabel('Password', { exact: true }).fill(password)
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
  await expect(page).toHaveURL(landing)
  await expectAccessible(page)
}

test('a deployment administrator creates a partnership and its first administrator', async ({
  page,
}) => {
  const email = 'deployment-admin@example.org'
  const password = 'deployment administrator passphrase'
  cli(['create-deployment-admin', '--email', email, '--name', 'Dana Deployment'], password)

  await signInWith(page, email, password, '/manage/partnerships')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Partnerships')
  await expect(page.getByTestId('partnerships')).toContainText('Southwark')

  await page.getByRole('button', { name: 'Create a partnership' }).click()
  await expect(page).toHaveURL('/manage/partnerships/new')
  await expectAccessible(page)
  await page.getByLabel('Name of the partnership').fill('Lambeth Safeguarding Children Partnership')
  await page.getByRole('button', { name: 'Create partnership' }).click()
  await expectAccessible(page)
  const summary = page.locator('.govuk-error-summary')
  await expect(summary).toContainText('Enter the short name used in the public addresses')
  await expect(summary).toContainText('Enter the police force')
  // What was typed is kept.
  await expect(page.getByLabel('Name of the partnership')).toHaveValue(
    'Lambeth Safeguarding Children Partnership',
  )

  await page.getByLabel('Short name for its public pages').fill('lambeth')
  await page.getByLabel('Local authority’s agency').fill('Lambeth Council Children’s Services')
  await page.getByLabel('Police force').fill('Metropolitan Police Service')
  await page
    .getByLabel('Health (the integrated care board)')
    .fill('NHS South East London Integrated Care Board')
  await page.getByLabel('Full name').fill('Lee Lambeth')
  await page.getByLabel('Email address').fill('administrator@lambeth.example')
  await page.getByRole('button', { name: 'Create partnership' }).click()
  await expectAccessible(page)
  await expect(page.locator('.govuk-panel')).toContainText(
    'Lambeth Safeguarding Children Partnership created',
  )
  const temporaryPassword = (await page.getByTestId('temporary-password').innerText()).trim()
  expect(temporaryPassword.length).toBeGreaterThanOrEqual(20)

  await page.getByRole('link', { name: 'View Lambeth Safeguarding Children Partnership' }).click()
  await expectAccessible(page)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    'Lambeth Safeguarding Children Partnership',
  )
  await expect(page.locator('main')).toContainText('Lee Lambeth')

  // Its public page exists at once, with no reviews yet.
  await page.getByRole('link', { name: '/p/lambeth' }).click()
  await expect(page).toHaveURL('/p/lambeth')
  await expectAccessible(page)
  await expect(page.locator('main')).toContainText('No reviews have been published yet.')

  await page.getByRole('button', { name: 'Sign out' }).click()
  await expectAccessible(page)
  // The new administrator signs in with the one-time password and runs Lambeth.
  await signInWith(page, 'administrator@lambeth.example', temporaryPassword, '/manage')
  await page.goto('/manage/settings/agencies')
  await expectAccessible(page)
  await expect(page.getByTestId('agencies')).toContainText('Metropolitan Police Service')
})

test('someone in two partnerships chooses the one they work in', async ({ page }) => {
  const email = 'both-partnerships@example.org'
  for (const [partnership, role] of [
    ['wandsworth', 'practitioner'],
    ['southwark', 'business-unit'],
  ]) {
    cli(
      [
        'create-user',
        '--email',
        email,
        '--name',
        'Sam Both',
        '--partnership',
        partnership ?? '',
        '--role',
        role ?? '',
      ],
      DEMO_PASSWORD,
    )
  }
  await signInWith(page, email, DEMO_PASSWORD, '/manage')
  await expect(page.getByTestId('working-in')).toContainText('all your partnerships')
  await page.getByTestId('working-in').getByRole('link').click()
  await expect(page).toHaveURL('/manage/partnership-choice')
  await expectAccessible(page)
  await page.getByLabel('Wandsworth Safeguarding Children Partnership').check()
  await page.getByRole('button', { name: 'Continue' }).click()
  await expect(page).toHaveURL('/manage')
  await expectAccessible(page)
  await expect(page.getByTestId('working-in')).toContainText('Wandsworth')
  // A practitioner in Wandsworth: no incidents in the navigation.
  await expect(page.getByRole('navigation', { name: 'Main' })).not.toContainText('Incidents')
})

test('each partnership has its public pages; the shared review is on both', async ({ page }) => {
  for (const slug of ['wandsworth', 'southwark']) {
    await page.goto(`/p/${slug}`)
    await expectAccessible(page)
    await expect(page.getByRole('link', { name: 'Child Y Serious Case Review' })).toBeVisible()
    await page.getByRole('link', { name: /all of the partnership’s published reviews/ }).click()
    await expect(page).toHaveURL(`/p/${slug}/reviews`)
    await expectAccessible(page)
    await expect(page.getByTestId('reviews')).toContainText('Child Y Serious Case Review')
  }
  await expect(page.getByTestId('reviews')).not.toContainText('Baby Eliza')
  await page.goto('/p/southwark/search?q=child')
  await expectAccessible(page)
  await expect(page.getByTestId('result-count')).toBeVisible()
})
