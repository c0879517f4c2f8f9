// Publishing a review in the browser (issue 9, "Done means"; S13–S17), as the
// demo coordinator on the demo review "Other learning review: Child C":
// 1. every stage completed and the final report recorded as received;
// 2. a draft whose footer names the child blocked by the redaction check, a
//    clean version clear (S17);
// 3. a publication plan for the full report, naming the reviewer (S13, S14),
//    and its S16 "send by" date, 7 working days before the planned date;
// 4. the copies recorded as sent today, so publishing is refused until 7
//    working days later (S16); then the copies recorded as sent 10 working days
//    ago (the server's day cannot move during a run, so the sent date moves
//    back instead) and the review published;
// 5. the public, not signed in, finds it on /reviews, its page with the report
//    to download, the Atom feed, the sitemap and search; and the Child A SCR's
//    demo seven-minute briefing downloads as a tagged PDF and a Word document.
// Every page on the way is axe-clean and fits a phone.
//
// The review is the demo's, shared with report-versions.spec.ts (and any spec
// yet to come): this one checks its state before each part and does only what
// is still to do, so it passes whichever spec touched the review first.
import { readFileSync } from 'node:fs'
import type { Page } from '@playwright/test'
import { writtenDate } from '../../src/domain/calendar/written-date.js'
import { buildDocx } from '../support/report-fixtures.js'
import { testNow } from '../support/test-clock.js'
import { COORDINATOR } from './demo-accounts.js'
import { expect, expectAccessible, test } from './fixtures.js'
import { fillDate, signIn } from './staff-steps.js'

const REVIEW_TITLE = 'Other learning review: Child C'
/**
 * The child's invented name, the same one report-versions.spec.ts lists as
 * "The child": whichever spec runs first puts it on the list, the other reuses it.
 */
const CHILD_NAME = 'Zoë Quillfeather'
/** A word only the clean report has, to find the review by once it is public. */
const REPORT_WORD = 'fernwickery'
const DRAFT_FILE = 'publication-draft.docx'
const FINAL_FILE = 'publication-final.docx'
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
/** S16: the report goes to the Panel, the Secretary of State and Ofsted this many working days before. */
const PRE_PUBLICATION_WORKING_DAYS = 7

// ── Dates, worked out here from the bank holidays the server ships with ─────
// Counted by this file's own few lines, not the product's calendar, so a
// mistake in the product's working-day arithmetic cannot agree with itself.

const BANK_HOLIDAYS: ReadonlySet<string> = new Set(
  (
    JSON.parse(
      readFileSync(
        new URL('../../src/domain/calendar/bank-holidays-england-and-wales.json', import.meta.url),
        'utf8',
      ),
    ) as { 'england-and-wales': { events: { date: string }[] } }
  )['england-and-wales'].events.map((event) => event.date),
)

const isoDay = (date: Date) => date.toISOString().slice(0, 10)

function isWorkingDay(day: string): boolean {
  const weekday = new Date(`${day}T12:00:00Z`).getUTCDay()
  return weekday !== 0 && weekday !== 6 && !BANK_HOLIDAYS.has(day)
}

/** `count` working days after `day` (before it when negative), YYYY-MM-DD (S21). */
function addWorkingDays(day: string, count: number): string {
  const step = Math.sign(count)
  const date = new Date(`${day}T12:00:00Z`)
  let left = Math.abs(count)
  while (left > 0) {
    date.setUTCDate(date.getUTCDate() + step)
    if (isWorkingDay(isoDay(date))) left -= 1
  }
  return isoDay(date)
}

function addCalendarDays(day: string, count: number): string {
  const date = new Date(`${day}T12:00:00Z`)
  date.setUTCDate(date.getUTCDate() + count)
  return isoDay(date)
}

/** The server's today in England: the suite's fixed test day. */
function todayInLondon(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(testNow())
}

// ── Steps ───────────────────────────────────────────────────────────────────

async function visit(page: Page, address: string): Promise<void> {
  await page.goto(address)
  await expectAccessible(page)
}

