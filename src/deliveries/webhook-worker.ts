// The delivery thread: sends webhook attempts with undici for the main thread
// (see threadedWebhookClient). Its sockets, buffers, timers and garbage live
// in this thread's own heap, so they never pause the loop that serves the API.
import { readlinkSync } from 'node:fs'
import { setPriority } from 'node:os'
import { parentPort, workerData } from 'node:worker_threads'
import {
  batched,
  type FromDeliveryThread,
  type ToDeliveryThread,
  undiciWebhookClient,
  type WebhookClientOptions,
} from './webhook-client.js'

const port = parentPort
if (!port) throw new Error('webhook-worker runs only as the mock’s delivery thread')
lowerPriority()
const client = undiciWebhookClient(workerData as WebhookClientOptions)
const inflight = new Map<number, AbortController>()

// Answers go back in one message per turn of the loop (see threadedWebhookClient).
const answer = batched<FromDeliveryThread>(
  (batch) => port.postMessage(batch),
  (flush) => setImmediate(flush),
)

function handle(message: ToDeliveryThread): void {
  if (message.type === 'abort') {
    inflight.get(message.id)?.abort()
    return
  }
  const { id, url, body, headers } = message
  const controller = new AbortController()
  inflight.set(id, controller)
  client
    .send({ url, body, headers, signal: controller.signal })
    .catch((error: Error) => ({ error: `the delivery thread failed: ${error.message}` }))
    .then((outcome) => {
      inflight.delete(id)
      answer({ id, outcome })
    })
}

port.on('message', (batch: ToDeliveryThread[]) => {
  for (const message of batch) handle(message)
})

/**
 * Sending webhooks is background work: on a busy machine this thread gives
 * way to the one that answers the API. Linux only (a thread's own id, from
 * /proc/thread-self); raising one's niceness needs no privilege. Elsewhere,
 * or if it is refused, the thread runs at the normal priority.
 */
function lowerPriority(): void {
  try {
    const threadId = Number(readlinkSync('/proc/thread-self').split('/').pop())
    if (Number.isInteger(threadId) && threadId > 0) setPriority(threadId, 10)
  } catch {}
}
