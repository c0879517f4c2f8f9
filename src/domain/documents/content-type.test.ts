import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  contentMismatch,
  detectDocumentKind,
  kindsClaimedByMediaType,
  kindsClaimedByName,
} from './content-type.js'

const bytes = (text: string) => new Uint8Array(Buffer.from(text, 'latin1'))

describe('document kind by content', () => {
  it('recognises a PDF by its header whatever its name', () => {
    assert.equal(detectDocumentKind(bytes('%PDF-1.7\n...'), 'notes.txt'), 'pdf')
  })

  it('refuses an executable renamed to .pdf', () => {
    assert.equal(detectDocumentKind(bytes('MZ\x90\x00\x03\x00\x00\x00'), 'report.pdf'), null)
    assert.equal(detectDocumentKind(bytes('\x7fELF\x02\x01\x01'), 'report.pdf'), null)
  })

  it('tells images apart', () => {
    assert.equal(
      detectDocumentKind(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0])),
      'png',
    )
    assert.equal(detectDocumentKind(new Uint8Array([0xff, 0xd8, 0xff, 0xe0])), 'jpeg')
  })

  it('accepts Office documents only with their content types part', () => {
    assert.equal(
      detectDocumentKind(bytes('PK\x03\x04....[Content_Types].xml....word/document.xml')),
      'docx',
    )
    assert.equal(
      detectDocumentKind(bytes('PK\x03\x04....[Content_Types].xml....xl/workbook.xml')),
      'xlsx',
    )
    assert.equal(detectDocumentKind(bytes('PK\x03\x04....some.jar/Main.class')), null)
  })

  it('accepts UTF-8 text, as CSV when so named, and refuses binary', () => {
    assert.equal(detectDocumentKind(bytes('agency,date,event\n'), 'chronology.csv'), 'csv')
    assert.equal(
      detectDocumentKind(new Uint8Array(Buffer.from('Café notes\n')), 'notes.txt'),
      'text',
    )
    assert.equal(detectDocumentKind(bytes('a\x00b'), 'x.csv'), null)
    assert.equal(detectDocumentKind(new Uint8Array([0xc3, 0x28]), 'x.txt'), null)
    assert.equal(detectDocumentKind(new Uint8Array()), null)
  })
})

describe('a file must be what its name and declared type say (issue 8)', () => {
  it('refuses a text file named .pdf, saying what it really is', () => {
    assert.equal(
      contentMismatch({
        fileName: 'fake.pdf',
        declaredMediaType: 'application/pdf',
        actual: 'text',
      }),
      'fake.pdf is a text file, not a PDF',
    )
    assert.equal(
      contentMismatch({ fileName: 'fake.pdf', actual: 'text' }),
      'fake.pdf is a text file, not a PDF',
    )
  })

  it('refuses a real PDF named as a Word document', () => {
    assert.equal(
      contentMismatch({ fileName: 'report.docx', actual: 'pdf' }),
      'report.docx is a PDF, not a Word document (.docx)',
    )
  })

  it('refuses a declared type the content contradicts, even with a matching name', () => {
    assert.equal(
      contentMismatch({ fileName: 'notes', declaredMediaType: 'image/png', actual: 'text' }),
      'notes is a text file, not a PNG image',
    )
  })

  it('accepts files that are what they say', () => {
    assert.equal(
      contentMismatch({
        fileName: 'report.pdf',
        declaredMediaType: 'application/pdf',
        actual: 'pdf',
      }),
      null,
    )
    assert.equal(contentMismatch({ fileName: 'Letter.PDF', actual: 'pdf' }), null)
    assert.equal(
      contentMismatch({ fileName: 'notes.txt', declaredMediaType: 'text/plain', actual: 'text' }),
      null,
    )
    // Windows sends a CSV as Excel's type; a browser may send nothing or octet-stream.
    assert.equal(
      contentMismatch({
        fileName: 'entries.csv',
        declaredMediaType: 'application/vnd.ms-excel',
        actual: 'csv',
      }),
      null,
    )
    assert.equal(
      contentMismatch({
        fileName: 'photo.jpg',
        declaredMediaType: 'application/octet-stream',
        actual: 'jpeg',
      }),
      null,
    )
    // A name with no extension we know is judged by its content alone.
    assert.equal(contentMismatch({ fileName: 'summary', actual: 'text' }), null)
  })

  it('reads what a name and a media type claim', () => {
    assert.deepEqual(kindsClaimedByName('a.b.JPEG'), ['jpeg'])
    assert.equal(kindsClaimedByName('no-extension'), null)
    assert.equal(kindsClaimedByMediaType(''), null)
    assert.deepEqual(kindsClaimedByMediaType('application/pdf; charset=binary'), ['pdf'])
    assert.equal(kindsClaimedByMediaType('application/zip'), null)
  })
})
