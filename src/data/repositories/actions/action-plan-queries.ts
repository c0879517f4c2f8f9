// The partnership's view of its action plans (issue 10): filtered, paged lists
// and the dashboard's counts, worked out in the database so 100,000 actions
// (bench/action-plans.bench.ts) answer quickly. Who sees what is the action
// policy's rule (actionListScope in src/domain/access/policy.ts), written here
// as one SQL condition so counts and pages agree with what a person may open.
import { sql, type RawBuilder, type SqlBool } from 'kysely'
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

/** Actions of reviews led by these partnerships: through review's and action's indexes. */
function ofReviewsLedBy(partnershipIds: readonly string[]): RawBuilder<SqlBool> {
  if (partnershipIds.length === 0) return sql<SqlBool>`1 = 0`
  return sql<SqlBool>`action.review_id in (select lead_review.id from review as lead_review where ${inList('lead_review.lead_partnership_id', partnershipIds)})`
}

/** Actions of these partnerships' agencies. */
function ofAgenciesOf(partnershipIds: readonly string[]): RawBuilder<SqlBool> {
  if (partnershipIds.length === 0) return sql<SqlBool>`1 = 0`
  return sql<SqlBool>`action.agency_id in (select own_agency.id from agency as own_agency where ${inList('own_agency.partnership_id', partnershipIds)})`
}

/**
 * The rows this person may see, as actionAccess's 'open' decides one at a time.
 * Written as an OR of terms that each start from an index on action (agency_id,
 * review_id), so both databases read only the partnership's actions, never all
 * 100,000 (SQLite's OR-by-union, PostgreSQL's bitmap OR).
 */
