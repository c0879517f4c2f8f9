// GET /api/v1/rapid-reviews/:id: a rapid review (S6–S9) with the pages' rules.
// A rapid review of an incident the token owner may not read (another
// partnership's, or a restricted one off their access list) answers 404,
// exactly like one that does not exist.
import type { FastifyInstance } from 'fastify'
import { assertCan } from '../../domain/access/policy.js'
import type { Services } from '../../services/index.js'
import type { RapidReviewView } from '../../services/rapid-review-views.js'
import { parseOrThrow } from './parse.js'
import { rapidReviewParamsSchema, type RapidReviewResponse } from './rapid-review-schemas.js'

export function rapidReviewApiRoutes(app: FastifyInstance, services: Services): void {
  app.get('/rapid-reviews/:id', async (request) => {
    assertCan(request.actor, 'api:use')
    const { id } = parseOrThrow(rapidReviewParamsSchema, request.params)
    return rapidReviewJson(await services.rapidReviews.get(request.actor, id))
  })
}

export function rapidReviewJson(rapidReview: RapidReviewView): RapidReviewResponse {
  const { incident, sendCheck } = rapidReview
  return {
    id: rapidReview.id,
    incidentId: incident.id,
    partnership: { slug: incident.partnership.slug, name: incident.partnership.name },
    childPseudonyms: incident.children.map((child) => child.pseudonym),
    state: rapidReview.state,
    stateName: rapidReview.stateName,
    startedOn: rapidReview.startedOn,
    dueOn: rapidReview.dueOn,
    agencyRequests: rapidReview.agencyRequests.map((request) => ({
      agencyName: request.agencyName,
      agencyKind: request.agencyKind,
      requestedOn: request.requestedOn,
      dueOn: request.dueOn,
      receivedOn: request.receivedOn,
      status: request.status,
      summary: request.summary,
      documents: request.documents.map(({ fileName, kind }) => ({ fileName, kind })),
    })),
    meetingOn: rapidReview.meetingOn,
    meetingAttendees: rapidReview.meetingAttendees,
    factsEstablished: rapidReview.factsEstablished,
    learningIdentified: rapidReview.learningIdentified,
    safetyActions: rapidReview.safetyActions.map(({ action, owner }) => ({ action, owner })),
    criteria: rapidReview.criteria.map(({ criterion, text, answer, note }) => ({
      criterion,
      text,
      answer,
      note,
    })),
    decision: rapidReview.decision,
    decisionName: rapidReview.decisionName,
    decisionRationale: rapidReview.decisionRationale,
    decidedOn: rapidReview.decidedOn,
    signOffs: rapidReview.signOffs.map(({ partner, partnerName, signedByName, signedOn }) => ({
      partner,
      partnerName,
      signedByName,
      signedOn,
    })),
    sentToPanelOn: rapidReview.sentToPanelOn,
    canBeSentToPanel: sendCheck.allowed
      ? { allowed: true, reason: null }
      : { allowed: false, reason: sendCheck.reason },
    panelResponse: rapidReview.panelResponse,
    reviewId: rapidReview.reviewId,
    version: rapidReview.version,
  }
}
