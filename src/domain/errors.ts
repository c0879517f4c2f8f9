// Errors that mean something to a user. The web layer turns each into the right
// page or status in one place; anything else is a fault and becomes a 500.

export interface FieldError {
  readonly field: string
  readonly message: string
}

export class ValidationError extends Error {
  override name = 'ValidationError'
  constructor(readonly errors: readonly FieldError[]) {
    super(errors.map((error) => `${error.field}: ${error.message}`).join('; '))
  }
}

export class NotFoundError extends Error {
  override name = 'NotFoundError'
}

export class AccessDeniedError extends Error {
  override name = 'AccessDeniedError'
}

/**
 * A record's saved values as a person sees them: field label → value, in form
 * order. Only what the user who hit the conflict may see anyway: never a
 * restricted identity field.
 */
export type SavedVersion = Readonly<Record<string, string>>

/**
 * Someone else saved the record since this user loaded it (optimistic locking).
 * `current`, when the service could read it, is the version saved now, so the
 * conflict page can show it beside what the user tried to save.
 */
export class StaleVersionError extends Error {
  override name = 'StaleVersionError'
  constructor(
    readonly recordType: string,
    readonly recordId: string,
    readonly current?: SavedVersion,
  ) {
    super(
      `This ${recordType} was changed by someone else after you opened it. Your changes have not been saved. Reload the page to see the latest version, then make your changes again.`,
    )
  }

  /** The same refusal, carrying the version saved now. */
  withCurrent(current: SavedVersion): StaleVersionError {
    return new StaleVersionError(this.recordType, this.recordId, current)
  }
}
