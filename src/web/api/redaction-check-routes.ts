// POST /api/v1/redaction-checks (issue 9, S17): a business unit coordinator's
// system checks a document that is not stored for details it sends. Multipart:
// `file` (PDF or .docx) and `terms` (a JSON array of {kind, value}). Neither
// is kept; the audit trail records only that a check ran.
import type { FastifyInstance } from 'fastify'
import type { FieldError } from '../../domain/errors.js'
import { MAX_REPORT_BYTES } from '../../domain/publishing/report-versions.js'
import { readTermsJson } from '../../domain/redaction/terms.js'
import type { Services } from '../../services/index.js'
import { readUploadForm } from '../uploads.js'

export function redactionCheckApiRoutes(app: FastifyInstance, services: Services): void {
  app.post(
    '/redaction-checks',
    {
      config: {
        multipartApi: true,
        multipartOptions: { limits: { fileSize: MAX_REPORT_BYTES } },
      },
    },
    async (request) => {
      const { body, file } = await readUploadForm(request)
      const termErrors: FieldError[] = []
      const terms = readTermsJson(body.terms, termErrors)
      const result = await services.redactionChecks.check(
        request.actor,
        {
          file: file && {
            fileName: file.fileName,
            bytes: file.bytes,
            declaredMediaType: file.mediaType,
          },
          terms,
          termErrors,
        },
        'api',
      )
      return {
        clear: result.clear,
        hits: result.hits.map((hit) => ({
          kind: hit.kind,
          term: hit.term,
          location: hit.location,
          page: hit.page,
          excerpt: hit.excerpt,
        })),
      }
    },
  )
}
