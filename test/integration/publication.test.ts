// Issue 9 (S13–S17): publishing a review. The plan and its S16 date on the
// dashboard and in the calendar feed; a version with the child in its footer
// blocked; the copies sent; publishing refused until 7 working days after them
// (on a test clock, over Christmas and New Year), then done; the review on
// /reviews, in the feed, the sitemap and search; its public copy stripped of
// metadata; a "redacted" PDF with text under a black box refused; a corrected
// version replacing the file; an early take-down an administrator's alone,
// after which the page answers 410 Gone and search forgets the review.
import assert from 'node:assert/strict'
import { PDFDocument, PDFName, rgb, StandardFonts } from 'pdf-lib'
import { buildDocx, buildPdf } from '../support/report-fixtures.js'
import { clockFor } from '../support/test-clock.js'
import {
  describeOnEachDatabase,
  itOnLeg,
  type Browser,
  type Harness,
} from './support/app-harness.js'
import { textOf } from './support/html.js'
import { ADMINISTRATOR, COORDINATOR, dbOf, signedIn } from './support/incident-helpers.js'
import { ACCOUNTS, actorFor } from './support/route-walk.js'

/** The services' clock: set to a day, ticking from noon UTC of it. */
let clock = clockFor('2026-12-16')
const setDay = (day: string) => {
  clock = clockFor(day)
}
const now = () => clock()

const CHILD_NAME = 'Jayden Okafor'
/** A word only the report has, to find it by search once (and only once) it is public. */
const REPORT_WORD = 'quillfeather'

async function finishedReview(harness: Harness): Promise<{ id: string; slug: string }> {
  const db = dbOf(harness)
  const review = await db
    .selectFrom('review')
    .select(['id', 'slug', 'rapid_review_id'])
    .where('slug', '=', 'demo-review-child-c')
    .executeTakeFirstOrThrow()
  // The child's name on the review's incident, for the redaction check to look for.
  const rapidReview = await db
    .selectFrom('rapid_review')
    .innerJoin('incident', 'incident.id', 'rapid_review.incident_id')
    .innerJoin('partnership', 'partnership.id', 'incident.partnership_id')
    .select(['rapid_review.id', 'rapid_review.incident_id'])
    .where('partnership.slug', '=', 'wandsworth')
    .where('rapid_review.state', '=', 'panel-responded')
    .executeTakeFirstOrThrow()
  await db
    .updateTable('review')
    .set({
      rapid_review_id: review.rapid_review_id ?? rapidReview.id,
      // The work of the review is other tests' subject: here it is finished.
      status: 'final-report-received',
      final_report_received_on: '2026-12-01',
    })
    .where('id', '=', review.id)
    .execute()
  const incidentId = (
    await db
      .selectFrom('review')
      .innerJoin('rapid_review', 'rapid_review.id', 'review.rapid_review_id')
      .select('rapid_review.incident_id')
      .where('review.id', '=', review.id)
      .executeTakeFirstOrThrow()
  ).incident_id
  await db
    .updateTable('incident_child')
    .set({ restricted_name: CHILD_NAME })
    .where('incident_id', '=', incidentId)
    .where('position', '=', 1)
    .execute()
  return { id: review.id, slug: review.slug }
}

async function upload(
  browser: Browser,
  reviewId: string,
  fileName: string,
  bytes: Uint8Array,
  contentType = 'application/pdf',
) {
  const url = `/manage/reviews/${reviewId}/report-versions/new`
  const page = await browser.get(url)
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? ''
  const response = await browser.postMultipart(
    `/manage/reviews/${reviewId}/report-versions/new`,
    { _csrf: csrf, note: '' },
    { fileName, contentType, bytes },
  )
  assert.equal(response.statusCode, 303, response.body.slice(0, 500))
  const versionId = /report-versions\/([0-9a-f-]{36})/.exec(response.headers.location ?? '')?.[1]
  assert.ok(versionId)
  return versionId
}

/** A PDF whose "redaction" is a black box drawn over text that is still there. */
async function pdfWithTextUnderABox(): Promise<Uint8Array> {
  const pdf = await PDFDocument.create()
  const font = await pdf.embedFont(StandardFonts.Helvetica)
  const page = pdf.addPage([595, 842])
  page.drawText(`Learning about ${REPORT_WORD} practice.`, { x: 50, y: 780, size: 11, font })
  page.drawText('The child lived with a relative.', { x: 50, y: 700, size: 11, font })
  page.drawRectangle({ x: 45, y: 695, width: 250, height: 18, color: rgb(0, 0, 0) })
  return pdf.save()
}

