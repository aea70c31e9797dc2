import { STATUS_CODES } from 'node:http'
import type { Socket } from 'node:net'
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { errorBody, logRefusal } from './error-handler.js'

/**
 * What the HTTP parser refused, in words: status and how to fix the request.
 * `headersArrived`: the request's headers were all received (its body was not).
 */
function describe(
  error: NodeJS.ErrnoException,
  limits: ClientErrorLimits,
  headersArrived: boolean,
): [number, string] {
  switch (error.code) {
    // Node raises the same error for both timeouts: which one ran out shows in
    // whether the headers were complete.
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return [
        408,
        headersArrived
          ? `The request was not received in full within ${limits.requestTimeoutMs} ms (--request-timeout-ms): send the whole request at once.`
          : `The request headers were not received in full within ${limits.headersTimeoutMs} ms (--headers-timeout-ms): send the whole request at once.`,
      ]
    case 'HPE_HEADER_OVERFLOW':
      return [
        431,
        'The request headers are larger than the mock accepts (16 KiB in all): send fewer or smaller headers.',
      ]
    case 'HPE_UNEXPECTED_CONTENT_LENGTH':
    case 'HPE_INVALID_TRANSFER_ENCODING':
      return [
        400,
        'The request has both Content-Length and Transfer-Encoding: chunked; send one of them.',
      ]
    default:
      return [
        400,
        `The request is not valid HTTP (${error.code ?? 'parse error'}: ${error.message}): check the request line and headers (no control characters, one Content-Length).`,
      ]
  }
}

export interface ClientErrorLimits {
  requestTimeoutMs: number
  headersTimeoutMs: number
}

/**
 * Answers what Node's HTTP parser refuses before any route runs (bad bytes,
 * headers too large, a request too slow) in the Altegio envelope, as every
 * other answer of the mock, then closes the connection.
 */
export function clientErrorHandler(limits: ClientErrorLimits) {
  return (error: NodeJS.ErrnoException, socket: Socket): void => {
    if (error.code === 'ECONNRESET' || socket.destroyed) return
    // The response of the request in progress: Node makes it once the
    // request's headers are in. Nothing more can be written once it has begun.
    const busy = (socket as Socket & { _httpMessage?: { headersSent?: boolean } | null })
      ._httpMessage
    if (!socket.writable || busy?.headersSent) {
      socket.destroy(error)
      return
    }
    const [status, message] = describe(error, limits, Boolean(busy))
    const body = JSON.stringify(errorBody(message))
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    )
  }
}

/** Errors Fastify's router raises before a route is found: a bad URL, a path segment too long. */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH'
  const message = tooLong
    ? 'A path segment is longer than 100 characters. Location and other ids are positive integers of at most 15 digits, e.g. /api/v1/hooks_settings/123456.'
    : `The path ${JSON.stringify(request.url.split('?')[0])} is not a valid URL (bad percent-encoding); encode reserved characters as %XX.`
  logRefusal(request, tooLong ? 414 : 400, message)
  return reply.code(tooLong ? 414 : 400).send(errorBody(message))
}
