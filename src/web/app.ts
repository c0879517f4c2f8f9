// Builds the web application from configuration and services. Nothing here
// reaches the database directly: routes call services.
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import formbody from '@fastify/formbody'
import multipart from '@fastify/multipart'
import fastifyStatic from '@fastify/static'
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import type { AppConfig } from '../config.js'
import { MAX_DOCUMENT_BYTES } from '../services/document-service.js'
import type { Services } from '../services/index.js'
import { apiRoutes } from './api/routes.js'
import { apiDocsRoutes } from './features/api-docs/routes.js'
import { auditRoutes } from './features/audit/routes.js'
import { incidentRoutes } from './features/incidents/routes.js'
import { manageRoutes } from './features/manage/routes.js'
import { operationsRoutes } from './features/operations/routes.js'
import { publicLearningRoutes } from './features/public-learning/routes.js'
import { rapidReviewRoutes } from './features/rapid-reviews/routes.js'
import { reviewRoutes } from './features/reviews/routes.js'
import { settingsRoutes } from './features/settings/routes.js'
import { signInRoutes } from './features/sign-in/routes.js'
import { singleSignOnRoutes } from './features/single-sign-on/routes.js'
import { staticPageRoutes } from './features/static-pages/routes.js'
import { registerAuthentication } from './plugins/authentication.js'
import { registerErrorHandling } from './plugins/error-handling.js'
import { registerPageContext } from './plugins/page-context.js'
import { registerSecurity } from './plugins/security.js'
import { registerViews } from './plugins/views.js'
import { loggerOptions } from './logging.js'

const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..')

export interface AppDependencies {
  config: AppConfig
  services: Services
  isDatabaseReachable: () => Promise<boolean>
  logger?: FastifyServerOptions['logger']
}

export async function buildApp(dependencies: AppDependencies): Promise<FastifyInstance> {
  const { config, services } = dependencies
  const app = Fastify({
    logger: dependencies.logger ?? loggerOptions(config.logLevel),
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
    // Request ids in logs let an error page be matched to its log line.
    requestIdHeader: false,
  })

  await registerViews(app, { cache: config.environment === 'production' })
  await app.register(formbody, { bodyLimit: 256 * 1024 })
  // Uploads: one file per form, held in memory up to the documents' size limit,
  // with the fields on request.body so the CSRF check reads them like any form.
  await app.register(multipart, {
    attachFieldsToBody: true,
    limits: { fileSize: MAX_DOCUMENT_BYTES, files: 1, fields: 30, parts: 32 },
  })
  await registerSecurity(app, config, services.sessions)
  registerAuthentication(app, services)
  registerPageContext(app, config)
  registerErrorHandling(app, config.serviceName)

  await app.register(fastifyStatic, {
    root: join(projectRoot, 'public'),
    prefix: '/assets/',
    maxAge: config.environment === 'production' ? '1d' : 0,
  })

  operationsRoutes(app, dependencies.isDatabaseReachable)
  publicLearningRoutes(app, services, config.publicPartnershipSlug)
  staticPageRoutes(app)
  signInRoutes(app, services, config.signInRateLimitPerMinute)
  singleSignOnRoutes(app, services, config)
  manageRoutes(app, services)
  auditRoutes(app, services)
  settingsRoutes(app, services)
  incidentRoutes(app, services)
  rapidReviewRoutes(app, services)
  reviewRoutes(app, services)
  apiDocsRoutes(app, config.serviceName)
  await app.register((api) => apiRoutes(api, services), { prefix: '/api/v1' })

  return app
}
