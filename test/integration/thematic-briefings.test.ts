// Thematic briefings (issue 11), on both databases: the business unit finds
// every review touching "professional curiosity" and compiles a draft from the
// tagged learning the person may read (never another partnership's unpublished
// review, nor a restricted one they are not on the list of), within the period
// chosen, each item citing its review; edits it with conflict detection;
// publishes it once every review it cites is public (page, PDF, .docx, search);
// teams record its use; withdrawn, it answers 410 Gone.
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { unzipSync, strFromU8 } from 'fflate'
import { PDFDocument } from 'pdf-lib'
import { findPartnershipBySlug } from '../../src/data/repositories/partnership-repository.js'
import { TEST_TODAY, testNow } from '../support/test-clock.js'
import { Browser, describeOnEachDatabase, itOnLeg, type Harness } from './support/app-harness.js'
import { conflictListsOf } from './support/forms.js'
import { textOf } from './support/html.js'
import {
  COORDINATOR,
  PARTNER,
  PRACTITIONER,
  SOUTHWARK_COORDINATOR,
  createLegacyScr,
  dateFields,
  dbOf,
  errorsOf,
  signedIn,
  versionIn,
} from './support/review-helpers.js'

const THIS_YEAR = Number(TEST_TODAY.slice(0, 4))
const NEW = '/manage/briefings/thematic/new'
const LIST = '/manage/briefings/thematic'

/** A learning point on a review, tagged with professional curiosity, straight into the tables. */
async function addTaggedLearningPoint(
  harness: Harness,
  reviewId: string,
  partnershipId: string,
  text: string,
): Promise<void> {
  const db = dbOf(harness)
  const id = randomUUID()
  await db
    .insertInto('learning_point')
    .values({
      id,
      review_id: reviewId,
      position: 1,
      text,
      addressed_to_agency_id: null,
      updated_at: null,
      created_by_user_id: null,
      entered_in_error_at: null,
      entered_in_error_reason: null,
      entered_in_error_by_name: null,
      source_rapid_review_id: null,
      source_reference: null,
    })
    .execute()
  await db
    .insertInto('theme_tag')
    .values({
      id: randomUUID(),
      theme_id: 'theme-professional-curiosity',
      record_type: 'learning-point',
      record_id: id,
      partnership_id: partnershipId,
      tagged_at: testNow().toISOString(),
      tagged_by: null,
      tagged_by_name: 'test',
    })
    .execute()
}

async function setUp(harness: Harness) {
  const db = dbOf(harness)
  const wandsworth = (await findPartnershipBySlug(db, 'wandsworth'))!.id
  const southwark = (await findPartnershipBySlug(db, 'southwark'))!.id
  const coordinator = await signedIn(harness.app, COORDINATOR)
  const southwarkCoordinator = await signedIn(harness.app, SOUTHWARK_COORDINATOR)
  // Wandsworth's own review in progress (decided on in 2018).
  const childR = await createLegacyScr(coordinator, wandsworth, { childPseudonym: 'Child R' })
  await addTaggedLearningPoint(
    harness,
    childR,
    wandsworth,
    'Own draft learning: ask who else lives in the home',
  )
  // Wandsworth's review restricted to an access list the coordinator is not on.
  const childT = await createLegacyScr(coordinator, wandsworth, { childPseudonym: 'Child T' })
  await addTaggedLearningPoint(
    harness,
    childT,
    wandsworth,
    'Restricted learning never to be copied',
  )
  await db.updateTable('review').set({ access_restricted: 1 }).where('id', '=', childT).execute()
  const administrator = await db
    .selectFrom('app_user')
    .select('id')
    .where('email', '=', 'administrator@wandsworth.example')
    .executeTakeFirstOrThrow()
  await db
    .insertInto('record_access_entry')
    .values({
      record_type: 'review',
      record_id: childT,
      partnership_id: wandsworth,
      user_id: administrator.id,
      added_by_user_id: null,
      added_at: testNow().toISOString(),
    })
    .execute()
  // Southwark's unpublished review.
  const childS = await createLegacyScr(southwarkCoordinator, southwark, {
    childPseudonym: 'Child S',
  })
  await addTaggedLearningPoint(
    harness,
    childS,
    southwark,
    'Another partnership’s unpublished learning',
  )
  return { coordinator, childR, childT, childS }
}

function findUrl(fromYear = '', toYear = ''): string {
  return `${NEW}?find=1&themes=professional-curiosity&fromYear=${fromYear}&toYear=${toYear}`
}

