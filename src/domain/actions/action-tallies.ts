// The partnership dashboard's figures (issue 10), from the database's counts of
// the partnership's actions for each agency and review they link. The database
// does the counting, one pass over the actions (100,000 at national scale,
// bench/action-plans.bench.ts); what comes back is one row per agency and
// review with actions, a few hundred at most, which this folds into the
// dashboard's three views: by agency, by review and month by month. Pure.

/** Actions, and how many are completed (awaiting assurance), assured and overdue. */
export interface ActionCounts {
  readonly total: number
  readonly completed: number
  readonly assured: number
  readonly overdue: number
}

export interface ActionTally extends ActionCounts {
  readonly id: string
  readonly name: string
}

/** One month: completed and assured in it, overdue at its end. */
export interface MonthCounts {
  readonly completed: number
  readonly assured: number
  readonly overdue: number
}

export interface MonthTally extends MonthCounts {
  /** YYYY-MM. */
  readonly month: string
}

/** The counts of the actions of one agency on one review. */
export interface ActionTallyGroup {
  readonly agency: { readonly id: string; readonly name: string }
  readonly review: { readonly id: string; readonly title: string }
  readonly counts: ActionCounts
  /** In the order of the months asked for. */
  readonly months: readonly MonthCounts[]
}

export interface FoldedTallies {
  readonly byAgency: readonly ActionTally[]
  readonly byReview: readonly ActionTally[]
  readonly trend: readonly MonthTally[]
  readonly totals: ActionCounts
}

const NO_ACTIONS: ActionCounts = { total: 0, completed: 0, assured: 0, overdue: 0 }

function plus(a: ActionCounts, b: ActionCounts): ActionCounts {
  return {
    total: a.total + b.total,
    completed: a.completed + b.completed,
    assured: a.assured + b.assured,
    overdue: a.overdue + b.overdue,
  }
}

// By name, then id for two of the same name: the order the database gave
// when it sorted (code points, as SQLite's and the C collation's byte order).
function byNameThenId(a: ActionTally, b: ActionTally): number {
  if (a.name !== b.name) return a.name < b.name ? -1 : 1
  if (a.id !== b.id) return a.id < b.id ? -1 : 1
  return 0
}

function tallyBy(
  groups: readonly ActionTallyGroup[],
  keyOf: (group: ActionTallyGroup) => { id: string; name: string },
): ActionTally[] {
  const tallies = new Map<string, ActionTally>()
  for (const group of groups) {
    const { id, name } = keyOf(group)
    const sofar = tallies.get(id) ?? { id, name, ...NO_ACTIONS }
    tallies.set(id, { id, name, ...plus(sofar, group.counts) })
  }
  return [...tallies.values()].sort(byNameThenId)
}

/**
 * The dashboard from the counts per agency and review: each agency's and each
 * review's totals (sorted by name), the month-by-month trend and the totals.
 * An action counts once in each view, since each belongs to one agency and
 * one review.
 */
export function foldActionTallies(
  groups: readonly ActionTallyGroup[],
  months: readonly string[],
): FoldedTallies {
  const trend = months.map((month, index) => {
    let completed = 0
    let assured = 0
    let overdue = 0
    for (const group of groups) {
      const counts = group.months[index]
      if (counts === undefined) continue
      completed += counts.completed
      assured += counts.assured
      overdue += counts.overdue
    }
    return { month, completed, assured, overdue }
  })
  return {
    byAgency: tallyBy(groups, (group) => group.agency),
    byReview: tallyBy(groups, (group) => ({ id: group.review.id, name: group.review.title })),
    trend,
    totals: groups.reduce((sum, group) => plus(sum, group.counts), NO_ACTIONS),
  }
}
