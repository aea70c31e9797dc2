/** Field name -> what is wrong with it, as the real API's 422 `meta.errors`. */
export type FieldErrors = Record<string, string[]>

/**
 * An error that becomes an Altegio error envelope. Routes throw these; the one
 * error handler shapes them (see error-handler.ts).
 */
export class AltegioError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly errors?: FieldErrors,
    /** Why, for people: sent as a conformance warning, never in the body. */
    readonly hint?: string,
  ) {
    super(message)
    this.name = 'AltegioError'
  }
}

/** The real API's texts (contract section 3), kept byte for byte. */
export const MESSAGES = {
  authenticationNeeded: 'Authentication needed.',
  accessDenied: 'Access denied.',
  validationFailed: 'An error has occurred.',
} as const

export const authenticationNeeded = (hint: string) =>
  new AltegioError(401, MESSAGES.authenticationNeeded, undefined, hint)

export const accessDenied = (hint: string) =>
  new AltegioError(403, MESSAGES.accessDenied, undefined, hint)

export const validationFailed = (errors: FieldErrors) =>
  new AltegioError(422, MESSAGES.validationFailed, errors)
