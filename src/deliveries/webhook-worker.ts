// The delivery thread: sends webhook attempts with undici for the main thread
// (see threadedWebhookClient). Its sockets, buffers, timers and garbage live
// in this thread's own heap, so they never pause the loop that serves the API.
// It runs at the normal priority: at niceness 10 it lost the CPU to each
// receiver it had just written to (docs/performance.md#delivery-thread).
import { parentPort, workerData } from 'node:worker_threads'
import { Cancel } from './cancel.js'
import { Lanes } from './lanes.js'
import {
  batched,
  type FromDeliveryThread,
  type ToDeliveryThread,
  undiciWebhookClient,
  type WebhookClientOptions,
} from './webhook-client.js'

const port = parentPort
if (!port) throw new Error('webhook-worker runs only as the mock’s delivery thread')
const client = undiciWebhookClient(workerData as WebhookClientOptions)

interface Job {
  id: number
  url: string
  body: string
  headers: Record<string, string>
  cancel: Cancel
}
const jobs = new Map<number, Job>()
// Each URL's lane runs here, beside the sockets: a completed attempt starts
// the next at once, whatever the API's thread is busy with.
const lanes = new Lanes<Job>(run, (job) => job.cancel.aborted)

// Answers go back in one message per turn of the loop (see threadedWebhookClient).
const answer = batched<FromDeliveryThread>(
  (batch) => port.postMessage(batch),
  (flush) => setTimeout(flush, 1),
)

function run(job: Job): Promise<void> {
  const { id, url, body, headers, cancel } = job
  return client
    .send({ url, body, headers, cancel })
    .catch((error: Error) => ({ error: `the delivery thread failed: ${error.message}` }))
    .then((outcome) => {
      jobs.delete(id)
      answer({ id, outcome })
    })
}

function handle(message: ToDeliveryThread): void {
  if (message.type === 'abort') {
    const job = jobs.get(message.id)
    if (!job) return
    job.cancel.abort()
    // Still waiting in its lane: it never runs, so answer for it now.
    if (!lanes.running(job)) {
      jobs.delete(job.id)
      answer({ id: job.id, outcome: { error: 'aborted' } })
    }
    return
  }
  const job = { ...message, cancel: new Cancel() }
  jobs.set(job.id, job)
  lanes.enqueue(job.url, job)
}

port.on('message', (batch: ToDeliveryThread[]) => {
  for (const message of batch) handle(message)
  // Aborted jobs still waiting in a lane let go of their bodies now.
  if (batch.some((message) => message.type === 'abort')) lanes.prune()
})
