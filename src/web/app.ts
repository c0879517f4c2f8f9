// Builds the web application from configuration and services. Nothing here
// reaches the database directly: routes call services.
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import formbody from '@fastify/formbody'
import multipart from '@fastify/multipart'
import fastifyStatic from '@fastify/static'
import Fastify, {
  type FastifyInstance,
  type FastifyServerOptions,
  type RouteOptions,
} from 'fastify'
import type { AppConfig } from '../config.js'
import { MAX_DOCUMENT_BYTES } from '../services/document-service.js'
import type { Services } from '../services/index.js'
import { apiRoutes } from './api/routes.js'
import { accountSecurityRoutes } from './features/account-security/routes.js'
import { apiDocsRoutes } from './features/api-docs/routes.js'
import { auditRoutes } from './features/audit/routes.js'
import { briefingRoutes } from './features/briefings/routes.js'
import { thematicBriefingRoutes } from './features/briefings/thematic-routes.js'
import { learningEventRoutes } from './features/learning-events/routes.js'
import { learningLibraryRoutes } from './features/learning-library/routes.js'
import { calendarFeedRoutes } from './features/calendar-feed/routes.js'
import { documentRoutes } from './features/documents/routes.js'
import { incidentRoutes } from './features/incidents/routes.js'
import { manageRoutes } from './features/manage/routes.js'
import { operationsRoutes } from './features/operations/routes.js'
import { outboxRoutes } from './features/outbox/routes.js'
import { publicLearningRoutes } from './features/public-learning/routes.js'
import { rapidReviewRoutes } from './features/rapid-reviews/routes.js'
import { actionPlanRoutes } from './features/actions/routes.js'
import { recordAccessRoutes } from './features/record-access/routes.js'
import { reviewRoutes } from './features/reviews/routes.js'
import { publicationRoutes } from './features/publication/routes.js'
import { reportVersionRoutes } from './features/report-versions/routes.js'
import { settingsRoutes } from './features/settings/routes.js'
import { accountAgencyRoutes } from './features/account-agency/routes.js'
import { agencyRoutes } from './features/agencies/routes.js'
import { partnershipRoutes } from './features/partnerships/routes.js'
import { themeSettingsRoutes } from './features/themes/routes.js'
import { taggingRoutes } from './features/themes/tagging-routes.js'
import { seenBeforeRoutes } from './features/seen-before/routes.js'
import { recurringThemeRoutes } from './features/recurring-themes/routes.js'
import { signInRoutes } from './features/sign-in/routes.js'
import { singleSignOnRoutes } from './features/single-sign-on/routes.js'
import { staticPageRoutes } from './features/static-pages/routes.js'
import { taskRoutes } from './features/tasks/routes.js'
import { registerAuthentication } from './plugins/authentication.js'
import { FORM_BODY_LIMIT, registerRequestInputs } from './plugins/request-inputs.js'
import { registerErrorHandling } from './plugins/error-handling.js'
import { registerFlash } from './flash.js'
import { registerPageContext } from './plugins/page-context.js'
import { registerSecurity } from './plugins/security.js'
import { registerViews } from './plugins/views.js'
import { loggerOptions } from './logging.js'
import { PublicPageCache, registerPublicPageCache } from './public-page-cache.js'
import { createServer } from 'node:http'

const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..')

export interface AppDependencies {
  config: AppConfig
  services: Services
  isDatabaseReachable: () => Promise<boolean>
  logger?: FastifyServerOptions['logger']
  /** Told of every route as it is added: the authorisation matrix test walks them all. */
  onRoute?: (route: RouteOptions) => void
}

