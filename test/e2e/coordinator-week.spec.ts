// A coordinator's real week (issue 8), as the Wandsworth coordinator and the
// local authority's delegate in Chromium: the mistakes people make can be put
// right and nothing is recorded twice.
// - An incident recorded, then the Back button and the same form sent again:
//   one incident (the one-time form token), listed once, with its case reference.
// - The awareness date corrected through its "Change" link: the S3 notification
//   and S6 rapid review clocks move at once, to dates worked out here with the
//   product's own working-day calendar (S21, S22).
// - Two tabs on one incident and two on its rapid review, each saving a
//   different part: both saves succeed, since conflicts are per part.
// - The local authority's delegate is offered only the local authority at
//   sign-off (S8); a form tampered to sign for the police is refused and signs
//   nothing; the delegate signs, withdraws the signature, signs again, and a
//   change the coordinator then makes to what was signed voids it and says so.
// Every page on the way is axe-clean and fits a 390-pixel phone.
import { readFileSync } from 'node:fs'
import type { Page } from '@playwright/test'
import { parseGovUkBankHolidays } from '../../src/domain/calendar/bank-holidays.js'
import { calendarDate, type CalendarDate } from '../../src/domain/calendar/calendar-date.js'
import { WorkingDayCalendar } from '../../src/domain/calendar/working-days.js'
import { writtenDate } from '../../src/domain/calendar/written-date.js'
import { testNow } from '../support/test-clock.js'
import { COORDINATOR } from './demo-accounts.js'
import { expect, expectAccessible, test } from './fixtures.js'
import { signIn, fillDate } from './staff-steps.js'

/** The demo delegate of Wandsworth's local authority: signs for it alone (S8). */
const LOCAL_AUTHORITY_DELEGATE = 'partner@wandsworth.example'
/** A pseudonym no other browser test or demo case uses. */
const CHILD = 'Child W'

/** The working-day calendar the server starts with: GOV.UK's England and Wales list (S22). */
const calendar = WorkingDayCalendar.fromBankHolidays(
  parseGovUkBankHolidays(
    JSON.parse(
      readFileSync(
        new URL('../../src/domain/calendar/bank-holidays-england-and-wales.json', import.meta.url),
        'utf8',
      ),
    ),
  ),
)

/** The server's today in England (the suite's clock). */
function todayInLondon(): CalendarDate {
  return calendarDate(
    new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(testNow()),
  )
}

/** `n` working days from today (negative: before), bank holidays excluded (S21). */
function workingDaysFromToday(n: number): CalendarDate {
  return calendar.addWorkingDays(todayInLondon(), n)
}

/** Goes to an address and checks the page it lands on. */
async function visit(page: Page, address: string): Promise<void> {
  await page.goto(address)
  await expectAccessible(page)
}

/** The incident page's S3 and S6 clocks show these due dates (S3: 5 working days; S6: 15). */
async function expectClocks(page: Page, awareOn: CalendarDate): Promise<void> {
  const clocks = page.getByTestId('clocks')
  await expect(clocks).toContainText(
    `Notify the Panel (S3) ${writtenDate(calendar.addWorkingDays(awareOn, 5))}`,
    { useInnerText: true },
  )
  await expect(clocks).toContainText(
    `Rapid review (S6) ${writtenDate(calendar.addWorkingDays(awareOn, 15))}`,
    { useInnerText: true },
  )
}

