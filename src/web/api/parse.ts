import type { z } from 'zod'
import { ValidationError } from '../../domain/errors.js'

/** Parses API input with a schema; failures become the API's 400 errors list. */
export function parseOrThrow<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const result = schema.safeParse(input)
  if (result.success) return result.data
  throw new ValidationError(
    result.error.issues.map((issue) => ({
      field:
        issue.code === 'unrecognized_keys'
          ? issue.keys.join(', ')
          : issue.path.map(String).join('.') || 'body',
      message: issue.code === 'unrecognized_keys' ? 'is not a known parameter' : issue.message,
    })),
  )
}
