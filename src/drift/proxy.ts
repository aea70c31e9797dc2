import { createHash, randomBytes } from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { AltegioError } from '../http/errors.js'
import { encodeHeaderList } from '../http/warnings.js'
import { type Answer, compareAnswers, type Difference, formatDifference } from './compare.js'
import { maskHeaders, maskValue, secretsOf } from './mask.js'
import { proxied, shadows } from './proxied.js'
import { type DriftReport, exampleBody } from './report.js'

/** A drifted answer says how, in short; GET /__mock/drift has the whole report. */
export const DRIFT_HEADER = 'x-mock-drift'

/** What a section learns from the platform's answers on one of its routes (e.g. a location's settings). */
export interface Learner {
  /** The route, as registered: `/api/v1/hooks_settings/:location_id`. */
  route: string
  /** What the mock holds before it answers the request itself, for `learn` to go back to. */
  before(params: Record<string, string>): unknown
  /**
   * Makes the mock's state what the upstream's answer says (a 2xx), or what
   * it was `before` (a write the upstream refused); true when the state is now the upstream's.
   */
  learn(input: {
    method: string
    params: Record<string, string>
    upstream: Answer
    before: unknown
  }): Promise<boolean>
}

export interface DriftOptions {
  /** The API host's base URL (--upstream). */
  upstream: string | undefined
  /** The marketplace host's base URL, for paths under /marketplace (--upstream-marketplace). */
  upstreamMarketplace: string | undefined
  timeoutMs: number
  bodyLimit: number
  report: DriftReport
  learners: Learner[]
  /** The mock's own routes, never forwarded. */
  controlPrefix: string
}

/** Headers of one hop only, never forwarded either way. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'host',
  'content-length',
])

/** Writes that make the next answers on the same path the mock's to predict. */
const READS = new Set(['GET', 'HEAD', 'OPTIONS'])
/** Paths (per client) whose state the mock knows as the upstream does; bounded, forgotten when full. */
const MAX_KNOWN_PATHS = 10_000

/**
 * The validating proxy (docs/drift.md), on the root instance so that every
 * section's emulated routes go through it: each request is sent to the
 * upstream with the caller's headers and body, the upstream's answer goes
 * back unchanged, and the mock answers the same request on its own state
 * (app.inject, marked so it is not forwarded again) to be compared.
 */
/**
 * undici, loaded only with an upstream: from its own bundle beside the CLI's,
 * else (the library, the tests) from node_modules. The names are not literals,
 * so the CLI's bundler leaves both imports as they are.
 */
async function upstreamClient(): Promise<typeof import('./upstream-client.js')> {
  const bundled = import.meta.url.endsWith('/altegio-hooks-mock.js')
  const name = bundled ? new URL('./upstream-client.js', import.meta.url).href : 'undici'
  return import(name)
}

export async function addDrift(app: FastifyInstance, options: DriftOptions): Promise<void> {
  const { upstream, upstreamMarketplace, report, learners, controlPrefix } = options
  if (upstream === undefined && upstreamMarketplace === undefined) return
  const { Agent, errors, request: send } = await upstreamClient()
  const timedOut = (error: unknown) => error instanceof errors.ConnectTimeoutError
  const shadowHeader = 'x-mock-drift-shadow'
  // Only this process can mark its own shadow requests.
  const shadowMark = randomBytes(16).toString('hex')
  const agent = new Agent({
    connect: { timeout: options.timeoutMs },
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
  })
  app.addHook('onClose', () => agent.close())
  const learnerOf = new Map(learners.map((learner) => [learner.route, learner]))
  const known = new Set<string>()

  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.headers[shadowHeader] !== undefined) {
      if (request.headers[shadowHeader] === shadowMark) {
        shadows.add(request)
        return
      }
      delete request.headers[shadowHeader]
    }
    const route = request.routeOptions.url
    if (route === undefined || route.startsWith(controlPrefix)) return
    const path = request.url.split('?')[0] as string
    const base = path.startsWith('/marketplace') ? upstreamMarketplace : upstream
    if (base === undefined) return

    const body = await readBody(request, options.bodyLimit)
    const target = `${base}${request.url}`
    const origin = new URL(base).origin
    let answer: { status: number; headers: Record<string, string | string[]>; bytes: Buffer }
    try {
      const response = await send(target, {
        method: request.method as 'GET',
        headers: forwarded(request.headers),
        body: body.length > 0 ? body : null,
        dispatcher: agent,
      })
      answer = {
        status: response.statusCode,
        headers: response.headers as Record<string, string | string[]>,
        bytes: Buffer.from(await response.body.arrayBuffer()),
      }
    } catch (error) {
      throw upstreamFailure(origin, error, options.timeoutMs, timedOut)
    }

    const learner = learnerOf.get(route)
    const params = request.params as Record<string, string>
    const before = learner?.before(params)
    const headers: Record<string, string | string[] | undefined> = {
      ...request.headers,
      [shadowHeader]: shadowMark,
    }
    delete headers['transfer-encoding']
    delete headers['content-length']
    const shadow = await app.inject({
      method: request.method as 'GET',
      url: request.url,
      headers: headers as Record<string, string>,
      remoteAddress: request.ip,
      ...(body.length > 0 ? { payload: body } : {}),
    })

    const client = createHash('sha256')
      .update(String(request.headers.authorization ?? ''))
      .update('\n')
      .update(path)
      .digest('base64')
    const theirs = parsed(answer.status, answer.headers['content-type'], answer.bytes)
    const ours = parsed(
      shadow.statusCode,
      shadow.headers['content-type'] as string | undefined,
      shadow.rawPayload,
    )
    const requestJson = body.length > 0 ? parseJson(body) : undefined
    const differences = compareAnswers(theirs, ours, {
      values: !READS.has(request.method) || known.has(client),
      sent: sentTexts(path, requestJson),
    })
    const secrets = secretsOf(request.headers)
    report.record(`${request.method} ${route}`, differences, () => ({
      request: {
        method: request.method,
        path: request.url,
        headers: maskHeaders(request.headers),
        body: exampleBody(
          maskValue(requestJson ?? (body.length > 0 ? body.toString('utf8') : null), secrets),
        ),
      },
      upstream: {
        status: answer.status,
        headers: maskHeaders(keptHeaders(answer.headers)),
        body: exampleBody(maskValue(theirs.json ?? answer.bytes.toString('utf8'), secrets)),
      },
      mock: {
        status: shadow.statusCode,
        body: exampleBody(maskValue(ours.json ?? shadow.body, secrets)),
      },
    }))

    const success = answer.status >= 200 && answer.status < 300
    const bothSucceeded = success && shadow.statusCode >= 200 && shadow.statusCode < 300
    const learned = learner
      ? await learner.learn({ method: request.method, params, upstream: theirs, before })
      : false
    if (learned || (bothSucceeded && !READS.has(request.method))) {
      if (known.size >= MAX_KNOWN_PATHS) known.clear()
      known.add(client)
    }

    proxied.add(request)
    reply.code(answer.status)
    for (const [name, value] of Object.entries(keptHeaders(answer.headers))) {
      reply.header(name, value)
    }
    if (differences.length > 0) {
      reply.header(
        DRIFT_HEADER,
        encodeHeaderList(
          differences.map(formatDifference),
          (n) => `+${n} more: GET ${controlPrefix}/drift shows every difference`,
        ),
      )
    }
    return reply.send(answer.bytes)
  })
}

