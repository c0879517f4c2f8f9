// The statutory cycle in the browser, from a new incident to a local review in
// progress (issue 3): the coordinator records the incident and the Panel
// notification, runs the rapid review (an agency's summary uploaded as a file),
// records the decision; each statutory partner's delegate, in a browser of their
// own, signs it off (S8); the coordinator sends it to the Panel,
// commissions the local CSPR (S10), whose target date is the decision date plus
// 6 months (S12), and starts it. Every page on the way is axe-clean.
import type { Page } from '@playwright/test'
import { COORDINATOR } from './demo-accounts.js'
import { testNow } from '../support/test-clock.js'
import { expect, expectAccessible, test } from './fixtures.js'
import { signIn, fillDate } from './staff-steps.js'

const PARTNER_EMAIL = 'partner@wandsworth.example'
const CHILD = 'Child P'
const POLICE = 'Metropolitan Police Service, South West basic command unit'
const HEALTH = 'NHS South West London Integrated Care Board'

/** The server's today in England (the suite's clock), as YYYY-MM-DD. */
function todayInLondon(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(testNow())
}

function asUtcDate(iso: string): Date {
  return new Date(`${iso}T00:00:00Z`)
}

function iso(date: Date): string {
  return date.toISOString().slice(0, 10)
}

/** `n` weekdays from today (negative: before). Bank holidays do not matter to these forms. */
function weekdaysFromToday(n: number): string {
  const date = asUtcDate(todayInLondon())
  const step = n < 0 ? -1 : 1
  for (let left = Math.abs(n); left > 0;) {
    date.setUTCDate(date.getUTCDate() + step)
    if (date.getUTCDay() !== 0 && date.getUTCDay() !== 6) left -= 1
  }
  return iso(date)
}

/** S12: the same day `months` later, or the month's last day when it has none. */
function addMonths(isoDate: string, months: number): string {
  const date = asUtcDate(isoDate)
  const target = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1))
  const lastDay = new Date(
    Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0),
  ).getUTCDate()
  target.setUTCDate(Math.min(date.getUTCDate(), lastDay))
  return iso(target)
}

/** As the service writes dates: 2 January 2024. */
function longDate(isoDate: string): string {
  return asUtcDate(isoDate).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  })
}

/** From the rapid review's page to one of its steps, through the task list. */
async function openStep(page: Page, name: string): Promise<void> {
  await page.getByRole('link', { name, exact: true }).click()
  await expectAccessible(page)
}

async function backToRapidReview(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'Back to the rapid review' }).click()
  await expectAccessible(page)
}

