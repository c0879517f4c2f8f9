// The action plan API's shapes: they validate requests and describe the API in
// the OpenAPI document, so the two cannot drift apart.
import { z } from 'zod'
import { ACTION_STATUSES, ACTION_TEXT_LIMITS } from '../../domain/actions/action-plan.js'
import { EVIDENCE_LINK_LIMITS } from '../../domain/actions/assurance.js'

const statusSchema = z.enum(ACTION_STATUSES)

export const actionListQuerySchema = z.strictObject({
  status: statusSchema.optional(),
  agency: z.uuid('must be an agency id').optional().describe('Only this agency’s actions'),
  review: z.uuid('must be a review id').optional().describe('Only this review’s actions'),
  partnership: z
    .uuid('must be a partnership id')
    .optional()
    .describe('Only actions of reviews led by, or agencies of, this partnership'),
  overdue: z
    .enum(['yes'])
    .optional()
    .describe('yes: only actions past their due date that are still the agency’s to do'),
  dueWithin: z.coerce
    .number()
    .int('must be a whole number of days')
    .min(0)
    .max(366)
    .optional()
    .describe('Only open actions due from today to this many days ahead'),
  page: z.coerce.number().int().min(1).max(9999).optional().describe('Pages of 50; default 1'),
})

export const actionParamsSchema = z.strictObject({
  id: z.uuid('must be an action id'),
})

export const actionSummarySchema = z.object({
  id: z.string(),
  description: z.string(),
  review: z.object({ id: z.string(), title: z.string(), leadPartnership: z.string() }),
  agency: z.object({ id: z.string(), name: z.string(), partnership: z.string() }),
  dueOn: z.string().describe('YYYY-MM-DD'),
  originalDueOn: z
    .string()
    .nullable()
    .describe('YYYY-MM-DD: the first due date, when an agreed change has moved it'),
  status: statusSchema,
  timeliness: z
    .enum(['overdue', 'due-soon', 'on-track', 'finished'])
    .describe('Worked out from the due date and status, never stored'),
  recheckOn: z.string().nullable().describe('YYYY-MM-DD: when an assured action is checked again'),
})

export const actionListResponseSchema = z.object({
  actions: z.array(actionSummarySchema),
  total: z.number().int().describe('How many actions match the filters'),
  page: z.number().int(),
  pageCount: z.number().int(),
})

export const actionResponseSchema = actionSummarySchema.extend({
  version: z.number().int().describe('Send it back with an update: a stale one answers 409'),
  answers: z.object({
    kind: z.enum(['learning-point', 'recommendation']),
    position: z.number().int().nullable(),
    text: z.string().nullable(),
  }),
  statusChoices: z
    .array(statusSchema)
    .describe('The statuses the token owner may give it; empty when they may not update it'),
  updates: z.array(
    z.object({
      status: statusSchema,
      note: z.string(),
      writtenBy: z.string(),
      writtenAt: z.string().describe('ISO 8601 UTC'),
    }),
  ),
  evidence: z.array(
    z.object({
      id: z.string(),
      kind: z.enum(['file', 'link']),
      fileName: z.string().nullable(),
      url: z.string().nullable().describe('A link’s address; files download from the page'),
      addedBy: z.string(),
      addedAt: z.string().describe('ISO 8601 UTC'),
      withdrawn: z.boolean(),
    }),
  ),
})

export const actionUpdateRequestSchema = z.strictObject({
  version: z.number().int().positive(),
  status: statusSchema,
  note: z.string().max(ACTION_TEXT_LIMITS.note),
  evidenceLinks: z
    .array(z.string().max(EVIDENCE_LINK_LIMITS.url))
    .max(EVIDENCE_LINK_LIMITS.perUpdate)
    .optional()
    .describe(
      'Links to evidence (http or https addresses only). Completed needs at least one piece of evidence on the action',
    ),
})
