// Rapid reviews that can be put right (issue 8), on a pinned day (Wednesday
// 6 January 2027) so the timetable crosses Christmas: 25 and 28 December 2026
// and 1 January 2027 are bank holidays (S21, S22). Each delegate signs only for
// its own statutory partner and may withdraw (S8); a correction voids every
// signature given, told on the page; each step has its own version; dates are
// checked against each other with both dates named; the partnership's
// timetable as milestones; several agencies asked at once.
import assert from 'node:assert/strict'
import type { Browser, Harness } from './support/app-harness.js'
import { describeOnEachDatabase, itOnLeg } from './support/app-harness.js'
import { conflictListsOf, entriesOf, formsIn, postEntries, withField } from './support/forms.js'
import { errorSummaryOf, headingOf, textOf } from './support/html.js'
import {
  ADMINISTRATOR,
  COORDINATOR,
  PARTNER,
  countRows,
  dateFields,
  dbOf,
  idFromLocation,
  signedIn,
  versionIn,
} from './support/incident-helpers.js'
import { clockFor } from '../support/test-clock.js'

const TODAY = '2027-01-06'
const AWARE = '2026-12-17'
const POLICE_DELEGATE = 'partner-police@wandsworth.example'
const HEALTH_DELEGATE = 'partner-health@wandsworth.example'

/** The version carried by the form posting to `action`: each step has its own. */
function versionOfForm(html: string, action: string): string {
  const start = html.indexOf(`action="${action}"`)
  assert.ok(start >= 0, `a form posting to ${action}`)
  const match = /name="version" value="(\d+)"/.exec(html.slice(start))
  assert.ok(match?.[1], `the form posting to ${action} carries a version`)
  return match[1]
}

/** Records an incident the local authority became aware of on 17 December 2026, with its rapid review. */
async function rapidReviewOf(browser: Browser, pseudonym: string): Promise<string> {
  const created = await browser.submit('/manage/incidents/new', {
    partnership: 'wandsworth',
    abuseOrNeglect: 'known',
    harm: 'died',
    lookedAfter: 'no',
    careLeaver: 'no',
    guidanceEdition: 'WT2023',
    ...dateFields('incidentOn', '2026-12-16'),
    ...dateFields('awareOn', AWARE),
    child1Pseudonym: pseudonym,
  })
  const incidentId = idFromLocation(created, '/manage/incidents/')
  const page = await browser.get(`/manage/incidents/${incidentId}`)
  const started = await browser.submit(
    `/manage/incidents/${incidentId}`,
    { version: versionIn(page.body) },
    `/manage/incidents/${incidentId}/rapid-review`,
  )
  return `/manage/rapid-reviews/${idFromLocation(started, '/manage/rapid-reviews/')}`
}

/** Posts one step's form with the version its page carries now. */
async function saveStep(
  browser: Browser,
  base: string,
  step: string,
  fields: Record<string, string>,
  pageStep = step,
) {
  const page = await browser.get(`${base}/${pageStep}`)
  return browser.submit(
    `${base}/${pageStep}`,
    { version: versionOfForm(page.body, `${base}/${step}`), ...fields },
    `${base}/${step}`,
  )
}

function assertRefusal(
  response: { statusCode: number; body: string },
  href: string,
  message: string,
): void {
  assert.equal(response.statusCode, 400, `${message}: status`)
  const items = errorSummaryOf(response.body)?.items ?? []
  assert.ok(
    items.some((item) => item.href === href && item.text.includes(message)),
    `expected ${href} “${message}” in ${JSON.stringify(items)}`,
  )
}

async function decided(harness: Harness, coordinator: Browser, base: string): Promise<void> {
  void harness
  const criteria = await saveStep(coordinator, base, 'criteria', {
    criterionA: 'yes',
    criterionB: 'no',
    criterionC: 'yes',
    criterionD: 'no',
  })
  assert.equal(criteria.statusCode, 303, criteria.body)
  const decision = await saveStep(coordinator, base, 'decision', {
    decision: 'local-cspr',
    rationale: 'Criteria (a) and (c) are met.',
    ...dateFields('decidedOn', TODAY),
  })
  assert.equal(decision.statusCode, 303, decision.body)
}

