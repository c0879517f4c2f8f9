// Issue 9 (S17): a review's report versions and the redaction check. Files are
// built with the real libraries, with the child's details (and the review's
// names not to publish) planted in every place a reader can find text; clean
// ones must come back clear. Drafts are for the review team and
// administrators; hits never show what they found; nothing is deleted.
import assert from 'node:assert/strict'
import { strToU8 } from 'fflate'
import { buildDocx, buildPdf } from '../support/report-fixtures.js'
import {
  Browser,
  csrfTokenIn,
  describeOnEachDatabase,
  itOnLeg,
  type Harness,
} from './support/app-harness.js'
import { headingOf, textOf } from './support/html.js'
import {
  ADMINISTRATOR,
  COORDINATOR,
  PARTNER,
  PRACTITIONER,
  SOUTHWARK_COORDINATOR,
  apiToken,
  dbOf,
  signedIn,
} from './support/incident-helpers.js'
import { ACCOUNTS, actorFor } from './support/route-walk.js'

const CHILD = {
  name: 'Jayden Okafor',
  dateOfBirth: '2019-03-03',
  address: '12 Larkspur Mews, Testborough, SE15 4QR',
  reference: 'LA-2023-0456',
}
const SCHOOL = 'Larkspur Primary School'
/** Every form a planted value could leak in, in a page or an audit event. */
const NEEDLES = [
  'Jayden',
  'Okafor',
  '3rd March 2019',
  '03/03/2019',
  'SE15 4QR',
  'LA-2023-0456',
  'Larkspur',
]

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'

/**
 * The demo review ("Child C"), tied to the demo incident's rapid review, whose
 * first child gets planted identity fields; and a school on its list.
 */
async function reviewWithIdentity(harness: Harness): Promise<string> {
  const db = dbOf(harness)
  const rapidReview = await db
    .selectFrom('rapid_review')
    .innerJoin('incident', 'incident.id', 'rapid_review.incident_id')
    .innerJoin('partnership', 'partnership.id', 'incident.partnership_id')
    .select(['rapid_review.id', 'rapid_review.incident_id'])
    .where('partnership.slug', '=', 'wandsworth')
    .where('rapid_review.state', '=', 'panel-responded')
    .executeTakeFirstOrThrow()
  const review = await db
    .selectFrom('review')
    .select(['id', 'rapid_review_id'])
    .where('slug', '=', 'demo-review-child-c')
    .executeTakeFirstOrThrow()
  if (review.rapid_review_id === null) {
    await db
      .updateTable('review')
      .set({ rapid_review_id: rapidReview.id })
      .where('id', '=', review.id)
      .execute()
  }
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
    .set({
      restricted_name: CHILD.name,
      restricted_date_of_birth: CHILD.dateOfBirth,
      restricted_address: CHILD.address,
      restricted_la_reference: CHILD.reference,
    })
    .where('incident_id', '=', incidentId)
    .where('position', '=', 1)
    .execute()
  const coordinator = await actorFor(harness, ACCOUNTS.coordinator)
  const listed = await harness.services.protectedDetails.page(coordinator, review.id, null)
  if (!listed.details.some((detail) => detail.description === 'The child’s school')) {
    await harness.services.protectedDetails.add(coordinator, review.id, {
      kind: 'text',
      value: SCHOOL,
      description: 'The child’s school',
    })
  }
  return review.id
}

async function uploadAs(
  harness: Harness,
  reviewId: string,
  file: { fileName: string; bytes: Uint8Array; type: string },
) {
  const coordinator = await actorFor(harness, ACCOUNTS.coordinator)
  return harness.services.reportVersions.upload(coordinator, reviewId, {
    fileName: file.fileName,
    bytes: file.bytes,
    declaredMediaType: file.type,
  })
}

async function hitsOf(harness: Harness, versionId: string) {
  return dbOf(harness)
    .selectFrom('redaction_hit')
    .select(['id', 'kind', 'term_ref', 'location', 'page', 'excerpt', 'warning', 'version'])
    .where('report_version_id', '=', versionId)
    .orderBy('position')
    .execute()
}

function leaks(text: string): string[] {
  return NEEDLES.filter((needle) => text.includes(needle))
}