/** The caller's headers as the upstream gets them: all but those of this hop. */
function forwarded(headers: FastifyRequest['headers']): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {}
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || HOP_BY_HOP.has(name)) continue
    // The mock must read the answer to compare it: asked for as is, not compressed.
    if (name === 'accept-encoding') continue
    out[name] = value
  }
  return out
}

/** The upstream's headers the caller gets: all but those of the hop the mock is. */
function keptHeaders(
  headers: Record<string, string | string[]>,
): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {}
  for (const [name, value] of Object.entries(headers)) {
    if (!HOP_BY_HOP.has(name.toLowerCase())) out[name.toLowerCase()] = value
  }
  return out
}

/** The request's body, read here, since the upstream must have it before the mock parses it. */
async function readBody(request: FastifyRequest, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of request.raw) {
    size += (chunk as Buffer).length
    if (size <= limit) chunks.push(chunk as Buffer)
  }
  if (size > limit) {
    throw new AltegioError(
      413,
      `The request body is larger than the mock accepts (${limit} bytes, --body-limit). It was not forwarded to the upstream.`,
    )
  }
  return Buffer.concat(chunks)
}

const TIMEOUTS = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
])

/** 504 for an upstream too slow, 502 for one that could not be reached or broke off. */
function upstreamFailure(
  origin: string,
  error: unknown,
  timeoutMs: number,
  timedOut: (error: unknown) => boolean,
): AltegioError {
  const code = (error as { code?: string }).code ?? ''
  const cause = (error as { cause?: { code?: string } }).cause?.code
  const reason = cause ?? (code || (error as Error).message)
  if (TIMEOUTS.has(code) || timedOut(error)) {
    return new AltegioError(
      504,
      `The upstream ${origin} did not answer within ${timeoutMs} ms (${code}). The mock answered nothing and learned nothing from this request; try again, or give more time with --upstream-timeout-ms.`,
    )
  }
  return new AltegioError(
    502,
    `The upstream ${origin} could not be reached (${reason}). The mock answered nothing and learned nothing from this request; check --upstream and the network.`,
  )
}

function parseJson(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'))
  } catch {
    return undefined
  }
}

/** An answer as compare takes it: its JSON, or what its body was. */
function parsed(status: number, type: string | string[] | undefined, bytes: Buffer): Answer {
  const json = bytes.length > 0 ? parseJson(bytes) : undefined
  if (json !== undefined) return { status, json }
  const contentType = (Array.isArray(type) ? type[0] : type) ?? 'no Content-Type'
  return { status, json: undefined, text: `${contentType.split(';')[0]}, ${bytes.length} bytes` }
}

/** The texts a request carried: an id the answer holds that the client sent is not volatile. */
function sentTexts(path: string, body: unknown): Set<string> {
  const out = new Set(path.split('/').filter((part) => part !== ''))
  const visit = (value: unknown) => {
    if (value === null || value === undefined) return
    if (typeof value === 'object') {
      for (const inner of Object.values(value)) visit(inner)
    } else out.add(String(value))
  }
  visit(body)
  return out
}

export type { Difference }
