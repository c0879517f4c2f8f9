// A case document (notification pack, rapid review report) as plain structure:
// headings, label/value fields, paragraphs, lists and tables. Services build it
// from what a user may see; the PDF and DOCX writers only lay it out, so the two
// formats always say the same thing.

export interface CaseDocumentField {
  readonly label: string
  /** Empty or null shows as "Not recorded". */
  readonly value: string | null
}

export type CaseDocumentBlock =
  | { readonly kind: 'fields'; readonly fields: readonly CaseDocumentField[] }
  | { readonly kind: 'text'; readonly text: string | null }
  | { readonly kind: 'list'; readonly items: readonly string[] }
  | {
      readonly kind: 'table'
      readonly caption: string
      readonly headers: readonly string[]
      readonly rows: readonly (readonly string[])[]
    }

export interface CaseDocumentSection {
  readonly heading: string
  readonly blocks: readonly CaseDocumentBlock[]
}

export interface CaseDocument {
  /** The document's title, also its PDF/DOCX title metadata. */
  readonly title: string
  readonly subtitle?: string
  /** A line shown at the top, e.g. "OFFICIAL-SENSITIVE: contains a child's details". */
  readonly marking?: string
  readonly author: string
  readonly sections: readonly CaseDocumentSection[]
}

export const NOT_RECORDED = 'Not recorded'

export function fieldValue(value: string | null): string {
  return value === null || value.trim() === '' ? NOT_RECORDED : value
}

/** Paragraphs of a multi-line text, without empty ones. */
export function paragraphsOf(text: string | null): string[] {
  if (text === null) return []
  return text
    .split(/\r?\n\s*\r?\n|\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
}
