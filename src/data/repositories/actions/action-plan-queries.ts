// The partnership's view of its action plans (issue 10): filtered, paged lists
// and the dashboard's counts, worked out in the database so 100,000 actions
// (bench/action-plans.bench.ts) answer quickly. Who sees what is the action
// policy's rule (actionListScope in src/domain/access/policy.ts), written here
// as SQL so counts and pages agree with what a person may open.
import { sql, type RawBuilder, type SqlBool } from 'kysely'
import type { ActionTallyGroup } from '../../../domain/actions/action-tallies.js'
import type { Db } from '../../db.js'
import { actionQuery, actionRecordOf, type ActionRecord } from './action-repository.js'

/** Statuses still the agency's to do: the ones that can be overdue or due soon. */
const OPEN_STATUSES = ['not-started', 'in-progress', 'sent-back'] as const

export interface ActionVisibility {
  readonly userId: string
  readonly ownAgencyIds: readonly string[]
  readonly staffPartnershipIds: readonly string[]
}

function inList(column: string, values: readonly string[]): RawBuilder<SqlBool> {
  if (values.length === 0) return sql<SqlBool>`1 = 0`
  return sql<SqlBool>`${sql.ref(column)} in (${sql.join(values.map((value) => sql`${value}`))})`
}

/** The review (by alias) is open to this person: not restricted, or they are on its access list. */
function openTo(review: string, userId: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`(${sql.ref(`${review}.access_restricted`)} = 0 or exists (select 1 from record_access_entry where record_access_entry.record_type = 'review' and record_access_entry.record_id = ${sql.ref(`${review}.id`)} and record_access_entry.user_id = ${userId}))`
}

export interface ActionSearch {
  readonly statuses?: readonly string[]
  readonly agencyId?: string
  readonly reviewId?: string
  /** Actions of reviews led by, or agencies of, this partnership. */
  readonly partnershipId?: string
  /** Overdue: due before this day and still the agency's to do. */
  readonly overdueBefore?: string
  /** Due between these days (inclusive) and still the agency's to do. */
  readonly dueBetween?: readonly [string, string]
}

/** The search's conditions on the columns of `action` (the partnership is the union's, below). */
function actionCondition(search: ActionSearch): RawBuilder<SqlBool> {
  const parts: RawBuilder<SqlBool>[] = []
  if (search.statuses !== undefined) parts.push(inList('action.status', search.statuses))
  if (search.agencyId !== undefined) parts.push(sql<SqlBool>`action.agency_id = ${search.agencyId}`)
  if (search.reviewId !== undefined) parts.push(sql<SqlBool>`action.review_id = ${search.reviewId}`)
  if (search.overdueBefore !== undefined) {
    parts.push(sql<SqlBool>`action.due_on < ${search.overdueBefore}`)
    parts.push(inList('action.status', OPEN_STATUSES))
  }
  if (search.dueBetween !== undefined) {
    parts.push(
      sql<SqlBool>`action.due_on >= ${search.dueBetween[0]} and action.due_on <= ${search.dueBetween[1]}`,
    )
    parts.push(inList('action.status', OPEN_STATUSES))
  }
  if (parts.length === 0) return sql<SqlBool>`1 = 1`
  return sql<SqlBool>`${sql.join(parts, sql` and `)}`
}

/**
 * The actions this person may see (as actionAccess's 'open' decides one at a
 * time) that match the search, as the columns `selected` names from `action`,
 * `visible_review` and `visible_agency`. The rule is
 * "an action of their own agency, or of a review their partnership leads or of
 * its agencies, the review open to them"; as one WHERE with an OR across the
 * joined review and agency, neither SQLite nor PostgreSQL could start from an
 * index, and both read all 100,000 actions for a partnership's 700. So it is a
 * UNION ALL of three disjoint parts, each starting from a few rows and an
 * index on action:
 *
 * 1. the reviews their partnerships lead (review.lead_partnership_id), then
 *    those reviews' actions (action.review_id);
 * 2. their partnerships' agencies (agency.partnership_id), then those agencies'
 *    actions (action.agency_id) on reviews led elsewhere;
 * 3. their own agency's actions (action.agency_id) that 1 and 2 do not hold.
 *
 * Disjoint by construction, so no row comes twice and no sort is needed to
 * remove duplicates. `cross join` puts the review or agency first on SQLite,
 * which without statistics would otherwise start an overdue list from every
 * partnership's overdue actions (action_status_due_index); PostgreSQL orders
 * the joins by cost as it would an inner join.
 *
 * A partnership filter (actions of reviews it leads or of its agencies) is an
 * OR too, which PostgreSQL misjudges. For one of their own partnerships it
 * narrows parts 1 and 2 to that partnership, which is exactly the filter there;
 * for another, part 1 keeps that partnership's agencies and part 2 the reviews
 * it leads (the other halves are impossible). Part 3, reached by its agency,
 * takes the OR as a plain filter.
 */