test('a coordinator’s week: Back and resubmit, a corrected awareness date, two tabs, and a wrong-partner signature', async ({
  page,
  context,
  browser,
  baseURL,
  accessibilityAudit,
}) => {
  test.setTimeout(420_000)
  const incidentOn = workingDaysFromToday(-3)
  const awareOn = workingDaysFromToday(-2)
  const correctedAwareOn = workingDaysFromToday(-1)
  const today = todayInLondon()
  // The test is only worth running if the correction moves both clocks.
  expect(calendar.addWorkingDays(correctedAwareOn, 5)).not.toBe(calendar.addWorkingDays(awareOn, 5))

  await signIn(page, COORDINATOR.email)

  // ── 1. Record an incident. ────────────────────────────────────────────────
  await visit(page, '/manage/incidents/new')
  await page
    .getByRole('group', { name: 'Is abuse or neglect of the child known or suspected?' })
    .getByLabel('Known', { exact: true })
    .check()
  await page.getByLabel('The child was seriously harmed').check()
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
  await child1.getByLabel('Age at the time of the incident (optional)').fill('4')
  const firstSubmission = page.waitForRequest(
    (request) => request.method() === 'POST' && request.url().endsWith('/manage/incidents/new'),
  )
  await page.getByRole('button', { name: 'Record the incident' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Incident: ${CHILD}`)
  await expect(page).toHaveURL(/\/manage\/incidents\/[0-9a-f-]{36}$/)
  await expectAccessible(page)
  const incidentUrl = page.url()
  const details = page.getByTestId('details')
  const reference = (await details.getByRole('definition').first().innerText()).trim()
  expect(reference).toMatch(/^WSCP-\d{4}-\d{3,}$/)
  await expect(page.getByTestId('flash')).toContainText(`Incident ${reference} recorded`)
  await expectClocks(page, awareOn)

  // ── 2. Back, and the same form sent again: nothing recorded twice. ──────
  // The page is never cached (no-store), so Back fetches the form afresh: the
  // browser puts back what was typed, with a new one-time token. The check for
  // an incident that looks like an existing one catches it and names it.
  await page.goBack()
  await expect(page).toHaveURL('/manage/incidents/new')
  await expectAccessible(page)
  await expect(
    page.getByRole('group', { name: 'Child 1', exact: true }).getByLabel('Pseudonym'),
  ).toHaveValue(CHILD)
  await page.getByRole('button', { name: 'Record the incident' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    'This incident may already be recorded',
  )
  await expectAccessible(page)
  await expect(page.getByText('Nothing has been recorded yet.')).toBeVisible()
  const duplicates = page.getByTestId('possible-duplicates')
  await expect(duplicates.getByRole('row').filter({ hasText: CHILD })).toHaveCount(1)
  await duplicates.getByRole('link', { name: reference }).click()
  await expect(page).toHaveURL(incidentUrl)
  await expectAccessible(page)
  // The very same submission again (a reload's "resubmit the form", a double
  // click that got through): its one-time token was spent, so the service
  // answers with the incident it recorded and records nothing.
  const original = await firstSubmission
  const resubmitted = await page.request.post('/manage/incidents/new', {
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    data: original.postData() ?? '',
    maxRedirects: 0,
  })
  expect(resubmitted.status()).toBe(303)
  expect(new URL(resubmitted.headers()['location'] ?? '', incidentUrl).href).toBe(incidentUrl)
  await visit(page, '/manage/incidents')
  await expect(page.getByTestId('flash')).toContainText(
    `Incident ${reference} was already recorded`,
  )
  const incidents = page.getByTestId('incidents')
  await expect(incidents.getByRole('row').filter({ hasText: CHILD })).toHaveCount(1)
  await expect(incidents.getByRole('row').filter({ hasText: CHILD })).toContainText(reference)

  // ── 3. The awareness date corrected: the clocks move. ─────────────────────
  await incidents.getByRole('link', { name: reference }).click()
  await expect(page).toHaveURL(incidentUrl)
  await expectAccessible(page)
  await page.getByRole('link', { name: 'Change local authority became aware' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Change the dates')
  await expectAccessible(page)
  await fillDate(page, 'Date the local authority became aware', correctedAwareOn)
  await page.getByRole('button', { name: 'Save the correction' }).click()
  await expect(page).toHaveURL(incidentUrl)
  await expectAccessible(page)
  await expect(page.getByTestId('flash')).toContainText(`Incident ${reference} corrected`)
  await expect(details).toContainText(
    `Local authority became aware ${writtenDate(correctedAwareOn)}`,
    { useInnerText: true },
  )
  await expectClocks(page, correctedAwareOn)

  // ── 4a. Two tabs on the incident, a different part in each. ───────────────
  const tab2 = await context.newPage()
  await visit(page, `${incidentUrl}/change/place`)
  await visit(tab2, `${incidentUrl}/change/description`)
  await page.getByLabel('Place of the incident (optional)').fill('The family home')
  await page.getByRole('button', { name: 'Save the correction' }).click()
  await expect(page).toHaveURL(incidentUrl)
  await expectAccessible(page)
  await expect(page.getByTestId('flash')).toContainText(`Incident ${reference} corrected`)
  await tab2
    .getByLabel('What happened (optional)')
    .fill(`${CHILD} was taken to hospital with injuries the family could not explain.`)
  await tab2.getByRole('button', { name: 'Save the correction' }).click()
  await expect(tab2).toHaveURL(incidentUrl)
  await expectAccessible(tab2)
  await expect(tab2.getByTestId('flash')).toContainText(`Incident ${reference} corrected`)
  // Both corrections stand.
  await expect(tab2.getByTestId('details')).toContainText('Place The family home', {
    useInnerText: true,
  })
  await expect(tab2.getByText('injuries the family could not explain')).toBeVisible()

  // ── 4b. Two tabs on the rapid review. ─────────────────────────────────────
  await page.reload()
  await expectAccessible(page)
  await page.getByRole('button', { name: 'Start the rapid review' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Rapid review: ${CHILD}`)
  await expectAccessible(page)
  const rapidReviewUrl = page.url()
  await visit(page, `${rapidReviewUrl}/findings`)
  await visit(tab2, `${rapidReviewUrl}/criteria`)
  // Tab 1 adds a safety action…
  await page.getByLabel('Immediate safety action').fill('Strategy discussion for the siblings')
  await page.getByLabel('Owner').fill('Children’s social care')
  await page.getByRole('button', { name: 'Add the action' }).click()
  await expect(page).toHaveURL(`${rapidReviewUrl}/findings`)
  await expectAccessible(page)
  await expect(page.getByTestId('safety-actions')).toContainText(
    'Strategy discussion for the siblings',
  )
  // …and tab 2, opened before that, saves the criteria all the same.
  for (const [criterion, answer] of [
    ['a', 'Yes'],
    ['b', 'No'],
    ['c', 'Yes'],
    ['d', 'No'],
  ] as const) {
    await tab2
      .getByRole('group', { name: new RegExp(`^\\(${criterion}\\) `) })
      .getByLabel(answer, { exact: true })
      .check()
  }
  await tab2.getByRole('button', { name: 'Save the criteria' }).click()
  await expect(tab2).toHaveURL(rapidReviewUrl)
  await expectAccessible(tab2)
  await expect(tab2.getByTestId('flash')).toContainText('Criteria saved')
  await tab2.close()

  // The decision (S9), so the partners' sign-off is offered.
  await visit(page, `${rapidReviewUrl}/decision`)
  await page.getByLabel('Hold a local child safeguarding practice review').check()
  await page
    .getByLabel('Rationale')
    .fill('Criteria (a) and (c) are met: agencies did not share what they knew.')
  await fillDate(page, 'Date of the decision', today)
  await page.getByRole('button', { name: 'Record the decision' }).click()
  await expect(page).toHaveURL(rapidReviewUrl)
  await expectAccessible(page)
  await expect(page.getByTestId('rapid-review-summary')).toContainText('Awaiting partner sign-off')

  // ── 5. The local authority's delegate, in a browser of their own. ─────────
  const partnerContext = await browser.newContext({ baseURL })
  accessibilityAudit.watchContext(partnerContext, { javaScriptEnabled: true })
  const partner = await partnerContext.newPage()
  await signIn(partner, LOCAL_AUTHORITY_DELEGATE)
  await visit(partner, `${rapidReviewUrl}/sign-off`)
  const signOffs = partner.getByTestId('sign-offs')
  // Only the partner that delegated this account is offered (S8).
  await expect(partner.getByTestId('signing-for')).toHaveText(
    /You are signing for Local authority, the statutory partner that made you its delegate/,
  )
  await expect(partner.getByTestId('signing-for')).not.toContainText('Police')
  // A form tampered to sign for the police is refused, and nothing is signed.
  await partner.evaluate(
    `document.querySelector('form[action$="/sign-off"] input[name="partner"]').value = 'police'`,
  )
  await partner.getByLabel('I confirm my agency agrees the decision and its rationale').check()
  await partner.getByRole('button', { name: 'Sign off' }).click()
  await expect(partner.locator('.govuk-error-summary')).toContainText(
    'You are the delegate of Local authority: you can sign only for it, not for Police (S8)',
  )
  await expectAccessible(partner)
  for (const statutoryPartner of ['Local authority', 'Police', 'Health (integrated care board)']) {
    await expect(signOffs).toContainText(`${statutoryPartner} Not signed yet`, {
      useInnerText: true,
    })
  }

  // Signs for the local authority, then withdraws the signature.
  await partner.getByLabel('I confirm my agency agrees the decision and its rationale').check()
  await partner.getByRole('button', { name: 'Sign off' }).click()
  await expect(partner).toHaveURL(rapidReviewUrl)
  await expectAccessible(partner)
  await expect(partner.getByTestId('flash')).toContainText('Signed off')
  await visit(partner, `${rapidReviewUrl}/sign-off`)
  await expect(signOffs).toContainText(`Local authority Signed by`, { useInnerText: true })
  await expect(partner.getByText('You signed for Local authority')).toBeVisible()
  await partner.getByRole('button', { name: 'Withdraw my signature' }).click()
  await expect(partner).toHaveURL(`${rapidReviewUrl}/sign-off`)
  await expectAccessible(partner)
  await expect(partner.getByTestId('flash')).toContainText('Your signature was withdrawn')
  await expect(signOffs).toContainText('Local authority Not signed yet', { useInnerText: true })
  await expect(partner.getByRole('button', { name: 'Withdraw my signature' })).toHaveCount(0)
  await expect(partner.getByTestId('signing-for')).toContainText('Local authority')

  // ── 6. Signed again; a change to what was signed voids it, and says so. ───
  await partner.getByLabel('I confirm my agency agrees the decision and its rationale').check()
  await partner.getByRole('button', { name: 'Sign off' }).click()
  await expect(partner).toHaveURL(rapidReviewUrl)
  await expectAccessible(partner)

  await visit(page, `${rapidReviewUrl}/findings`)
  await expect(page.getByTestId('voids-signatures')).toBeVisible()
  await page.getByLabel('Facts established').fill(`${CHILD} was known to children’s social care.`)
  await page.getByRole('button', { name: 'Save findings' }).click()
  await expect(page).toHaveURL(rapidReviewUrl)
  await expectAccessible(page)
  await expect(page.getByTestId('voided-signatures')).toContainText(
    'Local authority must sign again',
  )

  await visit(partner, `${rapidReviewUrl}/sign-off`)
  await expect(partner.getByTestId('voided-signatures')).toContainText(
    'Local authority must sign again',
  )
  await expect(signOffs).toContainText('Local authority Not signed yet', { useInnerText: true })
  await expect(partner.getByTestId('signing-for')).toContainText('Local authority')
  await partnerContext.close()
})
