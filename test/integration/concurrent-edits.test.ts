// Issue 4, "Faults and recovery": two people edit the same record. The second
// save is refused with the "changed by someone else" page, which shows both
// versions (what they tried to save, what is saved now) and a link to reload;
// the database keeps the first save. Two saves sent at the same moment: exactly
// one wins (on PostgreSQL the two transactions really do run at once).
import assert from 'node:assert/strict'
import type { LightMyRequestResponse } from 'fastify'
import { describeOnEachDatabase, itOnLeg, type Harness } from './support/app-harness.js'
import { conflictListsOf, entriesOf, formsIn, postEntries, withField } from './support/forms.js'
import { headingOf } from './support/html.js'
import {
  ADMINISTRATOR,
  COORDINATOR,
  dateFields,
  dbOf,
  idFromLocation,
  signedIn,
  versionIn,
  workingDaysFromToday,
} from './support/incident-helpers.js'
import { createLegacyScr } from './support/review-helpers.js'
import type { Browser } from './support/app-harness.js'

const CONFLICT_HEADING = 'This record was changed by someone else'

const LONG_DATE = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
})

function longDate(date: string): string {
  return LONG_DATE.format(new Date(`${date}T00:00:00Z`))
}

/** The form on the page that posts to `action`, as the page had it. */
async function formAt(browser: Browser, pageUrl: string, action: string) {
  const page = await browser.get(pageUrl)
  assert.equal(page.statusCode, 200, `${pageUrl} opens`)
  const form = formsIn(page.body, pageUrl).find(
    (candidate) => candidate.action === action && candidate.method === 'post',
  )
  assert.ok(form, `${pageUrl} has a form posting to ${action}`)
  return entriesOf(form)
}

function withFields(
  entries: [string, string][],
  fields: Record<string, string>,
): [string, string][] {
  return Object.entries(fields).reduce(
    (result, [name, value]) => withField(result, name, value),
    entries,
  )
}

function assertConflictPage(
  response: LightMyRequestResponse,
  expected: { yours: Record<string, string>; saved: Record<string, string>; reload: string },
): void {
  assert.equal(response.statusCode, 409, response.body.slice(0, 500))
  assert.equal(headingOf(response.body), CONFLICT_HEADING)
  const lists = conflictListsOf(response.body)
  for (const [label, value] of Object.entries(expected.yours)) {
    assert.equal(lists.yours[label], value, `your changes: ${label}`)
  }
  for (const [label, value] of Object.entries(expected.saved)) {
    assert.equal(lists.saved[label], value, `saved version: ${label}`)
  }
  assert.ok(
    response.body.includes(`href="${expected.reload}"`),
    `links to reload the form at ${expected.reload}`,
  )
}

/**
 * Both browsers load the form; the first saves `firstFields`, then the second
 * saves `secondFields` from its now stale copy.
 */
async function saveInTurn(
  harness: Harness,
  browsers: [Browser, Browser],
  pageUrl: string,
  action: string,
  firstFields: Record<string, string>,
  secondFields: Record<string, string>,
): Promise<{ first: LightMyRequestResponse; second: LightMyRequestResponse }> {
  const [one, two] = browsers
  const firstForm = await formAt(one, pageUrl, action)
  const secondForm = await formAt(two, pageUrl, action)
  const first = await postEntries(harness.app, one, action, withFields(firstForm, firstFields))
  assert.equal(first.statusCode, 303, `first save: ${first.body.slice(0, 300)}`)
  const second = await postEntries(harness.app, two, action, withFields(secondForm, secondFields))
  return { first, second }
}

/** Both browsers load the form, then both save at the same moment: one 303, one 409. */
async function saveAtOnce(
  harness: Harness,
  browsers: [Browser, Browser],
  pageUrl: string,
  action: string,
  firstFields: Record<string, string>,
  secondFields: Record<string, string>,
): Promise<'first' | 'second'> {
  const [one, two] = browsers
  const firstForm = await formAt(one, pageUrl, action)
  const secondForm = await formAt(two, pageUrl, action)
  const [first, second] = await Promise.all([
    postEntries(harness.app, one, action, withFields(firstForm, firstFields)),
    postEntries(harness.app, two, action, withFields(secondForm, secondFields)),
  ])
  const statuses = [first.statusCode, second.statusCode].sort()
  assert.deepEqual(statuses, [303, 409], 'exactly one of two simultaneous saves wins')
  const loser = first.statusCode === 409 ? first : second
  assert.equal(headingOf(loser.body), CONFLICT_HEADING)
  return first.statusCode === 303 ? 'first' : 'second'
}