function visibleActions(
  visibility: ActionVisibility,
  search: ActionSearch,
  selected: RawBuilder<unknown>,
): RawBuilder<unknown> {
  const matching = actionCondition(search)
  const { userId, ownAgencyIds, staffPartnershipIds } = visibility
  const filter = search.partnershipId
  const ours = filter !== undefined && staffPartnershipIds.includes(filter)
  const leading = ours ? [filter] : staffPartnershipIds
  const always = sql<SqlBool>`1 = 1`
  const parts: RawBuilder<unknown>[] = []
  if (staffPartnershipIds.length > 0) {
    const ofTheirAgencies =
      filter === undefined || ours
        ? always
        : sql<SqlBool>`visible_agency.partnership_id = ${filter}`
    const ledByThem =
      filter === undefined || ours
        ? always
        : sql<SqlBool>`visible_review.lead_partnership_id = ${filter}`
    parts.push(
      sql`select ${selected} from review as visible_review
        cross join action
        inner join agency as visible_agency on visible_agency.id = action.agency_id
        where action.review_id = visible_review.id
        and ${inList('visible_review.lead_partnership_id', leading)}
        and ${openTo('visible_review', userId)} and ${ofTheirAgencies} and ${matching}`,
      sql`select ${selected} from agency as visible_agency
        cross join action
        inner join review as visible_review on visible_review.id = action.review_id
        where action.agency_id = visible_agency.id
        and ${inList('visible_agency.partnership_id', leading)}
        and not ${inList('visible_review.lead_partnership_id', leading)}
        and ${openTo('visible_review', userId)} and ${ledByThem} and ${matching}`,
    )
  }
  if (ownAgencyIds.length > 0) {
    const heldAbove =
      staffPartnershipIds.length === 0
        ? sql<SqlBool>`1 = 0`
        : sql<SqlBool>`(${inList('visible_review.lead_partnership_id', staffPartnershipIds)} or ${inList('visible_agency.partnership_id', staffPartnershipIds)}) and ${openTo('visible_review', userId)}`
    const inFilter =
      filter === undefined
        ? always
        : sql<SqlBool>`(visible_review.lead_partnership_id = ${filter} or visible_agency.partnership_id = ${filter})`
    parts.push(
      sql`select ${selected} from action
        inner join agency as visible_agency on visible_agency.id = action.agency_id
        inner join review as visible_review on visible_review.id = action.review_id
        where ${inList('action.agency_id', ownAgencyIds)} and not (${heldAbove})
        and ${inFilter} and ${matching}`,
    )
  }
  if (parts.length === 0) return sql`select ${selected} from action where 1 = 0`
  return sql.join(parts, sql` union all `)
}

interface PageRow {
  id: string
  due_on: string
  created_at: string
  total: number | string
}

