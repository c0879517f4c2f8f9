// Demo action plans, so the action pages have something to show and the
// cross-partnership rule can be seen: the Child Y review was led by Southwark,
// and its learning points are for Wandsworth Council Children's Services, whose
// demo agency lead (agency-lead@wandsworth.example) sees and updates those
// actions and nobody else's. The wording of each action is ours, written for the
// demo; the learning points are the seed page's. Due dates are counted in working
// days from the day the demo is loaded, so on any day one is overdue and the
// rest are on track or finished (issue 7).
import { randomUUID } from 'node:crypto'
import {
  countActions,
  findAction,
  findReviewIdBySlug,
  insertAction,
  insertActionUpdate,
  listActionSources,
} from '../../data/repositories/actions/action-repository.js'
import {
  listAgencies,
  findPartnershipBySlug,
} from '../../data/repositories/partnership-repository.js'
import { findUserByEmail } from '../../data/repositories/user-repository.js'
import type { ActionStatus } from '../../domain/actions/action-plan.js'
import { recordAudit } from '../audit-trail.js'
import { CalendarService } from '../calendar-service.js'
import { DEMO_DATA_LOADER, type ServiceContext } from '../context.js'
import { WANDSWORTH_CHILDRENS_SERVICES } from './seed-content.js'

interface DemoAction {
  reviewSlug: string
  source: { kind: 'learning-point' | 'recommendation'; position: number }
  agency: { partnershipSlug: string; name: string }
  description: string
  /** Working days from the day the demo is loaded (S21), so a due date is never a weekend. */
  dueInWorkingDays: number
  updates: { status: ActionStatus; note: string; by: string; daysAgo: number }[]
}

const AGENCY_LEAD = 'agency-lead@wandsworth.example'
const COORDINATOR = 'coordinator@wandsworth.example'
const WANDSWORTH_CSC = { partnershipSlug: 'wandsworth', name: WANDSWORTH_CHILDRENS_SERVICES }

const DEMO_ACTIONS: DemoAction[] = [
  {
    reviewSlug: 'child-y-scr',
    source: { kind: 'learning-point', position: 1 },
    agency: WANDSWORTH_CSC,
    description:
      'Add a needs and risk assessment of the children already living with a family to the placement matching checklist, informed by at least one professional who knows them',
    dueInWorkingDays: 30,
    updates: [
      {
        status: 'in-progress',
        note: 'The checklist has been redrafted and is with the fostering panel chair for comment.',
        by: AGENCY_LEAD,
        daysAgo: 12,
      },
    ],
  },
  {
    reviewSlug: 'child-y-scr',
    source: { kind: 'learning-point', position: 4 },
    agency: WANDSWORTH_CSC,
    description:
      'Notify the host local authority of every out of borough placement, with the child’s details and care plan, and audit a sample each quarter',
    dueInWorkingDays: -7,
    updates: [],
  },
  {
    reviewSlug: 'child-y-scr',
    source: { kind: 'learning-point', position: 5 },
    agency: WANDSWORTH_CSC,
    description:
      'Update the placements practice guidance and procedures to set out these expectations',
    dueInWorkingDays: 7,
    updates: [
      {
        status: 'in-progress',
        note: 'Drafting started with the procedures team.',
        by: AGENCY_LEAD,
        daysAgo: 40,
      },
      {
        status: 'completed',
        note: 'Revised guidance published on the staff intranet and briefed to all team managers.',
        by: AGENCY_LEAD,
        daysAgo: 3,
      },
    ],
  },
  {
    reviewSlug: 'baby-eliza-scr',
    source: { kind: 'learning-point', position: 1 },
    agency: WANDSWORTH_CSC,
    description: 'Reissue the pre-birth assessment guidance and check it is followed',
    dueInWorkingDays: -40,
    updates: [
      {
        status: 'completed',
        note: 'Guidance reissued; a case file audit of 20 pre-birth assessments found it followed in 19.',
        by: AGENCY_LEAD,
        daysAgo: 70,
      },
      {
        status: 'assured',
        note: 'Audit evidence reviewed at the learning and improvement subgroup: assured.',
        by: COORDINATOR,
        daysAgo: 50,
      },
    ],
  },
  {
    reviewSlug: 'child-a-scr',
    source: { kind: 'recommendation', position: 3 },
    agency: { partnershipSlug: 'wandsworth', name: 'NHS South West London Integrated Care Board' },
    description:
      'Review health visiting caseloads against the national guidance and report to the partnership',
    dueInWorkingDays: 60,
    updates: [],
  },
  {
    // Still open, so a new finding about diluted formula shows it (issue 11).
    reviewSlug: 'child-a-scr',
    source: { kind: 'recommendation', position: 6 },
    agency: { partnershipSlug: 'wandsworth', name: 'NHS South West London Integrated Care Board' },
    description:
      'Remind every GP practice, through its safeguarding lead, that infant formula is made up only as the manufacturer sets out and parents are never advised to dilute it',
    dueInWorkingDays: 20,
    updates: [
      {
        status: 'in-progress',
        note: 'Reminder drafted for the GP safeguarding leads’ bulletin; not yet sent.',
        by: COORDINATOR,
        daysAgo: 15,
      },
    ],
  },
]

