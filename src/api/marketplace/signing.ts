import { createHmac } from 'node:crypto'
import type { SignInput } from '../../schemas/marketplace/application.js'
import type { GrantUser } from '../../schemas/marketplace/grant-routes.js'

const hmacHex = (key: string, message: string | Buffer) =>
  createHmac('sha256', key).update(message).digest('hex')

/**
 * user_data: the owner as compact JSON with raw UTF-8, keys in the order
 * given, then base64 with padding (marketplace contract, section 1: the
 * article's sample decodes to exactly such bytes).
 */
export function encodeUserData(user: GrantUser): string {
  return Buffer.from(JSON.stringify(user), 'utf8').toString('base64')
}

/**
 * user_data_sign: HMAC-SHA256 keyed by the partner token, lowercase hex. The
 * support article signs the decoded JSON (its PHP: hash_hmac over
 * base64_decode($_GET['user_data'])); a third-party reading signs the base64
 * text itself (marketplace contract, D2). The application's setting picks.
 */
export function signUserData(userData: string, partnerToken: string, input: SignInput): string {
  return hmacHex(
    partnerToken,
    input === 'decoded_json' ? Buffer.from(userData, 'base64') : userData,
  )
}

/**
 * `sign` of a payment callback, as the Hub MCP's validator computes it
 * (unconfirmed by any public document, marketplace contract U1): HMAC-SHA256 keyed by the
 * partner token over "salon_id=S&amount=A", with "&discount=D" when given.
 */
export function signPayment(
  partnerToken: string,
  salonId: number,
  amount: number,
  discount: number | null,
): string {
  const discountPart = discount === null ? '' : `&discount=${discount}`
  return hmacHex(partnerToken, `salon_id=${salonId}&amount=${amount}${discountPart}`)
}

/** `sign` of a payment link: unpublished (U12); the mock signs the query before it. */
export function signQuery(partnerToken: string, query: string): string {
  return hmacHex(partnerToken, query)
}
