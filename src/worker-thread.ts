import { type ChildProcess, fork } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { setPriority } from 'node:os'
import { fileURLToPath, pathToFileURL } from 'node:url'
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
 * Starts one of the mock's worker processes, as startWorker does a thread,
 * with an IPC channel and Node `flags`, and none inherited (an --inspect
 * port, a test runner's loader). Unreferenced: it alone keeps no process alive.
 */
export function startProcess(name: string, base: string, flags: string[] = []): ChildProcess {
  const fromSource = base.endsWith('.ts')
  const script = fileURLToPath(new URL(`./${name}.${fromSource ? 'ts' : 'js'}`, base))
  const tsx = () => pathToFileURL(createRequire(base).resolve('tsx/esm')).href
  const child = fork(script, [], {
    execArgv: [...flags, ...(fromSource ? ['--import', tsx()] : [])],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  })
  child.unref()
  child.channel?.unref()
  return child
}

/**
 * Called first thing in a worker process: every thread it has (V8's garbage
 * collector helpers too, which a thread's own niceness does not reach) runs at
 * the lowest priority, and threads started later inherit it. Linux; elsewhere
 * only the calling thread (macOS: the process) is lowered.
 */
export function lowerProcessPriority(): void {
  try {
    for (const task of readdirSync('/proc/self/task')) setPriority(Number(task), 19)
  } catch {
    try {
      setPriority(19)
    } catch {}
  }
}
