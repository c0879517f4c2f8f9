// The integrated chronology: the merged timeline (filtered by agency with a
// plain GET form, so it works without JavaScript), one entry at a time, and
// CSV uploaded as a file or pasted into a text area (see docs/chronology-csv.md):
// both go through the same parser, all rows or none.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { ValidationError, type FieldError } from '../../../domain/errors.js'
import { readChronologyCsvFile } from '../../../domain/reviews/chronology-csv-file.js'
import {
  CHRONOLOGY_CSV_COLUMNS,
  CHRONOLOGY_CSV_LIMITS,
} from '../../../domain/reviews/chronology-csv.js'
import type { Services } from '../../../services/index.js'
import type { ReviewView } from '../../../services/review-service.js'
import { requirePermission } from '../../plugins/authentication.js'
import { readUploadForm } from '../../uploads.js'
import { CHRONOLOGY_ENTRY_FIELDS } from '../../../services/edit-conflicts.js'
import { saveOrConflict } from '../../edit-conflict.js'
import { setFlash } from '../../flash.js'
import { formatDate } from '../../plugins/views.js'
import { dateField, dateParts, echo, formBody, list, pageErrors, text } from './form-fields.js'
import {
  childIdsOf,
  requireVersion,
  reviewIdOf,
  reviewUrl,
  submit,
  worked,
} from './page-helpers.js'

/**
 * The pasted CSV may be 1 MB; URL-encoded by the browser it can grow to about
 * three times that, so this one route accepts more than the site's form limit.
 * The domain still refuses anything over 1 MB once decoded.
 */
const IMPORT_BODY_LIMIT = 4 * 1024 * 1024

const MAX_FILTER_AGENCIES = 50