async function versionOfPublishForm(browser: Browser, reviewId: string) {
  const page = await browser.get(`/manage/reviews/${reviewId}/publication`)
  assert.equal(page.statusCode, 200)
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? ''
  const version = /action="[^"]*\/publication\/publish"[\s\S]*?name="version" value="(\d+)"/.exec(
    page.body,
  )?.[1]
  return { page, csrf, version: version ?? '' }
}

describeOnEachDatabase(
  'Publishing a review (issue 9, S13–S17)',
  (h) => {
    itOnLeg('plans, sends, waits 7 working days, publishes, replaces and takes down', async () => {
      const harness = h()
      setDay('2026-12-16')
      const review = await finishedReview(harness)
      const base = `/manage/reviews/${review.id}/publication`
      let coordinator = await signedIn(harness.app, COORDINATOR)

      // The plan: a date in the past and a missing reviewer are refused with messages.
      const refused = await coordinator.submit(`${base}/plan`, {
        scope: 'full-report',
        'plannedOn-day': '1',
        'plannedOn-month': '12',
        'plannedOn-year': '2026',
        scopeReason: '',
        reviewerNames: '',
        version: '',
      })
      assert.equal(refused.statusCode, 400)
      assert.match(textOf(refused.body), /must be today \(16 December 2026\) or later/)
      const planned = await coordinator.submit(`${base}/plan`, {
        scope: 'full-report',
        'plannedOn-day': '6',
        'plannedOn-month': '1',
        'plannedOn-year': '2027',
        scopeReason: '',
        reviewerNames: 'Jane Reviewer',
        version: '',
      })
      assert.equal(planned.statusCode, 303, textOf(planned.body).slice(0, 400))

      // S16: send by 23 December 2026 (7 working days before 6 January 2027, over Christmas).
      const plannedPage = await coordinator.get(base)
      assert.match(textOf(plannedPage.body), /Send by: 23 December 2026/)
      // …and in the coordinator's calendar feed, as an all-day event on that date.
      const feed = await harness.services.calendarFeeds.create(
        await actorFor(harness, ACCOUNTS.coordinator),
      )
      // Folded lines joined (RFC 5545 3.1); commas are escaped in text.
      const ics = (
        await harness.app.inject({ method: 'GET', url: `/calendar/${feed.token}.ics` })
      ).body.replace(/\r?\n /g, '')
      const event = new RegExp(
        `UID:review-${review.id}-publication-copy@[^\\r\\n]*\\r?\\nDTSTAMP:[^\\r\\n]*\\r?\\nDTSTART;VALUE=DATE:20261223`,
      )
      assert.match(ics, event)
      assert.match(
        ics,
        /SUMMARY:Send the report to the Panel\\, the Secretary of State and Ofsted: Child C/,
      )
      // …and the business unit is reminded by email (through the outbox) before it falls due.
      await harness.services.reminders.sendStatutoryClockReminders()
      const reminders = await dbOf(harness)
        .selectFrom('outbox_message')
        .select(['subject', 'text_body', 'recipient_email'])
        .where('kind', '=', 'statutory-clock-reminder')
        .where('subject', 'like', '%(S16)%')
        .execute()
      const reminder = reminders.find((message) => message.recipient_email === COORDINATOR)
      assert.equal(
        reminder?.subject,
        'Statutory deadline on 23 December 2026: Report to the Panel before publication (S16) – Wandsworth Safeguarding Children Partnership',
      )
      assert.match(reminder?.text_body ?? '', /in 5 working days/)
      assert.ok(!reminder?.text_body.includes(CHILD_NAME), 'pseudonyms only')
      const dashboard = await coordinator.get('/manage?kind=review')
      assert.match(textOf(dashboard.body), /Send the report before publication \(S16\)/)

      // A version with the child's name in the footer is blocked, and the check says "footer".
      const named = await upload(
        coordinator,
        review.id,
        'draft.docx',
        buildDocx({ body: ['Learning from the review.'], footer: `Prepared about ${CHILD_NAME}` }),
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      )
      const namedPage = await coordinator.get(
        `/manage/reviews/${review.id}/report-versions/${named}`,
      )
      assert.match(textOf(namedPage.body), /footer/i)
      const clean = await upload(
        coordinator,
        review.id,
        'final.pdf',
        await buildPdf({
          pages: [`Learning about ${REPORT_WORD} practice for Child C.`],
          title: 'Draft for the partnership board',
          author: 'Someone who wrote it',
        }),
      )
      const boxed = await upload(coordinator, review.id, 'boxed.pdf', await pdfWithTextUnderABox())

      // Nothing of a draft is searchable.
      const before = await harness.services.publicSearch.search({
        text: REPORT_WORD,
        page: 1,
        pageSize: 10,
      })
      assert.equal(before.total, 0)

      // Not sent yet: refused, naming the three recipients; the child-named version refused too.
      let form = await versionOfPublishForm(coordinator, review.id)
      let attempt = await coordinator.post(`${base}/publish`, {
        _csrf: form.csrf,
        version: form.version,
        versionId: named,
      })
      assert.equal(attempt.statusCode, 400)
      const refusedText = textOf(attempt.body)
      assert.match(
        refusedText,
        /Record when the report was sent to the Child Safeguarding Practice Review Panel, the Secretary of State and Ofsted/,
      )
      assert.match(refusedText, /redaction check found details that are not resolved/)

      // Sent on 23 December 2026.
      setDay('2026-12-23')
      coordinator = await signedIn(harness.app, COORDINATOR)
      const sent = await coordinator.submit(`${base}/sent`, {
        version: String(
          (
            await dbOf(harness)
              .selectFrom('publication_plan')
              .select('version')
              .where('review_id', '=', review.id)
              .executeTakeFirstOrThrow()
          ).version,
        ),
        'sentToPanelOn-day': '23',
        'sentToPanelOn-month': '12',
        'sentToPanelOn-year': '2026',
        'sentToSecretaryOfStateOn-day': '23',
        'sentToSecretaryOfStateOn-month': '12',
        'sentToSecretaryOfStateOn-year': '2026',
        'sentToOfstedOn-day': '23',
        'sentToOfstedOn-month': '12',
        'sentToOfstedOn-year': '2026',
      })
      assert.equal(sent.statusCode, 303, textOf(sent.body).slice(0, 400))

      // Tuesday 5 January 2027: the sixth working day after; refused.
      setDay('2027-01-05')
      coordinator = await signedIn(harness.app, COORDINATOR)
      form = await versionOfPublishForm(coordinator, review.id)
      assert.match(textOf(form.page.body), /It can be published from 6 January 2027/)
      attempt = await coordinator.post(`${base}/publish`, {
        _csrf: form.csrf,
        version: form.version,
        versionId: clean,
      })
      assert.equal(attempt.statusCode, 400)
      assert.match(
        textOf(attempt.body),
        /cannot be published until 6 January 2027, 7 working days later \(S16\)/,
      )
      assert.equal((await coordinator.get(`/reviews/${review.slug}`)).statusCode, 404)

      // Wednesday 6 January 2027: the "redacted" PDF with text under a box is refused; the clean one goes.
      setDay('2027-01-06')
      coordinator = await signedIn(harness.app, COORDINATOR)
      form = await versionOfPublishForm(coordinator, review.id)
      attempt = await coordinator.post(`${base}/publish`, {
        _csrf: form.csrf,
        version: form.version,
        versionId: boxed,
      })
      assert.equal(attempt.statusCode, 400)
      assert.match(textOf(attempt.body), /Version 3 cannot be published: .*page 1/)
      attempt = await coordinator.post(`${base}/publish`, {
        _csrf: form.csrf,
        version: form.version,
        versionId: clean,
        'availableUntil-day': '5',
        'availableUntil-month': '1',
        'availableUntil-year': '2028',
      })
      assert.equal(attempt.statusCode, 400, 'less than a year (S15)')
      assert.match(textOf(attempt.body), /available until at least 6 January 2028/)
      attempt = await coordinator.post(`${base}/publish`, {
        _csrf: form.csrf,
        version: form.version,
        versionId: clean,
      })
      assert.equal(attempt.statusCode, 303, textOf(attempt.body).slice(0, 600))

      // Public: the page with its download, the list, the feed, the sitemap and search.
      const publicPage = await coordinator.get(`/reviews/${review.slug}`)
      assert.equal(publicPage.statusCode, 200)
      assert.match(textOf(publicPage.body), /Published\s+6 January 2027/)
      assert.match(textOf(publicPage.body), /Jane Reviewer/)
      const href = /href="(\/reviews\/[^"]+\/report\/[0-9a-f-]+\.pdf)"/.exec(publicPage.body)?.[1]
      assert.ok(href, 'the report is downloadable from the public page')
      const file = await harness.app.inject({ method: 'GET', url: href })
      assert.equal(file.statusCode, 200)
      assert.equal(file.headers['content-type'], 'application/pdf')
      const copy = await PDFDocument.load(file.rawPayload, { updateMetadata: false })
      assert.equal(copy.getTitle(), undefined, 'no document information in the public copy')
      assert.equal(copy.getAuthor(), undefined)
      assert.equal(copy.catalog.get(PDFName.of('Metadata')), undefined)
      assert.match(
        textOf((await harness.app.inject({ method: 'GET', url: '/reviews' })).body),
        /Child C|demo/i,
      )
      assert.ok(
        (await harness.app.inject({ method: 'GET', url: '/reviews.atom' })).body.includes(
          `/reviews/${review.slug}`,
        ),
      )
      assert.ok(
        (await harness.app.inject({ method: 'GET', url: '/sitemap.xml' })).body.includes(
          `/reviews/${review.slug}`,
        ),
      )
      const found = await harness.app.inject({
        method: 'GET',
        url: `/api/v1/public/search?q=${REPORT_WORD}`,
      })
      assert.equal(found.statusCode, 200)
      assert.ok(found.body.includes(`/reviews/${review.slug}`), found.body.slice(0, 400))

      // A corrected version replaces the file; the page says when; the old file is gone.
      setDay('2027-01-11')
      coordinator = await signedIn(harness.app, COORDINATOR)
      const corrected = await upload(
        coordinator,
        review.id,
        'corrected.pdf',
        await buildPdf({ pages: [`Corrected learning about ${REPORT_WORD} practice.`] }),
      )
      const live = await dbOf(harness)
        .selectFrom('report_publication')
        .select(['id', 'version'])
        .where('review_id', '=', review.id)
        .where('replaced_at', 'is', null)
        .executeTakeFirstOrThrow()
      const publicationPage = await coordinator.get(base)
      const csrf = /name="_csrf" value="([^"]+)"/.exec(publicationPage.body)?.[1] ?? ''
      const replaced = await coordinator.post(`${base}/replace`, {
        _csrf: csrf,
        version: String(live.version),
        versionId: corrected,
      })
      assert.equal(replaced.statusCode, 303, textOf(replaced.body).slice(0, 400))
      assert.equal((await harness.app.inject({ method: 'GET', url: href })).statusCode, 404)
      const updatedPage = await harness.app.inject({
        method: 'GET',
        url: `/reviews/${review.slug}`,
      })
      assert.match(textOf(updatedPage.body), /Updated\s+11 January 2027/)

      // S15: before "available until", the business unit may not take it down; an administrator may.
      const takeDown = await coordinator.get(`${base}/take-down`)
      assert.equal(takeDown.statusCode, 404)
      const administrator = await signedIn(harness.app, ADMINISTRATOR)
      const current = await dbOf(harness)
        .selectFrom('report_publication')
        .select('version')
        .where('review_id', '=', review.id)
        .where('replaced_at', 'is', null)
        .executeTakeFirstOrThrow()
      const noReason = await administrator.submit(`${base}/take-down`, {
        version: String(current.version),
        reason: ' ',
      })
      assert.equal(noReason.statusCode, 400)
      assert.match(textOf(noReason.body), /Enter why the report is being taken down/)
      const down = await administrator.submit(`${base}/take-down`, {
        version: String(current.version),
        reason: 'Taken down at the family’s request while the inquest is held.',
      })
      assert.equal(down.statusCode, 303, textOf(down.body).slice(0, 400))
      const gone = await harness.app.inject({ method: 'GET', url: `/reviews/${review.slug}` })
      assert.equal(gone.statusCode, 410)
      assert.match(textOf(gone.body), /withdrawn on 11 January 2027/)
      const after = await harness.app.inject({
        method: 'GET',
        url: `/api/v1/public/search?q=${REPORT_WORD}`,
      })
      assert.ok(!after.body.includes(`/reviews/${review.slug}`))

      const actions = (
        await dbOf(harness)
          .selectFrom('audit_event')
          .select('action')
          .where('record_id', '=', review.id)
          .execute()
      ).map((row) => row.action)
      for (const action of [
        'publication-plan.saved',
        'publication-plan.report-sent',
        'review.published',
        'review.report-replaced',
        'review.taken-down',
      ]) {
        assert.ok(actions.includes(action), action)
      }
    })
    itOnLeg('a published briefing is searchable, and forgotten when withdrawn', async () => {
      const harness = h()
      const coordinator = await actorFor(harness, ACCOUNTS.coordinator)
      const childA = await dbOf(harness)
        .selectFrom('review')
        .select('id')
        .where('slug', '=', 'child-a-scr')
        .executeTakeFirstOrThrow()
      const search = () =>
        harness.services.publicSearch.search({ text: 'dilute formula', page: 1, pageSize: 10 })
      const briefingHref = '/reviews/child-a-scr/seven-minute-briefing'
      assert.ok(
        (await search()).hits.some((hit) => hit.url === briefingHref),
        'the demo briefing is found by its own words',
      )
      const page = await harness.services.briefings.ofReview(coordinator, childA.id)
      await harness.services.briefings.withdraw(
        coordinator,
        childA.id,
        page.briefing!.version,
        'Replaced by an updated briefing.',
      )
      assert.ok(!(await search()).hits.some((hit) => hit.url === briefingHref))
    })
  },
  { now },
)
