import type { Db } from '../data/db.js'

/** What every service is built with: the database and a clock tests can set. */
export interface ServiceContext {
  readonly db: Db
  readonly now: () => Date
}

/** Who did it, as the audit trail records it. */
export type AuditActor =
  | { readonly kind: 'user'; readonly userId: string; readonly label: string }
  | { readonly kind: 'system'; readonly label: string }

export function userActor(actor: { userId: string; displayName: string }): AuditActor {
  return { kind: 'user', userId: actor.userId, label: actor.displayName }
}

export const COMMAND_LINE: AuditActor = { kind: 'system', label: 'command line' }
export const DEMO_DATA_LOADER: AuditActor = { kind: 'system', label: 'demo data loader' }
