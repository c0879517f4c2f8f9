// Account security pages (issue 4): one's own account (two-factor set-up,
// password, signing out other sessions), and the administrators' pages (the
// partnership's users with "Reset two-factor authentication", and the setting
// that requires two-factor authentication for everyone).
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { NotFoundError, ValidationError } from '../../../domain/errors.js'
import type { Services } from '../../../services/index.js'
import { requirePermission, requireSignedIn } from '../../plugins/authentication.js'
import { setFlash } from '../../flash.js'
import { errorViewModel } from '../../form-errors.js'
import { formBody, text } from '../../form-fields.js'
import {
  INCOMPLETE_FORM,
  readEnrolmentForm,
  readPasswordForm,
  readTwoFactorSettingForm,
} from './validation.js'
import {
  ACCOUNT_PATH,
  EMAIL_REMINDERS_PATH,
  PASSWORD_PATH,
  SIGN_OUT_OTHER_SESSIONS_PATH,
  TWO_FACTOR_PATH,
  TWO_FACTOR_SETTING_PATH,
  USERS_PATH,
  accountNotice,
  accountViewModel,
  enrolledViewModel,
  enrolmentViewModel,
  passwordViewModel,
  recoveryCodesViewModel,
  resetTwoFactorViewModel,
  twoFactorSettingViewModel,
  usersViewModel,
} from './view-model.js'

const userParams = z.object({ userId: z.uuid() })

function queryValue(query: unknown, name: string): string | null {
  const value = (query as Record<string, unknown> | undefined)?.[name]
  return typeof value === 'string' ? value : null
}

