import type { FieldError } from '../../../domain/errors.js'

export interface SignInForm {
  email: string
  password: string
}

/** Reads the posted form without trusting its shape. */
export function readSignInForm(body: unknown): SignInForm {
  const fields = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>
  return {
    email: typeof fields.email === 'string' ? fields.email.trim() : '',
    password: typeof fields.password === 'string' ? fields.password : '',
  }
}

export function validateSignInForm(form: SignInForm): FieldError[] {
  const errors: FieldError[] = []
  if (form.email === '') {
    errors.push({ field: 'email', message: 'Enter your email address' })
  } else if (form.email.length > 254 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(form.email)) {
    errors.push({
      field: 'email',
      message: 'Enter an email address in the correct format, like name@example.org',
    })
  }
  if (form.password === '') {
    errors.push({ field: 'password', message: 'Enter your password' })
  } else if (form.password.length > 256) {
    errors.push({ field: 'password', message: 'Password must be 256 characters or fewer' })
  }
  return errors
}

/** Deliberately the same whichever part was wrong (no hint that an account exists). */
export const WRONG_CREDENTIALS: FieldError = {
  field: 'email',
  message: 'Enter a correct email address and password',
}

export interface TwoFactorForm {
  code: string
}

export function readTwoFactorForm(body: unknown): TwoFactorForm {
  const fields = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>
  return { code: typeof fields.code === 'string' ? fields.code.trim().slice(0, 101) : '' }
}

export function validateTwoFactorForm(form: TwoFactorForm): FieldError[] {
  if (form.code === '') {
    return [
      { field: 'code', message: 'Enter the code from your authenticator app, or a recovery code' },
    ]
  }
  if (form.code.length > 100) {
    return [{ field: 'code', message: 'The code must be 100 characters or fewer' }]
  }
  return []
}

/** The same whether the code was wrong, used before, or the account is locked. */
export const WRONG_CODE: FieldError = {
  field: 'code',
  message: 'Enter a correct code from your authenticator app, or an unused recovery code',
}
