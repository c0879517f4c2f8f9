// Uploads (issue 8, bug 6): a file's content must match its name and declared
// type (a text file named fake.pdf was stored and served back as fake.pdf with
// text/plain), refused with a message saying what it really is, on every upload
// form; and a document uploaded by mistake can be withdrawn: marked entered in
// error with a reason, audited, off the list and no longer served, never deleted.
import assert from 'node:assert/strict'
import { findPartnershipBySlug } from '../../src/data/repositories/partnership-repository.js'
import {
  csrfTokenIn,
  describeOnEachDatabase,
  itOnLeg,
  type Browser,
  type Harness,
} from './support/app-harness.js'
import { errorSummaryOf, textOf } from './support/html.js'
import {
  COORDINATOR,
  PARTNER,
  api,
  apiToken,
  auditSummaries,
  dateFields,
  dbOf,
  signedIn,
  versionIn,
  workingDaysFromToday,
} from './support/incident-helpers.js'
import { actorFor } from './support/route-walk.js'
import { createLegacyScr } from './support/review-helpers.js'

const TEXT = new TextEncoder().encode('This is plain text, not a PDF.\n')

/** A rapid review of a new Wandsworth incident with one agency request; its page's address. */
async function agencyRequestPage(harness: Harness, pseudonym: string): Promise<string> {
  const { wd } = await workingDaysFromToday(harness)
  const token = await apiToken(harness, COORDINATOR)
  const created = await api(harness.app, token, 'POST', '/api/v1/incidents', {
    childPseudonym: pseudonym,
    awareOn: wd(-3),
    incidentOn: wd(-4),
    harm: 'died',
    abuseOrNeglect: 'known',
  })
  assert.equal(created.statusCode, 201, created.body)
  const incident = created.json<{ id: string; version: number }>()
  const coordinator = await actorFor(harness, COORDINATOR)
  const { rapidReviews } = harness.services
  const id = await rapidReviews.start(coordinator, incident.id, incident.version)
  const agencies = await rapidReviews.agencies(coordinator, id)
  await rapidReviews.addAgencyRequests(
    coordinator,
    id,
    (await rapidReviews.get(coordinator, id)).stepVersions['agency-requests'] ?? 1,
    {
      agencyIds: [agencies[0]!.id],
      requestedOn: wd(-2),
      dueOn: wd(5),
    },
  )
  const requestId = (await rapidReviews.get(coordinator, id)).agencyRequests[0]!.id
  return `/manage/rapid-reviews/${id}/agency-requests/${requestId}`
}

async function upload(
  browser: Browser,
  url: string,
  file: { fileName: string; bytes: Uint8Array; contentType: string },
  fields: Record<string, string> = {},
) {
  const page = await browser.get(url)
  return browser.postMultipart(
    url,
    { _csrf: csrfTokenIn(page.body), version: versionIn(page.body), summary: '', ...fields },
    file,
  )
}

async function documentRows(harness: Harness) {
  return dbOf(harness)
    .selectFrom('document')
    .select(['id', 'file_name', 'withdrawn_at', 'withdrawn_reason', 'withdrawn_by', 'version'])
    .execute()
}

