// A review's report versions and the redaction check (issue 9, S17): upload a
// version, see where the check found the review's details (masked), dismiss a
// false alarm, withdraw a version; keep the review's names and details not to
// publish; and check a document that is not stored. The services decide who
// may (drafts are for the review team and administrators).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import {
  DISCLOSURE_REASON_MAX_LENGTH,
  DISCLOSURE_REASON_MIN_LENGTH,
  IDENTITY_UNLOCK_MINUTES,
} from '../../../domain/access/identity-disclosure.js'
import { NotFoundError, ValidationError, type FieldError } from '../../../domain/errors.js'
import {
  MAX_REPORT_BYTES,
  REASON_MAX_LENGTH,
  REPORT_NOTE_MAX_LENGTH,
} from '../../../domain/publishing/report-versions.js'
import { checkTerm, type RedactionTerm } from '../../../domain/redaction/terms.js'
import type { Services } from '../../../services/index.js'
import {
  DESCRIPTION_MAX_LENGTH,
  type ProtectedDetailsUnlock,
} from '../../../services/publishing/protected-detail-service.js'
import { setFlash } from '../../flash.js'
import { echo, formBody, pageErrors, requireVersion, text } from '../../form-fields.js'
import { requirePermission } from '../../plugins/authentication.js'
import { readUploadForm, sendDownload } from '../../uploads.js'
import { checkResultViewModel, kindItems, TERM_ROWS, versionPageViewModel } from './view-model.js'

declare module 'fastify' {
  interface Session {
    /** Reasons given to see reviews' names and details not to publish, each until a time. */
    protectedDetailUnlocks?: ProtectedDetailsUnlock[]
  }
}

const reviewParams = z.object({ id: z.uuid() })
const versionParams = z.object({ id: z.uuid(), versionId: z.uuid() })
const hitParams = z.object({ id: z.uuid(), versionId: z.uuid(), hitId: z.uuid() })
const detailParams = z.object({ id: z.uuid(), detailId: z.uuid() })

function parse<T>(schema: z.ZodType<T>, request: FastifyRequest): T {
  const parsed = schema.safeParse(request.params)
  if (!parsed.success) throw new NotFoundError('Not a report address')
  return parsed.data
}

/** The larger file limit of a report's upload (20 MB) for this route only. */
const REPORT_UPLOAD = {
  config: { multipartOptions: { limits: { fileSize: MAX_REPORT_BYTES } } },
}

