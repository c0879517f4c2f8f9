// The redaction check's API shapes (issue 9), for the OpenAPI document. The
// request is multipart, so it is read by hand (terms are JSON in a field);
// these describe it.
import { z } from 'zod'
import { LOCATION_KINDS, WARNING_KINDS } from '../../domain/redaction/redaction-check.js'
import { TERM_KINDS } from '../../domain/redaction/terms.js'

export const redactionTermSchema = z.object({
  kind: z.enum(TERM_KINDS),
  value: z.string().min(1).max(200),
})

export const redactionCheckRequestSchema = z.object({
  file: z
    .string()
    .meta({ format: 'binary', description: 'The document: a PDF or a Word document (.docx)' }),
  terms: z.string().meta({
    description: `A JSON array of up to 200 {"kind", "value"} objects; kind is one of ${TERM_KINDS.join(', ')}. A date may be YYYY-MM-DD or a UK form such as 3 March 2019.`,
    examples: ['[{"kind":"name","value":"Jayden Okafor"},{"kind":"date","value":"2019-03-03"}]'],
  }),
})

export const redactionCheckResponseSchema = z.object({
  clear: z.boolean(),
  hits: z.array(
    z.object({
      kind: z.enum([...TERM_KINDS, ...WARNING_KINDS]),
      term: z
        .number()
        .int()
        .nullable()
        .meta({ description: 'Index into terms; null for a warning' }),
      location: z.string().meta({
        description: `Where: "page N", or one of ${LOCATION_KINDS.filter((kind) => kind !== 'page').join(', ')}`,
      }),
      page: z.number().int().nullable(),
      excerpt: z
        .string()
        .meta({ description: 'The words around the hit, each match masked as █████' }),
    }),
  ),
})
