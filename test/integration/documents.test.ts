// Uploaded documents through the pages, on both databases: an agency's
// information for a rapid review (S8) as a PDF, Word or text file, checked by its
// content and read in a sandboxed worker, downloaded byte for byte, audited, and
// hidden from anyone who may not read the rapid review; bad files refused with
// nothing stored; a chronology (S10) uploaded as a CSV file, all rows or none.
import assert from 'node:assert/strict'
import PDFDocument from 'pdfkit'
import { findPartnershipBySlug } from '../../src/data/repositories/partnership-repository.js'
import { DEFAULT_PDF_LIMITS } from '../../src/integrations/documents/pdf-text.js'
import { decompressionBombPdf } from '../support/hostile-pdf.js'
import {
  describeOnEachDatabase,
  itOnLeg,
  csrfTokenIn,
  type Browser,
  type Harness,
} from './support/app-harness.js'
import { errorSummaryOf, headingOf, textOf } from './support/html.js'
import {
  COORDINATOR,
  PARTNER,
  PRACTITIONER,
  SCRIPT,
  SOUTHWARK_COORDINATOR,
  dateFields,
  dbOf,
  idFromLocation,
  signedIn,
  versionIn,
  workingDaysFromToday,
} from './support/incident-helpers.js'
import { addListedAgencies, createLegacyScr } from './support/review-helpers.js'

const RECORD_TYPE = 'rapid-review-agency-request'

/**
 * A decompression bomb of 40 MB of text operators (100 KB on disk): reading it
 * takes the worker about 6 seconds, so its time limit stops it. The server
 * allows 10 seconds; this test process (its own, as node --test runs each
 * file apart) allows 3, so the test stays short. Same worker, same limits code;
 * src/integrations/documents/pdf-text.test.ts covers the limits themselves.
 */
const BOMB_INFLATED_BYTES = 40 * 1024 * 1024
DEFAULT_PDF_LIMITS.timeoutMs = 3_000

function makePdf(text: string): Promise<Uint8Array> {
  return new Promise((resolve) => {
    const doc = new PDFDocument({ info: { CreationDate: new Date('2024-01-01T00:00:00Z') } })
    const chunks: Buffer[] = []
    doc.on('data', (chunk: Buffer) => chunks.push(chunk))
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))))
    doc.text(text)
    doc.end()
  })
}

/** An incident (aware 3 working days ago), its rapid review and a request to the police. */
async function agencyRequest(
  harness: Harness,
  coordinator: Browser,
  pseudonym: string,
): Promise<{ base: string; requestId: string; requestUrl: string }> {
  const { wd } = await workingDaysFromToday(harness)
  const created = await coordinator.submit('/manage/incidents/new', {
    partnership: 'wandsworth',
    abuseOrNeglect: 'known',
    harm: 'died',
    lookedAfter: 'no',
    careLeaver: 'no',
    guidanceEdition: 'WT2023',
    ...dateFields('incidentOn', wd(-4)),
    ...dateFields('awareOn', wd(-3)),
    child1Pseudonym: pseudonym,
  })
  const incidentId = idFromLocation(created, '/manage/incidents/')
  const incidentPage = await coordinator.get(`/manage/incidents/${incidentId}`)
  const started = await coordinator.submit(
    `/manage/incidents/${incidentId}`,
    { version: versionIn(incidentPage.body) },
    `/manage/incidents/${incidentId}/rapid-review`,
  )
  const base = `/manage/rapid-reviews/${idFromLocation(started, '/manage/rapid-reviews/')}`
  const requests = await coordinator.get(`${base}/agency-requests`)
  // The agencies are checkboxes: several can be asked at once (issue 8).
  const police = new RegExp(
    `name="agencyIds" type="checkbox" value="([0-9a-f-]{36})"[^>]*>\\s*<label[^>]*>\\s*Metropolitan Police Service`,
  ).exec(requests.body)?.[1]
  assert.ok(police, 'the police can be asked')
  const added = await coordinator.submit(`${base}/agency-requests`, {
    version: versionIn(requests.body),
    agencyIds: police,
    ...dateFields('requestedOn', wd(-2)),
    ...dateFields('dueOn', wd(5)),
  })
  assert.equal(added.statusCode, 303, added.body)
  const listed = await coordinator.get(`${base}/agency-requests`)
  const requestId = new RegExp(`${base}/agency-requests/([0-9a-f-]{36})`).exec(listed.body)?.[1]
  assert.ok(requestId)
  return { base, requestId, requestUrl: `${base}/agency-requests/${requestId}` }
}