async function signAs(harness: Harness, email: string, base: string) {
  const delegate = await signedIn(harness.app, email)
  const page = await delegate.get(`${base}/sign-off`)
  return delegate.submit(`${base}/sign-off`, {
    version: versionOfForm(page.body, `${base}/sign-off`),
    confirm: 'yes',
  })
}

async function signaturesOf(harness: Harness, base: string): Promise<number> {
  const rows = await dbOf(harness)
    .selectFrom('rapid_review_sign_off')
    .select('partner')
    .where('rapid_review_id', '=', base.split('/').pop() ?? '')
    .execute()
  return rows.length
}

async function endedSignatures(harness: Harness, base: string) {
  return dbOf(harness)
    .selectFrom('rapid_review_ended_signature')
    .select(['partner', 'ended_how', 'changed', 'notice_resolved_at', 'signed_by_user_id'])
    .where('rapid_review_id', '=', base.split('/').pop() ?? '')
    .orderBy('ended_at')
    .orderBy('partner')
    .execute()
}

async function auditActions(harness: Harness, base: string): Promise<string[]> {
  const rows = await dbOf(harness)
    .selectFrom('audit_event')
    .select('action')
    .where('record_id', '=', base.split('/').pop() ?? '')
    .execute()
  return rows.map((row) => row.action)
}

