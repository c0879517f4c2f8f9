// The action plan as files for the partnership's meeting (issue 10): CSV and
// Excel for those who sort and filter, a Word document to circulate. Every
// spreadsheet cell goes through neutraliseCell: an action's text typed as
// "=HYPERLINK(...)" must reach Excel as text, never as a formula.
import ExcelJS from 'exceljs'
import { renderCaseDocumentDocx } from './case-document-docx.js'
import { neutraliseCell, toSafeCsv } from './csv.js'

export interface ActionPlanSheet {
  readonly title: string
  /** Who exported it and when, and the filters: the meeting knows what it is looking at. */
  readonly subtitle: string
  readonly author: string
  readonly headers: readonly string[]
  readonly rows: readonly (readonly string[])[]
}

export function actionPlanCsv(sheet: ActionPlanSheet): Buffer {
  // A byte order mark: Excel otherwise reads UTF-8 (a curly apostrophe) as Windows-1252.
  return Buffer.from(
    `\ufeff${toSafeCsv(
      [...sheet.headers],
      sheet.rows.map((row) => [...row]),
    )}`,
  )
}

export async function actionPlanXlsx(sheet: ActionPlanSheet): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  workbook.creator = sheet.author
  workbook.title = sheet.title
  const worksheet = workbook.addWorksheet('Action plan', {
    views: [{ state: 'frozen', ySplit: 1 }],
  })
  worksheet.columns = sheet.headers.map((header) => ({
    header: neutraliseCell(header),
    width: Math.min(60, Math.max(14, header.length + 4)),
  }))
  worksheet.getRow(1).font = { bold: true }
  for (const row of sheet.rows) {
    // Strings only: exceljs writes a string as a string cell, never a formula.
    worksheet.addRow(row.map((cell) => neutraliseCell(cell)))
  }
  worksheet.autoFilter = {
    from: { row: 1, column: 1 },
    to: { row: 1, column: Math.max(1, sheet.headers.length) },
  }
  return Buffer.from(await workbook.xlsx.writeBuffer())
}

export function actionPlanDocx(sheet: ActionPlanSheet): Promise<Buffer> {
  return renderCaseDocumentDocx({
    title: sheet.title,
    subtitle: sheet.subtitle,
    author: sheet.author,
    sections: [
      {
        heading: 'Actions',
        blocks:
          sheet.rows.length === 0
            ? [{ kind: 'text', text: 'No actions match.' }]
            : [
                {
                  kind: 'table',
                  caption: sheet.title,
                  headers: sheet.headers,
                  rows: sheet.rows,
                },
              ],
      },
    ],
  })
}
