// "We have seen this before" in the demo (issue 11): a rapid review in
// progress for the obviously fictional "Child D", a baby fed diluted infant
// formula, whose findings repeat the Child A Serious Case Review's
// recommendation to GPs ("infant formula should be made up only as set out by
// the manufacturers…"), whose action (demo-actions.ts) is still open. The
// findings are tagged with the themes Child A's recommendation carries, so the
// page shows both the shared themes and the shared words. Dates are relative
// to today on the working-day calendar.
import { randomUUID } from 'node:crypto'
import { listIncidents } from '../../data/repositories/incident-repository.js'
import { findThemeBySlug, insertTag } from '../../data/repositories/learning/theme-repository.js'
import { findPartnershipBySlug } from '../../data/repositories/partnership-repository.js'
import {
  insertRapidReview,
  updateRapidReview,
} from '../../data/repositories/rapid-review-repository.js'
import { addCalendarDays } from '../../domain/calendar/calendar-date.js'
import { recordAudit } from '../audit-trail.js'
import { CalendarService } from '../calendar-service.js'
import { DEMO_DATA_LOADER, type ServiceContext } from '../context.js'
import { addIncident } from './demo-cases.js'

/** Marks the incident, so loading again adds nothing (apart from the demo cases' marker). */
export const SEEN_BEFORE_MARKER = 'Demonstration rapid review (fictional).'

export const DILUTED_FORMULA_FACTS =
  'Child D, aged 4 months, was admitted with faltering growth and dehydration. The parents had been making up infant formula with extra water to make it last, and said a relative had told them diluted formula was fine for a settled baby. The GP and health visitor saw Child D twice in the month before; neither asked how the feeds were made up.'

export const DILUTED_FORMULA_LEARNING =
  'Advice to parents on making up infant formula, and checking how feeds are prepared when a baby’s weight falls.'

const FINDING_THEMES = ['neglect', 'pre-birth-and-infants', 'health-services']

export async function loadDemoSeenBefore(
  context: ServiceContext,
): Promise<{ incidents: number; rapidReviews: number }> {
  const { db, now } = context
  const calendarService = new CalendarService(context)
  const calendar = await calendarService.calendar()
  const today = calendarService.today()
  return db.transaction().execute(async (trx) => {
    const partnership = await findPartnershipBySlug(trx, 'wandsworth')
    if (!partnership) throw new Error('Demo seen before: load the demo partnerships first')
    const existing = (await listIncidents(trx, [partnership.id])).some((incident) =>
      incident.description?.startsWith(SEEN_BEFORE_MARKER),
    )
    if (existing) return { incidents: 0, rapidReviews: 0 }
    const at = now()
    const stamp = at.toISOString()
    // Aware 6 working days ago: notified on time, the rapid review under way.
    const awareOn = calendar.addWorkingDays(today, -6)
    const wd = (n: number) => calendar.addWorkingDays(awareOn, n)
    const incidentId = await addIncident(trx, at, {
      partnershipId: partnership.id,
      pseudonym: 'Child D',
      ageYears: 0,
      awareOn,
      incidentOn: addCalendarDays(awareOn, -1),
      state: 'rapid-review-in-progress',
      description: `${SEEN_BEFORE_MARKER} A baby was admitted to hospital with faltering growth and dehydration after being fed diluted infant formula. Neglect is suspected.`,
      harm: 'serious-harm',
      abuseOrNeglect: 'suspected',
      notified: { panel: wd(2), ofsted: wd(2), partners: wd(2) },
    })
    const id = randomUUID()
    await insertRapidReview(trx, {
      id,
      incidentId,
      partnershipId: partnership.id,
      state: 'in-progress',
      startedOn: wd(1),
      createdAt: stamp,
    })
    await updateRapidReview(trx, id, 1, {
      factsEstablished: DILUTED_FORMULA_FACTS,
      learningIdentified: DILUTED_FORMULA_LEARNING,
      updatedAt: stamp,
    })
    await recordAudit(trx, at, {
      actor: DEMO_DATA_LOADER,
      action: 'rapid-review.started',
      recordType: 'rapid-review',
      recordId: id,
      partnershipId: partnership.id,
      after: { incidentId, state: 'in-progress' },
    })
    for (const slug of FINDING_THEMES) {
      const theme = await findThemeBySlug(trx, slug)
      if (!theme) throw new Error(`Demo data: no theme ${slug}`)
      await insertTag(trx, {
        id: randomUUID(),
        themeId: theme.id,
        recordType: 'rapid-review-finding',
        recordId: id,
        partnershipId: partnership.id,
        at: stamp,
        byUserId: null,
        byName: DEMO_DATA_LOADER.label,
      })
      await recordAudit(trx, at, {
        actor: DEMO_DATA_LOADER,
        action: 'theme-tag.added',
        recordType: 'rapid-review-finding',
        recordId: id,
        partnershipId: partnership.id,
        after: { theme: slug },
      })
    }
    return { incidents: 1, rapidReviews: 1 }
  })
}
