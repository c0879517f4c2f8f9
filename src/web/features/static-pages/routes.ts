import type { FastifyInstance } from 'fastify'

export function staticPageRoutes(app: FastifyInstance): void {
  app.get('/accessibility', (_request, reply) =>
    reply.view('static-pages/accessibility.njk', { pageTitle: 'Accessibility statement' }),
  )
  app.get('/privacy', (_request, reply) =>
    reply.view('static-pages/privacy.njk', { pageTitle: 'Privacy notice' }),
  )
}