describeOnEachDatabase('Uploads match their content; documents can be withdrawn', (h) => {
  itOnLeg(
    'a file whose content is not what its name or type says is refused, saying what it is',
    async () => {
      const harness = h()
      const url = await agencyRequestPage(harness, 'Child Upload Fake')
      const coordinator = await signedIn(harness.app, COORDINATOR)
      const before = (await documentRows(harness)).length
      const { wd } = await workingDaysFromToday(harness)
      const page = await coordinator.get(url)
      const fake = await coordinator.postMultipart(
        url,
        {
          _csrf: csrfTokenIn(page.body),
          version: versionIn(page.body),
          summary: 'Kept when the file is refused',
          ...dateFields('receivedOn', wd(-1)),
        },
        { fileName: 'fake.pdf', bytes: TEXT, contentType: 'application/pdf' },
      )
      assert.equal(fake.statusCode, 400, fake.body)
      const summary = errorSummaryOf(fake.body)
      assert.match(
        summary?.items.map((item) => item.text).join(' ') ?? '',
        /fake\.pdf is a text file, not a PDF/,
      )
      assert.match(fake.body, /Kept when the file is refused/, 'nothing typed is lost')
      // The declared type is checked too: a text file the browser calls a PDF.
      const declared = await upload(coordinator, url, {
        fileName: 'summary.txt',
        bytes: TEXT,
        contentType: 'application/pdf',
      })
      assert.equal(declared.statusCode, 400)
      assert.match(textOf(declared.body), /summary\.txt is a text file, not a PDF/)
      assert.equal((await documentRows(harness)).length, before, 'nothing stored')

      // The chronology's CSV upload refuses a text file named as a PDF in the same words.
      const wandsworth = await findPartnershipBySlug(dbOf(harness), 'wandsworth')
      const reviewId = await createLegacyScr(coordinator, wandsworth!.id)
      const importUrl = `/manage/reviews/${reviewId}/chronology/import`
      const importPage = await coordinator.get(importUrl)
      const chronology = await coordinator.postMultipart(
        importUrl,
        { _csrf: csrfTokenIn(importPage.body) },
        { fileName: 'chronology.pdf', bytes: TEXT, contentType: 'application/pdf' },
      )
      assert.equal(chronology.statusCode, 400)
      assert.match(textOf(chronology.body), /chronology\.pdf is a text file, not a PDF/)
    },
  )

  itOnLeg(
    'a document is withdrawn with a reason: audited, off the list, not served, kept',
    async () => {
      const harness = h()
      const url = await agencyRequestPage(harness, 'Child Upload Withdraw')
      const coordinator = await signedIn(harness.app, COORDINATOR)
      const { wd } = await workingDaysFromToday(harness)
      const saved = await upload(
        coordinator,
        url,
        { fileName: 'wrong-child.txt', bytes: TEXT, contentType: 'text/plain' },
        dateFields('receivedOn', wd(-1)),
      )
      assert.equal(saved.statusCode, 303, saved.body)
      const stored = (await documentRows(harness)).find(
        (row) => row.file_name === 'wrong-child.txt',
      )
      assert.ok(stored)
      const documentUrl = `${url}/documents/${stored.id}`
      const page = await coordinator.get(url)
      assert.ok(
        page.body.includes(`href="${documentUrl}/withdraw"`),
        'the withdraw link is offered',
      )
      assert.equal((await coordinator.get(documentUrl)).statusCode, 200)

      // A partner may read the rapid review but not withdraw its documents.
      const partner = await signedIn(harness.app, PARTNER)
      assert.equal((await partner.get(`${documentUrl}/withdraw`)).statusCode, 403)

      const form = await coordinator.get(`${documentUrl}/withdraw`)
      assert.equal(form.statusCode, 200)
      assert.match(textOf(form.body), /Withdraw wrong-child\.txt/)
      const noReason = await coordinator.submit(`${documentUrl}/withdraw`, {
        version: versionIn(form.body),
        reason: '  ',
      })
      assert.equal(noReason.statusCode, 400)
      assert.match(textOf(noReason.body), /Enter why the document is being withdrawn/)

      const withdrawn = await coordinator.submit(`${documentUrl}/withdraw`, {
        version: versionIn(form.body),
        reason: 'About another child',
      })
      assert.equal(withdrawn.statusCode, 303, withdrawn.body)
      assert.equal(withdrawn.headers.location, url)
      const after = await coordinator.get(url)
      assert.match(textOf(after.body), /Success wrong-child\.txt withdrawn/)
      assert.doesNotMatch(after.body, new RegExp(`documents/${stored.id}`), 'off the list')
      assert.equal((await coordinator.get(documentUrl)).statusCode, 404, 'no longer served')
      assert.equal((await coordinator.get(`${documentUrl}/withdraw`)).statusCode, 404)

      // Kept, with who and why; audited.
      const row = (await documentRows(harness)).find((candidate) => candidate.id === stored.id)
      assert.equal(row?.withdrawn_reason, 'About another child')
      assert.ok(row?.withdrawn_at)
      assert.equal(Number(row?.version), 2)
      const rapidReviewRecordId = url.split('/').at(-1)!
      const events = await auditSummaries(harness, rapidReviewRecordId)
      assert.ok(
        events.some((event) => event.action === 'document.withdrawn'),
        JSON.stringify(events),
      )

      // A second withdrawal from the same (now stale) form changes nothing.
      const again = await coordinator.submit(`${documentUrl}/withdraw`, {
        version: versionIn(form.body),
        reason: 'Twice',
      })
      assert.equal(again.statusCode, 404)
      const unchanged = (await documentRows(harness)).find(
        (candidate) => candidate.id === stored.id,
      )
      assert.equal(unchanged?.withdrawn_reason, 'About another child')

      // Administrators still see it, labelled, with who, when and why; nobody else does.
      assert.doesNotMatch(
        (await coordinator.get(url)).body,
        /data-testid="withdrawn-documents"/,
        'not on the coordinator’s page',
      )
      const administrator = await signedIn(harness.app, 'administrator@wandsworth.example')
      const adminPage = await administrator.get(url)
      assert.equal(adminPage.statusCode, 200)
      const table = /data-testid="withdrawn-documents"[\s\S]*?<\/table>/.exec(adminPage.body)?.[0]
      assert.ok(table, 'the administrator sees the withdrawn documents')
      assert.match(textOf(table), /wrong-child\.txt/)
      assert.match(textOf(table), /Demo Coordinator/)
      assert.match(textOf(table), /About another child/)
      assert.doesNotMatch(table, new RegExp(`href="[^"]*documents/${stored.id}`), 'never a link')
    },
  )
})
