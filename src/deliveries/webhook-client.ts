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

/** Messages to the delivery thread (webhook-worker.ts); they travel in arrays. */
export type ToDeliveryThread =
  | { type: 'send'; id: number; url: string; body: string; headers: Record<string, string> }
  | { type: 'abort'; id: number }

/** What the delivery thread answers, one per send; they travel in arrays. */
export interface FromDeliveryThread {
  id: number
  outcome: WebhookOutcome
}

/**
 * Collects items and hands them to `deliver` as one array when `schedule`
 * runs the flush: both ends of the delivery thread's messages batch this way.
 */
export function batched<T>(
  deliver: (batch: T[]) => void,
  schedule: (flush: () => void) => void,
): (item: T) => void {
  let batch: T[] = []
  const flush = () => {
    const items = batch
    batch = []
    deliver(items)
  }
  return (item) => {
    if (batch.length === 0) schedule(flush)
    batch.push(item)
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
  const post = batched<ToDeliveryThread>((batch) => worker?.postMessage(batch), queueMicrotask)
  const start = (): Worker => {
    const thread = startWorker('webhook-worker', import.meta.url, options)
    thread.on('message', (answers: FromDeliveryThread[]) => {
      for (const { id, outcome } of answers) {
        const done = pending.get(id)
        pending.delete(id)
        done?.(outcome)
      }
    })
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
      post({ type: 'send', id, url, body, headers })
      cancel.on('abort', () => post({ type: 'abort', id }))
    })
  const close = async () => {
    const thread = worker
    worker = undefined
    await thread?.terminate()
  }
  return { send, close }
}
