// Evidence and assurance for agency actions, and the partnership's view of its
// plans (issue 10): evidence files checked by content and links checked as web
// addresses; completed needs evidence; assure, send back and close; a later
// due date asked for and agreed or refused with the original date kept;
// filters and paging; the dashboard's figures; exports that parse and neutralise
// formulas, each audited; the API's filters and evidence links; and an agency
// lead seeing only their own agency's actions throughout.
import assert from 'node:assert/strict'
import { parse } from 'csv-parse/sync'
import { Document, Packer, Paragraph } from 'docx'
import ExcelJS from 'exceljs'
import { unzipSync } from 'fflate'
import PDFDocument from 'pdfkit'
import {
  describeOnEachDatabase,
  itOnLeg,
  csrfTokenIn,
  type Harness,
} from './support/app-harness.js'
import { errorSummaryOf, textOf } from './support/html.js'
import {
  ADMINISTRATOR,
  COORDINATOR,
  PARTNER,
  SOUTHWARK_COORDINATOR,
  api,
  apiToken,
  auditSummaries,
  dateFields,
  dbOf,
  signedIn,
  versionIn,
} from './support/incident-helpers.js'
import { actorFor } from './support/route-walk.js'
import { addCalendarDays } from '../../src/domain/calendar/calendar-date.js'
import { testNow } from '../support/test-clock.js'

const AGENCY_LEAD = 'agency-lead@wandsworth.example'
const CHILDRENS_SERVICES = "Wandsworth Council Children's Services"
const SCHOOLS = 'Wandsworth schools and colleges'
const HOSTILE = '=HYPERLINK("http://evil.example/steal","Click for the audit")'

function pdfWith(text: string): Promise<Uint8Array> {
  return new Promise((resolve) => {
    const doc = new PDFDocument({ info: { CreationDate: testNow() } })
    const chunks: Buffer[] = []
    doc.on('data', (chunk: Buffer) => chunks.push(chunk))
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))))
    doc.text(text)
    doc.end()
  })
}

async function docxWith(text: string): Promise<Uint8Array> {
  const document = new Document({ sections: [{ children: [new Paragraph({ text })] }] })
  return new Uint8Array(await Packer.toBuffer(document))
}

async function agencyIdOf(harness: Harness, name: string): Promise<string> {
  const row = await dbOf(harness)
    .selectFrom('agency')
    .select('id')
    .where('name', '=', name)
    .executeTakeFirstOrThrow()
  return row.id
}

/** A fresh action on Child A (Wandsworth-led) for an agency, assigned by Wandsworth's business unit. */
async function newAction(
  harness: Harness,
  agencyName: string,
  description: string,
  dueInDays = 30,
): Promise<string> {
  const review = await dbOf(harness)
    .selectFrom('review')
    .select('id')
    .where('slug', '=', 'child-a-scr')
    .executeTakeFirstOrThrow()
  const coordinator = await actorFor(harness, COORDINATOR)
  const options = await harness.services.actionPlans.newActionOptions(coordinator, review.id)
  const source = options.sources[0]!
  const { id } = await harness.services.actionPlans.create(coordinator, review.id, {
    source: `${source.kind}:${source.id}`,
    agencyId: await agencyIdOf(harness, agencyName),
    description,
    dueOn: addCalendarDays(harness.services.calendar.today(), Math.max(0, dueInDays)),
  })
  if (dueInDays < 0) {
    // Actions are planned forward; an overdue one is made by moving its date back.
    await dbOf(harness)
      .updateTable('action')
      .set({ due_on: addCalendarDays(harness.services.calendar.today(), dueInDays) })
      .where('id', '=', id)
      .execute()
  }
  return id
}

async function actionRow(harness: Harness, id: string) {
  return dbOf(harness)
    .selectFrom('action')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow()
}

async function evidenceRows(harness: Harness, actionId: string) {
  return dbOf(harness)
    .selectFrom('action_evidence')
    .leftJoin('document', 'document.id', 'action_evidence.document_id')
    .select([
      'action_evidence.id',
      'action_evidence.kind',
      'action_evidence.url',
      'action_evidence.withdrawn_reason',
      'document.file_name',
      'document.extracted_text',
    ])
    .where('action_evidence.action_id', '=', actionId)
    .orderBy('action_evidence.added_at')
    .execute()
}

