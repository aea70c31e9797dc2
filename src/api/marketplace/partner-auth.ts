import type { FastifyRequest } from 'fastify'
import { AltegioError, accessDenied, authenticationNeeded } from '../../http/errors.js'
import type { StoredApplication } from '../../schemas/marketplace/application.js'
import { type AuthOptions, authenticate, authorize } from '../shared/auth.js'
import { checkAccept } from '../shared/conformance.js'
import { MARKETPLACE_MESSAGES } from './errors.js'
import type { Marketplace } from './marketplace.js'

const EXPECTED = 'Authorization: Bearer <partner token>'
// A User part is tolerated: the partner token is what these routes read.
const PARTNER = /^Bearer[ \t]+([^\s,]+)(?:[ \t]*,[ \t]*User[ \t]+[^\s,]+)?$/i

/**
 * The partner token of a partner-only route (BearerPartner, marketplace contract section
 * 0): 401 without one, or with one the mock was not started with.
 */
export function partnerToken(
  request: FastifyRequest,
  auth: AuthOptions,
  routes = 'the marketplace partner routes',
): string {
  checkAccept(request)
  const value = request.headers.authorization?.trim() ?? ''
  if (value === '') {
    throw authenticationNeeded(`no Authorization header; ${routes} need ${EXPECTED}`)
  }
  const match = PARTNER.exec(value)
  if (!match?.[1]) {
    throw authenticationNeeded(`the Authorization header is not in the expected form ${EXPECTED}`)
  }
  if (auth.partnerTokens.length > 0 && !auth.partnerTokens.includes(match[1])) {
    throw authenticationNeeded(
      'the partner token is not one of the tokens this mock was started with (--partner-token)',
    )
  }
  return match[1]
}

/** Partner and owner (BearerPartnerUser) for the owner's grant; 403 for a user limited elsewhere. */
export function ownerAuth(request: FastifyRequest, auth: AuthOptions, locationId: string): void {
  checkAccept(request)
  try {
    const { user } = authenticate(request.headers.authorization, auth)
    authorize(user, locationId, auth)
  } catch (error) {
    if (!(error instanceof AltegioError)) throw error
    // Its reasons name hooks_settings; this route is the grant.
    const hint = error.hint?.replace('hooks_settings', 'grant_access')
    throw new AltegioError(error.statusCode, error.message, undefined, hint)
  }
}

/**
 * The application a partner acts on: 404 when the mock does not know it,
 * 403 when another partner token owns it. `denied`: the 403's text, where a
 * route's source gives its own.
 */
export function ownedApplication(
  marketplace: Marketplace,
  applicationId: number,
  partner: string,
  denied = 'Access denied.',
): StoredApplication {
  const application = marketplace.application(applicationId)
  if (!application) {
    throw new AltegioError(
      404,
      MARKETPLACE_MESSAGES.applicationNotFound,
      undefined,
      `application ${applicationId} is not registered with the mock (POST /__mock/applications)`,
    )
  }
  ownedBy(application, partner, denied)
  return application
}

/** 403 when another partner token than `partner` owns the application. */
export function ownedBy(
  application: StoredApplication,
  partner: string,
  denied = 'Access denied.',
): void {
  if (application.partner_token === partner) return
  const hint = `application ${application.application_id} belongs to another partner token than the one sent`
  throw denied === 'Access denied.'
    ? accessDenied(hint)
    : new AltegioError(403, denied, undefined, hint)
}
