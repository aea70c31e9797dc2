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
