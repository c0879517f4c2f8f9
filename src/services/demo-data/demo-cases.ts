// Two demonstration incidents for Wandsworth, so the incident pages and the
// statutory clocks have something to show:
// - "Child B": an incident whose rapid review is complete (decided, signed off by
//   the three partners, sent to the Panel, and answered);
// - "Child C": an open incident the local authority became aware of 3 working
//   days ago, so its 5-working-day notification clock (S3) shows "due soon".
// Pseudonyms are obviously fictional and no restricted identity field is filled
// in. Dates are set relative to today on the working-day calendar, so the demo
// looks the same whenever it is loaded.
import { randomUUID } from 'node:crypto'
import type { Db } from '../../data/db.js'
import { insertIncident, listIncidents } from '../../data/repositories/incident-repository.js'
import {
  findPartnershipBySlug,
  listAgencies,
} from '../../data/repositories/partnership-repository.js'
import {
  insertAgencyRequest,
  insertRapidReview,
  insertSafetyAction,
  insertSignOff,
  updateAgencyResponse,
  updateRapidReview,
  upsertCriterion,
} from '../../data/repositories/rapid-review-repository.js'
import { findUserByEmail } from '../../data/repositories/user-repository.js'
import { addCalendarDays, type CalendarDate } from '../../domain/calendar/calendar-date.js'
import type { WorkingDayCalendar } from '../../domain/calendar/working-days.js'
import { REG_11_CRITERIA, STATUTORY_PARTNERS } from '../../domain/rapid-reviews/rapid-review.js'
import { recordAudit } from '../audit-trail.js'
import { CalendarService } from '../calendar-service.js'
import { DEMO_DATA_LOADER, type ServiceContext } from '../context.js'

export interface DemoCasesSummary {
  incidents: number
  rapidReviews: number
}

const DEMO_PARTNERSHIP = 'wandsworth'
const DEMO_SIGNATORIES: Record<(typeof STATUTORY_PARTNERS)[number], string> = {
  'local-authority': 'partner@wandsworth.example',
  police: 'partner-police@wandsworth.example',
  health: 'partner-health@wandsworth.example',
}
/** Marks the demo incidents, so loading again adds nothing. */
const DEMO_MARKER = 'Demonstration case (fictional).'

/**
 * Adds the demo incidents to the Wandsworth partnership. Call it after
 * `loadDemoData` (it needs the partnership, its agencies and the demo partner
 * account). Safe to run again: a demo case already there is left as it is.
 */
export async function loadDemoCases(context: ServiceContext): Promise<DemoCasesSummary> {
  const { db, now } = context
  const added: DemoCasesSummary = { incidents: 0, rapidReviews: 0 }
  const calendarService = new CalendarService(context)
  const calendar = await calendarService.calendar()
  const today = calendarService.today()

  await db.transaction().execute(async (trx) => {
    const partnership = await findPartnershipBySlug(trx, DEMO_PARTNERSHIP)
    if (!partnership) throw new Error(`Demo cases: no partnership ${DEMO_PARTNERSHIP}`)
    const existing = (await listIncidents(trx, [partnership.id])).filter((incident) =>
      incident.description?.startsWith(DEMO_MARKER),
    )
    const has = (pseudonym: string) =>
      existing.some((incident) => incident.children.some((child) => child.pseudonym === pseudonym))
    const at = now()

    if (!has('Child C')) {
      // "Due soon, 2 working days left" on whatever day the demo is loaded: the
      // notification (S3) falls 2 working days from today, so awareness was 5
      // working days before that. Counting back 3 from today instead leaves 3
      // days on a Saturday, a Sunday or a bank holiday (issue 7).
      const awareOn = calendar.addWorkingDays(calendar.addWorkingDays(today, 2), -5)
      await addIncident(trx, at, {
        partnershipId: partnership.id,
        pseudonym: 'Child C',
        ageYears: 2,
        awareOn,
        incidentOn: addCalendarDays(awareOn, -1),
        state: 'recorded',
        description: `${DEMO_MARKER} A toddler was admitted to hospital with injuries that staff thought were not consistent with the explanation given. Neglect is suspected.`,
        harm: 'serious-harm',
        abuseOrNeglect: 'suspected',
      })
      added.incidents += 1
    }

    if (!has('Child B')) {
      const awareOn = calendar.addWorkingDays(today, -40)
      const wd = (n: number) => calendar.addWorkingDays(awareOn, n)
      const incidentId = await addIncident(trx, at, {
        partnershipId: partnership.id,
        pseudonym: 'Child B',
        ageYears: 9,
        awareOn,
        incidentOn: addCalendarDays(awareOn, -2),
        state: 'decided',
        description: `${DEMO_MARKER} A school reported that a child had not attended for three weeks and was later found at home with serious untreated injuries. Abuse is known.`,
        harm: 'serious-harm',
        abuseOrNeglect: 'known',
        notified: { panel: wd(3), ofsted: wd(4), partners: wd(3) },
      })
      await addCompletedRapidReview(trx, at, calendar, {
        incidentId,
        partnershipId: partnership.id,
        wd,
      })
      added.incidents += 1
      added.rapidReviews += 1
    }
  })
  return added
}

