// The API's shapes, written once: they validate requests and describe the API
// in the OpenAPI document, so the two cannot drift apart.
import { z } from 'zod'
import { isValidCalendarDate } from '../../domain/calendar/calendar-date.js'
import { MAX_RESULTS } from '../../domain/public-site/search-terms.js'

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
  updatedOn: z
    .string()
    .nullable()
    .describe('YYYY-MM-DD when a corrected version replaced the published one, or null'),
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
  limit: z.coerce
    .number({ error: 'must be a whole number from 1 to 100' })
    .int('must be a whole number from 1 to 100')
    .min(1, 'must be a whole number from 1 to 100')
    .max(100, 'must be a whole number from 1 to 100')
    .default(50),
  offset: z.coerce
    .number({ error: 'must be a whole number, 0 or more' })
    .int('must be a whole number, 0 or more')
    .min(0, 'must be a whole number, 0 or more')
    .max(1_000_000, 'must be 1,000,000 or less')
    .default(0),
})

const PAGE_MESSAGE = 'must be a whole number from 1 to 100000'

/** Search of published text (issue 9). Any words at all: they are made safe, never refused. */
export const publicSearchQuerySchema = z.strictObject({
  q: z
    .union([z.string(), z.array(z.string())])
    .transform((value) => (Array.isArray(value) ? value.join(' ') : value))
    .describe(
      'The words to search for; a phrase in double quotes must match as a phrase. Every word must match, except words too common to search for (the response lists them in leftOut); English stemming ("neglected" finds "neglect"). Operators and symbols are ignored.',
    ),
  kind: z
    .enum(['cspr', 'scr', 'other'], { error: 'must be cspr, scr or other' })
    .optional()
    .describe('cspr: Child Safeguarding Practice Reviews; scr: Serious Case Reviews; other'),
  partnership: z
    .string()
    .regex(/^[a-z0-9-]{1,60}$/, 'must be a partnership slug, like wandsworth')
    .optional()
    .describe('Only reviews this partnership led or took part in'),
  year: z
    .string()
    .regex(/^\d{4}$/, 'must be a year as 4 digits, like 2024')
    .transform(Number)
    .optional()
    .describe('Only reviews published in this year'),
  page: z.coerce
    .number({ error: PAGE_MESSAGE })
    .int(PAGE_MESSAGE)
    .min(1, PAGE_MESSAGE)
    .max(100_000, PAGE_MESSAGE)
    .default(1),
  pageSize: z.coerce
    .number({ error: 'must be a whole number from 1 to 50' })
    .int('must be a whole number from 1 to 50')
    .min(1, 'must be a whole number from 1 to 50')
    .max(50, 'must be a whole number from 1 to 50')
    .default(10),
})

