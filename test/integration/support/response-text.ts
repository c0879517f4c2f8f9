// Everything a response says, in a form a test can search: HTML and JSON as
// they are, a PDF's text (its streams are compressed) and a DOCX's XML (it is a
// zip), plus the headers.
import assert from 'node:assert/strict'
import { inflateRawSync } from 'node:zlib'
import type { LightMyRequestResponse } from 'fastify'
import { extractPdfText } from '../../../src/integrations/documents/pdf-text.js'

/** The entries of a zip file (a DOCX), by name. */
export function unzip(bytes: Buffer): Map<string, Buffer> {
  const entries = new Map<string, Buffer>()
  // The end-of-central-directory record: within the last 64 KiB + 22 bytes.
  let end = -1
  for (let offset = bytes.length - 22; offset >= Math.max(0, bytes.length - 65_557); offset--) {
    if (bytes.readUInt32LE(offset) === 0x06054b50) {
      end = offset
      break
    }
  }
  assert.ok(end >= 0, 'a zip file')
  const count = bytes.readUInt16LE(end + 10)
  let entry = bytes.readUInt32LE(end + 16)
  for (let index = 0; index < count; index++) {
    assert.equal(bytes.readUInt32LE(entry), 0x02014b50, 'a central directory entry')
    const method = bytes.readUInt16LE(entry + 10)
    const compressedSize = bytes.readUInt32LE(entry + 20)
    const nameLength = bytes.readUInt16LE(entry + 28)
    const extraLength = bytes.readUInt16LE(entry + 30)
    const commentLength = bytes.readUInt16LE(entry + 32)
    const localHeader = bytes.readUInt32LE(entry + 42)
    const name = bytes.subarray(entry + 46, entry + 46 + nameLength).toString('utf8')
    const dataStart =
      localHeader + 30 + bytes.readUInt16LE(localHeader + 26) + bytes.readUInt16LE(localHeader + 28)
    const data = bytes.subarray(dataStart, dataStart + compressedSize)
    entries.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data))
    entry += 46 + nameLength + extraLength + commentLength
  }
  return entries
}

export async function readableText(response: LightMyRequestResponse): Promise<string> {
  const type = String(response.headers['content-type'] ?? '')
  const headers = JSON.stringify(response.headers)
  if (type.startsWith('application/pdf')) {
    const result = await extractPdfText(new Uint8Array(response.rawPayload))
    assert.ok(result.ok, 'the PDF can be read')
    return `${headers}\n${result.text}\n${response.rawPayload.toString('latin1')}`
  }
  if (type.includes('wordprocessingml')) {
    const xml = [...unzip(response.rawPayload).values()].map((part) => part.toString('utf8'))
    // Text runs may split a value across tags: keep the XML and the bare text.
    return `${headers}\n${xml.join('\n')}\n${xml.join('').replace(/<[^>]+>/g, '')}`
  }
  return `${headers}\n${response.body}`
}
