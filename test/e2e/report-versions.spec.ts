// Report versions and the redaction check in the browser (issue 9, S17): the
// coordinator lists the child's name as a detail not to publish, uploads a draft
// whose footer names the child, and the check blocks it, saying "footer" and
// masking the name; a clean version passes. Every page axe-clean, no JavaScript
// needed. The name is invented: demo data holds no real identity.
import type { Page } from '@playwright/test'
import { buildDocx } from '../support/report-fixtures.js'
import { COORDINATOR } from './demo-accounts.js'
import { expect, expectAccessible, test } from './fixtures.js'
import { signIn } from './staff-steps.js'

const CHILD_NAME = 'Zoë Quillfeather'
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'

async function uploadVersion(page: Page, fileName: string, bytes: Uint8Array, note: string) {
  await page.getByRole('link', { name: 'Upload a version of the report' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Upload a version of the report')
  await expectAccessible(page)
  await page
    .getByLabel('The report')
    .setInputFiles({ name: fileName, mimeType: DOCX, buffer: Buffer.from(bytes) })
  await page.getByLabel('Note (optional)').fill(note)
  await page.getByRole('button', { name: 'Upload and check' }).click()
  await expectAccessible(page)
}

test('a draft whose footer names the child is blocked and says "footer"; a clean version passes', async ({
  page,
}) => {
  await signIn(page, COORDINATOR.email)
  await page.goto('/manage/reviews')
  await expectAccessible(page)
  await page
    .getByRole('link', { name: 'Other learning review: Child C', exact: true })
    .first()
    .click()
  await expectAccessible(page)
  const reviewUrl = page.url()

  // The child's name on the review's list of details not to publish.
  await page.getByRole('link', { name: 'names and details not to publish' }).click()
  await expectAccessible(page)
  await page.getByRole('button', { name: 'Add a name or detail' }).click()
  await expectAccessible(page)
  await page.getByRole('button', { name: 'Add to the list' }).click()
  await expect(page.getByRole('alert')).toContainText('Enter who or what it is')
  await expectAccessible(page)
  await page.getByLabel('Who or what is it?').fill('The child')
  await page.getByLabel('What kind of detail is it?').selectOption('name')
  await page.getByLabel('The detail').fill(CHILD_NAME)
  await page.getByRole('button', { name: 'Add to the list' }).click()
  await expect(page.getByRole('table')).toContainText('The child')
  await expect(page.getByRole('table')).toContainText('Hidden')
  await expect(page.locator('main')).not.toContainText('Quillfeather')
  await expectAccessible(page)

  await page.goto(reviewUrl)
  await expectAccessible(page)
  await uploadVersion(
    page,
    'draft-report.docx',
    buildDocx({
      body: ['Learning from the review of Child C.'],
      footer: `Prepared for the partnership about Zoe Quillfeather`,
    }),
    'First draft',
  )
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/Version \d+ of the report/)
  await expect(page.locator('#check-result')).toContainText('This version cannot be published')
  const hits = page.getByRole('table', { name: 'What the check found' })
  await expect(hits).toContainText('footer')
  await expect(hits).toContainText('The child')
  await expect(hits).toContainText('Prepared for the partnership about █████')
  await expect(page.locator('main')).not.toContainText('Quillfeather')

  await page.getByRole('link', { name: 'Back to the review' }).click()
  await expectAccessible(page)
  await uploadVersion(
    page,
    'clean-report.docx',
    buildDocx({ body: ['Learning from the review of Child C.'], footer: 'Wandsworth partnership' }),
    'Redacted',
  )
  await expect(page.locator('#check-result')).toContainText('Clear.')
  await page.getByRole('link', { name: 'Back to the review' }).click()
  await expect(page.locator('#report-versions')).toBeVisible()
  await expect(
    page.getByRole('table', { name: 'Versions of the report, newest first' }),
  ).toContainText('Clear')
  await expectAccessible(page)
})
