// Issue 11, compaction stall: large data files compacted while the API is in
// use, and killed mid-compaction, against the real process.
import { existsSync } from 'node:fs'
import { readdir, readFile, stat, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { Agent, request } from 'undici'
import { describe, expect, it } from 'vitest'
import type { StoredSettings } from '../../src/schemas/hooks-settings/settings.js'
import { parseDataFile } from '../../src/store/data-file.js'
import { WAL_CHUNK } from '../../src/store/wal-format.js'
import { fullBody, HEADERS, logCommits, onCleanup, stored, tempDir } from '../helpers.js'
import { type MockProcess, startCli } from '../mock-process.js'
import { childProcesses, exited, settlesAt } from './proc.js'

/**
 * Both past the store's INLINE_COMPACTION_MAX (500), so compactions run in
 * their own process. Large enough that compacting on the API's thread would
 * stall it past the bound below; for the kills, small enough to restart fast.
 */
const LOCATIONS = 50_000
const KILL_LOCATIONS = 20_000
/** Sixteen writers, each over 50 locations of its own, in order. */
const WRITERS = 16
/**
 * Stated bound: the p99 of GETs due while a compaction runs stays under
 * 300 ms, or 5x the p99 of the quiet phase before, if this shared machine is
 * that slow. Measured here: 45-165 ms (quiet 15-57 ms); 820-1110 ms when the
 * same build compacts on the API's thread, where serializing 50,000
 * locations stops every request.
 */
const P99_BOUND_MS = 300
const QUIET_RATIO = 5
/** No GET at all may wait longer than this. */
const MAX_WAIT_MS = 2000
/** A compaction of 50,000 locations took 1-7 s here, its process giving way to busier ones. */
const COMPACTION_WITHIN_MS = 60_000
const KILLS = 2
/** Compactions while GETs are timed. */
const CYCLES = 3

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const initialUrl = (id: number) => `https://receiver.example/hooks/${id}`
const writtenUrl = (id: number, version: number) => `https://compaction.example/${id}/v${version}`
const versionOf = (settings: StoredSettings) =>
  Number(/\/v(\d+)$/.exec(settings.url_settings[0]?.url ?? '')?.[1] ?? 0)

/** A data file as the mock writes it, of `count` locations. */
async function largeDataFile(count: number): Promise<string> {
  const file = join(await tempDir(), 'db.json')
  const locations: Record<string, StoredSettings> = {}
  for (let id = 1; id <= count; id++) {
    locations[id] = stored(fullBody([initialUrl(id)], { record: 1 }))
  }
  await writeFile(file, `${JSON.stringify({ locations }, null, 2)}\n`)
  return file
}

const start = (file: string) =>
  startCli(['--port', '0', '--data', file, '--log-level', 'silent'], {
    // Timed as the mock runs by default: without checking each answer against its schema.
    CHECK_RESPONSES: 'false',
  })

/** Watches for the log segment a compaction works on (`db.json.wal.compacting`). */
function watchCompactions(file: string) {
  const spans: { from: number; to: number | undefined }[] = []
  const timer = setInterval(() => {
    const running = existsSync(`${file}.wal.compacting`)
    const last = spans.at(-1)
    if (running && (!last || last.to !== undefined))
      spans.push({ from: performance.now(), to: undefined })
    if (!running && last && last.to === undefined) last.to = performance.now()
  }, 5)
  onCleanup(async () => clearInterval(timer))
  return {
    spans,
    running: () => spans.at(-1)?.to === undefined && spans.length > 0,
    /** Resolves once a compaction after the first `since` has started and ended. */
    async ended(since: number): Promise<void> {
      const until = Date.now() + COMPACTION_WITHIN_MS
      while (!(spans.length > since && spans.at(-1)?.to !== undefined)) {
        if (Date.now() > until)
          throw new Error(`no compaction ended within ${COMPACTION_WITHIN_MS} ms`)
        await sleep(10)
      }
    },
    /** Resolves once a compaction after the first `since` has started. */
    async started(since: number): Promise<void> {
      const until = Date.now() + COMPACTION_WITHIN_MS
      while (spans.length <= since) {
        if (Date.now() > until)
          throw new Error(`no compaction started within ${COMPACTION_WITHIN_MS} ms`)
        await sleep(2)
      }
    },
    stop: () => clearInterval(timer),
  }
}

/**
 * Writers that POST new versions of their own locations, one after another;
 * `acked` keeps each location's last version answered 201, `sent` the last
 * one sent. Runs until `stop()`, or `killing()` before the process is killed.
 */
function writers(url: string, versions: { acked: Map<number, number>; sent: Map<number, number> }) {
  let running = true
  let killed = false
  let next = Math.max(0, ...versions.sent.values())
  const writer = async (w: number) => {
    for (let n = 0; running; n++) {
      const id = w * 1000 + (n % 50) + 1
      const version = ++next
      versions.sent.set(id, version)
      try {
        const res = await fetch(`${url}/api/v1/hooks_settings/${id}`, {
          method: 'POST',
          headers: { ...HEADERS, 'content-type': 'application/json' },
          body: JSON.stringify(fullBody([writtenUrl(id, version)], { record: 1 })),
        })
        if (res.status !== 201) throw new Error(`POST answered ${res.status}: ${await res.text()}`)
        await res.arrayBuffer()
        versions.acked.set(id, version)
      } catch (error) {
        if (killed) return
        throw error
      }
    }
  }
  const all = Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)))
  // Should the test fail before they stop, their failure is not reported a second time.
  all.catch(() => {})
  return {
    stop: async () => {
      running = false
      await all
    },
    /** Call before killing the process: what fails from then on is the kill's doing. */
    killing: () => {
      running = false
      killed = true
      return all
    },
  }
}