/** One page of the actions this person may see that match, soonest due first, and how many match. */
export async function searchActions(
  db: Db,
  visibility: ActionVisibility,
  search: ActionSearch,
  page: { limit: number; offset: number } | null,
): Promise<{ records: ActionRecord[]; total: number }> {
  const visible = visibleActions(
    visibility,
    search,
    sql`action.id, action.due_on, action.created_at`,
  )
  // The page is chosen and counted on the three columns the order needs (the
  // count over the whole match, before the limit); only its rows are then
  // joined to what a row of the list shows.
  const limit = page === null ? sql`` : sql`limit ${page.limit} offset ${page.offset}`
  const chosen = sql<PageRow>`(select visible.id, visible.due_on, visible.created_at,
    count(*) over () as total from (${visible}) as visible
    order by visible.due_on, visible.created_at, visible.id ${limit})`
  const rows = await actionQuery(db)
    .innerJoin(chosen.as('page'), (join) => join.onRef('page.id', '=', 'action.id'))
    .select('page.total')
    .orderBy('page.due_on')
    .orderBy('page.created_at')
    .orderBy('page.id')
    .execute()
  if (rows.length > 0 || page === null || page.offset === 0) {
    return { records: rows.map(actionRecordOf), total: Number(rows[0]?.total ?? 0) }
  }
  // A page past the end: nothing to show, but the list still says how many match.
  const count = await sql<{
    n: number | string
  }>`select count(*) as n from (${visible}) as visible`.execute(db)
  return { records: [], total: Number(count.rows[0]?.n ?? 0) }
}

export interface MonthBounds {
  /** YYYY-MM. */
  readonly month: string
  /** First day of the month, YYYY-MM-DD. */
  readonly from: string
  /** First day of the next month, YYYY-MM-DD. */
  readonly until: string
}

type Count = number | string | null

interface TallyGroupRow {
  agency_id: string
  agency_name: string
  review_id: string
  review_title: string
  total: Count
  completed: Count
  assured: Count
  overdue: Count
  [month: `${'c' | 'a' | 'o'}${number}`]: Count
}

/**
 * The counts the partnership dashboard shows, for each agency and review of
 * one partnership's actions this person may see, in one pass over them: how
 * many, completed, assured and overdue today; and for each month, those last
 * reported completed in it, last assured in it, and overdue at its end (due
 * before the next month began, created by then, not completed by then, not
 * closed). foldActionTallies turns the rows into the dashboard.
 */
export async function tallyActionGroups(
  db: Db,
  visibility: ActionVisibility,
  partnershipId: string,
  today: string,
  months: readonly MonthBounds[],
): Promise<ActionTallyGroup[]> {
  const visible = visibleActions(
    visibility,
    { partnershipId },
    sql`action.agency_id, visible_agency.name as agency_name, action.review_id,
      visible_review.title as review_title, action.status, action.due_on, action.created_at,
      action.completed_at, action.assured_at`,
  )
  const monthColumns = months.flatMap((month, index) => [
    sql`sum(case when visible.completed_at >= ${month.from} and visible.completed_at < ${month.until} then 1 else 0 end) as ${sql.ref(`c${index}`)}`,
    sql`sum(case when visible.assured_at >= ${month.from} and visible.assured_at < ${month.until} then 1 else 0 end) as ${sql.ref(`a${index}`)}`,
    sql`sum(case when visible.due_on < ${month.until} and visible.created_at < ${month.until} and visible.status <> 'closed' and (visible.completed_at is null or visible.completed_at >= ${month.until}) then 1 else 0 end) as ${sql.ref(`o${index}`)}`,
  ])
  const result = await sql<TallyGroupRow>`select visible.agency_id, visible.agency_name,
      visible.review_id, visible.review_title, count(*) as total,
      sum(case when visible.status = 'completed' then 1 else 0 end) as completed,
      sum(case when visible.status = 'assured' then 1 else 0 end) as assured,
      sum(case when visible.due_on < ${today} and ${inList('visible.status', OPEN_STATUSES)} then 1 else 0 end) as overdue
      ${monthColumns.length === 0 ? sql`` : sql`, ${sql.join(monthColumns)}`}
    from (${visible}) as visible
    group by visible.agency_id, visible.agency_name, visible.review_id, visible.review_title`.execute(
    db,
  )
  return result.rows.map((row) => ({
    agency: { id: row.agency_id, name: row.agency_name },
    review: { id: row.review_id, title: row.review_title },
    counts: {
      total: Number(row.total ?? 0),
      completed: Number(row.completed ?? 0),
      assured: Number(row.assured ?? 0),
      overdue: Number(row.overdue ?? 0),
    },
    months: months.map((_, index) => ({
      completed: Number(row[`c${index}`] ?? 0),
      assured: Number(row[`a${index}`] ?? 0),
      overdue: Number(row[`o${index}`] ?? 0),
    })),
  }))
}
