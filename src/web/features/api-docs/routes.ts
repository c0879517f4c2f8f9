import type { FastifyInstance } from 'fastify'
import { openApiDocument } from '../../api/openapi.js'

export function apiDocsRoutes(app: FastifyInstance, serviceName: string): void {
  const document = openApiDocument(serviceName)
  app.get('/api/docs/openapi.json', async () => document)
  app.get('/api/docs', (_request, reply) =>
    reply.view('api-docs/docs.njk', { pageTitle: 'Open data API', document }),
  )
}
