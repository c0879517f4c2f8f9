// Two-factor authentication in the browser (issue 4): a person sets it up by
// reading the key off the page into "their app" (otpauth, here), saves their
// recovery codes, signs out, and signs in again with a code. Every page is
// axe-checked. The account is made for this file with the command line, so no
// other test's demo account ends up needing a code.
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Page } from '@playwright/test'
import { totpCodeAt, totpCodeForStep, timeStepAt } from '../../src/domain/two-factor/totp.js'
import { expect, expectAccessible, test } from './fixtures.js'
import { testNow } from '../support/test-clock.js'

const projectRoot = fileURLToPath(new URL('../..', import.meta.url))
const EMAIL = 'two-factor-e2e@wandsworth.example'
const NAME = 'Two Factor Tester'
const PASSWORD = 'a long password for the two-factor test'

// eslint-disable-next-line no-empty-pattern -- Playwright needs the object pattern
test.beforeAll(async ({}) => {
  const directory = process.env.E2E_DATABASE_DIRECTORY
  if (!directory) throw new Error('E2E_DATABASE_DIRECTORY is not set (see playwright.config.ts)')
  execFileSync(
    process.execPath,
    [
      '--import',
      'tsx',
      'test/support/test-cli.ts',
      'create-user',
      '--email',
      EMAIL,
      '--name',
      NAME,
      '--partnership',
      'wandsworth',
      '--role',
      'practitioner',
    ],
    {
      cwd: projectRoot,
      input: `${PASSWORD}\n`,
      env: {
        ...process.env,
        NODE_ENV: 'test',
        DATABASE_URL: process.env.E2E_DATABASE_URL ?? `file:${join(directory, 'e2e.sqlite')}`,
        DEMO_DATA: 'false',
        LOG_LEVEL: 'silent',
      },
      stdio: ['pipe', 'ignore', 'inherit'],
    },
  )
})

async function signInWithPassword(page: Page): Promise<void> {
  await page.goto('/sign-in')
  await expectAccessible(page)
  await page.getByLabel('Email address').fill(EMAIL)
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD)
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
}

test('a person sets up two-factor authentication, signs out, and signs in with a code', async ({
  page,
}) => {
  // A long journey of a dozen pages, each checked by axe-core.
  test.slow()
  await signInWithPassword(page)
  await expect(page).toHaveURL('/manage')
  await expectAccessible(page)

  await page.getByRole('link', { name: 'Your account' }).click()
  await expect(page).toHaveURL('/manage/account')
  await expectAccessible(page)
  await page.getByRole('link', { name: 'Set up two-factor authentication' }).click()
  await expect(page).toHaveURL('/manage/account/two-factor')
  await expectAccessible(page)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    'Set up two-factor authentication',
  )
  await expect(page.getByRole('img', { name: /^QR code that adds this service/ })).toBeVisible()

  // "The app": the key as the page shows it, typed in without its spaces.
  const key = ((await page.getByTestId('two-factor-key').textContent()) ?? '').replace(/\s/g, '')
  expect(key).toMatch(/^[A-Z2-7]{32}$/)

  const codeField = page.getByLabel('Code from your authenticator app')
  await codeField.fill(totpCodeForStep(key, timeStepAt(testNow()) + 5))
  await page.getByRole('button', { name: 'Turn on two-factor authentication' }).click()
  await expect(page.locator('.govuk-error-summary')).toBeVisible()
  await expectAccessible(page)
  await expect(page.locator('.govuk-error-summary').getByRole('link')).toHaveText(
    'Enter the 6-digit code your authenticator app shows for this service',
  )

  await page.getByLabel('Code from your authenticator app').fill(totpCodeAt(key, testNow()))
  await page.getByRole('button', { name: 'Turn on two-factor authentication' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Save your recovery codes')
  await expectAccessible(page)
  await expect(page.getByTestId('recovery-codes').getByRole('listitem')).toHaveCount(10)

  await page.getByRole('button', { name: 'I have saved my recovery codes' }).click()
  await expect(page).toHaveURL('/manage')
  await expectAccessible(page)

  await page.getByRole('button', { name: 'Sign out' }).click()
  await expect(page).toHaveURL('/')
  await expectAccessible(page)

  await signInWithPassword(page)
  await expect(page).toHaveURL('/sign-in/two-factor')
  await expectAccessible(page)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    'Enter a code to finish signing in',
  )
  // Until the code is in, the staff pages lead back here.
  await page.goto('/manage')
  await expect(page).toHaveURL('/sign-in/two-factor')
  await expectAccessible(page)

  // The code of the next 30-second step: the enrolment's own code is never accepted again.
  await page
    .getByLabel('Code', { exact: true })
    .fill(totpCodeAt(key, new Date(testNow().getTime() + 30_000)))
  await page.getByRole('button', { name: 'Continue' }).click()
  await expect(page).toHaveURL('/manage')
  await expectAccessible(page)
  await expect(page.getByText(`You are signed in as ${NAME}.`)).toBeVisible()
})
