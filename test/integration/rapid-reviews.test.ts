// The rapid review (S6–S9) through its pages: from an incident to agency
// requests, the meeting, findings, the reg. 11 criteria, the decision, partner
// sign-off, sending to the Panel (refused before sign-off and before the
// notification, S7) and the Panel's response; the report as PDF and DOCX.
import assert from 'node:assert/strict'
import type { Browser } from './support/app-harness.js'
import {
  DEMO_PASSWORD,
  describeOnEachDatabase,
  itOnLeg,
  type Harness,
} from './support/app-harness.js'
import { errorSummaryOf, headingOf, inlineErrorsOf, textOf } from './support/html.js'
import { COMMAND_LINE } from '../../src/services/context.js'
import { longDate, rapidReviewReportDocument } from '../../src/services/incident-documents.js'
import type { RapidReviewResponse } from '../../src/web/api/rapid-review-schemas.js'
import {
  COORDINATOR,
  ESCAPED_SCRIPT,
  api,
  apiToken,
  PARTNER,
  PRACTITIONER,
  SCRIPT,
  SOUTHWARK_COORDINATOR,
  countRows,
  dateFields,
  idFromLocation,
  signedIn,
  versionIn,
  workingDaysFromToday,
} from './support/incident-helpers.js'

const CHILD_NAME = 'Ophelia Fictionalname'

type RapidReviewJson = RapidReviewResponse
const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'

/** Records an incident (aware 3 working days ago) on the form and starts its rapid review. */
async function incidentWithRapidReview(
  harness: Harness,
  browser: Browser,
  pseudonym: string,
): Promise<{ incidentId: string; reviewId: string }> {
  const { wd } = await workingDaysFromToday(harness)
  const created = await browser.submit('/manage/incidents/new', {
    partnership: 'wandsworth',
    abuseOrNeglect: 'known',
    harm: 'died',
    lookedAfter: 'no',
    careLeaver: 'no',
    guidanceEdition: 'WT2023',
    ...dateFields('incidentOn', wd(-4)),
    ...dateFields('awareOn', wd(-3)),
    child1Pseudonym: pseudonym,
    child1Name: CHILD_NAME,
    // Every test's child has the same name: each is confirmed as a different
    // incident past the possible-duplicate warning (issue 8).
    confirmNotDuplicate: 'yes',
  })
  const incidentId = idFromLocation(created, '/manage/incidents/')
  const page = await browser.get(`/manage/incidents/${incidentId}`)
  const started = await browser.submit(
    `/manage/incidents/${incidentId}`,
    { version: versionIn(page.body) },
    `/manage/incidents/${incidentId}/rapid-review`,
  )
  return { incidentId, reviewId: idFromLocation(started, '/manage/rapid-reviews/') }
}

function assertRefused(
  response: { statusCode: number; body: string },
  href: string,
  message: RegExp,
  what: string,
): void {
  assert.equal(response.statusCode, 400, `${what}: status`)
  const summary = errorSummaryOf(response.body)
  const item = summary?.items.find((candidate) => candidate.href === href)
  assert.ok(item, `${what}: expected ${href} in ${JSON.stringify(summary?.items)}`)
  assert.match(item.text, message, what)
  assert.ok(!response.body.includes(SCRIPT), `${what}: nothing unescaped`)
}

/** An agency's checkbox on the agency requests form (several can be asked at once). */
function agencyOption(html: string, name: string): string {
  const match = new RegExp(
    `name="agencyIds" type="checkbox" value="([0-9a-f-]{36})"[^>]*>\\s*<label[^>]*>\\s*${name}`,
  ).exec(html)
  assert.ok(match?.[1], `agency option ${name}`)
  return match[1]
}

/** The version carried by the form posting to `action`: each step has its own (issue 8). */
function versionOfForm(html: string, action: string): string {
  const start = html.indexOf(`action="${action}"`)
  assert.ok(start >= 0, `a form posting to ${action}`)
  const match = /name="version" value="(\d+)"/.exec(html.slice(start))
  assert.ok(match?.[1], `the form posting to ${action} carries a version`)
  return match[1]
}

