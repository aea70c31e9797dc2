import type { Agent } from 'undici'

export interface WebhookRequest {
  url: string
  body: string
  headers: Record<string, string>
  /** Aborts the attempt (reset, shutdown). */
  signal: AbortSignal
}

/** What an attempt came to: an HTTP status, or a transport error in words. */
export type WebhookOutcome = { statusCode: number } | { error: string }

/** Sends one delivery attempt. Injected, so tests and benchmarks can swap it. */
export type WebhookClient = (request: WebhookRequest) => Promise<WebhookOutcome>

export interface WebhookClientOptions {
  /** Per attempt: time to connect (HUB: 5 s). */
  connectTimeoutMs: number
  /** Per attempt: time for the whole exchange (HUB: 10 s). */
  timeoutMs: number
}

function describeError(error: unknown, options: WebhookClientOptions): string {
  const err = error as NodeJS.ErrnoException & { cause?: NodeJS.ErrnoException }
  const code = err.code ?? err.cause?.code
  if (code === 'UND_ERR_CONNECT_TIMEOUT')
    return `connect timeout after ${options.connectTimeoutMs} ms`
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    return `no complete answer within ${options.timeoutMs} ms`
  }
  if (err.name === 'AbortError') return 'aborted'
  if (code === 'ECONNREFUSED') return 'connection refused'
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return 'connection reset by the receiver'
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `host not found (${code})`
  return `${code ?? err.name}: ${err.message}`
}

/**
 * The default client: undici with a keep-alive pool, a connect timeout and a
 * total timeout per attempt. The response body is read and discarded.
 * undici is loaded on the first delivery: a mock that never sends a webhook
 * starts without it (a tenth of a second on a small machine).
 */
export function undiciWebhookClient(options: WebhookClientOptions): {
  send: WebhookClient
  close: () => Promise<void>
} {
  let client: Promise<{ agent: Agent; request: typeof import('undici').request }> | undefined
  const load = () => {
    client ??= import('undici').then(({ Agent, request }) => ({
      request,
      agent: new Agent({
        connect: { timeout: options.connectTimeoutMs },
        headersTimeout: options.timeoutMs,
        bodyTimeout: options.timeoutMs,
      }),
    }))
    return client
  }
  const send: WebhookClient = async ({ url, body, headers, signal }) => {
    const { agent, request } = await load()
    try {
      const res = await request(url, {
        method: 'POST',
        body,
        headers,
        dispatcher: agent,
        // The agent's headers and body timeouts bound the exchange; a signal
        // of our own per attempt (AbortSignal.any + a timer) cost more CPU
        // than the rest of the attempt, on the same loop that serves the API.
        signal,
      })
      await res.body.dump()
      return { statusCode: res.statusCode }
    } catch (error) {
      return { error: describeError(error, options) }
    }
  }
  return { send, close: async () => (client ? (await client).agent.close() : undefined) }
}
