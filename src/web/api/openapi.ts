import {
  actionListQuerySchema,
  actionListResponseSchema,
  actionResponseSchema,
  actionUpdateRequestSchema,
} from './action-schemas.js'
import { z } from 'zod'
import {
  bankHolidaysResponseSchema,
  errorResponseSchema,
  meResponseSchema,
  publicReviewsQuerySchema,
  publicSearchQuerySchema,
  publicSearchResponseSchema,
  publicReviewsResponseSchema,
  reviewInProgressSchema,
  workingDaysQuerySchema,
  workingDaysResponseSchema,
} from './schemas.js'
import { incidentResponseSchema, newIncidentSchema } from './incident-schemas.js'
import { rapidReviewResponseSchema } from './rapid-review-schemas.js'
import {
  redactionCheckRequestSchema,
  redactionCheckResponseSchema,
} from './redaction-check-schemas.js'
import {
  themeSuggestionRequestSchema,
  themeSuggestionResponseSchema,
  themesResponseSchema,
} from './theme-schemas.js'

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
    required?: string[]
  }
  return Object.entries(jsonSchema.properties ?? {}).map(([name, property]) => ({
    name,
    in: 'query',
    required: jsonSchema.required?.includes(name) ?? false,
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
        'Published reviews and the working-day calendar are open data and need no token. Everything else needs a bearer token made with `npm run cli -- create-token --email E`. Dates are YYYY-MM-DD. Errors answer `{ "errors": [{ "field", "message" }] }`.',
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
      '/public/search': {
        get: {
          summary:
            'Search the published text of reviews (summaries, learning points, recommendations, and published reports and briefings), best match first, with snippets',
          security: [],
          parameters: queryParameters(publicSearchQuerySchema),
          responses: {
            200: {
              description:
                'One page of results. Any words give an answer: operators and symbols are ignored, and words with no letters or digits search for nothing',
              content: json(publicSearchResponseSchema),
            },
            400: badRequest,
          },
        },
      },
      '/calendar/working-days': {
        get: {
          summary:
            'The date N working days after (or before) a date: Monday to Friday, not an England and Wales bank holiday, the start date being day 0 (S21)',
          security: [],
          parameters: queryParameters(workingDaysQuerySchema),
          responses: {
            200: {
              description: 'The date, with the question asked',
              content: json(workingDaysResponseSchema),
            },
            400: {
              description:
                'A missing or invalid parameter, or a date outside the years whose bank holidays the calendar knows',
              content: json(errorResponseSchema),
            },
          },
        },
      },
      '/calendar/bank-holidays': {
        get: {
          summary: 'The England and Wales bank holidays the working-day calendar uses (S22)',
          security: [],
          responses: {
            200: {
              description: 'Every bank holiday, in date order, and the years the list covers',
              content: json(bankHolidaysResponseSchema),
            },
            400: badRequest,
          },
        },
      },
      '/incidents': {
        get: {
          summary:
            'The serious incidents the token owner may read, most recently became-aware first, each with its case reference and due dates; incidents entered in error are left out',
          security: [{ bearer: [] }],
          responses: {
            200: {
              description: 'The incidents',
              content: json(z.object({ incidents: z.array(incidentResponseSchema) })),
            },
            401: unauthorised,
            403: {
              description: 'The token owner may not read serious incidents',
              content: json(errorResponseSchema),
            },
          },
        },
        post: {
          summary:
            'Record a serious incident (S1–S5); answers the record with its notification (S3) and rapid review (S6) due dates',
          description:
            'The incident belongs to the partnership where the token owner manages incidents; name it with "partnership" when there are several. Children’s identifying details are never accepted or returned here.',
          security: [{ bearer: [] }],
          requestBody: {
            required: true,
            // The request as sent: fields with defaults are optional.
            content: {
              'application/json': {
                schema: z.toJSONSchema(newIncidentSchema, { io: 'input', unrepresentable: 'any' }),
              },
            },
          },
          responses: {
            201: { description: 'The recorded incident', content: json(incidentResponseSchema) },
            400: badRequest,
            401: unauthorised,
            403: {
              description: 'Not allowed to record incidents',
              content: json(errorResponseSchema),
            },
          },
        },
      },
      '/incidents/{id}': {
        get: {
          summary: 'One incident, with its due dates computed from today’s calendar',
          security: [{ bearer: [] }],
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            200: { description: 'The incident', content: json(incidentResponseSchema) },
            401: unauthorised,
            404: {
              description: 'No such incident, or not one the token owner may see',
              content: json(errorResponseSchema),
            },
          },
        },
      },
      '/rapid-reviews/{id}': {
        get: {
          summary:
            'A rapid review (S6–S9): agency information, meeting, findings, the reg. 11 criteria, decision, the three partners’ sign-off, and whether it can be sent to the Panel',
          security: [{ bearer: [] }],
          parameters: [
            { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
          ],
          responses: {
            200: { description: 'The rapid review', content: json(rapidReviewResponseSchema) },
            400: badRequest,
            401: unauthorised,
            403: {
              description: 'The token owner may not read serious incidents',
              content: json(errorResponseSchema),
            },
            404: {
              description: 'No such rapid review, or not one the token owner may see',
              content: json(errorResponseSchema),
            },
          },
        },
      },
      '/reviews/{id}': {
        get: {
          summary:
            'A review in progress (LCSPR, legacy SCR, other learning review) with its target date (decision + 6 months, S12) and stages',
          security: [{ bearer: [] }],
          parameters: [
            { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
          ],
          responses: {
            200: { description: 'The review', content: json(reviewInProgressSchema) },
            400: badRequest,
            401: unauthorised,
            403: {
              description: 'The token owner may not read reviews in progress',
              content: json(errorResponseSchema),
            },
            404: {
              description: 'No such review, or not one the token owner may read',
              content: json(errorResponseSchema),
            },
          },
        },
      },
      '/actions': {
        get: {
          summary:
            'The agency actions the token owner may see, soonest due first, 50 to a page: an agency lead’s are their own agency’s, whichever partnership led the review. Filter by status, agency, review, partnership, overdue (worked out from the due date, never stored) and due within a number of days',
          security: [{ bearer: [] }],
          parameters: queryParameters(actionListQuerySchema),
          responses: {
            200: { description: 'The actions', content: json(actionListResponseSchema) },
            400: badRequest,
            401: unauthorised,
            403: {
              description: 'The token owner has no action plans to see',
              content: json(errorResponseSchema),
            },
          },
        },
      },
      '/actions/{id}': {
        get: {
          summary: 'One action, with the learning it answers and its progress updates',
          security: [{ bearer: [] }],
          parameters: [
            { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
          ],
          responses: {
            200: { description: 'The action', content: json(actionResponseSchema) },
            400: badRequest,
            401: unauthorised,
            404: {
              description: 'No such action, or not one the token owner may see',
              content: json(errorResponseSchema),
            },
          },
        },
      },
      '/actions/{id}/updates': {
        post: {
          summary:
            'Report progress on an action: what was done, the status it leaves the action in, and links to evidence (http or https only). Completed needs at least one piece of evidence on the action. Assuring, sending back and closing are the business unit’s and partners’ own steps, on the pages',
          security: [{ bearer: [] }],
          parameters: [
            { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
          ],
          requestBody: { required: true, content: json(actionUpdateRequestSchema) },
          responses: {
            201: { description: 'The action as it is now', content: json(actionResponseSchema) },
            400: badRequest,
            401: unauthorised,
            403: {
              description: 'Not the owning agency or the business unit',
              content: json(errorResponseSchema),
            },
            404: {
              description: 'No such action, or not one the token owner may see',
              content: json(errorResponseSchema),
            },
            409: {
              description: 'Someone else updated the action since that version: nothing was saved',
              content: json(errorResponseSchema),
            },
          },
        },
      },
      '/redaction-checks': {
        post: {
          summary:
            'Check a document that is not stored (PDF or .docx, up to 20 MB) for names and details (S17): every page, header, footer, note, comment, tracked change, annotation, form field and the document properties. Neither the file nor the terms are kept; the check is audited without them. For business unit coordinators.',
          security: [{ bearer: [] }],
          requestBody: {
            required: true,
            content: {
              'multipart/form-data': {
                schema: z.toJSONSchema(redactionCheckRequestSchema, {
                  io: 'input',
                  unrepresentable: 'any',
                }),
              },
            },
          },
          responses: {
            200: {
              description:
                'What was found. `clear` is true only when nothing was found, warnings included. Excerpts mask every match.',
              content: json(redactionCheckResponseSchema),
            },
            400: badRequest,
            401: unauthorised,
            403: {
              description: 'Not a business unit coordinator',
              content: json(errorResponseSchema),
            },
            413: {
              description: 'The file is larger than 20 MB',
              content: json(errorResponseSchema),
            },
          },
        },
      },
      '/themes': {
        get: {
          summary:
            'The theme taxonomy (issue 11): the themes learning is tagged with. Slugs are stable; administrators may add themes.',
          security: [{ bearer: [] }],
          responses: {
            200: {
              description:
                'Every theme by name, retired ones included and marked (tags made before a theme was retired keep its slug)',
              content: json(themesResponseSchema),
            },
            401: unauthorised,
          },
        },
      },
      '/theme-suggestions': {
        post: {
          summary:
            'Suggest themes for any text, each with the words or phrases that led to it. Nothing is stored: a person decides whether each suggestion becomes a tag.',
          security: [{ bearer: [] }],
          requestBody: { required: true, content: json(themeSuggestionRequestSchema) },
          responses: {
            200: {
              description: 'The suggested themes, possibly none',
              content: json(themeSuggestionResponseSchema),
            },
            400: badRequest,
            401: unauthorised,
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
