// Views worked out from the data and kept between requests while nothing has
// changed, as the statutory clocks dashboard keeps its own (see
// statutory-clocks-service.ts for the reasoning). Every change to the data
// writes an audit event in the change's own transaction, so the sequence of
// the audit trail's newest event moves with every committed change, on SQLite
// and on a PostgreSQL shared by several servers alike. A view is kept under
// that sequence, read before the data, and under whatever else it was worked
// out from (today, the person's memberships, the filters): so it is never
// older than the key it is kept under, and a change made through any server
// is seen by the next request to every server.
import type { Db } from '../data/db.js'
import { readAuditHeadSequence } from '../data/repositories/audit-repository.js'

export class KeptViews<T> {
  /** By key, least recently worked out or used first (a Map keeps insertion order). */
  private readonly views = new Map<string, { readonly basis: string; readonly view: T }>()

  /** @param size how many views at most; the one unused longest goes first. */
  constructor(private readonly size: number) {}

  /**
   * The view kept under `key` if it was worked out from the same data and the
   * same `basis`; otherwise works it out (and keeps it). `basis` must hold
   * everything besides the data the view depends on, in a form JSON can write.
   * The view is shared between requests: callers must not change it.
   */
  async get(db: Db, key: string, basis: unknown, workOut: () => Promise<T>): Promise<T> {
    const current = JSON.stringify([await readAuditHeadSequence(db), basis])
    const kept = this.views.get(key)
    if (kept?.basis === current) {
      this.views.delete(key)
      this.views.set(key, kept)
      return kept.view
    }
    const view = await workOut()
    this.views.delete(key)
    if (this.views.size >= this.size) {
      const [oldest] = this.views.keys()
      if (oldest !== undefined) this.views.delete(oldest)
    }
    this.views.set(key, { basis: current, view })
    return view
  }
}