async function reviewState(harness: Harness, id: string): Promise<string> {
  const row = await harness.runtime.database.db
    .selectFrom('rapid_review')
    .select(['state', 'version'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow()
  return `${row.state}@${row.version}`
}

async function storedVersion(harness: Harness, id: string): Promise<string> {
  return (await reviewState(harness, id)).split('@')[1] ?? ''
}

describeOnEachDatabase('Rapid reviews: from incident to the Panel’s response', (h) => {
  itOnLeg(
    'S6–S9: the coordinator runs the rapid review to a decision, partners sign off, S7 is enforced, and the Panel responds',
    async () => {
      const harness = h()
      const { wd } = await workingDaysFromToday(harness)
      const coordinator = await signedIn(harness.app, COORDINATOR)
      const { incidentId, reviewId } = await incidentWithRapidReview(
        harness,
        coordinator,
        'Child V',
      )
      const base = `/manage/rapid-reviews/${reviewId}`
      const overview = await coordinator.get(base)
      assert.equal(overview.statusCode, 200)
      assert.equal(headingOf(overview.body), 'Rapid review: Child V')
      // Aware 3 working days ago: due 15 working days after that (S6), which is
      // 12 from a working day and 13 from a weekend or bank holiday (issue 7).
      const calendar = await harness.services.calendar.calendar()
      const today = harness.services.calendar.today()
      const left = calendar.workingDaysBetween(today, calendar.addWorkingDays(wd(-3), 15))
      assert.equal(left, calendar.isWorkingDay(today) ? 12 : 13)
      assert.match(
        textOf(overview.body),
        new RegExp(
          `Complete and send to the Panel by \\(S6\\) .* On track ${left} working days left`,
        ),
      )
      const incidentPage = textOf((await coordinator.get(`/manage/incidents/${incidentId}`)).body)
      assert.match(incidentPage, /Rapid review in progress/)

      const post = async (path: string, fields: Record<string, string>) => {
        const page = await coordinator.get(`${base}/${path}`)
        return coordinator.submit(`${base}/${path}`, { version: versionIn(page.body), ...fields })
      }

      // Agency requests (S8, working day 1).
      const requestsPage = await coordinator.get(`${base}/agency-requests`)
      const police = agencyOption(requestsPage.body, 'Metropolitan Police Service')
      const health = agencyOption(requestsPage.body, 'NHS South West London')
      assertRefused(
        await post('agency-requests', {
          agencyIds: '',
          ...dateFields('requestedOn', wd(-2)),
          ...dateFields('dueOn', wd(5)),
        }),
        '#agencyIds',
        /Select the agencies/,
        'no agency',
      )
      assertRefused(
        await post('agency-requests', {
          agencyIds: police,
          ...dateFields('requestedOn', '2023-02-30'),
          ...dateFields('dueOn', wd(5)),
        }),
        '#requestedOn-day',
        /real date/,
        '2023-02-30',
      )
      assertRefused(
        await post('agency-requests', {
          agencyIds: police,
          'requestedOn-day': 'x',
          'requestedOn-month': '1',
          'requestedOn-year': '2024',
          ...dateFields('dueOn', wd(5)),
        }),
        '#requestedOn-day',
        /real date/,
        'wrong type',
      )
      assertRefused(
        await post('agency-requests', {
          agencyIds: police,
          ...dateFields('requestedOn', wd(-2)),
          ...dateFields('dueOn', wd(-3)),
        }),
        '#dueOn-day',
        new RegExp(
          `The date the information is due \\(${longDate(wd(-3))}\\) must be the same as or after the date of the request \\(${longDate(wd(-2))}\\)`,
        ),
        'due before requested (both dates named)',
      )
      assertRefused(
        await post('agency-requests', {
          agencyIds: police,
          ...dateFields('requestedOn', wd(1)),
          ...dateFields('dueOn', wd(5)),
        }),
        '#requestedOn-day',
        /today or in the past/,
        'future request',
      )
      const requestsBefore = await countRows(harness, 'rapid_review_agency_request')
      for (const agencyId of [police, health]) {
        const added = await post('agency-requests', {
          agencyIds: agencyId,
          ...dateFields('requestedOn', wd(-2)),
          ...dateFields('dueOn', wd(5)),
        })
        assert.equal(added.statusCode, 303, added.body)
      }
      assert.equal(await countRows(harness, 'rapid_review_agency_request'), requestsBefore + 2)
      const listed = await coordinator.get(`${base}/agency-requests`)
      assert.match(textOf(listed.body), /Metropolitan Police Service.* Awaited/)
      const requestHref = new RegExp(`${base}/agency-requests/([0-9a-f-]{36})`).exec(
        listed.body,
      )?.[0]
      assert.ok(requestHref)
      const responsePage = await coordinator.get(requestHref)
      assertRefused(
        await coordinator.submit(requestHref, {
          version: versionIn(responsePage.body),
          ...dateFields('receivedOn', wd(-1)),
          summary: '',
        }),
        '#summary',
        /Enter a summary/,
        'empty summary',
      )
      assertRefused(
        await coordinator.submit(requestHref, {
          version: versionIn(responsePage.body),
          ...dateFields('receivedOn', wd(-1)),
          summary: 'x'.repeat(10001),
        }),
        '#summary',
        /10000 characters or fewer/,
        'summary too long',
      )
      const received = await coordinator.submit(requestHref, {
        version: versionIn(responsePage.body),
        ...dateFields('receivedOn', wd(-1)),
        summary: `Known to police. ${SCRIPT}`,
      })
      assert.equal(received.statusCode, 303, received.body)
      const afterReceived = await coordinator.get(requestHref)
      assert.ok(afterReceived.body.includes(ESCAPED_SCRIPT) && !afterReceived.body.includes(SCRIPT))

      // The meeting.
      assertRefused(
        await post('meeting', { ...dateFields('meetingOn', wd(-1)), attendees: '' }),
        '#attendees',
        /Enter who attended/,
        'no attendees',
      )
      assertRefused(
        await post('meeting', { ...dateFields('meetingOn', '2023-02-30'), attendees: 'Chair' }),
        '#meetingOn-day',
        /real date/,
        'meeting 2023-02-30',
      )
      assertRefused(
        await post('meeting', { attendees: 'Chair' }),
        '#meetingOn-day',
        /Enter the date/,
        'meeting date empty',
      )
      assertRefused(
        await post('meeting', { ...dateFields('meetingOn', wd(-1)), attendees: 'x'.repeat(2001) }),
        '#attendees',
        /2000 characters/,
        'attendees too long',
      )
      assert.equal(
        (
          await post('meeting', {
            ...dateFields('meetingOn', wd(-1)),
            attendees: 'Independent chair\nPolice DI',
          })
        ).statusCode,
        303,
      )

      // Findings and immediate safety actions.
      assertRefused(
        await post('findings', { factsEstablished: '', learningIdentified: '' }),
        '#factsEstablished',
        /Enter the facts/,
        'no facts',
      )
      assertRefused(
        await post('findings', { factsEstablished: 'a\u0000b' }),
        '#factsEstablished',
        /control characters/,
        'control character',
      )
      assert.equal(
        (
          await post('findings', {
            factsEstablished: 'Child V was known to two agencies.',
            learningIdentified: SCRIPT,
          })
        ).statusCode,
        303,
      )
      const findings = await coordinator.get(`${base}/findings`)
      assertRefused(
        await coordinator.submit(
          `${base}/findings`,
          {
            version: versionOfForm(findings.body, `${base}/safety-actions`),
            action: 'Strategy discussion',
            owner: '',
          },
          `${base}/safety-actions`,
        ),
        '#owner',
        /Enter who owns/,
        'no owner',
      )
      assert.equal(
        (
          await coordinator.submit(
            `${base}/findings`,
            {
              version: versionOfForm(findings.body, `${base}/safety-actions`),
              action: 'Strategy discussion for siblings',
              owner: 'Children’s Services',
            },
            `${base}/safety-actions`,
          )
        ).statusCode,
        303,
      )
      assert.match(
        textOf((await coordinator.get(`${base}/findings`)).body),
        /Strategy discussion for siblings Children’s Services/,
      )

      // S9: no decision before the criteria are answered.
      assertRefused(
        await post('decision', {
          decision: 'local-cspr',
          rationale: 'Criteria met',
          ...dateFields('decidedOn', wd(0)),
        }),
        '#decision',
        /reg\. 11 criteria .*\(S9\)/,
        'decision before criteria',
      )
      // S8/S9: no sign-off before a decision with rationale.
      const partner = await signedIn(harness.app, PARTNER)
      const signOffPage = await partner.get(`${base}/sign-off`)
      assert.equal(signOffPage.statusCode, 200)
      assertRefused(
        await partner.submit(`${base}/sign-off`, {
          version: versionIn(signOffPage.body),
          partner: 'local-authority',
          confirm: 'yes',
        }),
        '#partner',
        /cannot be signed off before the partners’ decision and its rationale/,
        'sign-off before decision',
      )

      // The criteria (S9 a–d).
      assertRefused(
        await post('criteria', { criterionA: 'yes', criterionB: 'no', criterionC: 'maybe' }),
        '#criterionD',
        /criterion \(d\)/,
        'missing (d)',
      )
      assertRefused(
        await post('criteria', {
          criterionA: 'probably',
          criterionB: 'no',
          criterionC: 'maybe',
          criterionD: 'no',
        }),
        '#criterionA',
        /criterion \(a\)/,
        'wrong answer',
      )
      assertRefused(
        await post('criteria', {
          criterionA: 'yes',
          criterionB: 'no',
          criterionC: 'maybe',
          criterionD: 'no',
          criterionANote: 'x'.repeat(2001),
        }),
        '#criterionANote',
        /2000 characters/,
        'note too long',
      )
      assert.equal(
        (
          await post('criteria', {
            criterionA: 'yes',
            criterionB: 'no',
            criterionC: 'yes',
            criterionCNote: 'Two agencies',
            criterionD: 'no',
          })
        ).statusCode,
        303,
      )

      // The decision.
      assertRefused(
        await post('decision', {
          decision: 'local-cspr',
          rationale: '',
          ...dateFields('decidedOn', wd(0)),
        }),
        '#rationale',
        /Enter the rationale/,
        'no rationale',
      )
      assertRefused(
        await post('decision', {
          decision: 'review',
          rationale: 'x',
          ...dateFields('decidedOn', wd(0)),
        }),
        '#decision',
        /Select the partners’ decision/,
        'unknown decision',
      )
      assertRefused(
        await post('decision', {
          decision: 'local-cspr',
          rationale: 'x',
          ...dateFields('decidedOn', '2023-02-30'),
        }),
        '#decidedOn-day',
        /real date/,
        'decision 2023-02-30',
      )
      assert.equal(
        (
          await post('decision', {
            decision: 'local-cspr',
            rationale: 'Criteria (a) and (c) are met.',
            ...dateFields('decidedOn', wd(0)),
          })
        ).statusCode,
        303,
      )

      // S7 and S8: not sent before sign-offs and the notification; nothing stored.
      const stateBefore = await reviewState(harness, reviewId)
      const refusedSend = await post('sent-to-panel', dateFields('sentToPanelOn', wd(0)))
      assertRefused(
        refusedSend,
        '#sentToPanelOn-day',
        /prior notification of the incident \(S7\).*still to sign: Local authority, Police, Health/,
        'send before sign-off and notification',
      )
      assert.equal(await reviewState(harness, reviewId), stateBefore)
      assert.match(textOf((await coordinator.get(base)).body), /cannot be sent to the Panel yet/)

      // The three statutory partners sign off (the demo partner is not tied to one agency).
      const coordinatorSigns = await coordinator.submit(`${base}/sign-off`, {
        version: '1',
        partner: 'police',
        confirm: 'yes',
      })
      assert.equal(coordinatorSigns.statusCode, 403, 'a coordinator cannot sign off')
      let page = await partner.get(`${base}/sign-off`)
      // S8: the page offers only the signer's own partner, the local authority.
      assert.match(textOf(page.body), /You are signing for Local authority/)
      assert.ok(!page.body.includes('value="police"'), 'no other partner offered')
      assertRefused(
        await partner.submit(`${base}/sign-off`, {
          version: versionIn(page.body),
          partner: 'local-authority',
        }),
        '#confirm',
        /Confirm/,
        'unconfirmed',
      )
      assertRefused(
        await partner.submit(`${base}/sign-off`, {
          version: versionIn(page.body),
          partner: 'education',
          confirm: 'yes',
        }),
        '#partner',
        /You are the delegate of Local authority: you can sign only for it/,
        'not a statutory partner',
      )
      // A forged form for another partner is refused, naming both (S8).
      const signedBefore = await countRows(harness, 'rapid_review_sign_off')
      assertRefused(
        await partner.submit(`${base}/sign-off`, {
          version: versionIn(page.body),
          partner: 'police',
          confirm: 'yes',
        }),
        '#partner',
        /You are the delegate of Local authority: you can sign only for it, not for Police \(S8\)/,
        'forged sign-off for the police',
      )
      assert.equal(await countRows(harness, 'rapid_review_sign_off'), signedBefore)
      // The demo partner signs for the local authority, the police's own delegate for the police.
      page = await partner.get(`${base}/sign-off`)
      const signedByPartner = await partner.submit(`${base}/sign-off`, {
        version: versionIn(page.body),
        partner: 'local-authority',
        confirm: 'yes',
      })
      assert.equal(signedByPartner.statusCode, 303, signedByPartner.body)
      // One person cannot sign for a second partner (S8: each signs by its own delegate).
      page = await partner.get(`${base}/sign-off`)
      assert.match(textOf(page.body), /You signed for Local authority/)
      assert.ok(!page.body.includes('name="partner"'), 'no options left for this person')
      assertRefused(
        await partner.submit(`${base}/sign-off`, {
          version: await storedVersion(harness, reviewId),
          partner: 'police',
          confirm: 'yes',
        }),
        '#partner',
        /You have already signed off for Local authority: each statutory partner signs by its own delegate/,
        'one person signing twice',
      )
      const policeDelegate = await signedIn(harness.app, 'partner-police@wandsworth.example')
      page = await policeDelegate.get(`${base}/sign-off`)
      assert.equal(
        (
          await policeDelegate.submit(`${base}/sign-off`, {
            version: versionIn(page.body),
            partner: 'police',
            confirm: 'yes',
          })
        ).statusCode,
        303,
      )
      // Still one to sign: still refused.
      assertRefused(
        await post('sent-to-panel', dateFields('sentToPanelOn', wd(0))),
        '#sentToPanelOn-day',
        /still to sign: Health/,
        'send with one sign-off missing',
      )
      const healthDelegate = await signedIn(harness.app, 'partner-health@wandsworth.example')
      page = await healthDelegate.get(`${base}/sign-off`)
      assert.ok(!page.body.includes('value="police"'), 'only health for its delegate')
      assert.equal(
        (
          await healthDelegate.submit(`${base}/sign-off`, {
            version: versionIn(page.body),
            partner: 'health',
            confirm: 'yes',
          })
        ).statusCode,
        303,
      )
      const signOffs = textOf((await partner.get(`${base}/sign-off`)).body)
      assert.match(signOffs, /Local authority Signed by Demo Partner/)
      assert.match(signOffs, /Police Signed by Demo Police Partner/)
      assert.match(signOffs, /Health \(integrated care board\) Signed by Demo Health Partner/)

      // S7: all signed, but the Panel has not been notified yet.
      assertRefused(
        await post('sent-to-panel', dateFields('sentToPanelOn', wd(0))),
        '#sentToPanelOn-day',
        /without a prior notification of the incident \(S7\)/,
        'send before notification',
      )
      const incidentForm = await coordinator.get(`/manage/incidents/${incidentId}`)
      assert.equal(
        (
          await coordinator.submit(
            `/manage/incidents/${incidentId}`,
            { version: versionIn(incidentForm.body), ...dateFields('panelNotifiedOn', wd(-1)) },
            `/manage/incidents/${incidentId}/notifications`,
          )
        ).statusCode,
        303,
      )
      assertRefused(
        await post('sent-to-panel', dateFields('sentToPanelOn', wd(-2))),
        '#sentToPanelOn-day',
        /before the Panel was notified/,
        'sent before notified',
      )
      assertRefused(
        await post('sent-to-panel', dateFields('sentToPanelOn', wd(1))),
        '#sentToPanelOn-day',
        /today or in the past/,
        'sent in the future',
      )
      assert.equal(
        (await post('sent-to-panel', dateFields('sentToPanelOn', wd(0)))).statusCode,
        303,
      )
      const sentOverview = textOf((await coordinator.get(base)).body)
      assert.match(sentOverview, /Status Sent to the Panel/)
      assert.match(sentOverview, /Complete and send to the Panel by \(S6\) .* Done on time/)
      assert.match(
        textOf((await coordinator.get(`/manage/incidents/${incidentId}`)).body),
        /Rapid review sent to the Panel/,
      )
      assertRefused(
        await coordinator.submit(`${base}/criteria`, {
          version: '2',
          criterionA: 'no',
          criterionB: 'no',
          criterionC: 'no',
          criterionD: 'no',
        }),
        '#rapidReview',
        /sent to the Panel/,
        'edit after sending',
      )

      // The Panel's response.
      assertRefused(
        await post('panel-response', { ...dateFields('respondedOn', wd(0)), nationalReview: 'no' }),
        '#panelAgrees',
        /Select whether the Panel agrees/,
        'no agreement answer',
      )
      assertRefused(
        await post('panel-response', {
          ...dateFields('respondedOn', '2023-02-30'),
          panelAgrees: 'yes',
          nationalReview: 'no',
        }),
        '#respondedOn-day',
        /real date/,
        'response 2023-02-30',
      )
      assert.equal(
        (
          await post('panel-response', {
            ...dateFields('respondedOn', wd(0)),
            panelAgrees: 'yes',
            nationalReview: 'no',
            notes: 'Agreed.',
          })
        ).statusCode,
        303,
      )
      assert.match(textOf((await coordinator.get(base)).body), /Status Panel responded/)

      // The report, as PDF and DOCX, pseudonyms only.
      const pdf = await coordinator.get(`${base}/report.pdf`)
      assert.equal(pdf.statusCode, 200)
      assert.equal(pdf.headers['content-type'], 'application/pdf')
      assert.ok(pdf.rawPayload.length > 1000)
      assert.equal(pdf.rawPayload.subarray(0, 5).toString('latin1'), '%PDF-')
      const docx = await partner.get(`${base}/report.docx`)
      assert.equal(docx.statusCode, 200)
      assert.equal(docx.headers['content-type'], DOCX_TYPE)
      assert.ok(docx.rawPayload.length > 1000)
      assert.equal(docx.rawPayload.subarray(0, 2).toString('latin1'), 'PK')
      const view = await harness.services.rapidReviews.get(
        await harness.services.auth.actorFor(
          (
            await harness.runtime.database.db
              .selectFrom('app_user')
              .select('id')
              .where('email', '=', COORDINATOR)
              .executeTakeFirstOrThrow()
          ).id,
        ),
        reviewId,
      )
      const report = JSON.stringify(rapidReviewReportDocument(view))
      assert.ok(report.includes('Child V'))
      assert.ok(!report.includes(CHILD_NAME), 'no restricted identity fields in the report')
      const exports = await harness.runtime.database.db
        .selectFrom('audit_event')
        .select('summary')
        .where('record_id', '=', reviewId)
        .where('action', '=', 'rapid-review.report-exported')
        .execute()
      assert.equal(exports.length, 2)
      for (const event of await harness.runtime.database.db
        .selectFrom('audit_event')
        .select('summary')
        .where('record_id', 'in', [reviewId, incidentId])
        .execute()) {
        assert.ok(!event.summary.includes(CHILD_NAME), 'no restricted fields in the audit trail')
      }
    },
  )

  itOnLeg(
    'API: GET /api/v1/rapid-reviews/:id answers what the pages show, pseudonyms only; others 404, bad ids 400, no token 401',
    async () => {
      const harness = h()
      const coordinator = await signedIn(harness.app, COORDINATOR)
      const { incidentId, reviewId } = await incidentWithRapidReview(
        harness,
        coordinator,
        'Child Api',
      )
      const token = await apiToken(harness, COORDINATOR)
      const response = await api(harness.app, token, 'GET', `/api/v1/rapid-reviews/${reviewId}`)
      assert.equal(response.statusCode, 200, response.body)
      assert.match(String(response.headers['content-type']), /^application\/json/)
      const started = response.json<RapidReviewJson>()
      const incident = (
        await api(harness.app, token, 'GET', `/api/v1/incidents/${incidentId}`)
      ).json<{ rapidReviewDueOn: string; rapidReviewId: string }>()
      assert.equal(incident.rapidReviewId, reviewId)
      assert.equal(started.id, reviewId)
      assert.equal(started.incidentId, incidentId)
      assert.equal(started.partnership.slug, 'wandsworth')
      assert.deepEqual(started.childPseudonyms, ['Child Api'])
      assert.equal(started.state, 'in-progress')
      assert.equal(started.dueOn, incident.rapidReviewDueOn, 'S6: aware + 15 working days')
      assert.deepEqual(
        started.criteria.map((criterion) => [criterion.criterion, criterion.answer]),
        [
          ['a', null],
          ['b', null],
          ['c', null],
          ['d', null],
        ],
      )
      assert.deepEqual(
        started.signOffs.map((signOff) => [signOff.partner, signOff.signedOn]),
        [
          ['local-authority', null],
          ['police', null],
          ['health', null],
        ],
      )
      assert.equal(started.decision, null)
      assert.equal(started.canBeSentToPanel.allowed, false)
      assert.match(started.canBeSentToPanel.reason ?? '', /Panel/, 'why not, as the page says')
      assert.ok(!response.body.includes(CHILD_NAME), 'no restricted identity fields')

      // The demo's rapid review, decided, signed off, sent and answered by the Panel.
      const answered = await harness.runtime.database.db
        .selectFrom('rapid_review')
        .select('id')
        .where('state', '=', 'panel-responded')
        .executeTakeFirstOrThrow()
      const done = (
        await api(harness.app, token, 'GET', `/api/v1/rapid-reviews/${answered.id}`)
      ).json<RapidReviewJson>()
      assert.equal(done.state, 'panel-responded')
      assert.ok(done.decision !== null && done.decidedOn !== null)
      assert.ok(done.signOffs.every((signOff) => signOff.signedOn !== null))
      assert.ok(done.sentToPanelOn !== null)
      assert.ok(done.panelResponse !== null)
      assert.deepEqual(done.childPseudonyms, ['Child B'])

      // Others: another partnership's coordinator and a practitioner learn nothing.
      for (const email of [SOUTHWARK_COORDINATOR, PRACTITIONER]) {
        const other = await api(
          harness.app,
          await apiToken(harness, email),
          'GET',
          `/api/v1/rapid-reviews/${reviewId}`,
        )
        assert.equal(other.statusCode, 404, email)
        assert.ok(!other.body.includes('Child Api'), email)
      }
      const bad = await api(harness.app, token, 'GET', '/api/v1/rapid-reviews/not-an-id')
      assert.equal(bad.statusCode, 400)
      assert.deepEqual(bad.json(), {
        errors: [{ field: 'id', message: 'must be a rapid review id' }],
      })
      const anonymous = await api(harness.app, null, 'GET', `/api/v1/rapid-reviews/${reviewId}`)
      assert.equal(anonymous.statusCode, 401)
      // Described in the OpenAPI document.
      const document = (
        await harness.app.inject({ method: 'GET', url: '/api/docs/openapi.json' })
      ).json<{ paths: Record<string, { get?: unknown }> }>()
      assert.ok(document.paths['/rapid-reviews/{id}']?.get)
    },
  )

  itOnLeg('a partner tied to an agency signs for that agency’s kind only', async () => {
    const harness = h()
    const { wd } = await workingDaysFromToday(harness)
    const email = 'police-partner@wandsworth.example'
    await harness.services.users.createUser(
      {
        email,
        displayName: 'Police Partner',
        partnershipSlug: 'wandsworth',
        role: 'partner',
        agencyName: 'Metropolitan Police Service, South West basic command unit',
        password: DEMO_PASSWORD,
      },
      COMMAND_LINE,
    )
    const coordinator = await signedIn(harness.app, COORDINATOR)
    const { reviewId } = await incidentWithRapidReview(harness, coordinator, 'Child W')
    const base = `/manage/rapid-reviews/${reviewId}`
    const post = async (path: string, fields: Record<string, string>) => {
      const page = await coordinator.get(`${base}/${path}`)
      return coordinator.submit(`${base}/${path}`, { version: versionIn(page.body), ...fields })
    }
    assert.equal(
      (
        await post('criteria', {
          criterionA: 'no',
          criterionB: 'no',
          criterionC: 'no',
          criterionD: 'no',
        })
      ).statusCode,
      303,
    )
    assert.equal(
      (
        await post('decision', {
          decision: 'no-local-review',
          rationale: 'No criteria met.',
          ...dateFields('decidedOn', wd(0)),
        })
      ).statusCode,
      303,
    )
    const police = await signedIn(harness.app, email)
    const page = await police.get(`${base}/sign-off`)
    assert.match(page.body, /value="police"/)
    assert.ok(!page.body.includes('value="health"'), 'only the police option')
    assertRefused(
      await police.submit(`${base}/sign-off`, {
        version: versionIn(page.body),
        partner: 'health',
        confirm: 'yes',
      }),
      '#partner',
      /You are the delegate of Police: you can sign only for it, not for Health \(integrated care board\) \(S8\)/,
      'wrong partner',
    )
    assert.equal(
      (
        await police.submit(`${base}/sign-off`, {
          version: versionIn(page.body),
          partner: 'police',
          confirm: 'yes',
        })
      ).statusCode,
      303,
    )
    // A stale form is refused, not applied.
    const stale = await coordinator.submit(`${base}/decision`, {
      version: versionIn(page.body),
      decision: 'local-cspr',
      rationale: 'x',
      ...dateFields('decidedOn', wd(0)),
    })
    assert.equal(stale.statusCode, 409)
  })

  itOnLeg(
    'who may see and do what: practitioners 403, other partnerships 404, readers cannot edit',
    async () => {
      const harness = h()
      const coordinator = await signedIn(harness.app, COORDINATOR)
      const { reviewId } = await incidentWithRapidReview(harness, coordinator, 'Child X')
      const base = `/manage/rapid-reviews/${reviewId}`
      const practitioner = await signedIn(harness.app, PRACTITIONER)
      for (const path of [
        '',
        '/agency-requests',
        '/meeting',
        '/findings',
        '/criteria',
        '/decision',
        '/sign-off',
        '/sent-to-panel',
        '/panel-response',
        '/report.pdf',
        '/report.docx',
      ]) {
        assert.equal((await practitioner.get(`${base}${path}`)).statusCode, 403, path)
      }
      assert.equal(
        (await practitioner.submit('/manage', { version: '1', attendees: 'x' }, `${base}/meeting`))
          .statusCode,
        403,
      )
      const southwark = await signedIn(harness.app, SOUTHWARK_COORDINATOR)
      assert.equal((await southwark.get(base)).statusCode, 404)
      assert.equal(
        (await southwark.submit('/manage', { version: '1', attendees: 'x' }, `${base}/meeting`))
          .statusCode,
        404,
      )
      // A partner reads the rapid review but cannot change its details.
      const partner = await signedIn(harness.app, PARTNER)
      const meeting = await partner.get(`${base}/meeting`)
      assert.equal(meeting.statusCode, 200)
      assert.ok(!meeting.body.includes(`action="${base}/meeting"`))
      assert.equal(
        (await partner.submit(`${base}/meeting`, { version: '1', attendees: 'x' })).statusCode,
        403,
      )
      // Missing or mangled version: a clear error, nothing stored.
      const noVersion = await coordinator.submit(`${base}/meeting`, {
        version: 'abc',
        attendees: 'Chair',
        ...dateFields('meetingOn', (await workingDaysFromToday(harness)).today),
      })
      assert.equal(noVersion.statusCode, 400)
      assert.ok(inlineErrorsOf(noVersion.body).some((error) => error.startsWith('version:')))
      assert.ok(
        errorSummaryOf(noVersion.body)?.items.some((item) => /Reload the page/.test(item.text)),
      )
      assert.match(await reviewState(harness, reviewId), /^in-progress@1$/)
    },
  )
})
