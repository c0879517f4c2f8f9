import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { FieldError } from '../../../domain/errors.js'
import type { Services } from '../../../services/index.js'
import { errorViewModel } from '../../form-errors.js'
import {
  TWO_FACTOR_SIGN_IN_PATH,
  addressAfterFirstStep,
  startSignedInSession,
  startTwoFactorStep,
} from '../../plugins/authentication.js'
import {
  WRONG_CODE,
  readSignInForm,
  readTwoFactorForm,
  validateSignInForm,
  validateTwoFactorForm,
  WRONG_CREDENTIALS,
} from './validation.js'
import { signedOutNotice, TWO_FACTOR_STEP_LIFETIME_MS } from './view-model.js'

export function signInRoutes(
  app: FastifyInstance,
  services: Services,
  rateLimitPerMinute: number,
): void {
  const rateLimited = { config: { rateLimit: { max: rateLimitPerMinute, timeWindow: '1 minute' } } }

  const render = async (
    form: { email: string },
    errors: FieldError[],
    extra: { notice?: string | null; failed?: boolean } = {},
  ) => ({
    pageTitle: 'Sign in',
    form: { email: form.email },
    // "Sign in with <provider>" above the password form, when single sign-on is on.
    singleSignOn: await services.singleSignOn.signInOption(),
    notice: extra.notice ?? null,
    // Shown after every failed attempt, locked or not, so it tells no one which
    // accounts exist or are locked.
    lockoutHint: extra.failed === true,
    ...errorViewModel(errors),
  })

  app.get('/sign-in', async (request, reply) => {
    if (request.actor) return reply.redirect('/manage')
    const query = request.query as Record<string, unknown> | undefined
    const notice = signedOutNotice(query?.['signed-out'], services.sessions.limits)
    return reply.view('sign-in/sign-in.njk', await render({ email: '' }, [], { notice }))
  })

  app.post('/sign-in', rateLimited, async (request, reply) => {
    const form = readSignInForm(request.body)
    const errors = validateSignInForm(form)
    if (errors.length > 0) {
      return reply.status(400).view('sign-in/sign-in.njk', await render(form, errors))
    }
    const result = await services.auth.signIn(form.email, form.password)
    if (!result.ok) {
      return reply
        .status(401)
        .view('sign-in/sign-in.njk', await render(form, [WRONG_CREDENTIALS], { failed: true }))
    }
    // A new session id at each step of signing in, so an id planted before is useless.
    if (result.next === 'verify') {
      await startTwoFactorStep(request, services, result.actor.userId, 'password')
    } else {
      await startSignedInSession(request, services, result.actor.userId, {
        enrolmentRequired: result.next === 'enrol',
      })
    }
    return reply.redirect(addressAfterFirstStep(result.next), 303)
  })

  /** The half-finished sign-in of this session, if it is not too old. */
  function pendingTwoFactor(request: FastifyRequest) {
    const pending = request.session.twoFactorPending
    if (!pending) return null
    const age = services.sessions.now().getTime() - Date.parse(pending.startedAt)
    return age >= 0 && age <= TWO_FACTOR_STEP_LIFETIME_MS ? pending : null
  }

  const renderTwoFactor = (errors: FieldError[], failed = false) => ({
    pageTitle: 'Enter a code to finish signing in',
    lockoutHint: failed,
    ...errorViewModel(errors),
  })

  app.get(TWO_FACTOR_SIGN_IN_PATH, async (request, reply) => {
    if (request.actor) return reply.redirect('/manage')
    if (!request.session.twoFactorPending) return reply.redirect('/sign-in')
    if (!pendingTwoFactor(request)) {
      delete request.session.twoFactorPending
      return reply.redirect('/sign-in?signed-out=sign-in-expired')
    }
    return reply.view('sign-in/two-factor.njk', renderTwoFactor([]))
  })

  app.post(TWO_FACTOR_SIGN_IN_PATH, rateLimited, async (request, reply) => {
    if (request.actor) return reply.redirect('/manage', 303)
    const pending = pendingTwoFactor(request)
    if (!pending) {
      delete request.session.twoFactorPending
      return reply.redirect('/sign-in?signed-out=sign-in-expired', 303)
    }
    const form = readTwoFactorForm(request.body)
    const errors = validateTwoFactorForm(form)
    if (errors.length > 0) {
      return reply.status(400).view('sign-in/two-factor.njk', renderTwoFactor(errors))
    }
    const result = await services.accountSecurity.completeSignInWithCode(
      pending.userId,
      form.code,
      pending.firstFactor,
    )
    if (!result.ok) {
      if (result.reason === 'not-enrolled') {
        // Reset by an administrator (or the account turned off) meanwhile: start again.
        delete request.session.twoFactorPending
        return reply.redirect('/sign-in', 303)
      }
      return reply.status(401).view('sign-in/two-factor.njk', renderTwoFactor([WRONG_CODE], true))
    }
    // Signed in only now, and with yet another session id.
    await startSignedInSession(request, services, result.actor.userId, {
      enrolmentRequired: false,
    })
    return reply.redirect('/manage', 303)
  })

  app.post('/sign-out', async (request, reply) => {
    if (request.actor) await services.auth.recordSignOut(request.actor)
    await request.session.destroy()
    return reply.redirect('/', 303)
  })
}
