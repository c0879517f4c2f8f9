// Withdrawing an uploaded document (issue 8): a document uploaded by mistake is
// marked "entered in error" with a reason, never deleted (the documents service
// audits it). Today documents are uploaded as agencies' information for a
// rapid review, so that is where the withdrawal is offered.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { NotFoundError, ValidationError, type FieldError } from '../../../domain/errors.js'
import { WITHDRAWAL_REASON_MAX_LENGTH } from '../../../services/document-service.js'
import type { Services } from '../../../services/index.js'
import { setFlash } from '../../flash.js'
import { formBody, pageErrors, requireVersion, text } from '../../form-fields.js'
import { requirePermission } from '../../plugins/authentication.js'

const params = z.object({ id: z.uuid(), requestId: z.uuid(), documentId: z.uuid() })

export function documentRoutes(app: FastifyInstance, services: Services): void {
  const managers = { preHandler: requirePermission('incidents:manage') }
  const path = '/manage/rapid-reviews/:id/agency-requests/:requestId/documents/:documentId/withdraw'

  /** The document, only as one of this agency request's documents that the person may withdraw. */
  const documentOf = async (request: FastifyRequest) => {
    const parsed = params.safeParse(request.params)
    if (!parsed.success) throw new NotFoundError('Not a document address')
    const { id, requestId, documentId } = parsed.data
    const review = await services.rapidReviews.get(request.actor, id)
    const agencyRequest = review.agencyRequests.find((candidate) => candidate.id === requestId)
    if (!agencyRequest?.documents.some((document) => document.id === documentId)) {
      throw new NotFoundError('No such document')
    }
    const document = await services.documents.forWithdrawal(
      request.actor,
      documentId,
      'incidents:manage',
    )
    return {
      document,
      agencyName: agencyRequest.agencyName,
      backHref: `/manage/rapid-reviews/${id}/agency-requests/${requestId}`,
    }
  }

  const render = (
    reply: FastifyReply,
    page: Awaited<ReturnType<typeof documentOf>>,
    form: { reason: string; version: string },
    errors: readonly FieldError[] = [],
  ) =>
    reply.status(errors.length > 0 ? 400 : 200).view('documents/withdraw.njk', {
      pageTitle: `Withdraw ${page.document.fileName}`,
      fileName: page.document.fileName,
      agencyName: page.agencyName,
      uploadedAt: page.document.uploadedAt,
      backHref: page.backHref,
      form,
      reasonMaxLength: WITHDRAWAL_REASON_MAX_LENGTH,
      ...pageErrors(errors),
    })

  app.get(path, managers, async (request, reply) => {
    const page = await documentOf(request)
    return render(reply, page, { reason: '', version: String(page.document.version) })
  })

  app.post(path, managers, async (request, reply) => {
    const page = await documentOf(request)
    const body = formBody(request.body)
    const reason = text(body, 'reason') ?? ''
    try {
      const version = requireVersion(body)
      await services.documents.withdraw(
        request.actor,
        page.document.id,
        version,
        { reason },
        'incidents:manage',
      )
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      return render(reply, page, { reason, version: String(page.document.version) }, error.errors)
    }
    setFlash(request, `${page.document.fileName} withdrawn`)
    return reply.redirect(page.backHref, 303)
  })
}
