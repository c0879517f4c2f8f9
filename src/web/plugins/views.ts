import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import view from '@fastify/view'
import type { FastifyInstance } from 'fastify'
import nunjucks from 'nunjucks'

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

/** '2024-01-02' → '2 January 2024', the GOV.UK style for dates. */
export function formatDate(value: unknown): string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(value)) return ''
  return DATE_FORMAT.format(new Date(`${value.slice(0, 10)}T00:00:00Z`))
}

export async function registerViews(app: FastifyInstance, options: { cache: boolean }) {
  await app.register(view, {
    engine: { nunjucks },
    templates: TEMPLATE_PATHS,
    options: {
      noCache: !options.cache,
      onConfigure: (env: nunjucks.Environment) => {
        env.addFilter('paragraphs', toParagraphs)
        env.addFilter('govukDate', formatDate)
      },
    },
  })
}
