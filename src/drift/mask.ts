/**
 * Tokens go to the upstream and nowhere else: whatever the drift report
 * keeps of a request or an answer passes through here first.
 */

/** Headers whose value is a credential. */
const SECRET_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'x-partner-token',
])

/** Body fields whose value is a credential (user_token, partner_token, api_key, password...). */
const SECRET_KEY = /(token|secret|password|passwd|api_?key|authorization|signature|cookie)/i

export const MASK = '***'

/**
 * `Bearer abc, User def` keeps its schemes and loses its secrets, so a report
 * still says which kind of credential the request carried.
 */
export function maskAuthorization(value: string): string {
  return value
    .split(',')
    .map((part) => {
      const match = /^\s*([A-Za-z]+)(\s+)\S/.exec(part)
      return match ? `${match[1]} ${MASK}` : MASK
    })
    .join(', ')
}

/** The headers as a report keeps them: credentials masked. */
export function maskHeaders(
  headers: Record<string, string | string[] | undefined>,
): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue
    const text = Array.isArray(value) ? value.join(', ') : value
    const lower = name.toLowerCase()
    if (lower === 'authorization' || lower === 'proxy-authorization') {
      out[lower] = maskAuthorization(text)
    } else out[lower] = SECRET_HEADERS.has(lower) ? MASK : text
  }
  return out
}

/** A JSON value with every credential-named field's value masked, at any depth. */
export function maskJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskJson)
  if (value === null || typeof value !== 'object') return value
  const out: Record<string, unknown> = {}
  for (const [key, inner] of Object.entries(value)) {
    out[key] = SECRET_KEY.test(key) && inner !== null && inner !== '' ? MASK : maskJson(inner)
  }
  return out
}

/**
 * Text with every given secret replaced: a token the caller sent can come
 * back anywhere (an echoed body, an error message), and the report keeps none.
 */
export function maskText(text: string, secrets: readonly string[]): string {
  let out = text
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join(MASK)
  return out
}

/** The secrets of a request: its credential headers' values, each token of Authorization alone too. */
export function secretsOf(headers: Record<string, string | string[] | undefined>): string[] {
  const secrets: string[] = []
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || !SECRET_HEADERS.has(name.toLowerCase())) continue
    for (const text of Array.isArray(value) ? value : [value]) {
      secrets.push(text)
      for (const part of text.split(/[\s,]+/)) if (part.length >= 4) secrets.push(part)
    }
  }
  // Longest first, so a whole value goes before the token inside it.
  return secrets.sort((a, b) => b.length - a.length)
}

/** A JSON value masked by field name, then any string holding a secret of the request. */
export function maskValue(value: unknown, secrets: readonly string[]): unknown {
  const named = maskJson(value)
  if (secrets.length === 0) return named
  return JSON.parse(maskText(JSON.stringify(named), secrets.map(jsonEscaped)))
}

/** A secret as it appears inside a JSON string. */
const jsonEscaped = (secret: string) => JSON.stringify(secret).slice(1, -1)
