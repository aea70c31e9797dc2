import { AltegioError, validationFailed } from '../../http/errors.js'
import { MarketplaceRefusal } from './marketplace.js'

/** The texts the sources give the marketplace's errors (marketplace contract, section 0). */
export const MARKETPLACE_MESSAGES = {
  applicationNotFound: 'Application not found',
  notInstalled: "Application isn't installed",
  noAccess: 'No access to application',
} as const

/**
 * A refusal as the Altegio routes answer it: 404 with the sources' text (the
 * reason as a conformance warning), or a 422 naming the field.
 */
export function apiError(refusal: MarketplaceRefusal): AltegioError {
  switch (refusal.kind) {
    case 'application':
      return new AltegioError(
        404,
        MARKETPLACE_MESSAGES.applicationNotFound,
        undefined,
        refusal.message,
      )
    case 'installation':
      return new AltegioError(404, MARKETPLACE_MESSAGES.notInstalled, undefined, refusal.message)
    default:
      return validationFailed({ [refusal.field]: [refusal.message] })
  }
}

/** A refusal as the /__mock routes answer it: the reason itself, 404, 409 or 422. */
export function controlError(refusal: MarketplaceRefusal): AltegioError {
  switch (refusal.kind) {
    case 'application':
    case 'installation':
      return new AltegioError(404, refusal.message)
    case 'transition':
      return new AltegioError(409, refusal.message)
    default:
      return validationFailed({ [refusal.field]: [refusal.message] })
  }
}

/** Awaits `work`, answering a refusal as `shape` says; every 422 of a route can be forced. */
export async function answering<T>(
  work: Promise<T>,
  shape: (refusal: MarketplaceRefusal) => AltegioError,
): Promise<T> {
  try {
    return await work
  } catch (error) {
    if (error instanceof MarketplaceRefusal) throw shape(error)
    throw error
  }
}
