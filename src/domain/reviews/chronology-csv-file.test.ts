import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { readChronologyCsvFile } from './chronology-csv-file.js'

const bytes = (text: string | number[]) =>
  new Uint8Array(typeof text === 'string' ? Buffer.from(text, 'utf8') : text)

function refusal(result: ReturnType<typeof readChronologyCsvFile>): string {
  assert.equal(result.ok, false)
  return result.ok ? '' : `${result.error.field}: ${result.error.message}`
}

describe('reading an uploaded chronology CSV by its content', () => {
  it('accepts UTF-8 text whatever the file is called, and drops a byte order mark', () => {
    const csv = 'agency,date,event\nGP,2023-01-31,Seen – no concerns\n'
    assert.deepEqual(readChronologyCsvFile(bytes(csv), 'chronology.csv'), { ok: true, text: csv })
    assert.deepEqual(readChronologyCsvFile(bytes(csv), 'chronology.txt'), { ok: true, text: csv })
    assert.deepEqual(readChronologyCsvFile(bytes([0xef, 0xbb, 0xbf, ...bytes(csv)]), 'x.csv'), {
      ok: true,
      text: csv,
    })
  })

  it('refuses an empty file', () => {
    assert.equal(
      refusal(readChronologyCsvFile(bytes(''), 'x.csv')),
      'file: The selected file is empty',
    )
  })

  it('refuses a file over 1 MB', () => {
    assert.match(
      refusal(readChronologyCsvFile(new Uint8Array(1024 * 1024 + 1).fill(0x41), 'x.csv')),
      /smaller than 1 MB/,
    )
  })

  it('refuses binary content named .csv: a program, a PDF, text in another encoding', () => {
    for (const content of [
      [0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00],
      [...bytes('%PDF-1.4\n')],
      // "£5" in Windows-1252: not UTF-8.
      [...bytes('agency,date,event\nGP,2023-01-31,Paid '), 0xa3, 0x35],
    ]) {
      assert.match(
        refusal(readChronologyCsvFile(bytes(content), 'chronology.csv')),
        /must be a CSV file saved as UTF-8 text/,
      )
    }
  })

  it('tells someone who uploaded the Excel workbook what to do', () => {
    const xlsx = bytes([
      0x50,
      0x4b,
      0x03,
      0x04,
      ...bytes('....[Content_Types].xml....xl/workbook.xml'),
    ])
    assert.match(refusal(readChronologyCsvFile(xlsx, 'chronology.xlsx')), /Save it as CSV UTF-8/)
  })
})
