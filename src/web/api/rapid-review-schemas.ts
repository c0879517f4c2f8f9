// The rapid review API's shapes (S6–S9): they describe GET /rapid-reviews/:id
// in the OpenAPI document, and the route's answer is typed by them. Like the
// incidents API, nothing here carries a child's restricted identity fields:
// the incident is named by its children's pseudonyms only.
import { z } from 'zod'
import { RAPID_REVIEW_STATES } from '../../domain/rapid-reviews/rapid-review-lifecycle.js'
import {
  CRITERION_ANSWERS,
  DECISIONS,
  REG_11_CRITERIA,
  STATUTORY_PARTNERS,
} from '../../domain/rapid-reviews/rapid-review.js'

export const rapidReviewParamsSchema = z.strictObject({
  id: z.uuid('must be a rapid review id'),
})

const date = z.string().describe('YYYY-MM-DD')

export const rapidReviewResponseSchema = z.object({
  id: z.string(),
  incidentId: z.string(),
  partnership: z.object({ slug: z.string(), name: z.string() }),
  childPseudonyms: z.array(z.string()),
  state: z.enum(RAPID_REVIEW_STATES),
  stateName: z.string(),
  startedOn: date,
  dueOn: date
    .nullable()
    .describe('S6: the date the local authority became aware + 15 working days'),
  agencyRequests: z.array(
    z.object({
      agencyName: z.string(),
      agencyKind: z.string(),
      requestedOn: date,
      dueOn: date,
      receivedOn: date.nullable(),
      status: z.enum(['received', 'awaited', 'overdue']),
      summary: z.string().nullable(),
      documents: z.array(z.object({ fileName: z.string(), kind: z.string() })),
    }),
  ),
  meetingOn: date.nullable(),
  meetingAttendees: z.string().nullable(),
  factsEstablished: z.string().nullable(),
  learningIdentified: z.string().nullable(),
  safetyActions: z.array(z.object({ action: z.string(), owner: z.string() })),
  criteria: z
    .array(
      z.object({
        criterion: z.enum(REG_11_CRITERIA),
        text: z.string(),
        answer: z.enum(CRITERION_ANSWERS).nullable(),
        note: z.string().nullable(),
      }),
    )
    .describe('The four criteria of regulation 11 (S9 a–d)'),
  decision: z.enum(DECISIONS).nullable(),
  decisionName: z.string().nullable(),
  decisionRationale: z.string().nullable(),
  decidedOn: date.nullable(),
  signOffs: z.array(
    z.object({
      partner: z.enum(STATUTORY_PARTNERS),
      partnerName: z.string(),
      signedByName: z.string().nullable(),
      signedOn: date.nullable(),
    }),
  ),
  sentToPanelOn: date.nullable(),
  canBeSentToPanel: z
    .object({ allowed: z.boolean(), reason: z.string().nullable() })
    .describe('Could it be sent to the Panel today; if not, why (S7, S8)'),
  panelResponse: z
    .object({
      respondedOn: date,
      agrees: z.boolean().nullable(),
      nationalReview: z.boolean().nullable(),
      notes: z.string().nullable(),
    })
    .nullable(),
  reviewId: z.string().nullable().describe('The local review commissioned from the decision'),
  version: z.number().int(),
})

export type RapidReviewResponse = z.output<typeof rapidReviewResponseSchema>