export function chronologyRoutes(app: FastifyInstance, services: Services): void {
  const readReviews = { preHandler: requirePermission('reviews:read-internal') }
  const editReviews = { preHandler: requirePermission('reviews:edit') }

  app.get('/manage/reviews/:id/chronology', readReviews, async (request, reply) => {
    const id = reviewIdOf(request)
    const wanted = list(
      typeof request.query === 'object' && request.query !== null
        ? (request.query as Record<string, unknown>)
        : {},
      'agency',
    )
      .filter((agency) => agency.length <= 200)
      .slice(0, MAX_FILTER_AGENCIES)
    const view = await services.reviews.chronology(request.actor, id, { agencies: wanted })
    return reply.view('reviews/chronology.njk', {
      pageTitle: `Chronology: ${view.review.title}`,
      review: { id: view.review.id, title: view.review.title },
      canWork: view.canWork,
      total: view.total,
      filtered: view.selectedAgencies.length > 0,
      agencyItems: view.agencies.map((agency) => ({
        value: agency,
        text: agency,
        checked: view.selectedAgencies.includes(agency),
      })),
      entries: view.entries.map((entry) => ({
        id: entry.id,
        occurredOn: entry.occurredOn,
        occurredAt: entry.occurredAt,
        agency: entry.agency,
        event: entry.event,
        source: entry.source,
        enteredBy:
          entry.enteredBy === 'csv' && entry.sourceLine !== null
            ? `CSV import, line ${entry.sourceLine}`
            : 'Form',
      })),
    })
  })

  const entryPage = async (
    request: FastifyRequest,
    review: ReviewView,
    form: Record<string, string>,
    errors: readonly FieldError[],
    editing: { entryId: string } | null = null,
  ) => {
    // The agency is chosen from the partnership's list (issue 8).
    const agencies = await services.reviews.chronologyAgencyNames(
      request.actor,
      review.id,
      editing?.entryId,
    )
    const chosen = form.agency ?? ''
    return {
      template: 'reviews/chronology-entry.njk',
      model: {
        pageTitle: editing ? 'Change a chronology entry' : 'Add a chronology entry',
        formAction: editing ? reviewUrl(review.id, `/chronology/${editing.entryId}`) : null,
        review: { id: review.id, title: review.title },
        form,
        agencyItems: [
          { value: '', text: 'Choose an agency', selected: chosen === '' },
          ...agencies.map((name) => ({
            value: name,
            text: name,
            selected: name.toLowerCase() === chosen.trim().toLowerCase(),
          })),
        ],
        ...pageErrors(errors, ['occurredOn']),
      },
    }
  }

  app.get('/manage/reviews/:id/chronology/new', editReviews, async (request, reply) => {
    const { template, model } = await entryPage(request, await worked(services, request), {}, [])
    return reply.view(template, model)
  })

  app.post('/manage/reviews/:id/chronology/new', editReviews, async (request, reply) => {
    const id = reviewIdOf(request)
    const body = formBody(request.body)
    return submit(
      reply,
      () =>
        services.reviews.addChronologyEntry(request.actor, id, {
          agency: text(body, 'agency'),
          occurredOn: dateField(body, 'occurredOn'),
          time: text(body, 'time'),
          event: text(body, 'event'),
          source: text(body, 'source'),
        }),
      () => {
        setFlash(request, 'Chronology entry added')
        return reviewUrl(id, '/chronology')
      },
      async (errors) =>
        entryPage(request, await services.reviews.get(request.actor, id), echo(body), errors),
    )
  })

  const importPage = (
    review: ReviewView,
    form: Record<string, string>,
    errors: readonly FieldError[],
  ) => ({
    template: 'reviews/chronology-import.njk',
    model: {
      pageTitle: 'Import a chronology from CSV',
      review: { id: review.id, title: review.title },
      columns: CHRONOLOGY_CSV_COLUMNS,
      maxRows: CHRONOLOGY_CSV_LIMITS.maxRows,
      form,
      // Rows with problems; a file that is not CSV at all is the file field's error.
      problems: errors
        .filter((error) => error.field === 'csv' || error.field === 'csvFile')
        .map((error) => error.message),
      ...pageErrors(errors),
      // A file's bad rows link to the file input, as pasted rows link to the text area.
      errorSummary: errors.map((error) => ({
        text: error.message,
        href: `#${error.field === 'csvFile' ? 'file' : error.field}`,
      })),
    },
  })

  app.get('/manage/reviews/:id/chronology/import', editReviews, async (request, reply) => {
    const { template, model } = importPage(await worked(services, request), {}, [])
    return reply.view(template, model)
  })

  app.post(
    '/manage/reviews/:id/chronology/import',
    { ...editReviews, bodyLimit: IMPORT_BODY_LIMIT },
    async (request, reply) => {
      const id = reviewIdOf(request)
      // The upload form is multipart; the paste form is url-encoded.
      const uploading = request.isMultipart()
      const { body, file } = await readUploadForm(request)
      const importCsv = async () => {
        if (!uploading) {
          return services.reviews.importChronologyCsv(request.actor, id, text(body, 'csv') ?? '')
        }
        if (file === null) {
          throw new ValidationError([{ field: 'file', message: 'Select a CSV file' }])
        }
        const csv = readChronologyCsvFile(file.bytes, file.fileName)
        if (!csv.ok) throw new ValidationError([csv.error])
        try {
          return await services.reviews.importChronologyCsv(request.actor, id, csv.text)
        } catch (error) {
          // The file's bad rows: listed as for pasted CSV, linked to the file input.
          if (!(error instanceof ValidationError)) throw error
          throw new ValidationError(
            error.errors.map((problem) =>
              problem.field === 'csv' ? { field: 'csvFile', message: problem.message } : problem,
            ),
          )
        }
      }
      const imported = ({ imported, duplicates }: { imported: number; duplicates: number }) => {
        const entries = `${imported} ${imported === 1 ? 'entry' : 'entries'} imported`
        const skipped =
          duplicates === 0
            ? ''
            : `, ${duplicates} ${duplicates === 1 ? 'duplicate' : 'duplicates'} skipped`
        setFlash(request, entries + skipped)
        return reviewUrl(id, '/chronology')
      }
      return submit(reply, importCsv, imported, async (errors) =>
        importPage(
          await services.reviews.get(request.actor, id),
          uploading ? {} : echo(body),
          errors,
        ),
      )
    },
  )

  // ── Corrections (issue 8): change an entry, or take it off as entered in error ──

  app.get('/manage/reviews/:id/chronology/:childId', editReviews, async (request, reply) => {
    const { id, childId } = childIdsOf(request)
    await worked(services, request)
    const { review, entry } = await services.reviews.chronologyEntry(request.actor, id, childId)
    const { template, model } = await entryPage(
      request,
      review,
      {
        agency: entry.agency,
        ...dateParts('occurredOn', entry.occurredOn),
        time: entry.occurredAt ?? '',
        event: entry.event,
        source: entry.source ?? '',
        version: String(entry.version),
      },
      [],
      { entryId: childId },
    )
    return reply.view(template, model)
  })

  app.post('/manage/reviews/:id/chronology/:childId', editReviews, async (request, reply) => {
    const { id, childId } = childIdsOf(request)
    const body = formBody(request.body)
    return submit(
      reply,
      () =>
        saveOrConflict(
          body,
          { fields: CHRONOLOGY_ENTRY_FIELDS, reloadHref: reviewUrl(id, `/chronology/${childId}`) },
          () =>
            services.reviews.editChronologyEntry(request.actor, id, childId, requireVersion(body), {
              agency: text(body, 'agency'),
              occurredOn: dateField(body, 'occurredOn'),
              time: text(body, 'time'),
              event: text(body, 'event'),
              source: text(body, 'source'),
            }),
        ),
      () => {
        setFlash(request, 'Chronology entry changed')
        return reviewUrl(id, '/chronology')
      },
      async (errors) =>
        entryPage(request, await services.reviews.get(request.actor, id), echo(body), errors, {
          entryId: childId,
        }),
    )
  })

  const enteredInErrorPage = async (
    request: FastifyRequest,
    form: Record<string, string>,
    errors: readonly FieldError[],
  ) => {
    const { id, childId } = childIdsOf(request)
    await worked(services, request)
    const { review, entry } = await services.reviews.chronologyEntry(request.actor, id, childId)
    return {
      template: 'reviews/entered-in-error.njk',
      model: {
        pageTitle: 'Mark a chronology entry as entered in error',
        review: { id: review.id, title: review.title },
        recordText: `${entry.agency}, ${formatDate(entry.occurredOn)}: ${entry.event}`,
        backHref: reviewUrl(id, '/chronology'),
        formAction: reviewUrl(id, `/chronology/${childId}/entered-in-error`),
        form: { version: String(entry.version), ...form },
        ...pageErrors(errors),
      },
    }
  }

  app.get(
    '/manage/reviews/:id/chronology/:childId/entered-in-error',
    editReviews,
    async (request, reply) => {
      const { template, model } = await enteredInErrorPage(request, {}, [])
      return reply.view(template, model)
    },
  )

  app.post(
    '/manage/reviews/:id/chronology/:childId/entered-in-error',
    editReviews,
    async (request, reply) => {
      const { id, childId } = childIdsOf(request)
      const body = formBody(request.body)
      return submit(
        reply,
        () =>
          saveOrConflict(
            body,
            {
              fields: CHRONOLOGY_ENTRY_FIELDS,
              reloadHref: reviewUrl(id, `/chronology/${childId}/entered-in-error`),
            },
            () =>
              services.reviews.markChronologyEntryEnteredInError(
                request.actor,
                id,
                childId,
                requireVersion(body),
                text(body, 'reason'),
              ),
          ),
        () => {
          setFlash(request, 'Chronology entry marked as entered in error')
          return reviewUrl(id, '/chronology')
        },
        (errors) => enteredInErrorPage(request, echo(body), errors),
      )
    },
  )
}
