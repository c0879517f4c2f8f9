// Where briefings are read and used, for links made by services (search
// entries, the partnership's use of its briefings) and by the web layer alike.

/** A published thematic briefing's public address (issue 11). */
export function publicThematicPath(slug: string, format?: 'pdf' | 'docx'): string {
  return `/briefings/${encodeURIComponent(slug)}${format ? `.${format}` : ''}`
}

/** Staff pages of a thematic briefing. */
export function staffThematicPath(briefingId: string, rest = ''): string {
  return `/manage/briefings/thematic/${briefingId}${rest}`
}

/** Where a team records that it used a published thematic briefing. */
export function thematicUseFormPath(briefingId: string): string {
  return staffThematicPath(briefingId, '/record-use')
}