export function visibleTo(visibility: ActionVisibility): RawBuilder<SqlBool> {
  const onList = sql<SqlBool>`(review.access_restricted = 0 or exists (select 1 from record_access_entry where record_access_entry.record_type = 'review' and record_access_entry.record_id = review.id and record_access_entry.user_id = ${visibility.userId}))`
  return sql<SqlBool>`(${inList('action.agency_id', visibility.ownAgencyIds)} or (${ofReviewsLedBy(visibility.staffPartnershipIds)} and ${onList}) or (${ofAgenciesOf(visibility.staffPartnershipIds)} and ${onList}))`
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

function searchCondition(search: ActionSearch): RawBuilder<SqlBool> {
  const parts: RawBuilder<SqlBool>[] = []
  if (search.statuses !== undefined) parts.push(inList('action.status', search.statuses))
  if (search.agencyId !== undefined) parts.push(sql<SqlBool>`action.agency_id = ${search.agencyId}`)
  if (search.reviewId !== undefined) parts.push(sql<SqlBool>`action.review_id = ${search.reviewId}`)
  if (search.partnershipId !== undefined) {
    parts.push(
      sql<SqlBool>`(${ofReviewsLedBy([search.partnershipId])} or ${ofAgenciesOf([search.partnershipId])})`,
    )
  }
  if (search.overdueBefore !== undefined) {
    // "|| ''" keeps the planner on the partnership's own actions (the visibility
    // terms) instead of every partnership's overdue ones by the status index.
    parts.push(sql<SqlBool>`(action.due_on || '') < ${search.overdueBefore}`)
    parts.push(
      sql<SqlBool>`(action.status || '') in (${sql.join(OPEN_STATUSES.map((status) => sql`${status}`))})`,
    )
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

/** One page of the actions this person may see that match, soonest due first, and how many match. */
export async function searchActions(
  db: Db,
  visibility: ActionVisibility,
  search: ActionSearch,
  page: { limit: number; offset: number } | null,
): Promise<{ records: ActionRecord[]; total: number }> {
  const where = sql<SqlBool>`${visibleTo(visibility)} and ${searchCondition(search)}`
  let query = actionQuery(db)
    .where(where)
    .orderBy('action.due_on')
    .orderBy('action.created_at')
    .orderBy('action.id')
  if (page !== null) query = query.limit(page.limit).offset(page.offset)
  const rows = await query.execute()
  const count = await db
    .selectFrom('action')
    .innerJoin('review', 'review.id', 'action.review_id')
    .innerJoin('agency', 'agency.id', 'action.agency_id')
    .select((eb) => eb.fn.countAll().as('n'))
    .where(where)
    .executeTakeFirstOrThrow()
  return { records: rows.map(actionRecordOf), total: Number(count.n) }
}

export interface ActionTally {
  readonly id: string
  readonly name: string
  readonly total: number
  readonly completed: number
  readonly assured: number
  readonly overdue: number
}

function tallyColumns(today: string) {
  return sql<string>`count(*) as total,
    sum(case when action.status = 'completed' then 1 else 0 end) as completed,
    sum(case when action.status = 'assured' then 1 else 0 end) as assured,
    sum(case when action.due_on < ${today} and ${inList('action.status', OPEN_STATUSES)} then 1 else 0 end) as overdue`
}

interface TallyRow {
  id: string
  name: string
  total: number | string
  completed: number | string | null
  assured: number | string | null
  overdue: number | string | null
}

const tallyOf = (row: TallyRow): ActionTally => ({
  id: row.id,
  name: row.name,
  total: Number(row.total),
  completed: Number(row.completed ?? 0),
  assured: Number(row.assured ?? 0),
  overdue: Number(row.overdue ?? 0),
})

/** Counts by agency and by review of one partnership's actions this person may see. */
export async function tallyActions(
  db: Db,
  visibility: ActionVisibility,
  partnershipId: string,
  today: string,
): Promise<{ byAgency: ActionTally[]; byReview: ActionTally[] }> {
  const where = sql<SqlBool>`${visibleTo(visibility)} and ${searchCondition({ partnershipId })}`
  const byAgency =
    await sql<TallyRow>`select agency.id as id, agency.name as name, ${tallyColumns(today)}
    from action inner join review on review.id = action.review_id
    inner join agency on agency.id = action.agency_id
    where ${where} group by agency.id, agency.name order by agency.name, agency.id`.execute(db)
  const byReview =
    await sql<TallyRow>`select review.id as id, review.title as name, ${tallyColumns(today)}
    from action inner join review on review.id = action.review_id
    inner join agency on agency.id = action.agency_id
    where ${where} group by review.id, review.title order by review.title, review.id`.execute(db)
  return { byAgency: byAgency.rows.map(tallyOf), byReview: byReview.rows.map(tallyOf) }
}

export interface MonthBounds {
  /** YYYY-MM. */
  readonly month: string
  /** First day of the month, YYYY-MM-DD. */
  readonly from: string
  /** First day of the next month, YYYY-MM-DD. */
  readonly until: string
}

export interface MonthTally {
  readonly month: string
  readonly completed: number
  readonly assured: number
  readonly overdue: number
}

/**
 * For each month: actions last reported completed in it, last assured in it,
 * and overdue at its end (due before the next month began, created by then,
 * not completed by then, not closed). One pass over the partnership's actions.
 */
export async function monthlyTrend(
  db: Db,
  visibility: ActionVisibility,
  partnershipId: string,
  months: readonly MonthBounds[],
): Promise<MonthTally[]> {
  if (months.length === 0) return []
  const where = sql<SqlBool>`${visibleTo(visibility)} and ${searchCondition({ partnershipId })}`
  const columns = months.flatMap((month, index) => [
    sql`sum(case when action.completed_at >= ${month.from} and action.completed_at < ${month.until} then 1 else 0 end) as ${sql.ref(`c${index}`)}`,
    sql`sum(case when action.assured_at >= ${month.from} and action.assured_at < ${month.until} then 1 else 0 end) as ${sql.ref(`a${index}`)}`,
    sql`sum(case when action.due_on < ${month.until} and action.created_at < ${month.until} and action.status <> 'closed' and (action.completed_at is null or action.completed_at >= ${month.until}) then 1 else 0 end) as ${sql.ref(`o${index}`)}`,
  ])
  const result = await sql<Record<string, number | string | null>>`select ${sql.join(columns)}
    from action inner join review on review.id = action.review_id
    inner join agency on agency.id = action.agency_id where ${where}`.execute(db)
  const row = result.rows[0] ?? {}
  return months.map((month, index) => ({
    month: month.month,
    completed: Number(row[`c${index}`] ?? 0),
    assured: Number(row[`a${index}`] ?? 0),
    overdue: Number(row[`o${index}`] ?? 0),
  }))
}