export function reportVersionRoutes(app: FastifyInstance, services: Services): void {
  const staff = { preHandler: requirePermission('reviews:read-internal') }
  const base = (id: string) => `/manage/reviews/${id}/report-versions`

  // ── Uploading a version ─────────────────────────────────────────────────

  const renderUpload = async (
    request: FastifyRequest,
    reply: FastifyReply,
    form: Record<string, string>,
    errors: readonly FieldError[],
  ) => {
    const { id } = parse(reviewParams, request)
    const review = await services.reportVersions.uploadPage(request.actor, id)
    return reply.status(errors.length > 0 ? 400 : 200).view('report-versions/new.njk', {
      pageTitle: 'Upload a version of the report',
      review,
      form,
      maxMb: MAX_REPORT_BYTES / (1024 * 1024),
      noteMaxLength: REPORT_NOTE_MAX_LENGTH,
      ...pageErrors(errors),
    })
  }

  app.get('/manage/reviews/:id/report-versions/new', staff, (request, reply) =>
    renderUpload(request, reply, { note: '' }, []),
  )

  app.post(
    '/manage/reviews/:id/report-versions/new',
    { ...staff, ...REPORT_UPLOAD },
    async (request, reply) => {
      const { id } = parse(reviewParams, request)
      const { body, file } = await readUploadForm(request)
      const note = text(body, 'note') ?? ''
      try {
        if (!file) {
          throw new ValidationError([{ field: 'file', message: 'Select the report to upload' }])
        }
        const version = await services.reportVersions.upload(request.actor, id, {
          fileName: file.fileName,
          bytes: file.bytes,
          declaredMediaType: file.mediaType,
          note,
        })
        setFlash(request, `Version ${version.number} uploaded and checked`)
        return reply.redirect(`${base(id)}/${version.id}`, 303)
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error
        return renderUpload(request, reply, { note }, error.errors)
      }
    },
  )

  // ── A version and its check ─────────────────────────────────────────────

  app.get('/manage/reviews/:id/report-versions/:versionId', staff, async (request, reply) => {
    const { id, versionId } = parse(versionParams, request)
    const page = await services.reportVersions.page(request.actor, id, versionId)
    return reply.view('report-versions/version.njk', versionPageViewModel(page))
  })

  app.get(
    '/manage/reviews/:id/report-versions/:versionId/download',
    staff,
    async (request, reply) => {
      const { id, versionId } = parse(versionParams, request)
      return sendDownload(
        reply,
        await services.reportVersions.download(request.actor, id, versionId),
      )
    },
  )

  app.post(
    '/manage/reviews/:id/report-versions/:versionId/check',
    staff,
    async (request, reply) => {
      const { id, versionId } = parse(versionParams, request)
      const hits = await services.reportVersions.recheck(request.actor, id, versionId)
      setFlash(
        request,
        hits === 0 ? 'Checked again: nothing found' : `Checked again: ${hits} found`,
      )
      return reply.redirect(`${base(id)}/${versionId}`, 303)
    },
  )

  const renderWithdraw = async (
    request: FastifyRequest,
    reply: FastifyReply,
    form: { reason: string; version?: string },
    errors: readonly FieldError[],
  ) => {
    const { id, versionId } = parse(versionParams, request)
    const page = await services.reportVersions.page(request.actor, id, versionId)
    if (!page.canWithdraw) throw new NotFoundError('No such report version')
    return reply.status(errors.length > 0 ? 400 : 200).view('report-versions/withdraw.njk', {
      pageTitle: `Withdraw version ${page.version.number}`,
      review: page.review,
      version: page.version,
      form: { reason: form.reason, version: form.version ?? String(page.version.version) },
      reasonMaxLength: REASON_MAX_LENGTH,
      ...pageErrors(errors),
    })
  }

  app.get('/manage/reviews/:id/report-versions/:versionId/withdraw', staff, (request, reply) =>
    renderWithdraw(request, reply, { reason: '' }, []),
  )

  app.post(
    '/manage/reviews/:id/report-versions/:versionId/withdraw',
    staff,
    async (request, reply) => {
      const { id, versionId } = parse(versionParams, request)
      const body = formBody(request.body)
      const reason = text(body, 'reason') ?? ''
      try {
        const version = await services.reportVersions.withdraw(
          request.actor,
          id,
          versionId,
          requireVersion(body),
          { reason },
        )
        setFlash(request, `Version ${version.number} withdrawn`)
        return reply.redirect(`/manage/reviews/${id}#report-versions`, 303)
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error
        return renderWithdraw(
          request,
          reply,
          { reason, version: text(body, 'version') ?? '' },
          error.errors,
        )
      }
    },
  )

  const renderDismiss = async (
    request: FastifyRequest,
    reply: FastifyReply,
    form: { reason: string },
    errors: readonly FieldError[],
  ) => {
    const { id, versionId, hitId } = parse(hitParams, request)
    const page = await services.reportVersions.page(request.actor, id, versionId)
    const hit = page.hits.find((candidate) => candidate.id === hitId)
    if (!hit || hit.dismissedAt !== null || !page.canDismiss) throw new NotFoundError('No such hit')
    const model = versionPageViewModel(page)
    return reply.status(errors.length > 0 ? 400 : 200).view('report-versions/dismiss.njk', {
      pageTitle: 'Mark as a false alarm',
      review: page.review,
      version: page.version,
      hit: model.hitRows.find((row) => row.id === hitId),
      form: { reason: form.reason, version: String(hit.version) },
      reasonMaxLength: REASON_MAX_LENGTH,
      ...pageErrors(errors),
    })
  }

  app.get(
    '/manage/reviews/:id/report-versions/:versionId/hits/:hitId/dismiss',
    staff,
    (request, reply) => renderDismiss(request, reply, { reason: '' }, []),
  )

  app.post(
    '/manage/reviews/:id/report-versions/:versionId/hits/:hitId/dismiss',
    staff,
    async (request, reply) => {
      const { id, versionId, hitId } = parse(hitParams, request)
      const body = formBody(request.body)
      const reason = text(body, 'reason') ?? ''
      try {
        await services.reportVersions.dismissHit(
          request.actor,
          id,
          versionId,
          hitId,
          requireVersion(body),
          { reason },
        )
        setFlash(request, 'Marked as a false alarm')
        return reply.redirect(`${base(id)}/${versionId}`, 303)
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error
        return renderDismiss(request, reply, { reason }, error.errors)
      }
    },
  )

  // ── Names and details not to publish ─────────────────────────────────────

  const unlockOf = (request: FastifyRequest, reviewId: string) =>
    request.session.protectedDetailUnlocks?.find(
      (unlock) =>
        unlock.reviewId === reviewId && Date.parse(unlock.until) > services.now().getTime(),
    ) ?? null

  app.get('/manage/reviews/:id/protected-details', staff, async (request, reply) => {
    const { id } = parse(reviewParams, request)
    const page = await services.protectedDetails.page(request.actor, id, unlockOf(request, id))
    return reply.view('report-versions/protected-details.njk', {
      pageTitle: 'Names and details not to publish',
      ...page,
      kindNames: Object.fromEntries(kindItems('').map((item) => [item.value, item.text])),
    })
  })

  const renderAddDetail = async (
    request: FastifyRequest,
    reply: FastifyReply,
    form: Record<string, string>,
    errors: readonly FieldError[],
  ) => {
    const { id } = parse(reviewParams, request)
    const page = await services.protectedDetails.page(request.actor, id, null)
    if (!page.canManage) throw new NotFoundError('Not allowed')
    return reply
      .status(errors.length > 0 ? 400 : 200)
      .view('report-versions/protected-detail-new.njk', {
        pageTitle: 'Add a name or detail not to publish',
        review: page.review,
        form,
        kindItems: kindItems(form.kind ?? ''),
        descriptionMaxLength: DESCRIPTION_MAX_LENGTH,
        ...pageErrors(errors),
      })
  }

  app.get('/manage/reviews/:id/protected-details/new', staff, (request, reply) =>
    renderAddDetail(request, reply, { kind: '', value: '', description: '' }, []),
  )

  app.post('/manage/reviews/:id/protected-details/new', staff, async (request, reply) => {
    const { id } = parse(reviewParams, request)
    const body = formBody(request.body)
    try {
      await services.protectedDetails.add(request.actor, id, {
        kind: text(body, 'kind'),
        value: text(body, 'value'),
        description: text(body, 'description'),
      })
      setFlash(request, 'Detail added. Check the report versions again to look for it')
      return reply.redirect(`/manage/reviews/${id}/protected-details`, 303)
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      // The value is not echoed back: it is restricted, and typed again is safer than stored in a page.
      const form = { ...echo(body), value: '' }
      return renderAddDetail(request, reply, form, error.errors)
    }
  })

  const renderShow = async (
    request: FastifyRequest,
    reply: FastifyReply,
    form: { reason: string },
    errors: readonly FieldError[],
  ) => {
    const { id } = parse(reviewParams, request)
    const page = await services.protectedDetails.page(request.actor, id, null)
    if (!page.canReveal) throw new NotFoundError('Not allowed')
    return reply
      .status(errors.length > 0 ? 400 : 200)
      .view('report-versions/protected-details-show.njk', {
        pageTitle: 'Show the names and details not to publish',
        review: page.review,
        form,
        minLength: DISCLOSURE_REASON_MIN_LENGTH,
        maxLength: DISCLOSURE_REASON_MAX_LENGTH,
        minutes: IDENTITY_UNLOCK_MINUTES,
        ...pageErrors(errors),
      })
  }

  app.get('/manage/reviews/:id/protected-details/show', staff, (request, reply) =>
    renderShow(request, reply, { reason: '' }, []),
  )

  app.post('/manage/reviews/:id/protected-details/show', staff, async (request, reply) => {
    const { id } = parse(reviewParams, request)
    const body = formBody(request.body)
    try {
      const unlock = await services.protectedDetails.reveal(request.actor, id, text(body, 'reason'))
      const now = services.now().getTime()
      request.session.protectedDetailUnlocks = [
        ...(request.session.protectedDetailUnlocks ?? []).filter(
          (other) => other.reviewId !== id && Date.parse(other.until) > now,
        ),
        unlock,
      ]
      return reply.redirect(`/manage/reviews/${id}/protected-details`, 303)
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      return renderShow(request, reply, { reason: text(body, 'reason') ?? '' }, error.errors)
    }
  })

  const renderWithdrawDetail = async (
    request: FastifyRequest,
    reply: FastifyReply,
    form: { reason: string },
    errors: readonly FieldError[],
  ) => {
    const { id, detailId } = parse(detailParams, request)
    const { review, detail } = await services.protectedDetails.forWithdrawal(
      request.actor,
      id,
      detailId,
    )
    return reply
      .status(errors.length > 0 ? 400 : 200)
      .view('report-versions/protected-detail-withdraw.njk', {
        pageTitle: `Take “${detail.description}” off the list`,
        review,
        detail,
        form: { reason: form.reason, version: String(detail.version) },
        reasonMaxLength: REASON_MAX_LENGTH,
        ...pageErrors(errors),
      })
  }

  app.get('/manage/reviews/:id/protected-details/:detailId/withdraw', staff, (request, reply) =>
    renderWithdrawDetail(request, reply, { reason: '' }, []),
  )

  app.post(
    '/manage/reviews/:id/protected-details/:detailId/withdraw',
    staff,
    async (request, reply) => {
      const { id, detailId } = parse(detailParams, request)
      const body = formBody(request.body)
      const reason = text(body, 'reason') ?? ''
      try {
        await services.protectedDetails.withdraw(
          request.actor,
          id,
          detailId,
          requireVersion(body),
          {
            reason,
          },
        )
        setFlash(request, 'Taken off the list')
        return reply.redirect(`/manage/reviews/${id}/protected-details`, 303)
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error
        return renderWithdrawDetail(request, reply, { reason }, error.errors)
      }
    },
  )

  // ── The stateless check ──────────────────────────────────────────────────

  const renderCheck = (
    reply: FastifyReply,
    form: Record<string, string>,
    errors: readonly FieldError[],
    result: ReturnType<typeof checkResultViewModel> | null,
  ) =>
    reply.status(errors.length > 0 ? 400 : 200).view('report-versions/check.njk', {
      pageTitle: result ? 'Redaction check: results' : 'Check a document for identifying details',
      form,
      rows: TERM_ROWS.map((row) => ({
        row,
        kindItems: kindItems(form[`kind${row}`] ?? ''),
      })),
      maxMb: MAX_REPORT_BYTES / (1024 * 1024),
      result,
      ...pageErrors(errors),
    })

  app.get('/manage/redaction-check', staff, (_request, reply) => renderCheck(reply, {}, [], null))

  app.post('/manage/redaction-check', { ...staff, ...REPORT_UPLOAD }, async (request, reply) => {
    const { body, file } = await readUploadForm(request)
    const termErrors: FieldError[] = []
    const terms: RedactionTerm[] = []
    for (const row of TERM_ROWS) {
      const kind = text(body, `kind${row}`) ?? ''
      const value = text(body, `value${row}`) ?? ''
      if (kind === '' && value === '') continue
      const term = checkTerm(kind === '' ? null : kind, value, `value${row}`, termErrors)
      if (term) terms.push(term)
    }
    if (terms.length === 0 && termErrors.length === 0) {
      termErrors.push({ field: 'value1', message: 'Enter at least one name or detail to look for' })
    }
    // The terms are not echoed into the page after a check: they are what is protected.
    const blank: Record<string, string> = {}
    try {
      const result = await services.redactionChecks.check(
        request.actor,
        {
          file: file && {
            fileName: file.fileName,
            bytes: file.bytes,
            declaredMediaType: file.mediaType,
          },
          terms: termErrors.length > 0 ? null : terms,
          termErrors,
        },
        'page',
      )
      return renderCheck(reply, blank, [], checkResultViewModel(result, terms))
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      return renderCheck(reply, echo(body), error.errors, null)
    }
  })
}
