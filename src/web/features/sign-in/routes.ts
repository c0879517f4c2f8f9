import type { FastifyInstance } from 'fastify'
import type { FieldError } from '../../../domain/errors.js'
import type { Services } from '../../../services/index.js'
import { errorViewModel } from '../../form-errors.js'
import { readSignInForm, validateSignInForm, WRONG_CREDENTIALS } from './validation.js'

export function signInRoutes(
  app: FastifyInstance,
  services: Services,
  rateLimitPerMinute: number,
): void {
  const render = async (form: { email: string }, errors: FieldError[]) => ({
    pageTitle: 'Sign in',
    form: { email: form.email },
    // "Sign in with <provider>" above the password form, when single sign-on is on.
    singleSignOn: await services.singleSignOn.signInOption(),
    ...errorViewModel(errors),
  })

  app.get('/sign-in', async (request, reply) => {
    if (request.actor) return reply.redirect('/manage')
    return reply.view('sign-in/sign-in.njk', await render({ email: '' }, []))
  })

  app.post(
    '/sign-in',
    { config: { rateLimit: { max: rateLimitPerMinute, timeWindow: '1 minute' } } },
    async (request, reply) => {
      const form = readSignInForm(request.body)
      const errors = validateSignInForm(form)
      if (errors.length > 0) {
        return reply.status(400).view('sign-in/sign-in.njk', await render(form, errors))
      }
      const result = await services.auth.signIn(form.email, form.password)
      if (!result.ok) {
        return reply
          .status(401)
          .view('sign-in/sign-in.njk', await render(form, [WRONG_CREDENTIALS]))
      }
      // A new session id at sign-in, so an id planted before sign-in is useless.
      await request.session.regenerate()
      request.session.userId = result.actor.userId
      return reply.redirect('/manage', 303)
    },
  )

  app.post('/sign-out', async (request, reply) => {
    if (request.actor) await services.auth.recordSignOut(request.actor)
    await request.session.destroy()
    return reply.redirect('/', 303)
  })
}
