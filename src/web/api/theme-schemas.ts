// The themes API's shapes (issue 11), for the OpenAPI document.
import { z } from 'zod'
import { SUGGESTION_TEXT_MAX } from '../../domain/learning/theme-suggester.js'

export const themesResponseSchema = z.object({
  themes: z.array(
    z.object({
      slug: z.string().meta({ description: 'Stable: never changes once the theme exists' }),
      name: z.string(),
      description: z.string(),
      retired: z.boolean().meta({
        description:
          'Retired by an administrator: no longer offered for new tags or suggested; tags made before remain',
      }),
    }),
  ),
})

export const themeSuggestionRequestSchema = z.object({
  text: z
    .string()
    .min(1)
    .max(SUGGESTION_TEXT_MAX)
    .meta({
      description: `Any text: a learning point, a recommendation, a finding. Up to ${SUGGESTION_TEXT_MAX} characters.`,
      examples: ["The mother's new partner was never seen and the baby was co-sleeping."],
    }),
})

export const themeSuggestionResponseSchema = z.object({
  suggestions: z.array(
    z.object({
      theme: z.string().meta({ description: 'A theme slug, as GET /themes lists them' }),
      reasons: z
        .array(z.string())
        .meta({ description: 'The words or phrases in the text that led to the suggestion' }),
    }),
  ),
})