export function accountSecurityRoutes(
  app: FastifyInstance,
  services: Services,
  rateLimitPerMinute: number,
): void {
  const { accountSecurity } = services
  const signedIn = { preHandler: requireSignedIn }
  // Checking the current password is a chance to guess it: limited like signing in.
  const signedInRateLimited = {
    preHandler: requireSignedIn,
    config: { rateLimit: { max: rateLimitPerMinute, timeWindow: '1 minute' } },
  }
  const usersAdmin = { preHandler: requirePermission('users:manage') }
  const settingsAdmin = { preHandler: requirePermission('settings:manage') }

  // ------------------------------------------------------------ one's account

  app.get(ACCOUNT_PATH, signedIn, async (request, reply) => {
    const overview = await accountSecurity.overview(request.actor!)
    return reply.view(
      'account-security/account.njk',
      accountViewModel(
        overview,
        accountNotice(request.query),
        await services.mailPreferences.get(request.actor),
      ),
    )
  })

  // Issue 10: each reminder by email, or the weekly digest only.
  app.post(EMAIL_REMINDERS_PATH, signedIn, async (request, reply) => {
    const body = formBody(request.body)
    const version = /^\d{1,9}$/.test(text(body, 'version') ?? '')
      ? Number(text(body, 'version'))
      : 0
    try {
      await services.mailPreferences.save(request.actor, text(body, 'mailChoice'), version)
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      const overview = await accountSecurity.overview(request.actor!)
      return reply.status(400).view('account-security/account.njk', {
        ...accountViewModel(
          overview,
          null,
          await services.mailPreferences.get(request.actor),
          error.errors[0]?.message ?? 'Select which reminder emails you want',
        ),
        ...errorViewModel(error.errors),
      })
    }
    setFlash(request, 'Your choice of reminder emails is saved')
    return reply.redirect(ACCOUNT_PATH, 303)
  })

  app.get(TWO_FACTOR_PATH, signedIn, async (request, reply) => {
    const actor = request.actor!
    const { email } = await accountSecurity.overview(actor)
    const enrolment = await accountSecurity.enrolmentFor(actor, email)
    if (enrolment.status === 'enrolled') {
      return reply.view('account-security/two-factor-on.njk', enrolledViewModel(enrolment))
    }
    return reply.view(
      'account-security/two-factor-set-up.njk',
      await enrolmentViewModel({
        enrolment,
        required: request.session.twoFactorEnrolmentRequired === true,
      }),
    )
  })

  app.post(TWO_FACTOR_PATH, signedInRateLimited, async (request, reply) => {
    const actor = request.actor!
    const form = readEnrolmentForm(request.body)
    try {
      const { recoveryCodes } = await accountSecurity.confirmEnrolment(actor, form.code)
      // More is now at stake in this session: a new id for it, keeping who and when.
      await request.session.regenerate(['userId', 'signedInAt', 'lastActivityAt'])
      // The recovery codes are in this response only: never stored in clear, never shown again.
      return await reply.view(
        'account-security/recovery-codes.njk',
        recoveryCodesViewModel(recoveryCodes),
      )
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      const { email } = await accountSecurity.overview(actor)
      const enrolment = await accountSecurity.enrolmentFor(actor, email)
      if (enrolment.status === 'enrolled') return reply.redirect(TWO_FACTOR_PATH, 303)
      return reply.status(400).view(
        'account-security/two-factor-set-up.njk',
        await enrolmentViewModel({
          enrolment,
          required: request.session.twoFactorEnrolmentRequired === true,
          errors: error.errors,
        }),
      )
    }
  })

  app.get(PASSWORD_PATH, signedIn, async (_request, reply) =>
    reply.view('account-security/password.njk', passwordViewModel()),
  )

  app.post(PASSWORD_PATH, signedInRateLimited, async (request, reply) => {
    const form = readPasswordForm(request.body)
    try {
      await accountSecurity.changePassword(request.actor!, form, request.session.sessionId)
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      return reply
        .status(400)
        .view('account-security/password.njk', passwordViewModel(error.errors))
    }
    return reply.redirect(`${ACCOUNT_PATH}?done=password`, 303)
  })

  app.post(SIGN_OUT_OTHER_SESSIONS_PATH, signedIn, async (request, reply) => {
    const ended = await services.sessions.signOutOtherSessions(
      request.actor!,
      request.session.sessionId,
    )
    return reply.redirect(`${ACCOUNT_PATH}?done=sessions&count=${ended}`, 303)
  })

  // ----------------------------------------------------------- administrators

  app.get(USERS_PATH, usersAdmin, async (request, reply) => {
    const partnerships = await accountSecurity.accountsForAdministration(request.actor)
    const resetId = queryValue(request.query, 'reset')
    const reset = partnerships
      .flatMap((partnership) => partnership.accounts)
      .find((account) => account.userId === resetId)
    return reply.view(
      'account-security/users.njk',
      usersViewModel(partnerships, reset?.displayName ?? null),
    )
  })

  app.get(`${USERS_PATH}/:userId/reset-two-factor`, usersAdmin, async (request, reply) => {
    const params = userParams.safeParse(request.params)
    if (!params.success) throw new NotFoundError('Not an account address')
    const account = await accountSecurity.accountForAdministration(
      request.actor,
      params.data.userId,
    )
    return reply.view('account-security/reset-two-factor.njk', resetTwoFactorViewModel(account))
  })

  app.post(`${USERS_PATH}/:userId/reset-two-factor`, usersAdmin, async (request, reply) => {
    const params = userParams.safeParse(request.params)
    if (!params.success) throw new NotFoundError('Not an account address')
    await accountSecurity.resetTwoFactor(request.actor, params.data.userId)
    return reply.redirect(`${USERS_PATH}?reset=${params.data.userId}`, 303)
  })

  app.get(TWO_FACTOR_SETTING_PATH, settingsAdmin, async (request, reply) => {
    const setting = await accountSecurity.settingForEditing(request.actor)
    const saved = queryValue(request.query, 'saved')
    return reply.view(
      'account-security/setting.njk',
      twoFactorSettingViewModel({
        setting,
        saved: setting.version > 0 && saved === String(setting.version),
      }),
    )
  })

  app.post(TWO_FACTOR_SETTING_PATH, settingsAdmin, async (request, reply) => {
    const form = readTwoFactorSettingForm(request.body)
    if (form.version === null) throw new ValidationError([INCOMPLETE_FORM])
    try {
      const version = await accountSecurity.saveSetting(
        request.actor,
        form.requireForEveryone,
        form.version,
      )
      return await reply.redirect(`${TWO_FACTOR_SETTING_PATH}?saved=${version}`, 303)
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      const setting = await accountSecurity.settingForEditing(request.actor)
      return reply
        .status(400)
        .view(
          'account-security/setting.njk',
          twoFactorSettingViewModel({ setting, form, errors: error.errors }),
        )
    }
  })
}
