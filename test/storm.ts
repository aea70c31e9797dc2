import { readFile } from 'node:fs/promises'
import type { State } from '../src/store/collections.js'
import { parseDataFile } from '../src/store/data-file.js'
import { Store } from '../src/store/store.js'
import { fullBody, HEADERS } from './helpers.js'
import { startCli } from './mock-process.js'

const WORKERS = 16
const LOCATIONS_PER_WORKER = 10

/** Where a write's version is kept, so the stored state can be compared with what was acknowledged. */
const urlOf = (worker: number, version: number) => `https://storm.example/w${worker}/v${version}`
const versionOf = (url: string) => Number(/\/v(\d+)$/.exec(url)?.[1])

export interface StormResult {
  /** Location -> highest version answered 201. */
  acked: Map<number, number>
  /** What the data file holds right after the kill, parsed and shape-checked. */
  fileAfterKill: string
  /** Location -> version, as the store recovers it (data file + write-ahead log replay). */
  recovered: Map<number, number>
  /** The data file after recovery, parsed. */
  fileAfterRecovery: Map<number, number>
}

function versions(state: State): Map<number, number> {
  return new Map(
    [...state.locations].map(([id, settings]) => [
      Number(id),
      versionOf(settings.url_settings[0]?.url ?? ''),
    ]),
  )
}

/**
 * Starts the real CLI on `file`, has WORKERS clients POST as fast as they can
 * (each to its own locations, in order), kills the process with SIGKILL after
 * `killAfterMs`, then reopens the file as a restart would.
 */
export async function killDuringStorm(
  file: string,
  killAfterMs: number,
  /** Added to every version, so storms over the same file never reuse one. */
  versionBase = 0,
  /** Also wait, up to 10 s, until this many locations have an acknowledged write. */
  minAcked = 0,
): Promise<StormResult> {
  const mock = await startCli(['--port', '0', '--data', file, '--log-level', 'silent'])
  const acked = new Map<number, number>()
  let killed = false
  const worker = async (w: number) => {
    for (let version = versionBase + 1; !killed; version++) {
      const location = w * 100 + (version % LOCATIONS_PER_WORKER) + 1
      try {
        const res = await fetch(`${mock.url}/api/v1/hooks_settings/${location}`, {
          method: 'POST',
          headers: { ...HEADERS, 'content-type': 'application/json' },
          body: JSON.stringify(fullBody([urlOf(w, version)], { record: 1 })),
        })
        if (res.status !== 201) throw new Error(`POST answered ${res.status}: ${await res.text()}`)
        await res.arrayBuffer()
        acked.set(location, version)
      } catch (error) {
        if (killed) return
        throw error
      }
    }
  }
  const workers = Array.from({ length: WORKERS }, (_, w) => worker(w))
  await new Promise((resolve) => setTimeout(resolve, killAfterMs))
  // On a busy machine the storm may need longer to do the work the caller asked for.
  for (let waited = 0; acked.size < minAcked && waited < 10_000; waited += 20) {
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  killed = true
  mock.child.kill('SIGKILL')
  await mock.exited
  await Promise.all(workers)

  const fileAfterKill = await readFile(file, 'utf8')
  parseDataFile(file, fileAfterKill)
  const store = await Store.open(file)
  const recovered = new Map<number, number>()
  for (const location of acked.keys()) {
    const settings = store.get('locations', String(location))
    if (settings) recovered.set(location, versionOf(settings.url_settings[0]?.url ?? ''))
  }
  await store.close()
  const fileAfterRecovery = versions(parseDataFile(file, await readFile(file, 'utf8')))
  return { acked, fileAfterKill, recovered, fileAfterRecovery }
}

/** Locations whose acknowledged write is missing (stored version older than acknowledged). */
export function lostWrites(acked: Map<number, number>, stored: Map<number, number>): string[] {
  return [...acked]
    .filter(([location, version]) => (stored.get(location) ?? 0) < version)
    .map(
      ([location, version]) =>
        `${location}: acked v${version}, stored v${stored.get(location) ?? 'none'}`,
    )
}
