import { readlinkSync } from 'node:fs'
import { setPriority } from 'node:os'
import { Worker } from 'node:worker_threads'

/**
 * Starts one of the mock's worker threads: `name`.js beside the running
 * module (or the CLI bundle), or its TypeScript source when the mock runs
 * from src (tests, with tsx). Unreferenced: it alone keeps no process alive.
 */
export function startWorker(name: string, base: string, workerData: unknown): Worker {
  const fromSource = base.endsWith('.ts')
  const script = new URL(`./${name}.${fromSource ? 'ts' : 'js'}`, base)
  const worker = fromSource
    ? new Worker(
        `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(script.href)}) })`,
        { eval: true, workerData },
      )
    : new Worker(script, { workerData })
  worker.unref()
  return worker
}

/**
 * Called first thing in a worker: its work (sending webhooks, merging the
 * log) is background work, and on a busy machine this thread gives way to the
 * one that answers the API. Linux only (a thread's own id, from
 * /proc/thread-self); raising one's niceness needs no privilege. Elsewhere,
 * or if it is refused, the thread runs at the normal priority.
 */
export function lowerThreadPriority(): void {
  try {
    const threadId = Number(readlinkSync('/proc/thread-self').split('/').pop())
    if (Number.isInteger(threadId) && threadId > 0) setPriority(threadId, 10)
  } catch {}
}