/**
 * Adds the demo actions once: does nothing when any action exists. Run after
 * the demo reviews and users (loadDemoData).
 */
export async function loadDemoActions(context: ServiceContext): Promise<{ actions: number }> {
  const { db, now } = context
  const calendarService = new CalendarService(context)
  const calendar = await calendarService.calendar()
  const today = calendarService.today()
  return db.transaction().execute(async (trx) => {
    if ((await countActions(trx)) > 0) return { actions: 0 }
    const at = now()
    let added = 0
    for (const demo of DEMO_ACTIONS) {
      const reviewId = await findReviewIdBySlug(trx, demo.reviewSlug)
      const partnership = await findPartnershipBySlug(trx, demo.agency.partnershipSlug)
      if (!reviewId || !partnership) throw new Error('Demo actions: load the demo reviews first')
      const agency = (await listAgencies(trx, partnership.id)).find(
        (candidate) => candidate.name === demo.agency.name,
      )
      const source = (await listActionSources(trx, reviewId)).find(
        (candidate) =>
          candidate.kind === demo.source.kind && candidate.position === demo.source.position,
      )
      if (!agency || !source) throw new Error(`Demo actions: ${demo.reviewSlug} is not as expected`)
      const id = randomUUID()
      const createdAt = new Date(at.getTime() - 100 * 86_400_000).toISOString()
      await insertAction(trx, {
        id,
        reviewId,
        sourceKind: source.kind,
        sourceId: source.id,
        agencyId: agency.id,
        description: demo.description,
        dueOn: calendar.addWorkingDays(today, demo.dueInWorkingDays),
        status: demo.updates.at(-1)?.status ?? 'not-started',
        createdByUserId: (await findUserByEmail(trx, COORDINATOR))?.id ?? null,
        createdAt,
      })
      for (const update of demo.updates) {
        const author = await findUserByEmail(trx, update.by)
        await insertActionUpdate(trx, {
          id: randomUUID(),
          actionId: id,
          status: update.status,
          note: update.note,
          writtenByUserId: author?.id ?? null,
          writtenByName: author?.displayName ?? 'Demo data',
          writtenAt: new Date(at.getTime() - update.daysAgo * 86_400_000).toISOString(),
        })
      }
      await recordAudit(trx, at, {
        actor: DEMO_DATA_LOADER,
        action: 'action.created',
        recordType: 'action',
        recordId: id,
        partnershipId: (await findAction(trx, id))!.reviewPartnershipId,
        after: {
          reviewSlug: demo.reviewSlug,
          agencyName: agency.name,
          updates: demo.updates.length,
        },
      })
      added += 1
    }
    return { actions: added }
  })
}