/**
 * Every location of the data file against what was acknowledged: one never
 * written as it was; one written at the version acknowledged last, or at a
 * later one that was sent (a write durable before its answer was lost to the kill).
 */
async function differences(
  file: string,
  count: number,
  versions: { acked: Map<number, number>; sent: Map<number, number> },
): Promise<string[]> {
  const { locations } = parseDataFile(file, await readFile(file, 'utf8'))
  const wrong: string[] = []
  for (let id = 1; id <= count; id++) {
    const got = locations.get(String(id))
    const acked = versions.acked.get(id)
    const version = got ? versionOf(got) : 0
    const expected = stored(
      fullBody([version === 0 ? initialUrl(id) : writtenUrl(id, version)], { record: 1 }),
    )
    const allowed =
      version === 0
        ? acked === undefined
        : version >= (acked ?? 0) && version <= (versions.sent.get(id) ?? 0)
    if (!got || !allowed || JSON.stringify(got) !== JSON.stringify(expected)) {
      wrong.push(`${id}: acked v${acked ?? '-'}, stored ${JSON.stringify(got)}`)
    }
  }
  if (locations.size !== count) wrong.push(`${locations.size} locations in the file`)
  return wrong
}

/** GETs at a steady rate (an open loop), each timed from when it was due. */
function pacedGets(url: string, perSecond: number) {
  const agent = new Agent({ connections: 32 })
  const times: { due: number; ms: number }[] = []
  const failures: string[] = []
  let running = true
  const loop = (async () => {
    const inflight: Promise<void>[] = []
    const started = performance.now()
    for (let i = 0; running; i++) {
      const due = started + (i * 1000) / perSecond
      const wait = due - performance.now()
      if (wait > 1) await sleep(wait)
      const id = ((i * 7919) % LOCATIONS) + 1
      inflight.push(
        request(`${url}/api/v1/hooks_settings/${id}`, { headers: HEADERS, dispatcher: agent })
          .then(async (res) => {
            await res.body.dump()
            if (res.statusCode !== 200) failures.push(`GET ${id}: ${res.statusCode}`)
            times.push({ due, ms: performance.now() - due })
          })
          .catch((error: Error) => {
            failures.push(`GET ${id}: ${error.message}`)
          }),
      )
    }
    await Promise.all(inflight)
    await agent.close()
  })()
  return {
    times,
    failures,
    stop: async () => {
      running = false
      await loop
    },
  }
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0
}

