// The delivery thread: sends webhook attempts with undici for the main thread
// (see threadedWebhookClient). Its sockets, buffers, timers and garbage live
// in this thread's own heap, so they never pause the loop that serves the API.
import { parentPort, workerData } from 'node:worker_threads'
import { lowerThreadPriority } from '../worker-thread.js'
import {
  batched,
  type FromDeliveryThread,
  type ToDeliveryThread,
  undiciWebhookClient,
  type WebhookClientOptions,
} from './webhook-client.js'

const port = parentPort
if (!port) throw new Error('webhook-worker runs only as the mock’s delivery thread')
lowerThreadPriority()
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
