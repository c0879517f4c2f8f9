// One review in progress for the demo partnership, so the review pages have
// something to show: an other learning review about the obviously fictional
// "Child C", started, with stages under way, a named reviewer linked to the
// demo reviewer's account, a monitoring checkpoint and a short chronology.
// Dates are relative to today, so the target date always lies ahead.
import { randomUUID } from 'node:crypto'
import { listAgencyEntries } from '../../data/repositories/agencies/agency-repository.js'
import { sameAgencyName } from '../../domain/agencies/agency-list.js'
import { findPartnershipBySlug } from '../../data/repositories/partnership-repository.js'
import { reviewSlugExists } from '../../data/repositories/review-repository.js'
import {
  insertCheckpoint,
  insertChronologyEntries,
  insertReviewWork,
  updateReviewWork,
  updateStageStatus,
} from '../../data/repositories/review-work-repository.js'
import { findUserByEmail } from '../../data/repositories/user-repository.js'
import { addCalendarDays, addCalendarMonths } from '../../domain/calendar/calendar-date.js'
import { REVIEW_STAGES, type ReviewStage, type StageStatus } from '../../domain/reviews/stages.js'
import { recordAudit } from '../audit-trail.js'
import { CalendarService } from '../calendar-service.js'
import { DEMO_DATA_LOADER, type ServiceContext } from '../context.js'

export const DEMO_REVIEW_SLUG = 'demo-review-child-c'

const DEMO_STAGE_PROGRESS: Partial<Record<ReviewStage, StageStatus>> = {
  scoping: 'completed',
  'agency-reports': 'completed',
  chronology: 'in-progress',
}

/**
 * Adds the demo review in progress to the Wandsworth partnership. Safe to run
 * again: does nothing once the review exists. Run it after the demo
 * partnerships and users exist (loadDemoData), so the reviewer can be linked
 * to reviewer@wandsworth.example.
 */
export async function loadDemoReviews(context: ServiceContext): Promise<{ reviews: number }> {
  const { db, now } = context
  const today = new CalendarService(context).today()
  return db.transaction().execute(async (trx) => {
    if (await reviewSlugExists(trx, DEMO_REVIEW_SLUG)) return { reviews: 0 }
    const wandsworth = await findPartnershipBySlug(trx, 'wandsworth')
    if (!wandsworth) throw new Error('Demo reviews: load the demo partnerships first')
    const reviewer = await findUserByEmail(trx, 'reviewer@wandsworth.example')
    const coordinator = await findUserByEmail(trx, 'coordinator@wandsworth.example')

    const at = now()
    const stamp = at.toISOString()
    const decisionOn = addCalendarMonths(today, -2)
    const startedOn = addCalendarDays(decisionOn, 14)
    const id = randomUUID()
    await insertReviewWork(trx, {
      id,
      slug: DEMO_REVIEW_SLUG,
      title: 'Other learning review: Child C',
      kind: 'other-learning',
      guidanceEdition: 'WT2023',
      status: 'commissioned',
      leadPartnershipId: wandsworth.id,
      participatingPartnershipIds: [],
      childPseudonym: 'Child C',
      methodology: 'silp',
      methodologyOther: null,
      decisionOn,
      termsOfReference:
        'How agencies shared information about Child C, a fictional child used for demonstration, in the year before the incident.\n\nThe review covers children’s services, the police, the GP surgery and the school.',
      rapidReviewId: null,
      restricted: false,
      createdByUserId: coordinator?.id ?? null,
      stages: REVIEW_STAGES,
      reviewers: [
        {
          id: randomUUID(),
          name: 'Demo Reviewer',
          role: 'lead-reviewer',
          organisation: 'Independent',
          userId: reviewer?.id ?? null,
        },
      ],
      now: stamp,
    })
    await updateReviewWork(trx, id, 1, { status: 'in-progress', startedOn }, stamp)
    for (const [stage, status] of Object.entries(DEMO_STAGE_PROGRESS)) {
      await updateStageStatus(trx, id, stage, 1, status, stamp)
    }
    const checkpointOn = addCalendarDays(startedOn, 21)
    await insertCheckpoint(trx, {
      id: randomUUID(),
      reviewId: id,
      heldOn: checkpointOn,
      observations: 'On time. Agency reports received from all four agencies.',
      requestKind: 'information',
      requestDetail: 'The school’s attendance records for the review period',
      requestedOn: checkpointOn,
      requestDueOn: addCalendarDays(checkpointOn, 14),
      now: stamp,
    })
    const entries: [string, number, string | null, string][] = [
      [
        'Wandsworth Council Children’s Services',
        -400,
        '10:15',
        'Referral received from the school; no further action.',
      ],
      ['Wandsworth schools and colleges', -380, null, 'Attendance falls below 80% this term.'],
      [
        'Metropolitan Police Service, South West basic command unit',
        -350,
        '22:40',
        'Called to the address after a neighbour’s report; no offences found.',
      ],
      ['NHS South West London Integrated Care Board', -340, '09:00', 'GP appointment missed.'],
    ]
    // The entries name agencies on Wandsworth's list (issue 8).
    const agencies = await listAgencyEntries(trx, [wandsworth.id])
    await insertChronologyEntries(
      trx,
      id,
      entries.map(([agency, daysBefore, occurredAt, event], index) => ({
        id: randomUUID(),
        agency,
        agencyId: agencies.find((listed) => sameAgencyName(listed.name, agency))?.id ?? null,
        occurredOn: addCalendarDays(decisionOn, daysBefore),
        occurredAt,
        event,
        source: 'Demo data',
        enteredBy: 'csv',
        sourceLine: index + 2,
      })),
      { userId: null, now: stamp },
    )
    await recordAudit(trx, at, {
      actor: DEMO_DATA_LOADER,
      action: 'review.created',
      recordType: 'review',
      recordId: id,
      partnershipId: wandsworth.id,
      after: { slug: DEMO_REVIEW_SLUG, kind: 'other-learning', status: 'in-progress', decisionOn },
    })
    return { reviews: 1 }
  })
}
