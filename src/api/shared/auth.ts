import type { MockConfig } from '../../config/index.js'
import { accessDenied, authenticationNeeded } from '../../http/errors.js'

/**
 * Partner and user tokens accepted (empty: any non-empty token), and user
 * tokens limited to some locations (users not listed reach every location).
 */
export type AuthOptions = Pick<MockConfig, 'partnerTokens' | 'userTokens' | 'userAccess'>

export interface Credentials {
  partner: string
  user: string
}

const EXPECTED = 'Authorization: Bearer <partner token>, User <user token>'
const PARTNER_USER = /^Bearer[ \t]+([^\s,]+)[ \t]*,[ \t]*User[ \t]+([^\s,]+)$/i
const PARTNER_ONLY = /^Bearer[ \t]+[^\s,]+$/i

/**
 * Checks the header format of the BearerPartnerUser scheme (contract
 * section 3), then, when tokens are configured, that both are known.
 * Throws 401 with the reason as a hint for people.
 */
export function authenticate(header: string | undefined, options: AuthOptions): Credentials {
  const value = header?.trim() ?? ''
  if (value === '') {
    throw authenticationNeeded(`no Authorization header; hooks_settings needs ${EXPECTED}`)
  }
  const match = PARTNER_USER.exec(value)
  if (!match) {
    if (PARTNER_ONLY.test(value)) {
      throw authenticationNeeded(
        `only a partner token was sent; hooks_settings needs a user token too: ${EXPECTED}`,
      )
    }
    const scheme = value.split(/\s/, 1)[0]
    throw authenticationNeeded(
      `the Authorization header (scheme "${scheme}") is not in the expected form ${EXPECTED}`,
    )
  }
  const [, partner = '', user = ''] = match
  if (options.partnerTokens.length > 0 && !options.partnerTokens.includes(partner)) {
    throw authenticationNeeded(
      'the partner token is not one of the tokens this mock was started with (--partner-token)',
    )
  }
  if (options.userTokens.length > 0 && !options.userTokens.includes(user)) {
    throw authenticationNeeded(
      'the user token is not one of the tokens this mock was started with (--user-token)',
    )
  }
  return { partner, user }
}

/**
 * `authenticate` for one set of options, which never change after start. A
 * suite sends the same Authorization header on every request: the last one
 * accepted is remembered with its credentials, not parsed again
 * (docs/performance.md#authorization-memo).
 */
export function authenticator(options: AuthOptions): (header: string | undefined) => Credentials {
  let acceptedHeader: string | undefined
  let accepted: Credentials | undefined
  return (header) => {
    if (accepted === undefined || header !== acceptedHeader) {
      accepted = authenticate(header, options)
      acceptedHeader = header
    }
    return accepted
  }
}

/** Throws 403 when the user is limited to locations that exclude this one. */
export function authorize(user: string, locationId: string, options: AuthOptions): void {
  const allowed = Object.hasOwn(options.userAccess, user) ? options.userAccess[user] : undefined
  if (allowed && !allowed.some((id) => String(id) === locationId)) {
    throw accessDenied(
      `this user token may only access locations ${allowed.join(', ')} (--user-access), not ${locationId}`,
    )
  }
}

// BearerPartner, with a User part tolerated and ignored: the routes that read only the partner token.
const PARTNER_MAYBE_USER = /^Bearer[ \t]+([^\s,]+)(?:[ \t]*,[ \t]*User[ \t]+[^\s,]+)?$/i

/**
 * The partner token of a BearerPartner route (`routes` names them in the
 * reasons): 401 without one, or with one the mock was not started with.
 */
export function authenticatePartner(
  header: string | undefined,
  options: AuthOptions,
  routes: string,
): string {
  const expected = 'Authorization: Bearer <partner token> (a ", User <user token>" part may follow)'
  const value = header?.trim() ?? ''
  if (value === '')
    throw authenticationNeeded(`no Authorization header; ${routes} need ${expected}`)
  const match = PARTNER_MAYBE_USER.exec(value)
  if (!match) {
    const scheme = value.split(/\s/, 1)[0]
    throw authenticationNeeded(
      `the Authorization header (scheme "${scheme}") is not in the expected form ${expected}`,
    )
  }
  const [, partner = ''] = match
  if (options.partnerTokens.length > 0 && !options.partnerTokens.includes(partner)) {
    throw authenticationNeeded(
      'the partner token is not one of the tokens this mock was started with (--partner-token)',
    )
  }
  return partner
}

/** `authenticatePartner` with the last accepted header remembered, as `authenticator` does. */
export function partnerAuthenticator(
  options: AuthOptions,
  routes: string,
): (header: string | undefined) => string {
  let acceptedHeader: string | undefined
  let accepted: string | undefined
  return (header) => {
    if (accepted === undefined || header !== acceptedHeader) {
      accepted = authenticatePartner(header, options, routes)
      acceptedHeader = header
    }
    return accepted
  }
}
