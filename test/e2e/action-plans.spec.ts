// Agency action plans in the browser: the Wandsworth children's services lead
// adds evidence to an action from the Southwark-led Child Y review and reports
// it completed; the Southwark business unit assures it (issue 10), looks at the
// dashboard, downloads the plan, and assigns a new action. Every page on the
// way, error pages included, is axe-clean. No JavaScript needed.
import type { Page } from '@playwright/test'
import PDFDocument from 'pdfkit'
import { AGENCY_LEAD, SOUTHWARK_COORDINATOR } from './demo-accounts.js'
import { expect, expectAccessible, test } from './fixtures.js'
import { signIn } from './staff-steps.js'
import { testNow } from '../support/test-clock.js'

function auditPdf(): Promise<Buffer> {
  return new Promise((resolve) => {
    const doc = new PDFDocument({ info: { CreationDate: testNow() } })
    const chunks: Buffer[] = []
    doc.on('data', (chunk: Buffer) => chunks.push(chunk))
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.text('Quarterly audit: every placement since March notified to the host authority.')
    doc.end()
  })
}

async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click()
  await expectAccessible(page)
}

test('an agency lead adds evidence and reports completed on another partnership’s review; the lead partnership assures it and exports the plan', async ({
  page,
}) => {
  await signIn(page, AGENCY_LEAD.email)
  await page.getByRole('link', { name: 'Action plans' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Action plans')
  await expectAccessible(page)
  // Their agency's actions only: the ICB's demo action is not listed.
  await expect(page.getByRole('table')).not.toContainText('Integrated Care Board')
  await expect(page.getByRole('table')).toContainText('Child Y Serious Case Review (Southwark')

  await page.getByLabel('Status', { exact: true }).selectOption('not-started')
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
  // Completed without evidence: refused, with what to add.
  await page.getByLabel('Completed').check()
  await page
    .getByLabel('What has been done since the last update?')
    .fill('Every placement since March notified; quarterly audit set up.')
  await page.getByRole('button', { name: 'Save update' }).click()
  await expectAccessible(page)
  await expect(page.locator('.govuk-error-summary')).toContainText(
    'Add evidence before reporting the action completed',
  )
  // The evidence: the audit as a PDF and a link to the revised procedure.
  await page.getByLabel('Completed').check()
  await page.getByLabel('Evidence file').setInputFiles({
    name: 'placement-audit.pdf',
    mimeType: 'application/pdf',
    buffer: await auditPdf(),
  })
  await page.getByLabel('Link to evidence').fill('https://intranet.example.org/placement-procedure')
  await page.getByRole('button', { name: 'Save update' }).click()
  await expectAccessible(page)
  await expect(page.getByTestId('flash')).toContainText('Progress update saved')
  await expect(page.locator('.govuk-summary-list').first()).toContainText('Completed')
  await expect(page.getByText('Every placement since March notified')).toBeVisible()
  await expect(page.getByRole('link', { name: 'placement-audit.pdf' }).first()).toBeVisible()
  const actionUrl = page.url()

  // Asking for a later due date: its own page, axe-clean with and without errors.
  await page.getByRole('link', { name: 'Ask for a later due date' }).click()
  await expectAccessible(page)
  await page.getByRole('button', { name: 'Ask for this date' }).click()
  await expectAccessible(page)
  await expect(page.locator('.govuk-error-summary')).toContainText('Enter the new due date')
  await page.goto(actionUrl)
  await expectAccessible(page)
  await signOut(page)

  await signIn(page, SOUTHWARK_COORDINATOR.email)
  await page.goto(actionUrl)
  await expectAccessible(page)
  // Assuring is its own button and page (issues 8 and 10), not a status of an update.
  await page.getByRole('button', { name: 'Assure this action' }).click()
  await expectAccessible(page)
  await page.getByRole('button', { name: 'Assure this action' }).click()
  await expectAccessible(page)
  await expect(page.locator('.govuk-error-summary')).toContainText('Enter the evidence of impact')
  await page
    .getByLabel('Evidence of impact')
    .fill('Host authorities now hear of every placement within 5 working days.')
  await page.getByLabel('What did you check?').fill('The audit and a sample of 10 notifications.')
  const recheck = page.getByRole('group', { name: 'Date to check again' })
  await recheck.getByLabel('Day').fill('30')
  await recheck.getByLabel('Month').fill('6')
  await recheck.getByLabel('Year').fill(String(testNow().getUTCFullYear() + 1))
  await page.getByRole('button', { name: 'Assure this action' }).click()
  await expectAccessible(page)
  await expect(page.getByTestId('flash')).toContainText('Action assured')
  await expect(page.locator('.govuk-summary-list').first()).toContainText('Assured')
  await expect(page.locator('.govuk-summary-list').first()).toContainText(
    'Host authorities now hear of every placement',
  )

  // The partnership's dashboard and the plan's exports.
  await page.goto('/manage/actions/dashboard')
  await expectAccessible(page)
  await expect(page.getByTestId('action-trend-chart')).toBeVisible()
  await expect(page.getByTestId('trend-table')).toContainText('Completed')
  await page.goto('/manage/actions')
  await expectAccessible(page)
  for (const [name, extension] of [
    ['Download as CSV', 'csv'],
    ['Download as Excel (.xlsx)', 'xlsx'],
    ['Download as Word (.docx)', 'docx'],
  ] as const) {
    const download = page.waitForEvent('download')
    await page.getByRole('link', { name }).click()
    expect((await download).suggestedFilename()).toMatch(
      new RegExp(`^action-plan-.*\\.${extension}$`),
    )
  }

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
