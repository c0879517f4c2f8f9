// Seven-minute briefings in the browser (issue 9): the coordinator starts the
// Baby Eliza review's briefing from the draft the product fills, writes the
// section the review cannot fill, publishes it; the public reads it and
// downloads it as a PDF and a Word document; a team's use is recorded and the
// partnership sees it in its table and chart. Every page is axe-clean.
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
  const path = await file.path()
  return readFile(path)
}

test('a coordinator writes and publishes a briefing; the public downloads it; a team’s use is recorded and counted', async ({
  page,
}) => {
  await signIn(page, COORDINATOR.email)
  await page.goto('/manage/reviews')
  await expectAccessible(page)
  await page.getByRole('link', { name: 'Baby Eliza Serious Case Review' }).click()
  await expectAccessible(page)
  await page.getByRole('link', { name: 'Seven-minute briefing of this review' }).click()
  await expectAccessible(page)
  await page.getByRole('button', { name: 'Start a briefing' }).click()
  await expectAccessible(page)
  await expect(page.getByTestId('flash')).toContainText('Briefing started')
  // Filled from the review: the learning points are the "what we learned" list.
  await expect(page.getByTestId('briefing-sections')).toContainText(
    'A recognition that mental ill-health, substance misuse and domestic abuse',
  )

  // The review has no recommendations: "what you should do" is for the team to write.
  await page.getByRole('link', { name: 'Change what you should do' }).click()
  await expectAccessible(page)
  const textarea = page.getByLabel('What you should do')
  await textarea.fill('x'.repeat(1201))
  await expect(page.getByText('You have 1 character too many')).toBeVisible()
  await page.getByRole('button', { name: 'Save section' }).click()
  await expectAccessible(page)
  await expect(page.locator('.govuk-error-summary')).toContainText(
    'What you should do must be 1,200 characters or fewer',
  )
  await textarea.fill(
    '- Ask every parent about their own mental health, drug and alcohol use and any abuse at home.\n- Weigh what a parent’s difficulties mean for the baby, not only how they feel for the parent.',
  )
  await page.getByRole('button', { name: 'Save section' }).click()
  await expectAccessible(page)
  await expect(page.getByTestId('flash')).toContainText('What you should do saved')

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

  // The public review page links to the briefing.
  await page.goto('/reviews/baby-eliza-scr')
  await expectAccessible(page)
  await page
    .getByRole('link', { name: 'Seven-minute briefing: Baby Eliza Serious Case Review' })
    .click()
  await expectAccessible(page)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Seven-minute briefing')
  await expect(page.getByRole('heading', { name: '5. What you should do' })).toBeVisible()
  await expect(page.getByText('Ask every parent about their own mental health')).toBeVisible()

  const pdf = (await download(page, /PDF, one or two A4 pages/)).toString('latin1')
  expect(pdf.startsWith('%PDF-1.7')).toBe(true)
  expect(pdf).toContain('/StructTreeRoot')
  expect(pdf).toContain('/FontFile2')
  const docx = await download(page, /Word document/)
  expect(docx.subarray(0, 2).toString('latin1')).toBe('PK')

  // A team's use of the briefing, recorded instead of on paper.
  await page.getByRole('link', { name: 'Record that your team used this briefing' }).click()
  await expectAccessible(page)
  await page.getByRole('button', { name: 'Send record' }).click()
  await expectAccessible(page)
  await expect(page.locator('.govuk-error-summary')).toContainText('Enter the name of your team')
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(testNow())
  const [year = '', month = '', day = ''] = today.split('-')
  await page.getByLabel('Your team', { exact: true }).fill('Battersea health visiting team')
  await page.getByLabel('Your team’s agency').selectOption({
    label: "Wandsworth Council Children's Services (Wandsworth Safeguarding Children Partnership)",
  })
  await page.getByLabel('Day').fill(day)
  await page.getByLabel('Month').fill(month)
  await page.getByLabel('Year').fill(year)
  await page.getByLabel('Number of staff who took part').fill('11')
  await page
    .getByLabel('What did your team agree to do?')
    .fill('Ask about parents’ own needs at every new birth visit.')
  await page.getByRole('button', { name: 'Send record' }).click()
  await expectAccessible(page)
  await expect(page.getByTestId('flash')).toContainText(
    'your team’s use of the briefing is recorded',
  )

  await page.getByRole('link', { name: 'Briefings', exact: true }).click()
  await expectAccessible(page)
  await expect(page.getByTestId('use-by-briefing')).toContainText('Baby Eliza Serious Case Review')
  const byAgency = page.getByTestId('use-by-agency')
  await expect(
    byAgency.getByRole('row', { name: /Wandsworth Council Children's Services/ }),
  ).toContainText('11')
  await expect(
    page.getByRole('img', { name: /Staff who took part in briefing sessions, by agency/ }),
  ).toBeVisible()
  await expect(
    page.getByText('Ask about parents’ own needs at every new birth visit.'),
  ).toBeVisible()
})