describeOnEachDatabase('Thematic briefings', (h) => {
  itOnLeg(
    'finds every review touching a theme that the person may draw on, within the period',
    async () => {
      const harness = h()
      const { coordinator } = await setUp(harness)
      const page = await coordinator.get(findUrl())
      assert.equal(page.statusCode, 200, page.body.slice(0, 1500))
      const text = textOf(page.body)
      assert.match(text, /3 reviews, 4 tagged items/)
      // Oldest first: Child R (decided 2018), then the demo's published reviews.
      assert.match(text, /Child C Serious Case Review \[Child R\]|\[Child R\]/)
      assert.match(text, /Baby Eliza Serious Case Review \[Baby Eliza\]/)
      assert.match(text, /Child A Serious Case Review \[Child A\]/)
      assert.match(text, /Recommendation 1: Learning event for practitioners/)
      assert.match(text, /Learning point 4: A recognition that mental ill-health/)
      assert.match(text, /Own draft learning/)
      assert.doesNotMatch(text, /Restricted learning|Child T/)
      assert.doesNotMatch(text, /Another partnership’s unpublished|Child S/)
      assert.doesNotMatch(text, /Child Y/, 'Child Y does not touch the theme')

      const fromThisYear = textOf((await coordinator.get(findUrl(String(THIS_YEAR)))).body)
      assert.match(fromThisYear, /2 reviews, 3 tagged items/)
      assert.doesNotMatch(fromThisYear, /Own draft learning/)
      const upTo2018 = textOf((await coordinator.get(findUrl('', '2018'))).body)
      assert.match(upTo2018, /1 review, 1 tagged item/)
      assert.match(upTo2018, /Own draft learning/)

      const bad = await coordinator.get(`${NEW}?find=1&fromYear=2024&toYear=2019`)
      assert.equal(bad.statusCode, 400)
      assert.deepEqual(errorsOf(bad), [
        'Select at least one theme',
        'The last year must be the same as or after the first',
      ])
      assert.match(bad.body, /value="2024"/, 'what was typed is kept')

      // Only the business unit compiles.
      assert.equal((await (await signedIn(harness.app, PRACTITIONER)).get(NEW)).statusCode, 403)
      assert.equal((await (await signedIn(harness.app, PARTNER)).get(LIST)).statusCode, 403)
    },
  )

  itOnLeg(
    'compiles, edits with conflict detection, publishes once every cited review is public, records use and withdraws',
    async () => {
      const harness = h()
      const { coordinator, childR } = await setUp(harness)
      const compiled = await coordinator.submit(
        findUrl(),
        { themes: 'professional-curiosity', fromYear: '', toYear: '' },
        LIST,
      )
      assert.equal(compiled.statusCode, 303, compiled.body.slice(0, 1500))
      const base = String(compiled.headers.location)
      const id = /thematic\/([0-9a-f-]{36})$/.exec(base)?.[1]
      assert.ok(id)
      const page = await coordinator.get(base)
      assert.equal(page.statusCode, 200)
      let text = textOf(page.body)
      assert.match(text, /Draft compiled/)
      assert.match(text, /Professional curiosity: learning from case reviews/)
      assert.match(text, /- Learning event for practitioners .* \[Child A\]/)
      assert.match(text, /mental ill-health.*\[Baby Eliza\]/)
      assert.match(text, /Own draft learning: ask who else lives in the home \[Child R\]/)
      assert.match(text, /Baby Eliza Serious Case Review \[Baby Eliza\]: All Local Safeguarding/)
      // Risk factors: the other themes of the same reviews, each citing them.
      assert.match(text, /- Pre-birth and infants \[Baby Eliza\] \[Child A\]/)
      assert.doesNotMatch(text, /Restricted learning|Another partnership/)
      assert.match(text, /It cites reviews that are not published/)
      const row = await dbOf(harness)
        .selectFrom('briefing')
        .select(['kind', 'status', 'review_id', 'slug'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
      assert.deepEqual(row, {
        kind: 'thematic',
        status: 'draft',
        review_id: null,
        slug: 'professional-curiosity-learning-from-case-reviews',
      })
      const themes = await dbOf(harness)
        .selectFrom('theme_tag')
        .innerJoin('theme', 'theme.id', 'theme_tag.theme_id')
        .select('theme.slug')
        .where('record_type', '=', 'briefing')
        .where('record_id', '=', id)
        .execute()
      assert.deepEqual(
        themes.map((theme) => theme.slug),
        ['professional-curiosity'],
      )

      // A draft is not public, and another partnership's business unit is told it does not exist.
      const visitor = new Browser(harness.app)
      assert.equal((await visitor.get(`/briefings/${row.slug}`)).statusCode, 404)
      const southwark = await signedIn(harness.app, SOUTHWARK_COORDINATOR)
      assert.equal((await southwark.get(base)).statusCode, 404)
      assert.equal((await southwark.get(`${base}/preview.pdf`)).statusCode, 404)

      // Publishing is refused while an unpublished review is cited.
      const refused = await coordinator.submit(`${base}/publish`, {
        version: versionIn((await coordinator.get(`${base}/publish`)).body),
      })
      assert.equal(refused.statusCode, 400)
      assert.match(errorsOf(refused).join(' '), /\[Child R\] is not published/)

      // Take Child R's learning out of both sections that cite it; a stale edit shows both versions.
      const learningUrl = `${base}/sections/learning-for-improved-practice`
      const learningForm = await coordinator.get(learningUrl)
      const version = versionIn(learningForm.body)
      const current = /<textarea[^>]*>([\s\S]*?)<\/textarea>/
        .exec(learningForm.body)![1]!
        .replace(/&#39;/g, "'")
        .replace(/&quot;/g, '"')
        .replace(/&amp;/g, '&')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
      const withoutR = current
        .split('\n')
        .filter((line) => !line.includes('[Child R'))
        .join('\n')
      const saved = await coordinator.submit(learningUrl, { version, text: withoutR })
      assert.equal(saved.statusCode, 303, saved.body.slice(0, 1500))
      const stale = await coordinator.submit(learningUrl, { version, text: 'An older edit' })
      assert.equal(stale.statusCode, 409)
      assert.deepEqual(conflictListsOf(stale.body).yours, {
        'Learning for improved practice': 'An older edit',
      })
      const tooLong = await coordinator.submit(`${base}/sections/questions-for-reflection`, {
        version: String(Number(version) + 1),
        text: 'q'.repeat(1501),
      })
      assert.equal(tooLong.statusCode, 400)
      assert.deepEqual(errorsOf(tooLong), [
        'Questions for reflection must be 1,500 characters or fewer',
      ])
      const whyUrl = `${base}/sections/why-these-reviews-were-held`
      const whyForm = await coordinator.get(whyUrl)
      const why = /<textarea[^>]*>([\s\S]*?)<\/textarea>/.exec(whyForm.body)![1]!
      const whyWithoutR = why
        .split('\n')
        .filter((line) => !line.includes('[Child R'))
        .join('\n')
        .replace(/&#39;/g, "'")
        .replace(/&quot;/g, '"')
        .replace(/&amp;/g, '&')
      assert.equal(
        (await coordinator.submit(whyUrl, { version: versionIn(whyForm.body), text: whyWithoutR }))
          .statusCode,
        303,
      )
      text = textOf((await coordinator.get(base)).body)
      assert.match(text, /Not cited: left out when published/)

      // Preview and draft documents for the business unit.
      const preview = await coordinator.get(`${base}/preview`)
      assert.match(textOf(preview.body), /This is a preview/)
      assert.match(
        preview.body,
        new RegExp(`href="/manage/reviews/${childR}"|href="/reviews/child-a-scr"`),
      )

      // A draft is not in the learning library's search.
      assert.doesNotMatch(
        (await coordinator.get('/manage/learning?q=%22learning+from+case+reviews%22')).body,
        new RegExp(`/briefings/${row.slug}`),
      )
      const published = await coordinator.submit(`${base}/publish`, {
        version: versionIn((await coordinator.get(`${base}/publish`)).body),
      })
      assert.equal(published.statusCode, 303, published.body.slice(0, 2000))

      // The public page: citations link to the reviews; the list; PDF and .docx; search.
      const live = await visitor.get(`/briefings/${row.slug}`)
      assert.equal(live.statusCode, 200)
      const liveText = textOf(live.body)
      for (const heading of [
        '1. Why these reviews were held',
        '2. Risk factors',
        '3. Learning for improved practice',
        '4. Questions for reflection',
        'Reviews cited',
      ]) {
        assert.ok(liveText.includes(heading), heading)
      }
      assert.match(live.body, /\[<a class="govuk-link" href="\/reviews\/child-a-scr">Child A/)
      assert.match(live.body, /href="\/reviews\/baby-eliza-scr"/)
      assert.doesNotMatch(liveText, /Child R|Own draft learning/)
      assert.match(live.body, new RegExp(`/manage/briefings/thematic/${id}/record-use`))
      const list = await visitor.get('/briefings')
      assert.match(list.body, new RegExp(`href="/briefings/${row.slug}"`))
      assert.match(textOf(list.body), /2 reviews from all years/)
      assert.match((await visitor.get('/')).body, /href="\/briefings"/)

      const pdf = await visitor.get(`/briefings/${row.slug}.pdf`)
      assert.equal(pdf.statusCode, 200)
      assert.equal(pdf.headers['content-type'], 'application/pdf')
      const loaded = await PDFDocument.load(pdf.rawPayload)
      assert.equal(
        loaded.getTitle(),
        'Thematic briefing: Professional curiosity: learning from case reviews',
      )
      assert.match(pdf.rawPayload.toString('latin1'), /\/StructTreeRoot/)
      const docx = await visitor.get(`/briefings/${row.slug}.docx`)
      assert.equal(docx.statusCode, 200)
      const document = strFromU8(unzipSync(new Uint8Array(docx.rawPayload))['word/document.xml']!)
      assert.match(document, /Reviews cited/)
      assert.match(document, /\[Child A\] Child A Serious Case Review/)

      const search = await visitor.get('/search?q=%22learning+from+case+reviews%22')
      assert.equal(search.statusCode, 200)
      assert.match(textOf(search.body), /Thematic briefing/)
      assert.match(search.body, new RegExp(`href="/briefings/${row.slug}"`))

      // The learning library finds it too, for every partnership's staff once
      // published, by its words and by its theme (never as a draft: see below).
      const staffSearch = '/manage/learning?q=%22learning+from+case+reviews%22'
      for (const reader of [coordinator, await signedIn(harness.app, SOUTHWARK_COORDINATOR)]) {
        const found = await reader.get(staffSearch)
        assert.equal(found.statusCode, 200)
        assert.match(found.body, new RegExp(`href="/briefings/${row.slug}"`))
      }
      const byTheme = await coordinator.get(
        '/manage/learning?theme=professional-curiosity&kind=briefing',
      )
      assert.match(byTheme.body, new RegExp(`href="/briefings/${row.slug}"`))

      // A team records its use; the partnership sees it with its other briefings.
      const practitioner = await signedIn(harness.app, PRACTITIONER)
      const useUrl = `${LIST}/${id}/record-use`
      const form = await practitioner.get(useUrl)
      assert.equal(form.statusCode, 200)
      const agencyId = /<option value="([0-9a-f-]{36})"/.exec(form.body)?.[1]
      assert.ok(agencyId)
      const used = await practitioner.submit(useUrl, {
        _formToken: /name="_formToken" value="([^"]+)"/.exec(form.body)?.[1] ?? '',
        team: 'Tooting health visiting team',
        agencyId,
        ...dateFields('usedOn', TEST_TODAY),
        staffCount: '9',
        agreedActions: 'Ask about everyone in the household at each visit',
      })
      assert.equal(used.statusCode, 303, used.body.slice(0, 1500))
      const usage = textOf((await coordinator.get('/manage/briefings')).body)
      assert.match(usage, /Professional curiosity: learning from case reviews/)
      assert.match(usage, /Tooting health visiting team/)

      // Withdrawn: 410, out of the list and the search; audited throughout.
      const withdrawUrl = `${base}/withdraw`
      const withdrawn = await coordinator.submit(withdrawUrl, {
        version: versionIn((await coordinator.get(withdrawUrl)).body),
        reason: 'Being brought up to date',
      })
      assert.equal(withdrawn.statusCode, 303)
      assert.equal((await visitor.get(`/briefings/${row.slug}`)).statusCode, 410)
      assert.equal((await visitor.get(`/briefings/${row.slug}.pdf`)).statusCode, 410)
      assert.doesNotMatch((await visitor.get('/briefings')).body, new RegExp(String(row.slug)))
      assert.doesNotMatch(
        (await visitor.get('/search?q=%22learning+from+case+reviews%22')).body,
        new RegExp(`/briefings/${row.slug}`),
      )
      assert.doesNotMatch(
        (await coordinator.get(staffSearch)).body,
        new RegExp(`/briefings/${row.slug}`),
      )
      const actions = await dbOf(harness)
        .selectFrom('audit_event')
        .select('action')
        .where('record_type', '=', 'briefing')
        .where('record_id', '=', id)
        .orderBy('sequence')
        .execute()
      assert.deepEqual(
        actions.map((action) => action.action),
        [
          'briefing.compiled',
          'briefing.section-changed',
          'briefing.section-changed',
          'briefing.published',
          'briefing.use-recorded',
          'briefing.withdrawn',
        ],
      )
    },
  )
})
