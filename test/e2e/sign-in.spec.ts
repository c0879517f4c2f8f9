// Signing in and out, the sign-in form's errors, and the same journey with
// JavaScript switched off (the service must work without it).
import type { Page } from '@playwright/test'
import { COORDINATOR, DEMO_PASSWORD } from './demo-accounts.js'
import { expect, expectAccessible, test } from './fixtures.js'
import { SEED_LEARNING, SEED_TITLE } from './seed.js'

async function submitSignIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('Email address').fill(email)
  // exact: the password input's "Show password" button is labelled too.
  await page.getByLabel('Password', { exact: true }).fill(password)
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
}

async function expectSignedInAsCoordinator(page: Page): Promise<void> {
  await expect(page).toHaveURL('/manage')
  await expectAccessible(page)
  await expect(page).toHaveTitle(/^Manage – /)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Manage')
  await expect(page.getByText(`You are signed in as ${COORDINATOR.name}.`)).toBeVisible()
  const membership = page
    .locator('.govuk-summary-list__row')
    .filter({ has: page.getByRole('term').getByText(COORDINATOR.partnership, { exact: true }) })
  await expect(membership.getByRole('definition').first()).toHaveText(COORDINATOR.role)

  const navigation = page.getByRole('navigation', { name: 'Main' })
  await expect(navigation.getByRole('link', { name: 'Manage' })).toHaveAttribute(
    'aria-current',
    /^(page|true)$/,
  )
  await expect(navigation.getByRole('button', { name: 'Sign out' })).toBeVisible()
  await expect(page.getByRole('link', { name: 'Staff sign in' })).toHaveCount(0)
}

async function signOutToPublicPage(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click()
  await expect(page).toHaveURL('/')
  await expectAccessible(page)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(SEED_TITLE)
  await expect(page.getByRole('button', { name: 'Sign out' })).toHaveCount(0)
  const navigation = page.getByRole('navigation', { name: 'Main' })
  await expect(navigation.getByRole('link', { name: 'Staff sign in' })).toHaveAttribute(
    'href',
    '/sign-in',
  )
  await expect(
    page.getByRole('contentinfo').getByRole('link', { name: 'Staff sign in' }),
  ).toHaveAttribute('href', '/sign-in')
}

test('a coordinator signs in, sees their name and role, and signs out', async ({ page }) => {
  await page.goto('/')
  await expectAccessible(page)
  // GOV.UK Frontend's script ran (the CSP nonce lets the template's inline script run).
  await expect(page.locator('body')).toHaveClass(/\bgovuk-frontend-supported\b/)

  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Staff sign in' })
    .click()
  await expect(page).toHaveURL('/sign-in')
  await expectAccessible(page)
  await expect(page).toHaveTitle(/^Sign in – /)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sign in')

  await submitSignIn(page, COORDINATOR.email, DEMO_PASSWORD)
  await expectSignedInAsCoordinator(page)

  await signOutToPublicPage(page)

  // The session has really ended: staff pages ask for sign-in again.
  await page.goto('/manage')
  await expect(page).toHaveURL('/sign-in')
  await expectAccessible(page)
})

test('wrong credentials get one message that does not say which part was wrong', async ({
  page,
}) => {
  const attempts = [
    { email: COORDINATOR.email, password: 'not-the-right-password' },
    { email: 'nobody@wandsworth.example', password: DEMO_PASSWORD },
  ]
  const shown: { summary: string[]; inline: string }[] = []

  for (const attempt of attempts) {
    await page.goto('/sign-in')
    await expectAccessible(page)
    const answer = page.waitForResponse(
      (response) => response.url().endsWith('/sign-in') && response.request().method() === 'POST',
    )
    await submitSignIn(page, attempt.email, attempt.password)
    expect((await answer).status()).toBe(401)

    const summary = page.locator('.govuk-error-summary')
    await expect(summary.getByRole('heading', { name: 'There is a problem' })).toBeVisible()
    await expectAccessible(page)
    await expect(page).toHaveTitle(/^Error: Sign in – /)
    // GOV.UK Frontend moves focus to the summary so screen readers announce it.
    await expect(summary).toBeFocused()

    const links = summary.getByRole('link')
    await expect(links).toHaveCount(1)
    await expect(links).toHaveAttribute('href', '#email')
    const message = (await links.textContent())?.trim() ?? ''
    expect(message).toBe('Enter a correct email address and password')
    expect(message).not.toMatch(
      /password (is|was) (wrong|incorrect)|no account|not (found|registered|recognised)|unknown/i,
    )

    await expect(page.locator('#email-error')).toHaveText(`Error: ${message}`)
    await expect(page.getByLabel('Email address')).toHaveAccessibleDescription(new RegExp(message))
    await expect(page.locator('#password-error')).toHaveCount(0)
    // The email address is kept; the password never comes back.
    await expect(page.getByLabel('Email address')).toHaveValue(attempt.email)
    await expect(page.getByLabel('Password', { exact: true })).toHaveValue('')

    await links.click()
    await expect(page.getByLabel('Email address')).toBeFocused()

    shown.push({
      summary: await summary.getByRole('listitem').allTextContents(),
      inline: (await page.locator('#email-error').textContent()) ?? '',
    })
  }

  // A wrong password and an unknown account look exactly alike.
  expect(shown[0]).toEqual(shown[1])
})

test('an empty form shows an error for each field, linked to the field', async ({ page }) => {
  await page.goto('/sign-in')
  await expectAccessible(page)

  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
  const summary = page.locator('.govuk-error-summary')
  await expect(summary.getByRole('heading', { name: 'There is a problem' })).toBeVisible()
  await expectAccessible(page)
  await expect(page).toHaveTitle(/^Error: Sign in – /)

  const links = summary.getByRole('link')
  await expect(links).toHaveText(['Enter your email address', 'Enter your password'])
  await expect(links.nth(0)).toHaveAttribute('href', '#email')
  await expect(links.nth(1)).toHaveAttribute('href', '#password')
  await expect(page.getByLabel('Email address')).toHaveAccessibleDescription(
    /Enter your email address/,
  )
  await expect(page.getByLabel('Password', { exact: true })).toHaveAccessibleDescription(
    /Enter your password/,
  )

  await links.nth(1).click()
  await expect(page.getByLabel('Password', { exact: true })).toBeFocused()
})

test('without JavaScript the public pages and signing in and out still work', async ({
  pageWithoutJavaScript: page,
}) => {
  await page.goto('/')
  await expectAccessible(page)
  // Proof that scripts are off: the template's inline script did not run.
  await expect(page.locator('body')).not.toHaveClass(/\bjs-enabled\b/)
  const items = '[data-testid="learning-points"] > li, [data-testid="recommendations"] > li'
  await expect(page.locator(items)).toHaveCount(SEED_LEARNING.flatMap((list) => list.items).length)

  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Staff sign in' })
    .click()
  await expect(page).toHaveURL('/sign-in')
  await expectAccessible(page)

  // Server-side validation does not depend on the browser.
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
  await expect(page.locator('.govuk-error-summary').getByRole('link')).toHaveText([
    'Enter your email address',
    'Enter your password',
  ])
  await expectAccessible(page)

  await submitSignIn(page, COORDINATOR.email, DEMO_PASSWORD)
  await expectSignedInAsCoordinator(page)

  await signOutToPublicPage(page)
})
