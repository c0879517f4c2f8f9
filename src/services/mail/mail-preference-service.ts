// "Digest only" (issue 10): a person may take one weekly digest instead of each
// reminder. Their own choice, in their account; saved with a version and audited.
import {
  findMailPreference,
  saveMailPreference,
} from '../../data/repositories/mail/recipient-repository.js'
import type { Actor } from '../../domain/access/roles.js'
import { AccessDeniedError, StaleVersionError, ValidationError } from '../../domain/errors.js'
import { recordAudit } from '../audit-trail.js'
import { type ServiceContext, userActor } from '../context.js'

export const MAIL_CHOICES = ['each', 'digest-only'] as const
export type MailChoice = (typeof MAIL_CHOICES)[number]

export interface MailPreferenceView {
  readonly choice: MailChoice
  /** 0 while the person has never chosen. */
  readonly version: number
}

export class MailPreferenceService {
  constructor(private readonly context: ServiceContext) {}

  async get(actor: Actor | null): Promise<MailPreferenceView> {
    if (actor === null) throw new AccessDeniedError('Sign in first')
    const saved = await findMailPreference(this.context.db, actor.userId)
    return {
      choice: saved?.digestOnly ? 'digest-only' : 'each',
      version: saved?.version ?? 0,
    }
  }

  async save(actor: Actor | null, choice: unknown, expectedVersion: number): Promise<void> {
    if (actor === null) throw new AccessDeniedError('Sign in first')
    if (typeof choice !== 'string' || !(MAIL_CHOICES as readonly string[]).includes(choice)) {
      throw new ValidationError([
        { field: 'mailChoice', message: 'Select which reminder emails you want' },
      ])
    }
    const { db, now } = this.context
    const at = now()
    await db.transaction().execute(async (trx) => {
      const saved = await saveMailPreference(trx, actor.userId, {
        digestOnly: choice === 'digest-only',
        expectedVersion: expectedVersion === 0 ? null : expectedVersion,
        now: at.toISOString(),
      })
      if (!saved) throw new StaleVersionError('email choice', actor.userId)
      await recordAudit(trx, at, {
        actor: userActor(actor),
        action: 'mail-preference.changed',
        recordType: 'app_user',
        recordId: actor.userId,
        partnershipId: null,
        after: { choice },
      })
    })
  }
}