describe('a large data file', () => {
  it(`answers GETs while ${LOCATIONS.toLocaleString('en')} locations compact in their own process, and each compaction merges the whole log`, async () => {
    const file = await largeDataFile(LOCATIONS)
    const mock = await start(file)
    const compactions = watchCompactions(file)
    const versions = { acked: new Map<number, number>(), sent: new Map<number, number>() }

    const warmUp = pacedGets(mock.url, 200)
    await sleep(1000)
    await warmUp.stop()
    const quietGets = pacedGets(mock.url, 200)
    await sleep(2000)
    await quietGets.stop()
    const quietP99 = percentile(
      quietGets.times.map((t) => t.ms),
      99,
    )

    const gets = pacedGets(mock.url, 200)
    const walSizes: number[] = []
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      // A burst of writes, then a pause: 0.5 s without one starts a compaction.
      const burst = writers(mock.url, versions)
      await sleep(300)
      await burst.stop()
      await compactions.ended(cycle)
      // Nothing was written while it ran: the log holds no commit, one chunk of zeros.
      walSizes.push((await stat(`${file}.wal`)).size)
      expect(await logCommits(file)).toEqual([])
    }
    await gets.stop()
    compactions.stop()

    const spans = compactions.spans.map(({ from, to }) => ({ from, to: to ?? Infinity }))
    const during = gets.times
      .filter((t) => spans.some((s) => t.due >= s.from && t.due <= s.to))
      .map((t) => t.ms)
    const all = gets.times.map((t) => t.ms)
    const bound = Math.max(P99_BOUND_MS, QUIET_RATIO * quietP99)
    console.log(
      `${compactions.spans.length} compactions of ${spans.map((s) => Math.round(s.to - s.from)).join(', ')} ms; ${versions.acked.size} locations written; GET p99 ${quietP99.toFixed(1)} ms quiet, ${percentile(during, 99).toFixed(1)} ms during compactions (${during.length} GETs, bound ${bound.toFixed(0)} ms), slowest ${Math.max(...all).toFixed(1)} ms`,
    )
    expect(gets.failures).toEqual([])
    expect(compactions.spans).toHaveLength(CYCLES)
    expect(during.length).toBeGreaterThan(100)
    expect(percentile(during, 99)).toBeLessThan(bound)
    expect(Math.max(...all)).toBeLessThan(MAX_WAIT_MS)
    expect(walSizes).toEqual(Array(CYCLES).fill(WAL_CHUNK))

    // The data file alone, the log being empty, holds every acknowledged write.
    expect(versions.acked.size).toBeGreaterThan(WRITERS)
    expect(await differences(file, LOCATIONS, versions)).toEqual([])
    mock.child.kill('SIGTERM')
    expect((await mock.exited).code).toBe(0)
  })

  it(`loses nothing acknowledged to a SIGKILL in the middle of compacting ${KILL_LOCATIONS.toLocaleString('en')} locations`, async () => {
    const file = await largeDataFile(KILL_LOCATIONS)
    const versions = { acked: new Map<number, number>(), sent: new Map<number, number>() }
    let mock: MockProcess = await start(file)
    let killedMidway = 0
    for (let round = 0; round < KILLS; round++) {
      const compactions = watchCompactions(file)
      const first = writers(mock.url, versions)
      await sleep(300)
      await first.stop()
      await compactions.started(0)
      // Writes go on into the new log while the old one is merged; then the kill.
      const second = writers(mock.url, versions)
      await sleep(50 + round * 100)
      if (compactions.running()) killedMidway += 1
      const mergers = childProcesses(mock.child.pid as number, 'compaction-worker')
      const stopped = second.killing()
      mock.child.kill('SIGKILL')
      await mock.exited
      await stopped
      compactions.stop()
      // The restart replays what the kill left, and writes the data file before it listens.
      mock = await start(file)
      expect(await differences(file, KILL_LOCATIONS, versions), `round ${round}`).toEqual([])
      // The killed mock's merge process leaves too, and takes its file with it.
      expect(mergers).toHaveLength(1)
      expect(await settlesAt(() => mergers.filter((pid) => !exited(pid)).length, 0, 10_000)).toBe(0)
      expect(await readdir(dirname(file))).not.toContainEqual(expect.stringContaining('.merge-'))
    }
    console.log(
      `${KILLS} SIGKILLs, ${killedMidway} of them while a compaction ran; ${versions.acked.size} locations written, all ${KILL_LOCATIONS.toLocaleString('en')} compared after each restart`,
    )
    // Compactions of 20,000 locations took 0.5-3 s here: a kill 50-150 ms in is in the middle.
    expect(killedMidway).toBe(KILLS)
    mock.child.kill('SIGTERM')
    expect((await mock.exited).code).toBe(0)
    expect(await differences(file, KILL_LOCATIONS, versions)).toEqual([])
  })
})
