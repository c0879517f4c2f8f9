// Single sign-on with OpenID Connect: the administrators' settings page, and the
// two legs of a sign-in (off to the identity provider, and back).
import type { FastifyInstance } from 'fastify'
import type { AppConfig } from '../../../config.js'
import { NotFoundError, ValidationError } from '../../../domain/errors.js'
import type { Services } from '../../../services/index.js'
import type { PendingSingleSignOn } from '../../../services/single-sign-on-service.js'
import {
  addressAfterFirstStep,
  requirePermission,
  startSignedInSession,
  startTwoFactorStep,
} from '../../plugins/authentication.js'
import { readSingleSignOnForm } from './validation.js'
import {
  SINGLE_SIGN_ON_CALLBACK_PATH,
  SINGLE_SIGN_ON_SETTINGS_PATH,
  SINGLE_SIGN_ON_START_PATH,
  signInProblemViewModel,
  singleSignOnSettingsViewModel,
} from './view-model.js'

declare module 'fastify' {
  interface Session {
    /** State, nonce and PKCE verifier of a sign-in sent to the provider and not yet back. */
    singleSignOn?: PendingSingleSignOn
  }
}

export function singleSignOnRoutes(
  app: FastifyInstance,
  services: Services,
  config: Pick<AppConfig, 'publicUrl' | 'signInRateLimitPerMinute'>,
): void {
  const { singleSignOn } = services
  const adminOnly = { preHandler: requirePermission('settings:manage') }
  // Absolute and fixed: the provider only sends people back to a registered address.
  const redirectUri = `${config.publicUrl}${SINGLE_SIGN_ON_CALLBACK_PATH}`
  // Both legs write a session and call the provider: limited like password sign-in.
  // No HEAD twin: the rate limiter counts each route apart, so a HEAD route
  // (which would run the whole handler) would double the allowance.
  const rateLimited = {
    exposeHeadRoute: false,
    config: { rateLimit: { max: config.signInRateLimitPerMinute, timeWindow: '1 minute' } },
  }

  app.get(SINGLE_SIGN_ON_SETTINGS_PATH, adminOnly, async (request, reply) => {
    const settings = await singleSignOn.settingsForEditing(request.actor)
    const saved = (request.query as Record<string, unknown> | undefined)?.saved
    return reply.view(
      'single-sign-on/settings.njk',
      singleSignOnSettingsViewModel({
        settings,
        redirectUri,
        // Only while the page still shows the version that was saved.
        saved: settings.version > 0 && saved === String(settings.version),
      }),
    )
  })

  app.post(SINGLE_SIGN_ON_SETTINGS_PATH, adminOnly, async (request, reply) => {
    const form = readSingleSignOnForm(request.body)
    if (form.version === null) {
      throw new ValidationError([
        { field: 'version', message: 'The form was incomplete. Reload the page and try again.' },
      ])
    }
    try {
      const version = await singleSignOn.saveSettings(request.actor, form, form.version)
      return await reply.redirect(`${SINGLE_SIGN_ON_SETTINGS_PATH}?saved=${version}`, 303)
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      const settings = await singleSignOn.settingsForEditing(request.actor)
      return reply
        .status(400)
        .view(
          'single-sign-on/settings.njk',
          singleSignOnSettingsViewModel({ settings, redirectUri, form, errors: error.errors }),
        )
    }
  })

  app.get(SINGLE_SIGN_ON_START_PATH, rateLimited, async (request, reply) => {
    if (request.actor) return reply.redirect('/manage')
    const result = await singleSignOn.beginSignIn(redirectUri)
    if (!result.ok) {
      if (result.reason === 'not-enabled') throw new NotFoundError('Single sign-on is turned off')
      request.log.warn({ detail: result.detail }, 'single sign-on: provider unavailable')
      const page = signInProblemViewModel({ reason: 'provider-unavailable' })
      return reply.status(page.status).view('single-sign-on/sign-in-problem.njk', page)
    }
    request.session.singleSignOn = result.pending
    return reply.redirect(result.authorizationUrl, 303)
  })

  app.get(SINGLE_SIGN_ON_CALLBACK_PATH, rateLimited, async (request, reply) => {
    const pending = request.session.singleSignOn
    // One use only: a replayed callback finds nothing to match.
    if (pending) delete request.session.singleSignOn
    const queryStart = request.url.indexOf('?')
    const callbackUrl = new URL(redirectUri)
    callbackUrl.search = queryStart === -1 ? '' : request.url.slice(queryStart)
    const result = await singleSignOn.completeSignIn(callbackUrl, pending)
    if (result.ok) {
      // A new session id at sign-in, so an id planted before sign-in is useless.
      // With two-factor authentication on, the provider's word is only the first step.
      if (result.next === 'verify') {
        await startTwoFactorStep(request, services, result.userId, 'oidc')
      } else {
        await startSignedInSession(request, services, result.userId, {
          enrolmentRequired: result.next === 'enrol',
        })
      }
      return reply.redirect(addressAfterFirstStep(result.next), 303)
    }
    request.log.info(
      { reason: result.reason, providerError: result.providerError, detail: result.detail },
      'single sign-on refused',
    )
    const page = signInProblemViewModel(result)
    return reply.status(page.status).view('single-sign-on/sign-in-problem.njk', page)
  })
}
