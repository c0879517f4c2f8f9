import type { Db } from '../db.js'

export interface ContentSection {
  key: string
  position: number
  heading: string
  /** Plain text; paragraphs are separated by a blank line. Never HTML. */
  body: string
  linkText: string | null
  linkUrl: string | null
}

export function listContentSections(db: Db, partnershipId: string): Promise<ContentSection[]> {
  return db
    .selectFrom('content_section')
    .select(['key', 'position', 'heading', 'body', 'link_text as linkText', 'link_url as linkUrl'])
    .where('partnership_id', '=', partnershipId)
    .orderBy('position')
    .execute()
}

export async function insertContentSection(
  db: Db,
  values: ContentSection & { id: string; partnershipId: string },
): Promise<void> {
  await db
    .insertInto('content_section')
    .values({
      id: values.id,
      partnership_id: values.partnershipId,
      key: values.key,
      position: values.position,
      heading: values.heading,
      body: values.body,
      link_text: values.linkText,
      link_url: values.linkUrl,
    })
    .execute()
}