export async function buildApp(dependencies: AppDependencies): Promise<FastifyInstance> {
  const { config, services } = dependencies
  // Public pages kept in memory (issue 9): answered on Node's own request,
  // before Fastify, when the server is a real one (the hook below answers
  // them for injected requests, as in the tests).
  const publicPages = new PublicPageCache(
    () => services.publicLearning.changeMarker(),
    ['session', '__Host-session'],
  )
  const app = Fastify({
    serverFactory: (handler) =>
      createServer((request, response) => {
        if (request.method !== 'GET' && request.method !== 'HEAD') {
          handler(request, response)
          return
        }
        publicPages.answerRaw(request, response).then(
          (answered) => {
            if (!answered) handler(request, response)
          },
          () => handler(request, response),
        )
      }),
    logger: dependencies.logger ?? loggerOptions(config.logLevel),
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
    // Request ids in logs let an error page be matched to its log line.
    requestIdHeader: false,
  })
  // Before anything registers a route, so not one is missed.
  if (dependencies.onRoute) app.addHook('onRoute', dependencies.onRoute)

  // Public pages kept in memory, answered before sessions and templates (issue
  // 9); first, so its hook runs before every other plugin's.
  registerPublicPageCache(app, publicPages)

  // Templates are compiled once, as in production, except in development where
  // an edited template must show at once. (Recompiling the GOV.UK macros on
  // every render made each page in the tests 5 to 10 times slower.)
  await registerViews(app, { cache: !config.recompileTemplates })
  await app.register(formbody, { bodyLimit: FORM_BODY_LIMIT })
  // Uploads: one file per form, held in memory up to the documents' size limit,
  // with the fields on request.body so the CSRF check reads them like any form.
  await app.register(multipart, {
    attachFieldsToBody: true,
    // fieldSize: a text field may be as long as a whole url-encoded form (256 KB);
    // a longer one is refused as too large (plugins/request-inputs.ts).
    limits: {
      fileSize: MAX_DOCUMENT_BYTES,
      files: 1,
      fields: 30,
      parts: 32,
      fieldSize: FORM_BODY_LIMIT,
    },
  })
  registerRequestInputs(app)
  await registerSecurity(app, config, services.sessions, services.rateLimits)
  registerAuthentication(app, services)
  registerPageContext(app, config)
  registerFlash(app)
  registerErrorHandling(app, config.serviceName)

  await app.register(fastifyStatic, {
    root: join(projectRoot, 'public'),
    prefix: '/assets/',
    maxAge: config.environment === 'production' ? '1d' : 0,
  })

  operationsRoutes(app, dependencies.isDatabaseReachable)
  publicLearningRoutes(
    app,
    services,
    {
      publicPartnershipSlug: config.publicPartnershipSlug,
      publicUrl: config.publicUrl,
      serviceName: config.serviceName,
    },
    publicPages,
  )
  staticPageRoutes(app)
  signInRoutes(app, services, config.signInRateLimitPerMinute)
  singleSignOnRoutes(app, services, config)
  manageRoutes(app, services)
  accountSecurityRoutes(app, services, config.signInRateLimitPerMinute)
  calendarFeedRoutes(app, services, config.publicUrl)
  auditRoutes(app, services)
  settingsRoutes(app, services)
  agencyRoutes(app, services)
  partnershipRoutes(app, services)
  themeSettingsRoutes(app, services)
  taggingRoutes(app, services)
  seenBeforeRoutes(app, services)
  recurringThemeRoutes(app, services)
  accountAgencyRoutes(app, services)
  outboxRoutes(app, services)
  incidentRoutes(app, services)
  rapidReviewRoutes(app, services)
  reviewRoutes(app, services)
  reportVersionRoutes(app, services)
  publicationRoutes(app, services)
  recordAccessRoutes(app, services)
  actionPlanRoutes(app, services)
  taskRoutes(app, services)
  documentRoutes(app, services)
  briefingRoutes(app, services)
  thematicBriefingRoutes(app, services)
  learningEventRoutes(app, services)
  learningLibraryRoutes(app, services)
  apiDocsRoutes(app, config.serviceName)
  await app.register((api) => apiRoutes(api, services), { prefix: '/api/v1' })

  return app
}
