// Thematic briefings in the browser (issue 11, "Done means"): the coordinator
// finds every review touching professional curiosity over a period, compiles a
// draft briefing from their tagged learning, edits it and publishes it; the
// public finds it in the list of thematic briefings and reads it, each point
// linking to its review, and downloads it. Every page is axe-clean.
import { readFile } from 'node:fs/promises'
import type { Page } from '@playwright/test'
import { COORDINATOR } from './demo-accounts.js'
import { expect, expectAccessible, test } from './fixtures.js'
import { signIn } from './staff-steps.js'
import { testNow } from '../support/test-clock.js'

async function download(page: Page, name: RegExp): Promise<Buffer> {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name }).click(),
  ])
  return readFile(await file.path())
}

test('a coordinator compiles a professional curiosity briefing for a period, edits and publishes it; the public reads it', async ({
  page,
}) => {
  // The longest journey of the suite (about 20 pages, each checked twice by axe).
  test.setTimeout(360_000)
  const year = String(testNow().getUTCFullYear())
  await signIn(page, COORDINATOR.email)
  await page.goto('/manage/briefings')
  await expectAccessible(page)
  await page.getByRole('link', { name: 'Thematic briefings', exact: true }).click()
  await expectAccessible(page)
  await page.getByRole('button', { name: 'Compile a thematic briefing' }).click()
  await expectAccessible(page)

  // Nothing chosen: the page says what is missing.
  await page.getByRole('button', { name: 'Find the learning' }).click()
  await expectAccessible(page)
  await expect(page.locator('.govuk-error-summary')).toContainText('Select at least one theme')

  await page.getByLabel('Professional curiosity').check()
  await page.getByLabel('From the start of').fill('2020')
  await page.getByLabel('To the end of').fill(year)
  await page.getByRole('button', { name: 'Find the learning' }).click()
  await expectAccessible(page)
  await expect(page.getByRole('heading', { name: /2 reviews, 3 tagged items/ })).toBeVisible()
  await expect(page.getByRole('link', { name: 'Child A Serious Case Review' })).toBeVisible()
  await expect(page.getByRole('link', { name: 'Baby Eliza Serious Case Review' })).toBeVisible()
  await expect(page.getByText('how to create cultures of professional curiosity')).toBeVisible()

  await page.getByRole('button', { name: 'Compile the draft briefing' }).click()
  await expectAccessible(page)
  await expect(page.getByTestId('flash')).toContainText('Draft compiled')
  const sections = page.getByTestId('briefing-sections')
  await expect(sections).toContainText(
    `Professional curiosity: learning from case reviews (2020 to ${year})`,
  )
  await expect(sections).toContainText('[Child A]')
  await expect(sections).toContainText('[Baby Eliza]')

  await page.getByRole('link', { name: 'Change questions for reflection' }).click()
  await expectAccessible(page)
  const questions = page.getByLabel('Questions for reflection')
  await questions.fill(
    '- When did your team last ask who else lives in the home?\n- What would help you say out loud that something feels wrong?',
  )
  await page.getByRole('button', { name: 'Save' }).click()
  await expectAccessible(page)
  await expect(page.getByTestId('flash')).toContainText('Questions for reflection saved')

  await page.getByRole('link', { name: 'Preview the briefing as a page' }).click()
  await expectAccessible(page)
  await expect(page.getByText('This is a preview')).toBeVisible()
  await page.getByRole('link', { name: 'Back to the briefing' }).click()
  await expectAccessible(page)

  await page.getByRole('button', { name: 'Publish briefing' }).click()
  await expectAccessible(page)
  await page.getByRole('button', { name: 'Publish briefing' }).click()
  await expectAccessible(page)
  await expect(page.getByTestId('flash')).toContainText('Briefing published')

  // The public: the home page leads to the list, the list to the briefing.
  await page.goto('/')
  await expectAccessible(page)
  await page.getByRole('link', { name: 'Thematic briefings' }).first().click()
  await expectAccessible(page)
  await page
    .getByRole('link', {
      name: `Professional curiosity: learning from case reviews (2020 to ${year})`,
    })
    .click()
  await expectAccessible(page)
  await expect(
    page.getByRole('heading', { name: '3. Learning for improved practice' }),
  ).toBeVisible()
  await expect(
    page.getByText('When did your team last ask who else lives in the home?'),
  ).toBeVisible()
  await page
    .getByRole('link', { name: /^Child A\s*: Child A Serious Case Review$/ })
    .first()
    .click()
  await expect(page).toHaveURL(/\/reviews\/child-a-scr$/)
  await expectAccessible(page)
  await page.goBack()
  await expectAccessible(page)
  const pdf = (await download(page, /Thematic briefing \(PDF\)/)).toString('latin1')
  expect(pdf.startsWith('%PDF-1.7')).toBe(true)
  expect(pdf).toContain('/StructTreeRoot')
  const docx = await download(page, /Word document/)
  expect(docx.subarray(0, 2).toString('latin1')).toBe('PK')
})
