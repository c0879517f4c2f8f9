// Rotating DATA_ENCRYPTION_KEY (issue 4): every stored sealed value is opened
// with the previous key and sealed again with the new one, in one transaction
// with its audit event, so a refusal or a crash half-way leaves every value as it
// was. Nothing is re-sealed unless every value can be read: a wrong previous key
// must not leave some secrets under one key and some under another.
import {
  listSealedValues,
  replaceSealedValue,
  type SealedColumn,
  type SealedValue,
} from '../data/repositories/sealed-secret-repository.js'
import { ValidationError } from '../domain/errors.js'
import { recordAudit } from './audit-trail.js'
import type { AuditActor, ServiceContext } from './context.js'
import { SEALED_PURPOSES, SecretBox } from './secret-box.js'

export interface DataKeys {
  /** PREVIOUS_DATA_ENCRYPTION_KEY: what the stored values are sealed with now. */
  readonly previous: string | null
  /** DATA_ENCRYPTION_KEY: what they are to be sealed with. */
  readonly current: string
}

export type ResealedCounts = Readonly<Record<SealedColumn, number>>

export type DataKeyRotation =
  | {
      readonly ok: true
      readonly resealed: ResealedCounts
      /**
       * Already sealed with the new key: written since the service started with
       * it (it opens both), or by an earlier run of the rotation.
       */
      readonly alreadyCurrent: number
    }
  | {
      readonly ok: false
      /** Opened by neither key. Nothing was changed. */
      readonly unreadable: readonly Pick<SealedValue, 'column' | 'accountEmail'>[]
    }

const PURPOSE_OF: Readonly<Record<SealedColumn, string>> = {
  'totp-secret': SEALED_PURPOSES.twoFactorSecret,
  'pending-totp-secret': SEALED_PURPOSES.twoFactorSecret,
  'single-sign-on-client-secret': SEALED_PURPOSES.singleSignOnClientSecret,
}

/** Thrown when the service changed a sealed value during the rotation: nothing was changed. */
export class SealedValueChangedError extends Error {
  override name = 'SealedValueChangedError'
}

export class DataKeyRotationService {
  constructor(private readonly context: ServiceContext) {}

  async rotate(keys: DataKeys, by: AuditActor): Promise<DataKeyRotation> {
    const previous = keys.previous
    if (previous === null) {
      throw new ValidationError([
        {
          field: 'PREVIOUS_DATA_ENCRYPTION_KEY',
          message:
            'set it to the key the stored secrets are sealed with now, and DATA_ENCRYPTION_KEY to the new key',
        },
      ])
    }
    if (previous === keys.current) {
      throw new ValidationError([
        {
          field: 'DATA_ENCRYPTION_KEY',
          message: 'it is the same as PREVIOUS_DATA_ENCRYPTION_KEY: set it to the new key',
        },
      ])
    }
    const boxes = new Map<string, { previous: SecretBox; current: SecretBox }>()
    const boxesFor = (column: SealedColumn) => {
      const purpose = PURPOSE_OF[column]
      let pair = boxes.get(purpose)
      if (!pair) {
        pair = {
          previous: new SecretBox(previous, purpose),
          current: new SecretBox(keys.current, purpose),
        }
        boxes.set(purpose, pair)
      }
      return pair
    }

    const { db, now } = this.context
    const at = now()
    return db.transaction().execute(async (trx): Promise<DataKeyRotation> => {
      const resealing: { value: SealedValue; resealed: string }[] = []
      const unreadable: Pick<SealedValue, 'column' | 'accountEmail'>[] = []
      let alreadyCurrent = 0
      for (const value of await listSealedValues(trx)) {
        const box = boxesFor(value.column)
        const plaintext = box.previous.open(value.sealed)
        if (plaintext !== null) {
          resealing.push({ value, resealed: box.current.seal(plaintext) })
        } else if (box.current.open(value.sealed) !== null) {
          alreadyCurrent += 1
        } else {
          unreadable.push({ column: value.column, accountEmail: value.accountEmail })
        }
      }
      if (unreadable.length > 0) return { ok: false, unreadable }

      const resealed: Record<SealedColumn, number> = {
        'totp-secret': 0,
        'pending-totp-secret': 0,
        'single-sign-on-client-secret': 0,
      }
      for (const { value, resealed: sealed } of resealing) {
        if (!(await replaceSealedValue(trx, value, sealed))) {
          // Throwing rolls back the values already re-sealed in this transaction.
          throw new SealedValueChangedError(
            'A stored secret changed while the key was being rotated, so nothing was changed. Run rotate-data-key again.',
          )
        }
        resealed[value.column] += 1
      }
      // Counts only: never a secret, sealed or not.
      await recordAudit(trx, at, {
        actor: by,
        action: 'data-encryption-key.rotated',
        recordType: 'database',
        recordId: null,
        partnershipId: null,
        after: {
          twoFactorSecrets: resealed['totp-secret'],
          pendingTwoFactorSecrets: resealed['pending-totp-secret'],
          singleSignOnClientSecrets: resealed['single-sign-on-client-secret'],
          alreadyCurrent,
        },
      })
      return { ok: true, resealed, alreadyCurrent }
    })
  }
}
