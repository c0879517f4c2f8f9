// Themes on the seed's published reviews (issue 11), chosen by reading each
// review's summary, learning points and recommendations (see seed-content.ts):
// what a business unit coordinator would tag them with. Listed by position, so
// the nth entry is the nth learning point or recommendation; an empty list
// means the item is about process and fits no theme.
import { randomUUID } from 'node:crypto'
import { listFindings } from '../../data/repositories/review-findings-repository.js'
import {
  findThemeBySlug,
  insertTag,
  listTags,
  type TaggableRecordType,
} from '../../data/repositories/learning/theme-repository.js'
import { recordAudit } from '../audit-trail.js'
import { DEMO_DATA_LOADER, type ServiceContext } from '../context.js'

interface DemoReviewThemes {
  readonly review: readonly string[]
  readonly learningPoints: readonly (readonly string[])[]
  readonly recommendations: readonly (readonly string[])[]
}

export const DEMO_REVIEW_THEMES: Readonly<Record<string, DemoReviewThemes>> = {
  // A Wandsworth child placed in Southwark: the placement, the host authority
  // not told, and the children's lived experience in the new home.
  'child-y-scr': {
    review: [
      'looked-after-children',
      'cross-border-working',
      'voice-of-the-child',
      'information-sharing',
    ],
    learningPoints: [
      ['looked-after-children'],
      ['voice-of-the-child', 'looked-after-children'],
      ['cross-border-working', 'looked-after-children'],
      ['cross-border-working', 'information-sharing', 'looked-after-children'],
      [],
    ],
    recommendations: [],
  },
  // A baby seriously injured at home; a young, care-experienced mother with a
  // history of abuse; over-identification with her; the men in the family.
  'baby-eliza-scr': {
    review: [
      'pre-birth-and-infants',
      'non-accidental-injury',
      'young-or-care-experienced-parents',
      'over-identification-with-parent',
      'fathers-and-men',
      'professional-curiosity',
      'domestic-abuse',
      'information-sharing',
    ],
    learningPoints: [
      ['pre-birth-and-infants'],
      ['information-sharing', 'pre-birth-and-infants'],
      ['information-sharing'],
      // Risk "not diminished in consequence of sympathy for a vulnerable
      // parent": the curiosity the summary says professionals needed.
      [
        'parental-mental-health',
        'parental-substance-misuse',
        'domestic-abuse',
        'over-identification-with-parent',
        'professional-curiosity',
      ],
      ['information-sharing'],
      ['escalation-and-challenge'],
      ['health-services'],
    ],
    recommendations: [],
  },
  // A 7-month-old malnourished and injured; vulnerable first-time parents
  // whose needs were not recognised; diluted infant formula.
  'child-a-scr': {
    review: [
      'neglect',
      'pre-birth-and-infants',
      'non-accidental-injury',
      'professional-curiosity',
      'health-services',
    ],
    learningPoints: [],
    recommendations: [
      ['professional-curiosity'],
      ['health-services'],
      ['health-services'],
      ['professional-curiosity', 'information-sharing'],
      ['health-services', 'information-sharing'],
      ['health-services', 'neglect', 'pre-birth-and-infants'],
    ],
  },
}

/** Tags the published demo reviews; a tag already there is left alone, so loading twice adds nothing. */
export async function loadDemoThemes(context: ServiceContext): Promise<{ tags: number }> {
  const { db, now } = context
  let tags = 0
  await db.transaction().execute(async (trx) => {
    const at = now()
    for (const [slug, themes] of Object.entries(DEMO_REVIEW_THEMES)) {
      const review = await trx
        .selectFrom('review')
        .select(['id', 'lead_partnership_id'])
        .where('slug', '=', slug)
        .executeTakeFirst()
      if (!review) continue
      const { learningPoints, recommendations } = await listFindings(trx, review.id)
      const byPosition = (rows: typeof learningPoints, position: number) =>
        rows.find((row) => row.position === position + 1)?.id
      const wanted: {
        recordType: TaggableRecordType
        recordId: string
        slugs: readonly string[]
      }[] = [
        { recordType: 'review', recordId: review.id, slugs: themes.review },
        ...themes.learningPoints.flatMap((slugs, index) => {
          const recordId = byPosition(learningPoints, index)
          return recordId ? [{ recordType: 'learning-point' as const, recordId, slugs }] : []
        }),
        ...themes.recommendations.flatMap((slugs, index) => {
          const recordId = byPosition(recommendations, index)
          return recordId ? [{ recordType: 'recommendation' as const, recordId, slugs }] : []
        }),
      ]
      for (const record of wanted) {
        const existing = new Set(
          (await listTags(trx, record.recordType, [record.recordId])).map((tag) => tag.themeSlug),
        )
        for (const themeSlug of record.slugs) {
          if (existing.has(themeSlug)) continue
          const theme = await findThemeBySlug(trx, themeSlug)
          if (!theme) throw new Error(`Demo data: no theme ${themeSlug}`)
          await insertTag(trx, {
            id: randomUUID(),
            themeId: theme.id,
            recordType: record.recordType,
            recordId: record.recordId,
            partnershipId: review.lead_partnership_id,
            at: at.toISOString(),
            byUserId: null,
            byName: DEMO_DATA_LOADER.label,
          })
          await recordAudit(trx, at, {
            actor: DEMO_DATA_LOADER,
            action: 'theme-tag.added',
            recordType: record.recordType,
            recordId: record.recordId,
            partnershipId: review.lead_partnership_id,
            after: { theme: themeSlug },
          })
          tags += 1
        }
      }
    }
  })
  return { tags }
}