async function uploadInBrowser(
  browser: Browser,
  reviewId: string,
  file: { fileName: string; bytes: Uint8Array; type: string },
  note = '',
) {
  const url = `/manage/reviews/${reviewId}/report-versions/new`
  const page = await browser.get(url)
  assert.equal(page.statusCode, 200)
  return browser.postMultipart(
    url,
    { _csrf: csrfTokenIn(page.body), note },
    {
      fileName: file.fileName,
      contentType: file.type,
      bytes: file.bytes,
    },
  )
}

describeOnEachDatabase('Report versions and the redaction check (S17)', (h) => {
  itOnLeg(
    'a coordinator uploads a draft whose footer names the child: the check blocks it and says "footer"; a clean version passes',
    async () => {
      const harness = h()
      const reviewId = await reviewWithIdentity(harness)
      const coordinator = await signedIn(harness.app, COORDINATOR)
      const named = await uploadInBrowser(
        coordinator,
        reviewId,
        {
          fileName: 'draft-1.docx',
          type: DOCX,
          bytes: buildDocx({
            body: ['Learning from the review of Child C.'],
            footer: `Prepared about ${CHILD.name}`,
          }),
        },
        'First draft',
      )
      assert.equal(named.statusCode, 303, textOf(named.body).slice(0, 400))
      const versionPage = await coordinator.get(named.headers.location as string)
      assert.equal(versionPage.statusCode, 200)
      const text = textOf(versionPage.body)
      assert.match(text, /This version cannot be published/)
      assert.match(text, /Child \w+: name footer Prepared about █████/)
      assert.deepEqual(leaks(versionPage.body), [])
      const versionId = (named.headers.location as string).split('/').at(-1) ?? ''
      assert.equal(await harness.services.reportVersions.isVersionClearToPublish(versionId), false)

      const clean = await uploadInBrowser(coordinator, reviewId, {
        fileName: 'draft-2.docx',
        type: DOCX,
        bytes: buildDocx({
          body: ['Learning from the review of Child C.'],
          footer: 'Wandsworth partnership',
        }),
      })
      assert.equal(clean.statusCode, 303)
      const cleanPage = await coordinator.get(clean.headers.location as string)
      assert.match(textOf(cleanPage.body), /Clear\./)
      const cleanId = (clean.headers.location as string).split('/').at(-1) ?? ''
      assert.equal(await harness.services.reportVersions.isVersionClearToPublish(cleanId), true)

      // Both on the review's page, newest first, with who, the type and the check.
      const review = textOf((await coordinator.get(`/manage/reviews/${reviewId}`)).body)
      assert.match(review, /Report versions/)
      assert.match(review, /Version 2 ?: draft-2\.docx draft-2\.docx \(Word document\).*Clear/)
      assert.match(review, /Version 1 ?: draft-1\.docx .*1 to resolve/)
      const audits = await dbOf(harness)
        .selectFrom('audit_event')
        .select(['action', 'summary'])
        .where('record_id', '=', reviewId)
        .where('action', '=', 'report-version.uploaded')
        .execute()
      assert.equal(audits.length, 2)
      assert.deepEqual(leaks(JSON.stringify(audits)), [])
    },
  )

  itOnLeg('finds the details in every hiding place of a PDF, with the page or place', async () => {
    const harness = h()
    const reviewId = await reviewWithIdentity(harness)
    const version = await uploadAs(harness, reviewId, {
      fileName: 'planted.pdf',
      type: 'application/pdf',
      bytes: await buildPdf({
        pages: ['Summary of the review.', 'Background: born on the 3rd March 2019.'],
        footer: `Draft about ${CHILD.name}`,
        annotation: { author: 'Reviewer', contents: 'Check Okafor’s school attendance' },
        formField: 'SE154QR',
        title: 'Review concerning J. Okafor',
        author: 'Larkspur Primary School',
        xmpDescription: 'Reference LA 2023 0456',
      }),
    })
    const hits = await hitsOf(harness, version.id)
    const found = hits.map((hit) => `${hit.term_ref ?? hit.kind} @ ${hit.location}`)
    for (const expected of [
      'child:1:date-of-birth @ page 2',
      'child:1:name @ page 1',
      'child:1:name @ annotation',
      'child:1:postcode @ form field',
      'child:1:name @ properties',
      'child:1:la-reference @ properties',
    ]) {
      assert.ok(found.includes(expected), `${expected} in ${found.join(', ')}`)
    }
    assert.ok(
      hits.some((hit) => hit.term_ref?.startsWith('detail:') && hit.location === 'properties'),
    )
    const page2 = hits.find((hit) => hit.location === 'page 2')
    assert.equal(Number(page2?.page), 2)
    assert.deepEqual(leaks(JSON.stringify(hits)), [])

    const clean = await uploadAs(harness, reviewId, {
      fileName: 'clean.pdf',
      type: 'application/pdf',
      bytes: await buildPdf({
        pages: ['Child C was known to children’s services.', 'Learning for every agency.'],
        footer: 'Wandsworth Safeguarding Children Partnership',
        annotation: { author: 'Reviewer', contents: 'Check the chronology' },
        formField: 'Agreed',
        title: 'Local child safeguarding practice review: Child C',
        xmpDescription: 'Published learning',
      }),
    })
    assert.deepEqual(await hitsOf(harness, clean.id), [])
    assert.equal(await harness.services.reportVersions.isVersionClearToPublish(clean.id), true)
  })

  itOnLeg(
    'finds the details in every hiding place of a Word document; a clean one is clear',
    async () => {
      const harness = h()
      const reviewId = await reviewWithIdentity(harness)
      const version = await uploadAs(harness, reviewId, {
        fileName: 'planted.docx',
        type: DOCX,
        bytes: buildDocx({
          body: ['The review spoke to Okafor, Jayden in the spring.'],
          tableCell: SCHOOL,
          header: 'About J. Okafor',
          footer: `Prepared about ${CHILD.name}`,
          footnote: 'Born 03/03/2019.',
          endnote: 'Lived at SE15 4QR.',
          comment: 'Is Jayden’s reference LA20230456?',
          insertion: 'Jayden',
          deletion: 'Okafor',
          textBox: 'Jayden Okafor',
          title: 'Review about Jayden',
          subject: 'Okafor family',
          creator: 'Larkspur Primary School',
          keywords: '3/3/19',
          description: 'SE154QR',
        }),
      })
      const hits = await hitsOf(harness, version.id)
      const locations = new Set(hits.map((hit) => hit.location))
      for (const location of [
        'body',
        'header',
        'footer',
        'footnote',
        'endnote',
        'comment',
        'tracked change',
        'text box',
        'properties',
      ]) {
        assert.ok(locations.has(location), `a hit in the ${location}: ${[...locations].join(', ')}`)
      }
      const found = hits.map((hit) => `${hit.term_ref} @ ${hit.location}`)
      for (const expected of [
        'child:1:date-of-birth @ footnote',
        'child:1:postcode @ endnote',
        'child:1:la-reference @ comment',
        'child:1:date-of-birth @ properties',
        'child:1:postcode @ properties',
      ]) {
        assert.ok(found.includes(expected), `${expected} in ${found.join(', ')}`)
      }
      assert.ok(hits.some((hit) => hit.term_ref?.startsWith('detail:') && hit.location === 'body'))
      assert.deepEqual(leaks(JSON.stringify(hits)), [])

      const clean = await uploadAs(harness, reviewId, {
        fileName: 'clean.docx',
        type: DOCX,
        bytes: buildDocx({
          body: ['Child C was known to children’s services.'],
          tableCell: 'The school',
          header: 'Local child safeguarding practice review',
          footer: 'Wandsworth Safeguarding Children Partnership',
          footnote: 'Working Together 2023.',
          endnote: 'See the Panel’s guidance.',
          comment: 'Agreed with the family.',
          insertion: 'C',
          deletion: 'the child',
          textBox: 'Key learning',
          title: 'Child C review',
          subject: 'Learning',
          creator: 'Independent reviewer',
          keywords: 'neglect',
          description: 'Published learning',
        }),
      })
      assert.deepEqual(await hitsOf(harness, clean.id), [])
    },
  )

  itOnLeg(
    'refuses a zip bomb and a Word document with too many parts, storing nothing',
    async () => {
      const harness = h()
      const reviewId = await reviewWithIdentity(harness)
      const coordinator = await signedIn(harness.app, COORDINATOR)
      const before = await dbOf(harness).selectFrom('report_version').select('id').execute()
      const many: Record<string, Uint8Array> = {}
      for (let index = 0; index < 1100; index += 1)
        many[`word/media/part${index}.bin`] = strToU8('x')
      const tooMany = await uploadInBrowser(coordinator, reviewId, {
        fileName: 'many.docx',
        type: DOCX,
        bytes: buildDocx({}, many),
      })
      assert.equal(tooMany.statusCode, 400)
      assert.match(textOf(tooMany.body), /more than 1000 parts inside it/)
      const bomb = await uploadInBrowser(coordinator, reviewId, {
        fileName: 'bomb.docx',
        type: DOCX,
        bytes: buildDocx({}, { 'word/footer9.xml': new Uint8Array(150 * 1024 * 1024).fill(32) }),
      })
      assert.equal(bomb.statusCode, 400)
      assert.match(textOf(bomb.body), /zip bomb/)
      const after = await dbOf(harness).selectFrom('report_version').select('id').execute()
      assert.equal(after.length, before.length)
    },
  )

  itOnLeg(
    'drafts are for the review team and administrators: others who open the review are refused, others do not learn it exists',
    async () => {
      const harness = h()
      const reviewId = await reviewWithIdentity(harness)
      const version = await uploadAs(harness, reviewId, {
        fileName: 'draft.pdf',
        type: 'application/pdf',
        bytes: await buildPdf({ pages: ['Child C review draft.'] }),
      })
      const url = `/manage/reviews/${reviewId}/report-versions/${version.id}`
      for (const [email, status] of [
        [COORDINATOR, 200],
        [ACCOUNTS.reviewer, 200],
        [ADMINISTRATOR, 200],
        [PARTNER, 403],
        [PRACTITIONER, 403],
        [SOUTHWARK_COORDINATOR, 404],
      ] as const) {
        const browser = await signedIn(harness.app, email)
        assert.equal((await browser.get(url)).statusCode, status, `${email} on the version page`)
        assert.equal(
          (await browser.get(`${url}/download`)).statusCode,
          status,
          `${email} downloads`,
        )
      }
      const partner = await signedIn(harness.app, PARTNER)
      const reviewPage = await partner.get(`/manage/reviews/${reviewId}`)
      assert.equal(reviewPage.statusCode, 200)
      assert.doesNotMatch(textOf(reviewPage.body), /Report versions/)

      // The team downloads the file as uploaded; a withdrawn version stays listed and is no longer served.
      const coordinator = await signedIn(harness.app, COORDINATOR)
      const download = await coordinator.get(`${url}/download`)
      assert.equal(download.headers['content-type'], 'application/pdf')
      assert.match(String(download.headers['content-disposition']), /draft\.pdf/)
      const refused = await coordinator.submit(`${url}/withdraw`, { reason: '', version: '1' })
      assert.equal(refused.statusCode, 400)
      assert.match(textOf(refused.body), /Enter why the version is being withdrawn/)
      const withdrawn = await coordinator.submit(`${url}/withdraw`, {
        reason: 'Uploaded the wrong draft',
        version: '1',
      })
      assert.equal(withdrawn.statusCode, 303)
      assert.equal((await coordinator.get(`${url}/download`)).statusCode, 404)
      assert.match(
        textOf((await coordinator.get(url)).body),
        /Withdrawn by .*Uploaded the wrong draft/,
      )
      const row = await dbOf(harness)
        .selectFrom('report_version')
        .select(['withdrawn_reason', 'version'])
        .where('id', '=', version.id)
        .executeTakeFirstOrThrow()
      assert.equal(row.withdrawn_reason, 'Uploaded the wrong draft')
      assert.equal(await harness.services.reportVersions.isVersionClearToPublish(version.id), false)
    },
  )

  itOnLeg(
    'a coordinator marks a hit a false alarm with a reason (audited); a reviewer may not',
    async () => {
      const harness = h()
      const reviewId = await reviewWithIdentity(harness)
      const version = await uploadAs(harness, reviewId, {
        fileName: 'draft.pdf',
        type: 'application/pdf',
        bytes: await buildPdf({
          pages: ['The school nurse, Ms Okafor, was not related to the family.'],
        }),
      })
      const [hit] = await hitsOf(harness, version.id)
      assert.ok(hit)
      const dismissUrl = `/manage/reviews/${reviewId}/report-versions/${version.id}/hits/${hit.id}/dismiss`
      const reviewer = await signedIn(harness.app, ACCOUNTS.reviewer)
      assert.equal((await reviewer.get(dismissUrl)).statusCode, 404)
      const coordinator = await signedIn(harness.app, COORDINATOR)
      const empty = await coordinator.submit(dismissUrl, { reason: '', version: '1' })
      assert.equal(empty.statusCode, 400)
      assert.match(textOf(empty.body), /Enter why this is a false alarm/)
      const done = await coordinator.submit(dismissUrl, {
        reason: 'A professional with the same surname, not family',
        version: '1',
      })
      assert.equal(done.statusCode, 303)
      assert.equal(await harness.services.reportVersions.isVersionClearToPublish(version.id), true)
      const page = textOf(
        (await coordinator.get(`/manage/reviews/${reviewId}/report-versions/${version.id}`)).body,
      )
      assert.match(page, /Clear\. Every hit has been marked a false alarm/)
      const audit = await dbOf(harness)
        .selectFrom('audit_event')
        .select('summary')
        .where('action', '=', 'redaction-hit.dismissed')
        .executeTakeFirstOrThrow()
      assert.match(audit.summary ?? '', /same surname/)
      assert.deepEqual(leaks(audit.summary ?? ''), [])
    },
  )

  itOnLeg(
    'names and details not to publish are hidden until a reason is given, and never audited',
    async () => {
      const harness = h()
      const reviewId = await reviewWithIdentity(harness)
      const coordinator = await signedIn(harness.app, COORDINATOR)
      const added = await coordinator.submit(`/manage/reviews/${reviewId}/protected-details/new`, {
        description: 'The mother’s partner',
        kind: 'name',
        value: 'Ambrose Fennimore',
      })
      assert.equal(added.statusCode, 303, textOf(added.body).slice(0, 300))
      const list = await coordinator.get(`/manage/reviews/${reviewId}/protected-details`)
      assert.match(textOf(list.body), /The mother’s partner Name Hidden/)
      assert.doesNotMatch(list.body, /Fennimore|Larkspur/)
      const shortReason = await coordinator.submit(
        `/manage/reviews/${reviewId}/protected-details/show`,
        {
          reason: 'short',
        },
      )
      assert.equal(shortReason.statusCode, 400)
      const shown = await coordinator.submit(`/manage/reviews/${reviewId}/protected-details/show`, {
        reason: 'Checking the redactions in the final draft',
      })
      assert.equal(shown.statusCode, 303)
      const revealed = await coordinator.get(`/manage/reviews/${reviewId}/protected-details`)
      assert.match(textOf(revealed.body), /Ambrose Fennimore/)
      const audits = await dbOf(harness)
        .selectFrom('audit_event')
        .select(['action', 'summary'])
        .where('record_id', '=', reviewId)
        .execute()
      assert.ok(audits.some((audit) => audit.action === 'protected-details.viewed'))
      assert.doesNotMatch(JSON.stringify(audits), /Fennimore|Larkspur Primary/)
      // A partner (not on the team) is refused the list.
      const partner = await signedIn(harness.app, PARTNER)
      assert.equal(
        (await partner.get(`/manage/reviews/${reviewId}/protected-details`)).statusCode,
        403,
      )
    },
  )

  itOnLeg(
    'POST /api/v1/redaction-checks answers 200, 400, 401 and 403 and stores nothing',
    async () => {
      const harness = h()
      const token = await apiToken(harness, COORDINATOR)
      const asCoordinator = new Browser(harness.app, { authorization: `Bearer ${token}` })
      const before = await dbOf(harness).selectFrom('report_version').select('id').execute()
      const terms = JSON.stringify([
        { kind: 'name', value: CHILD.name },
        { kind: 'date', value: '3 March 2019' },
      ])
      const pdf = await buildPdf({
        pages: ['Jayden was born on 03/03/2019.'],
        footer: 'Page 1',
        title: 'Report about J Okafor',
        xmpDescription: 'NHS 401 023 2137',
      })
      const ok = await asCoordinator.postMultipart(
        '/api/v1/redaction-checks',
        { terms },
        {
          fileName: 'agency.pdf',
          contentType: 'application/pdf',
          bytes: pdf,
        },
      )
      assert.equal(ok.statusCode, 200, ok.body)
      const answer = JSON.parse(ok.body) as {
        clear: boolean
        hits: {
          kind: string
          term: number | null
          location: string
          page: number | null
          excerpt: string
        }[]
      }
      assert.equal(answer.clear, false)
      assert.deepEqual(
        answer.hits.map((hit) => [hit.kind, hit.term, hit.location, hit.page]),
        [
          ['name', 0, 'page 1', 1],
          ['date', 1, 'page 1', 1],
          ['name', 0, 'properties', null],
          ['possible-nhs-number', null, 'properties', null],
        ],
      )
      assert.deepEqual(leaks(ok.body), [])
      assert.doesNotMatch(ok.body, /401 023 2137/)

      const cleanAnswer = await asCoordinator.postMultipart(
        '/api/v1/redaction-checks',
        { terms },
        {
          fileName: 'clean.docx',
          contentType: DOCX,
          bytes: buildDocx({ body: ['Child C was seen.'] }),
        },
      )
      assert.deepEqual(JSON.parse(cleanAnswer.body), { clear: true, hits: [] })

      const badTerms = await asCoordinator.postMultipart(
        '/api/v1/redaction-checks',
        { terms: '[{"kind":"colour"}]' },
        {
          fileName: 'agency.pdf',
          contentType: 'application/pdf',
          bytes: pdf,
        },
      )
      assert.equal(badTerms.statusCode, 400)
      assert.equal(
        (JSON.parse(badTerms.body) as { errors: { field: string }[] }).errors[0]?.field,
        'terms[0]',
      )
      const notJson = await asCoordinator.postMultipart(
        '/api/v1/redaction-checks',
        { terms: 'Jayden' },
        {
          fileName: 'agency.pdf',
          contentType: 'application/pdf',
          bytes: pdf,
        },
      )
      assert.equal(notJson.statusCode, 400)
      const badFile = await asCoordinator.postMultipart(
        '/api/v1/redaction-checks',
        { terms },
        {
          fileName: 'agency.pdf',
          contentType: 'application/pdf',
          bytes: strToU8('just text, not a PDF'),
        },
      )
      assert.equal(badFile.statusCode, 400)
      assert.equal(
        (JSON.parse(badFile.body) as { errors: { field: string }[] }).errors[0]?.field,
        'file',
      )
      const noFile = await asCoordinator.postMultipart('/api/v1/redaction-checks', { terms })
      assert.equal(noFile.statusCode, 400)

      const anonymous = await new Browser(harness.app).postMultipart(
        '/api/v1/redaction-checks',
        { terms },
        {
          fileName: 'agency.pdf',
          contentType: 'application/pdf',
          bytes: pdf,
        },
      )
      assert.equal(anonymous.statusCode, 401)
      const reviewerToken = await apiToken(harness, ACCOUNTS.reviewer)
      const asReviewer = new Browser(harness.app, { authorization: `Bearer ${reviewerToken}` })
      const forbidden = await asReviewer.postMultipart(
        '/api/v1/redaction-checks',
        { terms },
        {
          fileName: 'agency.pdf',
          contentType: 'application/pdf',
          bytes: pdf,
        },
      )
      assert.equal(forbidden.statusCode, 403)

      const after = await dbOf(harness).selectFrom('report_version').select('id').execute()
      assert.equal(after.length, before.length)
      const audits = await dbOf(harness)
        .selectFrom('audit_event')
        .select('summary')
        .where('action', '=', 'redaction-check.run')
        .execute()
      assert.ok(audits.length >= 2)
      assert.deepEqual(leaks(JSON.stringify(audits)), [])
    },
  )

  itOnLeg('the stateless check page shows masked hits and keeps nothing', async () => {
    const harness = h()
    const partner = await signedIn(harness.app, PARTNER)
    const page = await partner.get('/manage/redaction-check')
    assert.equal(page.statusCode, 200)
    assert.equal(headingOf(page.body), 'Check a document for identifying details')
    const result = await partner.postMultipart(
      '/manage/redaction-check',
      { _csrf: csrfTokenIn(page.body), kind1: 'name', value1: CHILD.name, kind2: '', value2: '' },
      {
        fileName: 'agency.docx',
        contentType: DOCX,
        bytes: buildDocx({ header: `About ${CHILD.name}` }),
      },
    )
    assert.equal(result.statusCode, 200)
    assert.match(textOf(result.body), /1 found\. .*Detail 1 \(name\) header About █████/)
    assert.deepEqual(leaks(result.body), [])
    const missing = await partner.postMultipart('/manage/redaction-check', {
      _csrf: csrfTokenIn(page.body),
    })
    assert.equal(missing.statusCode, 400)
    assert.match(textOf(missing.body), /Select a PDF or Word document to check/)
    assert.match(textOf(missing.body), /Enter at least one name or detail to look for/)
  })
})