export const publicSearchResponseSchema = z.object({
  searchedFor: z
    .string()
    .describe('The words searched for, as the search read them (empty: nothing to search for)'),
  leftOut: z
    .array(z.string())
    .describe(
      "Words too common to search for (English stop words such as 'the'), left out of the search: every other word must match",
    ),
  total: z
    .number()
    .int()
    .describe(`How many were found, counted up to ${MAX_RESULTS.toLocaleString('en-GB')}`),
  totalCapped: z
    .boolean()
    .describe(
      `True when more than ${MAX_RESULTS.toLocaleString('en-GB')} were found: only the best ${MAX_RESULTS.toLocaleString('en-GB')} can be paged through`,
    ),
  page: z.number().int(),
  pageSize: z.number().int(),
  results: z.array(
    z.object({
      title: z.string(),
      url: z.string().describe('The public page the text is read at'),
      source: z
        .string()
        .describe("'review' (summary, learning points, recommendations), 'report' or 'briefing'"),
      review: z.object({ slug: z.string(), kind: z.string() }),
      publishedOn: z.string().nullable(),
      snippet: z.string().describe('Words around the matches, as plain text'),
      snippetHtml: z
        .string()
        .describe('The same words as safe HTML: everything escaped, the matches in <mark>'),
    }),
  ),
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

/** The most working days one question may step: about 20 years, far beyond any statutory period. */
export const WORKING_DAYS_MAX_ADD = 5000
const ADD_RANGE = `must be from -${WORKING_DAYS_MAX_ADD} to ${WORKING_DAYS_MAX_ADD}`

/** A query parameter given once; missing and repeated ones get their own message. */
function queryParameter(what: string) {
  return z.string({
    error: (issue) =>
      issue.input === undefined ? `is required: ${what}` : `must be given once: ${what}`,
  })
}

export const workingDaysQuerySchema = z.strictObject({
  from: queryParameter('a date written YYYY-MM-DD, like 2023-12-21')
    .refine(isValidCalendarDate, 'must be a real date written YYYY-MM-DD, like 2023-12-21')
    .describe('Day 0 of the count (S21), YYYY-MM-DD'),
  // Digits only: Number() alone would also take 1e3, 0x10, 1.5 or a blank.
  add: queryParameter('a whole number of working days, like 5 or -7')
    .regex(/^-?\d+$/, 'must be a whole number of working days, like 5 or -7')
    .transform(Number)
    .pipe(z.number().min(-WORKING_DAYS_MAX_ADD, ADD_RANGE).max(WORKING_DAYS_MAX_ADD, ADD_RANGE))
    .describe('Working days to add; negative for working days before'),
})

export const workingDaysResponseSchema = z.object({
  from: z.string().describe('YYYY-MM-DD, as asked'),
  add: z.number().int(),
  date: z
    .string()
    .describe(
      'YYYY-MM-DD: the add-th working day after from (before it if add is negative), from itself being day 0 (S21)',
    ),
})

export const bankHolidaysQuerySchema = z.strictObject({})

export const bankHolidaysResponseSchema = z.object({
  firstYear: z.number().int().describe('First year whose bank holidays the calendar knows'),
  lastYear: z.number().int().describe('Last year whose bank holidays the calendar knows'),
  bankHolidays: z.array(
    z.object({
      date: z.string().describe('YYYY-MM-DD'),
      title: z.string(),
      source: z
        .string()
        .describe('gov-uk (the GOV.UK list shipped with the service) or administrator'),
    }),
  ),
})

// ── Reviews in progress (S10–S12, S18–S19) ────────────────────────────────

export const reviewParamsSchema = z.strictObject({
  id: z.uuid('must be a review id'),
})

export const reviewInProgressSchema = z.object({
  id: z.string(),
  title: z.string(),
  kind: z.enum(['lcspr', 'scr-2015', 'other-learning', 'national']),
  guidanceEdition: z.enum(['WT2015', 'WT2018', 'WT2023']),
  status: z.enum(['commissioned', 'in-progress', 'final-report-received', 'published']),
  childPseudonym: z.string(),
  leadPartnership: z.object({ slug: z.string(), name: z.string() }),
  participatingPartnerships: z.array(z.object({ slug: z.string(), name: z.string() })),
  methodology: z
    .enum(['scie-learning-together', 'silp', 'appreciative-inquiry', 'other'])
    .nullable(),
  methodologyName: z.string(),
  termsOfReference: z.string(),
  rapidReviewId: z.string().nullable().describe('null for reviews created directly (legacy SCRs)'),
  restricted: z.boolean(),
  decisionOn: z.string().nullable().describe('YYYY-MM-DD: the decision to hold the review'),
  targetOn: z
    .string()
    .nullable()
    .describe('YYYY-MM-DD: decision date + the edition’s review period, 6 months by default (S12)'),
  targetStatus: z.enum(['on-track', 'due-soon', 'overdue', 'met', 'late']).nullable(),
  workingDaysLeft: z.number().int().nullable().describe('Negative when overdue; null once done'),
  startedOn: z.string().nullable(),
  finalReportReceivedOn: z.string().nullable(),
  reviewers: z.array(
    z.object({ name: z.string(), role: z.string(), organisation: z.string().nullable() }),
  ),
  stages: z.array(
    z.object({
      stage: z.string(),
      name: z.string(),
      status: z.enum(['not-started', 'in-progress', 'completed']),
    }),
  ),
  checkpoints: z.array(
    z.object({
      heldOn: z.string(),
      observations: z.string().nullable(),
      request: z
        .object({
          kind: z.enum(['information', 'draft']),
          detail: z.string(),
          requestedOn: z.string(),
          dueOn: z.string(),
          respondedOn: z.string().nullable(),
          status: z.enum(['awaiting', 'overdue', 'answered', 'answered-late']),
        })
        .nullable()
        .describe('The written request made at the checkpoint, if any (S11)'),
    }),
  ),
  delays: z.array(
    z.object({
      reason: z.enum(['criminal-investigation', 'inquest', 'prosecution', 'other-proceedings']),
      details: z.string(),
      identifiedOn: z.string(),
      panelToldOn: z.string().nullable(),
      secretaryOfStateToldOn: z.string().nullable(),
    }),
  ),
  chronologyEntries: z.number().int(),
})
