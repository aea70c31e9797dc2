import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { logs } from '../log/console.js'
import { DiskError } from '../store/disk-error.js'
import { drainBeforeClose } from './drain.js'
import { AltegioError, type FieldErrors, validationFailed } from './errors.js'
import { toFieldErrors } from './validation-errors.js'
import { sendWarnings, warn } from './warnings.js'

export interface ErrorBody {
  success: false
  data: null
  meta: { message: string; errors?: FieldErrors }
}

export function errorBody(message: string, errors?: FieldErrors): ErrorBody {
  return { success: false, data: null, meta: errors ? { message, errors } : { message } }
}

/** Fastify's own client errors, reworded to say how to fix the request. */
function fastifyClientError(
  error: FastifyError,
  request: FastifyRequest,
): AltegioError | undefined {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AltegioError(
        415,
        `Content-Type "${request.headers['content-type'] ?? ''}" is not supported: send the body as JSON with Content-Type: application/json.`,
      )
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AltegioError(
        413,
        `The request body is larger than the mock accepts (${request.routeOptions.bodyLimit} bytes). Settings are a few hundred bytes: check what is being sent.`,
      )
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AltegioError(400, 'The body size did not match the Content-Length header.')
    default:
      return undefined
  }
}

function toAltegioError(error: FastifyError, request: FastifyRequest): AltegioError | undefined {
  if (error instanceof AltegioError) return error
  if (error.validation) {
    const data = {
      body: request.body,
      params: request.params,
      querystring: request.query,
      headers: request.headers,
    }[error.validationContext ?? 'body']
    return validationFailed(toFieldErrors(error.validation, data))
  }
  const known = fastifyClientError(error, request)
  if (known) return known
  const status = error.statusCode ?? 500
  if (status >= 400 && status < 500) return new AltegioError(status, error.message)
  return undefined
}

/** A refused request at info: its status and why, which otherwise only the client sees. */
export function logRefusal(
  request: FastifyRequest,
  status: number,
  message: string,
  hint?: string,
): void {
  if (!logs(request.log, 'info')) return
  const path = request.url.split('?')[0]
  request.log.info(
    { method: request.method, url: path, status_code: status, ...(hint ? { hint } : {}) },
    `refused ${request.method} ${path}: ${status} ${message}${hint ? ` (${hint})` : ''}`,
  )
}

/** What an error answers: its status and the Altegio error envelope. */
export interface ErrorReply {
  statusCode: number
  body: ErrorBody
}

/**
 * The one place errors become the Altegio error envelope (contract section 3):
 * `{success: false, data: null, meta: {message[, errors]}}`. A hint for people
 * becomes a conformance warning of the request.
 */
export function errorReply(error: FastifyError, request: FastifyRequest): ErrorReply {
  // Fastify closes the connection after a body it would not read (too large, a bad length).
  if (error.code?.startsWith('FST_ERR_CTP_')) drainBeforeClose(request.raw)
  let known: AltegioError | undefined
  try {
    known = toAltegioError(error, request)
  } catch (failure) {
    request.log.error({ err: failure }, 'could not describe an error')
  }
  if (known) {
    if (known.hint) warn(request, `http-${known.statusCode}`, known.hint)
    logRefusal(request, known.statusCode, known.message, known.hint)
    return { statusCode: known.statusCode, body: errorBody(known.message, known.errors) }
  }
  if (error instanceof DiskError) {
    request.log.error({ err: error }, 'a change could not be saved')
    return {
      statusCode: 500,
      body: errorBody(
        `The mock could not save this change: ${error.message}. It was not applied. ${
          error.lasting
            ? 'Every later change will fail too until the mock restarts: check the disk, then restart the mock.'
            : 'Check the disk (space, permissions), then send it again.'
        }`,
      ),
    }
  }
  request.log.error({ err: error }, 'unexpected error')
  return {
    statusCode: 500,
    body: errorBody(
      `The mock failed to handle this request (${error.message}). This is a bug in altegio-hooks-mock; please report it with the request that caused it.`,
    ),
  }
}

/** Every route answers errors in the envelope, and unknown routes with a 404 in it. */
export function addErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const { statusCode, body } = errorReply(error, request)
    sendWarnings(request, reply)
    return reply.code(statusCode).send(body)
  })

  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    const message = `No route ${request.method} ${request.url.split('?')[0]}. The mock serves the Developer Tools sections: GET and POST /api/v1/hooks_settings/{location_id}, the marketplace under /marketplace/, /api/v1/voip/integration, and the dictionaries (/api/v1/countries, /api/v1/cities, /api/v1/references/business_groups_with_types); its own routes are under /__mock/ (every route: GET /__mock/docs).`
    logRefusal(request, 404, message)
    reply.code(404).send(errorBody(message))
  })
}