export interface DemoIncident {
  partnershipId: string
  pseudonym: string
  ageYears: number
  awareOn: CalendarDate
  incidentOn: CalendarDate
  state: string
  description: string
  harm: string
  abuseOrNeglect: string
  notified?: { panel: CalendarDate; ofsted: CalendarDate; partners: CalendarDate }
}

export async function addIncident(trx: Db, at: Date, demo: DemoIncident): Promise<string> {
  const id = randomUUID()
  await insertIncident(trx, {
    id,
    partnershipId: demo.partnershipId,
    guidanceEdition: 'WT2023',
    abuseOrNeglect: demo.abuseOrNeglect,
    harm: demo.harm,
    lookedAfter: false,
    careLeaver: false,
    incidentOn: demo.incidentOn,
    awareOn: demo.awareOn,
    place: 'Family home (fictional)',
    description: demo.description,
    notifyingAuthority: 'Wandsworth Council',
    homeAuthority: 'Wandsworth Council',
    notifierName: 'Demo Coordinator',
    notifierEmail: 'coordinator@wandsworth.example',
    notifierPhone: null,
    state: demo.state,
    createdByUserId: null,
    createdAt: at.toISOString(),
    // No restricted identity fields in demo data: pseudonym and age only.
    children: [
      {
        id: randomUUID(),
        position: 1,
        pseudonym: demo.pseudonym,
        ageYears: demo.ageYears,
        healthInformation: null,
        identity: {
          name: null,
          dateOfBirth: null,
          address: null,
          localAuthorityReference: null,
          nhsNumber: null,
        },
      },
    ],
  })
  if (demo.notified) {
    await trx
      .updateTable('incident')
      .set({
        panel_notified_on: demo.notified.panel,
        ofsted_notified_on: demo.notified.ofsted,
        partners_notified_on: demo.notified.partners,
      })
      .where('id', '=', id)
      .execute()
  }
  await recordAudit(trx, at, {
    actor: DEMO_DATA_LOADER,
    action: 'incident.recorded',
    recordType: 'incident',
    recordId: id,
    partnershipId: demo.partnershipId,
    after: {
      state: demo.state,
      children: [demo.pseudonym],
      awareOn: demo.awareOn,
      incidentOn: demo.incidentOn,
      restrictedFieldsRecorded: 0,
    },
  })
  return id
}

