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

/** Someone else saved the record since this user loaded it (optimistic locking). */
export class StaleVersionError extends Error {
  override name = 'StaleVersionError'
  constructor(
    readonly recordType: string,
    readonly recordId: string,
  ) {
    super(
      `This ${recordType} was changed by someone else after you opened it. Your changes have not been saved. Reload the page to see the latest version, then make your changes again.`,
    )
  }
}