/** Posts the agency response form, as the browser sends it: multipart, with the page's tokens. */
async function respond(
  browser: Browser,
  requestUrl: string,
  fields: Record<string, string>,
  file?: { fileName: string; bytes: Uint8Array; contentType?: string },
) {
  const page = await browser.get(requestUrl)
  return browser.postMultipart(
    requestUrl,
    { _csrf: csrfTokenIn(page.body), version: versionIn(page.body), ...fields },
    file,
  )
}

function documentsOf(harness: Harness, recordId: string) {
  return dbOf(harness)
    .selectFrom('document')
    .select(['id', 'file_name', 'kind', 'media_type', 'size_bytes', 'extracted_text'])
    .where('record_type', '=', RECORD_TYPE)
    .where('record_id', '=', recordId)
    .execute()
}

async function receivedOn(harness: Harness, requestId: string): Promise<string | null> {
  const row = await dbOf(harness)
    .selectFrom('rapid_review_agency_request')
    .select('received_on')
    .where('id', '=', requestId)
    .executeTakeFirstOrThrow()
  return row.received_on
}

function assertFileRefused(
  response: { statusCode: number; body: string },
  message: RegExp,
  what: string,
): void {
  assert.equal(response.statusCode, 400, `${what}: status`)
  const item = errorSummaryOf(response.body)?.items.find((candidate) => candidate.href === '#file')
  assert.ok(item, `${what}: the error summary links to the file input`)
  assert.match(item.text, message, what)
  assert.match(response.body, /id="file-error"/, `${what}: the file input shows the error`)
}