async function auditCount(harness: Harness, action: string): Promise<number> {
  const row = await dbOf(harness)
    .selectFrom('audit_event')
    .select((eb) => eb.fn.countAll<string | number>().as('count'))
    .where('action', '=', action)
    .executeTakeFirstOrThrow()
  return Number(row.count)
}

describeOnEachDatabase('Concurrent edits of the same record', (h) => {
  itOnLeg(
    'partnership name: the second save shows both names; one of two at once wins',
    async () => {
      const harness = h()
      const partnership = await dbOf(harness)
        .selectFrom('partnership')
        .select(['id', 'name'])
        .where('slug', '=', 'wandsworth')
        .executeTakeFirstOrThrow()
      const url = `/manage/partnerships/${partnership.id}`
      const browsers: [Browser, Browser] = [
        await signedIn(harness.app, COORDINATOR),
        await signedIn(harness.app, ADMINISTRATOR),
      ]
      const audited = await auditCount(harness, 'partnership.updated')

      const { second } = await saveInTurn(
        harness,
        browsers,
        url,
        url,
        { name: 'Wandsworth (first save)' },
        { name: 'Wandsworth <second save>' },
      )
      assertConflictPage(second, {
        yours: { 'Partnership name': 'Wandsworth <second save>' },
        saved: { 'Partnership name': 'Wandsworth (first save)' },
        reload: url,
      })
      assert.ok(!second.body.includes('<second save>'), 'the attempted value is escaped')
      const stored = async () =>
        (
          await dbOf(harness)
            .selectFrom('partnership')
            .select('name')
            .where('id', '=', partnership.id)
            .executeTakeFirstOrThrow()
        ).name
      assert.equal(await stored(), 'Wandsworth (first save)')
      assert.equal(await auditCount(harness, 'partnership.updated'), audited + 1)

      // The reload link shows the saved name, ready to change again.
      const reloaded = await browsers[1].get(url)
      assert.match(reloaded.body, /value="Wandsworth \(first save\)"/)

      const winner = await saveAtOnce(
        harness,
        browsers,
        url,
        url,
        { name: 'Wandsworth (A at once)' },
        { name: 'Wandsworth (B at once)' },
      )
      assert.equal(await stored(), `Wandsworth (${winner === 'first' ? 'A' : 'B'} at once)`)
      assert.equal(await auditCount(harness, 'partnership.updated'), audited + 2)
    },
  )

  itOnLeg(
    'incident notification dates and a rapid review meeting: both versions shown',
    async () => {
      const harness = h()
      const { wd } = await workingDaysFromToday(harness)
      const browsers: [Browser, Browser] = [
        await signedIn(harness.app, COORDINATOR),
        await signedIn(harness.app, COORDINATOR),
      ]
      const created = await browsers[0].submit('/manage/incidents/new', {
        partnership: 'wandsworth',
        abuseOrNeglect: 'known',
        harm: 'died',
        lookedAfter: 'no',
        careLeaver: 'no',
        guidanceEdition: 'WT2023',
        ...dateFields('incidentOn', wd(-4)),
        ...dateFields('awareOn', wd(-3)),
        child1Pseudonym: 'Child Concurrent',
      })
      const incidentId = idFromLocation(created, '/manage/incidents/')
      const incidentUrl = `/manage/incidents/${incidentId}`
      const notifications = `${incidentUrl}/notifications`
      const storedIncident = () =>
        dbOf(harness)
          .selectFrom('incident')
          .select(['panel_notified_on', 'ofsted_notified_on', 'version'])
          .where('id', '=', incidentId)
          .executeTakeFirstOrThrow()

      const { second } = await saveInTurn(
        harness,
        browsers,
        incidentUrl,
        notifications,
        dateFields('panelNotifiedOn', wd(-2)),
        dateFields('panelNotifiedOn', wd(-1)),
      )
      assertConflictPage(second, {
        yours: { 'Date the Panel was notified': longDate(wd(-1)) },
        saved: {
          'Date the Panel was notified': longDate(wd(-2)),
          'Date Ofsted was notified': 'Not given',
        },
        reload: incidentUrl,
      })
      assert.equal((await storedIncident()).panel_notified_on, wd(-2))

      const before = await storedIncident()
      const winner = await saveAtOnce(
        harness,
        browsers,
        incidentUrl,
        notifications,
        dateFields('ofstedNotifiedOn', wd(-2)),
        dateFields('ofstedNotifiedOn', wd(-1)),
      )
      const after = await storedIncident()
      assert.equal(after.ofsted_notified_on, winner === 'first' ? wd(-2) : wd(-1))
      assert.equal(Number(after.version), Number(before.version) + 1, 'one save, one version')

      // The rapid review's meeting, from the same incident.
      const page = await browsers[0].get(incidentUrl)
      const started = await browsers[0].submit(
        incidentUrl,
        { version: versionIn(page.body) },
        `${incidentUrl}/rapid-review`,
      )
      const rapidReviewId = idFromLocation(started, '/manage/rapid-reviews/')
      const meetingUrl = `/manage/rapid-reviews/${rapidReviewId}/meeting`
      const meeting = await saveInTurn(
        harness,
        browsers,
        meetingUrl,
        meetingUrl,
        { ...dateFields('meetingOn', wd(-1)), attendees: 'Chair, local authority' },
        { ...dateFields('meetingOn', wd(0)), attendees: 'Someone else entirely\nA second line' },
      )
      assertConflictPage(meeting.second, {
        yours: {
          'Date of the rapid review meeting': longDate(wd(0)),
          Attendees: 'Someone else entirely\nA second line',
        },
        saved: {
          'Date of the rapid review meeting': longDate(wd(-1)),
          Attendees: 'Chair, local authority',
        },
        reload: meetingUrl,
      })
      const storedMeeting = await dbOf(harness)
        .selectFrom('rapid_review')
        .select(['meeting_on', 'meeting_attendees'])
        .where('id', '=', rapidReviewId)
        .executeTakeFirstOrThrow()
      assert.deepEqual(storedMeeting, {
        meeting_on: wd(-1),
        meeting_attendees: 'Chair, local authority',
      })

      // Adding rows (safety actions) at once: the loser's row is not kept.
      const findings = `/manage/rapid-reviews/${rapidReviewId}/findings`
      const actions = `/manage/rapid-reviews/${rapidReviewId}/safety-actions`
      await saveAtOnce(
        harness,
        browsers,
        findings,
        actions,
        { action: 'Visit the sibling today', owner: 'Children’s social care' },
        { action: 'Check the school register', owner: 'Education' },
      )
      const rows = await dbOf(harness)
        .selectFrom('rapid_review_safety_action')
        .select('action')
        .where('rapid_review_id', '=', rapidReviewId)
        .execute()
      assert.equal(rows.length, 1, 'only the winning action is stored')
    },
  )

  itOnLeg('review details and stages: both versions shown; one of two at once wins', async () => {
    const harness = h()
    const browsers: [Browser, Browser] = [
      await signedIn(harness.app, COORDINATOR),
      await signedIn(harness.app, COORDINATOR),
    ]
    const wandsworth = await dbOf(harness)
      .selectFrom('partnership')
      .select('id')
      .where('slug', '=', 'wandsworth')
      .executeTakeFirstOrThrow()
    const reviewId = await createLegacyScr(browsers[0], wandsworth.id, {
      childPseudonym: 'Child Concurrent',
      termsOfReference: 'The original terms',
    })
    const detailsUrl = `/manage/reviews/${reviewId}/details`
    const { second } = await saveInTurn(
      harness,
      browsers,
      detailsUrl,
      detailsUrl,
      { termsOfReference: 'Terms agreed by the partners' },
      { termsOfReference: 'Terms from a stale form', childPseudonym: 'Child Stale' },
    )
    assertConflictPage(second, {
      yours: {
        'Terms of reference': 'Terms from a stale form',
        'Child’s pseudonym': 'Child Stale',
        Methodology: 'Significant Incident Learning Process (SILP)',
      },
      saved: {
        'Terms of reference': 'Terms agreed by the partners',
        'Child’s pseudonym': 'Child Concurrent',
        'Date of the decision to hold the review': '15 March 2018',
      },
      reload: detailsUrl,
    })
    const storedReview = () =>
      dbOf(harness)
        .selectFrom('review')
        .select(['terms_of_reference', 'child_pseudonym'])
        .where('id', '=', reviewId)
        .executeTakeFirstOrThrow()
    assert.deepEqual(await storedReview(), {
      terms_of_reference: 'Terms agreed by the partners',
      child_pseudonym: 'Child Concurrent',
    })

    const winner = await saveAtOnce(
      harness,
      browsers,
      detailsUrl,
      detailsUrl,
      { termsOfReference: 'Terms A at once' },
      { termsOfReference: 'Terms B at once' },
    )
    assert.equal(
      (await storedReview()).terms_of_reference,
      winner === 'first' ? 'Terms A at once' : 'Terms B at once',
    )

    const stageUrl = `/manage/reviews/${reviewId}/stages/scoping`
    const stage = await saveInTurn(
      harness,
      browsers,
      stageUrl,
      stageUrl,
      { status: 'in-progress' },
      { status: 'completed' },
    )
    assertConflictPage(stage.second, {
      yours: { Status: 'Completed' },
      saved: { Status: 'In progress' },
      reload: stageUrl,
    })
    await saveAtOnce(
      harness,
      browsers,
      stageUrl,
      stageUrl,
      { status: 'completed' },
      { status: 'not-started' },
    )
    const stored = await dbOf(harness)
      .selectFrom('review_stage')
      .select(['status', 'version'])
      .where('review_id', '=', reviewId)
      .where('stage', '=', 'scoping')
      .executeTakeFirstOrThrow()
    assert.equal(Number(stored.version), 3, 'two saves, two versions after the first')
  })

  itOnLeg('statutory periods: both versions shown; one of two at once wins', async () => {
    const harness = h()
    const browsers: [Browser, Browser] = [
      await signedIn(harness.app, ADMINISTRATOR),
      await signedIn(harness.app, ADMINISTRATOR),
    ]
    const url = '/manage/settings/statutory-periods/WT2018'
    const audited = await auditCount(harness, 'statutory-periods.updated')
    const { second } = await saveInTurn(
      harness,
      browsers,
      url,
      url,
      { notificationWorkingDays: '6' },
      { notificationWorkingDays: '9', rapidReviewWorkingDays: '20' },
    )
    assertConflictPage(second, {
      yours: {
        'Notify the Panel within (S3)': '9 working days',
        'Complete the rapid review within (S6)': '20 working days',
      },
      saved: {
        'Notify the Panel within (S3)': '6 working days',
        'Complete the rapid review within (S6)': '15 working days',
      },
      reload: url,
    })
    assert.equal((await harness.services.calendar.periods('WT2018')).notificationWorkingDays, 6)

    await saveAtOnce(
      harness,
      browsers,
      url,
      url,
      { notificationWorkingDays: '7', rapidReviewWorkingDays: '16' },
      { notificationWorkingDays: '8', rapidReviewWorkingDays: '17' },
    )
    const periods = await harness.services.calendar.periods('WT2018')
    // Never a mixture of the two saves: each writes all five periods or none.
    assert.ok(
      (periods.notificationWorkingDays === 7 && periods.rapidReviewWorkingDays === 16) ||
        (periods.notificationWorkingDays === 8 && periods.rapidReviewWorkingDays === 17),
      JSON.stringify(periods),
    )
    assert.equal(await auditCount(harness, 'statutory-periods.updated'), audited + 2)
  })
})