describeOnEachDatabase('Action evidence and assurance', (harness) => {
  itOnLeg(
    'evidence: a PDF and a Word document are stored with their text, downloaded by those who see the action, and audited; a mismatched file and a javascript: link are refused',
    async () => {
      const id = await newAction(harness(), CHILDRENS_SERVICES, 'Audit strategy discussions')
      const lead = await signedIn(harness().app, AGENCY_LEAD)
      const page = await lead.get(`/manage/actions/${id}`)
      assert.match(page.body, /enctype="multipart\/form-data"/)

      // A text file named .pdf: refused by its content, with every other problem, nothing stored.
      const mismatched = await lead.postMultipart(
        `/manage/actions/${id}/updates`,
        {
          _csrf: csrfTokenIn(page.body),
          version: versionIn(page.body),
          status: 'in-progress',
          note: 'Audit under way',
          evidenceLink: 'javascript:alert(1)',
        },
        {
          field: 'evidenceFile',
          fileName: 'audit.pdf',
          contentType: 'application/pdf',
          bytes: new Uint8Array(Buffer.from('just some text, not a PDF')),
        },
      )
      assert.equal(mismatched.statusCode, 400)
      assert.deepEqual(
        errorSummaryOf(mismatched.body)
          ?.items.map((item) => item.href)
          .sort(),
        ['#evidenceLink', '#file'].sort(),
      )
      assert.match(textOf(mismatched.body), /audit\.pdf is a text file, not a PDF/)
      assert.match(textOf(mismatched.body), /must start with https:\/\/ or http:\/\//)
      assert.equal((await evidenceRows(harness(), id)).length, 0)
      assert.equal((await actionRow(harness(), id)).status, 'not-started')

      // A real PDF and a link, then a Word document.
      const pdf = await pdfWith('Case file audit: 19 of 20 strategy discussions held in time.')
      const saved = await lead.postMultipart(
        `/manage/actions/${id}/updates`,
        {
          _csrf: csrfTokenIn(page.body),
          version: versionIn(page.body),
          status: 'in-progress',
          note: 'Audit done',
          evidenceLink: 'https://intranet.example.org/audit',
        },
        {
          field: 'evidenceFile',
          fileName: 'audit.pdf',
          contentType: 'application/pdf',
          bytes: pdf,
        },
      )
      assert.equal(saved.statusCode, 303, saved.body)
      const second = await lead.get(`/manage/actions/${id}`)
      const docx = await docxWith('Revised strategy discussion guidance, issued to every team.')
      assert.equal(
        (
          await lead.postMultipart(
            `/manage/actions/${id}/updates`,
            {
              _csrf: csrfTokenIn(second.body),
              version: versionIn(second.body),
              status: 'in-progress',
              note: 'Guidance revised',
            },
            { field: 'evidenceFile', fileName: 'guidance.docx', bytes: docx },
          )
        ).statusCode,
        303,
      )
      const rows = await evidenceRows(harness(), id)
      assert.deepEqual(
        rows.map((row) => [row.kind, row.file_name ?? row.url]),
        [
          ['file', 'audit.pdf'],
          ['link', 'https://intranet.example.org/audit'],
          ['file', 'guidance.docx'],
        ],
      )
      assert.match(rows[0]!.extracted_text ?? '', /19 of 20 strategy discussions/)
      assert.match(rows[2]!.extracted_text ?? '', /Revised strategy discussion guidance/)

      // Downloaded byte for byte by the lead and the business unit; audited; others are not told.
      const pdfEvidence = rows[0]!.id
      const download = await lead.get(`/manage/actions/${id}/evidence/${pdfEvidence}`)
      assert.equal(download.statusCode, 200)
      assert.equal(download.headers['content-type'], 'application/pdf')
      assert.deepEqual(new Uint8Array(download.rawPayload), pdf)
      const coordinator = await signedIn(harness().app, COORDINATOR)
      assert.equal(
        (await coordinator.get(`/manage/actions/${id}/evidence/${pdfEvidence}`)).statusCode,
        200,
      )
      const audit = (await auditSummaries(harness(), id)).map((event) => event.action)
      assert.equal(audit.filter((action) => action === 'action.evidence-downloaded').length, 2)
      const southwark = await signedIn(harness().app, SOUTHWARK_COORDINATOR)
      assert.equal(
        (await southwark.get(`/manage/actions/${id}/evidence/${pdfEvidence}`)).statusCode,
        404,
      )

      // Withdrawn with a reason: no longer served, and the action says why.
      const withdrawPage = await lead.get(`/manage/actions/${id}/evidence/${pdfEvidence}/withdraw`)
      assert.equal(withdrawPage.statusCode, 200)
      const noReason = await lead.submit(`/manage/actions/${id}/evidence/${pdfEvidence}/withdraw`, {
        version: versionIn(withdrawPage.body),
        reason: ' ',
      })
      assert.equal(noReason.statusCode, 400)
      assert.match(textOf(noReason.body), /Enter why the evidence is being withdrawn/)
      const withdrawn = await lead.submit(
        `/manage/actions/${id}/evidence/${pdfEvidence}/withdraw`,
        { version: versionIn(withdrawPage.body), reason: 'The wrong audit was attached' },
      )
      assert.equal(withdrawn.statusCode, 303)
      assert.equal(
        (await lead.get(`/manage/actions/${id}/evidence/${pdfEvidence}`)).statusCode,
        404,
      )
      assert.match(
        textOf((await lead.get(`/manage/actions/${id}`)).body),
        /Withdrawn by Demo Agency Lead.*The wrong audit was attached/,
      )
      assert.equal(
        (await auditSummaries(harness(), id)).at(-1)?.action,
        'action.evidence-withdrawn',
      )
    },
  )

  itOnLeg(
    'completed needs evidence on the action; then the business unit assures it, a partner may send it back, only the business unit closes',
    async () => {
      const id = await newAction(harness(), CHILDRENS_SERVICES, 'Brief social workers')
      const lead = await signedIn(harness().app, AGENCY_LEAD)
      const page = await lead.get(`/manage/actions/${id}`)
      const noEvidence = await lead.submit(
        `/manage/actions/${id}`,
        { version: versionIn(page.body), status: 'completed', note: 'All briefed' },
        `/manage/actions/${id}/updates`,
      )
      assert.equal(noEvidence.statusCode, 400)
      assert.deepEqual(
        errorSummaryOf(noEvidence.body)?.items.map((item) => item.href),
        ['#evidence'],
      )
      assert.match(textOf(noEvidence.body), /Add evidence before reporting the action completed/)
      assert.equal((await actionRow(harness(), id)).status, 'not-started')

      const completed = await lead.submit(
        `/manage/actions/${id}`,
        {
          version: versionIn(page.body),
          status: 'completed',
          note: 'All briefed',
          evidenceLink: 'https://intranet.example.org/briefing-register',
        },
        `/manage/actions/${id}/updates`,
      )
      assert.equal(completed.statusCode, 303)
      assert.ok((await actionRow(harness(), id)).completed_at, 'the completion is dated')

      // The agency cannot assure its own action, by page or by post.
      assert.equal((await lead.get(`/manage/actions/${id}/assure`)).statusCode, 403)

      // Assure: every missing part at once, then saved with the date to check again.
      const coordinator = await signedIn(harness().app, COORDINATOR)
      const assurePage = await coordinator.get(`/manage/actions/${id}/assure`)
      assert.match(textOf(assurePage.body), /briefing-register/, 'the evidence is shown')
      const empty = await coordinator.submit(`/manage/actions/${id}/assure`, {
        version: versionIn(assurePage.body),
        impact: '',
        checked: '',
        ...dateFields('recheckOn', harness().services.calendar.today()),
      })
      assert.equal(empty.statusCode, 400)
      assert.deepEqual(
        errorSummaryOf(empty.body)?.items.map((item) => item.href),
        ['#impact', '#checked', '#recheckOn-day'],
      )
      const recheckOn = addCalendarDays(harness().services.calendar.today(), 90)
      const assured = await coordinator.submit(`/manage/actions/${id}/assure`, {
        version: versionIn(assurePage.body),
        impact: 'Strategy discussions now include health in every case sampled.',
        checked: 'A dip sample of 10 cases.',
        ...dateFields('recheckOn', recheckOn),
      })
      assert.equal(assured.statusCode, 303)
      const row = await actionRow(harness(), id)
      assert.equal(row.status, 'assured')
      assert.equal(row.recheck_on, recheckOn)
      const shown = textOf((await coordinator.get(`/manage/actions/${id}`)).body)
      assert.match(shown, /Evidence of impact\s*Strategy discussions now include health/)
      assert.match(shown, /What was checked\s*A dip sample of 10 cases\./)

      // A partner's delegate sends it back; the agency has it again.
      const partner = await signedIn(harness().app, PARTNER)
      const partnerPage = await partner.get(`/manage/actions/${id}`)
      assert.match(partnerPage.body, new RegExp(`href="/manage/actions/${id}/send-back"`))
      assert.doesNotMatch(partnerPage.body, new RegExp(`href="/manage/actions/${id}/close"`))
      const sendBack = await partner.get(`/manage/actions/${id}/send-back`)
      assert.equal(
        (
          await partner.submit(`/manage/actions/${id}/send-back`, {
            version: versionIn(sendBack.body),
            reason: 'The sample was too small to be sure.',
          })
        ).statusCode,
        303,
      )
      assert.equal((await actionRow(harness(), id)).status, 'sent-back')
      assert.match(textOf((await lead.get(`/manage/actions/${id}`)).body), /Add a progress update/)

      // Only the business unit closes, and a reason is required.
      assert.equal((await partner.get(`/manage/actions/${id}/close`)).statusCode, 403)
      const closePage = await coordinator.get(`/manage/actions/${id}/close`)
      const noReason = await coordinator.submit(`/manage/actions/${id}/close`, {
        version: versionIn(closePage.body),
        reason: '',
      })
      assert.equal(noReason.statusCode, 400)
      assert.match(textOf(noReason.body), /Enter why the action is closed/)
      assert.equal(
        (
          await coordinator.submit(`/manage/actions/${id}/close`, {
            version: versionIn(closePage.body),
            reason: 'Overtaken by the new multi-agency front door.',
          })
        ).statusCode,
        303,
      )
      assert.equal((await actionRow(harness(), id)).status, 'closed')
      assert.deepEqual(
        (await auditSummaries(harness(), id))
          .map((event) => event.action)
          .filter((action) => action.startsWith('action.') && action !== 'action.created'),
        ['action.updated', 'action.assured', 'action.sent-back', 'action.closed'],
      )
      assert.match(
        textOf((await lead.get(`/manage/actions/${id}`)).body),
        /closed without completion/,
      )
    },
  )

  itOnLeg(
    'a later due date: asked for with a reason, refused with a reason, asked again and agreed; the original date is kept and shown',
    async () => {
      const id = await newAction(harness(), CHILDRENS_SERVICES, 'Re-audit in the spring', 20)
      const original = (await actionRow(harness(), id)).due_on
      const lead = await signedIn(harness().app, AGENCY_LEAD)
      const askPage = await lead.get(`/manage/actions/${id}/due-date`)
      assert.equal(askPage.statusCode, 200)
      const early = await lead.submit(`/manage/actions/${id}/due-date`, {
        ...dateFields('requestedOn', original),
        reason: '',
      })
      assert.equal(early.statusCode, 400)
      assert.deepEqual(
        errorSummaryOf(early.body)?.items.map((item) => item.href),
        ['#requestedOn-day', '#reason'],
      )
      const later = addCalendarDays(original as never, 30)
      assert.equal(
        (
          await lead.submit(`/manage/actions/${id}/due-date`, {
            ...dateFields('requestedOn', later),
            reason: 'The audit team is on leave in January.',
          })
        ).statusCode,
        303,
      )
      // One request at a time.
      assert.equal((await lead.get(`/manage/actions/${id}/due-date`)).statusCode, 403)

      const coordinator = await signedIn(harness().app, COORDINATOR)
      const actionPage = await coordinator.get(`/manage/actions/${id}`)
      const decideHref = new RegExp(`href="(/manage/actions/${id}/due-date/[0-9a-f-]{36})"`).exec(
        actionPage.body,
      )?.[1]
      assert.ok(decideHref, 'the business unit is offered the decision')
      assert.equal((await lead.get(decideHref)).statusCode, 403, 'not the agency’s decision')
      const decidePage = await coordinator.get(decideHref)
      const refusedNoNote = await coordinator.submit(decideHref, {
        version: versionIn(decidePage.body),
        decision: 'refused',
        note: '',
      })
      assert.equal(refusedNoNote.statusCode, 400)
      assert.match(textOf(refusedNoNote.body), /Enter why the new due date is refused/)
      assert.equal(
        (
          await coordinator.submit(decideHref, {
            version: versionIn(decidePage.body),
            decision: 'refused',
            note: 'The meeting needs it in January.',
          })
        ).statusCode,
        303,
      )
      assert.equal((await actionRow(harness(), id)).due_on, original, 'refused: the date stands')

      await lead.submit(`/manage/actions/${id}/due-date`, {
        ...dateFields('requestedOn', later),
        reason: 'Leave moved; we can do it in February.',
      })
      const againPage = await coordinator.get(`/manage/actions/${id}`)
      const againHref = new RegExp(`href="(/manage/actions/${id}/due-date/[0-9a-f-]{36})"`).exec(
        againPage.body,
      )![1]!
      const againForm = await coordinator.get(againHref)
      assert.equal(
        (
          await coordinator.submit(againHref, {
            version: versionIn(againForm.body),
            decision: 'agreed',
            note: '',
          })
        ).statusCode,
        303,
      )
      const row = await actionRow(harness(), id)
      assert.equal(row.due_on, later)
      assert.equal(row.original_due_on, original)
      const shown = textOf((await lead.get(`/manage/actions/${id}`)).body)
      assert.match(shown, /Original due date/)
      assert.match(shown, /Refused by .*The meeting needs it in January\./)
      assert.match(shown, /Agreed by /)
      assert.deepEqual(
        (await auditSummaries(harness(), id))
          .map((event) => event.action)
          .filter((action) => action.includes('due-date')),
        [
          'action.due-date-requested',
          'action.due-date-refused',
          'action.due-date-requested',
          'action.due-date-agreed',
        ],
      )
    },
  )

  itOnLeg(
    'filters and paging: by agency, status, overdue and due within N days, 50 to a page; an agency lead’s filters never reach another agency',
    async () => {
      const h = harness()
      const schools = await agencyIdOf(h, SCHOOLS)
      const before = await dbOf(h)
        .selectFrom('action')
        .select((eb) => eb.fn.countAll<string | number>().as('n'))
        .where('agency_id', '=', schools)
        .executeTakeFirstOrThrow()
      const made: string[] = []
      for (let index = 0; index < 52; index += 1) {
        made.push(await newAction(h, SCHOOLS, `Schools action ${index}`, 40 + index))
      }
      const overdue = await newAction(h, SCHOOLS, 'Schools action overdue', -3)
      const soon = await newAction(h, SCHOOLS, 'Schools action due soon', 5)
      const total = Number(before.n) + made.length + 2

      const coordinator = await signedIn(h.app, COORDINATOR)
      const first = await coordinator.get(`/manage/actions?agency=${schools}`)
      assert.equal(first.statusCode, 200)
      assert.match(textOf(first.body), new RegExp(`Showing 1 to 50 of ${total} actions`))
      assert.match(first.body, /class="govuk-pagination/)
      const second = await coordinator.get(`/manage/actions?agency=${schools}&page=2`)
      assert.match(
        textOf(second.body),
        new RegExp(`Showing 51 to ${Math.min(100, total)} of ${total}`),
      )

      const overdueList = await coordinator.get(`/manage/actions?agency=${schools}&overdue=yes`)
      assert.ok(overdueList.body.includes(`/manage/actions/${overdue}"`))
      assert.ok(!overdueList.body.includes(`/manage/actions/${soon}"`))
      assert.match(overdueList.body, /Overdue<\/strong>|govuk-tag--red/)

      const within = await coordinator.get(`/manage/actions?agency=${schools}&dueWithin=10`)
      assert.ok(within.body.includes(`/manage/actions/${soon}"`))
      assert.ok(!within.body.includes(`/manage/actions/${overdue}"`), 'overdue is not "due within"')
      assert.ok(!within.body.includes(`/manage/actions/${made[0]}"`))

      const completedOnly = await coordinator.get(
        `/manage/actions?agency=${schools}&status=assured`,
      )
      assert.ok(!completedOnly.body.includes(`/manage/actions/${soon}"`))

      // Nonsense in the query is ignored, never an error page.
      assert.equal(
        (await coordinator.get('/manage/actions?status=nonsense&dueWithin=abc&page=-1')).statusCode,
        200,
      )

      // The children's services lead filters by the schools: nothing of theirs.
      const lead = await signedIn(h.app, AGENCY_LEAD)
      const leads = await lead.get(`/manage/actions?agency=${schools}`)
      assert.match(textOf(leads.body), /No actions match/)
      assert.ok(!leads.body.includes(`/manage/actions/${soon}"`))
    },
  )

  itOnLeg(
    'the partnership dashboard counts by agency and by review as the database does, with a 12-month trend table; agency leads are refused',
    async () => {
      const h = harness()
      const coordinator = await signedIn(h.app, COORDINATOR)
      const overdue = await newAction(h, SCHOOLS, 'Dashboard overdue', -10)
      assert.ok(overdue)
      const page = await coordinator.get('/manage/actions/dashboard')
      assert.equal(page.statusCode, 200)
      const schools = await agencyIdOf(h, SCHOOLS)
      const today = h.services.calendar.today()
      const counts = await dbOf(h)
        .selectFrom('action')
        .select((eb) => [
          eb.fn.countAll<string | number>().as('total'),
          eb.fn
            .sum<string | number>(
              eb
                .case()
                .when(
                  eb.and([
                    eb('due_on', '<', today),
                    eb('status', 'in', ['not-started', 'in-progress', 'sent-back']),
                  ]),
                )
                .then(1)
                .else(0)
                .end(),
            )
            .as('overdue'),
        ])
        .where('agency_id', '=', schools)
        .executeTakeFirstOrThrow()
      const rowText = textOf(page.body)
      assert.match(
        rowText,
        new RegExp(
          `${SCHOOLS}\\s+${Number(counts.total)}\\s+\\d+\\s+\\d+\\s+${Number(counts.overdue)}`,
        ),
      )
      assert.ok(Number(counts.overdue) >= 1)
      assert.match(
        page.body,
        /<svg[^>]+role="img"[^>]+aria-labelledby="action-trend-title action-trend-desc"/,
      )
      const trendRows =
        /data-testid="trend-table"[\s\S]*?<tbody[^>]*>([\s\S]*?)<\/tbody>/.exec(page.body)?.[1] ??
        ''
      assert.equal((trendRows.match(/<tr /g) ?? []).length, 12, 'one row a month')

      const lead = await signedIn(h.app, AGENCY_LEAD)
      assert.equal((await lead.get('/manage/actions/dashboard')).statusCode, 403)
    },
  )

  itOnLeg(
    'exports: CSV, .xlsx and .docx parse, hold the filtered plan, neutralise a planted formula, and each download is audited',
    async () => {
      const h = harness()
      const id = await newAction(h, SCHOOLS, HOSTILE, 15)
      const schools = await agencyIdOf(h, SCHOOLS)
      const coordinator = await signedIn(h.app, COORDINATOR)
      const list = await coordinator.get(`/manage/actions?agency=${schools}`)
      assert.ok(list.body.includes(`/manage/actions/export.xlsx?agency=${schools}`))

      const csv = await coordinator.get(`/manage/actions/export.csv?agency=${schools}`)
      assert.equal(csv.statusCode, 200)
      assert.match(String(csv.headers['content-disposition']), /attachment; filename="action-plan-/)
      const records = parse<Record<string, string>>(csv.body.replace(/^\ufeff/, ''), {
        columns: true,
      })
      const planted = records.find((record) => record.Action?.includes('HYPERLINK'))
      assert.equal(planted?.Action, `'${HOSTILE}`, 'the formula reaches the spreadsheet as text')
      assert.ok(
        records.every((record) => record.Agency === SCHOOLS),
        'only the filtered agency',
      )

      const xlsx = await coordinator.get(`/manage/actions/export.xlsx?agency=${schools}`)
      assert.equal(xlsx.statusCode, 200)
      const workbook = new ExcelJS.Workbook()
      await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer)
      const sheet = workbook.worksheets[0]!
      let found = false
      sheet.eachRow((row) => {
        row.eachCell((cell) => {
          assert.notEqual(cell.type, ExcelJS.ValueType.Formula, 'no cell is a formula')
          if (cell.value === `'${HOSTILE}`) found = true
        })
      })
      assert.ok(found, 'the planted formula is text in the workbook')
      assert.equal(sheet.getRow(1).getCell(1).value, 'Action')
      assert.equal(sheet.rowCount, records.length + 1)

      const docx = await coordinator.get(`/manage/actions/export.docx?agency=${schools}`)
      assert.equal(docx.statusCode, 200)
      const files = unzipSync(new Uint8Array(docx.rawPayload))
      const xml = new TextDecoder().decode(files['word/document.xml'])
      assert.ok(
        xml.includes('HYPERLINK(&quot;http://evil.example/steal') ||
          xml.includes('HYPERLINK("http://evil.example/steal'),
      )
      assert.ok(xml.includes(SCHOOLS.replace(/'/g, '&apos;')) || xml.includes(SCHOOLS))
      assert.equal((xml.match(/<w:tr[ >]/g) ?? []).length, records.length + 1, 'a row per action')

      const exports = await dbOf(h)
        .selectFrom('audit_event')
        .select(['action', 'summary'])
        .where('action', '=', 'action-plan.exported')
        .execute()
      for (const format of ['csv', 'xlsx', 'docx']) {
        assert.ok(
          exports.some((event) => event.summary.includes(`"format":"${format}"`)),
          `${format} audited`,
        )
      }
      assert.ok(id)

      // An agency lead's export holds their own agency's actions only.
      const lead = await signedIn(h.app, AGENCY_LEAD)
      const theirs = await lead.get('/manage/actions/export.csv')
      const theirRows = parse<Record<string, string>>(theirs.body.replace(/^\ufeff/, ''), {
        columns: true,
      })
      assert.ok(theirRows.length > 0)
      assert.ok(theirRows.every((record) => record.Agency === CHILDRENS_SERVICES))
    },
  )

  itOnLeg(
    'the API: filters with paging, 400 for a bad filter, evidence links accepted and refused, the agency lead’s own only',
    async () => {
      const h = harness()
      const overdue = await newAction(h, CHILDRENS_SERVICES, 'API overdue', -2)
      const later = await newAction(h, CHILDRENS_SERVICES, 'API later', 200)
      const token = await apiToken(h, AGENCY_LEAD)
      const list = await api(h.app, token, 'GET', '/api/v1/actions?overdue=yes')
      assert.equal(list.statusCode, 200, list.body)
      const body = list.json<{
        actions: { id: string; timeliness: string; agency: { name: string } }[]
        total: number
        page: number
        pageCount: number
      }>()
      assert.ok(body.actions.some((action) => action.id === overdue))
      assert.ok(!body.actions.some((action) => action.id === later))
      assert.ok(body.actions.every((action) => action.timeliness === 'overdue'))
      assert.ok(body.actions.every((action) => action.agency.name === CHILDRENS_SERVICES))
      assert.equal(body.total, body.actions.length)
      assert.equal(body.page, 1)

      const within = await api(h.app, token, 'GET', '/api/v1/actions?dueWithin=250&page=1')
      assert.ok(within.json<{ actions: { id: string }[] }>().actions.some((a) => a.id === later))
      assert.equal(
        (await api(h.app, token, 'GET', '/api/v1/actions?dueWithin=abc')).statusCode,
        400,
      )
      assert.equal((await api(h.app, token, 'GET', '/api/v1/actions?page=0')).statusCode, 400)

      const one = await api(h.app, token, 'GET', `/api/v1/actions/${overdue}`)
      const version = one.json<{ version: number }>().version
      const bad = await api(h.app, token, 'POST', `/api/v1/actions/${overdue}/updates`, {
        version,
        status: 'completed',
        note: 'Done',
        evidenceLinks: ['javascript:alert(1)'],
      })
      assert.equal(bad.statusCode, 400)
      assert.deepEqual(
        bad.json<{ errors: { field: string }[] }>().errors.map((error) => error.field),
        ['evidenceLink', 'evidence'],
      )
      const good = await api(h.app, token, 'POST', `/api/v1/actions/${overdue}/updates`, {
        version,
        status: 'completed',
        note: 'Done',
        evidenceLinks: ['https://intranet.example.org/a', 'http://intranet.example.org/b'],
      })
      assert.equal(good.statusCode, 201, good.body)
      assert.equal(good.json<{ evidence: unknown[] }>().evidence.length, 2)

      // The partnership's administrator reads the plan; an API list for another agency is empty for the lead.
      const schools = await agencyIdOf(h, SCHOOLS)
      const others = await api(h.app, token, 'GET', `/api/v1/actions?agency=${schools}`)
      assert.equal(others.json<{ total: number }>().total, 0)
      const adminToken = await apiToken(h, ADMINISTRATOR)
      assert.ok(
        (await api(h.app, adminToken, 'GET', `/api/v1/actions?agency=${schools}`)).json<{
          total: number
        }>().total > 0,
      )
    },
  )
})
