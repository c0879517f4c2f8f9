import { randomUUID } from 'node:crypto'
import { insertContentSection } from '../../data/repositories/content-repository.js'
import {
  findPartnershipBySlug,
  insertAgency,
  insertPartnership,
  listAgencies,
} from '../../data/repositories/partnership-repository.js'
import { insertReview, reviewSlugExists } from '../../data/repositories/review-repository.js'
import { findUserByEmail } from '../../data/repositories/user-repository.js'
import { OutsideCalendarError } from '../../domain/calendar/working-days.js'
import { recordAudit } from '../audit-trail.js'
import { DEMO_DATA_LOADER, type ServiceContext } from '../context.js'
import type { UserService } from '../user-service.js'
import { loadDemoActions } from './demo-actions.js'
import { loadDemoBriefings } from './demo-briefings.js'
import { loadDemoCases } from './demo-cases.js'
import { loadDemoSeenBefore } from './demo-seen-before.js'
import { loadDemoLearningEvents } from './demo-learning-events.js'
import { loadDemoReviews } from './demo-reviews.js'
import { loadDemoThemes } from './demo-themes.js'
import { DEMO_USERS, PARTNERSHIPS, REVIEWS, WANDSWORTH_SECTIONS } from './seed-content.js'
import { indexReviewText } from '../public-site/public-search-service.js'
import { reindexStaffSearch } from '../learning/staff-search-service.js'

export interface DemoDataSummary {
  partnerships: number
  reviews: number
  users: number
  incidents: number
  rapidReviews: number
  reviewsInProgress: number
  actions: number
  /** Seven-minute briefings (issue 9): Child A's, published. */
  briefings: number
  /** Themes on the published reviews and their learning (issue 11). */
  themeTags: number
  /** Learning events (issue 11): one on Child A's review, with two places booked. */
  learningEvents: number
  /**
   * Why the dated demo cases (incidents, the review in progress, actions) were
   * not loaded: today, or a date counted from it, is in a year whose bank
   * holidays the calendar does not know yet (S22). The rest still loads, so the
   * service starts and an administrator can add that year's bank holidays;
   * loading again then adds the cases.
   */
  datedCasesSkipped?: string
}

/**
 * Loads the demo partnerships, their public learning and one account per role.
 * Safe to run again: anything already there (by slug or email) is left as it is.
 */