async function addCompletedRapidReview(
  trx: Db,
  at: Date,
  calendar: WorkingDayCalendar,
  demo: { incidentId: string; partnershipId: string; wd: (n: number) => CalendarDate },
): Promise<void> {
  const { wd } = demo
  const id = randomUUID()
  const stamp = at.toISOString()
  await insertRapidReview(trx, {
    id,
    incidentId: demo.incidentId,
    partnershipId: demo.partnershipId,
    state: 'panel-responded',
    startedOn: wd(1),
    createdAt: stamp,
  })
  const agencies = await listAgencies(trx, demo.partnershipId)
  for (const kind of ['local-authority', 'police', 'health', 'education']) {
    const agency = agencies.find((candidate) => candidate.kind === kind)
    if (!agency) continue
    const requestId = randomUUID()
    await insertAgencyRequest(trx, {
      id: requestId,
      rapidReviewId: id,
      agencyId: agency.id,
      requestedOn: wd(1),
      dueOn: wd(8),
      createdAt: stamp,
    })
    await updateAgencyResponse(trx, requestId, 1, {
      receivedOn: wd(kind === 'education' ? 9 : 7),
      summary: `Summary of ${agency.name}’s contact with Child B and the family over the last year (fictional demonstration text).`,
      updatedAt: stamp,
    })
  }
  await insertSafetyAction(trx, {
    id: randomUUID(),
    rapidReviewId: id,
    action: 'Strategy discussion for Child B’s siblings and a child protection medical.',
    owner: 'Children’s Services',
    createdAt: stamp,
  })
  await insertSafetyAction(trx, {
    id: randomUUID(),
    rapidReviewId: id,
    action: 'Remind schools of the procedure for children missing education.',
    owner: 'Education safeguarding lead',
    createdAt: stamp,
  })
  const answers: Record<string, string> = { a: 'yes', b: 'maybe', c: 'yes', d: 'no' }
  for (const criterion of REG_11_CRITERIA) {
    await upsertCriterion(trx, {
      rapidReviewId: id,
      criterion,
      answer: answers[criterion] ?? 'maybe',
      note:
        criterion === 'c'
          ? 'Information about non-attendance was not shared between school and health.'
          : null,
      updatedAt: stamp,
    })
  }
  // Each statutory partner by its own delegate (S8).
  for (const [index, kind] of STATUTORY_PARTNERS.entries()) {
    const partner = await findUserByEmail(trx, DEMO_SIGNATORIES[kind])
    await insertSignOff(trx, {
      rapidReviewId: id,
      partner: kind,
      signedByUserId: partner?.id ?? null,
      signedByName: partner?.displayName ?? 'Demo Partner',
      signedOn: wd(13 + Math.min(index, 1)),
      signedAt: stamp,
    })
  }
  // One update with the finished record; the version moves on once.
  await updateRapidReview(trx, id, 1, {
    meetingOn: wd(11),
    meetingAttendees:
      'Independent chair\nChildren’s Services head of service\nPolice detective inspector\nDesignated nurse\nSchool designated safeguarding lead',
    factsEstablished:
      'Child B was absent from school for three weeks before the incident. School made two home visits; the family said Child B was unwell. Health had no contact in that period.',
    learningIdentified:
      'How agencies share and act on information about children missing education.',
    decision: 'local-cspr',
    decisionRationale:
      'The case highlights concerns about agencies working together (criterion c) and improvements needed (criterion a). The partners decided to hold a local child safeguarding practice review.',
    decidedOn: wd(12),
    sentToPanelOn: wd(14),
    panelResponseOn: calendar.addWorkingDays(wd(14), 10),
    panelAgrees: true,
    panelNationalReview: false,
    panelResponseNotes: 'The Panel agreed with the decision to hold a local review.',
    updatedAt: stamp,
  })
  await recordAudit(trx, at, {
    actor: DEMO_DATA_LOADER,
    action: 'rapid-review.started',
    recordType: 'rapid-review',
    recordId: id,
    partnershipId: demo.partnershipId,
    after: { incidentId: demo.incidentId, state: 'panel-responded' },
  })
}
