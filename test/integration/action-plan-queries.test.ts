// The action plans' list, count and dashboard at national scale (issue 10) are
// worked out in SQL (src/data/repositories/actions/action-plan-queries.ts): a
// union of three parts, each reached from an index, in place of one rule read
// one action at a time. Checked here against that rule, the action policy's
// actionAccess applied to every action in the database, for people of every
// kind: one partnership's staff, another's, an agency lead, a person who is
// business unit in two partnerships and an agency lead in one of them; with
// restricted reviews on and off their access lists, actions of one
// partnership's agencies on another's reviews, and each filter, the
// partnership filter for their own partnership and for another. Then: a kept
// list and dashboard follow a change at once; and the day's reminders, more
// than one transaction's worth, are written once each.
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { describeOnEachDatabase, itOnLeg, type Harness } from './support/app-harness.js'
import {
  ADMINISTRATOR,
  COORDINATOR,
  PARTNER,
  SOUTHWARK_COORDINATOR,
  dbOf,
} from './support/incident-helpers.js'
import { actorFor } from './support/route-walk.js'
import { testNow } from '../support/test-clock.js'
import { actionAccess } from '../../src/domain/access/policy.js'
import type { Actor } from '../../src/domain/access/roles.js'
import {
  addCalendarDays,
  addCalendarMonths,
  type CalendarDate,
} from '../../src/domain/calendar/calendar-date.js'
import type { ActionFilters } from '../../src/services/actions/action-plan-service.js'

const AGENCY_LEAD = 'agency-lead@wandsworth.example'
const TWO_PARTNERSHIPS = 'two-partnerships@queries.example'
const OPEN = ['not-started', 'in-progress', 'sent-back']
const STATUSES = ['not-started', 'in-progress', 'completed', 'assured', 'sent-back', 'closed']

interface ActionRow {
  id: string
  review_id: string
  review_title: string
  lead_partnership_id: string
  access_restricted: number | string
  agency_id: string
  agency_name: string
  agency_partnership_id: string
  due_on: string
  status: string
  created_at: string
  completed_at: string | null
  assured_at: string | null
}

async function partnershipId(h: Harness, slug: string): Promise<string> {
  const row = await dbOf(h)
    .selectFrom('partnership')
    .select('id')
    .where('slug', '=', slug)
    .executeTakeFirstOrThrow()
  return row.id
}

async function agenciesOf(h: Harness, partnership: string): Promise<{ id: string }[]> {
  return dbOf(h)
    .selectFrom('agency')
    .select('id')
    .where('partnership_id', '=', partnership)
    .orderBy('name')
    .execute()
}

/**
 * Reviews led by Wandsworth and by Southwark, some restricted (the Wandsworth
 * coordinator on one's access list, not on the other's), each with actions for
 * agencies of both partnerships, in every status, due either side of today.
 * Written as the services would, in bulk.
 */
