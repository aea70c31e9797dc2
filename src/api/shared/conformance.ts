import type { FastifyRequest } from 'fastify'
import { warn } from '../../http/warnings.js'
import { FLAG_NAMES, type HookSettingsBody } from '../../schemas/hooks-settings/settings.js'

const V2_MEDIA_TYPES = ['application/vnd.api.v2+json', 'application/vnd.yclients.v2+json']
const KNOWN_FIELDS = new Set<string>(['urls', 'active', ...FLAG_NAMES])

/** Contract section 3: the backend requires the v2 media type for newer partners. */
export function checkAccept(request: FastifyRequest): void {
  const accept = request.headers.accept ?? ''
  const lower = accept.toLowerCase()
  if (V2_MEDIA_TYPES.some((type) => lower.includes(type))) return
  warn(
    request,
    'accept-not-v2',
    `Accept is ${accept ? `"${accept}"` : 'missing'}; the real API requires ${V2_MEDIA_TYPES.join(' (Altegio) or ')} (YCLIENTS) for partners registered after id 1743`,
  )
}

/** What the real API might treat differently in an accepted POST body. */
export function checkSettingsBody(request: FastifyRequest, body: HookSettingsBody): void {
  const unknown = Object.keys(body).filter((key) => !KNOWN_FIELDS.has(key))
  if (unknown.length > 0) {
    warn(
      request,
      'unknown-fields',
      `ignored fields that are not in the contract: ${unknown.join(', ')}`,
    )
  }
  const omitted = FLAG_NAMES.filter((name) => body[name] === undefined)
  if (omitted.length > 0) {
    warn(
      request,
      'omitted-flags',
      `stored as 0: ${omitted.join(', ')}; how the real API treats an omitted flag is undocumented, so send every flag`,
    )
  }
  const plain = body.urls.filter((url) => url.toLowerCase().startsWith('http://'))
  if (plain.length > 0) {
    warn(
      request,
      'plain-http-url',
      `plain http URL(s) ${plain.join(', ')}; receivers in production should use https`,
    )
  }
}
