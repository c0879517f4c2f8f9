// Seven-minute briefings (issue 9), on both databases: the demo's Child A
// briefing is public as a page, a tagged PDF and a .docx; the review team
// starts a briefing from a draft filled from the review and edits it section by
// section (limits, stale edits, audit); only the lead partnership's business
// unit publishes, and only a published review's briefing; a withdrawn one
// answers 410 Gone; signed-in staff record a team's use, and the partnership
// sees it by briefing and by agency.
import assert from 'node:assert/strict'
import { unzipSync, strFromU8 } from 'fflate'
import { PDFDict, PDFDocument, PDFName } from 'pdf-lib'
import { findPartnershipBySlug } from '../../src/data/repositories/partnership-repository.js'
import { describeOnEachDatabase, itOnLeg, type Harness } from './support/app-harness.js'
import { conflictListsOf } from './support/forms.js'
import { textOf } from './support/html.js'
import {
  COORDINATOR,
  PARTNER,
  PRACTITIONER,
  REVIEWER,
  SOUTHWARK_COORDINATOR,
  createLegacyScr,
  dateFields,
  dbOf,
  errorsOf,
  signedIn,
  versionIn,
} from './support/review-helpers.js'
import { Browser } from './support/app-harness.js'

async function reviewIdOf(harness: Harness, slug: string): Promise<string> {
  const row = await dbOf(harness)
    .selectFrom('review')
    .select('id')
    .where('slug', '=', slug)
    .executeTakeFirstOrThrow()
  return row.id
}

async function auditActions(harness: Harness, briefingId: string): Promise<string[]> {
  const rows = await dbOf(harness)
    .selectFrom('audit_event')
    .select(['action'])
    .where('record_type', '=', 'briefing')
    .where('record_id', '=', briefingId)
    .orderBy('sequence')
    .execute()
  return rows.map((row) => row.action)
}

/** What an accessible PDF must carry (PDF/UA, WCAG 2.2 PDF techniques). */
async function assertAccessiblePdf(bytes: Buffer, title: string): Promise<void> {
  assert.equal(bytes.subarray(0, 8).toString('latin1'), '%PDF-1.7')
  const pdf = await PDFDocument.load(bytes)
  const catalog = pdf.catalog
  const markInfo = catalog.lookup(PDFName.of('MarkInfo'), PDFDict)
  assert.equal(String(markInfo.get(PDFName.of('Marked'))), 'true', '/MarkInfo /Marked true')
  assert.ok(catalog.get(PDFName.of('StructTreeRoot')), 'a structure tree')
  assert.equal(String(catalog.get(PDFName.of('Lang'))), '(en-GB)', 'the language')
  const preferences = catalog.lookup(PDFName.of('ViewerPreferences'), PDFDict)
  assert.equal(String(preferences.get(PDFName.of('DisplayDocTitle'))), 'true', 'title shown')
  assert.equal(pdf.getTitle(), title)
  const pages = pdf.getPageCount()
  assert.ok(pages >= 1 && pages <= 2, `one or two pages, not ${pages}`)
  const [width, height] = [pdf.getPage(0).getWidth(), pdf.getPage(0).getHeight()]
  assert.deepEqual([Math.round(width), Math.round(height)], [595, 842], 'A4')
  const raw = bytes.toString('latin1')
  assert.match(raw, /\/FontFile2/, 'a TrueType font embedded')
  assert.doesNotMatch(raw, /\/BaseFont \/Helvetica/, 'no unembedded standard font')
  for (const tag of ['/H1', '/H2', '/P', '/L', '/LI']) {
    assert.match(raw, new RegExp(`/S ${tag}\\b`), `structure element ${tag}`)
  }
}

function assertDocx(bytes: Buffer, title: string): string {
  const files = unzipSync(new Uint8Array(bytes))
  const document = strFromU8(files['word/document.xml']!)
  assert.match(document, /<w:pStyle w:val="Title"\/>/)
  assert.match(document, /<w:pStyle w:val="Heading1"\/>/)
  const core = strFromU8(files['docProps/core.xml']!)
  assert.match(core, new RegExp(`<dc:title>${title}</dc:title>`))
  assert.match(strFromU8(files['word/styles.xml']!), /<w:lang w:val="en-GB"\/>/)
  return document
}

