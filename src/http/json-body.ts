import type { FastifyInstance, FastifyRequest } from 'fastify'
import secureJson from 'secure-json-parse'
import { AltegioError } from './errors.js'

/** application/json, and vendor types such as application/vnd.api.v2+json. */
const JSON_TYPES = /^application\/(?:[\w.-]+\+)?json$/

/** Far beyond any real body; deeper input is refused before anything recurses over it. */
export const MAX_DEPTH = 64

/** How deep arrays and objects nest in JSON text, stopping once past `limit`. */
function nestingDepth(text: string, limit: number): number {
  let depth = 0
  let deepest = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 92)
        i++ // backslash: skip the escaped character
      else if (c === 34) inString = false
    } else if (c === 34) inString = true
    else if (c === 91 || c === 123) {
      depth++
      if (depth > deepest) deepest = depth
      if (deepest > limit) return deepest
    } else if (c === 93 || c === 125) depth--
  }
  return deepest
}

/**
 * The only body parser: JSON, with prototype-poisoning keys refused. Fastify's
 * own parser says "not valid JSON" without where; a person needs the position.
 * Every other Content-Type gets 415 from Fastify.
 */
export function addJsonBodyParser(
  app: FastifyInstance,
  { maxJournaledBodyBytes }: { maxJournaledBodyBytes: number },
): void {
  app.removeAllContentTypeParsers()
  app.decorateRequest('bodyBytes', 0)
  app.decorateRequest('longBodyText', null)
  const parse = (
    request: FastifyRequest,
    body: Buffer,
    done: (err: Error | null, body?: unknown) => void,
  ) => {
    // Read as bytes: their count is then known without encoding the text again.
    const text = body.toString()
    request.bodyBytes = body.length
    if (request.bodyBytes > maxJournaledBodyBytes) request.longBodyText = text
    // An empty body is no body (clients with a default JSON Content-Type send
    // one): optional bodies are absent, required ones get their route's 422.
    if (text.trim() === '') {
      done(null, undefined)
      return
    }
    if (nestingDepth(text, MAX_DEPTH) > MAX_DEPTH) {
      done(
        new AltegioError(
          400,
          `The request body nests arrays or objects deeper than ${MAX_DEPTH} levels; settings are a flat object.`,
        ),
      )
      return
    }
    try {
      done(
        null,
        secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' }),
      )
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error)
      done(
        new AltegioError(
          400,
          `The request body is not valid JSON (${reason}). Send a JSON object with Content-Type: application/json.`,
        ),
      )
    }
  }
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, parse)
  app.addContentTypeParser(JSON_TYPES, { parseAs: 'buffer' }, parse)
}
