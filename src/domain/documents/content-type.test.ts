import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { detectDocumentKind } from './content-type.js'

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
