// The learning library's staff search (issue 11) at /manage/learning: any
// member of staff searches the learning they may see. A GET form: the words
// and filters are in the address, and a bad filter value answers the page
// with what was wrong (400), never an error page.
import type { FastifyInstance } from 'fastify'
import { readStaffSearchRequest, type QueryValues } from '../../../domain/learning/staff-search.js'
import {
  STAFF_SEARCH_PAGE_SIZE,
  type StaffSearchPage,
} from '../../../services/learning/staff-search-service.js'
import type { Services } from '../../../services/index.js'
import { requirePermission } from '../../plugins/authentication.js'
import { LEARNING_LIBRARY_PATH, learningLibraryViewModel } from './view-model.js'

export function learningLibraryRoutes(app: FastifyInstance, services: Services): void {
  const anyStaff = { preHandler: requirePermission('manage:open') }
  const { staffSearch } = services

  app.get(LEARNING_LIBRARY_PATH, anyStaff, async (request, reply) => {
    const { request: search, errors } = readStaffSearchRequest((request.query ?? {}) as QueryValues)
    const [options, years] = await Promise.all([
      staffSearch.options(request.actor),
      staffSearch.years(request.actor),
    ])
    let results: StaffSearchPage | null = null
    if (errors.length === 0) results = await staffSearch.search(request.actor, search)
    return reply
      .status(errors.length > 0 ? 400 : 200)
      .view(
        'learning-library/search.njk',
        learningLibraryViewModel(
          search,
          results,
          errors,
          { ...options, years },
          STAFF_SEARCH_PAGE_SIZE,
        ),
      )
  })
}
