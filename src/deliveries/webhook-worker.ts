// The delivery thread: sends webhook attempts with undici for the main thread
// (see threadedWebhookClient). Its sockets, buffers, timers and garbage live
// in this thread's own heap, so they never pause the loop that serves the API.
// It runs at the normal priority: at niceness 10 it lost the CPU to each
// receiver it had just written to (docs/performance.md#delivery-thread).
import { parentPort, workerData } from 'node:worker_threads'
import { Cancel } from './cancel.js'
import { Lanes } from './lanes.js'
import {
  batcher,
  type FromDeliveryThread,
  MAX_HEADER_SETS,
  pushAnswer,
  type ToDeliveryThread,
  undiciWebhookClient,
  type WebhookClientOptions,
  type WebhookOutcome,
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
/** The header sets sent whole so far, numbered as the API's thread numbers them. */
const headerSets: Record<string, string>[] = []
// Each URL's lane runs here, beside the sockets: a completed attempt starts
// the next at once, whatever the API's thread is busy with.
const lanes = new Lanes<Job>(run, (job) => job.cancel.aborted)

// Answers go back on a 1 ms timer, many to a message (see threadedWebhookClient).
const answers = batcher<FromDeliveryThread>(
  () => ({ answers: [], errors: [] }),
  (flush) => setTimeout(flush, 1),
  (message) => port.postMessage(message),
)
const answer = (id: number, outcome: WebhookOutcome) => pushAnswer(answers(), id, outcome)

async function run(job: Job): Promise<void> {
  let outcome: WebhookOutcome
  try {
    outcome = await client.send(job)
  } catch (error) {
    outcome = { error: `the delivery thread failed: ${(error as Error).message}` }
  }
  jobs.delete(job.id)
  answer(job.id, outcome)
}

function abort(id: number): void {
  const job = jobs.get(id)
  if (!job) return
  job.cancel.abort()
  // Still waiting in its lane: it never runs, so answer for it now.
  if (!lanes.running(job)) {
    jobs.delete(id)
    answer(id, { error: 'aborted' })
  }
}

port.on('message', ({ ids, urls, bodies, headers, aborts }: ToDeliveryThread) => {
  for (let i = 0; i < ids.length; i++) {
    const set = headers[i] as Record<string, string> | number
    let known: Record<string, string>
    if (typeof set === 'number') known = headerSets[set] as Record<string, string>
    else {
      if (headerSets.length < MAX_HEADER_SETS) headerSets.push(set)
      known = set
    }
    const job: Job = {
      id: ids[i] as number,
      url: urls[i] as string,
      body: bodies[i] as string,
      headers: known,
      cancel: new Cancel(),
    }
    jobs.set(job.id, job)
    lanes.enqueue(job.url, job)
  }
  for (const id of aborts) abort(id)
  // Aborted jobs still waiting in a lane let go of their bodies now.
  if (aborts.length > 0) lanes.prune()
})
