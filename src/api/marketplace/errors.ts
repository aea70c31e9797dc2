import { AltegioError, validationFailed } from '../../http/errors.js'
import { MarketplaceRefusal } from './marketplace.js'

/** The texts the sources give the marketplace's errors (marketplace contract, section 0). */
export const MARKETPLACE_MESSAGES = {
  applicationNotFound: 'Application not found',
  notInstalled: "Application isn't installed",
  noAccess: 'No access to application',
} as const

/**
 * A repeated partner callback of an active installation: 403 with these texts
 * (marketplace contract, section 2). Which host answers which is the mock's
 * choice: the Russian one was logged from api.yclients.com, the English one
 * from app.alteg.io.
 */
export const ALREADY_INSTALLED = {
  en: 'The user has already installed this application.',
  ru: 'Пользователь уже установил это приложение.',
} as const

/** The text of a repeated callback for a request to `host`: Russian on yclients.com, else English. */
export const alreadyInstalled = (host: string | undefined) =>
  /(^|\.)yclients\.com$/i.test(host ?? '') ? ALREADY_INSTALLED.ru : ALREADY_INSTALLED.en

/**
 * A refusal as the Altegio routes answer it: 404 with the sources' text (the
 * reason as a conformance warning), 403 for a repeated callback (its text
 * by `host`), or a 422 naming the field.
 */
export function apiError(refusal: MarketplaceRefusal, host?: string): AltegioError {
  switch (refusal.kind) {
    case 'installed':
      return new AltegioError(403, alreadyInstalled(host), undefined, refusal.message)
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
    case 'installed':
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
