// Showing a child's restricted identity fields (issue 4): hidden by default even
// from people who may open the record; someone holding 'identity:view' gives a
// reason, which is audited, and sees them for a short while.
import type { FieldError } from '../errors.js'
import { checkText } from '../incidents/field-rules.js'
import { compactNhsNumber } from '../redaction/nhs-number.js'

export const DISCLOSURE_REASON_MIN_LENGTH = 10
export const DISCLOSURE_REASON_MAX_LENGTH = 500
/** How long one reason keeps the details on show, in this session only. */
export const IDENTITY_UNLOCK_MINUTES = 15

/** What the details are shown for: the incident page, or the pack for the Panel's form (S5). */
export const DISCLOSURE_PURPOSES = ['incident', 'notification-pack'] as const
export type DisclosurePurpose = (typeof DISCLOSURE_PURPOSES)[number]

export function isDisclosurePurpose(value: unknown): value is DisclosurePurpose {
  return typeof value === 'string' && (DISCLOSURE_PURPOSES as readonly string[]).includes(value)
}

/** A reason given, for one incident, until a time (ISO 8601). Kept in the person's session. */
export interface IdentityUnlock {
  readonly incidentId: string
  readonly reason: string
  readonly until: string
}

/**
 * Checks the reason: required, 10 to 500 characters, plain text. It goes into
 * the audit trail, so it must not repeat the details it unlocks: a reason
 * holding one of the child's identity values is refused (without echoing it).
 */
export function readDisclosureReason(
  value: unknown,
  identityValues: readonly string[],
  errors: FieldError[],
): string | null {
  const reason = checkText(
    value,
    {
      field: 'reason',
      label: 'Reason',
      max: DISCLOSURE_REASON_MAX_LENGTH,
      requiredMessage: 'Enter why you need to see the identifying details',
      multiline: true,
    },
    errors,
  )
  if (reason === null) return null
  if (reason.length < DISCLOSURE_REASON_MIN_LENGTH) {
    errors.push({
      field: 'reason',
      message: `Reason must be ${DISCLOSURE_REASON_MIN_LENGTH} characters or more`,
    })
    return null
  }
  const lower = reason.toLowerCase()
  // An NHS number is stored as ten digits but written "943 476 5919" or
  // "943-476-5919": it is looked for among the reason's digits alone.
  const digits = compactNhsNumber(reason)
  // Very short values (an initial) would refuse ordinary words.
  const repeats = identityValues.some(
    (identity) =>
      (identity.trim().length >= 3 && lower.includes(identity.trim().toLowerCase())) ||
      (/^\d{10}$/.test(identity) && digits.includes(identity)),
  )
  if (repeats) {
    errors.push({
      field: 'reason',
      message:
        'Reason must not include the child’s name, date of birth, address, local authority reference or NHS number: it is kept in the audit trail',
    })
    return null
  }
  return reason
}

export function unlockUntil(now: Date): string {
  return new Date(now.getTime() + IDENTITY_UNLOCK_MINUTES * 60_000).toISOString()
}

/** Is this unlock for this incident and still in time? */
export function isUnlocked(
  unlock: IdentityUnlock | null | undefined,
  incidentId: string,
  now: Date,
): unlock is IdentityUnlock {
  return (
    unlock !== null &&
    unlock !== undefined &&
    unlock.incidentId === incidentId &&
    Date.parse(unlock.until) > now.getTime()
  )
}
