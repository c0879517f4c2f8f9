import { deflateSync } from 'node:zlib'

/**
 * A small PDF whose one page's content stream inflates to `inflatedBytes` of
 * text-drawing operators: a decompression bomb for text extraction.
 */
export function decompressionBombPdf(inflatedBytes: number): Uint8Array {
  const operator = '(AAAAAAAAAAAAAAAA) Tj\n'
  const content = deflateSync(
    Buffer.from(
      `BT /F1 12 Tf 72 712 Td\n${operator.repeat(Math.ceil(inflatedBytes / operator.length))}ET`,
    ),
    {
      level: 9,
    },
  )
  return pdfWithDeflatedContent(content)
}

/** A one-page PDF whose content stream is `content`, already FlateDecode-compressed. */
export function pdfWithDeflatedContent(content: Buffer): Uint8Array {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    null,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ]
  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n')]
  const offsets: number[] = []
  let length = parts[0]!.length
  objects.forEach((body, index) => {
    offsets.push(length)
    const chunk =
      body === null
        ? Buffer.concat([
            Buffer.from(
              `${index + 1} 0 obj\n<< /Length ${content.length} /Filter /FlateDecode >>\nstream\n`,
            ),
            content,
            Buffer.from('\nendstream\nendobj\n'),
          ])
        : Buffer.from(`${index + 1} 0 obj\n${body}\nendobj\n`)
    parts.push(chunk)
    length += chunk.length
  })
  const xref = [
    'xref',
    `0 ${objects.length + 1}`,
    '0000000000 65535 f ',
    ...offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n `),
    'trailer',
    `<< /Size ${objects.length + 1} /Root 1 0 R >>`,
    'startxref',
    String(length),
    '%%EOF',
  ].join('\n')
  parts.push(Buffer.from(xref))
  return new Uint8Array(Buffer.concat(parts))
}