export async function loadDemoData(
  context: ServiceContext,
  users: UserService,
  demoPassword: string,
): Promise<DemoDataSummary> {
  const { db, now } = context
  const added: DemoDataSummary = {
    partnerships: 0,
    reviews: 0,
    users: 0,
    incidents: 0,
    rapidReviews: 0,
    reviewsInProgress: 0,
    actions: 0,
    briefings: 0,
    themeTags: 0,
    learningEvents: 0,
  }

  await db.transaction().execute(async (trx) => {
    const at = now()
    const createdAt = at.toISOString()
    for (const seed of PARTNERSHIPS) {
      if (await findPartnershipBySlug(trx, seed.slug)) continue
      const id = randomUUID()
      await insertPartnership(trx, { id, slug: seed.slug, name: seed.name, createdAt })
      for (const agency of seed.agencies) {
        await insertAgency(trx, { id: randomUUID(), partnershipId: id, ...agency, createdAt })
      }
      if (seed.slug === 'wandsworth') {
        for (const section of WANDSWORTH_SECTIONS) {
          await insertContentSection(trx, {
            id: randomUUID(),
            partnershipId: id,
            key: section.key,
            position: section.position,
            heading: section.heading,
            body: section.paragraphs.join('\n\n'),
            linkText: section.link?.text ?? null,
            linkUrl: section.link?.url ?? null,
          })
        }
      }
      await recordAudit(trx, at, {
        actor: DEMO_DATA_LOADER,
        action: 'partnership.created',
        recordType: 'partnership',
        recordId: id,
        partnershipId: id,
        after: { slug: seed.slug, name: seed.name, agencies: seed.agencies.length },
      })
      added.partnerships += 1
    }

    for (const seed of REVIEWS) {
      if (await reviewSlugExists(trx, seed.slug)) continue
      const lead = await findPartnershipBySlug(trx, seed.leadPartnershipSlug)
      if (!lead) throw new Error(`Demo data: no partnership ${seed.leadPartnershipSlug}`)
      const participating = []
      let addressedToAgencyId: string | null = null
      for (const slug of seed.participatingPartnershipSlugs) {
        const partnership = await findPartnershipBySlug(trx, slug)
        if (!partnership) throw new Error(`Demo data: no partnership ${slug}`)
        participating.push(partnership.id)
      }
      if (seed.learningPointsAddressedTo !== null) {
        for (const partnershipId of [lead.id, ...participating]) {
          const agency = (await listAgencies(trx, partnershipId)).find(
            (candidate) => candidate.name === seed.learningPointsAddressedTo,
          )
          addressedToAgencyId ??= agency?.id ?? null
        }
      }
      const id = randomUUID()
      await insertReview(trx, {
        id,
        slug: seed.slug,
        title: seed.title,
        kind: seed.kind,
        guidanceEdition: seed.guidanceEdition,
        leadPartnershipId: lead.id,
        participatingPartnershipIds: participating,
        childPseudonym: seed.childPseudonym,
        summary: seed.summary.join('\n\n'),
        status: 'published',
        // The seed page gives no publication dates, and we do not invent them.
        publishedOn: null,
        reviewerNames: '',
        learningPoints: seed.learningPoints.map((text) => ({
          id: randomUUID(),
          text,
          addressedToAgencyId,
        })),
        recommendations: seed.recommendations.map((text) => ({
          id: randomUUID(),
          text,
          addressedToAgencyId: null,
        })),
        now: createdAt,
      })
      // Published text is searchable from the moment it is published (issue 9).
      await indexReviewText(trx, id, at)
      await recordAudit(trx, at, {
        actor: DEMO_DATA_LOADER,
        action: 'review.created',
        recordType: 'review',
        recordId: id,
        partnershipId: lead.id,
        after: {
          slug: seed.slug,
          learningPoints: seed.learningPoints.length,
          recommendations: seed.recommendations.length,
        },
      })
      added.reviews += 1
    }
  })

  for (const user of DEMO_USERS) {
    if (await findUserByEmail(db, user.email)) continue
    await users.createUser(
      {
        email: user.email,
        displayName: user.name,
        partnershipSlug: user.partnershipSlug,
        role: user.role,
        password: demoPassword,
        ...(user.agencyName === undefined ? {} : { agencyName: user.agencyName }),
      },
      DEMO_DATA_LOADER,
    )
    added.users += 1
  }
  // Not dated, so loaded whatever the calendar knows.
  added.briefings = (await loadDemoBriefings(context)).briefings
  added.themeTags = (await loadDemoThemes(context)).tags
  // Dated from today, but on no statutory calendar: loaded whatever the calendar knows.
  added.learningEvents = (await loadDemoLearningEvents(context)).learningEvents
  try {
    // Cases in progress, so the clocks and the rapid review have something to show.
    const cases = await loadDemoCases(context)
    added.incidents = cases.incidents
    added.rapidReviews = cases.rapidReviews
    added.reviewsInProgress = (await loadDemoReviews(context)).reviews
    // Action plans on the published reviews' learning, for the agency lead to see.
    added.actions = (await loadDemoActions(context)).actions
    // A new finding that repeats Child A's learning, whose action is still open (issue 11).
    const seenBefore = await loadDemoSeenBefore(context)
    added.incidents += seenBefore.incidents
    added.rapidReviews += seenBefore.rapidReviews
  } catch (error) {
    // Each part runs in its own transaction, so a part refused here left nothing
    // half-written. Anything but an unknown year is a real fault.
    if (!(error instanceof OutsideCalendarError)) throw error
    added.datedCasesSkipped = error.message
  }
  // The demo records were written directly: the staff search (issue 11) takes them in now.
  await reindexStaffSearch(db, now())
  return added
}