async function plantActions(h: Harness): Promise<void> {
  const db = dbOf(h)
  const today = h.services.calendar.today()
  const at = testNow().toISOString()
  const wandsworth = await partnershipId(h, 'wandsworth')
  const southwark = await partnershipId(h, 'southwark')
  const agencies = [...(await agenciesOf(h, wandsworth)), ...(await agenciesOf(h, southwark))]
  const coordinator = await actorFor(h, COORDINATOR)
  const plan = [
    { lead: wandsworth, restricted: false, listed: false },
    { lead: wandsworth, restricted: true, listed: true },
    { lead: wandsworth, restricted: true, listed: false },
    { lead: southwark, restricted: false, listed: false },
    { lead: southwark, restricted: true, listed: false },
  ]
  let serial = 0
  for (const [index, review] of plan.entries()) {
    const reviewId = randomUUID()
    await db
      .insertInto('review')
      .values({
        id: reviewId,
        slug: `queries-review-${index}`,
        title: `Queries review ${index}`,
        kind: 'lcspr',
        guidance_edition: 'WT2023',
        lead_partnership_id: review.lead,
        child_pseudonym: `Child Q${index}`,
        summary: 'Written by the test.',
        status: 'in-progress',
        reviewer_names: '',
        access_restricted: review.restricted ? 1 : 0,
        created_at: at,
        updated_at: at,
      })
      .execute()
    if (review.listed) {
      await db
        .insertInto('record_access_entry')
        .values({
          record_type: 'review',
          record_id: reviewId,
          partnership_id: review.lead,
          user_id: coordinator.userId,
          added_at: at,
        })
        .execute()
    }
    const actions = agencies.flatMap((agency) =>
      [0, 1, 2].map(() => {
        serial += 1
        const status = STATUSES[serial % STATUSES.length]!
        const doneAt = new Date(Date.parse(`${today}T12:00:00Z`) - (serial % 300) * 86_400_000)
        return {
          id: randomUUID(),
          review_id: reviewId,
          source_kind: 'recommendation',
          source_id: randomUUID(),
          agency_id: agency.id,
          description: `Queries action ${serial}`,
          due_on: addCalendarDays(today, (serial % 120) - 60),
          status,
          created_at: new Date(Date.parse('2026-01-05T09:00:00Z') + serial * 1000).toISOString(),
          updated_at: at,
          completed_at:
            status === 'completed' || status === 'assured' ? doneAt.toISOString() : null,
          assured_at: status === 'assured' ? doneAt.toISOString() : null,
        }
      }),
    )
    await db.insertInto('action').values(actions).execute()
  }
  // Business unit in both partnerships, and the lead of one of Southwark's agencies.
  const userId = randomUUID()
  await db
    .insertInto('app_user')
    .values({
      id: userId,
      email: TWO_PARTNERSHIPS,
      display_name: 'Two Partnerships',
      password_hash: null,
      is_active: 1,
      created_at: at,
    })
    .execute()
  const southwarkAgency = (await agenciesOf(h, southwark))[0]!.id
  await db
    .insertInto('membership')
    .values([
      {
        id: randomUUID(),
        user_id: userId,
        partnership_id: wandsworth,
        role: 'business-unit',
        agency_id: null,
        created_at: at,
      },
      {
        id: randomUUID(),
        user_id: userId,
        partnership_id: southwark,
        role: 'business-unit',
        agency_id: null,
        created_at: at,
      },
      {
        id: randomUUID(),
        user_id: userId,
        partnership_id: southwark,
        role: 'agency-lead',
        agency_id: southwarkAgency,
        created_at: at,
      },
    ])
    .execute()
}

async function everyAction(h: Harness): Promise<ActionRow[]> {
  return dbOf(h)
    .selectFrom('action')
    .innerJoin('review', 'review.id', 'action.review_id')
    .innerJoin('agency', 'agency.id', 'action.agency_id')
    .select([
      'action.id',
      'action.review_id',
      'review.title as review_title',
      'review.lead_partnership_id',
      'review.access_restricted',
      'action.agency_id',
      'agency.name as agency_name',
      'agency.partnership_id as agency_partnership_id',
      'action.due_on',
      'action.status',
      'action.created_at',
      'action.completed_at',
      'action.assured_at',
    ])
    .execute()
}

/** The actions the policy opens to this person, one at a time, soonest due first. */
async function openTo(h: Harness, actor: Actor): Promise<ActionRow[]> {
  const lists = await dbOf(h)
    .selectFrom('record_access_entry')
    .select(['record_id', 'user_id'])
    .where('record_type', '=', 'review')
    .execute()
  const open = (await everyAction(h)).filter(
    (action) =>
      actionAccess(actor, {
        agencyId: action.agency_id,
        agencyPartnershipId: action.agency_partnership_id,
        reviewPartnershipId: action.lead_partnership_id,
        reviewAccessRestricted: Number(action.access_restricted) === 1,
        reviewAccessList: lists
          .filter((entry) => entry.record_id === action.review_id)
          .map((entry) => entry.user_id),
      }) === 'open',
  )
  const key = (action: ActionRow) => [action.due_on, action.created_at, action.id]
  return open.sort((a, b) => {
    const [x, y] = [key(a), key(b)]
    for (let index = 0; index < x.length; index += 1) {
      if (x[index]! !== y[index]!) return x[index]! < y[index]! ? -1 : 1
    }
    return 0
  })
}

function matches(action: ActionRow, filters: ActionFilters, today: CalendarDate): boolean {
  if (filters.status !== undefined && action.status !== filters.status) return false
  if (filters.agencyId !== undefined && action.agency_id !== filters.agencyId) return false
  if (filters.reviewId !== undefined && action.review_id !== filters.reviewId) return false
  if (
    filters.partnershipId !== undefined &&
    action.lead_partnership_id !== filters.partnershipId &&
    action.agency_partnership_id !== filters.partnershipId
  ) {
    return false
  }
  if (filters.overdue === true && !(action.due_on < today && OPEN.includes(action.status))) {
    return false
  }
  if (
    filters.dueWithinDays !== undefined &&
    !(
      action.due_on >= today &&
      action.due_on <= addCalendarDays(today, filters.dueWithinDays) &&
      OPEN.includes(action.status)
    )
  ) {
    return false
  }
  return true
}