describeOnEachDatabase('Seven-minute briefings', (h) => {
  itOnLeg(
    'the demo’s Child A briefing is public as a page, a tagged PDF and a .docx, linked from the review',
    async () => {
      const harness = h()
      const visitor = new Browser(harness.app)
      const review = await visitor.get('/reviews/child-a-scr')
      assert.match(review.body, /href="\/reviews\/child-a-scr\/seven-minute-briefing"/)
      const page = await visitor.get('/reviews/child-a-scr/seven-minute-briefing')
      assert.equal(page.statusCode, 200)
      const text = textOf(page.body)
      for (const heading of [
        '1. Background',
        '2. Why it matters',
        '3. What happened',
        '4. What we learned',
        '5. What you should do',
        '6. Questions for reflection',
        '7. Further information',
      ]) {
        assert.ok(text.includes(heading), heading)
      }
      assert.match(text, /infant formula should be made up only as set out by the manufacturer/)
      assert.match(page.body, /Record that your team used this briefing/)

      const pdf = await visitor.get('/reviews/child-a-scr/seven-minute-briefing.pdf')
      assert.equal(pdf.statusCode, 200)
      assert.equal(pdf.headers['content-type'], 'application/pdf')
      await assertAccessiblePdf(
        pdf.rawPayload,
        'Seven-minute briefing: Child A Serious Case Review',
      )
      const docx = await visitor.get('/reviews/child-a-scr/seven-minute-briefing.docx')
      assert.equal(docx.statusCode, 200)
      const document = assertDocx(
        docx.rawPayload,
        'Seven-minute briefing: Child A Serious Case Review',
      )
      assert.match(document, /Questions for reflection/)

      // A review without a public briefing has no link and no briefing address.
      const eliza = await visitor.get('/reviews/baby-eliza-scr')
      assert.doesNotMatch(eliza.body, /seven-minute-briefing/)
      assert.equal(
        (await visitor.get('/reviews/baby-eliza-scr/seven-minute-briefing')).statusCode,
        404,
      )
      assert.equal(
        (await visitor.get('/reviews/no-such-review/seven-minute-briefing.pdf')).statusCode,
        404,
      )
    },
  )

  itOnLeg(
    'the review team starts a briefing from the review’s findings and edits it; limits, stale edits and access are enforced',
    async () => {
      const harness = h()
      const reviewId = await reviewIdOf(harness, 'baby-eliza-scr')
      const base = `/manage/reviews/${reviewId}/briefing`
      const coordinator = await signedIn(harness.app, COORDINATOR)

      const empty = await coordinator.get(base)
      assert.equal(empty.statusCode, 200)
      assert.match(textOf(empty.body), /Start a briefing/)
      const started = await coordinator.submit(base, {}, `${base}/start`)
      assert.equal(started.statusCode, 303)
      const page = await coordinator.get(base)
      const text = textOf(page.body)
      assert.match(text, /Briefing started/)
      // Filled from the review: its summary and its learning points as a list.
      assert.match(text, /Baby Eliza/)
      assert.match(
        text,
        /- A recognition that mental ill-health, substance misuse and domestic abuse have an impact on capacity to parent/,
      )
      // Starting again keeps the first briefing.
      await coordinator.submit(base, {}, `${base}/start`)
      const rows = await dbOf(harness)
        .selectFrom('briefing')
        .select(['id', 'version', 'status'])
        .where('review_id', '=', reviewId)
        .execute()
      assert.equal(rows.length, 1)
      assert.equal(rows[0]!.status, 'draft')

      // Not public while a draft.
      assert.equal(
        (await new Browser(harness.app).get('/reviews/baby-eliza-scr/seven-minute-briefing'))
          .statusCode,
        404,
      )

      const sectionUrl = `${base}/sections/why-it-matters`
      const form = await coordinator.get(sectionUrl)
      assert.equal(form.statusCode, 200)
      assert.match(form.body, /govuk-character-count/)
      assert.match(form.body, /data-maxlength="600"/)
      const version = versionIn(form.body)
      const tooLong = await coordinator.submit(sectionUrl, { version, text: 'x'.repeat(601) })
      assert.equal(tooLong.statusCode, 400)
      assert.deepEqual(errorsOf(tooLong), ['Why it matters must be 600 characters or fewer'])
      assert.match(tooLong.body, /x{601}/, 'what was typed is kept')
      // 600 characters with Windows line breaks count as the browser counts them.
      const exact = `${'y'.repeat(299)}\r\n${'z'.repeat(300)}`
      const saved = await coordinator.submit(sectionUrl, { version, text: exact })
      assert.equal(saved.statusCode, 303, saved.body.slice(0, 1500))
      const stale = await coordinator.submit(sectionUrl, { version, text: 'An older edit' })
      assert.equal(stale.statusCode, 409)
      const lists = conflictListsOf(stale.body)
      assert.deepEqual(lists.yours, { 'Why it matters': 'An older edit' })
      assert.deepEqual(lists.saved, { 'Why it matters': `${'y'.repeat(299)}\n${'z'.repeat(300)}` })
      assert.equal((await coordinator.get(`${base}/sections/no-such-section`)).statusCode, 404)
      assert.ok(
        (await auditActions(harness, rows[0]!.id)).includes('briefing.section-changed'),
        'the edit is audited',
      )

      // A practitioner may not edit (403); another partnership's coordinator, or a
      // reviewer not named on the review, is told it does not exist (404).
      const practitioner = await signedIn(harness.app, PRACTITIONER)
      assert.equal((await practitioner.get(sectionUrl)).statusCode, 403)
      assert.equal(
        (await practitioner.post(sectionUrl, { version: '2', text: 'Changed' })).statusCode,
        403,
      )
      const southwark = await signedIn(harness.app, SOUTHWARK_COORDINATOR)
      assert.equal((await southwark.get(base)).statusCode, 404)
      assert.equal((await southwark.get(sectionUrl)).statusCode, 404)
      assert.equal((await southwark.get(`${base}/preview.pdf`)).statusCode, 404)
      const reviewer = await signedIn(harness.app, REVIEWER)
      assert.equal((await reviewer.get(base)).statusCode, 404)
      // The partner reads the briefing but may not change or publish it.
      const partner = await signedIn(harness.app, PARTNER)
      const partnerPage = await partner.get(base)
      assert.equal(partnerPage.statusCode, 200)
      assert.doesNotMatch(partnerPage.body, /sections\/why-it-matters/)
      assert.equal((await partner.get(sectionUrl)).statusCode, 403)

      // Staff previews of the draft.
      const preview = await coordinator.get(`${base}/preview`)
      assert.equal(preview.statusCode, 200)
      assert.match(textOf(preview.body), /This is a preview/)
      const draftPdf = await coordinator.get(`${base}/preview.pdf`)
      assert.equal(draftPdf.statusCode, 200)
      assert.match(String(draftPdf.headers['cache-control']), /no-store/)
      await assertAccessiblePdf(
        draftPdf.rawPayload,
        'Seven-minute briefing: Baby Eliza Serious Case Review',
      )
      const draftDocx = await coordinator.get(`${base}/preview.docx`)
      assertDocx(draftDocx.rawPayload, 'Seven-minute briefing: Baby Eliza Serious Case Review')
    },
  )

  itOnLeg(
    'the business unit publishes the briefing of a published review only, and withdraws it with a reason (410 Gone)',
    async () => {
      const harness = h()
      const coordinator = await signedIn(harness.app, COORDINATOR)
      const wandsworthId = (await findPartnershipBySlug(dbOf(harness), 'wandsworth'))!.id

      // A review in progress: its briefing may be written but not published.
      const draftReviewId = await createLegacyScr(coordinator, wandsworthId, {
        childPseudonym: 'Child R',
      })
      const draftBase = `/manage/reviews/${draftReviewId}/briefing`
      assert.equal((await coordinator.submit(draftBase, {}, `${draftBase}/start`)).statusCode, 303)
      const refused = await coordinator.submit(`${draftBase}/publish`, {
        version: versionIn((await coordinator.get(`${draftBase}/publish`)).body),
      })
      assert.equal(refused.statusCode, 400)
      assert.ok(
        errorsOf(refused).includes(
          'Publish the review first: a briefing can only be public once its review is',
        ),
      )

      const reviewId = await reviewIdOf(harness, 'child-y-scr')
      // Child Y was led by Southwark: Wandsworth's coordinator cannot publish it.
      const southwark = await signedIn(harness.app, SOUTHWARK_COORDINATOR)
      const base = `/manage/reviews/${reviewId}/briefing`
      assert.equal((await southwark.submit(base, {}, `${base}/start`)).statusCode, 303)
      const practitioner = await signedIn(harness.app, PRACTITIONER)
      assert.equal((await practitioner.post(`${base}/publish`, { version: '1' })).statusCode, 403)
      // The Child Y review has no recommendations, so its draft has a section to write first.
      const incomplete = await southwark.submit(`${base}/publish`, {
        version: versionIn((await southwark.get(`${base}/publish`)).body),
      })
      assert.equal(incomplete.statusCode, 400)
      assert.deepEqual(errorsOf(incomplete), [
        'Write the what you should do section before publishing',
      ])
      const toDo = `${base}/sections/what-you-should-do`
      assert.equal(
        (
          await southwark.submit(toDo, {
            version: versionIn((await southwark.get(toDo)).body),
            text: '- Assess the needs of the children already living in a foster family before a placement.',
          })
        ).statusCode,
        303,
      )
      const publishForm = await southwark.get(`${base}/publish`)
      const published = await southwark.submit(`${base}/publish`, {
        version: versionIn(publishForm.body),
      })
      assert.equal(published.statusCode, 303, published.body.slice(0, 1500))
      const visitor = new Browser(harness.app)
      const live = await visitor.get('/reviews/child-y-scr/seven-minute-briefing')
      assert.equal(live.statusCode, 200)
      assert.match((await visitor.get('/reviews/child-y-scr')).body, /seven-minute-briefing/)
      // Publishing twice is refused with a message, not a 500.
      const again = await southwark.submit(`${base}/publish`, {
        version: versionIn((await southwark.get(`${base}/publish`)).body),
      })
      assert.equal(again.statusCode, 400)

      const withdrawUrl = `${base}/withdraw`
      const withdrawVersion = versionIn((await southwark.get(withdrawUrl)).body)
      const noReason = await southwark.submit(withdrawUrl, {
        version: withdrawVersion,
        reason: ' ',
      })
      assert.equal(noReason.statusCode, 400)
      assert.deepEqual(errorsOf(noReason), ['Enter why the briefing is being withdrawn'])
      const withdrawn = await southwark.submit(withdrawUrl, {
        version: withdrawVersion,
        reason: 'The family asked for the wording to be looked at again',
      })
      assert.equal(withdrawn.statusCode, 303)
      const gone = await visitor.get('/reviews/child-y-scr/seven-minute-briefing')
      assert.equal(gone.statusCode, 410)
      assert.match(textOf(gone.body), /was withdrawn on \d{1,2} \w+ \d{4}/)
      assert.doesNotMatch(gone.body, /The family asked/, 'the reason stays inside')
      assert.equal(
        (await visitor.get('/reviews/child-y-scr/seven-minute-briefing.pdf')).statusCode,
        410,
      )
      assert.doesNotMatch((await visitor.get('/reviews/child-y-scr')).body, /seven-minute-briefing/)
      const briefingId = (
        await dbOf(harness)
          .selectFrom('briefing')
          .select('id')
          .where('review_id', '=', reviewId)
          .executeTakeFirstOrThrow()
      ).id
      const actions = await auditActions(harness, briefingId)
      for (const action of ['briefing.started', 'briefing.published', 'briefing.withdrawn']) {
        assert.ok(actions.includes(action), action)
      }
    },
  )

  itOnLeg(
    'signed-in staff record a team’s use; the partnership sees it by briefing and by agency',
    async () => {
      const harness = h()
      const recordUrl = '/manage/briefings/child-a-scr/record-use'
      const anonymous = await new Browser(harness.app).get(recordUrl)
      assert.equal(anonymous.statusCode, 302)
      assert.match(String(anonymous.headers.location), /^\/sign-in/)

      const practitioner = await signedIn(harness.app, PRACTITIONER)
      const form = await practitioner.get(recordUrl)
      assert.equal(form.statusCode, 200)
      const agencyId = (
        await dbOf(harness)
          .selectFrom('agency')
          .select('id')
          .where('name', '=', "Wandsworth Council Children's Services")
          .executeTakeFirstOrThrow()
      ).id
      assert.match(form.body, new RegExp(`value="${agencyId}"`))
      const token = /name="_formToken" value="([^"]+)"/.exec(form.body)![1]!

      const today = harness.services.calendar.today()
      const bad = await practitioner.submit(recordUrl, {
        _formToken: token,
        team: '',
        agencyId: 'not-an-agency',
        ...dateFields('usedOn', '2999-01-01'),
        staffCount: 'eight',
        agreedActions: '',
      })
      assert.equal(bad.statusCode, 400)
      assert.deepEqual(errorsOf(bad), [
        'Enter the name of your team',
        'Select your team’s agency',
        'The date your team used the briefing must be today or in the past',
        'The number of staff must be a whole number, like 8',
        'Enter what your team agreed to do',
      ])
      const good = {
        _formToken: token,
        team: 'Tooting family support team',
        agencyId,
        ...dateFields('usedOn', today),
        staffCount: '8',
        agreedActions: 'Ask every new parent about their own support at the first visit.',
      }
      const recorded = await practitioner.submit(recordUrl, good)
      assert.equal(recorded.statusCode, 303, recorded.body.slice(0, 1500))
      // The same form sent again records once.
      assert.equal((await practitioner.submit(recordUrl, good)).statusCode, 303)
      const uses = await dbOf(harness).selectFrom('briefing_use').selectAll().execute()
      assert.equal(uses.length, 1)
      assert.equal(Number(uses[0]!.staff_count), 8)

      // A practitioner does not see the partnership's figures; the coordinator does.
      assert.equal((await practitioner.get('/manage/briefings')).statusCode, 403)
      const coordinator = await signedIn(harness.app, COORDINATOR)
      const usage = await coordinator.get('/manage/briefings')
      assert.equal(usage.statusCode, 200)
      const byAgency =
        /<table class="govuk-table" data-testid="use-by-agency">([\s\S]*?)<\/table>/.exec(
          usage.body,
        )?.[1]
      assert.ok(byAgency, 'the by-agency table')
      assert.match(
        textOf(byAgency),
        /Wandsworth Council Children's Services \(Wandsworth Safeguarding Children Partnership\) 1 8/,
      )
      const byBriefing = /data-testid="use-by-briefing">([\s\S]*?)<\/table>/.exec(usage.body)?.[1]
      assert.match(textOf(byBriefing ?? ''), /Child A Serious Case Review 1 8/)
      assert.match(
        usage.body,
        /<svg[^>]*role="img"[^>]*aria-labelledby="briefing-use-chart-title briefing-use-chart-desc"/,
      )
      assert.match(usage.body, /<desc id="briefing-use-chart-desc">[^<]*8 staff in 1 agency/)
      assert.match(textOf(usage.body), /Ask every new parent about their own support/)

      // Another partnership sees none of Wandsworth's use.
      const southwark = await signedIn(harness.app, SOUTHWARK_COORDINATOR)
      const theirs = await southwark.get('/manage/briefings')
      assert.equal(theirs.statusCode, 200)
      assert.doesNotMatch(theirs.body, /Tooting family support team/)
      assert.ok(
        (await auditActions(harness, uses[0]!.briefing_id)).includes('briefing.use-recorded'),
      )
    },
  )
})
