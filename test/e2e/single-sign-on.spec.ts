// Single sign-on in the browser, against a real OpenID Connect provider started
// here (test/support/oidc-provider.ts) beside the server playwright.config.ts
// starts: an administrator turns it on, a coordinator signs in with it, and an
// unknown address gets a clear page. Every page, the provider's too, is axe-checked.
import type { Page } from '@playwright/test'
import { startTestIdentityProvider, type TestIdentityProvider } from '../support/oidc-provider.js'
import { ADMINISTRATOR, COORDINATOR, DEMO_PASSWORD } from './demo-accounts.js'
import { expect, expectAccessible, test } from './fixtures.js'

const DISPLAY_NAME = 'Wandsworth Council account'
const SIGN_IN_WITH = `Sign in with ${DISPLAY_NAME}`
const ENABLED_QUESTION = 'Can staff sign in with single sign-on?'

let provider: TestIdentityProvider | undefined

function idp(): TestIdentityProvider {
  if (!provider) throw new Error('identity provider not started')
  return provider
}

// The tests build on each other: the first turns single sign-on on, the last off.
test.describe.configure({ mode: 'serial' })

// eslint-disable-next-line no-empty-pattern -- Playwright needs the object pattern
test.beforeAll(async ({}, testInfo) => {
  const baseURL = testInfo.project.use.baseURL
  if (!baseURL) throw new Error('baseURL is not set')
  provider = await startTestIdentityProvider({
    redirectUris: [`${baseURL}/sign-in/single-sign-on/callback`],
  })
})

test.afterAll(async () => {
  await provider?.close()
})

async function signInWithPassword(page: Page, email: string): Promise<void> {
  await page.goto('/sign-in')
  await expectAccessible(page)
  await page.getByLabel('Email address').fill(email)
  await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD)
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
  await expect(page).toHaveURL('/manage')
  await expectAccessible(page)
}

async function openSingleSignOnSettings(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'Settings', exact: true }).click()
  await expect(page).toHaveURL('/manage/settings')
  await expectAccessible(page)
  await page.getByRole('link', { name: 'Single sign-on' }).click()
  await expect(page).toHaveURL('/manage/settings/single-sign-on')
  await expectAccessible(page)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Single sign-on')
}

async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click()
  await expect(page).toHaveURL('/')
  await expectAccessible(page)
}

/** From the service's sign-in page (opened first unless it is open) to the provider's login form. */
async function goToProvider(page: Page): Promise<void> {
  if (new URL(page.url()).pathname !== '/sign-in') {
    await page.goto('/sign-in')
    await expectAccessible(page)
  }
  await page.getByRole('button', { name: SIGN_IN_WITH }).click()
  await expect(page).toHaveURL(new RegExp(`^${idp().issuer}/interaction/`))
  await expectAccessible(page)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    'Sign in to the test identity provider',
  )
}

test('an administrator turns single sign-on on, and a coordinator signs in with it', async ({
  page,
}) => {
  await signInWithPassword(page, ADMINISTRATOR.email)
  await openSingleSignOnSettings(page)
  await expect(page.getByTestId('redirect-uri')).toHaveText(/\/sign-in\/single-sign-on\/callback$/)

  await page.getByLabel('Name on the sign-in button').fill(DISPLAY_NAME)
  await page.getByLabel('Issuer URL').fill(idp().issuer)
  await page.getByLabel('Client ID').fill(idp().clientId)
  await page.getByLabel('Client secret', { exact: true }).fill(idp().clientSecret)
  await page.getByRole('group', { name: ENABLED_QUESTION }).getByLabel('Yes').check()
  await page.getByRole('button', { name: 'Save single sign-on settings' }).click()

  await expect(page).toHaveURL(/\/manage\/settings\/single-sign-on\?saved=\d+$/)
  await expectAccessible(page)
  await expect(page.getByText('Single sign-on settings saved')).toBeVisible()
  await expect(page.getByLabel('Issuer URL')).toHaveValue(idp().issuer)
  // Write-only: the secret is never put back into the page.
  await expect(page.getByLabel('Client secret', { exact: true })).toHaveValue('')
  expect(await page.content()).not.toContain(idp().clientSecret)

  await signOut(page)
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Staff sign in' })
    .click()
  await expect(page).toHaveURL('/sign-in')
  await expectAccessible(page)
  await expect(page.getByRole('button', { name: SIGN_IN_WITH })).toHaveAttribute(
    'href',
    '/sign-in/single-sign-on',
  )

  await goToProvider(page)
  await page.getByLabel('Email address').fill(COORDINATOR.email)
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()

  await expect(page).toHaveURL('/manage')
  await expectAccessible(page)
  await expect(page.getByText(`You are signed in as ${COORDINATOR.name}.`)).toBeVisible()
})

test('an email address with no account gets a clear page and is not signed in', async ({
  page,
}) => {
  await goToProvider(page)
  await page.getByLabel('Email address').fill('nobody@wandsworth.example')
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()

  await expect(page).toHaveURL(/\/sign-in\/single-sign-on\/callback\?/)
  await expectAccessible(page)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    'There is no account for this email address',
  )
  await expect(
    page.getByText(
      'There is no account for nobody@wandsworth.example in this service. Ask your partnership’s administrator to create one.',
    ),
  ).toBeVisible()
  await page.getByRole('link', { name: 'Go back to sign in' }).click()
  await expect(page).toHaveURL('/sign-in')
  await expectAccessible(page)
  await expect(page.getByRole('button', { name: 'Sign out' })).toHaveCount(0)
})

test('turning single sign-on off takes the button away', async ({ page }) => {
  await signInWithPassword(page, ADMINISTRATOR.email)
  await openSingleSignOnSettings(page)
  await page.getByRole('group', { name: ENABLED_QUESTION }).getByLabel('No').check()
  await page.getByRole('button', { name: 'Save single sign-on settings' }).click()
  await expect(page).toHaveURL(/\?saved=\d+$/)
  await expectAccessible(page)

  await signOut(page)
  await page.goto('/sign-in')
  await expectAccessible(page)
  await expect(page.getByRole('button', { name: SIGN_IN_WITH })).toHaveCount(0)
})