function tallies(actions: readonly ActionRow[], by: 'agency' | 'review', today: CalendarDate) {
  const rows = new Map<
    string,
    { id: string; name: string; total: number; completed: number; assured: number; overdue: number }
  >()
  for (const action of actions) {
    const id = by === 'agency' ? action.agency_id : action.review_id
    const name = by === 'agency' ? action.agency_name : action.review_title
    const row = rows.get(id) ?? { id, name, total: 0, completed: 0, assured: 0, overdue: 0 }
    row.total += 1
    if (action.status === 'completed') row.completed += 1
    if (action.status === 'assured') row.assured += 1
    if (action.due_on < today && OPEN.includes(action.status)) row.overdue += 1
    rows.set(id, row)
  }
  return [...rows.values()].sort((a, b) =>
    a.name === b.name ? (a.id < b.id ? -1 : 1) : a.name < b.name ? -1 : 1,
  )
}

describeOnEachDatabase(
  'Action plan queries against the policy, one action at a time',
  (harness) => {
    itOnLeg(
      'every list, page, count and filter holds exactly the actions the policy opens to each person',
      async () => {
        const h = harness()
        await plantActions(h)
        const today = h.services.calendar.today()
        const wandsworth = await partnershipId(h, 'wandsworth')
        const southwark = await partnershipId(h, 'southwark')
        const wandsworthAgency = (await agenciesOf(h, wandsworth))[1]!.id
        const southwarkAgency = (await agenciesOf(h, southwark))[0]!.id
        const someReview = (await everyAction(h))[0]!.review_id
        const filterSets: ActionFilters[] = [
          {},
          { overdue: true },
          { dueWithinDays: 30 },
          { status: 'assured' },
          { partnershipId: wandsworth },
          { partnershipId: southwark },
          { partnershipId: southwark, overdue: true },
          { agencyId: wandsworthAgency },
          { agencyId: southwarkAgency, status: 'in-progress' },
          { reviewId: someReview },
        ]
        for (const email of [
          COORDINATOR,
          SOUTHWARK_COORDINATOR,
          AGENCY_LEAD,
          PARTNER,
          ADMINISTRATOR,
          TWO_PARTNERSHIPS,
        ]) {
          const actor = await actorFor(h, email)
          const open = await openTo(h, actor)
          assert.ok(open.length > 0, `${email} sees some actions`)
          for (const filters of filterSets) {
            const expected = open.filter((action) => matches(action, filters, today))
            const all = await h.services.actionPlans.list(actor, filters)
            assert.deepEqual(
              all.actions.map((action) => action.id),
              expected.map((action) => action.id),
              `${email}, ${JSON.stringify(filters)}: every action, in order`,
            )
            assert.equal(all.total, expected.length)
            // Pages: the first, the second, and one past the end still counts.
            for (const page of [1, 2, 99]) {
              const paged = await h.services.actionPlans.list(actor, { ...filters, page })
              assert.deepEqual(
                paged.actions.map((action) => action.id),
                expected.slice((page - 1) * 50, page * 50).map((action) => action.id),
                `${email}, ${JSON.stringify(filters)}, page ${page}`,
              )
              assert.equal(paged.total, expected.length, `${email}: the count on page ${page}`)
            }
          }
        }
      },
    )

    itOnLeg(
      'the dashboard counts by agency, by review and month by month what the policy opens, for each partnership of the person',
      async () => {
        const h = harness()
        const today = h.services.calendar.today()
        const wandsworth = await partnershipId(h, 'wandsworth')
        const southwark = await partnershipId(h, 'southwark')
        const months = Array.from({ length: 12 }, (_, index) => {
          const from = addCalendarMonths(`${today.slice(0, 7)}-01` as CalendarDate, index - 11)
          return { month: from.slice(0, 7), from, until: addCalendarMonths(from, 1) }
        })
        for (const [email, partnership] of [
          [COORDINATOR, wandsworth],
          [SOUTHWARK_COORDINATOR, southwark],
          [TWO_PARTNERSHIPS, wandsworth],
          [TWO_PARTNERSHIPS, southwark],
        ] as const) {
          const actor = await actorFor(h, email)
          const theirs = (await openTo(h, actor)).filter(
            (action) =>
              action.lead_partnership_id === partnership ||
              action.agency_partnership_id === partnership,
          )
          const dashboard = await h.services.actionPlans.dashboard(actor, partnership)
          assert.equal(dashboard.partnership.id, partnership)
          assert.deepEqual(
            dashboard.byAgency,
            tallies(theirs, 'agency', today),
            `${email} by agency`,
          )
          assert.deepEqual(
            dashboard.byReview,
            tallies(theirs, 'review', today),
            `${email} by review`,
          )
          assert.deepEqual(dashboard.totals, {
            total: theirs.length,
            completed: theirs.filter((action) => action.status === 'completed').length,
            assured: theirs.filter((action) => action.status === 'assured').length,
            overdue: theirs.filter(
              (action) => action.due_on < today && OPEN.includes(action.status),
            ).length,
          })
          assert.deepEqual(
            dashboard.trend,
            months.map(({ month, from, until }) => ({
              month,
              completed: theirs.filter(
                (a) => a.completed_at !== null && a.completed_at >= from && a.completed_at < until,
              ).length,
              assured: theirs.filter(
                (a) => a.assured_at !== null && a.assured_at >= from && a.assured_at < until,
              ).length,
              overdue: theirs.filter(
                (a) =>
                  a.due_on < until &&
                  a.created_at < until &&
                  a.status !== 'closed' &&
                  (a.completed_at === null || a.completed_at >= until),
              ).length,
            })),
            `${email} month by month`,
          )
          assert.ok(
            dashboard.totals.total > 0 && dashboard.trend.some((month) => month.overdue > 0),
          )
        }
      },
    )

    itOnLeg(
      'a kept list page and dashboard follow each change at once: a new action, a restriction, an agency’s new name',
      async () => {
        const h = harness()
        const coordinator = await actorFor(h, COORDINATOR)
        const wandsworth = await partnershipId(h, 'wandsworth')
        const before = await h.services.actionPlans.dashboard(coordinator)
        const firstPage = await h.services.actionPlans.list(coordinator, { page: 1 })
        // Asked again with nothing changed: the same view, kept.
        assert.equal(await h.services.actionPlans.dashboard(coordinator), before)
        assert.equal(await h.services.actionPlans.list(coordinator, { page: 1 }), firstPage)

        // A new action, through the service (audited like every change).
        const review = await dbOf(h)
          .selectFrom('review')
          .select('id')
          .where('slug', '=', 'child-a-scr')
          .executeTakeFirstOrThrow()
        const options = await h.services.actionPlans.newActionOptions(coordinator, review.id)
        const source = options.sources[0]!
        const created = await h.services.actionPlans.create(coordinator, review.id, {
          source: `${source.kind}:${source.id}`,
          agencyId: options.agencies[0]!.id,
          description: 'Queries: a new action',
          dueOn: h.services.calendar.today(),
        })
        const afterNew = await h.services.actionPlans.dashboard(coordinator)
        assert.equal(afterNew.totals.total, before.totals.total + 1)
        assert.equal(
          (await h.services.actionPlans.list(coordinator, { page: 1 })).total,
          firstPage.total + 1,
        )
        const dueToday = await h.services.actionPlans.list(coordinator, {
          dueWithinDays: 0,
          page: 1,
        })
        assert.ok(dueToday.actions.some((action) => action.id === created.id))

        // Restricting a review takes its actions off the list of those not on its access list.
        const restricted = (await everyAction(h)).find(
          (action) =>
            action.lead_partnership_id === wandsworth && Number(action.access_restricted) === 0,
        )!
        const partner = await actorFor(h, PARTNER)
        const partnerBefore = await h.services.actionPlans.dashboard(partner)
        const version = await dbOf(h)
          .selectFrom('review')
          .select('version')
          .where('id', '=', restricted.review_id)
          .executeTakeFirstOrThrow()
        await h.services.recordAccess.setRestricted(
          coordinator,
          'review',
          restricted.review_id,
          Number(version.version),
          'yes',
        )
        const partnerAfter = await h.services.actionPlans.dashboard(partner)
        const reviewActions = (await everyAction(h)).filter(
          (action) => action.review_id === restricted.review_id,
        ).length
        assert.equal(partnerAfter.totals.total, partnerBefore.totals.total - reviewActions)
        assert.ok(!partnerAfter.byReview.some((tally) => tally.id === restricted.review_id))

        // An agency's new name is on the kept dashboard at once.
        const own = new Set((await agenciesOf(h, wandsworth)).map((row) => row.id))
        const agency = afterNew.byAgency.find((tally) => own.has(tally.id))!
        const administrator = await actorFor(h, ADMINISTRATOR)
        const entry = await h.services.agencies.find(administrator, agency.id)
        await h.services.agencies.change(administrator, agency.id, entry.version, {
          name: 'Queries renamed agency',
          kind: entry.kind,
        })
        const renamed = await h.services.actionPlans.dashboard(coordinator)
        assert.ok(renamed.byAgency.some((tally) => tally.name === 'Queries renamed agency'))
      },
    )
  },
)
