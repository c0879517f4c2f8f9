// The API's shapes, written once: they validate requests and describe the API
// in the OpenAPI document, so the two cannot drift apart.
import { z } from 'zod'

export const statementSchema = z.object({
  position: z.number().int(),
  text: z.string(),
  addressedTo: z.string().nullable(),
})

export const publicReviewSchema = z.object({
  slug: z.string(),
  title: z.string(),
  kind: z.string(),
  guidanceEdition: z.string(),
  childPseudonym: z.string(),
  summary: z.string(),
  publishedOn: z.string().nullable().describe('YYYY-MM-DD, or null where not recorded'),
  reviewerNames: z.string(),
  leadPartnership: z.object({ slug: z.string(), name: z.string() }),
  participatingPartnerships: z.array(z.object({ slug: z.string(), name: z.string() })),
  url: z.string(),
  learningPoints: z.array(statementSchema),
  recommendations: z.array(statementSchema),
})

export const publicReviewsQuerySchema = z.strictObject({
  partnership: z
    .string()
    .regex(/^[a-z0-9-]{1,60}$/, 'must be a partnership slug, like wandsworth')
    .optional(),
  limit: z.coerce.number().int('must be a whole number').min(1).max(100).default(50),
  offset: z.coerce.number().int('must be a whole number').min(0).max(1_000_000).default(0),
})

export const publicReviewsResponseSchema = z.object({
  reviews: z.array(publicReviewSchema),
  limit: z.number().int(),
  offset: z.number().int(),
})

export const meResponseSchema = z.object({
  userId: z.string(),
  displayName: z.string(),
  memberships: z.array(
    z.object({ partnership: z.string(), role: z.string(), agencyId: z.string().nullable() }),
  ),
})

export const errorResponseSchema = z.object({
  errors: z.array(z.object({ field: z.string(), message: z.string() })),
})