test('a new incident to a decided rapid review to a local review in progress', async ({
  page,
  browser,
  baseURL,
  accessibilityAudit,
}) => {
  test.setTimeout(300_000)
  const incidentOn = weekdaysFromToday(-7)
  const awareOn = weekdaysFromToday(-6)
  const requestedOn = weekdaysFromToday(-5)
  const panelNotifiedOn = weekdaysFromToday(-4)
  const receivedOn = weekdaysFromToday(-2)
  const meetingOn = weekdaysFromToday(-2)
  const decidedOn = weekdaysFromToday(-1)
  const sentOn = todayInLondon()

  // ── The coordinator records the incident (S1–S5). ──────────────────────────
  await signIn(page, COORDINATOR.email)
  await page.goto('/manage/incidents')
  await expectAccessible(page)
  await page.getByRole('button', { name: 'Record a serious incident' }).click()
  await expectAccessible(page)
  await page
    .getByRole('group', { name: 'Is abuse or neglect of the child known or suspected?' })
    .getByLabel('Known', { exact: true })
    .check()
  await page.getByLabel('The child died').check()
  await page
    .getByRole('group', { name: 'Was a child looked after by a local authority?' })
    .getByLabel('No')
    .check()
  await page.getByRole('group', { name: 'Was the person a care leaver?' }).getByLabel('No').check()
  await page.getByLabel('Working Together to Safeguard Children 2023').check()
  await fillDate(page, 'Date of the incident', incidentOn)
  await fillDate(page, 'Date the local authority became aware', awareOn)
  const child1 = page.getByRole('group', { name: 'Child 1', exact: true })
  await child1.getByLabel('Pseudonym').fill(CHILD)
  await child1.getByLabel('Age at the time of the incident (optional)').fill('3')
  await page.getByRole('button', { name: 'Record the incident' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Incident: ${CHILD}`)
  await expectAccessible(page)

  // The Panel notification (S3, S7).
  await fillDate(page, 'Date the Panel was notified', panelNotifiedOn)
  await page.getByRole('button', { name: 'Save notification dates' }).click()
  await expectAccessible(page)
  await expect(page.getByTestId('notifications')).toContainText(longDate(panelNotifiedOn))

  // ── The rapid review (S6–S9). ──────────────────────────────────────────────
  await page.getByRole('button', { name: 'Start the rapid review' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Rapid review: ${CHILD}`)
  await expectAccessible(page)
  const rapidReviewUrl = page.url()

  // Agency requests: the police send a file, health a typed summary.
  await openStep(page, 'Ask agencies for information')
  // Both at once (issue 8): one request each, the same dates.
  for (const agency of [POLICE, HEALTH]) {
    await page.getByLabel(agency).check()
  }
  await fillDate(page, 'Date of the request', requestedOn)
  await fillDate(page, 'Date the information is due', weekdaysFromToday(3))
  await page.getByRole('button', { name: 'Ask the agencies' }).click()
  await expectAccessible(page)
  await expect(page.getByTestId('flash')).toContainText('2 agencies asked for information')
  await page.getByRole('link', { name: POLICE }).click()
  await expectAccessible(page)
  await fillDate(page, 'Date the information was received', receivedOn)
  await page.getByLabel('Upload the agency’s summary (optional)').setInputFiles({
    name: 'police-summary.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('Two call-outs to the family home in the last year.\n'),
  })
  await page.getByRole('button', { name: 'Save' }).click()
  await expectAccessible(page)
  await page.getByRole('link', { name: POLICE }).click()
  await expectAccessible(page)
  await expect(page.getByRole('link', { name: 'police-summary.txt', exact: true })).toBeVisible()
  await page.getByRole('link', { name: 'Information from agencies' }).click()
  await expectAccessible(page)
  await page.getByRole('link', { name: HEALTH }).click()
  await expectAccessible(page)
  await fillDate(page, 'Date the information was received', receivedOn)
  await page
    .getByLabel('Summary of the agency’s information')
    .fill('Health visitor contact at 3 months; no concerns recorded.')
  await page.getByRole('button', { name: 'Save' }).click()
  await expectAccessible(page)
  await expect(page.getByTestId('agency-requests')).not.toContainText('Awaited')
  await backToRapidReview(page)

  // The meeting, the findings, the criteria.
  await openStep(page, 'Rapid review meeting')
  await fillDate(page, 'Date of the meeting', meetingOn)
  await page.getByLabel('Attendees').fill('Independent chair\nDetective inspector, police')
  await page.getByRole('button', { name: 'Save' }).click()
  await expectAccessible(page)

  await openStep(page, 'Findings and immediate safety actions')
  await page.getByLabel('Facts established').fill(`${CHILD} was known to two agencies.`)
  await page.getByLabel('Learning identified (optional)').fill('Information sharing at weekends.')
  await page.getByRole('button', { name: 'Save findings' }).click()
  await expectAccessible(page)

  await openStep(page, 'Criteria for a local review (reg. 11)')
  for (const [criterion, answer] of [
    ['a', 'Yes'],
    ['b', 'No'],
    ['c', 'Yes'],
    ['d', 'No'],
  ] as const) {
    await page
      .getByRole('group', { name: new RegExp(`^\\(${criterion}\\) `) })
      .getByLabel(answer, { exact: true })
      .check()
  }
  await page.getByRole('button', { name: 'Save the criteria' }).click()
  await expectAccessible(page)

  // The decision (S9): a local CSPR, with its rationale.
  await openStep(page, 'Decision and rationale')
  await page.getByLabel('Hold a local child safeguarding practice review').check()
  await page
    .getByLabel('Rationale')
    .fill('Criteria (a) and (c) are met: two agencies did not share what they knew.')
  await fillDate(page, 'Date of the decision', decidedOn)
  await page.getByRole('button', { name: 'Record the decision' }).click()
  await expectAccessible(page)
  await expect(page.getByTestId('rapid-review-summary')).toContainText('Awaiting partner sign-off')
  await expect(page.getByTestId('commission-refusal')).toContainText('Still to sign')

  // ── Each statutory partner's delegate signs off, in a browser of their own (S8).
  const delegates = [
    { email: PARTNER_EMAIL, partner: 'Local authority' },
    { email: 'partner-police@wandsworth.example', partner: 'Police' },
    { email: 'partner-health@wandsworth.example', partner: 'Health (integrated care board)' },
  ]
  for (const { email, partner } of delegates) {
    const partnerContext = await browser.newContext({ baseURL })
    accessibilityAudit.watchContext(partnerContext, { javaScriptEnabled: true })
    const partnerPage = await partnerContext.newPage()
    await signIn(partnerPage, email)
    await partnerPage.goto(rapidReviewUrl)
    await expectAccessible(partnerPage)
    await openStep(partnerPage, 'Sign-off by the three safeguarding partners')
    // Each delegate is offered only its own statutory partner (S8, issue 8).
    await expect(partnerPage.getByTestId('signing-for')).toContainText(partner)
    const signOff = async () => {
      await partnerPage
        .getByLabel('I confirm my agency agrees the decision and its rationale')
        .check()
      await partnerPage.getByRole('button', { name: 'Sign off' }).click()
      await expectAccessible(partnerPage)
    }
    await signOff()
    if (partner === 'Local authority') {
      // A signature can be withdrawn before sending, and given again.
      await openStep(partnerPage, 'Sign-off by the three safeguarding partners')
      await partnerPage.getByRole('button', { name: 'Withdraw my signature' }).click()
      await expect(partnerPage.getByTestId('flash')).toContainText('Your signature was withdrawn')
      await expectAccessible(partnerPage)
      await signOff()
    }
    if (partner === 'Health (integrated care board)') {
      await expect(partnerPage.getByTestId('rapid-review-summary')).toContainText('Signed off')
      // Partners sign; they do not commission.
      await expect(
        partnerPage.getByRole('button', { name: 'Commission the local review' }),
      ).toHaveCount(0)
    } else {
      // One signature each: this delegate may only withdraw theirs now.
      await openStep(partnerPage, 'Sign-off by the three safeguarding partners')
      await expect(partnerPage.getByText(`You signed for ${partner}`)).toBeVisible()
      await expectAccessible(partnerPage)
    }
    await partnerContext.close()
  }

  // ── The coordinator sends it to the Panel (S6, S7). ────────────────────────
  await page.reload()
  await expectAccessible(page)
  await openStep(page, 'Send to the Panel')
  await fillDate(page, 'Date sent to the Panel', sentOn)
  await page.getByRole('button', { name: 'Record as sent' }).click()
  await expectAccessible(page)
  await expect(page.getByTestId('rapid-review-summary')).toContainText('Sent to the Panel')

  // ── The local review (S10, S12). ───────────────────────────────────────────
  await page.getByRole('button', { name: 'Commission the local review' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    `Local child safeguarding practice review: ${CHILD}`,
  )
  await expectAccessible(page)
  const reviewUrl = page.url()
  const summary = page.locator('.govuk-summary-list').first()
  await expect(summary).toContainText(`Decision to hold the review ${longDate(decidedOn)}`, {
    useInnerText: true,
  })
  await expect(summary).toContainText(`Target completion ${longDate(addMonths(decidedOn, 6))}`, {
    useInnerText: true,
  })
  await expect(page.locator('.govuk-tag').first()).toHaveText('Commissioned')

  // The rapid review links to its review, and the review back.
  await page.getByRole('link', { name: 'From a rapid review decision' }).click()
  await expect(page).toHaveURL(rapidReviewUrl)
  await expectAccessible(page)
  await expect(page.getByRole('button', { name: 'Commission the local review' })).toHaveCount(0)
  await page.getByTestId('local-review-link').click()
  await expect(page).toHaveURL(reviewUrl)
  await expectAccessible(page)

  // Methodology, terms of reference and a lead reviewer, then it starts.
  await page.getByRole('link', { name: 'Change terms of reference' }).click()
  await expectAccessible(page)
  await page.getByLabel('Significant Incident Learning Process (SILP)').check()
  await page
    .getByLabel('Terms of reference', { exact: true })
    .fill('How the police and health shared information about the family.')
  await page.getByRole('button', { name: 'Save details' }).click()
  await expectAccessible(page)
  await page.getByRole('link', { name: 'Name a reviewer' }).click()
  await expectAccessible(page)
  await page.getByLabel('Name', { exact: true }).fill('Demo Lead Reviewer')
  await page.getByLabel('Role').selectOption('lead-reviewer')
  await page.getByRole('button', { name: 'Name reviewer' }).click()
  await expectAccessible(page)
  await page.getByRole('button', { name: 'Start the review' }).click()
  await expectAccessible(page)
  await page.getByRole('button', { name: 'Start the review' }).click()
  await expect(page).toHaveURL(reviewUrl)
  await expectAccessible(page)
  await expect(page.locator('.govuk-tag').first()).toHaveText('In progress')
  await expect(page.locator('.govuk-summary-list').first()).toContainText(
    `Target completion ${longDate(addMonths(decidedOn, 6))}`,
    { useInnerText: true },
  )
})
