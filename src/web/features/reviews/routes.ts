// Staff pages for reviews in progress (S10–S12, S18–S19). Thin handlers:
// parse the form, call the review service, render a view model. Validation
// errors re-render the form with status 400; stale versions become the 409
// page in the error handler; success redirects with 303.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Actor } from '../../../domain/access/roles.js'
import { NotFoundError, type FieldError } from '../../../domain/errors.js'
import {
  INVITATION_METHODS,
  INVITATION_METHOD_NAMES,
  TOOK_PART_ANSWERS,
  TOOK_PART_NAMES,
} from '../../../domain/reviews/family-involvement.js'
import { METHODOLOGY_DETAILS } from '../../../domain/reviews/methodologies.js'
import { REVIEW_STAGE_HINTS, isReviewStage, stageName } from '../../../domain/reviews/stages.js'
import {
  CHECKPOINT_ANSWER_FIELDS,
  DELAY_TOLD_FIELDS,
  FAMILY_INVOLVEMENT_FIELDS,
  FINAL_REPORT_FIELDS,
  REVIEW_STAGE_FIELDS,
  reviewDetailsFields,
} from '../../../services/edit-conflicts.js'
import type { Services } from '../../../services/index.js'
import {
  NEW_REVIEW_REVIEWER_ROWS,
  type ReviewView,
  type ReviewerAccount,
} from '../../../services/review-service.js'
import { saveOrConflict } from '../../edit-conflict.js'
import { setFlash } from '../../flash.js'
import { requirePermission } from '../../plugins/authentication.js'
import { chronologyRoutes } from './chronology-routes.js'
import { findingsRoutes, findingsSectionOf } from './findings-routes.js'
import { reviewFormRoutes, type ReviewForm } from './review-form.js'
import { dateField, dateParts, echo, formBody, list, pageErrors, text } from './form-fields.js'
import {
  canCommissionAnywhere,
  childIdsOf,
  overseen,
  requireVersion,
  reviewIdOf,
  reviewUrl,
  submit,
} from './page-helpers.js'
import {
  accountItems,
  delayReasonItems,
  editionItems,
  kindItems,
  methodologyItems,
  partnershipItems,
  rapidReviewHrefFor,
  requestKindItems,
  reviewListViewModel,
  reviewPageViewModel,
  roleItems,
  stageStatusItems,
} from './view-model.js'

