import type { Worker } from 'node:worker_threads'
import type { Agent } from 'undici'
import { startWorker } from '../worker-thread.js'
import type { Cancel } from './cancel.js'

export interface WebhookRequest {
  url: string
  body: string
  headers: Record<string, string>
  /** Aborts the attempt (reset, shutdown). */
  signal: AbortSignal
}

/**
 * What an attempt came to: an HTTP status, or a transport error in words;
 * with when it started and how long it took, where the client measured it
 * (a queue before the attempt is not part of it).
 */
export type WebhookOutcome = ({ statusCode: number } | { error: string }) & {
  startedAt?: number
  durationMs?: number
}

/** Sends one delivery attempt. Injected, so tests and benchmarks can swap it. */
export type WebhookClient = (request: WebhookRequest) => Promise<WebhookOutcome>

/** An attempt as the mock's own clients take it: stopped by a Cancel, not an AbortSignal. */
export interface SendRequest {
  url: string
  body: string
  headers: Record<string, string>
  cancel: Cancel
}

/** The mock's own way to send an attempt (a WebhookClient given in code is adapted to it). */
export type Sender = (request: SendRequest) => Promise<WebhookOutcome>

/** A WebhookClient given in code, as a Sender: its signal aborts when the attempt's Cancel does. */
export function senderOf(client: WebhookClient): Sender {
  return ({ cancel, ...request }) => {
    const controller = new AbortController()
    if (cancel.aborted) controller.abort()
    else cancel.on('abort', () => controller.abort())
    return client({ ...request, signal: controller.signal })
  }
}

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
 * starts without it (docs/performance.md#start-up).
 */
export function undiciWebhookClient(options: WebhookClientOptions): {
  send: Sender
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
  const send: Sender = async ({ url, body, headers, cancel }) => {
    const { agent, request } = await load()
    const startedAt = Date.now()
    const started = performance.now()
    const timing = () => ({ startedAt, durationMs: performance.now() - started })
    try {
      const res = await request(url, {
        method: 'POST',
        body,
        headers,
        dispatcher: agent,
        // The agent's headers and body timeouts bound the exchange: a signal and
        // timer of our own per attempt cost more CPU than the attempt itself
        // (docs/performance.md#delivery-thread).
        signal: cancel,
      })
      await res.body.dump()
      return { statusCode: res.statusCode, ...timing() }
    } catch (error) {
      return { error: describeError(error, options), ...timing() }
    }
  }
  return { send, close: async () => (client ? (await client).agent.close() : undefined) }
}

/**
 * One message to the delivery thread (webhook-worker.ts) per turn of the
 * loop, in columns: a structured clone of a few arrays costs less than one
 * of an object per attempt (docs/performance.md#delivery-thread).
 */
export interface ToDeliveryThread {
  /** Attempts to send: ids[i] to urls[i] with bodies[i] and headers[i]. */
  ids: number[]
  urls: string[]
  bodies: string[]
  /**
   * A header set, the first time it is seen by the first MAX_HEADER_SETS;
   * after, that set's number: both ends number them in the order seen.
   */
  headers: (Record<string, string> | number)[]
  /** Attempts to stop, after the sends above. */
  aborts: number[]
}

/** Header sets both ends number (the webhooks', the callbacks'); any beyond go whole each time. */
export const MAX_HEADER_SETS = 16

/**
 * The delivery thread's answers, one message per flush, in columns: for each
 * attempt its id, status code (-1: a transport error, the next of `errors`),
 * and the start and duration the client measured (NaN where it has none).
 */
export interface FromDeliveryThread {
  answers: number[]
  errors: string[]
}

/**
 * The message being filled: the first item of a turn starts one and schedules
 * its send. Both ends of the delivery thread batch their messages this way.
 */
export function batcher<T>(
  create: () => T,
  schedule: (flush: () => void) => void,
  deliver: (message: T) => void,
): () => T {
  let open: T | undefined
  const flush = () => {
    const message = open as T
    open = undefined
    deliver(message)
  }
  return () => {
    if (open === undefined) {
      open = create()
      schedule(flush)
    }
    return open
  }
}

/** Appends an attempt's outcome to an answer message. */
export function pushAnswer(to: FromDeliveryThread, id: number, outcome: WebhookOutcome): void {
  let status = -1
  if ('statusCode' in outcome) status = outcome.statusCode
  else to.errors.push(outcome.error)
  to.answers.push(id, status, outcome.startedAt ?? Number.NaN, outcome.durationMs ?? Number.NaN)
}

/** Reads an answer message back into outcomes, in order. */
export function eachAnswer(
  from: FromDeliveryThread,
  each: (id: number, outcome: WebhookOutcome) => void,
): void {
  const { answers, errors } = from
  let error = 0
  for (let i = 0; i < answers.length; i += 4) {
    const status = answers[i + 1] as number
    const startedAt = answers[i + 2] as number
    const outcome: WebhookOutcome =
      status >= 0 ? { statusCode: status } : { error: errors[error++] ?? 'no answer' }
    if (!Number.isNaN(startedAt)) {
      outcome.startedAt = startedAt
      outcome.durationMs = answers[i + 3] as number
    }
    each(answers[i] as number, outcome)
  }
}

/**
 * The default client: undici, as in undiciWebhookClient, run in a worker
 * thread started on the first delivery, so that its sockets, timers and
 * garbage never pause the loop that answers the API. Messages each way are
 * batched per turn of the event loop: each postMessage has a cost of its own,
 * and one trigger starts a delivery per URL and event at once
 * (docs/performance.md#delivery-thread).
 */
export function threadedWebhookClient(options: WebhookClientOptions): {
  send: Sender
  close: () => Promise<void>
} {
  let worker: Worker | undefined
  let nextId = 1
  const pending = new Map<number, (outcome: WebhookOutcome) => void>()
  /** The header sets the running thread was sent, by identity, numbered as it numbers them. */
  let headerSets = new Map<Record<string, string>, number>()
  const open = batcher<ToDeliveryThread>(
    () => ({ ids: [], urls: [], bodies: [], headers: [], aborts: [] }),
    queueMicrotask,
    (message) => worker?.postMessage(message),
  )
  const start = (): Worker => {
    const thread = startWorker('webhook-worker', import.meta.url, options)
    headerSets = new Map()
    thread.on('message', (answers: FromDeliveryThread) =>
      eachAnswer(answers, (id, outcome) => {
        const done = pending.get(id)
        pending.delete(id)
        done?.(outcome)
      }),
    )
    const stopped = (reason: string) => {
      if (worker === thread) worker = undefined
      for (const done of pending.values()) done({ error: reason })
      pending.clear()
    }
    thread.on('error', (error) => stopped(`the delivery thread failed: ${error.message}`))
    thread.on('exit', (code) => stopped(`the delivery thread stopped (exit code ${code})`))
    return thread
  }
  const send: Sender = ({ url, body, headers, cancel }) =>
    new Promise((resolve) => {
      if (cancel.aborted) {
        resolve({ error: 'aborted' })
        return
      }
      worker ??= start()
      const id = nextId++
      pending.set(id, resolve)
      const to = open()
      to.ids.push(id)
      to.urls.push(url)
      to.bodies.push(body)
      const known = headerSets.get(headers)
      if (known !== undefined) to.headers.push(known)
      else {
        if (headerSets.size < MAX_HEADER_SETS) headerSets.set(headers, headerSets.size)
        to.headers.push(headers)
      }
      cancel.on('abort', () => open().aborts.push(id))
    })
  const close = async () => {
    const thread = worker
    worker = undefined
    await thread?.terminate()
  }
  return { send, close }
}
