// A learning event from plan to feedback in the browser (issue 11, "Done
// means"): the coordinator plans an event teaching from Child A's review, the
// practitioner books a place, the coordinator records that they attended once
// it has started, the practitioner says what they will do differently, and the
// reach page counts them by agency and by theme. Every page axe-clean.
//
// An event must start in the future to be planned and booked, and attendance
// opens only once it has started: the event starts two minutes from the
// suite's clock (the server's clock too: they share TEST_CLOCK_EPOCH), and the
// test waits for that minute rather than reading the real time.
import { randomUUID } from 'node:crypto'
import type { Page } from '@playwright/test'
import { testClock } from '../support/test-clock.js'
import { COORDINATOR } from './demo-accounts.js'
import { expect, expectAccessible, test } from './fixtures.js'
import { fillDate, signIn } from './staff-steps.js'

const PRACTITIONER_EMAIL = 'practitioner@wandsworth.example'

const LONDON = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
})

/** The instant as London's date (YYYY-MM-DD) and time (HH:MM). */
function londonWallClock(at: Date): { date: string; time: string } {
  const parts = Object.fromEntries(LONDON.formatToParts(at).map((p) => [p.type, p.value]))
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    time: `${parts.hour}:${parts.minute}`,
  }
}

async function waitForTestClock(page: Page, until: Date): Promise<void> {
  const wait = until.getTime() - testClock().getTime()
  if (wait > 0) await page.waitForTimeout(wait + 1_000)
}

test('a learning event is planned, booked, attended and reviewed', async ({ page, browser }) => {
  test.setTimeout(240_000)
  const title = `Professional curiosity in practice ${randomUUID().slice(0, 8)}`
  // The first whole minute at least 45 seconds away: time to plan it (about
  // 15 seconds here) before it starts, as an event must be planned ahead, and
  // no more than a minute and three quarters of waiting for it to start.
  const now = testClock()
  const startsAt = new Date(Math.ceil((now.getTime() + 45_000) / 60_000) * 60_000)
  const start = londonWallClock(startsAt)
  const end = londonWallClock(new Date(startsAt.getTime() + 60 * 60_000))
  // Noon UTC plus a few minutes of the run: the event ends the same London day.
  expect(end.date).toBe(start.date)

  await signIn(page, COORDINATOR.email)
  await page.goto('/manage/learning-events')
  await expectAccessible(page)
  await page.getByRole('button', { name: 'Plan an event' }).click()
  await expectAccessible(page)
  await page.getByLabel('Title').fill(title)
  await page
    .getByRole('group', { name: 'Which reviews does it teach from?' })
    .getByLabel(/Child A/)
    .first()
    .check()
  await page.getByLabel('Themes (optional)').fill('professional-curiosity, not-a-theme')
  await fillDate(page, 'Date', start.date)
  await page.getByLabel('Starts at (UK time)').fill(start.time)
  await page.getByLabel('Ends at (UK time)').fill(end.time)
  await page.getByLabel('Place', { exact: true }).fill('Training room 2, Town Hall')
  await page.getByLabel('Number of places').fill('20')
  await page
    .getByRole('group', { name: 'Which agencies is it for?' })
    .getByRole('checkbox')
    .first()
    .check()
  await page.getByRole('button', { name: /Plan/ }).click()
  // A theme that is not in the taxonomy is refused, and nothing typed is lost.
  await expectAccessible(page)
  await expect(page.locator('.govuk-error-summary')).toContainText(/not-a-theme/)
  await expect(page.getByLabel('Title')).toHaveValue(title)
  await page.getByLabel('Themes (optional)').fill('professional-curiosity')
  await page.getByRole('button', { name: /Plan/ }).click()
  await expectAccessible(page)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title)
  await expect(page.getByTestId('event-details')).toContainText('Training room 2, Town Hall')
  const eventUrl = page.url()

  // The practitioner books a place in a browser of their own.
  const practitionerContext = await browser.newContext()
  const practitioner = await practitionerContext.newPage()
  await signIn(practitioner, PRACTITIONER_EMAIL)
  await practitioner.goto(eventUrl)
  await expectAccessible(practitioner)
  await practitioner.getByRole('button', { name: /Book a place/ }).click()
  await expectAccessible(practitioner)
  await expect(practitioner.getByTestId('own-booking')).toContainText(
    'You have a place at this event.',
  )

  // Once it has started, the coordinator records who attended.
  await waitForTestClock(page, startsAt)
  await page.goto(eventUrl)
  await expectAccessible(page)
  await page.getByRole('link', { name: 'Record who attended' }).click()
  await expectAccessible(page)
  const attendee = page.getByRole('group', { name: /Practitioner/ })
  await attendee.getByLabel('Attended').check()
  await attendee.getByLabel('Agency').selectOption({ index: 1 })
  await page.getByRole('button', { name: 'Save attendance' }).click()
  await expectAccessible(page)

  // The practitioner gives feedback: what they will do differently.
  await practitioner.goto(eventUrl)
  await expectAccessible(practitioner)
  await practitioner.getByRole('link', { name: 'Give your feedback on the event' }).click()
  await expectAccessible(practitioner)
  await practitioner.getByRole('button', { name: 'Send feedback' }).click()
  await expectAccessible(practitioner)
  await expect(practitioner.locator('.govuk-error-summary')).toBeVisible()
  await practitioner.getByLabel('4: Very useful').check()
  await practitioner
    .getByLabel('What will you do differently?')
    .fill('Ask who else lives in the home at every visit, and see the baby awake.')
  await practitioner.getByRole('button', { name: 'Send feedback' }).click()
  await expectAccessible(practitioner)
  await practitioner.goto(`${eventUrl}/feedback`)
  await expectAccessible(practitioner)
  await expect(practitioner.getByText('you have given your feedback')).toBeVisible()
  await practitionerContext.close()

  // The organiser sees the feedback on the event, and the reach by agency and theme.
  await page.goto(eventUrl)
  await expectAccessible(page)
  await expect(page.getByText('see the baby awake')).toBeVisible()
  await page.goto('/manage/learning-events')
  await expectAccessible(page)
  await page.getByRole('link', { name: 'Reach of learning events' }).click()
  await expectAccessible(page)
  await expect(page.getByRole('heading', { name: 'Attendance by theme' })).toBeVisible()
  await expect(page.getByRole('region', { name: /theme.*the figures/i })).toContainText(
    'Professional curiosity',
  )
})
