import { STATUS_CODES } from 'node:http'
import { PassThrough, type Readable } from 'node:stream'
import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  HookHandlerDoneFunction,
} from 'fastify'
import type { FaultTable } from '../../control/faults.js'
import type { RequestJournal } from '../../control/request-journal.js'
import { errorBody, logRefusal } from '../../http/error-handler.js'
import { requestLocation } from '../../http/request-location.js'
import { warn } from '../../http/warnings.js'
import type { FaultRoute } from '../../schemas/faults.js'
import type { RateLimit } from './rate-limit.js'

const JSON_TYPE = 'application/json; charset=utf-8'
/** The body of a "malformed" fault: a 200 cut off in the middle of its JSON. */
const MALFORMED = '{"success":true,"data":{"urls":["https://'

/** How the emulated routes answer; records the request in the journal as it goes out. */
export type Answer = (
  request: FastifyRequest,
  reply: FastifyReply,
  statusCode: number,
  body: unknown,
) => FastifyReply

export interface Guards {
  /** Whether any limit or fault could apply: when not, the routes skip them at no cost. */
  readonly idle: boolean
  /**
   * Applies the rate limit and the first fault that fires. Resolves true when
   * the request is dealt with (answered, cut or left hanging), false when it
   * goes on as usual (after a fault's delay, if any).
   */
  check(
    request: FastifyRequest,
    reply: FastifyReply,
    answer: Answer,
    locationId?: number,
  ): Promise<boolean>
}

/**
 * The platform misbehaving on demand, for the emulated routes of `route`:
 * the rate limit (--rate-limit, shared by every route) and the faults of
 * /__mock/faults.
 */
export function guards(
  route: FaultRoute,
  { text: rateLimit, limiter }: RateLimit,
  faults: FaultTable,
  requests: RequestJournal,
): Guards {
  return {
    get idle() {
      return limiter === undefined && faults.size === 0
    },
    async check(request, reply, answer, locationId = requestLocation(request)) {
      if (limiter) {
        const partner = /^\s*Bearer\s+([^\s,]+)/i.exec(request.headers.authorization ?? '')?.[1]
        const over = limiter.take(request.ip, partner ?? '', Date.now())
        if (over) {
          const seconds = Math.max(1, Math.ceil(over.retryAfterMs / 1000))
          const message = `Too many requests: over ${over.window.text} for this client and partner token (--rate-limit ${rateLimit}). Retry after ${seconds} s.`
          warn(request, 'rate-limited', message)
          logRefusal(request, 429, message)
          reply.header('retry-after', String(seconds))
          answer(request, reply, 429, errorBody(message))
          return true
        }
      }
      if (faults.size === 0) return false
      const fault = faults.fire(route, request.method, locationId)
      if (!fault) return false
      request.mockFault = fault.id
      if (fault.delay_ms > 0) {
        if (fault.kind === 'delay' && hasBody(request)) request.mockBody = holdBody(request)
        await new Promise((resolve) => setTimeout(resolve, fault.delay_ms))
      }
      switch (fault.kind) {
        case 'delay':
          return false
        case 'status': {
          for (const [name, value] of Object.entries(fault.headers)) reply.header(name, value)
          const status = fault.status ?? 500
          answer(request, reply, status, errorBody(fault.message ?? `${STATUS_CODES[status]}.`))
          return true
        }
        case 'malformed':
          answer(request, reply, 200, MALFORMED)
          return true
        case 'reset':
          requests.add(request, reply, false)
          reply.hijack()
          request.raw.socket.destroy()
          return true
        case 'hang':
          // Never answered: the client gives up, or the mock's shutdown cuts it.
          requests.add(request, reply, false)
          reply.hijack()
          return true
      }
    },
  }
}

/**
 * A route hook: the rate limit and the faults first, then `authenticate`; a
 * request the checks dealt with goes no further (no auth, no handler).
 * Callback-style, so a mock with no limit and no fault makes no promise.
 */
export function guardedHook(
  checks: Guards,
  answer: Answer,
  authenticate: (request: FastifyRequest) => void,
  locationOf: (request: FastifyRequest) => number | undefined = requestLocation,
): (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => void {
  return (request, reply, done) => {
    const next = () => {
      try {
        authenticate(request)
        done()
      } catch (error) {
        done(error as Error)
      }
    }
    if (checks.idle) return next()
    checks.check(request, reply, answer, locationOf(request)).then(
      (dealt) => (dealt ? undefined : next()),
      (error: Error) => done(error),
    )
  }
}

const hasBody = (request: FastifyRequest) =>
  (request.headers['content-length'] ?? '0') !== '0' ||
  request.headers['transfer-encoding'] !== undefined

/**
 * The body of a request a delay fault holds, read while it waits: a client
 * that hangs up meanwhile destroys the request stream, and what it had sent
 * with it; a delayed POST is still applied (docs/faults.md). At most the
 * body limit and a byte are kept, so the parser still answers 413 past it.
 */
function holdBody(request: FastifyRequest): PassThrough {
  const { raw } = request
  const held = new PassThrough({ highWaterMark: request.routeOptions.bodyLimit + 1 })
  raw.pipe(held)
  // Ended with what arrived: a body cut short is then a Content-Length 400, answered and journaled.
  raw.on('close', () => {
    if (!held.writableEnded) held.end()
  })
  raw.on('error', () => {})
  return held
}

/**
 * preParsing of a route whose hook may delay: the held body instead of the
 * request stream (see holdBody).
 */
export function heldBody(
  request: FastifyRequest,
  _reply: FastifyReply,
  payload: Readable,
  done: (error: Error | null, payload?: Readable) => void,
): void {
  done(null, request.mockBody ?? payload)
}

/** Gives every request a place for the fault that decided its answer, and for a body it held. */
export function addFaultTracking(app: FastifyInstance): void {
  app.decorateRequest('mockFault', null)
  app.decorateRequest('mockBody', null)
}

export { JSON_TYPE }
