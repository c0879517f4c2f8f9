import { z } from 'zod'
import {
  errorResponseSchema,
  meResponseSchema,
  publicReviewsQuerySchema,
  publicReviewsResponseSchema,
} from './schemas.js'

function json(schema: z.ZodType) {
  return {
    'application/json': {
      schema: z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' }),
    },
  }
}

function queryParameters(schema: z.ZodObject) {
  const jsonSchema = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, object>
  }
  return Object.entries(jsonSchema.properties ?? {}).map(([name, property]) => ({
    name,
    in: 'query',
    required: false,
    schema: property,
  }))
}

const badRequest = { description: 'Invalid input', content: json(errorResponseSchema) }
const unauthorised = { description: 'No valid bearer token', content: json(errorResponseSchema) }

/** The OpenAPI 3.1 description of /api/v1, built from the same schemas the API validates with. */
export function openApiDocument(serviceName: string) {
  return {
    openapi: '3.1.0',
    info: {
      title: `${serviceName} API`,
      version: '1.0.0',
      description:
        'Published reviews are open data and need no token. Everything else needs a bearer token made with `npm run cli -- create-token --email E`. Dates are YYYY-MM-DD. Errors answer `{ "errors": [{ "field", "message" }] }`.',
    },
    servers: [{ url: '/api/v1' }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    },
    paths: {
      '/public/reviews': {
        get: {
          summary: 'List published reviews with their learning points and recommendations',
          security: [],
          parameters: queryParameters(publicReviewsQuerySchema),
          responses: {
            200: {
              description: 'Published reviews, newest first',
              content: json(publicReviewsResponseSchema),
            },
            400: badRequest,
          },
        },
      },
      '/me': {
        get: {
          summary: 'The token owner and their roles',
          security: [{ bearer: [] }],
          responses: {
            200: { description: 'The token owner', content: json(meResponseSchema) },
            401: unauthorised,
          },
        },
      },
    },
  }
}

export type OpenApiDocument = ReturnType<typeof openApiDocument>
