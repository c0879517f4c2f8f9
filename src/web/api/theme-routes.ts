// GET /api/v1/themes and POST /api/v1/theme-suggestions (issue 11): the theme
// taxonomy, whose slugs are stable, and suggested themes for any text with the
// words that led to each. Suggestions are never stored or turned into tags here.
import type { FastifyInstance } from 'fastify'
import { assertCan } from '../../domain/access/policy.js'
import type { Services } from '../../services/index.js'

export function themeApiRoutes(app: FastifyInstance, services: Services): void {
  app.get('/themes', async (request) => {
    assertCan(request.actor, 'api:use')
    // Retired themes are listed too, marked: tags made before a theme was
    // retired keep its slug, and a client must be able to resolve every slug.
    const themes = await services.themes.listAll(request.actor)
    return {
      themes: themes.map((theme) => ({
        slug: theme.slug,
        name: theme.name,
        description: theme.description,
        retired: theme.retiredOn !== null,
      })),
    }
  })

  app.post('/theme-suggestions', async (request) => {
    assertCan(request.actor, 'api:use')
    const body: unknown = request.body
    const text =
      typeof body === 'object' && body !== null ? (body as { text?: unknown }).text : undefined
    const suggestions = await services.themes.suggest(request.actor, text)
    return {
      suggestions: suggestions.map((suggestion) => ({
        theme: suggestion.theme,
        reasons: suggestion.reasons,
      })),
    }
  })
}
