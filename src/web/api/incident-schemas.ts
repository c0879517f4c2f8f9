// The incidents API's shapes: they validate requests and describe the endpoints
// in the OpenAPI document. Kept beside schemas.ts so the incident work does not
// crowd the shared file; openapi.ts imports both.
//
// The API never accepts or returns a child's restricted identity fields (name,
// date of birth, address, local authority reference, NHS number): those are
// entered and seen only on the incident page.
import { z } from 'zod'
import { parseCalendarDate } from '../../domain/calendar/calendar-date.js'
import {
  MAX_AGE_IN_YEARS,
  MAX_CHILDREN_PER_INCIDENT,
  PSEUDONYM_MAX_LENGTH,
  TEXT_LIMITS,
} from '../../domain/incidents/incident-validation.js'
import { INCIDENT_STATES } from '../../domain/incidents/incident-lifecycle.js'
import {
  ABUSE_OR_NEGLECT,
  HARM,
  INCIDENT_GUIDANCE_EDITIONS,
} from '../../domain/incidents/serious-case-criteria.js'

const calendarDateText = z
  .string()
  .refine((value) => parseCalendarDate(value) !== null, 'must be a real date, YYYY-MM-DD')
  .describe('YYYY-MM-DD')

const pseudonym = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(PSEUDONYM_MAX_LENGTH, `must be ${PSEUDONYM_MAX_LENGTH} characters or fewer`)

const optionalText = (max: number) =>
  z.string().max(max, `must be ${max} characters or fewer`).optional()

export const newIncidentSchema = z.strictObject({
  childPseudonym: pseudonym.describe('The name this service uses for the child, like "Child B"'),
  awareOn: calendarDateText.describe('The date the local authority became aware, YYYY-MM-DD'),
  incidentOn: calendarDateText.describe('The date of the incident, YYYY-MM-DD'),
  harm: z.enum(HARM),
  abuseOrNeglect: z
    .enum(ABUSE_OR_NEGLECT)
    .describe('"not-suspected" is for deaths that are notified anyway (looked-after children, S4)'),
  partnership: z
    .string()
    .regex(/^[a-z0-9-]{1,60}$/, 'must be a partnership slug, like wandsworth')
    .optional()
    .describe('Required when the token owner manages incidents in more than one partnership'),
  guidanceEdition: z.enum(INCIDENT_GUIDANCE_EDITIONS).default('WT2023'),
  lookedAfter: z.boolean().default(false),
  careLeaver: z.boolean().default(false),
  childAgeYears: z
    .number()
    .int('must be a whole number')
    .min(0)
    .max(MAX_AGE_IN_YEARS)
    .optional()
    .describe('Age at the incident in whole years; required for a care leaver’s death'),
  additionalChildPseudonyms: z
    .array(pseudonym)
    .max(MAX_CHILDREN_PER_INCIDENT - 1, `at most ${MAX_CHILDREN_PER_INCIDENT - 1} more children`)
    .optional(),
  place: optionalText(TEXT_LIMITS.place),
  description: optionalText(TEXT_LIMITS.description),
  notifyingAuthority: optionalText(TEXT_LIMITS.authority),
  homeAuthority: optionalText(TEXT_LIMITS.authority),
})

export type NewIncidentRequest = z.output<typeof newIncidentSchema>

const nullableDate = z.string().nullable().describe('YYYY-MM-DD, or null')

export const incidentResponseSchema = z.object({
  id: z.string(),
  caseReference: z.string().describe('The readable case reference, like WSCP-2026-014'),
  partnership: z.object({ slug: z.string(), name: z.string() }),
  state: z.enum(INCIDENT_STATES),
  guidanceEdition: z.enum(INCIDENT_GUIDANCE_EDITIONS),
  abuseOrNeglect: z.enum(ABUSE_OR_NEGLECT),
  harm: z.enum(HARM),
  lookedAfter: z.boolean(),
  careLeaver: z.boolean(),
  incidentOn: z.string(),
  awareOn: z.string(),
  place: z.string().nullable(),
  description: z.string().nullable(),
  notifyingAuthority: z.string().nullable(),
  homeAuthority: z.string().nullable(),
  children: z.array(z.object({ pseudonym: z.string(), ageYears: z.number().int().nullable() })),
  assessment: z.object({
    seriousChildSafeguardingCase: z.boolean(),
    notifyPanel: z.boolean(),
    notifySecretaryOfStateAndOfsted: z.boolean(),
    rapidReviewRequired: z.boolean(),
    explanation: z.string(),
  }),
  notificationDueOn: nullableDate.describe('S3: aware + 5 working days; null when not notifiable'),
  rapidReviewDueOn: nullableDate.describe(
    'S6: aware + 15 working days; null when none is required',
  ),
  panelNotifiedOn: nullableDate,
  ofstedNotifiedOn: nullableDate,
  partnersNotifiedOn: nullableDate,
  secretaryOfStateNotifiedOn: nullableDate,
  rapidReviewId: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
})