describeOnEachDatabase('Uploaded documents', (h) => {
  itOnLeg(
    'S8: an agency’s summary uploaded as a PDF is stored with its text, downloaded byte for byte, and audited',
    async () => {
      const harness = h()
      const { wd } = await workingDaysFromToday(harness)
      const coordinator = await signedIn(harness.app, COORDINATOR)
      const { base, requestId, requestUrl } = await agencyRequest(harness, coordinator, 'Child Q')
      const form = await coordinator.get(requestUrl)
      assert.match(form.body, /enctype="multipart\/form-data"/)
      assert.match(form.body, /class="govuk-file-upload[^"]*" id="file" name="file" type="file"/)

      const pdf = await makePdf('Police summary: two call-outs to the address of Child D.')
      const saved = await respond(
        coordinator,
        requestUrl,
        { ...dateFields('receivedOn', wd(-1)), summary: '' },
        { fileName: 'Police summary – März.pdf', bytes: pdf, contentType: 'application/pdf' },
      )
      assert.equal(saved.statusCode, 303, saved.body)
      assert.equal(await receivedOn(harness, requestId), wd(-1))
      const [stored, ...others] = await documentsOf(harness, requestId)
      assert.ok(stored)
      assert.equal(others.length, 0)
      assert.equal(stored.kind, 'pdf')
      assert.equal(stored.media_type, 'application/pdf')
      assert.equal(Number(stored.size_bytes), pdf.length)
      assert.match(stored.extracted_text ?? '', /Police summary: two call-outs to the address/)

      // Listed on the request's page with a download link.
      const page = await coordinator.get(requestUrl)
      const href = `${requestUrl}/documents/${stored.id}`
      assert.ok(page.body.includes(`href="${href}"`), 'a download link')
      assert.match(textOf(page.body), /Police summary – März\.pdf \(PDF, \d+ KB\)/)
      assert.match(textOf((await coordinator.get(`${base}/agency-requests`)).body), /Received/)

      const download = await coordinator.get(href)
      assert.equal(download.statusCode, 200)
      assert.equal(download.headers['content-type'], 'application/pdf')
      assert.equal(download.headers['x-content-type-options'], 'nosniff')
      assert.equal(
        download.headers['content-disposition'],
        `attachment; filename="Police summary _ M_rz.pdf"; filename*=UTF-8''Police%20summary%20%E2%80%93%20M%C3%A4rz.pdf`,
      )
      assert.ok(Buffer.from(pdf).equals(download.rawPayload), 'identical bytes')

      // A partner reads the rapid review, so may download it too.
      const partner = await signedIn(harness.app, PARTNER)
      const partnerDownload = await partner.get(href)
      assert.equal(partnerDownload.statusCode, 200)
      assert.ok(Buffer.from(pdf).equals(partnerDownload.rawPayload))

      const audit = await dbOf(harness)
        .selectFrom('audit_event')
        .select(['action', 'summary'])
        .where('record_id', '=', requestId)
        .orderBy('sequence')
        .execute()
      assert.deepEqual(
        audit.map((event) => event.action),
        ['document.uploaded', 'document.downloaded', 'document.downloaded'],
      )
      for (const event of audit) {
        assert.ok(event.summary.includes(stored.id), 'the audit names the document')
        assert.ok(!event.summary.includes('März'), 'file names stay out of the audit trail')
      }

      // A text file can be added later; the typed summary is kept when left empty.
      const typed = await respond(
        coordinator,
        requestUrl,
        { ...dateFields('receivedOn', wd(-1)), summary: `Known to police. ${SCRIPT}` },
        {
          fileName: 'notes.txt',
          bytes: new TextEncoder().encode('Call-out log\n'),
          contentType: 'text/plain',
        },
      )
      assert.equal(typed.statusCode, 303, typed.body)
      const texts = await documentsOf(harness, requestId)
      assert.equal(texts.length, 2)
      assert.equal(texts.find((row) => row.kind === 'text')?.extracted_text, 'Call-out log\n')
      const afterText = await coordinator.get(requestUrl)
      assert.ok(!afterText.body.includes(SCRIPT), 'nothing rendered unescaped')
      const textDownload = await coordinator.get(
        `${requestUrl}/documents/${texts.find((row) => row.kind === 'text')?.id}`,
      )
      assert.equal(textDownload.headers['content-type'], 'text/plain')
      assert.equal(textDownload.body, 'Call-out log\n')
    },
  )

  itOnLeg(
    'bad files are refused on the file field with nothing stored: wrong type, empty, damaged, a decompression bomb; the server carries on',
    async () => {
      const harness = h()
      const { wd } = await workingDaysFromToday(harness)
      const coordinator = await signedIn(harness.app, COORDINATOR)
      const { requestId, requestUrl } = await agencyRequest(harness, coordinator, 'Child E')
      const received = dateFields('receivedOn', wd(-1))

      // A Windows program renamed .pdf, and claiming to be one.
      const executable = new Uint8Array(Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00PE\x00\x00'))
      assertFileRefused(
        await respond(
          coordinator,
          requestUrl,
          { ...received, summary: '' },
          {
            fileName: 'summary.pdf',
            bytes: executable,
            contentType: 'application/pdf',
          },
        ),
        /must be a PDF, Word document \(\.docx\), text file/,
        'executable named .pdf',
      )
      assertFileRefused(
        await respond(
          coordinator,
          requestUrl,
          { ...received, summary: 'Typed too' },
          {
            fileName: 'empty.pdf',
            bytes: new Uint8Array(0),
          },
        ),
        /The selected file is empty/,
        'empty file',
      )
      assertFileRefused(
        await respond(
          coordinator,
          requestUrl,
          { ...received, summary: '' },
          {
            fileName: 'damaged.pdf',
            bytes: new Uint8Array(Buffer.from('%PDF-1.4\n garbage \n%%EOF')),
          },
        ),
        /could not be read\. It may be damaged/,
        'damaged PDF',
      )
      // A good file with a bad date: both problems at once, and still nothing stored.
      const both = await respond(
        coordinator,
        requestUrl,
        { ...dateFields('receivedOn', '2023-02-30'), summary: '' },
        { fileName: 'program.docx', bytes: executable },
      )
      assert.equal(both.statusCode, 400)
      assert.deepEqual(
        errorSummaryOf(both.body)?.items.map((item) => item.href),
        ['#receivedOn-day', '#file'],
      )
      // A good file with a bad date: the file is not kept either.
      const badDate = await respond(
        coordinator,
        requestUrl,
        { ...dateFields('receivedOn', '2023-02-30'), summary: '' },
        { fileName: 'good.txt', bytes: new TextEncoder().encode('A good summary') },
      )
      assert.equal(badDate.statusCode, 400)
      assert.match(badDate.body, /Choose the file again/)
      // Neither a summary nor a file.
      const nothing = await respond(coordinator, requestUrl, { ...received, summary: '' })
      assert.equal(nothing.statusCode, 400)
      assert.match(
        errorSummaryOf(nothing.body)?.items.find((item) => item.href === '#summary')?.text ?? '',
        /Enter a summary of the agency’s information, or upload it as a document/,
      )

      // A decompression bomb: small on disk, huge once inflated. The worker's
      // limits stop it; the server answers as before.
      const started = performance.now()
      const bomb = decompressionBombPdf(BOMB_INFLATED_BYTES)
      assertFileRefused(
        await respond(
          coordinator,
          requestUrl,
          { ...received, summary: '' },
          {
            fileName: 'bomb.pdf',
            bytes: bomb,
          },
        ),
        /too complex to read safely/,
        'decompression bomb',
      )
      const took = performance.now() - started
      assert.ok(took < 10_000, `refused in ${Math.round(took)} ms`)
      const health = await harness.app.inject({ method: 'GET', url: '/healthz' })
      assert.equal(health.statusCode, 200)
      assert.equal((await coordinator.get(requestUrl)).statusCode, 200)

      assert.deepEqual(await documentsOf(harness, requestId), [], 'no document stored')
      assert.equal(await receivedOn(harness, requestId), null, 'the response was not recorded')
      const audit = await dbOf(harness)
        .selectFrom('audit_event')
        .select('action')
        .where('record_id', '=', requestId)
        .execute()
      assert.deepEqual(audit, [], 'nothing audited: nothing changed')
    },
  )

  itOnLeg('a file over the 10 MB limit gets a clear 413 page, not a server error', async () => {
    const harness = h()
    const coordinator = await signedIn(harness.app, COORDINATOR)
    const { requestId, requestUrl } = await agencyRequest(harness, coordinator, 'Child F')
    const { wd } = await workingDaysFromToday(harness)
    const tooLarge = new Uint8Array(10 * 1024 * 1024 + 1).fill(0x41)
    const response = await respond(
      coordinator,
      requestUrl,
      { ...dateFields('receivedOn', wd(-1)), summary: '' },
      { fileName: 'huge.txt', bytes: tooLarge, contentType: 'text/plain' },
    )
    assert.equal(response.statusCode, 413)
    assert.equal(headingOf(response.body), 'The selected file is too large')
    assert.match(textOf(response.body), /must be smaller than 10 MB\. Nothing was saved/)
    assert.deepEqual(await documentsOf(harness, requestId), [])
    assert.equal(await receivedOn(harness, requestId), null)
    // The chronology upload form has the same limit and the same page.
    const wandsworth = await findPartnershipBySlug(dbOf(harness), 'wandsworth')
    assert.ok(wandsworth)
    const reviewId = await createLegacyScr(coordinator, wandsworth.id)
    const importUrl = `/manage/reviews/${reviewId}/chronology/import`
    const importPage = await coordinator.get(importUrl)
    const tooLargeCsv = await coordinator.postMultipart(
      importUrl,
      { _csrf: csrfTokenIn(importPage.body) },
      { fileName: 'chronology.csv', bytes: tooLarge, contentType: 'text/csv' },
    )
    assert.equal(tooLargeCsv.statusCode, 413)
    assert.equal(headingOf(tooLargeCsv.body), 'The selected file is too large')
  })

  itOnLeg(
    'who may download: a practitioner, another partnership and a wrong address get 404',
    async () => {
      const harness = h()
      const { wd } = await workingDaysFromToday(harness)
      const coordinator = await signedIn(harness.app, COORDINATOR)
      const { base, requestId, requestUrl } = await agencyRequest(harness, coordinator, 'Child G')
      const saved = await respond(
        coordinator,
        requestUrl,
        { ...dateFields('receivedOn', wd(-1)), summary: 'Summary' },
        { fileName: 'summary.txt', bytes: new TextEncoder().encode('Police notes\n') },
      )
      assert.equal(saved.statusCode, 303, saved.body)
      const [stored] = await documentsOf(harness, requestId)
      assert.ok(stored)
      const href = `${requestUrl}/documents/${stored.id}`
      assert.equal((await coordinator.get(href)).statusCode, 200)

      const practitioner = await signedIn(harness.app, PRACTITIONER)
      const refused = await practitioner.get(href)
      assert.equal(refused.statusCode, 404, 'the practitioner does not learn it exists')
      assert.ok(!refused.body.includes('Police notes') && !refused.body.includes('summary.txt'))
      assert.equal(
        (await practitioner.get(`${requestUrl}/documents/00000000-0000-4000-8000-000000000000`))
          .statusCode,
        404,
        'the same answer as for a document that does not exist',
      )
      const southwark = await signedIn(harness.app, SOUTHWARK_COORDINATOR)
      assert.equal((await southwark.get(href)).statusCode, 404)
      // The document of one request is not found under another rapid review's address.
      const other = await agencyRequest(harness, coordinator, 'Child H')
      assert.equal(
        (await coordinator.get(`${other.requestUrl}/documents/${stored.id}`)).statusCode,
        404,
      )
      assert.equal((await coordinator.get(`${base}/agency-requests/x/documents/y`)).statusCode, 404)
      // Signed out: to the sign-in page.
      const anonymous = await harness.app.inject({ method: 'GET', url: href })
      assert.equal(anonymous.statusCode, 302)
      const downloads = await dbOf(harness)
        .selectFrom('audit_event')
        .select('action')
        .where('record_id', '=', requestId)
        .where('action', '=', 'document.downloaded')
        .execute()
      assert.equal(downloads.length, 1, 'only the coordinator’s download happened')
    },
  )

  itOnLeg(
    'S10: a chronology uploaded as a CSV file: bad rows listed by line with nothing imported, then the clean file imported',
    async () => {
      const harness = h()
      const coordinator = await signedIn(harness.app, COORDINATOR)
      const wandsworth = await findPartnershipBySlug(dbOf(harness), 'wandsworth')
      assert.ok(wandsworth)
      const reviewId = await createLegacyScr(coordinator, wandsworth.id)
      await addListedAgencies(harness, wandsworth.id, ['GP surgery', 'Police', 'School'])
      const importUrl = `/manage/reviews/${reviewId}/chronology/import`
      const upload = async (fileName: string, bytes: Uint8Array | null) => {
        const page = await coordinator.get(importUrl)
        assert.equal(page.statusCode, 200)
        assert.match(page.body, /enctype="multipart\/form-data"/)
        return coordinator.postMultipart(
          importUrl,
          { _csrf: csrfTokenIn(page.body) },
          bytes === null
            ? { fileName: '', bytes: new Uint8Array(0) }
            : { fileName, bytes, contentType: 'text/csv' },
        )
      }
      const entries = async () =>
        Number(
          (
            await dbOf(harness)
              .selectFrom('chronology_entry')
              .select((eb) => eb.fn.countAll<string | number>().as('count'))
              .where('review_id', '=', reviewId)
              .executeTakeFirstOrThrow()
          ).count,
        )

      const bad = await upload(
        'chronology.csv',
        new TextEncoder().encode(
          [
            'agency,date,time,event',
            'GP surgery,2017-03-02,09:30,Fine row',
            ',2023-02-30,25:00,',
            `School,2099-01-01,,${SCRIPT}`,
          ].join('\r\n'),
        ),
      )
      assert.equal(bad.statusCode, 400)
      const summary = errorSummaryOf(bad.body)
      assert.deepEqual(
        summary?.items.map((item) => `${item.href} ${item.text.slice(0, 7)}`),
        ['#file Line 3:', '#file Line 4:'],
        'each bad row, by line, linked to the file input',
      )
      const text = textOf(bad.body)
      assert.match(text, /Line 3: Enter the agency; Date must be a real date/)
      assert.match(text, /Line 4: Date must be today or in the past/)
      assert.match(text, /Nothing was imported Fix these rows in the CSV and upload it again/)
      assert.ok(!bad.body.includes(SCRIPT), 'nothing rendered unescaped')
      assert.equal(await entries(), 0, 'nothing imported until the file is clean')

      // Not a CSV file by content, whatever its name says.
      const pdf = await upload('chronology.csv', await makePdf('agency,date,event'))
      assertFileRefused(pdf, /must be a CSV file saved as UTF-8 text/, 'a PDF named .csv')
      assertFileRefused(await upload('', null), /Select a CSV file/, 'no file chosen')
      assertFileRefused(
        await upload('chronology.csv', new Uint8Array(0)),
        /The selected file is empty/,
        'an empty file',
      )
      assert.equal(await entries(), 0)

      // The clean file, saved by Excel as "CSV UTF-8" (with a byte order mark).
      const clean = await upload(
        'chronology.csv',
        new Uint8Array([
          0xef,
          0xbb,
          0xbf,
          ...new TextEncoder().encode(
            [
              'agency,date,time,event,source',
              'GP surgery,2017-03-02,09:30,"Seen with a cough, no concerns",GP records',
              'Police,01/03/2017,22:40,Called to the address,CAD 1234',
            ].join('\r\n'),
          ),
        ]),
      )
      assert.equal(clean.statusCode, 303, clean.body)
      assert.equal(clean.headers.location, `/manage/reviews/${reviewId}/chronology`)
      assert.equal(await entries(), 2)
      const timeline = textOf(
        (await coordinator.get(`/manage/reviews/${reviewId}/chronology`)).body,
      )
      assert.match(timeline, /1 March 2017 10:40pm Police Called to the address CAD 1234/)
      const imported = await dbOf(harness)
        .selectFrom('chronology_entry')
        .select(['agency', 'entered_by', 'source_line'])
        .where('review_id', '=', reviewId)
        .orderBy('source_line')
        .execute()
      assert.deepEqual(
        imported.map((row) => `${row.agency} ${row.entered_by} ${row.source_line}`),
        ['GP surgery csv 2', 'Police csv 3'],
        'the byte order mark is not part of the first column’s name',
      )

      // The pasted form still works beside it.
      const page = await coordinator.get(importUrl)
      const pasted = await coordinator.post(importUrl, {
        _csrf: csrfTokenIn(page.body),
        csv: 'agency,date,event\nSchool,2017-03-03,Absent',
      })
      assert.equal(pasted.statusCode, 303)
      assert.equal(await entries(), 3)
    },
  )
})
