import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import view from '@fastify/view'
import type { FastifyInstance } from 'fastify'
import nunjucks from 'nunjucks'
import {
  formatUkDate,
  formatUkDateTime,
  formatUkTime,
  formatWallClockTime,
} from '../../domain/calendar/uk-time.js'

const webRoot = dirname(dirname(fileURLToPath(import.meta.url)))
const require = createRequire(import.meta.url)
const govukFrontendDist = join(dirname(require.resolve('govuk-frontend/package.json')), 'dist')

export const TEMPLATE_PATHS = [join(webRoot, 'views'), join(webRoot, 'features'), govukFrontendDist]

/** Splits stored plain text into paragraphs on blank lines. */
export function toParagraphs(text: unknown): string[] {
  if (typeof text !== 'string') return []
  return text
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph.length > 0)
}

const DATE_FORMAT = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
})

/**
 * '2024-01-02' → '2 January 2024', the GOV.UK style for dates. A timestamp
 * ('2024-01-02T23:30:00Z') gives its date in UK time, which is not always UTC's.
 */
export function formatDate(value: unknown): string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(value)) return ''
  if (value.length > 10 && value.includes('T')) return formatUkDate(value)
  return DATE_FORMAT.format(new Date(`${value.slice(0, 10)}T00:00:00Z`))
}

const timestampFilter =
  (format: (value: string | Date) => string) =>
  (value: unknown): string =>
    typeof value === 'string' || value instanceof Date ? format(value) : ''

export async function registerViews(app: FastifyInstance, options: { cache: boolean }) {
  await app.register(view, {
    engine: { nunjucks },
    templates: TEMPLATE_PATHS,
    options: {
      noCache: !options.cache,
      onConfigure: (env: nunjucks.Environment) => {
        env.addFilter('paragraphs', toParagraphs)
        env.addFilter('govukDate', formatDate)
        // Times only through domain/calendar/uk-time: "3:05pm", "midnight", in UK time.
        env.addFilter('govukTime', timestampFilter(formatUkTime))
        env.addFilter('govukDateTime', timestampFilter(formatUkDateTime))
        env.addFilter('govukWallClockTime', (value: unknown) =>
          typeof value === 'string' ? formatWallClockTime(value) : '',
        )
      },
    },
  })
}