export function reviewRoutes(app: FastifyInstance, services: Services): void {
  const readReviews = { preHandler: requirePermission('reviews:read-internal') }
  const editReviews = { preHandler: requirePermission('reviews:edit') }

  app.get('/manage/reviews', readReviews, async (request, reply) => {
    const reviews = await services.reviews.listInProgress(request.actor)
    const published = await services.reviews.listPublished(request.actor)
    return reply.view(
      'reviews/list.njk',
      reviewListViewModel(reviews, canCommissionAnywhere(request.actor!), published),
    )
  })

  // ── New legacy SCR or other learning review ───────────────────────────────

  const newReviewPage = async (
    actor: Actor | null,
    form: Record<string, string>,
    participating: readonly string[],
    errors: readonly FieldError[],
  ) => {
    const options = await services.reviews.newReviewOptions(actor)
    const [onlyLead] = options.leadPartnerships.length === 1 ? options.leadPartnerships : []
    const leadId = onlyLead?.id ?? form.leadPartnershipId ?? null
    const accounts = uniqueAccounts(Object.values(options.reviewerAccounts).flat())
    return {
      template: 'reviews/new.njk',
      model: {
        pageTitle: 'Create a legacy SCR or other learning review',
        form,
        onlyLead: onlyLead ?? null,
        leadItems: options.leadPartnerships.map((partnership) => ({
          value: partnership.id,
          text: partnership.name,
          checked: form.leadPartnershipId === partnership.id,
        })),
        participatingItems: partnershipItems(options.otherPartnerships, participating, leadId),
        kindItems: kindItems(form.kind),
        editionItems: editionItems(form.guidanceEdition),
        methodologyItems: methodologyItems(form.methodology),
        reviewerRows: Array.from({ length: NEW_REVIEW_REVIEWER_ROWS }, (_, index) => {
          const prefix = `reviewer${index + 1}`
          return {
            prefix,
            number: index + 1,
            roleItems: roleItems(null, form[`${prefix}Role`]),
            accountItems: accountItems(accounts, form[`${prefix}UserId`]),
          }
        }),
        ...pageErrors(errors, ['decisionOn']),
      },
    }
  }

  app.get('/manage/reviews/new', editReviews, async (request, reply) => {
    const { template, model } = await newReviewPage(request.actor, { guidanceEdition: '' }, [], [])
    return reply.view(template, model)
  })

  app.post('/manage/reviews/new', editReviews, async (request, reply) => {
    const body = formBody(request.body)
    const participating = list(body, 'participatingPartnershipIds')
    return submit(
      reply,
      () =>
        services.reviews.create(request.actor, {
          kind: text(body, 'kind'),
          guidanceEdition: text(body, 'guidanceEdition'),
          leadPartnershipId: text(body, 'leadPartnershipId'),
          participatingPartnershipIds: participating,
          childPseudonym: text(body, 'childPseudonym'),
          title: text(body, 'title'),
          methodology: text(body, 'methodology'),
          methodologyOther: text(body, 'methodologyOther'),
          termsOfReference: text(body, 'termsOfReference'),
          decisionOn: dateField(body, 'decisionOn'),
          restricted: text(body, 'restricted') === 'yes',
          reviewers: Array.from({ length: NEW_REVIEW_REVIEWER_ROWS }, (_, index) => {
            const prefix = `reviewer${index + 1}`
            return {
              name: text(body, `${prefix}Name`),
              role: text(body, `${prefix}Role`),
              organisation: text(body, `${prefix}Organisation`),
              userId: text(body, `${prefix}UserId`),
            }
          }),
        }),
      (created) => {
        setFlash(request, 'Review created')
        return reviewUrl(created.id)
      },
      (errors) => newReviewPage(request.actor, echo(body), participating, errors),
    )
  })

  // ── The review's summary page ─────────────────────────────────────────────

  app.get('/manage/reviews/:id', readReviews, async (request, reply) => {
    const review = await services.reviews.get(request.actor, reviewIdOf(request))
    return reply.view('reviews/review.njk', {
      ...reviewPageViewModel(review),
      rapidReviewHref: rapidReviewHrefFor(request.actor, review),
      findings: await findingsSectionOf(services, request, review.id),
      reportVersions: await services.reportVersions.forReviewPage(request.actor, review.id),
    })
  })

  // ── Details ───────────────────────────────────────────────────────────────

  const detailsPage = async (
    actor: Actor | null,
    review: ReviewView,
    form: Record<string, string>,
    participating: readonly string[],
    errors: readonly FieldError[],
  ) => {
    const partnerships = (await services.reviews.newReviewOptions(actor)).otherPartnerships
    return {
      template: 'reviews/details.njk',
      model: {
        pageTitle: 'Review details',
        review: { id: review.id, title: review.title, childPseudonym: review.childPseudonym },
        form,
        participatingItems: partnershipItems(
          partnerships,
          participating,
          review.leadPartnership.id,
        ),
        methodologyItems: methodologyItems(form.methodology),
        ...pageErrors(errors, ['decisionOn']),
      },
    }
  }

  app.get('/manage/reviews/:id/details', editReviews, async (request, reply) => {
    const review = await overseen(services, request)
    const { template, model } = await detailsPage(
      request.actor,
      review,
      {
        title: review.title,
        childPseudonym: review.childPseudonym,
        methodology: review.methodology ?? '',
        methodologyOther: review.methodologyOther ?? '',
        termsOfReference: review.termsOfReference,
        restricted: review.restricted ? 'yes' : '',
        version: String(review.version),
        ...dateParts('decisionOn', review.decisionOn),
      },
      review.participatingPartnerships.map((partnership) => partnership.id),
      [],
    )
    return reply.view(template, model)
  })

  app.post('/manage/reviews/:id/details', editReviews, async (request, reply) => {
    const id = reviewIdOf(request)
    const body = formBody(request.body)
    const participating = list(body, 'participatingPartnershipIds')
    const detailsForm = {
      fields: async () =>
        reviewDetailsFields(
          (await services.reviews.newReviewOptions(request.actor)).otherPartnerships,
        ),
      reloadHref: reviewUrl(id, '/details'),
    }
    return submit(
      reply,
      () =>
        saveOrConflict(body, detailsForm, () =>
          services.reviews.editDetails(request.actor, id, requireVersion(body), {
            title: text(body, 'title'),
            childPseudonym: text(body, 'childPseudonym'),
            methodology: text(body, 'methodology'),
            methodologyOther: text(body, 'methodologyOther'),
            termsOfReference: text(body, 'termsOfReference'),
            decisionOn: dateField(body, 'decisionOn'),
            restricted: text(body, 'restricted') === 'yes',
            participatingPartnershipIds: participating,
          }),
        ),
      () => {
        setFlash(request, 'Review details saved')
        return reviewUrl(id)
      },
      async (errors) =>
        detailsPage(
          request.actor,
          await services.reviews.get(request.actor, id),
          echo(body),
          participating,
          errors,
        ),
    )
  })

  // ── Reviewers (S10, S14) ──────────────────────────────────────────────────

  const editForm = (form: ReviewForm) => reviewFormRoutes(app, services, editReviews, form)

  editForm({
    path: '/reviewers/new',
    values: () => ({}),
    page: async (review, form, errors, _address, request) => {
      const accounts = await services.reviews.reviewerAccountsFor(request.actor, review.id)
      return {
        template: 'reviews/reviewer.njk',
        model: {
          pageTitle: 'Name a reviewer',
          review: { id: review.id, title: review.title },
          form,
          methodologyName:
            review.methodology === null ? null : METHODOLOGY_DETAILS[review.methodology].name,
          roleItems: roleItems(review.methodology, form.role),
          accountItems: accountItems(accounts, form.userId),
          ...pageErrors(errors),
        },
      }
    },
    save: (request, body, { id }) =>
      services.reviews.addReviewer(request.actor, id, {
        name: text(body, 'name'),
        role: text(body, 'role'),
        organisation: text(body, 'organisation'),
        userId: text(body, 'userId'),
      }),
    savedTo: '#reviewers',
    flash: 'Reviewer added',
  })

  app.post('/manage/reviews/:id/reviewers/:childId/remove', editReviews, async (request, reply) => {
    const { id, childId } = childIdsOf(request)
    return submit(
      reply,
      () => services.reviews.removeReviewer(request.actor, id, childId),
      reviewUrl(id, '#reviewers'),
      async (errors) => {
        const review = await services.reviews.get(request.actor, id)
        return {
          template: 'reviews/review.njk',
          model: {
            ...reviewPageViewModel(review),
            rapidReviewHref: rapidReviewHrefFor(request.actor, review),
            ...pageErrors(errors),
          },
        }
      },
    )
  })

  // ── Stages (task list) ────────────────────────────────────────────────────

  editForm({
    path: '/stages/:stage',
    openedBy: 'workers',
    values: (review, _address, request) => {
      const stageKey = stageOf(request)
      const stage = review.stages.find((candidate) => candidate.stage === stageKey)
      if (!stage) throw new NotFoundError('No such stage')
      return {
        status: stage.status,
        version: String(stage.version),
        ...dateParts('startedOn', stage.startedOn),
        ...dateParts('completedOn', stage.completedOn),
      }
    },
    page: (review, form, errors, _address, request) => {
      const stageKey = stageOf(request)
      return {
        template: 'reviews/stage.njk',
        model: {
          pageTitle: stageName(stageKey, review.methodology),
          review: { id: review.id, title: review.title },
          stage: {
            key: stageKey,
            name: stageName(stageKey, review.methodology),
            hint: REVIEW_STAGE_HINTS[stageKey],
          },
          form,
          statusItems: stageStatusItems(form.status ?? ''),
          familyInvolvementHref:
            stageKey === 'family-involvement' ? reviewUrl(review.id, '/family-involvement') : null,
          ...pageErrors(errors, ['startedOn', 'completedOn']),
        },
      }
    },
    save: (request, body, { id }) =>
      services.reviews.updateStage(
        request.actor,
        id,
        stageOf(request),
        requireVersion(body),
        text(body, 'status') ?? '',
        { startedOn: dateField(body, 'startedOn'), completedOn: dateField(body, 'completedOn') },
      ),
    conflictFields: () => REVIEW_STAGE_FIELDS,
    savedTo: '#stages',
    flash: 'Stage updated',
  })

  // ── Family involvement (S10): its own page from the stages task list ──────

  const familyPage = (
    review: ReviewView,
    form: Record<string, string>,
    errors: readonly FieldError[],
  ) => ({
    template: 'reviews/family-involvement.njk',
    model: {
      pageTitle: 'Family involvement',
      review: { id: review.id, title: review.title },
      canWork: review.canWork,
      form,
      invitedHowItems: INVITATION_METHODS.map((method) => ({
        value: method,
        text: INVITATION_METHOD_NAMES[method],
        checked: form.invitedHow === method,
      })),
      tookPartItems: TOOK_PART_ANSWERS.map((answer) => ({
        value: answer,
        text: TOOK_PART_NAMES[answer],
        checked: form.tookPart === answer,
      })),
      ...pageErrors(errors, ['invitedOn']),
    },
  })

  app.get('/manage/reviews/:id/family-involvement', readReviews, async (request, reply) => {
    const { review, record } = await services.reviews.familyInvolvement(
      request.actor,
      reviewIdOf(request),
    )
    const { template, model } = familyPage(
      review,
      {
        version: String(record?.version ?? 0),
        ...dateParts('invitedOn', record?.invitedOn ?? null),
        invitedHow: record?.invitedHow ?? '',
        invitedBy: record?.invitedBy ?? '',
        tookPart: record?.tookPart ?? '',
        familyViews: record?.familyViews ?? '',
      },
      [],
    )
    return reply.view(template, model)
  })

  app.post('/manage/reviews/:id/family-involvement', editReviews, async (request, reply) => {
    const id = reviewIdOf(request)
    const body = formBody(request.body)
    return submit(
      reply,
      () =>
        saveOrConflict(
          body,
          { fields: FAMILY_INVOLVEMENT_FIELDS, reloadHref: reviewUrl(id, '/family-involvement') },
          () =>
            services.reviews.recordFamilyInvolvement(request.actor, id, familyVersion(body), {
              invitedOn: dateField(body, 'invitedOn'),
              invitedHow: text(body, 'invitedHow'),
              invitedBy: text(body, 'invitedBy'),
              tookPart: text(body, 'tookPart'),
              familyViews: text(body, 'familyViews'),
            }),
        ),
      () => {
        setFlash(request, 'Family involvement recorded')
        return reviewUrl(id, '#stages')
      },
      async (errors) =>
        familyPage(await services.reviews.get(request.actor, id), echo(body), errors),
    )
  })

  // ── Lifecycle: start, final report received ──────────────────────────────

  /** What still stands in the way, shown until a refusal explains it instead. */
  const lifecyclePage = (
    template: string,
    pageTitle: string,
    review: ReviewView,
    blockers: (view: ReturnType<typeof reviewPageViewModel>) => readonly string[],
    form: Record<string, string>,
    errors: readonly FieldError[],
  ) => {
    const view = reviewPageViewModel(review)
    return {
      template,
      model: {
        pageTitle,
        review: view.review,
        blockers: errors.length > 0 ? [] : blockers(view),
        refusals: errors.filter((error) => error.field === 'transition').map((e) => e.message),
        form,
        ...pageErrors(errors, ['receivedOn']),
      },
    }
  }

  editForm({
    path: '/start',
    values: () => ({}),
    page: (review, form, errors) =>
      lifecyclePage(
        'reviews/start.njk',
        'Start the review',
        review,
        (view) => view.startBlockers,
        form,
        errors,
      ),
    save: (request, body, { id }) =>
      services.reviews.start(request.actor, id, requireVersion(body)),
    conflictFields: () => [],
    savedTo: '',
    flash: 'Review started',
  })

  editForm({
    path: '/final-report',
    values: (review) => ({ version: String(review.version), ...dateParts('receivedOn', null) }),
    page: (review, form, errors) =>
      lifecyclePage(
        'reviews/final-report.njk',
        'Record the final report',
        review,
        (view) => view.finalReportBlockers,
        form,
        errors,
      ),
    save: (request, body, { id }) =>
      services.reviews.recordFinalReportReceived(
        request.actor,
        id,
        requireVersion(body),
        dateField(body, 'receivedOn'),
      ),
    conflictFields: () => FINAL_REPORT_FIELDS,
    savedTo: '',
    flash: 'Final report recorded as received',
  })

  // ── Monitoring checkpoints and written requests (S11) ─────────────────────

  editForm({
    path: '/checkpoints/new',
    values: () => ({}),
    page: (review, form, errors) => ({
      template: 'reviews/checkpoint.njk',
      model: {
        pageTitle: 'Record a monitoring checkpoint',
        review: { id: review.id, title: review.title },
        form,
        requestKindItems: requestKindItems(form.requestKind),
        ...pageErrors(errors, ['heldOn', 'requestedOn', 'requestDueOn']),
      },
    }),
    save: (request, body, { id }) =>
      services.reviews.addCheckpoint(request.actor, id, {
        heldOn: dateField(body, 'heldOn'),
        observations: text(body, 'observations'),
        requestKind: text(body, 'requestKind'),
        requestDetail: text(body, 'requestDetail'),
        requestedOn: dateField(body, 'requestedOn'),
        requestDueOn: dateField(body, 'requestDueOn'),
      }),
    savedTo: '#checkpoints',
    flash: 'Monitoring checkpoint recorded',
  })

  const writtenRequestOf = (review: ReviewView, checkpointId: string) => {
    const checkpoint = review.checkpoints.find((candidate) => candidate.id === checkpointId)
    if (!checkpoint?.request) throw new NotFoundError('No such written request')
    return { checkpoint, request: checkpoint.request }
  }

  editForm({
    path: '/checkpoints/:childId',
    values: (review, { childId }) => {
      const { checkpoint, request } = writtenRequestOf(review, childId)
      return {
        version: String(checkpoint.version),
        ...dateParts('respondedOn', request.respondedOn),
      }
    },
    page: (review, form, errors, { childId }) => {
      const { request } = writtenRequestOf(review, childId)
      return {
        template: 'reviews/checkpoint-answer.njk',
        model: {
          pageTitle: 'Record the answer to a written request',
          review: { id: review.id, title: review.title },
          checkpointId: childId,
          request: {
            detail: request.detail,
            requestedOn: request.requestedOn,
            dueOn: request.dueOn,
          },
          form,
          ...pageErrors(errors, ['respondedOn']),
        },
      }
    },
    save: (request, body, { id, childId }) =>
      services.reviews.recordCheckpointResponse(
        request.actor,
        id,
        childId,
        requireVersion(body),
        dateField(body, 'respondedOn'),
      ),
    conflictFields: () => CHECKPOINT_ANSWER_FIELDS,
    savedTo: '#checkpoints',
    flash: 'Answer recorded',
  })

  // ── Delays from parallel proceedings (S12) ────────────────────────────────

  editForm({
    path: '/delays/new',
    values: () => ({}),
    page: (review, form, errors) => ({
      template: 'reviews/delay.njk',
      model: {
        pageTitle: 'Record a delay',
        review: { id: review.id, title: review.title },
        form,
        reasonItems: delayReasonItems(form.reason),
        ...pageErrors(errors, ['identifiedOn', 'panelToldOn', 'secretaryOfStateToldOn']),
      },
    }),
    save: (request, body, { id }) =>
      services.reviews.recordDelay(request.actor, id, {
        reason: text(body, 'reason'),
        details: text(body, 'details'),
        identifiedOn: dateField(body, 'identifiedOn'),
        panelToldOn: dateField(body, 'panelToldOn'),
        secretaryOfStateToldOn: dateField(body, 'secretaryOfStateToldOn'),
      }),
    savedTo: '#delays',
    flash: 'Delay recorded',
  })

  const delayOf = (review: ReviewView, delayId: string) => {
    const delay = review.delays.find((candidate) => candidate.id === delayId)
    if (!delay) throw new NotFoundError('No such delay')
    return delay
  }

  editForm({
    path: '/delays/:childId',
    values: (review, { childId }) => {
      const delay = delayOf(review, childId)
      return {
        version: String(delay.version),
        ...dateParts('panelToldOn', delay.panelToldOn),
        ...dateParts('secretaryOfStateToldOn', delay.secretaryOfStateToldOn),
      }
    },
    page: (review, form, errors, { childId }) => {
      delayOf(review, childId)
      return {
        template: 'reviews/delay-told.njk',
        model: {
          pageTitle: 'Record when the Panel and the Secretary of State were told',
          review: { id: review.id, title: review.title },
          delayId: childId,
          form,
          ...pageErrors(errors, ['panelToldOn', 'secretaryOfStateToldOn']),
        },
      }
    },
    save: (request, body, { id, childId }) =>
      services.reviews.recordDelayToldDates(request.actor, id, childId, requireVersion(body), {
        panelToldOn: dateField(body, 'panelToldOn'),
        secretaryOfStateToldOn: dateField(body, 'secretaryOfStateToldOn'),
      }),
    conflictFields: () => DELAY_TOLD_FIELDS,
    savedTo: '#delays',
    flash: 'Dates recorded',
  })

  chronologyRoutes(app, services)
  findingsRoutes(app, services)
}

/** The family involvement form's version: 0 before anything was saved. */
function familyVersion(body: Record<string, unknown>): number {
  if (body.version === '0') return 0
  return requireVersion(body)
}

function stageOf(request: FastifyRequest) {
  const stageKey = (request.params as { stage?: string }).stage ?? ''
  if (!isReviewStage(stageKey)) throw new NotFoundError('No such stage')
  return stageKey
}

function uniqueAccounts(accounts: readonly ReviewerAccount[]): ReviewerAccount[] {
  const seen = new Set<string>()
  return accounts.filter((account) =>
    seen.has(account.userId) ? false : (seen.add(account.userId), true),
  )
}
