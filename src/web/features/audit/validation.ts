import type { AuditFilter } from '../../../services/audit-service.js'

/** Reads the filter from the query string; blanks mean "any". */
export function readAuditFilter(query: unknown): { filter: AuditFilter; page: number } {
  const fields = (typeof query === 'object' && query !== null ? query : {}) as Record<
    string,
    unknown
  >
  const text = (name: string): string | undefined => {
    const value = fields[name]
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined
  }
  const user = text('user')
  const record = text('record')
  const action = text('action')
  const from = text('from')
  const to = text('to')
  const pageNumber = Number(text('page') ?? '1')
  return {
    filter: {
      ...(user === undefined ? {} : { userEmail: user }),
      ...(record === undefined ? {} : { recordId: record }),
      ...(action === undefined ? {} : { action }),
      ...(from === undefined ? {} : { from }),
      ...(to === undefined ? {} : { to }),
    },
    page: Number.isInteger(pageNumber) && pageNumber >= 1 && pageNumber <= 100_000 ? pageNumber : 1,
  }
}

/** The filter as a query string, for the CSV link and the page links. */
export function filterQuery(filter: AuditFilter, page?: number): string {
  const params = new URLSearchParams()
  if (filter.userEmail) params.set('user', filter.userEmail)
  if (filter.recordId) params.set('record', filter.recordId)
  if (filter.action) params.set('action', filter.action)
  if (filter.from) params.set('from', filter.from)
  if (filter.to) params.set('to', filter.to)
  if (page !== undefined && page > 1) params.set('page', String(page))
  const text = params.toString()
  return text === '' ? '' : `?${text}`
}
