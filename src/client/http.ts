import { fieldErrorText } from '../control/code-input.js'
import type { FieldErrors } from '../http/errors.js'

export interface ConnectOptions {
  /** The fetch to send with (default: the global one), e.g. one that records or proxies. */
  fetch?: typeof fetch
  /** Headers for every request, e.g. what a proxy in front of the mock asks for. */
  headers?: Record<string, string>
}

/** What the mock answered: a success's data and meta, or an error's status and texts. */
export type Reply =
  | { ok: true; status: number; data: unknown; meta: unknown }
  | { ok: false; status: number; message: string; errors: FieldErrors | undefined }

export type Refused = Extract<Reply, { ok: false }>

/** A 404 of the mock's catch-all, not of a route: a wrong base URL or an older mock. */
export const isNoRoute = (reply: Refused) =>
  reply.status === 404 && reply.message.startsWith('No route ')

const START_HINT =
  'start it first (npx altegio-hooks-mock --port 8080, or docker run -p 8080:8080 altegio-hooks-mock), or check the URL'

/** The mock's base URL as given, checked: http(s), no query, fragment or credentials. */
export function baseUrl(url: string): string {
  const wanted = `connectAltegioMock needs the mock's base URL, e.g. http://127.0.0.1:8080, got ${JSON.stringify(url)}`
  if (typeof url !== 'string') throw new TypeError(`${wanted}.`)
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw new TypeError(`${wanted}.`)
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new TypeError(`${wanted}: only http and https are served.`)
  }
  if (parsed.search !== '' || parsed.hash !== '') {
    throw new TypeError(`${wanted}: leave out the query and the fragment.`)
  }
  if (parsed.username !== '' || parsed.password !== '') {
    // fetch refuses URLs with credentials.
    throw new TypeError(`${wanted}: give credentials in options.headers, not in the URL.`)
  }
  return `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}`
}

/** The reason a fetch failed, as short as the error allows: ECONNREFUSED rather than "fetch failed". */
function reasonOf(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause
  if (typeof cause?.code === 'string') return cause.code
  if (typeof cause?.message === 'string' && cause.message !== '') return cause.message
  return error instanceof Error ? error.message : String(error)
}

/** The envelope in `text`, or undefined when it is not the mock's JSON. */
function parseReply(status: number, text: string): Reply | undefined {
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    return undefined
  }
  if (body === null || typeof body !== 'object' || !('success' in body)) return undefined
  const { success, data, meta } = body as { success: unknown; data: unknown; meta: unknown }
  if (success === true && status < 300) return { ok: true, status, data, meta }
  const error = meta as { message?: unknown; errors?: FieldErrors } | null
  if (success !== false || status < 400 || typeof error?.message !== 'string') return undefined
  return { ok: false, status, message: error.message, errors: error.errors }
}

/**
 * The /__mock routes of a mock at a URL, over HTTP: sends JSON, reads the
 * Altegio envelope. A reply is returned whatever its status, for the caller
 * to map; only "nothing or something else answers" and close() throw here.
 */
export class MockHttp {
  readonly base: string
  readonly #fetch: typeof fetch
  readonly #headers: Record<string, string>
  readonly #closing = new AbortController()

  constructor(base: string, options: ConnectOptions) {
    this.base = base
    this.#fetch = options.fetch ?? ((input, init) => fetch(input, init))
    this.#headers = { accept: 'application/json', ...options.headers }
  }

  get closed(): boolean {
    return this.#closing.signal.aborted
  }

  /** `bare`: a 200 is the JSON document itself, not in the envelope (GET /__mock/state). */
  async request(method: string, path: string, body?: unknown, bare = false): Promise<Reply> {
    const url = `${this.base}/__mock${path}`
    if (this.closed) throw this.#closedError(method, url)
    let status: number
    let text: string
    try {
      const response = await this.#fetch(url, {
        method,
        headers:
          body === undefined
            ? this.#headers
            : { ...this.#headers, 'content-type': 'application/json' },
        body: body === undefined ? null : JSON.stringify(body),
        signal: this.#closing.signal,
      })
      status = response.status
      text = await response.text()
    } catch (error) {
      if (this.closed) throw this.#closedError(method, url)
      throw new Error(`No mock answers at ${this.base} (${reasonOf(error)}): ${START_HINT}.`, {
        cause: error,
      })
    }
    if (bare && status === 200) {
      try {
        return { ok: true, status, data: JSON.parse(text), meta: [] }
      } catch {
        // Not JSON: told below, as any answer that is not the mock's.
      }
    }
    const reply = parseReply(status, text)
    if (reply) return reply
    const shown = text.length > 80 ? `${text.slice(0, 77)}...` : text
    throw new Error(
      `${method} ${url} answered ${status} ${JSON.stringify(shown)}, not the JSON envelope of altegio-hooks-mock: is ${this.base} the mock's base URL (http://host:port, without /api/v1)?`,
    )
  }

  /** The error a refusal means where the route gives it no meaning of its own. */
  error(reply: Refused): Error {
    if (reply.status >= 500) return new Error(reply.message)
    if (isNoRoute(reply)) {
      return new Error(
        `${reply.message} Is ${this.base} the mock's base URL (http://host:port, without /api/v1), and the mock a version with this route?`,
      )
    }
    return new TypeError(reply.errors ? fieldErrorText(reply.errors) : reply.message)
  }

  /** The data of a success; a refusal thrown as `error` says. */
  async data<T>(method: string, path: string, body?: unknown): Promise<T> {
    const reply = await this.request(method, path, body)
    if (reply.ok) return reply.data as T
    throw this.error(reply)
  }

  /** Cuts short every request under way; later ones are refused. */
  close(): void {
    this.#closing.abort()
  }

  #closedError(method: string, url: string): Error {
    return new Error(
      `This connection to the mock at ${this.base} was closed (close()): ${method} ${url} was not completed. The mock itself still runs.`,
    )
  }
}
