import type { FastifyInstance } from 'fastify'
import secureJson from 'secure-json-parse'
import { AltegioError } from './errors.js'

/** application/json, and vendor types such as application/vnd.api.v2+json. */
const JSON_TYPES = /^application\/(?:[\w.-]+\+)?json$/

/**
 * The only body parser: JSON, with prototype-poisoning keys refused. Fastify's
 * own parser says "not valid JSON" without where; a person needs the position.
 * Every other Content-Type gets 415 from Fastify.
 */
export function addJsonBodyParser(app: FastifyInstance): void {
  app.removeAllContentTypeParsers()
  const parse = (
    _request: unknown,
    body: string | Buffer,
    done: (err: Error | null, body?: unknown) => void,
  ) => {
    const text = body.toString()
    if (text.trim() === '') {
      done(
        new AltegioError(
          400,
          'The request body is empty: send the settings as a JSON object, e.g. {"urls": ["https://example.com/altegio"], "active": 1}.',
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
  app.addContentTypeParser('application/json', { parseAs: 'string' }, parse)
  app.addContentTypeParser(JSON_TYPES, { parseAs: 'string' }, parse)
}