describeOnEachDatabase(
  'Rapid reviews put right before sending (issue 8)',
  (h) => {
    itOnLeg(
      'S8, S21: the timetable’s milestones across Christmas bank holidays, on the page and the dashboard; several agencies asked at once with the milestone as due date; the administrator sets the partnership’s own timetable',
      async () => {
        const harness = h()
        const coordinator = await signedIn(harness.app, COORDINATOR)
        const base = await rapidReviewOf(coordinator, 'Child Timetable')
        let overview = textOf((await coordinator.get(base)).body)
        // Aware Thursday 17 December 2026 (day 0): working day 1 is Friday 18
        // December; 25 and 28 December and 1 January are bank holidays, so day
        // 10 is Tuesday 5 January, day 12 Thursday 7 January, day 15 Tuesday 12 January.
        assert.match(overview, /Letters to agencies By 18 December 2026 Overdue/)
        assert.match(overview, /Agency summaries By 5 January 2027 Overdue/)
        assert.match(overview, /Rapid review meeting 5 January 2027 to 7 January 2027 Due/)
        assert.match(overview, /Partners’ sign-off By 12 January 2027 Due/)
        const dashboard = textOf((await coordinator.get('/manage')).body)
        assert.match(
          dashboard,
          /Rapid review timetable .*Child Timetable Letters to agencies By 18 December 2026 Overdue/,
        )
        // The timetable follows the deadlines shown: none when only reviews' are.
        const reviewsOnly = (await coordinator.get('/manage?kind=review')).body
        assert.doesNotMatch(reviewsOnly, /data-testid="rapid-review-milestones"/)
        assert.match(
          (await coordinator.get('/manage?kind=rapid-review')).body,
          /data-testid="rapid-review-milestones"/,
        )

        // Several agencies at once: today and the summaries milestone filled in.
        const page = await coordinator.get(`${base}/agency-requests`)
        const form = formsIn(page.body, `${base}/agency-requests`).find(
          (candidate) => candidate.action === `${base}/agency-requests`,
        )
        assert.ok(form)
        const defaults = Object.fromEntries(entriesOf(form))
        assert.deepEqual(
          [
            defaults['requestedOn-day'],
            defaults['requestedOn-month'],
            defaults['requestedOn-year'],
          ],
          ['6', '1', '2027'],
          'the request dated today',
        )
        assert.deepEqual(
          [defaults['dueOn-day'], defaults['dueOn-month'], defaults['dueOn-year']],
          ['5', '1', '2027'],
          'due by the summaries milestone (working day 10)',
        )
        const agencies = [
          ...page.body.matchAll(/name="agencyIds" type="checkbox" value="([^"]+)"/g),
        ]
          .map((match) => match[1] ?? '')
          .slice(0, 2)
        assert.equal(agencies.length, 2)
        let entries = entriesOf(form)
        for (const [name, value] of Object.entries(dateFields('requestedOn', '2026-12-18'))) {
          entries = withField(entries, name, value)
        }
        const before = await countRows(harness, 'rapid_review_agency_request')
        const asked = await postEntries(harness.app, coordinator, `${base}/agency-requests`, [
          ...entries,
          ['agencyIds', agencies[0] ?? ''],
          ['agencyIds', agencies[1] ?? ''],
        ])
        assert.equal(asked.statusCode, 303, asked.body)
        assert.equal(await countRows(harness, 'rapid_review_agency_request'), before + 2)
        const after = await coordinator.get(String(asked.headers.location))
        assert.match(textOf(after.body), /Success 2 agencies asked for information/)
        assert.equal((after.body.match(/5 January 2027/g) ?? []).length >= 2, true, 'both due')
        assert.ok(
          (await auditActions(harness, base)).includes('rapid-review.agency-requests-added'),
        )
        // Shown once only.
        assert.doesNotMatch(
          textOf((await coordinator.get(`${base}/agency-requests`)).body),
          /agencies asked for information/,
        )
        overview = textOf((await coordinator.get(base)).body)
        assert.match(overview, /Letters to agencies By 18 December 2026 Done 18 December 2026/)
        // The dashboard's timetable is kept between visits, and not past a change.
        assert.match(
          textOf((await coordinator.get('/manage')).body),
          /Rapid review timetable .*Child Timetable Agency summaries By 5 January 2027/,
        )

        // The administrator sets the partnership's own timetable; others may not.
        const settings = '/manage/settings/rapid-review-timetable'
        assert.equal((await coordinator.get(settings)).statusCode, 403)
        const administrator = await signedIn(harness.app, ADMINISTRATOR)
        const list = await administrator.get(settings)
        assert.equal(list.statusCode, 200)
        const href = /href="(\/manage\/settings\/rapid-review-timetable\/[0-9a-f-]{36})"/.exec(
          list.body,
        )?.[1]
        assert.ok(href)
        const formPage = await administrator.get(href)
        const version = versionIn(formPage.body)
        const valid = {
          lettersWorkingDay: '2',
          summariesWorkingDay: '8',
          meetingFromWorkingDay: '9',
          meetingToWorkingDay: '11',
          signOffWorkingDay: '14',
        }
        assertRefusal(
          await administrator.submit(href, { version, ...valid, signOffWorkingDay: '16' }),
          '#signOffWorkingDay',
          'must be working day 15 or earlier',
        )
        assertRefusal(
          await administrator.submit(href, { version, ...valid, meetingToWorkingDay: '8' }),
          '#meetingToWorkingDay',
          '(working day 8) must be the same as or after “Rapid review meeting, from” (working day 9)',
        )
        assertRefusal(
          await administrator.submit(href, { version, ...valid, lettersWorkingDay: '1.5' }),
          '#lettersWorkingDay',
          'must be a whole number of working days',
        )
        const saved = await administrator.submit(href, { version, ...valid })
        assert.equal(saved.statusCode, 303, saved.body)
        const audited = await dbOf(harness)
          .selectFrom('audit_event')
          .select('action')
          .where('action', '=', 'rapid-review-timetable.changed')
          .execute()
        assert.equal(audited.length, 1)
        // Working day 8 is 31 December 2026, 14 is 11 January 2027.
        overview = textOf((await coordinator.get(base)).body)
        assert.match(overview, /Agency summaries By 31 December 2026 Overdue/)
        assert.match(overview, /Partners’ sign-off By 11 January 2027 Due/)
        // The same form again is stale.
        assert.equal((await administrator.submit(href, { version, ...valid })).statusCode, 409)
      },
    )

    itOnLeg(
      'S8: each delegate signs only for its own partner (a forged form is refused), may withdraw before sending; a correction voids every signature, told on the page and kept for the partners',
      async () => {
        const harness = h()
        const coordinator = await signedIn(harness.app, COORDINATOR)
        const base = await rapidReviewOf(coordinator, 'Child Signatures')
        await decided(harness, coordinator, base)

        // The police's delegate is offered only the police; a forged form for health is refused.
        const police = await signedIn(harness.app, POLICE_DELEGATE)
        const policePage = await police.get(`${base}/sign-off`)
        assert.match(textOf(policePage.body), /You are signing for Police/)
        assert.ok(!policePage.body.includes('value="health"'))
        assertRefusal(
          await police.submit(`${base}/sign-off`, {
            version: versionOfForm(policePage.body, `${base}/sign-off`),
            partner: 'health',
            confirm: 'yes',
          }),
          '#partner',
          'You are the delegate of Police: you can sign only for it, not for Health (integrated care board) (S8)',
        )
        assert.equal(await signaturesOf(harness, base), 0)

        for (const email of [PARTNER, POLICE_DELEGATE, HEALTH_DELEGATE]) {
          assert.equal((await signAs(harness, email, base)).statusCode, 303, email)
        }
        assert.match(textOf((await coordinator.get(base)).body), /Status Signed off/)

        // Withdrawal: the delegate's own signature only, kept and audited.
        const partner = await signedIn(harness.app, PARTNER)
        let signOff = await partner.get(`${base}/sign-off`)
        assert.match(textOf(signOff.body), /You signed for Local authority/)
        const withdrawn = await partner.submit(`${base}/sign-off`, {}, `${base}/sign-off/withdraw`)
        assert.equal(withdrawn.statusCode, 303, withdrawn.body)
        signOff = await partner.get(`${base}/sign-off`)
        assert.match(textOf(signOff.body), /Success Your signature was withdrawn/)
        assert.match(textOf(signOff.body), /Local authority Not signed yet/)
        assert.match(textOf(signOff.body), /You are signing for Local authority/)
        assert.deepEqual(
          (await endedSignatures(harness, base)).map((row) => [row.partner, row.ended_how]),
          [['local-authority', 'withdrawn']],
        )
        assert.match(textOf((await coordinator.get(base)).body), /Status Awaiting partner sign-off/)
        assert.ok((await auditActions(harness, base)).includes('rapid-review.sign-off-withdrawn'))
        // Nothing to withdraw a second time.
        assertRefusal(
          await partner.submit(`${base}/sign-off`, {}, `${base}/sign-off/withdraw`),
          '#withdraw',
          'You have not signed this rapid review',
        )
        assert.equal((await signAs(harness, PARTNER, base)).statusCode, 303)

        // The police's delegate opened the sign-off page; then the findings are corrected.
        const stalePoliceForm = await signedIn(harness.app, POLICE_DELEGATE)
        const findingsPage = await coordinator.get(`${base}/findings`)
        assert.match(textOf(findingsPage.body), /Saving a change here voids every signature/)
        const corrected = await saveStep(coordinator, base, 'findings', {
          factsEstablished: 'Corrected: the child was known to three agencies.',
        })
        assert.equal(corrected.statusCode, 303, corrected.body)
        assert.equal(await signaturesOf(harness, base), 0, 'every signature voided')
        const voided = (await endedSignatures(harness, base)).filter(
          (row) => row.ended_how === 'voided',
        )
        assert.deepEqual(voided.map((row) => row.partner).sort(), [
          'health',
          'local-authority',
          'police',
        ])
        assert.ok(voided.every((row) => row.changed === 'the findings'))
        assert.ok(voided.every((row) => row.notice_resolved_at === null && row.signed_by_user_id))
        assert.ok((await auditActions(harness, base)).includes('rapid-review.signatures-voided'))
        const overview = textOf((await coordinator.get(base)).body)
        assert.match(overview, /Signatures voided because the findings changed on 6 January 2027/)
        assert.match(
          overview,
          /Local authority, Police, Health \(integrated care board\) must sign again/,
        )
        assert.match(overview, /Status Awaiting partner sign-off/)

        // Re-signing closes that partner's notice; the others stay open.
        assert.equal((await signAs(harness, PARTNER, base)).statusCode, 303)
        const open = (await endedSignatures(harness, base)).filter(
          (row) => row.ended_how === 'voided' && row.notice_resolved_at === null,
        )
        assert.deepEqual(open.map((row) => row.partner).sort(), ['health', 'police'])
        assert.match(
          textOf((await stalePoliceForm.get(base)).body),
          /Signatures voided because the findings changed on 6 January 2027 Police, Health \(integrated care board\) must sign again/,
        )
      },
    )

    itOnLeg(
      'conflicts per step: a safety action added in another tab does not bounce the criteria form; two edits of the same step do, showing both values',
      async () => {
        const harness = h()
        const tabOne = await signedIn(harness.app, COORDINATOR)
        const tabTwo = await signedIn(harness.app, COORDINATOR)
        const base = await rapidReviewOf(tabOne, 'Child Tabs')
        const criteriaForm = await tabOne.get(`${base}/criteria`)
        const added = await saveStep(
          tabTwo,
          base,
          'safety-actions',
          { action: 'Visit the sibling today', owner: 'Children’s social care' },
          'findings',
        )
        assert.equal(added.statusCode, 303, added.body)
        const criteria = await tabOne.submit(`${base}/criteria`, {
          version: versionIn(criteriaForm.body),
          criterionA: 'yes',
          criterionB: 'no',
          criterionC: 'maybe',
          criterionD: 'no',
        })
        assert.equal(criteria.statusCode, 303, 'a different step saves')

        // The same step in two tabs: the second is told, with both values.
        const meetingOne = await tabOne.get(`${base}/meeting`)
        const meetingTwo = await tabTwo.get(`${base}/meeting`)
        assert.equal(
          (
            await tabOne.submit(`${base}/meeting`, {
              version: versionIn(meetingOne.body),
              ...dateFields('meetingOn', '2027-01-05'),
              attendees: 'Independent chair',
            })
          ).statusCode,
          303,
        )
        const clash = await tabTwo.submit(`${base}/meeting`, {
          version: versionIn(meetingTwo.body),
          ...dateFields('meetingOn', '2027-01-06'),
          attendees: 'Someone else',
        })
        assert.equal(clash.statusCode, 409)
        assert.equal(headingOf(clash.body), 'This record was changed by someone else')
        assert.deepEqual(conflictListsOf(clash.body), {
          yours: {
            'Date of the rapid review meeting': '6 January 2027',
            Attendees: 'Someone else',
          },
          saved: {
            'Date of the rapid review meeting': '5 January 2027',
            Attendees: 'Independent chair',
          },
        })
      },
    )

    itOnLeg(
      'dates checked against each other, each refusal naming both dates; the Panel’s steps too',
      async () => {
        const harness = h()
        const coordinator = await signedIn(harness.app, COORDINATOR)
        const base = await rapidReviewOf(coordinator, 'Child Dates')
        const page = await coordinator.get(`${base}/agency-requests`)
        const agency = /name="agencyIds" type="checkbox" value="([^"]+)"/.exec(page.body)?.[1] ?? ''
        assertRefusal(
          await saveStep(coordinator, base, 'agency-requests', {
            agencyIds: agency,
            ...dateFields('requestedOn', '2026-12-16'),
            ...dateFields('dueOn', '2027-01-05'),
          }),
          '#requestedOn-day',
          'The date of the request (16 December 2026) must be the same as or after the date the local authority became aware (17 December 2026)',
        )
        assert.equal(
          (
            await saveStep(coordinator, base, 'agency-requests', {
              agencyIds: agency,
              ...dateFields('requestedOn', '2026-12-18'),
              ...dateFields('dueOn', '2027-01-05'),
            })
          ).statusCode,
          303,
        )
        const requestHref = new RegExp(`${base}/agency-requests/[0-9a-f-]{36}`).exec(
          (await coordinator.get(`${base}/agency-requests`)).body,
        )?.[0]
        assert.ok(requestHref)
        const responsePage = await coordinator.get(requestHref)
        assertRefusal(
          await coordinator.submit(requestHref, {
            version: versionIn(responsePage.body),
            ...dateFields('receivedOn', '2026-12-17'),
            summary: 'Known to the agency.',
          }),
          '#receivedOn-day',
          'The date the information was received (17 December 2026) must be the same as or after the date of the request (18 December 2026)',
        )
        const meeting = (date: string) =>
          saveStep(coordinator, base, 'meeting', {
            ...dateFields('meetingOn', date),
            attendees: 'Independent chair',
          })
        assertRefusal(
          await meeting('2026-12-17'),
          '#meetingOn-day',
          'The date of the rapid review meeting (17 December 2026) must be the same as or after the first request to an agency (18 December 2026)',
        )
        assertRefusal(
          await meeting('2027-01-07'),
          '#meetingOn-day',
          'The date of the rapid review meeting (7 January 2027) cannot be after today (6 January 2027): record the meeting once it has been held',
        )
        assert.equal((await meeting('2027-01-05')).statusCode, 303)
        assert.equal(
          (
            await saveStep(coordinator, base, 'criteria', {
              criterionA: 'no',
              criterionB: 'no',
              criterionC: 'no',
              criterionD: 'no',
            })
          ).statusCode,
          303,
        )
        const decision = (date: string) =>
          saveStep(coordinator, base, 'decision', {
            decision: 'no-local-review',
            rationale: 'No criteria met.',
            ...dateFields('decidedOn', date),
          })
        assertRefusal(
          await decision('2027-01-04'),
          '#decidedOn-day',
          'The date of the decision (4 January 2027) must be the same as or after the date of the rapid review meeting (5 January 2027)',
        )
        assert.equal((await decision('2027-01-05')).statusCode, 303)
        assertRefusal(
          await meeting('2027-01-06'),
          '#meetingOn-day',
          'The date of the rapid review meeting (6 January 2027) must be the same as or before the date of the decision (5 January 2027)',
        )
        for (const email of [PARTNER, POLICE_DELEGATE, HEALTH_DELEGATE]) {
          assert.equal((await signAs(harness, email, base)).statusCode, 303, email)
        }
        const incidentHref = /href="(\/manage\/incidents\/[0-9a-f-]{36})"/.exec(
          (await coordinator.get(base)).body,
        )?.[1]
        assert.ok(incidentHref)
        const incidentPage = await coordinator.get(incidentHref)
        assert.equal(
          (
            await coordinator.submit(
              incidentHref,
              {
                version: versionIn(incidentPage.body),
                ...dateFields('panelNotifiedOn', '2026-12-21'),
              },
              `${incidentHref}/notifications`,
            )
          ).statusCode,
          303,
        )
        const send = (date: string) =>
          saveStep(coordinator, base, 'sent-to-panel', dateFields('sentToPanelOn', date))
        assertRefusal(
          await send('2027-01-04'),
          '#sentToPanelOn-day',
          'sent to the Panel (4 January 2027) before the decision was made (5 January 2027)',
        )
        assertRefusal(await send('2027-01-07'), '#sentToPanelOn-day', 'today or in the past')
        assert.equal((await send('2027-01-05')).statusCode, 303)
        assertRefusal(
          await saveStep(coordinator, base, 'panel-response', {
            ...dateFields('respondedOn', '2027-01-04'),
            panelAgrees: 'yes',
            nationalReview: 'no',
          }),
          '#respondedOn-day',
          'The Panel cannot have responded (4 January 2027) before the rapid review was sent to it (5 January 2027)',
        )
        // Sent: read-only, and no signature can be withdrawn.
        const partner = await signedIn(harness.app, PARTNER)
        assert.doesNotMatch((await partner.get(`${base}/sign-off`)).body, /Withdraw my signature/)
        assertRefusal(
          await partner.submit(`${base}/sign-off`, {}, `${base}/sign-off/withdraw`),
          '#withdraw',
          'can no longer be withdrawn',
        )
      },
    )
  },
  { now: clockFor(TODAY) },
)