async function uploadVersion(page: Page, fileName: string, bytes: Uint8Array): Promise<number> {
  await page.getByRole('link', { name: 'Upload a version of the report' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Upload a version of the report')
  await expectAccessible(page)
  await page
    .getByLabel('The report')
    .setInputFiles({ name: fileName, mimeType: DOCX, buffer: Buffer.from(bytes) })
  await page.getByRole('button', { name: 'Upload and check' }).click()
  const heading = page.getByRole('heading', { level: 1 })
  await expect(heading).toHaveText(/^Version \d+ of the report$/)
  await expectAccessible(page)
  // Other specs may have uploaded versions already: the number is read, not assumed.
  return Number(/\d+/.exec(await heading.innerText())?.[0])
}

/** Records the same date for all three copies of the report (S16). */
async function recordSent(page: Page, sentOn: string): Promise<void> {
  await page.getByRole('link', { name: 'Record when the report was sent' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    'Record when the report was sent',
  )
  await expectAccessible(page)
  for (const recipient of [
    'the Child Safeguarding Practice Review Panel',
    'the Secretary of State',
    'Ofsted',
  ]) {
    await fillDate(page, `Date sent to ${recipient}`, sentOn)
  }
  await page.getByRole('button', { name: 'Save the dates' }).click()
  await expect(page.getByTestId('flash')).toContainText('Dates the report was sent recorded')
  await expectAccessible(page)
  for (const recipient of ['the Child Safeguarding Practice Review Panel', 'Ofsted']) {
    await expect(page.locator('main')).toContainText(
      `Sent to ${recipient} ${writtenDate(sentOn)}`,
      { useInnerText: true },
    )
  }
}

async function publishVersion(page: Page, versionNumber: number): Promise<void> {
  await page.getByLabel(`Version ${versionNumber}: ${FINAL_FILE}`).check()
  await page.getByRole('button', { name: 'Publish the review' }).click()
}

test('a review is brought to its final report, checked, planned, sent, published after 7 working days and found by the public', async ({
  page,
  browser,
  baseURL,
  accessibilityAudit,
}) => {
  // About forty pages, each checked with axe-core at two widths, on two shared
  // cores: 2½ minutes alone, nearly 5 beside other specs.
  test.setTimeout(600_000)
  const today = todayInLondon()
  let reviewUrl = ''

  await test.step('1. every stage completed and the final report recorded as received', async () => {
    await signIn(page, COORDINATOR.email)
    await visit(page, '/manage/reviews')
    await page.getByRole('link', { name: REVIEW_TITLE, exact: true }).first().click()
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(REVIEW_TITLE)
    await expectAccessible(page)
    reviewUrl = page.url()

    const status = page.locator('main .govuk-tag').first()
    // The demo review starts in progress; publishing it is this spec's to do.
    await expect(status).toHaveText(/^\s*(In progress|Final report received)\s*$/)
    if ((await status.innerText()).trim() === 'In progress') {
      // The lifecycle refuses the final report until every stage is completed.
      await expect(page.locator('main')).toContainText(
        'The final report cannot be marked received before every stage is completed',
      )
      const stages = page.locator('.govuk-task-list__item')
      const names = await stages.locator('.govuk-task-list__link').allInnerTexts()
      expect(names.length).toBeGreaterThan(0)
      // In task-list order: the final report stage is refused while another is open.
      for (const name of names) {
        const stage = stages.filter({ has: page.getByRole('link', { name, exact: true }) })
        if ((await stage.locator('.govuk-task-list__status').innerText()).trim() === 'Completed') {
          continue
        }
        await stage.getByRole('link', { name, exact: true }).click()
        await expectAccessible(page)
        // Family involvement links to the family's record (S10); its status is a step further.
        if (page.url().endsWith('/family-involvement')) {
          await page.getByRole('link', { name: 'Change the stage’s status' }).click()
          await expectAccessible(page)
        }
        await page.getByLabel('Completed', { exact: true }).check()
        await page.getByRole('button', { name: 'Save', exact: true }).click()
        await expect(page.getByRole('heading', { level: 1 })).toHaveText(REVIEW_TITLE)
        await expectAccessible(page)
        await expect(
          stages
            .filter({ has: page.getByRole('link', { name, exact: true }) })
            .locator('.govuk-task-list__status'),
        ).toHaveText('Completed')
      }

      await page.getByRole('button', { name: 'Record that the final report was received' }).click()
      await expectAccessible(page)
      await fillDate(page, 'Date the final report was received', today)
      await page.getByRole('button', { name: 'Record final report' }).click()
      await expect(page.getByTestId('flash')).toContainText('Final report recorded as received')
      await expectAccessible(page)
    }
    await expect(status).toHaveText('Final report received')
  })

  let draftVersion = 0
  let finalVersion = 0
  await test.step('2. a draft naming the child in its footer is blocked; a clean version is clear (S17)', async () => {
    await page.getByRole('link', { name: 'names and details not to publish' }).click()
    await expectAccessible(page)
    const listed = page.getByRole('row').filter({ hasText: 'The child' })
    if ((await listed.count()) === 0) {
      await page.getByRole('button', { name: 'Add a name or detail' }).click()
      await expectAccessible(page)
      await page.getByLabel('Who or what is it?').fill('The child')
      await page.getByLabel('What kind of detail is it?').selectOption('name')
      await page.getByLabel('The detail').fill(CHILD_NAME)
      await page.getByRole('button', { name: 'Add to the list' }).click()
      await expectAccessible(page)
    }
    await expect(listed.first()).toContainText('Hidden')

    await visit(page, reviewUrl)
    draftVersion = await uploadVersion(
      page,
      DRAFT_FILE,
      buildDocx({
        body: ['Learning from the review of Child C.'],
        footer: 'Draft for the partnership about Zoe Quillfeather',
      }),
    )
    await expect(page.locator('#check-result')).toContainText('This version cannot be published')
    await expect(page.getByRole('table', { name: 'What the check found' })).toContainText('footer')

    await page.getByRole('link', { name: 'Back to the review' }).click()
    await expectAccessible(page)
    finalVersion = await uploadVersion(
      page,
      FINAL_FILE,
      buildDocx({
        body: [
          'Learning from the review of Child C.',
          `Agencies should share what they know early, as the ${REPORT_WORD} approach sets out.`,
        ],
        footer: 'Wandsworth Safeguarding Children Partnership',
      }),
    )
    await expect(page.locator('#check-result')).toContainText('Clear.')
  })

  const plannedOn = addCalendarDays(today, 21)
  await test.step('3. the plan: the full report in about three weeks, naming the reviewer (S13, S14, S16)', async () => {
    await page.getByRole('link', { name: 'Back to the review' }).click()
    await expectAccessible(page)
    await page.getByRole('link', { name: 'Publication plan and publishing' }).click()
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Publication')
    await expectAccessible(page)
    // Only a clear version is offered; the blocked draft is listed apart, to resolve (S17).
    await expect(page.getByLabel(`Version ${finalVersion}: ${FINAL_FILE}`)).toBeVisible()
    await expect(page.getByLabel(`Version ${draftVersion}: ${DRAFT_FILE}`)).toHaveCount(0)
    await expect(page.locator('#blocked-versions')).toContainText(
      `Version ${draftVersion}: ${DRAFT_FILE}`,
    )
    await page.getByRole('link', { name: /^(Make the publication plan|Change the plan)$/ }).click()
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Publication plan')
    await expectAccessible(page)
    await page.getByLabel('The full report').check()
    await fillDate(page, 'Planned date of publication', plannedOn)
    await page.getByLabel('Reviewers to name on the published report').fill('Demo Reviewer')
    await page.getByRole('button', { name: 'Save the plan' }).click()
    await expect(page.getByTestId('flash')).toContainText('Publication plan saved')
    await expectAccessible(page)
    // S16: no later than 7 working days before the planned date.
    await expect(page.locator('#send-by')).toContainText(
      `Send by: ${writtenDate(addWorkingDays(plannedOn, -PRE_PUBLICATION_WORKING_DAYS))}`,
    )
  })

  let slug = ''
  await test.step('4. sent today: publishing refused until 7 working days later (S16); sent 10 working days ago: published', async () => {
    await recordSent(page, today)
    await publishVersion(page, finalVersion)
    await expect(page.locator('.govuk-error-summary')).toContainText(
      `it cannot be published until ${writtenDate(addWorkingDays(today, PRE_PUBLICATION_WORKING_DAYS))}, 7 working days later (S16)`,
    )
    await expectAccessible(page)

    // The server's day is fixed for the run: the copies go back in time instead.
    const sentOn = addWorkingDays(today, -10)
    await recordSent(page, sentOn)
    await expect(page.locator('#publishable-from')).toContainText(
      `It can be published from ${writtenDate(addWorkingDays(sentOn, PRE_PUBLICATION_WORKING_DAYS))}`,
    )
    await publishVersion(page, finalVersion)
    await expect(page.getByTestId('flash')).toContainText('Review published')
    await expectAccessible(page)
    await expect(page.locator('#published')).toBeVisible()
    const publicLink = page.getByRole('link', { name: 'See the public page' })
    slug =
      /^\/reviews\/([a-z0-9-]+)$/.exec((await publicLink.getAttribute('href')) ?? '')?.[1] ?? ''
    expect(slug).not.toBe('')
  })

  await test.step('5. the public finds it: the list, its page and report, the feed, the sitemap, search; a briefing’s PDF and .docx', async () => {
    // Not signed in: a browser of its own, without the coordinator's session.
    const publicContext = await browser.newContext({ baseURL })
    accessibilityAudit.watchContext(publicContext, { javaScriptEnabled: true })
    try {
      const visitor = await publicContext.newPage()
      await visit(visitor, '/reviews')
      await visitor.getByTestId('reviews').getByRole('link', { name: REVIEW_TITLE }).click()
      await expect(visitor).toHaveURL(`/reviews/${slug}`)
      await expect(visitor.getByRole('heading', { level: 1 })).toHaveText(REVIEW_TITLE)
      await expectAccessible(visitor)
      await expect(visitor.locator('main')).toContainText('Demo Reviewer')

      // The report to download: the public copy of the clean version (a Word document).
      const download = visitor
        .getByTestId('downloads')
        .getByRole('link', { name: 'The full report' })
      const href = (await download.getAttribute('href')) ?? ''
      expect(href).toMatch(new RegExp(`^/reviews/${slug}/report/[0-9a-f-]{36}\\.(pdf|docx)$`))
      const report = await visitor.request.get(href)
      expect(report.status()).toBe(200)
      expect(report.headers()['content-type']).toBe(DOCX)
      expect((await report.body()).subarray(0, 2).toString('latin1')).toBe('PK')

      // Its address in the Atom feed and the sitemap.
      const address = new RegExp(`/reviews/${slug}[<"]`)
      for (const feed of ['/reviews.atom', '/sitemap.xml']) {
        const response = await visitor.request.get(feed)
        expect(response.status(), feed).toBe(200)
        expect(await response.text(), feed).toMatch(address)
      }

      // Search finds the word only the published report has.
      await visit(visitor, `/search?q=${REPORT_WORD}`)
      const hits = visitor.getByTestId('search-results').locator(':scope > li')
      await expect(hits.first()).toBeVisible()
      await expect(hits.first().getByRole('link')).toHaveAttribute('href', `/reviews/${slug}`)
      await expect(hits.first()).toContainText(REPORT_WORD)

      // The Child A SCR's demo seven-minute briefing: a tagged PDF (PDF/UA needs a
      // structure tree and the document's language) and a Word document.
      const pdf = await visitor.request.get('/reviews/child-a-scr/seven-minute-briefing.pdf')
      expect(pdf.status()).toBe(200)
      expect(pdf.headers()['content-type']).toBe('application/pdf')
      const pdfText = (await pdf.body()).toString('latin1')
      expect(pdfText.startsWith('%PDF-')).toBe(true)
      expect(pdfText).toContain('/StructTreeRoot')
      expect(pdfText).toContain('/Lang')
      const docx = await visitor.request.get('/reviews/child-a-scr/seven-minute-briefing.docx')
      expect(docx.status()).toBe(200)
      expect(docx.headers()['content-type']).toBe(DOCX)
      expect((await docx.body()).subarray(0, 4).toString('latin1')).toBe('PK\u0003\u0004')
    } finally {
      await publicContext.close()
    }
  })
})
