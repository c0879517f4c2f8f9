// The action plan API's shapes: they validate requests and describe the API in
// the OpenAPI document, so the two cannot drift apart.
import { z } from 'zod'
import { ACTION_STATUSES, ACTION_TEXT_LIMITS } from '../../domain/actions/action-plan.js'

const statusSchema = z.enum(ACTION_STATUSES)

export const actionListQuerySchema = z.strictObject({
  status: statusSchema.optional(),
})

export const actionParamsSchema = z.strictObject({
  id: z.uuid('must be an action id'),
})

export const actionSummarySchema = z.object({
  id: z.string(),
  description: z.string(),
  review: z.object({ title: z.string(), leadPartnership: z.string() }),
  agency: z.object({ name: z.string(), partnership: z.string() }),
  dueOn: z.string().describe('YYYY-MM-DD'),
  status: statusSchema,
  timeliness: z.enum(['overdue', 'due-soon', 'on-track', 'finished']),
})

export const actionListResponseSchema = z.object({ actions: z.array(actionSummarySchema) })

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
})

export const actionUpdateRequestSchema = z.strictObject({
  version: z.number().int().positive(),
  status: statusSchema,
  note: z.string().max(ACTION_TEXT_LIMITS.note),
})
